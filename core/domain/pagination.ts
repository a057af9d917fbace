/**
 * Cursor pagination for list endpoints. A cursor is the keyset position (sortValue, id) of
 * the last item of a page, base64url-encoded JSON: opaque to clients, stable under inserts
 * (unlike offsets), and cheap for every store adapter (`find` with `after`).
 */
import { z } from 'zod';
import { AppError } from '../errors.js';
import type { Collection, Filter, FindOptions, Scalar, Stored } from '../ports/store.js';

export const MAX_PAGE_SIZE = 100;

/** The query members every list endpoint accepts. */
export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(20),
  cursor: z.string().max(512).optional(),
};

export interface Page<T> {
  items: T[];
  /** Pass as `cursor` to get the next page; null on the last page. */
  nextCursor: string | null;
}

/** Response schema of a page of `item`, for the OpenAPI document. */
export const pageOf = <S extends z.ZodType>(item: S) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export function encodeCursor(position: { value: Scalar; id: string }): string {
  return Buffer.from(JSON.stringify([position.value, position.id]), 'utf8').toString('base64url');
}

/** Decode a cursor; anything that is not one of ours is a 400, never a 500. */
export function decodeCursor(cursor: string): { value: Scalar; id: string } {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[1] === 'string') {
      const [value, id] = parsed as [unknown, string];
      if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return { value: value as Scalar, id };
    }
  } catch {
    // fall through to the one error below
  }
  throw new AppError('invalid', 'The cursor is not valid', { issues: [{ path: 'cursor', message: 'not a cursor from this API' }] });
}

/**
 * One page of a collection sorted by `sortField`, newest first by default.
 * Fetches one extra document to know whether there is a next page.
 */
export async function findPage<T extends object>(
  collection: Collection<T>,
  filter: Filter,
  options: { limit: number; cursor?: string | undefined; sortField?: string; direction?: 'asc' | 'desc' },
): Promise<Page<Stored<T>>> {
  const sortField = options.sortField ?? 'createdAt';
  const find: FindOptions = { sort: { field: sortField, direction: options.direction ?? 'desc' }, limit: options.limit + 1 };
  if (options.cursor) find.after = decodeCursor(options.cursor);
  const docs = await collection.find(filter, find);
  const items = docs.slice(0, options.limit);
  const last = items[items.length - 1];
  const hasMore = docs.length > options.limit;
  return {
    items,
    nextCursor: hasMore && last ? encodeCursor({ value: (last as Record<string, unknown>)[sortField] as Scalar, id: last.id }) : null,
  };
}

/** Every document matching a filter, read page by page (exports and erasure must miss nothing). */
export async function findAll<T extends object>(collection: Collection<T>, filter: Filter): Promise<Stored<T>[]> {
  const all: Stored<T>[] = [];
  let after: { value: Scalar; id: string } | undefined;
  for (;;) {
    const batch = await collection.find(filter, { sort: { field: 'createdAt', direction: 'asc' }, limit: 500, ...(after ? { after } : {}) });
    all.push(...batch);
    const last = batch[batch.length - 1];
    if (batch.length < 500 || !last) return all;
    after = { value: last.createdAt, id: last.id };
  }
}
