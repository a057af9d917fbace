/**
 * The embedded engine reuses work between queries (a cached range, cached typo lookups,
 * reused working arrays, facets counted from whichever side is shorter). These tests check
 * that a query answered with reused state equals the same query on a freshly built index
 * or a brute-force count, including after writes that must invalidate the reuse.
 */
import { describe, expect, it } from 'vitest';
import { EmbeddedIndex } from '../../adapters/search/embedded/engine.js';
import type { IndexSettings, SearchQuery } from '../../core/ports/search.js';

interface Doc {
  id: string;
  title: string;
  tags: string[];
  sector: string;
  freshUntil: number;
}

const settings: IndexSettings = {
  primaryKey: 'id',
  searchableAttributes: ['title', 'tags'],
  filterableAttributes: ['tags', 'sector', 'freshUntil'],
  sortableAttributes: ['freshUntil'],
  synonyms: [['softwareontwikkelaar', 'web developer']],
  stopWords: [],
};

const TITLES = ['verpleegkundige', 'chauffeur', 'web developer', 'magazijnmedewerker', 'kok', 'developer web'];
const TAGS = ['Zorg', 'zorg', 'Rijbewijs', 'Nachtdienst', 'Engels'];

function makeDocs(n: number): Doc[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `d${i}`,
    title: TITLES[i % TITLES.length]!,
    // Repeats and case variants on purpose: a document counts once per (case-folded) value.
    tags: [TAGS[i % 5]!, TAGS[(i * 3) % 5]!, TAGS[i % 5]!],
    sector: i % 7 === 0 ? 'zorg' : 'logistiek',
    freshUntil: 1_000 + i * 10,
  }));
}

function indexOf(docs: Doc[]): EmbeddedIndex<Doc> {
  const index = new EmbeddedIndex<Doc>();
  index.configure(settings);
  index.upsert(docs);
  return index;
}

/** What a search returns apart from its timing. */
const answer = (index: EmbeddedIndex<Doc>, q: SearchQuery) => {
  const { processingTimeMs: _ignored, ...rest } = index.search(q);
  return rest;
};

function bruteFacet(docs: Doc[], field: 'tags' | 'sector'): Record<string, number> {
  const out = new Map<string, { label: string; count: number }>();
  for (const d of docs) {
    const values = ([] as string[]).concat(d[field]);
    for (const key of new Set(values.map((v) => v.toLowerCase()))) {
      const entry = out.get(key) ?? { label: values.find((v) => v.toLowerCase() === key)!, count: 0 };
      entry.count++;
      out.set(key, entry);
    }
  }
  return Object.fromEntries([...out.values()].map((e) => [e.label, e.count]));
}

describe('embedded engine: reuse between queries', () => {
  const docs = makeDocs(400);

  it('counts facets the same whether few or many documents hit', () => {
    const index = indexOf(docs);
    // Labels come from the first document seen with a value, so compare counts by case-folded key.
    const byKey = (r: Record<string, number> | undefined) => Object.fromEntries(Object.entries(r ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    const few = index.search({ filter: { field: 'freshUntil', lte: 1_000 + 20 * 10 }, facets: ['tags', 'sector'], limit: 0 });
    const fewDocs = docs.slice(0, 21);
    expect(few.total).toBe(21);
    expect(byKey(few.facets['tags'])).toEqual(byKey(bruteFacet(fewDocs, 'tags')));
    expect(few.facets['sector']).toEqual(bruteFacet(fewDocs, 'sector'));
    const many = index.search({ facets: ['tags', 'sector'], limit: 0 });
    expect(many.total).toBe(docs.length);
    expect(byKey(many.facets['tags'])).toEqual(byKey(bruteFacet(docs, 'tags')));
    expect(many.facets['sector']).toEqual(bruteFacet(docs, 'sector'));
    // Same labels (the index's first-seen spelling) either way.
    expect(Object.keys(few.facets['tags']!).every((label) => label in many.facets['tags']!)).toBe(true);
  });

  it('answers a repeated range from its cache without leaking one query into the next', () => {
    const index = indexOf(docs);
    const fresh = (now: number, sector?: string): SearchQuery => ({
      filter: sector ? { and: [{ field: 'freshUntil', gte: now }, { field: 'sector', eq: sector }] } : { field: 'freshUntil', gte: now },
      limit: 1000,
    });
    const expected = (now: number, sector?: string) => docs.filter((d) => d.freshUntil >= now && (!sector || d.sector === sector)).map((d) => d.id).sort();
    const got = (q: SearchQuery) => index.search(q).hits.map((h) => h.document.id).sort();
    // The same positions in the column (bounds 3001..3010 select the same documents) with different second filters.
    expect(got(fresh(3001, 'zorg'))).toEqual(expected(3001, 'zorg'));
    expect(got(fresh(3005))).toEqual(expected(3005));
    expect(got(fresh(3009, 'logistiek'))).toEqual(expected(3009, 'logistiek'));
    expect(got(fresh(3010))).toEqual(expected(3010));
    // A write in between the bounds must be seen.
    const added: Doc = { id: 'late', title: 'kok', tags: [], sector: 'zorg', freshUntil: 3_007 };
    index.upsert([added]);
    docs.push(added);
    try {
      expect(got(fresh(3005))).toContain('late');
      expect(got(fresh(3005))).toEqual(expected(3005));
      // And a filter on a value many documents share (answered from a cached set) sees it too.
      expect(got(fresh(3001, 'zorg'))).toContain('late');
      expect(got(fresh(3001, 'zorg'))).toEqual(expected(3001, 'zorg'));
    } finally {
      docs.pop();
    }
  });

  it('gives the same text results on a used index as on a fresh one, and sees new terms', () => {
    const used = indexOf(docs);
    const queries: SearchQuery[] = [
      { q: 'verpleegkundge', limit: 50 },
      { q: 'web developer', limit: 50 },
      { q: 'softwareontwikkelaar', limit: 50 },
      { q: 'chauf', filter: { field: 'sector', eq: 'zorg' }, facets: ['tags'], limit: 50 },
      { q: 'kok magazijn', limit: 50 },
      { q: 'verpleegkundge', limit: 50 },
      { q: 'kok', sort: [{ field: 'freshUntil', direction: 'desc' }], limit: 30 },
      { sort: [{ field: 'freshUntil', direction: 'asc' }], filter: { field: 'sector', eq: 'zorg' }, offset: 5, limit: 30 },
      { q: 'Web', highlight: true, limit: 10 },
    ];
    for (const q of queries) expect(answer(used, q)).toEqual(answer(indexOf(docs), q));
    // The multiword synonym finds exactly the documents holding both words, in either order.
    const synonymHits = used.search({ q: 'softwareontwikkelaar', limit: 1000 }).hits.map((h) => h.document.id).sort();
    expect(synonymHits).toEqual(docs.filter((d) => d.title.includes('web') && d.title.includes('developer')).map((d) => d.id).sort());

    expect(used.search({ q: 'timmerman' }).total).toBe(0);
    used.upsert([{ id: 'new', title: 'timmerman', tags: [], sector: 'bouw', freshUntil: 0 }]);
    // A cached lookup from before the write must not hide the new term (nor its typo'd form).
    expect(used.search({ q: 'timmerman' }).hits.map((h) => h.document.id)).toEqual(['new']);
    expect(used.search({ q: 'timmermna' }).hits.map((h) => h.document.id)).toEqual(['new']);
  });
});

describe('embedded engine: highlighting', () => {
  it('marks matched words, escapes the rest, and handles text with and without accents', () => {
    const index = new EmbeddedIndex<{ id: string; title: string }>();
    index.configure({ ...settings, searchableAttributes: ['title'], filterableAttributes: [], sortableAttributes: [], synonyms: [] });
    index.upsert([
      { id: 'a', title: 'Kok & <souschef> "Kok", kokosnoot' },
      { id: 'b', title: 'Café-kok, Één kok' },
    ]);
    const marked = (q: string) => Object.fromEntries(index.search({ q, highlight: true }).hits.map((h) => [h.document.id, h.highlights?.['title']]));
    // "kok" is not the last word, so it matches whole words only: "kokosnoot" holds it but stays unmarked.
    expect(marked('kok souschef')).toEqual({
      a: '<mark>Kok</mark> &amp; &lt;<mark>souschef</mark>&gt; &quot;<mark>Kok</mark>&quot;, kokosnoot',
      b: 'Café-<mark>kok</mark>, Één <mark>kok</mark>',
    });
    expect(marked('cafe')).toEqual({ b: '<mark>Café</mark>-kok, Één kok' });
  });
});

describe('embedded engine: radius search after writes', () => {
  it('finds documents added or moved after an earlier radius query', () => {
    const index = new EmbeddedIndex<{ id: string; title: string; _geo: { lat: number; lng: number } }>();
    index.configure({ ...settings, searchableAttributes: ['title'], filterableAttributes: ['_geo'], sortableAttributes: [], synonyms: [] });
    const utrecht = { lat: 52.0907, lng: 5.1214 };
    const near = (filterLat: number, filterLng: number) =>
      index.search({ filter: { geoRadius: { lat: filterLat, lng: filterLng, radiusMeters: 10_000 } }, limit: 100 }).hits.map((h) => h.document.id).sort();
    index.upsert([
      { id: 'in', title: 'a', _geo: { lat: 52.1, lng: 5.13 } },
      { id: 'out', title: 'b', _geo: { lat: 52.37, lng: 4.89 } },
    ]);
    expect(near(utrecht.lat, utrecht.lng)).toEqual(['in']);
    index.upsert([
      { id: 'added', title: 'c', _geo: { lat: 52.05, lng: 5.1 } },
      { id: 'out', title: 'b', _geo: { lat: 52.08, lng: 5.15 } },
    ]);
    expect(near(utrecht.lat, utrecht.lng)).toEqual(['added', 'in', 'out']);
    index.upsert([{ id: 'in', title: 'a', _geo: { lat: 53.2, lng: 6.56 } }]);
    expect(near(utrecht.lat, utrecht.lng)).toEqual(['added', 'out']);
  });
});

describe('embedded engine: shared hit documents', () => {
  it('hands out frozen documents, so a caller cannot change what the index holds', () => {
    const index = indexOf(makeDocs(5));
    const [hit] = index.search({ q: 'kok' }).hits;
    expect(hit).toBeDefined();
    expect(() => {
      (hit!.document as { title: string }).title = 'changed';
    }).toThrow(TypeError);
    expect(() => (hit!.document.tags as string[]).push('x')).toThrow(TypeError);
    expect(index.get(hit!.document.id)).toEqual(makeDocs(5).find((d) => d.id === hit!.document.id));
  });
});
