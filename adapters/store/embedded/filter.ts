/**
 * The embedded store's filter matcher and sort order. Both follow MongoDB's semantics where
 * the port leaves room (missing equals null, an array matches when any element does, `ne`
 * matches missing fields, comparisons only between values of the same type, sort order by
 * type first), so that code tested against the embedded store behaves the same in production.
 */
import type { Filter, Scalar } from '../../../core/ports/store.js';
import { parseCondition, type ParsedCondition } from '../common.js';

interface Resolved {
  /** Terminal values; arrays at the end of the path contribute their elements. */
  values: unknown[];
  /** Whether the path exists at all (an empty array or a null still exists). */
  found: boolean;
}

/** Values at a dot path; arrays along the way are walked element by element. */
export function resolvePath(doc: unknown, path: string): Resolved {
  const out: Resolved = { values: [], found: false };
  collect(doc, path.split('.'), 0, out);
  return out;
}

function collect(node: unknown, parts: string[], i: number, out: Resolved): void {
  if (i === parts.length) {
    out.found = true;
    if (Array.isArray(node)) out.values.push(...node);
    else out.values.push(node);
    return;
  }
  if (Array.isArray(node)) {
    for (const el of node) collect(el, parts, i, out);
    return;
  }
  const key = parts[i] as string;
  if (node !== null && typeof node === 'object' && Object.hasOwn(node, key)) {
    collect((node as Record<string, unknown>)[key], parts, i + 1, out);
  }
}

function matchesEq(r: Resolved, v: unknown): boolean {
  if (v === null) return !r.found || r.values.includes(null);
  return r.values.includes(v);
}

/** Same-type comparison only, as MongoDB does: `{ gt: 5 }` never matches a string. */
function ordered(x: unknown, v: unknown, test: (c: number) => boolean): boolean {
  if ((typeof x !== 'number' && typeof x !== 'string') || typeof x !== typeof v) return false;
  return test(compareValues(x, v));
}

function matchesCondition(r: Resolved, c: ParsedCondition): boolean {
  switch (c.op) {
    case 'eq':
      return matchesEq(r, c.value);
    case 'in':
      return (c.value as unknown[]).some((v) => matchesEq(r, v));
    case 'ne':
      return !matchesEq(r, c.value);
    case 'exists':
      return r.found === c.value;
    case 'gt':
      return r.values.some((x) => ordered(x, c.value, (n) => n > 0));
    case 'gte':
      return r.values.some((x) => ordered(x, c.value, (n) => n >= 0));
    case 'lt':
      return r.values.some((x) => ordered(x, c.value, (n) => n < 0));
    case 'lte':
      return r.values.some((x) => ordered(x, c.value, (n) => n <= 0));
  }
}

/** A filter compiled once, then applied to every document of a scan. */
export type Matcher = (doc: object) => boolean;

/** Validates the filter (throws `invalid`) and returns a predicate; all fields must match. */
export function compileFilter(filter: Filter = {}): Matcher {
  const parts = Object.entries(filter).map(([path, cond]) => ({ path, cond: parseCondition(path, cond) }));
  return (doc) => parts.every(({ path, cond }) => matchesCondition(resolvePath(doc, path), cond));
}

/** MongoDB's order of types: null (and missing) < numbers < strings < objects < arrays < booleans. */
function typeRank(v: unknown): number {
  if (v === null || v === undefined) return 0;
  if (typeof v === 'number') return 1;
  if (typeof v === 'string') return 2;
  if (typeof v === 'boolean') return 5;
  return Array.isArray(v) ? 4 : 3;
}

/** Total order over sort values: by type first, then by value within the type. */
export function compareValues(a: unknown, b: unknown): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 0 || ra === 3 || ra === 4) return 0;
  if (a === b) return 0;
  return (a as number | string | boolean) < (b as number | string | boolean) ? -1 : 1;
}

/**
 * The value a document sorts by. Like MongoDB, an array sorts by its smallest element
 * ascending and by its largest descending; a missing field sorts as null.
 */
export function sortKey(doc: object, path: string, direction: 'asc' | 'desc'): Scalar {
  const { values } = resolvePath(doc, path);
  let best: unknown = values[0] ?? null;
  for (const v of values) {
    const c = compareValues(v, best);
    if (direction === 'asc' ? c < 0 : c > 0) best = v;
  }
  return (typeof best === 'object' ? null : best) as Scalar;
}
