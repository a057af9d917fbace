/**
 * The store port: a small document store. The store is the source of truth; the search
 * index and match records are derived from it.
 *
 * Adapters: `adapters/store/embedded.ts` (file-backed, the default) and
 * `adapters/store/mongo.ts` (mongoose). Both pass `test/contract/store.contract.ts`.
 *
 * Every document carries bookkeeping fields the store maintains itself:
 * `id`, `version` (optimistic concurrency), `createdAt`, `updatedAt` (the indexer's
 * watermark) and `deletedAt` (a soft delete, a tombstone until derived data caught up).
 */

/** Bookkeeping fields every stored document has. Set by the store, never by callers. */
export interface StoredMeta {
  id: string;
  /** Starts at 1, +1 on every write. */
  version: number;
  /** ISO-8601 timestamps with millisecond precision. */
  createdAt: string;
  updatedAt: string;
  /** Set by `softDelete`; a tombstoned document is hidden from `get`/`find` unless asked. */
  deletedAt: string | null;
}

export type Stored<T> = T & StoredMeta;

export type Scalar = string | number | boolean | null;

/**
 * A filter on fields (dot paths reach into nested objects; an array field matches when any
 * element matches). Plain values mean equality; an object gives one operator.
 */
export type FieldCondition =
  | Scalar
  | { in: Scalar[] }
  | { ne: Scalar }
  | { gt: string | number }
  | { gte: string | number }
  | { lt: string | number }
  | { lte: string | number }
  | { exists: boolean };

export type Filter = Record<string, FieldCondition>;

export interface FindOptions {
  /** Field to sort by, and direction; ties are always broken by `id` ascending. */
  sort?: { field: string; direction: 'asc' | 'desc' };
  limit?: number;
  /**
   * Keyset pagination: return documents strictly after this (sortValue, id) position in
   * the sort order. Opaque cursors for the API are built from it (core/pagination.ts).
   */
  after?: { value: Scalar; id: string };
  /** Include soft-deleted documents (the indexer needs to see tombstones). */
  includeDeleted?: boolean;
}

export interface UpdateOptions {
  /** Only write when the stored version is this one, else throw `conflict`. */
  ifVersion?: number;
  /** Only write when the stored document also matches this filter, else throw `conflict`. */
  ifMatch?: Filter;
}

/** A unique index over one or more fields; enforced on insert and update. */
export interface IndexSpec {
  fields: string[];
  unique?: boolean;
}

/** One collection of documents of type T (T excludes the bookkeeping fields). */
export interface Collection<T extends object> {
  /** Insert a new document; `id` is generated unless given. Throws `conflict` on a duplicate id or unique key. */
  insert(doc: T & { id?: string }): Promise<Stored<T>>;
  /** The live document with this id, or null (also null when soft-deleted, unless includeDeleted). */
  get(id: string, options?: { includeDeleted?: boolean }): Promise<Stored<T> | null>;
  /** Documents matching the filter, sorted and paginated. */
  find(filter?: Filter, options?: FindOptions): Promise<Stored<T>[]>;
  /** Number of live documents matching the filter. */
  count(filter?: Filter): Promise<number>;
  /**
   * Shallow-merge `patch` into the live document, bump version and updatedAt.
   * Throws `not_found` when absent, `conflict` when a precondition fails or a unique key clashes.
   */
  update(id: string, patch: Partial<T>, options?: UpdateOptions): Promise<Stored<T>>;
  /**
   * Insert or replace the whole document under this id (keeps createdAt, bumps version).
   * Idempotent: the way workers write derived records such as matches.
   */
  upsert(id: string, doc: T): Promise<Stored<T>>;
  /** Mark deleted (tombstone) and bump updatedAt so change feeds see it. Idempotent. */
  softDelete(id: string): Promise<void>;
  /** Remove for good (erasure, or purging tombstones derived data has caught up with). Idempotent. */
  purge(id: string): Promise<void>;
  /** Remove every document matching the filter for good; returns how many. */
  purgeWhere(filter: Filter): Promise<number>;
  /**
   * Everything written after `since` (exclusive; live and tombstoned), oldest first, at most
   * `limit`. Ties in updatedAt are ordered by id, and `afterId` continues within a tie, so
   * a watermark `(updatedAt, id)` never skips a document.
   */
  changedSince(since: { updatedAt: string; id: string } | null, limit: number): Promise<Stored<T>[]>;
  /** Declare an index (idempotent); unique ones are enforced from then on. */
  ensureIndex(spec: IndexSpec): Promise<void>;
}

export interface DocumentStore {
  /** Open (or create) a named collection. Names are lowercase words joined by `_`. */
  collection<T extends object>(name: string): Collection<T>;
  /** Throws `unavailable` when the backend cannot be reached. */
  ping(): Promise<void>;
  /** Flush and release resources. Further calls fail. */
  close(): Promise<void>;
}
