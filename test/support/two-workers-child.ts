/**
 * Child process for the scale-out and Redis fault tests: a BullMQ worker (REDIS_URL,
 * QUEUE_PREFIX, WORKER_CONCURRENCY from the environment) whose job records its effect in
 * Redis through its own connection, because the embedded store is single-process and two
 * workers cannot share it. Per job (data `{ key }`):
 *   - `effects:exec:<key>` counts executions (must end at 1: nothing done twice);
 *   - hash `effects:done` maps key → worker name, set once (the idempotent business record);
 *   - `effects:by:<worker>` counts this worker's jobs (both must have done some).
 * Prints `ready` once working. Job name: JOBS.deliverWebhook, a job on its own queue.
 */
import { Redis } from 'ioredis';
import { createBullmqQueue } from '../../adapters/queue/bullmq.js';
import { JOBS } from '../../core/jobs.js';

const name = process.env.WORKER_NAME ?? `worker-${process.pid}`;
const jobMs = Number(process.env.JOB_MS ?? '5');
const redis = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: null, retryStrategy: (n) => Math.min(n * 100, 1000) });
redis.on('error', () => undefined);
const queue = createBullmqQueue({ url: process.env.REDIS_URL!, prefix: process.env.QUEUE_PREFIX ?? 'kansrijk' });

const worker = queue.work(
  {
    [JOBS.deliverWebhook]: async (job) => {
      const { key } = job.data as { key: string };
      // Work that takes a while, so jobs overlap across the two processes.
      await new Promise((r) => setTimeout(r, jobMs));
      await redis.multi().incr(`effects:exec:${key}`).hsetnx('effects:done', key, name).incr(`effects:by:${name}`).exec();
      return { key };
    },
  },
  { concurrency: Number(process.env.WORKER_CONCURRENCY ?? '2') },
);
process.stdout.write('ready\n');

const stop = async () => {
  await worker.close();
  await queue.close();
  redis.disconnect();
  process.exit(0);
};
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());
