/**
 * The order of a collection's writes, for `changedSince`: every put appends its
 * `(updatedAt, id)`, and the store's clock makes that order ascending, so finding where a
 * watermark falls is a binary search instead of a walk over every document. The indexer
 * polls `changedSince` all the time, so a walk from the oldest document cost the search
 * endpoint a share of the CPU that grew with the collection.
 *
 * Entries of documents written again or purged since stay behind; a reader skips an entry
 * unless the document's current `updatedAt` is the entry's, and the list is rebuilt from the
 * documents once such dead entries outnumber the living.
 */
import type { StoredMeta } from '../../../core/ports/store.js';
import { isAfterWatermark } from '../common.js';

type Position = Pick<StoredMeta, 'updatedAt' | 'id'>;

export class WriteOrder {
  private entries: Position[] = [];

  /** Record a put. Puts arrive in `(updatedAt, id)` order (the clock only moves forward). */
  push(doc: Position): void {
    this.entries.push({ updatedAt: doc.updatedAt, id: doc.id });
  }

  /**
   * The current documents written after `since`, oldest first, at most `limit`. `docs` must
   * iterate in write order too (it is the fallback when the list is rebuilt).
   */
  after<D extends Position>(since: Position | null, limit: number, docs: ReadonlyMap<string, D>): D[] {
    if (this.entries.length > 2 * docs.size + 1000) this.entries = [...docs.values()].map((d) => ({ updatedAt: d.updatedAt, id: d.id }));
    const out: D[] = [];
    for (let i = this.firstAfter(since); i < this.entries.length && out.length < limit; i++) {
      const entry = this.entries[i]!;
      const doc = docs.get(entry.id);
      if (doc !== undefined && doc.updatedAt === entry.updatedAt) out.push(doc);
    }
    return out;
  }

  private firstAfter(since: Position | null): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (isAfterWatermark(this.entries[mid]!, since)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
