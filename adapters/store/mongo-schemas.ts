/**
 * Mongoose schemas derived from the domain's zod schemas, so that MongoDB documents mirror
 * exactly what the API validates and the types say. zod is the single source of truth: the
 * schema goes through zod's own JSON Schema export and becomes a mongoose Schema here, and
 * nothing about an entity is written down twice.
 *
 * The Mongo adapter validates every whole-document write (insert, upsert) and the fields of
 * every partial update against the derived model before it reaches the server, and answers
 * `invalid` naming the path when a document would not match.
 */
import mongoose from 'mongoose';
import { z } from 'zod';
import { AppError } from '../../core/errors.js';

type JsonSchema = {
  type?: string | string[];
  anyOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
};

const NULL: JsonSchema = { type: 'null' };

/** Split `X | null` into X and whether null is allowed. */
function nonNull(schema: JsonSchema): { schema: JsonSchema; nullable: boolean } {
  if (schema.anyOf) {
    const rest = schema.anyOf.filter((s) => s.type !== NULL.type);
    if (rest.length === 1) return { schema: rest[0]!, nullable: rest.length !== schema.anyOf.length };
  }
  if (Array.isArray(schema.type) && schema.type.includes('null')) {
    const type = schema.type.filter((t) => t !== 'null');
    return { schema: { ...schema, type: type.length === 1 ? type[0]! : type }, nullable: true };
  }
  return { schema, nullable: false };
}

/** One JSON Schema node → a mongoose path definition. */
function pathDefinition(node: JsonSchema, required: boolean): mongoose.SchemaDefinitionProperty {
  const { schema, nullable } = nonNull(node);
  const presence = required && !nullable ? { required: true } : { default: nullable ? null : undefined };
  switch (schema.type) {
    case 'string':
      return {
        type: String,
        ...presence,
        ...(schema.enum ? { enum: schema.enum as string[] } : {}),
        ...(schema.maxLength !== undefined ? { maxlength: schema.maxLength } : {}),
        ...(schema.minLength !== undefined ? { minlength: schema.minLength } : {}),
        ...(schema.pattern ? { match: new RegExp(schema.pattern, 'u') } : {}),
      };
    case 'number':
    case 'integer':
      return {
        type: Number,
        ...presence,
        ...(schema.minimum !== undefined ? { min: schema.minimum } : {}),
        ...(schema.maximum !== undefined ? { max: schema.maximum } : {}),
      };
    case 'boolean':
      return { type: Boolean, ...presence };
    case 'array':
      return { type: [schema.items ? pathDefinition(schema.items, true) : mongoose.Schema.Types.Mixed], default: undefined };
    case 'object':
      return schema.properties ? { type: objectSchema(schema), ...presence } : { type: mongoose.Schema.Types.Mixed, ...presence };
    default:
      // Unions other than `| null`, literals, unknown: accepted as they are (zod guards the API).
      return { type: mongoose.Schema.Types.Mixed, ...presence };
  }
}

function objectSchema(schema: JsonSchema): mongoose.Schema {
  const required = new Set(schema.required ?? []);
  const definition: mongoose.SchemaDefinition = {};
  for (const [name, child] of Object.entries(schema.properties ?? {})) definition[name] = pathDefinition(child, required.has(name));
  // strict 'throw': a field the zod schema does not know is an error, not silently dropped.
  return new mongoose.Schema(definition, { _id: false, strict: 'throw', versionKey: false });
}

/**
 * The mongoose schema mirroring a zod object schema (its output shape, after defaults), plus
 * the store's bookkeeping fields, which every collection has.
 */
export function mongooseSchemaFromZod(schema: z.ZodType): mongoose.Schema {
  const json = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }) as JsonSchema;
  const root = objectSchema(json);
  root.add({
    _id: { type: String, required: true },
    version: { type: Number, required: true, min: 1 },
    createdAt: { type: String, required: true },
    updatedAt: { type: String, required: true },
    deletedAt: { type: String, default: null },
  });
  return root;
}

/** A validator for one collection: throws AppError('invalid') naming the first bad path. */
export type DocumentValidator = (doc: Record<string, unknown>, paths?: string[]) => void;

/** Build validators for collections that have a zod schema; other collections stay schemaless. */
export function documentValidators(connection: mongoose.Connection, schemas: Record<string, z.ZodType>): Map<string, DocumentValidator> {
  const validators = new Map<string, DocumentValidator>();
  for (const [name, schema] of Object.entries(schemas)) {
    const model = connection.models[name] ?? connection.model(name, mongooseSchemaFromZod(schema), name);
    validators.set(name, (doc, paths) => {
      let error: mongoose.Error.ValidationError | null;
      try {
        error = new model(doc).validateSync(paths) ?? null;
      } catch (e) {
        // strict: 'throw' reports an unknown field by throwing, not through validateSync.
        throw new AppError('invalid', `document does not match the ${name} schema: ${(e as Error).message}`);
      }
      if (error) {
        const issues = Object.entries(error.errors).map(([path, e]) => ({ path: path.replace(/\./g, '/'), message: e.message }));
        const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
        throw new AppError('invalid', `document does not match the ${name} schema (${summary})`, { issues });
      }
    });
  }
  return validators;
}
