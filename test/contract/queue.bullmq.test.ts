import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBullmqQueue } from '../../adapters/queue/bullmq.js';
import { AppError } from '../../core/errors.js';
import { JOBS } from '../../core/jobs.js';
import { startRedis, type TestRedis } from '../support/redis.js';
import { queueContract, waitFor } from './queue.contract.js';

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis({ appendonly: true });
});
afterAll(async () => {
  await redis?.stop();
});

const prefix = (): string => `kt-${randomUUID().slice(0, 8)}`;

queueContract('bullmq', async () => ({
  queue: createBullmqQueue({ url: redis.url, prefix: prefix() }),
  cleanup: async () => undefined,
}));

describe('bullmq adapter and Redis outages', () => {
  it('add rejects quickly with unavailable while Redis is down; a worker reconnects after the restart', async () => {
    const queue = createBullmqQueue({ url: redis.url, prefix: prefix(), timeoutMs: 1000 });
    const seen: string[] = [];
    const worker = queue.work({ [JOBS.indexSync]: async (job) => void seen.push((job.data as { n: string }).n) });
    try {
      await queue.add(JOBS.indexSync, { n: 'before' });
      await waitFor('the job before the outage', () => seen.includes('before'));

      await redis.kill();
      const started = Date.now();
      const error = await queue.add(JOBS.indexSync, { n: 'during' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('unavailable');
      expect(Date.now() - started).toBeLessThan(1500);
      await expect(queue.ping()).rejects.toMatchObject({ code: 'unavailable' });

      await redis.restart();
      await waitFor('the producer to reconnect', () => queue.ping().then(() => true, () => false), 10_000);
      await queue.add(JOBS.indexSync, { n: 'after' });
      await waitFor('the worker to process a job after the restart', () => seen.includes('after'), 15_000);
      expect(seen).not.toContain('during');
    } finally {
      await worker.close();
      await queue.close();
    }
  });

  it('keeps a job added before a restart (appendonly)', async () => {
    const p = prefix();
    const producer = createBullmqQueue({ url: redis.url, prefix: p });
    await producer.add(JOBS.matchVacancy, { vacancyId: 'v-durable' }, { delayMs: 50 });
    await producer.close();

    await redis.restart();

    const queue = createBullmqQueue({ url: redis.url, prefix: p });
    const seen: unknown[] = [];
    const worker = queue.work({ [JOBS.matchVacancy]: async (job) => void seen.push(job.data) });
    try {
      await waitFor('the job from before the restart', () => seen.length === 1, 10_000);
      expect(seen).toEqual([{ vacancyId: 'v-durable' }]);
    } finally {
      await worker.close();
      await queue.close();
    }
  });
});
