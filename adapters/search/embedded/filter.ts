/**
 * Structured filters over per-field value indexes: `eq`/`in` read a value → id list,
 * ranges and the geo radius read a lazily sorted number column, and the boolean operators
 * combine bitsets. No document is looked at while filtering.
 */
import { invalid } from '../../../core/errors.js';
import type { SearchFilter, SearchScalar } from '../../../core/ports/search.js';
import { Bitset } from './bitset.js';

/** Filter equality is case-insensitive and untyped (`32` equals `"32"`), as in Meilisearch. */
export function valueKey(value: SearchScalar): string {
  return String(value).toLowerCase();
}

interface SortedColumn {
  values: Float64Array;
  ids: Int32Array;
}

/** Numbers with the ids carrying them, sorted on first use after a change. */
export class NumberColumn {
  private values: number[] = [];
  private ids: number[] = [];
  private sorted: SortedColumn | null = null;
  /**
   * The last range answered, by its positions in the sorted column. A bound that moves on
   * every query but between the same two stored values (the freshness filter's `now`) selects
   * the same ids, so it is answered with a copy instead of a walk over most of the column.
   */
  private lastRange: { from: number; to: number; ids: Bitset } | null = null;

  push(value: number, id: number): void {
    this.values.push(value);
    this.ids.push(id);
    this.sorted = null;
    this.lastRange = null;
  }

  /** Adds the ids whose value lies in [lo, hi] to `out` (a blank set) and returns it. */
  range(lo: number, hi: number, out: Bitset): Bitset {
    const s = this.sort();
    const from = lowerBound(s.values, lo);
    const to = upperBound(s.values, hi);
    const last = this.lastRange;
    if (last !== null && last.from === from && last.to === to && last.ids.size === out.size) {
      out.words.set(last.ids.words);
      return out;
    }
    for (let i = from; i < to; i++) out.add(s.ids[i]!);
    this.lastRange = { from, to, ids: out.clone() };
    return out;
  }

  /** The column in value order; the same object until the next `push`. */
  sort(): SortedColumn {
    if (this.sorted !== null) return this.sorted;
    const order = Array.from(this.values.keys()).sort((a, b) => this.values[a]! - this.values[b]!);
    const values = new Float64Array(order.length);
    const ids = new Int32Array(order.length);
    order.forEach((o, i) => {
      values[i] = this.values[o]!;
      ids[i] = this.ids[o]!;
    });
    this.sorted = { values, ids };
    return this.sorted;
  }
}

/** First position whose value is not below `x`. */
const lowerBound = (a: Float64Array, x: number): number => firstWhere(a, (v) => v >= x);
/** First position whose value is above `x`. */
const upperBound = (a: Float64Array, x: number): number => firstWhere(a, (v) => v > x);

/** Binary search for the first position where the (monotone) test holds. */
function firstWhere(a: Float64Array, test: (v: number) => boolean): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (test(a[mid]!)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** One distinct value of a filterable field and the (ascending) ids that carry it. */
export interface ValueEntry {
  /** The value as first seen, for facet labels. */
  display: SearchScalar;
  ids: number[];
  /** Position in the field's `values` (insertion order). */
  ordinal: number;
  /**
   * The ids as a set, kept for values held by many documents (`drivingLicence: true`, a
   * common language) so that a filter on them copies words instead of setting tens of
   * thousands of bits per query. Valid while `ids` has `forLength` entries (ids only grow).
   */
  dense?: { bits: Bitset; forLength: number };
}

/** The value index of one filterable field. Ids only grow; dead ids are masked by `alive`. */
export class FieldIndex {
  readonly values = new Map<string, ValueEntry>();
  readonly numbers = new NumberColumn();
  /**
   * Number of documents with a value here, dead ones included. Counting facets over fewer
   * hits than this is cheaper from the hits' side (see `countValues`).
   */
  docCount = 0;
  /**
   * The other direction, document → its distinct values' ordinals, for counting facets over a
   * few hits: the ordinals of document `id` are `ordinals[from[id]]` up to `ordinals[to[id]]`
   * (a document's values are added one after another, and ids only grow).
   */
  private readonly ordinals: number[] = [];
  private readonly from: number[] = [];
  private readonly to: number[] = [];

  add(id: number, value: SearchScalar): void {
    const key = valueKey(value);
    let entry = this.values.get(key);
    if (entry === undefined) {
      entry = { display: value, ids: [], ordinal: this.values.size };
      this.values.set(key, entry);
    }
    // An array field may repeat a value within one document.
    if (entry.ids[entry.ids.length - 1] !== id) {
      entry.ids.push(id);
      if (this.from[id] === undefined) {
        this.from[id] = this.ordinals.length;
        this.docCount++;
      }
      this.ordinals.push(entry.ordinal);
      this.to[id] = this.ordinals.length;
    }
    if (typeof value === 'number') this.numbers.push(value, id);
  }

  /** Per value ordinal, how many of the (live, distinct) documents `ids` carry it. */
  countValues(ids: number[]): Int32Array {
    const counts = new Int32Array(this.values.size);
    for (const id of ids) {
      const end = this.to[id];
      if (end === undefined) continue;
      for (let i = this.from[id]!; i < end; i++) counts[this.ordinals[i]!]!++;
    }
    return counts;
  }
}

/** One distinct coordinate and the (ascending) ids of the documents placed there. */
interface GeoPoint {
  lat: number;
  lng: number;
  ids: number[];
}

/** The distinct points in latitude order, as columns, so a radius search reads its band sequentially. */
interface PointsByLatitude {
  lats: Float64Array;
  lngs: Float64Array;
  points: GeoPoint[];
}

/**
 * Coordinates by internal id, plus the documents grouped by coordinate in latitude order to
 * cut the radius search to a band. Profiles and vacancies carry their place's gazetteer point,
 * so 100k documents sit on a few thousand points: the distance is computed once per point
 * instead of once per document, with exactly the same arguments, so the same ids pass.
 */
export class GeoIndex {
  lat: Float64Array = new Float64Array(1024).fill(NaN);
  lng: Float64Array = new Float64Array(1024).fill(NaN);
  private readonly points = new Map<string, GeoPoint>();
  /** Rebuilt on first use after a new point appears; a new id at a known point needs no rebuild. */
  private byLatitude: PointsByLatitude | null = null;

  set(id: number, lat: number, lng: number): void {
    if (id >= this.lat.length) {
      const cap = Math.max(id + 1, this.lat.length * 2);
      this.lat = grow(this.lat, cap);
      this.lng = grow(this.lng, cap);
    }
    this.lat[id] = lat;
    this.lng[id] = lng;
    const key = `${lat},${lng}`;
    let point = this.points.get(key);
    if (point === undefined) {
      point = { lat, lng, ids: [] };
      this.points.set(key, point);
      this.byLatitude = null;
    }
    point.ids.push(id);
  }

  /** Adds the ids within `radiusMeters` of the point (great-circle distance) to `out`, a blank set. */
  within(lat: number, lng: number, radiusMeters: number, out: Bitset): Bitset {
    const band = radiusMeters / 111_195 + 1e-9;
    const { lats, lngs, points } = this.sortedPoints();
    const to = upperBound(lats, lat + band);
    // A cheap longitude window first (widened by the band's worst-case latitude) spares most haversines.
    const maxLat = Math.min(89.9, Math.abs(lat) + band);
    const lngBand = band / Math.cos((maxLat * Math.PI) / 180);
    for (let i = lowerBound(lats, lat - band); i < to; i++) {
      const dLng = Math.abs(lngs[i]! - lng);
      if (dLng > lngBand && dLng < 360 - lngBand) continue;
      if (haversineMeters(lat, lng, lats[i]!, lngs[i]!) > radiusMeters) continue;
      for (const id of points[i]!.ids) out.add(id);
    }
    return out;
  }

  distance(id: number, lat: number, lng: number): number | undefined {
    const dLat = this.lat[id];
    return dLat === undefined || Number.isNaN(dLat) ? undefined : haversineMeters(lat, lng, dLat, this.lng[id]!);
  }

  private sortedPoints(): PointsByLatitude {
    if (this.byLatitude !== null) return this.byLatitude;
    const points = [...this.points.values()].sort((a, b) => a.lat - b.lat);
    this.byLatitude = { lats: Float64Array.from(points, (p) => p.lat), lngs: Float64Array.from(points, (p) => p.lng), points };
    return this.byLatitude;
  }
}

function grow(a: Float64Array, cap: number): Float64Array {
  const b = new Float64Array(cap).fill(NaN);
  b.set(a);
  return b;
}

const EARTH_RADIUS_M = 6_371_000;

/** Great-circle distance in meters; the same formula Meilisearch uses for `_geoRadius`. */
export function haversineMeters(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLng = (lng2 - lng1) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** What a filter needs from an index. */
export interface FilterContext {
  alive: Bitset;
  /** A blank set of `size` for this query (pooled: see BitsetPool). */
  blank: () => Bitset;
  filterable: ReadonlySet<string>;
  fields: ReadonlyMap<string, FieldIndex>;
  geo: GeoIndex;
}

function fieldIndex(ctx: FilterContext, field: string): FieldIndex {
  if (!ctx.filterable.has(field)) throw invalid(`Attribute \`${field}\` is not filterable`);
  return ctx.fields.get(field) ?? new FieldIndex();
}

function finite(n: unknown, what: string): number {
  if (typeof n !== 'number' || !Number.isFinite(n)) throw invalid(`${what} must be a finite number`);
  return n;
}

function scalar(v: unknown): SearchScalar {
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  return finite(v, 'A filter value');
}

function idsOf(ctx: FilterContext, index: FieldIndex, values: SearchScalar[]): Bitset {
  const out = ctx.blank();
  for (const v of values) {
    const entry = index.values.get(valueKey(scalar(v)));
    if (entry === undefined) continue;
    // Above one id per 32 possible ones, a word-by-word copy beats setting each bit.
    if (isDense(entry, out.size)) out.or(denseIds(entry, out.size));
    else for (const id of entry.ids) out.add(id);
  }
  return out;
}

/** Whether a value is held by enough documents that its ids are better read as a set. */
export const isDense = (entry: ValueEntry, size: number): boolean => entry.ids.length * 32 >= size;

/** The value's ids as a set of `size` (built once, rebuilt after the value gained ids). */
export function denseIds(entry: ValueEntry, size: number): Bitset {
  const cached = entry.dense;
  if (cached !== undefined && cached.forLength === entry.ids.length && cached.bits.size === size) return cached.bits;
  const bits = new Bitset(size);
  for (const id of entry.ids) bits.add(id);
  entry.dense = { bits, forLength: entry.ids.length };
  return bits;
}

/** The live ids passing `filter`; throws `invalid` for a non-filterable field or a malformed node. */
export function evaluateFilter(filter: SearchFilter, ctx: FilterContext): Bitset {
  return evaluate(filter, ctx).and(ctx.alive);
}

function evaluate(f: SearchFilter, ctx: FilterContext): Bitset {
  if ('and' in f) {
    if (f.and.length === 0) throw invalid('An `and` filter needs at least one operand');
    const [head, ...rest] = f.and.map((x) => evaluate(x, ctx));
    return rest.reduce((acc, b) => acc.and(b), head!);
  }
  if ('or' in f) {
    if (f.or.length === 0) throw invalid('An `or` filter needs at least one operand');
    const [head, ...rest] = f.or.map((x) => evaluate(x, ctx));
    return rest.reduce((acc, b) => acc.or(b), head!);
  }
  if ('not' in f) {
    const out = ctx.blank();
    out.words.set(ctx.alive.words);
    return out.andNot(evaluate(f.not, ctx));
  }
  if ('geoRadius' in f) {
    if (!ctx.filterable.has('_geo')) throw invalid('Attribute `_geo` is not filterable');
    const { lat, lng, radiusMeters } = f.geoRadius;
    return ctx.geo.within(finite(lat, 'lat'), finite(lng, 'lng'), finite(radiusMeters, 'radiusMeters'), ctx.blank());
  }
  if ('eq' in f) return idsOf(ctx, fieldIndex(ctx, f.field), [f.eq]);
  if ('in' in f) return idsOf(ctx, fieldIndex(ctx, f.field), f.in);
  if ('field' in f && (f.gte !== undefined || f.lte !== undefined)) {
    const index = fieldIndex(ctx, f.field);
    const lo = f.gte === undefined ? -Infinity : finite(f.gte, 'gte');
    const hi = f.lte === undefined ? Infinity : finite(f.lte, 'lte');
    return index.numbers.range(lo, hi, ctx.blank());
  }
  throw invalid('Unknown filter shape');
}

/** The centre of the first geo radius in a filter, for reporting distances. */
export function firstGeoPoint(f: SearchFilter | undefined): { lat: number; lng: number } | undefined {
  if (f === undefined) return undefined;
  if ('geoRadius' in f) return f.geoRadius;
  const children = 'and' in f ? f.and : 'or' in f ? f.or : [];
  for (const c of children) {
    const p = firstGeoPoint(c);
    if (p !== undefined) return p;
  }
  return undefined;
}
