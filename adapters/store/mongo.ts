/**
 * The production store adapter: MongoDB through mongoose's connection.
 *
 * It uses the native collections behind the mongoose connection (`connection.db`) rather
 * than mongoose models: the port already fixes the document shape and its own `version`
 * field, and a model would add casting, `__v` versioning and ObjectId `_id`s that fight the
 * port's string ids and schemaless documents. mongoose still owns the connection (pooling,
 * reconnects, one place to configure it), and no schema exists anywhere but here.
 *
 * Mapping of the port:
 * - `id` is `_id`; filters and sorts on `id` go to `_id`.
 * - `ifVersion` / `ifMatch` are part of the `findOneAndUpdate` filter, so the check and the
 *   write are one atomic operation.
 * - Unique indexes are partial (`$exists` on every field), so documents lacking a field do
 *   not clash, exactly as in the embedded adapter.
 * - Duplicate keys (E11000) become `conflict` naming the fields; network and server
 *   selection failures become `unavailable`.
 * - `updatedAt` strictly increases within this process (one clock for all instances). Across
 *   several processes writing the same collection, clocks are only as close as NTP keeps them.
 */
import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import type { z } from 'zod';
import { documentValidators, type DocumentValidator } from './mongo-schemas.js';
import { AppError, conflict, notFound, unavailable } from '../../core/errors.js';
import type {
  Collection,
  DocumentStore,
  Filter,
  FindOptions,
  IndexSpec,
  Stored,
  UpdateOptions,
} from '../../core/ports/store.js';
import { checkCollectionName, jsonCopy, MonotonicClock, parseCondition, withoutMeta } from './common.js';

const { mongo } = mongoose;

interface RawDoc {
  _id: string;
  // `any`, not `unknown`: the driver's typed updates ($inc, $set) only accept fields of
  // a schemaless document when the index signature admits every type.
  [field: string]: any;
}
type RawCollection = mongoose.mongo.Collection<RawDoc>;
type RawFilter = mongoose.mongo.Filter<RawDoc>;
type Query = Record<string, unknown>;

/** One clock per process, shared by every store opened in it (tests reopen stores). */
const clock = new MonotonicClock();

const LIVE: Query = { deletedAt: null };
const mongoField = (path: string): string => (path === 'id' ? '_id' : path);
const portField = (field: string): string => (field === '_id' ? 'id' : field);

const OPERATOR: Record<string, string> = { in: '$in', ne: '$ne', gt: '$gt', gte: '$gte', lt: '$lt', lte: '$lte', exists: '$exists' };

/** Translate a port filter (validated: no `$` paths, known operators only) into a MongoDB query. */
export function toMongoFilter(filter: Filter = {}): Query {
  const query: Query = {};
  for (const [path, cond] of Object.entries(filter)) {
    const { op, value } = parseCondition(path, cond);
    query[mongoField(path)] = op === 'eq' ? value : { [OPERATOR[op]!]: value };
  }
  return query;
}

/** `$and` of the non-empty parts; `$and: []` is an error in MongoDB. */
function allOf(...parts: Array<Query | null>): RawFilter {
  const nonEmpty = parts.filter((p): p is Query => p !== null && Object.keys(p).length > 0);
  if (nonEmpty.length === 0) return {};
  return (nonEmpty.length === 1 ? nonEmpty[0] : { $and: nonEmpty }) as RawFilter;
}

/**
 * Documents strictly after the cursor in (sort value, _id ascending) order. Missing and
 * null values sort first ascending and last descending, as MongoDB sorts them, and need
 * their own branches because `$gt`/`$lt` never match null. Sort fields are assumed to hold
 * one type (plus null), since comparisons do not cross types.
 */
function keysetFilter(field: string | undefined, direction: 'asc' | 'desc', after: FindOptions['after']): Query | null {
  if (!after) return null;
  if (field === undefined) return { _id: { $gt: after.id } };
  if (field === '_id') return { _id: { [direction === 'asc' ? '$gt' : '$lt']: after.id } };
  const tie: Query = { [field]: after.value, _id: { $gt: after.id } };
  if (direction === 'asc') {
    return { $or: [after.value === null ? { [field]: { $ne: null } } : { [field]: { $gt: after.value } }, tie] };
  }
  if (after.value === null) return tie;
  return { $or: [{ [field]: { $lt: after.value } }, { [field]: null }, tie] };
}

function fromRaw<T extends object>(raw: RawDoc): Stored<T> {
  const { _id, ...rest } = raw;
  return { id: _id, ...rest } as unknown as Stored<T>;
}

const NETWORK_ERRORS = [
  mongo.MongoNetworkError,
  mongo.MongoServerSelectionError,
  mongo.MongoNotConnectedError,
  mongo.MongoTopologyClosedError,
];

/** The fields of the index a duplicate-key error names, in port terms. */
function duplicateFields(err: mongoose.mongo.MongoServerError): string[] {
  const pattern = (err as { keyPattern?: Record<string, unknown> }).keyPattern;
  return pattern ? Object.keys(pattern).map(portField) : [];
}

const isDuplicateKey = (err: unknown): err is mongoose.mongo.MongoServerError =>
  err instanceof mongo.MongoServerError && (err.code === 11000 || err.code === 11001);

/** Turn driver errors into `AppError`s (as Payload's `handleError` does for E11000). */
function translate(err: unknown): unknown {
  if (err instanceof AppError) return err;
  if (isDuplicateKey(err)) {
    const fields = duplicateFields(err);
    return new AppError('conflict', fields.length ? `duplicate value for ${fields.join(', ')}` : 'duplicate key', {
      cause: err,
      extra: { fields },
    });
  }
  // 85/86: an index on these fields already exists with other options (e.g. not unique).
  if (err instanceof mongo.MongoServerError && (err.code === 85 || err.code === 86)) {
    return new AppError('conflict', 'an index on these fields already exists with other options', { cause: err });
  }
  if (NETWORK_ERRORS.some((E) => err instanceof E)) return unavailable('MongoDB', err);
  return err;
}

class MongoStore implements DocumentStore {
  closed = false;
  private readonly collections = new Map<string, MongoCollection<object>>();

  private readonly validators: Map<string, DocumentValidator>;

  constructor(
    private readonly conn: mongoose.Connection,
    private readonly db: mongoose.mongo.Db,
    schemas: Record<string, z.ZodType> = {},
  ) {
    this.validators = documentValidators(conn, schemas);
  }

  /** Run one driver call with the store's error translation; refuses after `close()`. */
  async run<R>(fn: () => Promise<R>): Promise<R> {
    if (this.closed) throw new AppError('unavailable', 'MongoDB store is closed');
    try {
      return await fn();
    } catch (err) {
      throw translate(err);
    }
  }

  collection<T extends object>(name: string): Collection<T> {
    if (this.closed) throw new AppError('unavailable', 'MongoDB store is closed');
    let coll = this.collections.get(name);
    if (!coll) {
      checkCollectionName(name);
      coll = new MongoCollection(this, this.db.collection<RawDoc>(name), this.validators.get(name));
      this.collections.set(name, coll);
    }
    return coll as unknown as Collection<T>;
  }

  async ping(): Promise<void> {
    await this.run(() => this.db.command({ ping: 1 }));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.conn.close();
  }
}

class MongoCollection<T extends object> implements Collection<T> {
  private watermarkIndex: Promise<string> | null = null;

  constructor(
    private readonly store: MongoStore,
    private readonly coll: RawCollection,
    /** The mongoose model derived from the domain's zod schema, when the collection has one. */
    private readonly validate: DocumentValidator = () => undefined,
  ) {}

  async insert(doc: T & { id?: string }): Promise<Stored<T>> {
    const now = clock.next();
    const raw: RawDoc = { ...jsonCopy(withoutMeta(doc)), _id: doc.id ?? randomUUID(), version: 1, createdAt: now, updatedAt: now, deletedAt: null };
    this.validate(raw);
    await this.store.run(() => this.coll.insertOne({ ...raw }));
    return fromRaw<T>(raw);
  }

  async get(id: string, options: { includeDeleted?: boolean } = {}): Promise<Stored<T> | null> {
    const raw = await this.store.run(() => this.coll.findOne(allOf({ _id: id }, options.includeDeleted ? null : LIVE)));
    return raw ? fromRaw<T>(raw) : null;
  }

  async find(filter: Filter = {}, options: FindOptions = {}): Promise<Stored<T>[]> {
    const { sort, after, limit, includeDeleted } = options;
    if (limit !== undefined && limit <= 0) return [];
    const field = sort && mongoField(sort.field);
    const direction = sort?.direction ?? 'asc';
    const query = allOf(toMongoFilter(filter), includeDeleted ? null : LIVE, keysetFilter(field, direction, after));
    const dir = direction === 'asc' ? 1 : -1;
    // Ties always by _id ascending, so keyset pages never overlap (the port's rule).
    const order: Record<string, 1 | -1> = field === undefined ? { _id: 1 } : field === '_id' ? { _id: dir } : { [field]: dir, _id: 1 };
    const raws = await this.store.run(() => {
      const cursor = this.coll.find(query).sort(order);
      return (limit === undefined ? cursor : cursor.limit(limit)).toArray();
    });
    return raws.map((r) => fromRaw<T>(r));
  }

  async count(filter: Filter = {}): Promise<number> {
    return this.store.run(() => this.coll.countDocuments(allOf(toMongoFilter(filter), LIVE)));
  }

  async update(id: string, patch: Partial<T>, options: UpdateOptions = {}): Promise<Stored<T>> {
    const set: Query = {};
    const unset: Record<string, ''> = {};
    for (const [k, v] of Object.entries(withoutMeta(patch))) {
      // An undefined value removes the field, as JSON serialisation does in the embedded store.
      if (v === undefined) unset[k] = '';
      else set[k] = jsonCopy(v);
    }
    this.validate(set, Object.keys(set));
    set.updatedAt = clock.next();
    const query = allOf(
      { _id: id },
      LIVE,
      options.ifVersion === undefined ? null : { version: options.ifVersion },
      options.ifMatch ? toMongoFilter(options.ifMatch) : null,
    );
    const change = { $set: set, $inc: { version: 1 }, ...(Object.keys(unset).length ? { $unset: unset } : {}) };
    const raw = await this.store.run(() => this.coll.findOneAndUpdate(query, change, { returnDocument: 'after' }));
    if (raw) return fromRaw<T>(raw);
    // Nothing matched: tell a missing document from a failed precondition.
    const exists = await this.store.run(() => this.coll.countDocuments(allOf({ _id: id }, LIVE), { limit: 1 }));
    if (exists) throw conflict(`document ${id} changed or does not match the update's precondition`);
    throw notFound(`document ${id}`);
  }

  async upsert(id: string, doc: T): Promise<Stored<T>> {
    const now = clock.next();
    this.validate({ ...jsonCopy(withoutMeta(doc)), _id: id, version: 1, createdAt: now, updatedAt: now, deletedAt: null });
    // One atomic pipeline update: replace the body, keep createdAt, bump version. `$literal`
    // keeps caller values such as "$name" from being read as expressions.
    const pipeline = [
      {
        $replaceWith: {
          $mergeObjects: [
            { $literal: jsonCopy(withoutMeta(doc)) },
            {
              _id: { $literal: id },
              version: { $add: [{ $ifNull: ['$version', 0] }, 1] },
              createdAt: { $ifNull: ['$createdAt', now] },
              updatedAt: now,
              deletedAt: null,
            },
          ],
        },
      },
    ];
    const attempt = (): Promise<RawDoc | null> =>
      this.coll.findOneAndUpdate({ _id: id }, pipeline, { upsert: true, returnDocument: 'after' });
    const raw = await this.store.run(async () => {
      try {
        return await attempt();
      } catch (err) {
        // Two upserts of a new id can race to insert; the loser retries as an update.
        if (isDuplicateKey(err) && duplicateFields(err).join() === 'id') return attempt();
        throw err;
      }
    });
    if (!raw) throw new AppError('internal', `upsert of ${id} returned no document`);
    return fromRaw<T>(raw);
  }

  async softDelete(id: string): Promise<void> {
    const now = clock.next();
    await this.store.run(() =>
      this.coll.updateOne(allOf({ _id: id }, LIVE), { $set: { deletedAt: now, updatedAt: now }, $inc: { version: 1 } }),
    );
  }

  async purge(id: string): Promise<void> {
    await this.store.run(() => this.coll.deleteOne({ _id: id }));
  }

  async purgeWhere(filter: Filter): Promise<number> {
    const res = await this.store.run(() => this.coll.deleteMany(allOf(toMongoFilter(filter))));
    return res.deletedCount;
  }

  async changedSince(since: { updatedAt: string; id: string } | null, limit: number): Promise<Stored<T>[]> {
    if (limit <= 0) return [];
    // The index this query needs; created on first use so callers need not declare it.
    this.watermarkIndex ??= this.coll.createIndex({ updatedAt: 1, _id: 1 }, { name: 'changed_since' });
    await this.store.run(() => this.watermarkIndex!).catch((err: unknown) => {
      this.watermarkIndex = null;
      throw err;
    });
    const query = since === null ? {} : { $or: [{ updatedAt: { $gt: since.updatedAt } }, { updatedAt: since.updatedAt, _id: { $gt: since.id } }] };
    const raws = await this.store.run(() =>
      this.coll
        .find(query as RawFilter)
        .sort({ updatedAt: 1, _id: 1 })
        .limit(limit)
        .toArray(),
    );
    return raws.map((r) => fromRaw<T>(r));
  }

  async ensureIndex(spec: IndexSpec): Promise<void> {
    if (spec.fields.length === 0) throw new AppError('invalid', 'an index needs at least one field');
    const fields = spec.fields.map(mongoField);
    const keys = Object.fromEntries(fields.map((f) => [f, 1 as const]));
    const options = spec.unique
      ? { unique: true, partialFilterExpression: Object.fromEntries(fields.map((f) => [f, { $exists: true }])) }
      : {};
    await this.store.run(() => this.coll.createIndex(keys, options));
  }
}

/**
 * Connect to MongoDB at `options.url` (database `options.dbName`, else the one in the URL)
 * and return a store over it. Throws `unavailable` when no server answers within 5 s.
 */
export async function openMongoStore(options: {
  url: string;
  dbName?: string;
  /** Collection name → zod schema of its documents; their mongoose schemas are derived from these. */
  schemas?: Record<string, z.ZodType>;
}): Promise<DocumentStore> {
  const conn = mongoose.createConnection(options.url, {
    ...(options.dbName ? { dbName: options.dbName } : {}),
    serverSelectionTimeoutMS: 5_000,
  });
  try {
    await conn.asPromise();
    const db = conn.db;
    if (!db) throw new Error('connection has no database');
    return new MongoStore(conn, db, options.schemas);
  } catch (err) {
    await conn.close().catch(() => undefined);
    throw unavailable('MongoDB', err);
  }
}
