/**
 * The search port's contract: one suite, run once per adapter (embedded always, Meilisearch
 * when MEILI_URL is set). Every test works in its own index and drops it afterwards.
 */
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../core/errors.js';
import type { IndexSettings, SearchEngine, SearchFilter, SearchIndex } from '../../core/ports/search.js';

/** A candidate-like search document, as the fixture holds them. */
export interface CandidateDoc {
  id: string;
  title: string;
  occupation: string;
  sector: string;
  skills: string[];
  place: string;
  region: string;
  hours: number;
  drivingLicence: boolean;
  languages: string[];
  availableFrom: string;
  _geo: { lat: number; lng: number };
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/search-candidates.json', import.meta.url), 'utf8')) as CandidateDoc[];

const settings: IndexSettings = {
  primaryKey: 'id',
  searchableAttributes: ['title', 'occupation', 'skills', 'sector', 'place'],
  filterableAttributes: ['sector', 'skills', 'place', 'region', 'hours', 'drivingLicence', 'languages', '_geo'],
  sortableAttributes: ['hours', 'availableFrom', 'title', '_geo'],
  synonyms: [['ontwikkelaar', 'developer', 'programmeur']],
  stopWords: ['de', 'het', 'een', 'en', 'in', 'van'],
  highlightAttributes: ['title', 'skills'],
};

const ROTTERDAM = { lat: 51.9225, lng: 4.47917 };

const ids = (r: { hits: Array<{ document: { id: string } }> }): string[] => r.hits.map((h) => h.document.id);
const sorted = (xs: string[]): string[] => [...xs].sort();
const where = (p: (d: CandidateDoc) => boolean): string[] => sorted(fixture.filter(p).map((d) => d.id));

async function expectInvalid(p: Promise<unknown>): Promise<void> {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isAppError(error), `expected an AppError, got ${String(error)}`).toBe(true);
  expect((error as { code: string }).code).toBe('invalid');
}

/**
 * Run the search contract against an adapter. `makeEngine` is called once for the suite;
 * `cleanup` runs after it (drop leftovers, close clients).
 */
export function searchContract(name: string, makeEngine: () => Promise<{ engine: SearchEngine; cleanup(): Promise<void> }>): void {
  describe(`search contract: ${name}`, () => {
    let engine: SearchEngine;
    let cleanup: () => Promise<void>;
    let created: string[] = [];

    beforeAll(async () => {
      ({ engine, cleanup } = await makeEngine());
    });
    afterEach(async () => {
      await Promise.all(created.map((n) => engine.dropIndex(n)));
      created = [];
    });
    afterAll(async () => {
      await cleanup();
    });

    /** A fresh, uniquely named index, configured and (unless told otherwise) filled with the fixture. */
    async function freshIndex(docs: CandidateDoc[] = fixture): Promise<SearchIndex<CandidateDoc>> {
      const indexName = `contract_${randomUUID().slice(0, 8)}`;
      created.push(indexName);
      const index = engine.index<CandidateDoc>(indexName);
      await index.configure(settings);
      if (docs.length > 0) await index.upsert(docs);
      return index;
    }

    it('answers ping', async () => {
      await expect(engine.ping()).resolves.toBeUndefined();
    });

    it('finds an exact word, best first, with scores in [0, 1]', async () => {
      const index = await freshIndex();
      const r = await index.search({ q: 'verpleegkundige' });
      expect(ids(r)[0]).toBe('c01');
      for (const h of r.hits) {
        expect(h.score).toBeGreaterThanOrEqual(0);
        expect(h.score).toBeLessThanOrEqual(1);
      }
      expect(r.total).toBe(r.hits.length);
    });

    it('folds case and diacritics', async () => {
      const index = await freshIndex();
      expect(ids(await index.search({ q: 'CAFE' }))).toEqual(['c16']);
      expect(ids(await index.search({ q: 'coordinatie' }))).toEqual(['c02']);
    });

    it('tolerates a typo in a long word', async () => {
      const index = await freshIndex();
      expect(ids(await index.search({ q: 'verpleegkundge' }))).toContain('c01');
      expect(ids(await index.search({ q: 'magazijnmedewreker' }))).toContain('c08');
    });

    it('allows no typo in a short word', async () => {
      const index = await freshIndex();
      expect(ids(await index.search({ q: 'kok' }))).toContain('c15');
      expect(ids(await index.search({ q: 'kik' }))).toEqual([]);
    });

    it('matches the last word as a prefix', async () => {
      const index = await freshIndex();
      expect(ids(await index.search({ q: 'verpleeg' }))).toContain('c01');
      expect(ids(await index.search({ q: 'elektric' }))).toContain('c10');
    });

    it('expands synonyms', async () => {
      const index = await freshIndex();
      const found = ids(await index.search({ q: 'programmeur' }));
      expect(found).toContain('c04');
      expect(found).toContain('c05');
    });

    it('ignores stop words in the query', async () => {
      const index = await freshIndex();
      const plain = ids(await index.search({ q: 'verpleegkundige' }));
      expect(ids(await index.search({ q: 'de verpleegkundige' }))).toEqual(plain);
      expect(ids(await index.search({ q: 'een verpleegkundige in het' }))).toEqual(plain);
    });

    it('returns every document for an empty query, with the filter applied', async () => {
      const index = await freshIndex();
      const all = await index.search({ limit: 100 });
      expect(sorted(ids(all))).toEqual(where(() => true));
      expect(all.total).toBe(fixture.length);
      const zorg = await index.search({ q: '', filter: { field: 'sector', eq: 'Zorg' }, limit: 100 });
      expect(sorted(ids(zorg))).toEqual(where((d) => d.sector === 'Zorg'));
    });

    describe('filters', () => {
      const cases: Array<[string, SearchFilter, (d: CandidateDoc) => boolean]> = [
        ['eq', { field: 'sector', eq: 'ICT' }, (d) => d.sector === 'ICT'],
        ['eq on a boolean', { field: 'drivingLicence', eq: true }, (d) => d.drivingLicence],
        ['eq on a number', { field: 'hours', eq: 40 }, (d) => d.hours === 40],
        ['in', { field: 'place', in: ['Schiedam', 'Vlaardingen'] }, (d) => ['Schiedam', 'Vlaardingen'].includes(d.place)],
        ['range', { field: 'hours', gte: 30, lte: 36 }, (d) => d.hours >= 30 && d.hours <= 36],
        ['open range', { field: 'hours', lte: 24 }, (d) => d.hours <= 24],
        [
          'and',
          { and: [{ field: 'sector', eq: 'Techniek' }, { field: 'drivingLicence', eq: true }] },
          (d) => d.sector === 'Techniek' && d.drivingLicence,
        ],
        ['or', { or: [{ field: 'sector', eq: 'Horeca' }, { field: 'region', eq: 'Groningen' }] }, (d) => d.sector === 'Horeca' || d.region === 'Groningen'],
        ['not', { not: { field: 'sector', in: ['Zorg', 'ICT'] } }, (d) => !['Zorg', 'ICT'].includes(d.sector)],
        ['array field', { field: 'languages', eq: 'pl' }, (d) => d.languages.includes('pl')],
        ['array field with in', { field: 'skills', in: ['java', 'sql'] }, (d) => d.skills.includes('java') || d.skills.includes('sql')],
        [
          'nested',
          { and: [{ field: 'region', eq: 'Rijnmond' }, { not: { or: [{ field: 'sector', eq: 'Zorg' }, { field: 'hours', lte: 20 }] } }] },
          (d) => d.region === 'Rijnmond' && !(d.sector === 'Zorg' || d.hours <= 20),
        ],
      ];
      for (const [label, filter, predicate] of cases) {
        it(label, async () => {
          const index = await freshIndex();
          const r = await index.search({ filter, limit: 100 });
          expect(sorted(ids(r))).toEqual(where(predicate));
          expect(r.total).toBe(r.hits.length);
        });
      }

      it('combines a filter with text', async () => {
        const index = await freshIndex();
        const r = await index.search({ q: 'chauffeur', filter: { field: 'place', eq: 'Dordrecht' } });
        expect(ids(r)).toEqual(['c07']);
      });
    });

    it('filters by geo radius and reports distances', async () => {
      const index = await freshIndex();
      const r = await index.search({ filter: { geoRadius: { ...ROTTERDAM, radiusMeters: 25_000 } }, limit: 100 });
      const found = ids(r);
      expect(found).toContain('c02'); // Schiedam
      expect(found).toContain('c09'); // Capelle aan den IJssel
      expect(found).toContain('c01'); // Rotterdam itself
      expect(found).not.toContain('c03'); // Groningen
      expect(found).not.toContain('c04'); // Utrecht
      expect(found).not.toContain('c05'); // Amsterdam
      for (const h of r.hits) {
        expect(h.geoDistanceMeters).toBeDefined();
        expect(h.geoDistanceMeters!).toBeLessThanOrEqual(25_000);
      }
    });

    it('counts facets over the filtered hits', async () => {
      const index = await freshIndex();
      const filter: SearchFilter = { field: 'sector', in: ['Zorg', 'Logistiek'] };
      const r = await index.search({ filter, facets: ['sector', 'drivingLicence', 'languages'], limit: 0 });
      const expected = fixture.filter((d) => ['Zorg', 'Logistiek'].includes(d.sector));
      expect(r.total).toBe(expected.length);
      expect(r.hits).toEqual([]);
      expect(r.facets['sector']).toEqual({ Zorg: 3, Logistiek: 3 });
      expect(r.facets['drivingLicence']).toEqual({
        true: expected.filter((d) => d.drivingLicence).length,
        false: expected.filter((d) => !d.drivingLicence).length,
      });
      expect(r.facets['languages']?.['pl']).toBe(2);
      expect(r.facets['languages']?.['nl']).toBe(expected.length);
    });

    it('counts facets over text hits only', async () => {
      const index = await freshIndex();
      const r = await index.search({ q: 'chauffeur', facets: ['sector'] });
      expect(r.facets['sector']).toEqual({ Logistiek: r.total });
    });

    it('sorts ascending and descending', async () => {
      const index = await freshIndex();
      const asc = await index.search({ sort: [{ field: 'availableFrom', direction: 'asc' }], limit: 100 });
      expect(ids(asc)).toEqual([...fixture].sort((a, b) => a.availableFrom.localeCompare(b.availableFrom)).map((d) => d.id));
      const desc = await index.search({ sort: [{ field: 'hours', direction: 'desc' }, { field: 'availableFrom', direction: 'asc' }], limit: 100 });
      expect(ids(desc)).toEqual(
        [...fixture].sort((a, b) => b.hours - a.hours || a.availableFrom.localeCompare(b.availableFrom)).map((d) => d.id),
      );
    });

    it('sorts by geo distance', async () => {
      const index = await freshIndex();
      const r = await index.search({ sort: [{ geoPoint: ROTTERDAM, direction: 'asc' }], limit: 100 });
      const distances = r.hits.map((h) => h.geoDistanceMeters!);
      expect(distances).toEqual([...distances].sort((a, b) => a - b));
      expect(distances[0]).toBeLessThan(100);
      expect(ids(r).at(-1)).toMatch(/^c(03|12)$/); // Groningen is farthest
      const far = await index.search({ sort: [{ geoPoint: ROTTERDAM, direction: 'desc' }], limit: 1 });
      expect(ids(far)[0]).toMatch(/^c(03|12)$/);
    });

    it('pages with offset and limit without overlaps', async () => {
      const index = await freshIndex();
      const seen: string[] = [];
      for (let offset = 0; offset < fixture.length; offset += 6) {
        const page = await index.search({ sort: [{ field: 'title', direction: 'asc' }], offset, limit: 6 });
        expect(page.total).toBe(fixture.length);
        seen.push(...ids(page));
      }
      expect(seen).toHaveLength(fixture.length);
      expect(new Set(seen).size).toBe(fixture.length);
      expect((await index.search({ offset: fixture.length, limit: 5 })).hits).toEqual([]);
    });

    it('highlights matched words and escapes HTML', async () => {
      const index = await freshIndex();
      const r = await index.search({ q: 'zonnepanelen', highlight: true });
      const hit = r.hits.find((h) => h.document.id === 'c20');
      const title = hit?.highlights?.['title'] ?? '';
      expect(title).toContain('<mark>zonnepanelen</mark>');
      expect(title).toContain('&lt;b&gt;');
      expect(title).toContain('&amp;');
      expect(title).not.toContain('<b>');
      expect(hit?.highlights?.['skills']).toContain('<mark>zonnepanelen</mark>');
      expect(hit?.document.title).toBe('Monteur <b>zonnepanelen</b> & laadpalen');
    });

    it('upsert replaces a document', async () => {
      const index = await freshIndex();
      const before = fixture.find((d) => d.id === 'c01')!;
      await index.upsert([{ ...before, title: 'Doktersassistent', occupation: 'Doktersassistent', sector: 'Huisartsenzorg' }]);
      expect(await index.count()).toBe(fixture.length);
      expect((await index.get('c01'))?.title).toBe('Doktersassistent');
      expect(ids(await index.search({ q: 'verpleegkundige' }))).not.toContain('c01');
      expect(ids(await index.search({ q: 'doktersassistent' }))).toEqual(['c01']);
      expect(ids(await index.search({ filter: { field: 'sector', eq: 'Zorg' } })).sort()).toEqual(['c02', 'c03']);
    });

    it('delete removes documents and ignores absent ids', async () => {
      const index = await freshIndex();
      await index.delete(['c01', 'does-not-exist']);
      expect(await index.get('c01')).toBeNull();
      expect(await index.count()).toBe(fixture.length - 1);
      expect(sorted(await index.allIds())).toEqual(where((d) => d.id !== 'c01'));
      expect(ids(await index.search({ q: 'verpleegkundige' }))).not.toContain('c01');
    });

    it('swap exchanges the contents of two indexes', async () => {
      const full = await freshIndex();
      const small = await freshIndex(fixture.slice(0, 1));
      await engine.swap(full.name, small.name);
      expect(await full.count()).toBe(1);
      expect(await small.count()).toBe(fixture.length);
      expect(ids(await full.search({ q: 'lasser' }))).toEqual([]);
      expect(ids(await small.search({ q: 'lasser' }))).toEqual(['c12']);
    });

    it('dropIndex forgets the documents', async () => {
      const index = await freshIndex();
      await engine.dropIndex(index.name);
      await engine.dropIndex(index.name); // absent is fine
      expect(await index.count()).toBe(0);
    });

    it('rejects a filter, facet or sort on an attribute not declared for it', async () => {
      const index = await freshIndex();
      await expectInvalid(index.search({ filter: { field: 'title', eq: 'Lasser' } }));
      await expectInvalid(index.search({ filter: { not: { field: 'occupation', in: ['Lasser'] } } }));
      await expectInvalid(index.search({ facets: ['title'] }));
      await expectInvalid(index.search({ sort: [{ field: 'sector', direction: 'asc' }] }));
    });

    describe('hostile filter values match only literally', () => {
      const hostile = ['a" OR sector = "ICT', "') OR (1=1", 'back\\slash\\" OR "x', 'paren) OR (sector = ICT', 'NOT sector EXISTS', '"'];
      const docs: CandidateDoc[] = hostile.map((sector, i) => ({ ...fixture[0]!, id: `h${i}`, sector }));

      it('with eq', async () => {
        const index = await freshIndex([...fixture, ...docs]);
        for (const [i, value] of hostile.entries()) {
          expect(ids(await index.search({ filter: { field: 'sector', eq: value }, limit: 100 }))).toEqual([`h${i}`]);
        }
      });

      it('with in and inside not', async () => {
        const index = await freshIndex([...fixture, ...docs]);
        const r = await index.search({ filter: { field: 'sector', in: hostile }, limit: 100 });
        expect(sorted(ids(r))).toEqual(sorted(docs.map((d) => d.id)));
        const rest = await index.search({ filter: { not: { field: 'sector', in: hostile } }, limit: 100 });
        expect(sorted(ids(rest))).toEqual(where(() => true));
      });

      it('and never widen a query', async () => {
        const index = await freshIndex();
        for (const value of hostile) {
          expect(ids(await index.search({ filter: { field: 'sector', eq: value } }))).toEqual([]);
          expect(ids(await index.search({ filter: { field: 'place', in: [value, 'Nergens'] } }))).toEqual([]);
        }
      });
    });
  });
}
