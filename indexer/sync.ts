/**
 * Keeps search indexes equal to the store. The store is the source of truth; an index is
 * derived data that can always be rebuilt.
 *
 * Incremental sync reads everything changed after a persisted watermark `(updatedAt, id)` in
 * batches, writes it to the index (tombstones and documents that must not be searchable are
 * deleted), and only then advances the watermark. A crash between the two repeats a batch,
 * which is harmless because index writes are idempotent upserts/deletes by id.
 */
import type { Deps } from '../core/deps.js';
import type { Collection, Stored } from '../core/ports/store.js';
import type { IndexSettings, SearchIndex } from '../core/ports/search.js';

/** One store collection feeding one search index. */
export interface IndexFeed<T extends object = any, D extends { id: string } = any> {
  /** The live index name (`candidates`, `vacancies`). */
  index: string;
  collection: string;
  settings: () => IndexSettings;
  /** The search document, or null when this document must not be searchable (hidden, stale, draft). */
  toDocument(doc: Stored<T>, now: Date): D | null;
  /**
   * A numeric (epoch ms) field after which a search document expires although its source
   * was not written (a profile going stale). Each sync deletes expired documents, since the
   * watermark alone would never revisit them.
   */
  expiresField?: string;
}

interface Watermark {
  updatedAt: string;
  id: string;
}

interface IndexerState {
  watermark: Watermark | null;
  syncedAt: string | null;
  lastRebuildAt: string | null;
  /** Documents read by the sync or rebuild in progress under this key (rebuild progress for `npm run reindex`). */
  processed?: number;
}

/** What `GET /api/v1/admin/reindex` and `npm run reindex` show: per index, when it was synced and rebuilt, and a rebuild in progress. */
export interface IndexStatus {
  syncedAt: string | null;
  lastRebuildAt: string | null;
  /** Present while a rebuild runs: documents read into the fresh index so far. */
  rebuilding?: { processed: number };
}

export interface SyncProgress {
  feed: string;
  processed: number;
}

const STATE_COLLECTION = 'indexer_state';

export class Indexer {
  private readonly state: Collection<IndexerState>;
  /** Serialises syncs and rebuilds within this process: one writer per index at a time. */
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly deps: Pick<Deps, 'store' | 'search' | 'logger' | 'clock'>,
    private readonly feeds: IndexFeed[],
    private readonly batchSize: number,
  ) {
    this.state = deps.store.collection<IndexerState>(STATE_COLLECTION);
  }

  private exclusive<R>(fn: () => Promise<R>): Promise<R> {
    const next = this.running.then(fn, fn);
    this.running = next.catch(() => undefined);
    return next;
  }

  /**
   * Prepare indexes at start: apply settings and, when an index is empty while its watermark
   * says it was filled (the embedded engine lives in memory and starts empty), start over.
   */
  async start(): Promise<void> {
    for (const feed of this.feeds) {
      const index = this.deps.search.index(feed.index);
      await index.configure(feed.settings());
      const state = await this.state.get(feed.index);
      if (state?.watermark && (await index.count()) === 0) {
        this.deps.logger.info({ index: feed.index }, 'index is empty but has a watermark: resyncing from the start');
        await this.state.upsert(feed.index, { ...state, watermark: null });
      }
    }
  }

  /** Sync every feed until nothing is pending. Returns how many documents were processed. */
  syncAll(onProgress?: (p: SyncProgress) => void): Promise<number> {
    return this.exclusive(async () => {
      let total = 0;
      for (const feed of this.feeds) {
        const index = this.deps.search.index(feed.index);
        total += await this.syncFeed(feed, index, feed.index, onProgress);
        total += await this.sweepExpired(feed, index);
      }
      return total;
    });
  }

  private async syncFeed(feed: IndexFeed, index: SearchIndex<any>, stateKey: string, onProgress?: (p: SyncProgress) => void): Promise<number> {
    const source = this.deps.store.collection<object>(feed.collection);
    const state: IndexerState = (await this.state.get(stateKey)) ?? { watermark: null, syncedAt: null, lastRebuildAt: null };
    let watermark = state.watermark;
    let processed = 0;
    for (;;) {
      const batch = await source.changedSince(watermark, this.batchSize);
      if (batch.length === 0) break;
      const now = this.deps.clock.now();
      const upserts: Array<{ id: string }> = [];
      const deletes: string[] = [];
      for (const doc of batch) {
        const searchable = doc.deletedAt ? null : feed.toDocument(doc, now);
        if (searchable) upserts.push(searchable);
        else deletes.push(doc.id);
      }
      if (upserts.length) await index.upsert(upserts);
      if (deletes.length) await index.delete(deletes);
      const last = batch[batch.length - 1]!;
      watermark = { updatedAt: last.updatedAt, id: last.id };
      processed += batch.length;
      await this.state.upsert(stateKey, { ...state, watermark, syncedAt: now.toISOString(), processed });
      onProgress?.({ feed: feed.index, processed });
    }
    return processed;
  }

  /** Delete documents whose `expiresField` has passed; returns how many. */
  private async sweepExpired(feed: IndexFeed, index: SearchIndex<any>): Promise<number> {
    if (!feed.expiresField) return 0;
    const now = this.deps.clock.now().getTime();
    let removed = 0;
    for (;;) {
      const { hits } = await index.search({ filter: { field: feed.expiresField, lte: now }, limit: this.batchSize });
      if (hits.length === 0) return removed;
      await index.delete(hits.map((h) => h.document.id));
      removed += hits.length;
    }
  }

  /**
   * Build a fresh copy of every index from the whole store and swap it in: searches keep
   * answering from the old index until the swap, which is atomic.
   */
  rebuild(onProgress?: (p: SyncProgress) => void): Promise<number> {
    return this.exclusive(async () => {
      let total = 0;
      for (const feed of this.feeds) {
        const nextName = `${feed.index}_rebuild`;
        await this.deps.search.dropIndex(nextName);
        const next = this.deps.search.index(nextName);
        await next.configure(feed.settings());
        const key = `${feed.index}:rebuild`;
        await this.state.purge(key);
        total += await this.syncFeed(feed, next, key, onProgress);
        const built = await this.state.get(key);
        await this.deps.search.swap(feed.index, nextName);
        await this.deps.search.dropIndex(nextName);
        // The rebuilt index is current up to the rebuild's watermark; incremental sync continues from there.
        await this.state.upsert(feed.index, {
          watermark: built?.watermark ?? null,
          syncedAt: this.deps.clock.now().toISOString(),
          lastRebuildAt: this.deps.clock.now().toISOString(),
        });
        await this.state.purge(key);
      }
      return total;
    });
  }

  /**
   * Per index: last sync, last rebuild and the progress of a rebuild under way. Read from the
   * store, so any process (a server answering an admin, the reindex command) sees the
   * indexer's state wherever the indexer runs.
   */
  async status(): Promise<Record<string, IndexStatus>> {
    const out: Record<string, IndexStatus> = {};
    for (const feed of this.feeds) {
      const live = await this.state.get(feed.index);
      const rebuild = await this.state.get(`${feed.index}:rebuild`);
      out[feed.index] = {
        syncedAt: live?.syncedAt ?? null,
        lastRebuildAt: live?.lastRebuildAt ?? null,
        ...(rebuild ? { rebuilding: { processed: rebuild.processed ?? 0 } } : {}),
      };
    }
    return out;
  }

  /** How far each index is behind the store: pending documents (capped) and age of the oldest. */
  async lag(): Promise<Record<string, { pending: number; lagMs: number; syncedAt: string | null }>> {
    const out: Record<string, { pending: number; lagMs: number; syncedAt: string | null }> = {};
    const now = this.deps.clock.now().getTime();
    for (const feed of this.feeds) {
      const state = await this.state.get(feed.index);
      const pending = await this.deps.store.collection<object>(feed.collection).changedSince(state?.watermark ?? null, 1000);
      const oldest = pending[0];
      out[feed.index] = {
        pending: pending.length,
        lagMs: oldest ? Math.max(0, now - Date.parse(oldest.updatedAt)) : 0,
        syncedAt: state?.syncedAt ?? null,
      };
    }
    return out;
  }
}
