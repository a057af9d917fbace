/**
 * The embedded engine's radius search computes one distance per distinct coordinate and
 * takes every document placed there. These tests check it against a per-document
 * great-circle distance, including after writes that add a new point, move a document to
 * another point or delete one.
 */
import { describe, expect, it } from 'vitest';
import { EmbeddedIndex } from '../../adapters/search/embedded/engine.js';
import { haversineMeters } from '../../adapters/search/embedded/filter.js';
import type { IndexSettings } from '../../core/ports/search.js';

interface Doc {
  id: string;
  title: string;
  _geo: { lat: number; lng: number };
}

const settings: IndexSettings = {
  primaryKey: 'id',
  searchableAttributes: ['title'],
  filterableAttributes: ['_geo'],
  sortableAttributes: ['_geo'],
  synonyms: [],
  stopWords: [],
};

/** A few places, many documents each, as gazetteer points give. */
const PLACES = [
  { lat: 51.9225, lng: 4.47917 }, // Rotterdam
  { lat: 51.8126, lng: 4.69 }, // Dordrecht, ~20 km from Rotterdam
  { lat: 52.0907, lng: 5.1214 }, // Utrecht, ~48 km
  { lat: 52.3676, lng: 4.9041 }, // Amsterdam, ~57 km
  { lat: 51.9225, lng: 4.8 }, // the same latitude as Rotterdam, ~22 km east
];
const CENTRE = PLACES[0]!;

function makeDocs(n: number): Doc[] {
  return Array.from({ length: n }, (_, i) => ({ id: `d${i}`, title: 'medewerker', _geo: PLACES[(i * 7) % PLACES.length]! }));
}

function indexOf(docs: Doc[]): EmbeddedIndex<Doc> {
  const index = new EmbeddedIndex<Doc>();
  index.configure(settings);
  index.upsert(docs);
  return index;
}

const idsWithin = (index: EmbeddedIndex<Doc>, radiusMeters: number): string[] =>
  index
    .search({ filter: { geoRadius: { ...CENTRE, radiusMeters } }, limit: 1000 })
    .hits.map((h) => h.document.id)
    .sort();

const bruteWithin = (docs: Doc[], radiusMeters: number): string[] =>
  docs
    .filter((d) => haversineMeters(CENTRE.lat, CENTRE.lng, d._geo.lat, d._geo.lng) <= radiusMeters)
    .map((d) => d.id)
    .sort();

describe('embedded radius search over shared coordinates', () => {
  const docs = makeDocs(200);

  it.each([1, 20_000, 21_000, 25_000, 50_000, 60_000])('finds every document within %i m, each once', (radius) => {
    const index = indexOf(docs);
    const found = idsWithin(index, radius);
    expect(found).toEqual(bruteWithin(docs, radius));
    expect(new Set(found).size).toBe(found.length);
  });

  it('the radius between two places separates them', () => {
    const index = indexOf(docs);
    const dordrecht = haversineMeters(CENTRE.lat, CENTRE.lng, PLACES[1]!.lat, PLACES[1]!.lng);
    expect(idsWithin(index, Math.floor(dordrecht))).not.toContain('d3');
    expect(idsWithin(index, Math.ceil(dordrecht))).toContain('d3');
  });

  it('follows writes after a search: a new point, a moved document, a deleted one', () => {
    const index = indexOf(docs);
    idsWithin(index, 30_000);
    const nearby = { lat: 51.95, lng: 4.5 };
    const added: Doc = { id: 'new', title: 'medewerker', _geo: nearby };
    // d0 is in Rotterdam; move it to Amsterdam.
    const moved: Doc = { id: 'd0', title: 'medewerker', _geo: PLACES[3]! };
    index.upsert([added, moved]);
    index.delete(['d5']);
    const now = [...docs.filter((d) => d.id !== 'd0' && d.id !== 'd5'), added, moved];
    expect(idsWithin(index, 30_000)).toEqual(bruteWithin(now, 30_000));
    expect(idsWithin(index, 30_000)).toContain('new');
    expect(idsWithin(index, 30_000)).not.toContain('d0');
  });

  it('a document added at a known point is found without a new point', () => {
    const index = indexOf(docs);
    idsWithin(index, 5_000);
    index.upsert([{ id: 'late', title: 'medewerker', _geo: CENTRE }]);
    expect(idsWithin(index, 5_000)).toContain('late');
  });

  it('distance sorting still uses each document’s own point', () => {
    const index = indexOf(docs);
    const hits = index.search({ filter: { geoRadius: { ...CENTRE, radiusMeters: 60_000 } }, sort: [{ geoPoint: CENTRE, direction: 'asc' }], limit: 1000 }).hits;
    const distances = hits.map((h) => h.geoDistanceMeters!);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    expect(hits).toHaveLength(bruteWithin(docs, 60_000).length);
  });
});
