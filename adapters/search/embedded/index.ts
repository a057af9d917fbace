/**
 * The embedded search adapter: the default search engine, in process, no server needed.
 * See `engine.ts` for how an index is laid out and `core/ports/search.ts` for the contract.
 */
import { invalid } from '../../../core/errors.js';
import type { SearchEngine, SearchIndex } from '../../../core/ports/search.js';
import { EmbeddedIndex } from './engine.js';

/** Meilisearch's rule for index uids, enforced here too so that a name valid in one is valid in both. */
const INDEX_NAME = /^[A-Za-z0-9_-]{1,400}$/;

/**
 * Create an in-process search engine. Indexes are created on first use; all state is in
 * memory (the index is derived data, rebuilt from the store on start).
 */
export function createEmbeddedSearch(): SearchEngine {
  const indexes = new Map<string, EmbeddedIndex<{ id: string }>>();

  // Handles look their index up on every call, so a handle taken before a swap sees the new contents.
  const state = <D extends { id: string }>(name: string): EmbeddedIndex<D> => {
    let idx = indexes.get(name);
    if (idx === undefined) {
      idx = new EmbeddedIndex();
      indexes.set(name, idx);
    }
    return idx as unknown as EmbeddedIndex<D>;
  };
  const checkName = (name: string): void => {
    if (!INDEX_NAME.test(name)) throw invalid(`Index name must match ${INDEX_NAME.source}`);
  };

  return {
    index<D extends { id: string }>(name: string): SearchIndex<D> {
      checkName(name);
      return {
        name,
        configure: async (settings) => state<D>(name).configure(settings),
        upsert: async (docs) => state<D>(name).upsert(docs),
        delete: async (ids) => state<D>(name).delete(ids),
        search: async (query) => state<D>(name).search(query),
        get: async (id) => state<D>(name).get(id),
        allIds: async () => state<D>(name).allIds(),
        count: async () => state<D>(name).count(),
      };
    },
    async swap(a, b) {
      checkName(a);
      checkName(b);
      const left = state(a);
      indexes.set(a, state(b));
      indexes.set(b, left);
    },
    async dropIndex(name) {
      indexes.delete(name);
    },
    async ping() {},
    async close() {
      indexes.clear();
    },
  };
}
