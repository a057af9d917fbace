/**
 * The search port: full-text search with typo tolerance, prefix, synonyms, structured
 * filters, facets, geo radius and sort.
 *
 * Adapters: `adapters/search/embedded/` (in-process engine, the default) and
 * `adapters/search/meili.ts` (official `meilisearch` client). Both pass
 * `test/contract/search.contract.ts`.
 *
 * Filters are structured values, never strings: the Meilisearch adapter is the only place
 * that turns them into Meilisearch filter syntax, and it escapes every user value there.
 */

export type SearchScalar = string | number | boolean;

/** A structured filter expression. */
export type SearchFilter =
  | { field: string; eq: SearchScalar }
  | { field: string; in: SearchScalar[] }
  | { field: string; gte?: number; lte?: number }
  | { geoRadius: { lat: number; lng: number; radiusMeters: number } }
  | { and: SearchFilter[] }
  | { or: SearchFilter[] }
  | { not: SearchFilter };

export interface IndexSettings {
  /** Primary key field of documents (always `id` in Kansrijk). */
  primaryKey: string;
  /** Searchable fields, most important first (earlier fields rank higher). */
  searchableAttributes: string[];
  filterableAttributes: string[];
  sortableAttributes: string[];
  /** Each entry lists words that mean the same; all are expanded both ways. */
  synonyms: string[][];
  stopWords: string[];
  /** Fields returned with highlighted snippets. */
  highlightAttributes?: string[];
}

export interface SearchQuery {
  /** Free text; empty or absent means "all documents that pass the filter". */
  q?: string;
  filter?: SearchFilter;
  /** Fields to count values for, over all hits that pass the filter. */
  facets?: string[];
  /** e.g. [{ field: 'availableFrom', direction: 'asc' }] or geo distance. */
  sort?: Array<{ field: string; direction: 'asc' | 'desc' } | { geoPoint: { lat: number; lng: number }; direction: 'asc' | 'desc' }>;
  offset?: number;
  limit?: number;
  /** Return `_formatted` snippets with <mark> around matched words. */
  highlight?: boolean;
}

export interface SearchHit<D> {
  document: D;
  /** Relevance in [0, 1], 1 the best; comparable only within one result list. */
  score: number;
  /** Field → snippet with matched words wrapped in <mark>…</mark> (HTML-escaped text). */
  highlights?: Record<string, string>;
  /** Distance in meters from the geo filter / sort point, when one was given. */
  geoDistanceMeters?: number;
}

export interface SearchResult<D> {
  hits: SearchHit<D>[];
  /** Total number of matching documents (exact for the embedded engine, estimated by Meilisearch). */
  total: number;
  /** Facet field → value → count. */
  facets: Record<string, Record<string, number>>;
  processingTimeMs: number;
}

/** Documents carry a `_geo: { lat, lng }` field when they have a location. */
export interface SearchIndex<D extends { id: string }> {
  readonly name: string;
  /** Apply settings (idempotent). Must be called before documents are added. */
  configure(settings: IndexSettings): Promise<void>;
  /** Add or replace documents by primary key. Resolves when they are searchable. */
  upsert(docs: D[]): Promise<void>;
  /** Remove documents by id; absent ids are ignored. Resolves when they are gone. */
  delete(ids: string[]): Promise<void>;
  search(query: SearchQuery): Promise<SearchResult<D>>;
  /** Fetch one document by id, or null. */
  get(id: string): Promise<D | null>;
  /** Every document id in the index (for convergence checks and audits). */
  allIds(): Promise<string[]>;
  count(): Promise<number>;
}

export interface SearchEngine {
  index<D extends { id: string }>(name: string): SearchIndex<D>;
  /** Atomically exchange the contents of two indexes (the reindex swap, no downtime). */
  swap(a: string, b: string): Promise<void>;
  /** Remove an index and its documents; absent is fine. */
  dropIndex(name: string): Promise<void>;
  /** Throws `unavailable` when the backend cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
