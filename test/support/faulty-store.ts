/**
 * A DocumentStore decorator whose writes can be switched to fail, as a MongoDB primary that
 * steps down or a full disk would: every write throws AppError `unavailable` while
 * `failWrites` is set, reads keep working. Used to prove that a failed write surfaces as a
 * 503 and is never reported as saved.
 */
import { unavailable } from '../../core/errors.js';
import type { Collection, DocumentStore } from '../../core/ports/store.js';

export interface FaultyStore extends DocumentStore {
  failWrites: boolean;
  /** Writes refused so far, by collection. */
  refused: Record<string, number>;
}

const WRITES = ['insert', 'update', 'upsert', 'softDelete', 'purge', 'purgeWhere'] as const;

export function faultyStore(inner: DocumentStore): FaultyStore {
  const store: FaultyStore = {
    failWrites: false,
    refused: {},
    collection<T extends object>(name: string): Collection<T> {
      const collection = inner.collection<T>(name);
      const wrapped = Object.create(collection) as Collection<T>;
      for (const method of WRITES) {
        const original = (collection[method] as (...args: unknown[]) => Promise<unknown>).bind(collection);
        (wrapped as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
          if (!store.failWrites) return original(...args);
          store.refused[name] = (store.refused[name] ?? 0) + 1;
          return Promise.reject(unavailable('store', new Error('not primary (switched off by the test)')));
        };
      }
      return wrapped;
    },
    ping: () => inner.ping(),
    close: () => inner.close(),
  };
  return store;
}
