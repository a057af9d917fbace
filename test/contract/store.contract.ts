/**
 * The store port's contract: every adapter's test file calls `storeContract` once with a
 * factory, so the embedded and the MongoDB adapter are held to exactly the same rules.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, type AppErrorCode } from '../../core/errors.js';
import type { Collection, DocumentStore, Stored } from '../../core/ports/store.js';

/** What an adapter's test file provides: a fresh, empty store, and optionally a way to reopen it. */
export interface StoreFixture {
  store: DocumentStore;
  /** Close the store and open the same data again (a restart). */
  reopen?: () => Promise<DocumentStore>;
  /** Close whatever is open and remove the data. */
  cleanup: () => Promise<void>;
}

interface Person {
  name: string;
  email?: string;
  age?: number;
  city?: string | null;
  tags?: string[];
  address?: { place: string; zip?: string };
  jobs?: Array<{ sector: string }>;
}

/** Every test gets a collection of its own, so tests never see each other's documents. */
const uniqueName = (): string => `t_${randomUUID().replaceAll('-', '')}`;

async function expectAppError(p: Promise<unknown>, code: AppErrorCode): Promise<void> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, `expected AppError(${code})`).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe(code);
}

const ids = (docs: Array<{ id: string }>): string[] => docs.map((d) => d.id);

/** Run the store contract against one adapter. */
export function storeContract(name: string, makeStore: () => Promise<StoreFixture>): void {
  describe(`store contract: ${name}`, () => {
    let fixture: StoreFixture;
    let store: DocumentStore;
    const people = (): Collection<Person> => store.collection<Person>(uniqueName());

    /** Run `fn` on a store of its own that it can restart; skipped for adapters that cannot. */
    async function withRestartableStore(
      ctx: { skip: () => void },
      fn: (store: DocumentStore, reopen: () => Promise<DocumentStore>) => Promise<void>,
    ): Promise<void> {
      const own = await makeStore();
      try {
        if (own.reopen) await fn(own.store, own.reopen);
        else ctx.skip();
      } finally {
        await own.cleanup();
      }
    }

    beforeAll(async () => {
      fixture = await makeStore();
      store = fixture.store;
    });
    afterAll(async () => {
      await fixture?.cleanup();
    });

    it('ping succeeds on an open store', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });

    it('insert sets the bookkeeping fields and get returns the document', async () => {
      const c = people();
      const before = Date.now();
      const doc = await c.insert({ name: 'Anna', age: 31 });
      expect(doc).toMatchObject({ name: 'Anna', age: 31, version: 1, deletedAt: null });
      expect(doc.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(doc.createdAt).toBe(doc.updatedAt);
      expect(Date.parse(doc.createdAt)).toBeGreaterThanOrEqual(before - 1000);
      expect(doc.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(await c.get(doc.id)).toEqual(doc);
      expect(await c.get('missing')).toBeNull();
    });

    it('callers cannot forge bookkeeping fields', async () => {
      const c = people();
      const forged = { name: 'F', version: 99, createdAt: '2000-01-01T00:00:00.000Z', deletedAt: 'x' } as unknown as Person;
      const doc = await c.insert(forged);
      expect(doc).toMatchObject({ version: 1, deletedAt: null });
      expect(doc.createdAt).not.toBe('2000-01-01T00:00:00.000Z');
    });

    it('returns copies: mutating inputs or results does not change the store', async () => {
      const c = people();
      const input: Person = { name: 'Bo', tags: ['a'], address: { place: 'Utrecht' } };
      const doc = await c.insert(input);
      input.tags!.push('changed');
      input.address!.place = 'changed';
      doc.tags!.push('changed');
      doc.name = 'changed';
      const got = await c.get(doc.id);
      got!.address!.place = 'changed';
      const [found] = await c.find({ name: 'Bo' });
      found!.tags!.push('changed');
      expect(await c.get(doc.id)).toMatchObject({ name: 'Bo', tags: ['a'], address: { place: 'Utrecht' } });
    });

    it('insert with a given id; a duplicate id is a conflict', async () => {
      const c = people();
      const doc = await c.insert({ id: 'p-1', name: 'Cas' });
      expect(doc.id).toBe('p-1');
      await expectAppError(c.insert({ id: 'p-1', name: 'Other' }), 'conflict');
      expect(await c.get('p-1')).toMatchObject({ name: 'Cas', version: 1 });
    });

    it('a unique index turns duplicates into conflicts on insert and update', async () => {
      const c = people();
      await c.ensureIndex({ fields: ['email'], unique: true });
      await c.ensureIndex({ fields: ['email'], unique: true }); // idempotent
      const a = await c.insert({ name: 'A', email: 'a@example.nl' });
      const b = await c.insert({ name: 'B', email: 'b@example.nl' });
      await expectAppError(c.insert({ name: 'A2', email: 'a@example.nl' }), 'conflict');
      await expectAppError(c.update(b.id, { email: 'a@example.nl' }), 'conflict');
      expect(await c.get(b.id)).toMatchObject({ email: 'b@example.nl', version: 1 });
      // Documents without the field do not clash with each other.
      await c.insert({ name: 'no email 1' });
      await c.insert({ name: 'no email 2' });
      // Updating a document to its own key is fine; a freed key can be taken.
      await c.update(a.id, { email: 'a@example.nl', name: 'A again' });
      await c.update(a.id, { email: 'a-new@example.nl' });
      await c.insert({ name: 'A3', email: 'a@example.nl' });
      expect(await c.count()).toBe(5);
    });

    it('a compound unique index clashes only on the combination', async () => {
      const c = people();
      await c.ensureIndex({ fields: ['name', 'city'], unique: true });
      await c.insert({ name: 'Dirk', city: 'Rotterdam' });
      await c.insert({ name: 'Dirk', city: 'Utrecht' });
      await c.insert({ name: 'Els', city: 'Rotterdam' });
      await expectAppError(c.insert({ name: 'Dirk', city: 'Utrecht' }), 'conflict');
    });

    it('declaring a unique index over existing duplicates is a conflict', async () => {
      const c = people();
      await c.insert({ name: 'X', email: 'same@example.nl' });
      await c.insert({ name: 'Y', email: 'same@example.nl' });
      await expectAppError(c.ensureIndex({ fields: ['email'], unique: true }), 'conflict');
      await c.insert({ name: 'Z', email: 'same@example.nl' });
      expect(await c.count({ email: 'same@example.nl' })).toBe(3);
    });

    it('a non-unique index does not restrict writes', async () => {
      const c = people();
      await c.ensureIndex({ fields: ['city'] });
      await c.insert({ name: 'a', city: 'Gouda' });
      await c.insert({ name: 'b', city: 'Gouda' });
      expect(await c.count({ city: 'Gouda' })).toBe(2);
    });

    it('update merges shallowly and bumps version and updatedAt', async () => {
      const c = people();
      const doc = await c.insert({ name: 'Eva', age: 40, address: { place: 'Delft', zip: '2611' } });
      const updated = await c.update(doc.id, { age: 41, address: { place: 'Leiden' } });
      expect(updated).toMatchObject({ id: doc.id, name: 'Eva', age: 41, address: { place: 'Leiden' }, version: 2 });
      expect(updated.address).toEqual({ place: 'Leiden' });
      expect(updated.createdAt).toBe(doc.createdAt);
      expect(updated.updatedAt > doc.updatedAt).toBe(true);
      expect(await c.get(doc.id)).toEqual(updated);
    });

    it('update with an undefined value removes that field', async () => {
      const c = people();
      const doc = await c.insert({ name: 'Fay', city: 'Ede' });
      const updated = await c.update(doc.id, { city: undefined });
      expect(updated).not.toHaveProperty('city');
      expect(await c.get(doc.id)).not.toHaveProperty('city');
    });

    it('update checks ifVersion and ifMatch', async () => {
      const c = people();
      const doc = await c.insert({ name: 'Gijs', age: 20 });
      await expectAppError(c.update(doc.id, { age: 21 }, { ifVersion: 2 }), 'conflict');
      const v2 = await c.update(doc.id, { age: 21 }, { ifVersion: 1 });
      expect(v2.version).toBe(2);
      await expectAppError(c.update(doc.id, { age: 22 }, { ifVersion: 1 }), 'conflict');
      await expectAppError(c.update(doc.id, { age: 22 }, { ifMatch: { age: 20 } }), 'conflict');
      const v3 = await c.update(doc.id, { age: 22 }, { ifMatch: { age: { lt: 22 } }, ifVersion: 2 });
      expect(v3).toMatchObject({ age: 22, version: 3 });
    });

    it('only one of two concurrent updates at the same version wins', async () => {
      const c = people();
      const doc = await c.insert({ name: 'Race', age: 1 });
      const results = await Promise.allSettled([
        c.update(doc.id, { age: 2 }, { ifVersion: 1 }),
        c.update(doc.id, { age: 3 }, { ifVersion: 1 }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.find((r) => r.status === 'rejected');
      expect((rejected!.reason as AppError).code).toBe('conflict');
      expect((await c.get(doc.id))!.version).toBe(2);
    });

    it('update of a missing or soft-deleted document is not_found', async () => {
      const c = people();
      await expectAppError(c.update('missing', { age: 1 }), 'not_found');
      const doc = await c.insert({ name: 'Hans' });
      await c.softDelete(doc.id);
      await expectAppError(c.update(doc.id, { age: 1 }), 'not_found');
    });

    it('upsert creates, then replaces the whole document, keeping createdAt', async () => {
      const c = people();
      const first = await c.upsert('match-1', { name: 'Iris', age: 30, city: 'Breda' });
      expect(first).toMatchObject({ id: 'match-1', version: 1, deletedAt: null, name: 'Iris' });
      const again = await c.upsert('match-1', { name: 'Iris', age: 30, city: 'Breda' });
      expect(again).toMatchObject({ id: 'match-1', version: 2, createdAt: first.createdAt, name: 'Iris', age: 30, city: 'Breda' });
      const replaced = await c.upsert('match-1', { name: 'Iris' });
      expect(replaced).not.toHaveProperty('age');
      expect(replaced).toMatchObject({ version: 3, createdAt: first.createdAt });
      expect(await c.get('match-1')).toEqual(replaced);
      expect(await c.count()).toBe(1);
    });

    it('upsert is idempotent under concurrency and revives a tombstone', async () => {
      const c = people();
      await Promise.all([1, 2, 3, 4].map(() => c.upsert('m', { name: 'same' })));
      expect(await c.find()).toHaveLength(1);
      await c.softDelete('m');
      const revived = await c.upsert('m', { name: 'back' });
      expect(revived).toMatchObject({ deletedAt: null, name: 'back', version: 6 });
    });

    it('upsert respects unique indexes', async () => {
      const c = people();
      await c.ensureIndex({ fields: ['email'], unique: true });
      await c.upsert('u1', { name: 'a', email: 'x@example.nl' });
      await expectAppError(c.upsert('u2', { name: 'b', email: 'x@example.nl' }), 'conflict');
      await c.upsert('u1', { name: 'a2', email: 'x@example.nl' });
    });

    it('softDelete hides the document, keeps a tombstone, and is idempotent', async () => {
      const c = people();
      const keep = await c.insert({ name: 'keep' });
      const doc = await c.insert({ name: 'gone' });
      await c.softDelete(doc.id);
      expect(await c.get(doc.id)).toBeNull();
      const tomb = await c.get(doc.id, { includeDeleted: true });
      expect(tomb).toMatchObject({ name: 'gone', version: 2 });
      expect(tomb!.deletedAt).toBe(tomb!.updatedAt);
      expect(tomb!.updatedAt > doc.updatedAt).toBe(true);
      expect(ids(await c.find())).toEqual([keep.id]);
      expect(ids(await c.find({}, { includeDeleted: true })).sort()).toEqual([keep.id, doc.id].sort());
      expect(await c.count()).toBe(1);
      await c.softDelete(doc.id);
      await c.softDelete('never-existed');
      expect((await c.get(doc.id, { includeDeleted: true }))!.version).toBe(2);
    });

    it('changedSince shows the tombstone after a watermark', async () => {
      const c = people();
      const doc = await c.insert({ name: 'Jan' });
      const [seen] = await c.changedSince(null, 10);
      expect(seen).toEqual(doc);
      await c.softDelete(doc.id);
      const changes = await c.changedSince({ updatedAt: seen!.updatedAt, id: seen!.id }, 10);
      expect(changes).toHaveLength(1);
      expect(changes[0]).toMatchObject({ id: doc.id, name: 'Jan' });
      expect(changes[0]!.deletedAt).not.toBeNull();
    });

    it('purge removes for good and is idempotent', async () => {
      const c = people();
      const a = await c.insert({ name: 'a' });
      const b = await c.insert({ name: 'b' });
      await c.softDelete(b.id);
      await c.purge(a.id);
      await c.purge(b.id);
      await c.purge(a.id);
      await c.purge('never-existed');
      expect(await c.get(a.id, { includeDeleted: true })).toBeNull();
      expect(await c.get(b.id, { includeDeleted: true })).toBeNull();
      expect(await c.changedSince(null, 10)).toEqual([]);
      // The id is free again.
      await c.insert({ id: a.id, name: 'a again' });
    });

    it('purge frees unique keys', async () => {
      const c = people();
      await c.ensureIndex({ fields: ['email'], unique: true });
      const a = await c.insert({ name: 'a', email: 'k@example.nl' });
      await c.purge(a.id);
      await c.insert({ name: 'b', email: 'k@example.nl' });
    });

    it('purgeWhere removes every match, tombstones included, and returns the count', async () => {
      const c = people();
      await c.insert({ name: 'a', city: 'Zwolle' });
      const b = await c.insert({ name: 'b', city: 'Zwolle' });
      await c.insert({ name: 'c', city: 'Assen' });
      await c.softDelete(b.id);
      expect(await c.purgeWhere({ city: 'Zwolle' })).toBe(2);
      expect(await c.purgeWhere({ city: 'Zwolle' })).toBe(0);
      expect(ids(await c.find({}, { includeDeleted: true }))).toHaveLength(1);
    });

    describe('lookups stay exact after writes (stale index guard)', () => {
      // Each test queries first, so an adapter that builds lookup structures on first use
      // has built them before the writes that must keep them current.
      const namesOf = (docs: Array<{ name: string }>): string[] => docs.map((d) => d.name).sort();

      it('an update moves a document from its old value to its new one', async () => {
        const c = people();
        const a = await c.insert({ name: 'a', city: 'Zwolle', tags: ['x', 'y'] });
        await c.insert({ name: 'b', city: 'Zwolle' });
        expect(namesOf(await c.find({ city: 'Zwolle' }))).toEqual(['a', 'b']);
        expect(namesOf(await c.find({ tags: { in: ['x'] } }))).toEqual(['a']);
        await c.update(a.id, { city: 'Assen', tags: ['y', 'z'] });
        expect(namesOf(await c.find({ city: 'Zwolle' }))).toEqual(['b']);
        expect(namesOf(await c.find({ city: 'Assen' }))).toEqual(['a']);
        expect(await c.count({ city: { in: ['Assen', 'Zwolle'] } })).toBe(2);
        expect(await c.find({ tags: { in: ['x'] } })).toEqual([]);
        expect(namesOf(await c.find({ tags: 'z' }))).toEqual(['a']);
        await c.update(a.id, { city: undefined });
        expect(await c.find({ city: 'Assen' })).toEqual([]);
        expect(namesOf(await c.find({ city: null, name: 'a' }))).toEqual(['a']);
      });

      it('upsert replaces the indexed values of the whole document', async () => {
        const c = people();
        await c.upsert('p1', { name: 'a', email: 'old@example.nl' });
        expect(namesOf(await c.find({ email: 'old@example.nl' }))).toEqual(['a']);
        await c.upsert('p1', { name: 'a' });
        expect(await c.find({ email: 'old@example.nl' })).toEqual([]);
        expect(await c.count({ email: { exists: false }, name: 'a' })).toBe(1);
      });

      it('soft delete hides, purge removes, and a new document with a freed value is found', async () => {
        const c = people();
        const a = await c.insert({ name: 'a', city: 'Zwolle' });
        const b = await c.insert({ name: 'b', city: 'Zwolle' });
        expect(await c.count({ city: 'Zwolle' })).toBe(2);
        await c.softDelete(a.id);
        expect(namesOf(await c.find({ city: 'Zwolle' }))).toEqual(['b']);
        expect(namesOf(await c.find({ city: 'Zwolle' }, { includeDeleted: true }))).toEqual(['a', 'b']);
        await c.purge(b.id);
        expect(await c.find({ city: 'Zwolle' })).toEqual([]);
        expect(await c.purgeWhere({ city: 'Zwolle' })).toBe(1);
        expect(await c.find({ city: 'Zwolle' }, { includeDeleted: true })).toEqual([]);
        await c.insert({ name: 'c', city: 'Zwolle' });
        expect(namesOf(await c.find({ city: 'Zwolle' }))).toEqual(['c']);
      });

      it('keeps value types apart and combines an indexed field with the other conditions', async () => {
        const c = store.collection<{ name: string; v: unknown; n?: number }>(uniqueName());
        await c.insert({ name: 'num', v: 1, n: 5 });
        await c.insert({ name: 'str', v: '1', n: 5 });
        await c.insert({ name: 'bool', v: true, n: 9 });
        await c.insert({ name: 'strTrue', v: 'true' });
        expect(namesOf(await c.find({ v: 1 }))).toEqual(['num']);
        expect(namesOf(await c.find({ v: '1' }))).toEqual(['str']);
        expect(namesOf(await c.find({ v: true }))).toEqual(['bool']);
        expect(namesOf(await c.find({ v: { in: [1, 'true'] } }))).toEqual(['num', 'strTrue']);
        expect(namesOf(await c.find({ v: { in: [1, '1'] }, n: { gt: 4 } }))).toEqual(['num', 'str']);
        expect(namesOf(await c.find({ v: { in: ['1', true] }, n: 9 }))).toEqual(['bool']);
        expect(await c.find({ id: 'nope', v: 1 })).toEqual([]);
      });

      it('by id: equality and in', async () => {
        const c = people();
        const a = await c.insert({ name: 'a', city: 'Zwolle' });
        const b = await c.insert({ name: 'b', city: 'Assen' });
        expect(namesOf(await c.find({ id: { in: [a.id, b.id, 'missing'] } }))).toEqual(['a', 'b']);
        expect(await c.find({ id: a.id, city: 'Assen' })).toEqual([]);
        await c.softDelete(a.id);
        expect(namesOf(await c.find({ id: { in: [a.id, b.id] } }))).toEqual(['b']);
      });

      it('after a restart, finds by values written before and after it', (ctx) =>
        withRestartableStore(ctx, async (own, reopen) => {
          const name = uniqueName();
          const c = own.collection<Person>(name);
          const a = await c.insert({ name: 'a', city: 'Zwolle' });
          await c.insert({ name: 'b', city: 'Zwolle' });
          expect(await c.count({ city: 'Zwolle' })).toBe(2);
          await c.update(a.id, { city: 'Assen' });
          const r = (await reopen()).collection<Person>(name);
          expect(namesOf(await r.find({ city: 'Zwolle' }))).toEqual(['b']);
          expect(namesOf(await r.find({ city: 'Assen' }))).toEqual(['a']);
          await r.update(a.id, { city: 'Zwolle' });
          expect(namesOf(await r.find({ city: 'Zwolle' }))).toEqual(['a', 'b']);
          expect(await r.find({ city: 'Assen' })).toEqual([]);
        }));
    });

    describe('find filters', () => {
      let c: Collection<Person>;
      const names = async (filter: Parameters<Collection<Person>['find']>[0]): Promise<string[]> =>
        (await c.find(filter)).map((d) => d.name).sort();

      beforeAll(async () => {
        c = people();
        await c.insert({ name: 'a', age: 20, city: 'Utrecht', tags: ['zorg', 'ict'], address: { place: 'Utrecht', zip: '3511' }, jobs: [{ sector: 'zorg' }] });
        await c.insert({ name: 'b', age: 35, city: 'Rotterdam', tags: ['bouw'], address: { place: 'Rotterdam' }, jobs: [{ sector: 'bouw' }, { sector: 'ict' }] });
        await c.insert({ name: 'c', age: 50, city: null, tags: [] });
        await c.insert({ name: 'd' });
        const e = await c.insert({ name: 'e', age: 20, city: 'Utrecht' });
        await c.softDelete(e.id);
      });

      it('equality, and several fields together', async () => {
        expect(await names({ city: 'Utrecht' })).toEqual(['a']);
        expect(await names({ age: 20 })).toEqual(['a']);
        expect(await names({ age: 35, city: 'Rotterdam' })).toEqual(['b']);
        expect(await names({ age: 35, city: 'Utrecht' })).toEqual([]);
        expect(await names({})).toEqual(['a', 'b', 'c', 'd']);
        expect(await names(undefined)).toEqual(['a', 'b', 'c', 'd']);
      });

      it('null equals null or missing', async () => {
        expect(await names({ city: null })).toEqual(['c', 'd']);
      });

      it('dot paths reach into objects and arrays of objects', async () => {
        expect(await names({ 'address.place': 'Rotterdam' })).toEqual(['b']);
        expect(await names({ 'address.zip': { exists: true } })).toEqual(['a']);
        expect(await names({ 'jobs.sector': 'ict' })).toEqual(['b']);
      });

      it('an array field matches when any element matches', async () => {
        expect(await names({ tags: 'ict' })).toEqual(['a']);
        expect(await names({ tags: { in: ['bouw', 'ict'] } })).toEqual(['a', 'b']);
      });

      it('in, ne and exists', async () => {
        expect(await names({ city: { in: ['Utrecht', 'Rotterdam'] } })).toEqual(['a', 'b']);
        expect(await names({ city: { in: ['Utrecht', null] } })).toEqual(['a', 'c', 'd']);
        expect(await names({ city: { ne: 'Utrecht' } })).toEqual(['b', 'c', 'd']);
        expect(await names({ tags: { ne: 'bouw' } })).toEqual(['a', 'c', 'd']);
        expect(await names({ age: { exists: true } })).toEqual(['a', 'b', 'c']);
        expect(await names({ age: { exists: false } })).toEqual(['d']);
        expect(await names({ city: { exists: true } })).toEqual(['a', 'b', 'c']);
      });

      it('range operators on numbers and strings, never across types', async () => {
        expect(await names({ age: { gt: 20 } })).toEqual(['b', 'c']);
        expect(await names({ age: { gte: 20 } })).toEqual(['a', 'b', 'c']);
        expect(await names({ age: { lt: 50 } })).toEqual(['a', 'b']);
        expect(await names({ age: { lte: 50 } })).toEqual(['a', 'b', 'c']);
        expect(await names({ city: { gte: 'S' } })).toEqual(['a']);
        expect(await names({ city: { lt: 'S' } })).toEqual(['b']);
        expect(await names({ age: { gt: '0' } })).toEqual([]);
      });

      it('count applies the same filters to live documents', async () => {
        expect(await c.count()).toBe(4);
        expect(await c.count({ age: 20 })).toBe(1);
        expect(await c.count({ tags: 'zorg' })).toBe(1);
      });

      it('an unknown operator is invalid', async () => {
        await expectAppError(c.find({ age: { $where: 'x' } } as never), 'invalid');
      });
    });

    describe('find sort and keyset pagination', () => {
      let c: Collection<Person>;
      let all: Stored<Person>[];

      beforeAll(async () => {
        c = people();
        // Many ties on age and a few documents without it, to exercise the id tie-break.
        await Promise.all(
          Array.from({ length: 23 }, (_, i) => c.insert({ id: `p${String(i).padStart(2, '0')}`, name: `n${i}`, ...(i % 7 === 3 ? {} : { age: i % 4 }) })),
        );
        all = await c.find();
      });

      it('without sort, orders by id; limit cuts', async () => {
        expect(ids(all)).toEqual([...ids(all)].sort());
        expect(ids(await c.find({}, { limit: 5 }))).toEqual(ids(all).slice(0, 5));
      });

      for (const direction of ['asc', 'desc'] as const) {
        it(`sorts ${direction} with ties by id ascending`, async () => {
          const sorted = await c.find({}, { sort: { field: 'age', direction } });
          expect(sorted).toHaveLength(23);
          const missingFirst = direction === 'asc';
          for (let i = 1; i < sorted.length; i++) {
            const [a, b] = [sorted[i - 1]!, sorted[i]!];
            const [ka, kb] = [a.age ?? -1, b.age ?? -1];
            if (ka === kb) expect(a.id < b.id).toBe(true);
            else expect(ka < kb).toBe(missingFirst);
          }
        });

        it(`pages ${direction} without gaps or repeats`, async () => {
          const expected = ids(await c.find({}, { sort: { field: 'age', direction } }));
          for (const size of [1, 4, 7]) {
            const seen: string[] = [];
            let after: { value: number | null; id: string } | undefined;
            for (;;) {
              const page = await c.find({}, { sort: { field: 'age', direction }, limit: size, ...(after ? { after } : {}) });
              if (page.length === 0) break;
              expect(page.length).toBeLessThanOrEqual(size);
              seen.push(...ids(page));
              const last = page[page.length - 1]!;
              after = { value: last.age ?? null, id: last.id };
            }
            expect(seen).toEqual(expected);
          }
        });
      }

      it('pages by id when there is no sort field', async () => {
        const first = await c.find({}, { limit: 10 });
        const rest = await c.find({}, { after: { value: null, id: first[9]!.id } });
        expect([...ids(first), ...ids(rest)]).toEqual(ids(all));
      });

      it('combines a filter with sort and pagination', async () => {
        const page1 = await c.find({ age: { gte: 2 } }, { sort: { field: 'age', direction: 'desc' }, limit: 3 });
        expect(page1.every((d) => d.age === 3)).toBe(true);
        const last = page1[2]!;
        const page2 = await c.find({ age: { gte: 2 } }, { sort: { field: 'age', direction: 'desc' }, after: { value: last.age!, id: last.id } });
        expect(page1.length + page2.length).toBe(await c.count({ age: { gte: 2 } }));
        expect(ids(page2)).not.toContain(last.id);
      });

      it('sorts by a string field and a dot path', async () => {
        const d = people();
        await d.insert({ name: 'b', address: { place: 'Zeist' } });
        await d.insert({ name: 'c', address: { place: 'Almere' } });
        await d.insert({ name: 'a', address: { place: 'Maastricht' } });
        expect((await d.find({}, { sort: { field: 'name', direction: 'asc' } })).map((x) => x.name)).toEqual(['a', 'b', 'c']);
        expect((await d.find({}, { sort: { field: 'address.place', direction: 'desc' } })).map((x) => x.name)).toEqual(['b', 'a', 'c']);
      });
    });

    describe('changedSince', () => {
      it('orders by (updatedAt, id), with updatedAt strictly increasing', async () => {
        const c = people();
        const written = await Promise.all(Array.from({ length: 50 }, (_, i) => c.insert({ name: `n${i}` })));
        const stamps = new Set(written.map((d) => d.updatedAt));
        expect(stamps.size).toBe(50);
        const changes = await c.changedSince(null, 100);
        expect(changes).toHaveLength(50);
        for (let i = 1; i < changes.length; i++) expect(changes[i - 1]!.updatedAt < changes[i]!.updatedAt).toBe(true);
      });

      it('a watermark walk sees every document exactly once, then later writes again', async () => {
        const c = people();
        for (let i = 0; i < 12; i++) await c.insert({ name: `n${i}` });
        const walk = async (from: { updatedAt: string; id: string } | null): Promise<[Stored<Person>[], typeof from]> => {
          const seen: Stored<Person>[] = [];
          let mark = from;
          for (;;) {
            const batch = await c.changedSince(mark, 5);
            if (batch.length === 0) return [seen, mark];
            seen.push(...batch);
            const last = batch[batch.length - 1]!;
            mark = { updatedAt: last.updatedAt, id: last.id };
          }
        };
        const [first, mark] = await walk(null);
        expect(first).toHaveLength(12);
        expect(new Set(ids(first)).size).toBe(12);
        const changed = await c.update(first[3]!.id, { name: 'changed' });
        const fresh = await c.insert({ name: 'fresh' });
        const [second] = await walk(mark);
        expect(ids(second)).toEqual([changed.id, fresh.id]);
      });

      it('continues within an updatedAt tie by id, never skipping', async () => {
        const c = people();
        const docs = await Promise.all(Array.from({ length: 5 }, (_, i) => c.insert({ name: `n${i}` })));
        const target = docs[2]!;
        // A watermark at the same updatedAt but a smaller id must still include the document.
        expect(ids(await c.changedSince({ updatedAt: target.updatedAt, id: '' }, 100))).toContain(target.id);
        expect(ids(await c.changedSince({ updatedAt: target.updatedAt, id: target.id }, 100))).not.toContain(target.id);
        const olderStamp = new Date(Date.parse(target.updatedAt) - 1).toISOString();
        expect(ids(await c.changedSince({ updatedAt: olderStamp, id: 'zzzz' }, 100))[0]).toBe(target.id);
      });

      it('honours the limit', async () => {
        const c = people();
        await Promise.all(Array.from({ length: 8 }, (_, i) => c.insert({ name: `n${i}` })));
        expect(await c.changedSince(null, 3)).toHaveLength(3);
      });
    });

    it('survives close and reopen', (ctx) =>
      withRestartableStore(ctx, async (own, reopen) => {
        const name = uniqueName();
        const c = own.collection<Person>(name);
        await c.ensureIndex({ fields: ['email'], unique: true });
        const a = await c.insert({ name: 'a', email: 'a@example.nl', tags: ['x'] });
        const b = await c.insert({ name: 'b' });
        const d = await c.insert({ name: 'd' });
        const a2 = await c.update(a.id, { age: 7 });
        await c.softDelete(b.id);
        await c.purge(d.id);
        const tomb = await c.get(b.id, { includeDeleted: true });

        const reopened = await reopen();
        await expectAppError(c.get(a.id), 'unavailable'); // the old handle is closed
        const r = reopened.collection<Person>(name);
        expect(await r.get(a.id)).toEqual(a2);
        expect(await r.get(b.id)).toBeNull();
        expect(await r.get(b.id, { includeDeleted: true })).toEqual(tomb);
        expect(await r.get(d.id, { includeDeleted: true })).toBeNull();
        await expectAppError(r.insert({ name: 'dup', email: 'a@example.nl' }), 'conflict');
        const later = await r.insert({ name: 'later' });
        expect(later.updatedAt > tomb!.updatedAt).toBe(true);
      }));

    it('refuses work after close', async () => {
      const own = await makeStore();
      try {
        const c = own.store.collection<Person>(uniqueName());
        await c.insert({ name: 'x' });
        await own.store.close();
        await expectAppError(c.insert({ name: 'y' }), 'unavailable');
        await expectAppError(c.find(), 'unavailable');
      } finally {
        await own.cleanup();
      }
    });
  });
}
