import type { Request } from 'express';
import type { z } from 'zod';
import { AppError } from '../../core/errors.js';
import { fieldIssues } from './problem.js';

/**
 * Parse a request part with a zod schema (use `.strict()` objects so unknown fields such as
 * `role` or `ownerId` are rejected). Throws AppError('invalid') with field-level details.
 */
export function parse<S extends z.ZodType>(schema: S, value: unknown, what = 'request body'): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new AppError('invalid', `The ${what} is not valid`, { issues: fieldIssues(result.error) });
  return result.data;
}

export const parseBody = <S extends z.ZodType>(schema: S, req: Request): z.infer<S> => parse(schema, req.body ?? {}, 'request body');
export const parseQuery = <S extends z.ZodType>(schema: S, req: Request): z.infer<S> => parse(schema, req.query, 'query string');
