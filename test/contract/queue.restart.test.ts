import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEmbeddedQueue } from '../../adapters/queue/embedded.js';
import { openEmbeddedStore } from '../../adapters/store/embedded.js';
import { JOBS } from '../../core/jobs.js';
import type { DocumentStore } from '../../core/ports/store.js';
import { sleep, waitFor } from './queue.contract.js';

/** The embedded queue keeps its promises across a process restart (store closed and reopened). */
describe('embedded queue durability', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kansrijk-queue-restart-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const open = async (): Promise<{ store: DocumentStore; queue: ReturnType<typeof createEmbeddedQueue> }> => {
    const store = await openEmbeddedStore({ dir });
    return { store, queue: createEmbeddedQueue({ jobs: store.collection('jobs'), pollMs: 50 }) };
  };

  it('runs jobs acknowledged before the restart', async () => {
    const first = await open();
    await first.queue.add(JOBS.matchVacancy, { vacancyId: 'v-1' });
    await first.queue.add(JOBS.sendDigest, { subscriptionId: 's-1' }, { delayMs: 100 });
    await first.queue.add(JOBS.matchProfile, { profileId: 'p-1' }, { jobId: 'profile-p-1' });
    await first.queue.close();
    await first.store.close();

    const second = await open();
    const seen: unknown[] = [];
    const handler = async (job: { data: unknown }): Promise<void> => void seen.push(job.data);
    const worker = second.queue.work({ [JOBS.matchVacancy]: handler, [JOBS.sendDigest]: handler, [JOBS.matchProfile]: handler });
    try {
      // The dedup key survives too: this add joins the pending job instead of doubling it.
      await second.queue.add(JOBS.matchProfile, { profileId: 'p-1' }, { jobId: 'profile-p-1' });
      await waitFor('all three jobs', () => seen.length === 3);
      await sleep(100);
      expect(seen).toHaveLength(3);
      expect(seen).toEqual(
        expect.arrayContaining([{ vacancyId: 'v-1' }, { subscriptionId: 's-1' }, { profileId: 'p-1' }]),
      );
    } finally {
      await worker.close();
      await second.queue.close();
      await second.store.close();
    }
  });

  it('runs a job again when the process died while it was active', async () => {
    const first = await open();
    let started = false;
    // Never finishes: stands in for a process killed mid-job.
    first.queue.work({
      [JOBS.indexSync]: async () => {
        started = true;
        await new Promise(() => undefined);
      },
    });
    const { id } = await first.queue.add(JOBS.indexSync, { reason: 'crash' });
    await waitFor('the job to start', () => started);
    await first.store.close();

    const second = await open();
    const attempts: number[] = [];
    const worker = second.queue.work({ [JOBS.indexSync]: async (job) => void attempts.push(job.attempt) });
    try {
      await waitFor('the interrupted job to run again', () => attempts.length === 1);
      expect(attempts).toEqual([1]);
      expect(await second.queue.failed()).toEqual([]);
      expect(id).toBeTruthy();
    } finally {
      await worker.close();
      await second.queue.close();
      await second.store.close();
    }
  });
});
