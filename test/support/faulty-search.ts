/**
 * A SearchEngine decorator with an off switch: while `down`, every call fails the way an
 * unreachable Meilisearch does through its adapter (AppError `unavailable`). The embedded
 * engine has no separate process to stop, so the fault tests switch this one off instead.
 */
import { unavailable } from '../../core/errors.js';
import type { SearchEngine, SearchIndex } from '../../core/ports/search.js';

export interface FaultySearch extends SearchEngine {
  down: boolean;
  /** Calls refused while down. */
  refused: number;
}

export function faultySearch(inner: SearchEngine): FaultySearch {
  const gate = <T>(fn: () => Promise<T>): Promise<T> => {
    if (engine.down) {
      engine.refused++;
      return Promise.reject(unavailable('search', new Error('connect ECONNREFUSED (switched off by the test)')));
    }
    return fn();
  };
  const engine: FaultySearch = {
    down: false,
    refused: 0,
    index<D extends { id: string }>(name: string): SearchIndex<D> {
      const index = inner.index<D>(name);
      return {
        name: index.name,
        configure: (settings) => gate(() => index.configure(settings)),
        upsert: (docs) => gate(() => index.upsert(docs)),
        delete: (ids) => gate(() => index.delete(ids)),
        search: (query) => gate(() => index.search(query)),
        get: (id) => gate(() => index.get(id)),
        allIds: () => gate(() => index.allIds()),
        count: () => gate(() => index.count()),
      };
    },
    swap: (a, b) => gate(() => inner.swap(a, b)),
    dropIndex: (name) => gate(() => inner.dropIndex(name)),
    ping: () => gate(() => inner.ping()),
    close: () => inner.close(),
  };
  return engine;
}
