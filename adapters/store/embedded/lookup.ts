/**
 * Equality indexes of the embedded store, built lazily: the first `find`/`count`/`purgeWhere`
 * with an equality or `in` condition on a field builds a value → ids map over the collection,
 * and every later write keeps it current. So domain code never has to declare anything for
 * the embedded adapter to stop scanning (the Mongo adapter relies on `ensureIndex`), and after
 * a restart the indexes are rebuilt from memory on first use, never read from disk, so they
 * cannot go stale across a crash.
 *
 * An index only narrows the scan to candidates: the full filter still runs on each of them,
 * so the result is exactly the scan's. That keeps MongoDB's matching rules (missing equals
 * null, arrays match by element) in one place, `filter.ts`.
 */
import type { Filter } from '../../../core/ports/store.js';
import { parseCondition } from '../common.js';
import { resolvePath } from './filter.js';

type Key = string | number | boolean;

/** Values an index can answer for: null is excluded because it also matches missing fields. */
const isKey = (v: unknown): v is Key => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/** The distinct scalar values a document holds at `path` (each array element counts). */
function keysOf(doc: object, path: string): Set<Key> {
  const keys = new Set<Key>();
  for (const v of resolvePath(doc, path).values) if (isKey(v)) keys.add(v);
  return keys;
}

/** One field's index: each value maps to the ids of the documents holding it. */
class FieldIndex {
  private readonly ids = new Map<Key, Set<string>>();

  constructor(readonly path: string) {}

  add(doc: { id: string }): void {
    for (const k of keysOf(doc, this.path)) {
      let set = this.ids.get(k);
      if (!set) this.ids.set(k, (set = new Set()));
      set.add(doc.id);
    }
  }

  remove(doc: { id: string }): void {
    for (const k of keysOf(doc, this.path)) {
      const set = this.ids.get(k);
      if (!set) continue;
      set.delete(doc.id);
      if (set.size === 0) this.ids.delete(k);
    }
  }

  /** Ids of documents holding any of `values` (a Map keeps 1 and "1" apart, as the filter does). */
  lookup(values: Key[]): Set<string> {
    if (values.length === 1) return this.ids.get(values[0] as Key) ?? new Set();
    const out = new Set<string>();
    for (const v of values) for (const id of this.ids.get(v) ?? []) out.add(id);
    return out;
  }
}

/** The values of an `eq`/`in` condition when an index can answer it, else null. */
function lookupValues(path: string, cond: Filter[string]): Key[] | null {
  const { op, value } = parseCondition(path, cond);
  if (op === 'eq') return isKey(value) ? [value] : null;
  if (op === 'in') {
    const values = value as unknown[];
    return values.every(isKey) ? values : null;
  }
  return null;
}

/** The equality indexes of one collection. */
export class LookupIndexes {
  private readonly byPath = new Map<string, FieldIndex>();

  /** Keep every built index current; called for each write, with the document before and after. */
  replace(before: { id: string } | undefined, after: { id: string } | undefined): void {
    for (const index of this.byPath.values()) {
      if (before) index.remove(before);
      if (after) index.add(after);
    }
  }

  /**
   * The ids of a superset of the documents matching `filter` (the smallest the indexes can
   * give), or null when no condition can use an index and the caller must scan. Builds a
   * missing index over `docs` first. `id` itself needs no index: the documents are keyed by it.
   * The set may be an index's own: iterate it before the next write.
   */
  candidates(filter: Filter, docs: ReadonlyMap<string, { id: string }>): Iterable<string> | null {
    let best: Set<string> | null = null;
    for (const [path, cond] of Object.entries(filter)) {
      const values = lookupValues(path, cond);
      if (values === null) continue;
      const ids = path === 'id' ? new Set(values.filter((v): v is string => typeof v === 'string' && docs.has(v))) : this.index(path, docs).lookup(values);
      if (best === null || ids.size < best.size) best = ids;
      if (best.size === 0) break;
    }
    return best;
  }

  private index(path: string, docs: ReadonlyMap<string, { id: string }>): FieldIndex {
    let index = this.byPath.get(path);
    if (!index) {
      index = new FieldIndex(path);
      for (const doc of docs.values()) index.add(doc);
      this.byPath.set(path, index);
    }
    return index;
  }
}
