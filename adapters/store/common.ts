/**
 * Pieces both store adapters share, so that the embedded and the MongoDB adapter read a
 * filter, a patch and the clock the same way (the contract suite checks that they agree).
 */
import { AppError } from '../../core/errors.js';
import type { FieldCondition, StoredMeta } from '../../core/ports/store.js';

/** Fields the store maintains itself; callers' values for them are ignored. */
export const META_FIELDS: ReadonlySet<string> = new Set(['id', 'version', 'createdAt', 'updatedAt', 'deletedAt']);

/** Collection names become file names (embedded) and collection names (Mongo): keep them tame. */
export function checkCollectionName(name: string): void {
  if (!/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/.test(name)) {
    throw new AppError('invalid', `collection name "${name}" must be lowercase words joined by _`);
  }
}

/** Copy of `doc` without the bookkeeping fields, so callers cannot forge them. */
export function withoutMeta(doc: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) if (!META_FIELDS.has(k)) out[k] = v;
  return out;
}

export type Operator = 'eq' | 'in' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte' | 'exists';
export interface ParsedCondition {
  op: Operator;
  value: unknown;
}

const OPERATORS: ReadonlySet<string> = new Set(['in', 'ne', 'gt', 'gte', 'lt', 'lte', 'exists']);

/**
 * Reads one field condition of the port's `Filter`. Rejects anything else (unknown operators,
 * `$`-prefixed paths) as `invalid`, because the Mongo adapter passes the filter on to the
 * server and must never let a caller smuggle in a query operator.
 */
export function parseCondition(path: string, cond: FieldCondition): ParsedCondition {
  if (path === '' || path.startsWith('$') || path.split('.').some((p) => p === '')) {
    throw new AppError('invalid', `bad filter path "${path}"`);
  }
  if (cond === null || typeof cond !== 'object') return { op: 'eq', value: cond };
  const keys = Object.keys(cond);
  const op = keys[0];
  if (keys.length !== 1 || op === undefined || !OPERATORS.has(op)) {
    throw new AppError('invalid', `filter on "${path}" needs exactly one of ${[...OPERATORS].join(', ')}`);
  }
  const value = (cond as Record<string, unknown>)[op];
  if (op === 'in' && !Array.isArray(value)) throw new AppError('invalid', `filter "${path}.in" needs an array`);
  if (op === 'exists' && typeof value !== 'boolean') throw new AppError('invalid', `filter "${path}.exists" needs a boolean`);
  return { op: op as Operator, value };
}

/**
 * Hands out `updatedAt` values that strictly increase within one process, even when two
 * writes land in the same millisecond or the wall clock steps back: the indexer's
 * `(updatedAt, id)` watermark relies on later writes never sorting before earlier ones.
 */
export class MonotonicClock {
  private last = 0;

  /** Never hand out a time at or before `iso` (e.g. the newest write found on disk). */
  observe(iso: string): void {
    const t = Date.parse(iso);
    if (Number.isFinite(t) && t > this.last) this.last = t;
  }

  next(): string {
    this.last = Math.max(Date.now(), this.last + 1);
    return new Date(this.last).toISOString();
  }
}

/** Position of a document in `changedSince` order. */
export function isAfterWatermark(doc: Pick<StoredMeta, 'updatedAt' | 'id'>, since: { updatedAt: string; id: string } | null): boolean {
  if (since === null) return true;
  return doc.updatedAt > since.updatedAt || (doc.updatedAt === since.updatedAt && doc.id > since.id);
}

/**
 * The document as JSON would carry it: both adapters store exactly this, so a `Date` comes
 * back as its ISO string and an `undefined` field is dropped, whichever adapter runs.
 */
export function jsonCopy<V>(value: V): V {
  return JSON.parse(JSON.stringify(value)) as V;
}
