/**
 * A search engine whose index writes are durable: every upsert, delete, swap and drop is
 * appended to a JSONL file and fsynced before it is applied to the inner (in-memory)
 * engine and acknowledged, the way Meilisearch persists a task before reporting it done.
 * On open, the file is replayed. A torn last line (a kill in mid-write) is a write that
 * was never acknowledged, so it is dropped, exactly like a request that never reached the
 * server.
 *
 * It lets a test kill the indexer with SIGKILL and still see what the index held, which an
 * in-memory engine cannot show across processes.
 */
import { open, readFile } from 'node:fs/promises';
import type { SearchEngine, SearchIndex } from '../../core/ports/search.js';

type Op =
  | { op: 'upsert'; index: string; docs: Array<{ id: string }> }
  | { op: 'delete'; index: string; ids: string[] }
  | { op: 'swap'; a: string; b: string }
  | { op: 'drop'; index: string };

/** Read a mirror file into index name → id → document (complete lines only). */
export async function readMirror(file: string): Promise<Map<string, Map<string, Record<string, unknown>>>> {
  const text = await readFile(file, 'utf8').catch(() => '');
  const indexes = new Map<string, Map<string, Record<string, unknown>>>();
  const get = (name: string) => indexes.get(name) ?? indexes.set(name, new Map()).get(name)!;
  for (const op of ops(text)) {
    if (op.op === 'upsert') for (const d of op.docs) get(op.index).set(d.id, d as Record<string, unknown>);
    else if (op.op === 'delete') for (const id of op.ids) get(op.index).delete(id);
    else if (op.op === 'drop') indexes.delete(op.index);
    else {
      const [a, b] = [get(op.a), get(op.b)];
      indexes.set(op.a, b).set(op.b, a);
    }
  }
  return indexes;
}

function ops(text: string): Op[] {
  const lines = text.split('\n');
  // Only lines ended by a newline were acknowledged.
  lines.pop();
  return lines.map((l) => JSON.parse(l) as Op);
}

/** Wrap `inner` so that its index writes survive a SIGKILL; replays `file` into it first. */
export async function openMirroredSearch(inner: SearchEngine, file: string): Promise<SearchEngine> {
  const existing = await readFile(file, 'utf8').catch(() => '');
  for (const op of ops(existing)) {
    if (op.op === 'upsert') await inner.index(op.index).upsert(op.docs);
    else if (op.op === 'delete') await inner.index(op.index).delete(op.ids);
    else if (op.op === 'drop') await inner.dropIndex(op.index);
    else await inner.swap(op.a, op.b);
  }
  // Cut a torn tail so the next append starts on a fresh line.
  const keep = existing.slice(0, existing.lastIndexOf('\n') + 1);
  const fh = await open(file, 'w');
  await fh.writeFile(keep);
  await fh.datasync();
  let chain: Promise<unknown> = Promise.resolve();
  const log = (op: Op): Promise<void> => {
    const next = chain.then(async () => {
      await fh.appendFile(`${JSON.stringify(op)}\n`);
      await fh.datasync();
    });
    chain = next.catch(() => undefined);
    return next;
  };
  return {
    index<D extends { id: string }>(name: string): SearchIndex<D> {
      const idx = inner.index<D>(name);
      return {
        ...idx,
        name,
        configure: (s) => idx.configure(s),
        search: (q) => idx.search(q),
        get: (id) => idx.get(id),
        allIds: () => idx.allIds(),
        count: () => idx.count(),
        upsert: async (docs) => {
          await log({ op: 'upsert', index: name, docs });
          await idx.upsert(docs);
        },
        delete: async (ids) => {
          await log({ op: 'delete', index: name, ids });
          await idx.delete(ids);
        },
      };
    },
    swap: async (a, b) => {
      await log({ op: 'swap', a, b });
      await inner.swap(a, b);
    },
    dropIndex: async (name) => {
      await log({ op: 'drop', index: name });
      await inner.dropIndex(name);
    },
    ping: () => inner.ping(),
    close: async () => {
      await chain;
      await fh.close();
      await inner.close();
    },
  };
}
