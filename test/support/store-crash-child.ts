/**
 * Child process for the embedded store's crash test: inserts documents as fast as it can
 * (several in flight, so group commit batches them) and prints `<id> <n>` for each insert
 * only after its promise resolved, i.e. after the store acknowledged it as durable.
 * The parent kills it with SIGKILL at a random moment and checks every printed id survived.
 */
import { openEmbeddedStore } from '../../adapters/store/embedded.js';

/** Deterministic content, so the parent can check a document is intact, not just present. */
export const crashDoc = (n: number): { n: number; text: string } => ({ n, text: `doc-${n}-${'x'.repeat(n % 97)}` });

async function main(dir: string): Promise<void> {
  const store = await openEmbeddedStore({ dir });
  const coll = store.collection<{ n: number; text: string }>('crash_docs');
  let next = 0;
  const writer = async (): Promise<never> => {
    for (;;) {
      const n = next++;
      const doc = await coll.insert(crashDoc(n));
      process.stdout.write(`${doc.id} ${n}\n`);
    }
  };
  await Promise.all(Array.from({ length: 16 }, writer));
}

// Only when run as the child: the parent imports `crashDoc` from here to check contents.
const dir = process.env.STORE_CRASH_DIR;
if (dir) await main(dir);
