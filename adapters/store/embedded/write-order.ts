/**
 * The order of a collection's writes, for `changedSince`: every put appends its
 * `(updatedAt, id)`, and the store's clock makes that order ascending, so finding where a
 * watermark falls is a binary search instead of a walk over every document. The indexer
 * polls `changedSince` all the time, so a walk from the oldest document cost the search
 * endpoint a share of the CPU that grew with the collection.
 *
 * The list is built on the first read, so collections nobody polls (most of them) keep none.
 * Entries of documents written again or purged since stay behind; a reader skips an entry
 * unless the document's current `updatedAt` is the entry's, and the list is rebuilt from the
 * documents once such dead entries outnumber the living.
 */
import type { StoredMeta } from '../../../core/ports/store.js';
import { isAfterWatermark } from '../common.js';

type Position = Pick<StoredMeta, 'updatedAt' | 'id'>;

const positionOf = (doc: Position): Position => ({ updatedAt: doc.updatedAt, id: doc.id });

export class WriteOrder {
  /** Null until the first read. */
  private entries: Position[] | null = null;

  /** Record a put. Puts arrive in `(updatedAt, id)` order (the clock only moves forward). */
  push(doc: Position): void {
    this.entries?.push(positionOf(doc));
  }

  /**
   * The current documents written after `since`, oldest first, at most `limit`. `docs` must
   * iterate in write order too (the list is built and rebuilt from it).
   */
  after<D extends Position>(since: Position | null, limit: number, docs: ReadonlyMap<string, D>): D[] {
    if (this.entries === null || this.entries.length > 2 * docs.size + 1000) this.entries = [...docs.values()].map(positionOf);
    const entries = this.entries;
    const out: D[] = [];
    for (let i = firstAfter(entries, since); i < entries.length && out.length < limit; i++) {
      const entry = entries[i]!;
      const doc = docs.get(entry.id);
      if (doc !== undefined && doc.updatedAt === entry.updatedAt) out.push(doc);
    }
    return out;
  }
}

/** The first entry after `since` (binary search: the entries are in watermark order). */
function firstAfter(entries: Position[], since: Position | null): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (isAfterWatermark(entries[mid]!, since)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
