/**
 * One in-process search index. Documents get dense internal integer ids (a replaced
 * document gets a fresh one, so every id list stays sorted by appending); text lives in an
 * inverted index term → {@link Postings}, filterable values in {@link FieldIndex}es, and
 * queries work on bitsets and typed arrays sized by the id range, never on documents,
 * until the final page is built.
 */
import { invalid } from '../../../core/errors.js';
import type { IndexSettings, SearchHit, SearchQuery, SearchResult, SearchScalar } from '../../../core/ports/search.js';
import { Bitset, BitsetPool } from './bitset.js';
import { denseIds, evaluateFilter, FieldIndex, firstGeoPoint, GeoIndex, isDense, type FilterContext } from './filter.js';
import { firstField, Postings } from './postings.js';
import { getPath, highlight, normalize, texts, tokenize } from './text.js';
import { maxTypos, TermTrie } from './typo.js';

/** Meilisearch's rules for document ids and index names; the embedded engine enforces the same. */
const DOC_ID = /^[A-Za-z0-9_-]{1,511}$/;

/** Meilisearch ignores query words beyond the tenth. */
const MAX_QUERY_WORDS = 10;
const DEFAULT_LIMIT = 20;

const DEFAULT_SETTINGS: IndexSettings = {
  primaryKey: 'id',
  searchableAttributes: [],
  filterableAttributes: [],
  sortableAttributes: [],
  synonyms: [],
  stopWords: [],
};

/** One way a query word can match: a dictionary term, or all words of a multiword synonym. */
interface Alternative {
  terms: string[];
  typos: number;
  exact: boolean;
}

/** Text-matched candidates with their ranking keys, in ascending id order. */
interface TextMatch {
  ids: number[];
  /** words, typo and attribute rules folded into one number, higher better. */
  major: Float64Array;
  exact: Uint8Array;
  score: Float64Array;
  terms: Set<string>;
}

type SortKey = number | string | undefined;
type SortSpec = NonNullable<SearchQuery['sort']>[number];

export class EmbeddedIndex<D extends { id: string }> {
  private settings: IndexSettings = DEFAULT_SETTINGS;
  private stopWords = new Set<string>();
  /** normalized word → other ways to say it, each a word sequence. */
  private synonyms = new Map<string, string[][]>();
  /** Searchable field → rank; filled from settings, or on first sight when none are set (Meilisearch's `*`). */
  private fieldRank = new Map<string, number>();
  private filterable = new Set<string>();
  private sortable = new Set<string>();

  private docs: Array<D | undefined> = [];
  private byExternal = new Map<string, number>();
  private alive = new Bitset(1024);
  private readonly bitsets = new BitsetPool();
  private dead = 0;
  private postings = new Map<string, Postings>();
  private trie = new TermTrie();
  private fields = new Map<string, FieldIndex>();
  private geo = new GeoIndex();
  /**
   * Typo-tolerant lookups of recent query words, valid while the dictionary is unchanged
   * (the same trie, whose `size` grows with every new term; configure and rebuild make a new
   * trie): a trie walk costs far more than the search it feeds when the same words come back
   * query after query.
   */
  private alternativesCache = { trie: null as TermTrie | null, size: -1, byWord: new Map<string, Alternative[]>() };
  /**
   * Per-query working arrays sized by the id range, reused across queries (a search runs to
   * the end synchronously, so no two use them at once): allocating and zeroing them for every
   * query made the garbage collector the largest cost under load.
   */
  private scratch = {
    size: 0,
    perWord: [] as Array<{ typos: Uint8Array; attr: Uint8Array; exact: Uint8Array }>,
    position: new Int32Array(0),
    hitIndex: new Int32Array(0),
  };

  /** Replace the settings and re-index what is already there. */
  configure(settings: IndexSettings): void {
    this.settings = { ...settings };
    this.stopWords = new Set(settings.stopWords.flatMap(tokenize));
    this.synonyms = new Map();
    for (const group of settings.synonyms) {
      const forms = group.map(tokenize).filter((f) => f.length > 0);
      for (const form of forms) {
        // Only single-word keys: a multiword phrase typed in a query is matched word by word.
        if (form.length !== 1) continue;
        const key = form[0]!;
        const others = forms.filter((f) => f.join(' ') !== key);
        this.synonyms.set(key, [...(this.synonyms.get(key) ?? []), ...others]);
      }
    }
    this.filterable = new Set(settings.filterableAttributes);
    this.sortable = new Set(settings.sortableAttributes);
    this.rebuild();
  }

  upsert(docs: D[]): void {
    const pk = this.settings.primaryKey;
    // Validate the whole batch first so that a bad document leaves the index untouched, like a failed Meilisearch task.
    const prepared = docs.map((doc) => {
      const id = getPath(doc, pk);
      if (typeof id !== 'string' || !DOC_ID.test(id)) throw invalid(`Document id must match ${DOC_ID.source}`);
      const geo = (doc as Record<string, unknown>)['_geo'];
      if (geo !== undefined && geo !== null) {
        const { lat, lng } = geo as { lat?: unknown; lng?: unknown };
        if (typeof lat !== 'number' || typeof lng !== 'number' || !Number.isFinite(lat) || !Number.isFinite(lng)) {
          throw invalid(`Document ${id}: _geo needs numeric lat and lng`);
        }
      }
      return { id, doc: deepFreeze(structuredClone(doc)) };
    });
    for (const { id, doc } of prepared) {
      this.remove(id);
      this.add(id, doc);
    }
    this.maybeCompact();
  }

  delete(ids: string[]): void {
    for (const id of ids) this.remove(id);
    this.maybeCompact();
  }

  get(id: string): D | null {
    const internal = this.byExternal.get(id);
    const doc = internal === undefined ? undefined : this.docs[internal];
    return doc === undefined ? null : structuredClone(doc);
  }

  allIds(): string[] {
    return [...this.byExternal.keys()];
  }

  count(): number {
    return this.byExternal.size;
  }

  search(query: SearchQuery): SearchResult<D> {
    try {
      return this.run(query);
    } finally {
      this.bitsets.releaseAll();
    }
  }

  /** A blank set over the id range, for the current query only. */
  private blank(): Bitset {
    return this.bitsets.take(this.alive.size);
  }

  private run(query: SearchQuery): SearchResult<D> {
    const started = performance.now();
    const offset = query.offset ?? 0;
    const limit = query.limit ?? DEFAULT_LIMIT;
    if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(limit) || limit < 0) {
      throw invalid('offset and limit must be non-negative integers');
    }
    const sort = query.sort ?? [];
    for (const s of sort) {
      if ('field' in s && !this.sortable.has(s.field)) throw invalid(`Attribute \`${s.field}\` is not sortable`);
      if ('geoPoint' in s && !this.sortable.has('_geo')) throw invalid('Attribute `_geo` is not sortable');
    }
    for (const f of query.facets ?? []) {
      if (!this.filterable.has(f)) throw invalid(`Attribute \`${f}\` is not filterable, so it cannot be a facet`);
    }

    const allowed = query.filter === undefined ? this.blank().or(this.alive) : evaluateFilter(query.filter, this.filterContext());
    const words = this.queryWords(query.q ?? '');
    const text = words.length > 0 ? this.matchText(words, allowed) : undefined;
    const hitIds = text?.ids ?? allowed.toArray();
    const hitSet = text === undefined ? allowed : addAll(this.blank(), hitIds);

    // Lookups by internal id go through typed arrays and columns, not Maps: this comparator runs once per hit.
    // Only the hits' slots are written and read, so the reused array needs no clearing.
    const position = this.scratchArrays().position;
    if (text !== undefined) text.ids.forEach((id, i) => (position[id] = i));
    const columns = sort.map((s) => this.sortColumn(s, hitIds));
    // Sort columns are indexed by the hit's place in `hitIds`, so they are as long as the hits, not the id range.
    const hitIndex = this.scratchArrays().hitIndex;
    if (sort.length > 0) hitIds.forEach((id, i) => (hitIndex[id] = i));
    const compare = (a: number, b: number): number => {
      if (text !== undefined) {
        const pa = position[a]!;
        const pb = position[b]!;
        // Meilisearch's default order: words, typo, (proximity), attribute, sort, exactness.
        const major = text.major[pb]! - text.major[pa]!;
        if (major !== 0) return major;
        const bySort = compareColumns(hitIndex[a]!, hitIndex[b]!, columns, sort);
        if (bySort !== 0) return bySort;
        const exact = text.exact[pb]! - text.exact[pa]!;
        if (exact !== 0) return exact;
      } else {
        const bySort = compareColumns(hitIndex[a]!, hitIndex[b]!, columns, sort);
        if (bySort !== 0) return bySort;
      }
      return a - b;
    };
    const page = selectTop(hitIds, compare, offset + limit).slice(offset);

    const geoPoint = sort.map((s) => ('geoPoint' in s ? s.geoPoint : undefined)).find((p) => p !== undefined) ?? firstGeoPoint(query.filter);
    const highlightFields = this.settings.highlightAttributes ?? [...this.fieldRank.keys()];
    const hits = page.map((id): SearchHit<D> => {
      const doc = this.docs[id]!;
      // The stored document is frozen, so hits can share it: copying every hit's document was
      // a tenth of a loaded search's time, and a caller that tries to change one gets a TypeError.
      const hit: SearchHit<D> = { document: doc, score: text === undefined ? 1 : text.score[position[id]!]! };
      if (query.highlight === true) hit.highlights = this.highlights(doc, highlightFields, text?.terms ?? new Set());
      if (geoPoint !== undefined) {
        const d = this.geo.distance(id, geoPoint.lat, geoPoint.lng);
        if (d !== undefined) hit.geoDistanceMeters = Math.round(d);
      }
      return hit;
    });

    return {
      hits,
      total: hitIds.length,
      facets: this.facets(query.facets ?? [], hitSet, hitIds),
      processingTimeMs: Math.round(performance.now() - started),
    };
  }

  // ── indexing ───────────────────────────────────────────────────────────────

  private add(externalId: string, doc: D): void {
    const id = this.docs.length;
    this.docs.push(doc);
    this.byExternal.set(externalId, id);
    if (id >= this.alive.size) {
      const bigger = new Bitset(this.alive.size * 2);
      bigger.words.set(this.alive.words);
      this.alive = bigger;
    }
    this.alive.add(id);

    const explicit = this.settings.searchableAttributes.length > 0;
    const fieldNames = explicit ? this.settings.searchableAttributes : Object.keys(doc).filter((k) => k !== '_geo');
    for (const field of fieldNames) {
      let rank = this.fieldRank.get(field);
      if (rank === undefined) {
        rank = this.fieldRank.size;
        this.fieldRank.set(field, rank);
      }
      const bit = 1 << Math.min(rank, 31);
      for (const t of texts(getPath(doc, field))) {
        for (const word of tokenize(t)) {
          if (this.stopWords.has(word)) continue;
          let p = this.postings.get(word);
          if (p === undefined) {
            p = new Postings();
            this.postings.set(word, p);
            this.trie.add(word);
          }
          p.push(id, bit);
        }
      }
    }

    for (const field of this.filterable) {
      if (field === '_geo') continue;
      const values = scalars(getPath(doc, field));
      if (values.length === 0) continue;
      let index = this.fields.get(field);
      if (index === undefined) {
        index = new FieldIndex();
        this.fields.set(field, index);
      }
      for (const v of values) index.add(id, v);
    }

    const geo = (doc as Record<string, unknown>)['_geo'] as { lat: number; lng: number } | undefined | null;
    if (geo !== undefined && geo !== null) this.geo.set(id, geo.lat, geo.lng);
  }

  private remove(externalId: string): void {
    const id = this.byExternal.get(externalId);
    if (id === undefined) return;
    this.byExternal.delete(externalId);
    this.docs[id] = undefined;
    this.alive.delete(id);
    this.dead++;
  }

  /** Dead ids cost memory and scan time; rebuild once they outnumber the living. */
  private maybeCompact(): void {
    if (this.dead > 1000 && this.dead > this.byExternal.size) this.rebuild();
  }

  private rebuild(): void {
    const live = this.docs.filter((d): d is D => d !== undefined);
    this.docs = [];
    this.byExternal = new Map();
    this.alive = new Bitset(Math.max(1024, live.length * 2));
    this.dead = 0;
    this.postings = new Map();
    this.trie = new TermTrie();
    this.fields = new Map();
    this.geo = new GeoIndex();
    this.fieldRank = new Map(this.settings.searchableAttributes.map((f, i) => [f, i]));
    for (const doc of live) this.add(getPath(doc, this.settings.primaryKey) as string, doc);
  }

  // ── querying ───────────────────────────────────────────────────────────────

  private filterContext(): FilterContext {
    return { alive: this.alive, blank: () => this.blank(), filterable: this.filterable, fields: this.fields, geo: this.geo };
  }

  private queryWords(q: string): string[] {
    const all = tokenize(q).slice(0, MAX_QUERY_WORDS);
    // A query of nothing but stop words behaves like an empty query rather than matching nothing.
    return all.filter((w) => !this.stopWords.has(w));
  }

  private alternatives(word: string, isLast: boolean): Alternative[] {
    const cache = this.alternativesCache;
    if (cache.trie !== this.trie || cache.size !== this.trie.size) {
      cache.trie = this.trie;
      cache.size = this.trie.size;
      cache.byWord.clear();
    }
    const key = `${isLast ? 'p' : 'w'}:${word}`;
    let out = cache.byWord.get(key);
    if (out === undefined) {
      // A bounded cache: forget everything rather than track recency, refilling is cheap.
      if (cache.byWord.size >= 10_000) cache.byWord.clear();
      out = this.lookupAlternatives(word, isLast);
      cache.byWord.set(key, out);
    }
    return out;
  }

  private lookupAlternatives(word: string, isLast: boolean): Alternative[] {
    const out: Alternative[] = this.trie
      .lookup(word, maxTypos(word), isLast)
      .map((m) => ({ terms: [m.term], typos: m.typos, exact: m.typos === 0 && !m.prefix }));
    for (const synonym of this.synonyms.get(word) ?? []) out.push({ terms: synonym, typos: 0, exact: true });
    return out;
  }

  /**
   * Meilisearch's `last` matching strategy: a hit matches the first query word, and ranks by
   * how many leading query words it matches, then fewer typos, then earlier attributes,
   * then exact (non-typo, non-prefix) matches.
   */
  private matchText(words: string[], allowed: Bitset): TextMatch {
    const scratch = this.scratchArrays();
    const touchedPerWord: number[][] = [];
    try {
      return this.matchTextInto(words, allowed, scratch.perWord, touchedPerWord);
    } finally {
      // Put the reused arrays back to their blank state: only touched ids were written.
      touchedPerWord.forEach((touched, i) => {
        const { typos, attr, exact } = scratch.perWord[i]!;
        for (const id of touched) {
          typos[id] = 255;
          attr[id] = 0;
          exact[id] = 0;
        }
      });
    }
  }

  /** The working arrays for the current id range (re-made only when the range changes). */
  private scratchArrays(): EmbeddedIndex<D>['scratch'] {
    const size = this.alive.size;
    if (this.scratch.size !== size) {
      this.scratch = {
        size,
        perWord: Array.from({ length: MAX_QUERY_WORDS }, () => ({ typos: new Uint8Array(size).fill(255), attr: new Uint8Array(size), exact: new Uint8Array(size) })),
        position: new Int32Array(size),
        hitIndex: new Int32Array(size),
      };
    }
    return this.scratch;
  }

  private matchTextInto(
    words: string[],
    allowed: Bitset,
    blank: Array<{ typos: Uint8Array; attr: Uint8Array; exact: Uint8Array }>,
    touchedPerWord: number[][],
  ): TextMatch {
    const n = words.length;
    const perWord: Array<{ typos: Uint8Array; attr: Uint8Array; exact: Uint8Array }> = [];
    const terms = new Set<string>();
    let candidates = allowed;
    let first: number[] = [];
    for (let i = 0; i < n; i++) {
      const { typos, attr, exact } = blank[i]!;
      const touched: number[] = [];
      touchedPerWord.push(touched);
      const mask = candidates.words;
      const visit = (id: number, fieldMask: number, alt: Alternative): void => {
        if ((mask[id >>> 5]! & (1 << (id & 31))) === 0) return;
        const t = typos[id]!;
        const a = firstField(fieldMask);
        if (t === 255) touched.push(id);
        if (alt.typos < t) {
          typos[id] = alt.typos;
          attr[id] = a;
          exact[id] = alt.exact ? 1 : 0;
        } else if (alt.typos === t) {
          if (a < attr[id]!) attr[id] = a;
          if (alt.exact) exact[id] = 1;
        }
      };
      for (const alt of this.alternatives(words[i]!, i === n - 1)) {
        for (const t of alt.terms) terms.add(t);
        if (alt.terms.length === 1) {
          const p = this.postings.get(alt.terms[0]!);
          if (p === undefined) continue;
          for (let k = 0; k < p.length; k++) visit(p.ids[k]!, p.masks[k]!, alt);
        } else {
          for (const [id, fieldMask] of this.allOf(alt.terms)) visit(id, fieldMask, alt);
        }
      }
      perWord.push({ typos, attr, exact });
      if (i === 0) {
        // Later words only refine documents that matched the first one.
        candidates = addAll(this.blank(), touched);
        first = candidates.toArray();
      }
    }

    const fields = Math.max(1, Math.min(32, this.fieldRank.size));
    const maxTypoSum = words.reduce((s, w) => s + maxTypos(w), 0);
    const maxAttrSum = (fields - 1) * n;
    const radixT = maxTypoSum + 1;
    const radixA = maxAttrSum + 1;
    const radixE = n + 1;
    const best = ((n * radixT + maxTypoSum) * radixA + maxAttrSum) * radixE + n;
    const major = new Float64Array(first.length);
    const exactOut = new Uint8Array(first.length);
    const score = new Float64Array(first.length);
    first.forEach((id, idx) => {
      let matched = 0;
      let typoSum = 0;
      let attrSum = 0;
      let exactSum = 0;
      for (const w of perWord) {
        const t = w.typos[id]!;
        if (t === 255) break;
        matched++;
        typoSum += t;
        attrSum += w.attr[id]!;
        exactSum += w.exact[id]!;
      }
      const m = (matched * radixT + (maxTypoSum - typoSum)) * radixA + (maxAttrSum - Math.min(attrSum, maxAttrSum));
      major[idx] = m;
      exactOut[idx] = exactSum;
      score[idx] = (m * radixE + exactSum) / best;
    });
    return { ids: first, major, exact: exactOut, score, terms };
  }

  /**
   * Documents containing every one of `terms` (a multiword synonym), with the union of their
   * field masks: a merge of the ascending posting lists, shortest first.
   */
  private allOf(terms: string[]): Array<[number, number]> {
    const lists: Postings[] = [];
    for (const t of terms) {
      const p = this.postings.get(t);
      if (p === undefined) return [];
      lists.push(p);
    }
    lists.sort((a, b) => a.length - b.length);
    const [shortest, ...rest] = lists;
    if (shortest === undefined) return [];
    let acc: Array<[number, number]> = [];
    for (let k = 0; k < shortest.length; k++) acc.push([shortest.ids[k]!, shortest.masks[k]!]);
    for (const p of rest) {
      const next: Array<[number, number]> = [];
      let k = 0;
      for (const [id, mask] of acc) {
        while (k < p.length && p.ids[k]! < id) k++;
        if (k === p.length) break;
        if (p.ids[k] === id) next.push([id, mask | p.masks[k]!]);
      }
      acc = next;
    }
    return acc;
  }

  /**
   * Value counts over the hits. Walks whichever is shorter: the field's id lists (all of
   * its values in the index), or the hits' own values (a selective query has few hits).
   */
  private facets(fields: string[], hits: Bitset, hitIds: number[]): Record<string, Record<string, number>> {
    const out: Record<string, Record<string, number>> = {};
    for (const field of fields) {
      const index = this.fields.get(field);
      if (index === undefined) out[field] = {};
      else if (hitIds.length * 2 < index.docCount) out[field] = facetFromHits(index, hitIds);
      else out[field] = facetFromIndex(index, hits);
    }
    return out;
  }

  /** The sort values of the hits, in the order of `ids`. */
  private sortColumn(s: SortSpec, ids: number[]): SortKey[] {
    if ('geoPoint' in s) return ids.map((id) => this.geo.distance(id, s.geoPoint.lat, s.geoPoint.lng));
    return ids.map((id) => sortValue(getPath(this.docs[id], s.field)));
  }

  private highlights(doc: D, fields: string[], terms: ReadonlySet<string>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const field of fields) {
      const parts = texts(getPath(doc, field));
      if (parts.length > 0) out[field] = parts.map((p) => highlight(p, terms)).join(', ');
    }
    return out;
  }
}

function facetFromHits(index: FieldIndex, hitIds: number[]): Record<string, number> {
  const byOrdinal = index.countValues(hitIds);
  const counts: Record<string, number> = {};
  // The index's order and labels, so both ways give the same answer.
  for (const entry of index.values.values()) {
    const c = byOrdinal[entry.ordinal]!;
    if (c > 0) counts[String(entry.display)] = c;
  }
  return counts;
}

function facetFromIndex(index: FieldIndex, hits: Bitset): Record<string, number> {
  const mask = hits.words;
  const counts: Record<string, number> = {};
  for (const entry of index.values.values()) {
    let c = 0;
    if (isDense(entry, hits.size)) c = denseIds(entry, hits.size).countCommon(hits);
    else for (const id of entry.ids) if ((mask[id >>> 5]! & (1 << (id & 31))) !== 0) c++;
    if (c > 0) counts[String(entry.display)] = c;
  }
  return counts;
}

function addAll(set: Bitset, ids: Iterable<number>): Bitset {
  for (const id of ids) set.add(id);
  return set;
}

/** Freeze a plain JSON-like value and everything in it. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function scalars(value: unknown): SearchScalar[] {
  if (typeof value === 'string' || typeof value === 'boolean') return [value];
  if (typeof value === 'number') return Number.isFinite(value) ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(scalars);
  return [];
}

function sortValue(value: unknown): SortKey {
  const first = Array.isArray(value) ? value.find((v) => v !== null && v !== undefined) : value;
  if (typeof first === 'number') return Number.isFinite(first) ? first : undefined;
  if (typeof first === 'string') return normalize(first);
  if (typeof first === 'boolean') return String(first);
  return undefined;
}

/** Missing values go last in both directions, numbers before strings, as in Meilisearch. */
function compareColumns(a: number, b: number, columns: SortKey[][], sort: SortSpec[]): number {
  for (let i = 0; i < columns.length; i++) {
    const x = columns[i]![a];
    const y = columns[i]![b];
    if (x === y) continue;
    if (x === undefined) return 1;
    if (y === undefined) return -1;
    let c: number;
    if (typeof x === 'number' && typeof y === 'number') c = x - y;
    else if (typeof x === 'number') c = -1;
    else if (typeof y === 'number') c = 1;
    else c = x < y ? -1 : 1;
    if (c !== 0) return sort[i]!.direction === 'desc' ? -c : c;
  }
  return 0;
}

/**
 * The first `k` of `ids` under `compare`, sorted. A bounded insertion buffer: most ids lose
 * to the current k-th and cost one comparison, so a page of 20 out of 100k hits is cheap.
 */
function selectTop(ids: number[], compare: (a: number, b: number) => number, k: number): number[] {
  if (k === 0) return [];
  if (k * 8 >= ids.length) return [...ids].sort(compare).slice(0, k);
  const buf: number[] = [];
  for (const id of ids) {
    if (buf.length === k && compare(id, buf[k - 1]!) >= 0) continue;
    let lo = 0;
    let hi = buf.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(buf[mid]!, id) <= 0) lo = mid + 1;
      else hi = mid;
    }
    buf.splice(lo, 0, id);
    if (buf.length > k) buf.pop();
  }
  return buf;
}
