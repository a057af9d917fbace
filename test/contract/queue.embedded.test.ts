import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedQueue } from '../../adapters/queue/embedded.js';
import { openEmbeddedStore } from '../../adapters/store/embedded.js';
import { queueContract } from './queue.contract.js';

queueContract('embedded', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kansrijk-queue-'));
  const store = await openEmbeddedStore({ dir });
  // A short poll is only a safety net here: adds and finishing jobs wake the worker directly.
  const queue = createEmbeddedQueue({ jobs: store.collection('jobs'), schedules: store.collection('schedules'), pollMs: 50 });
  return {
    queue,
    cleanup: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
