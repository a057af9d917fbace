import { appendFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openEmbeddedStore } from '../../adapters/store/embedded.js';
import { AppError } from '../../core/errors.js';
import type { DocumentStore } from '../../core/ports/store.js';
import { spawnTs } from '../support/process.js';
import { crashDoc } from '../support/store-crash-child.js';
import { storeContract } from './store.contract.js';

const tempDir = (): Promise<string> => mkdtemp(join(tmpdir(), 'kansrijk-store-'));

/** Run `fn` with a fresh directory that is removed afterwards, whatever happens. */
async function inTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await tempDir();
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

storeContract('embedded', async () => {
  const dir = await tempDir();
  let current: DocumentStore = await openEmbeddedStore({ dir });
  return {
    store: current,
    reopen: async () => {
      await current.close();
      current = await openEmbeddedStore({ dir });
      return current;
    },
    cleanup: async () => {
      await current.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

describe('embedded store on disk', () => {
  it('ignores a torn last line and keeps appending after it', () =>
    inTempDir(async (dir) => {
      let store = await openEmbeddedStore({ dir });
      const a = await store.collection<{ n: number }>('torn').insert({ n: 1 });
      await store.close();
      // A crash in the middle of a write leaves half a line (never acknowledged).
      await appendFile(join(dir, 'torn.jsonl'), '{"op":"put","doc":{"id":"half","n":');
      store = await openEmbeddedStore({ dir });
      const c = store.collection<{ n: number }>('torn');
      expect(await c.find()).toEqual([a]);
      const b = await c.insert({ n: 2 });
      await store.close();
      store = await openEmbeddedStore({ dir });
      expect(await store.collection('torn').find({}, { sort: { field: 'n', direction: 'asc' } })).toEqual([a, b]);
      await store.close();
    }));

  it('refuses a log corrupted in the middle', () =>
    inTempDir(async (dir) => {
      await writeFile(join(dir, 'bad.jsonl'), 'garbage\n{"op":"del","id":"x"}\n');
      await expect(openEmbeddedStore({ dir })).rejects.toThrow(/corrupt line 1/);
      // The failed open released its lock.
      await writeFile(join(dir, 'bad.jsonl'), '');
      await (await openEmbeddedStore({ dir })).close();
    }));

  it('compacts a log that holds much more than its live data', () =>
    inTempDir(async (dir) => {
      let store = await openEmbeddedStore({ dir, compactMinRecords: 10 });
      const c = store.collection<{ n: number }>('churn');
      await c.ensureIndex({ fields: ['n'], unique: true });
      const doc = await c.insert({ n: 0 });
      for (let i = 1; i <= 100; i++) await c.update(doc.id, { n: i });
      const gone = await c.insert({ n: -1 });
      await c.purge(gone.id);
      const last = await c.get(doc.id);
      await store.close();
      const path = join(dir, 'churn.jsonl');
      const before = (await stat(path)).size;
      store = await openEmbeddedStore({ dir, compactMinRecords: 10 });
      const lines = (await readFile(path, 'utf8')).trim().split('\n');
      expect(lines).toHaveLength(2); // the index and the one document
      expect((await stat(path)).size).toBeLessThan(before / 10);
      const r = store.collection<{ n: number }>('churn');
      expect(await r.get(doc.id)).toEqual(last);
      await expect(r.insert({ n: 100 })).rejects.toMatchObject({ code: 'conflict' });
      await store.close();
    }));

  it('locks its directory against a second opener, and takes over a stale lock', () =>
    inTempDir(async (dir) => {
      const store = await openEmbeddedStore({ dir });
      const second = await openEmbeddedStore({ dir }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(second).toBeInstanceOf(AppError);
      expect((second as AppError).code).toBe('unavailable');
      await store.close();
      // A lock left by a process that no longer exists (pid far above any real one).
      await writeFile(join(dir, 'LOCK'), '2147483646');
      await (await openEmbeddedStore({ dir })).close();
    }));

  it('keeps every acknowledged write when the process is killed with SIGKILL', { timeout: 60_000 }, async () => {
    for (let round = 0; round < 3; round++) {
      await inTempDir(async (dir) => {
        const killAfter = 150 + Math.floor(Math.random() * 600);
        const child = spawnTs('test/support/store-crash-child.ts', { STORE_CRASH_DIR: dir });
        const acks = new Map<string, number>();
        let buffered = '';
        await new Promise<void>((resolve, reject) => {
          child.exited.then((code) => reject(new Error(`child exited early (${code}): ${child.output()}`)), reject);
          child.child.stdout!.on('data', (d: Buffer) => {
            buffered += d.toString();
            const lines = buffered.split('\n');
            buffered = lines.pop()!;
            for (const line of lines) {
              const [id, n] = line.split(' ');
              acks.set(id!, Number(n));
            }
            if (acks.size >= killAfter) resolve();
          });
        });
        child.child.kill('SIGKILL');
        expect(await child.exited).toBe('SIGKILL');

        const store = await openEmbeddedStore({ dir });
        const c = store.collection<{ n: number; text: string }>('crash_docs');
        for (const [id, n] of acks) {
          const doc = await c.get(id);
          expect(doc, `acknowledged ${id} (#${n}) lost in round ${round}`).not.toBeNull();
          expect(doc).toMatchObject({ ...crashDoc(n), version: 1 });
        }
        // The store is usable after the crash: more writes and another restart.
        await c.insert(crashDoc(1_000_000));
        const total = await c.count();
        expect(total).toBeGreaterThanOrEqual(acks.size + 1);
        await store.close();
        const again = await openEmbeddedStore({ dir });
        expect(await again.collection('crash_docs').count()).toBe(total);
        await again.close();
      });
    }
  });
});
