/**
 * Posting list of one term: ascending internal doc ids, each with a bitmask of the
 * searchable fields (by rank, bit 0 the most important) the term occurs in. Ids only grow
 * because a replaced document gets a fresh id, so appends keep the list sorted.
 */
export class Postings {
  ids = new Int32Array(2);
  masks = new Uint32Array(2);
  length = 0;

  push(id: number, fieldBit: number): void {
    const n = this.length;
    if (n > 0 && this.ids[n - 1] === id) {
      this.masks[n - 1]! |= fieldBit;
      return;
    }
    if (n === this.ids.length) {
      const ids = new Int32Array(n * 2);
      ids.set(this.ids);
      this.ids = ids;
      const masks = new Uint32Array(n * 2);
      masks.set(this.masks);
      this.masks = masks;
    }
    this.ids[n] = id;
    this.masks[n] = fieldBit;
    this.length = n + 1;
  }
}

/** Rank of the most important field in a mask (index of the lowest set bit). */
export function firstField(mask: number): number {
  return 31 - Math.clz32(mask & -mask);
}
