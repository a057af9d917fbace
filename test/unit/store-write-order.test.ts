/**
 * The embedded store's write order (what `changedSince` reads): checked against the plain
 * definition, every current document after the watermark in (updatedAt, id) order, through
 * rewrites, purges, re-inserts under the same id and the rebuild that drops dead entries.
 */
import { describe, expect, it } from 'vitest';
import { WriteOrder } from '../../adapters/store/embedded/write-order.js';
import { isAfterWatermark } from '../../adapters/store/common.js';

interface Doc {
  id: string;
  updatedAt: string;
}

describe('embedded store write order', () => {
  it('finds exactly the current documents after any watermark', () => {
    const order = new WriteOrder();
    const docs = new Map<string, Doc>();
    let clock = Date.parse('2026-01-01T00:00:00.000Z');
    const put = (id: string): void => {
      const doc = { id, updatedAt: new Date(clock++).toISOString() };
      docs.delete(id);
      docs.set(id, doc);
      order.push(doc);
    };
    const expected = (since: Doc | null, limit: number): Doc[] => [...docs.values()].filter((d) => isAfterWatermark(d, since)).slice(0, limit);

    // Enough rewrites of a few ids to trigger the rebuild, with purges and re-inserts between.
    for (let i = 0; i < 3000; i++) {
      put(`d${i % 40}`);
      if (i % 97 === 0) docs.delete(`d${(i * 7) % 40}`);
      if (i % 250 === 1) {
        const all = [...docs.values()];
        for (const since of [null, all[0]!, all[Math.floor(all.length / 2)]!, all[all.length - 1]!]) {
          expect(order.after(since, 1000, docs)).toEqual(expected(since, 1000));
          expect(order.after(since, 3, docs)).toEqual(expected(since, 3));
        }
      }
    }
    const last = [...docs.values()].at(-1)!;
    expect(order.after(last, 10, docs)).toEqual([]);
    // A watermark between two stamps (a document written and then purged) continues after it.
    expect(order.after({ id: 'zzz', updatedAt: new Date(clock - 5).toISOString() }, 10, docs)).toEqual(
      expected({ id: 'zzz', updatedAt: new Date(clock - 5).toISOString() }, 10),
    );
  });
});
