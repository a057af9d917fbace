/**
 * Scale-out: two real worker processes on one private Redis share a batch of jobs. The work
 * is split (both did some) and nothing is done twice (every job's effect recorded exactly
 * once, and executed exactly once). Backs docs/SCALING.md.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBullmqQueue } from '../../adapters/queue/bullmq.js';
import { JOBS } from '../../core/jobs.js';
import type { JobQueue } from '../../core/ports/queue.js';
import type { NodeProcess } from '../support/process.js';
import { startCountingWorker } from '../support/two-workers-start.js';
import { startRedis, type TestRedis } from '../support/redis.js';

const JOBS_IN_BATCH = 300;
const PREFIX = 'twoworkers';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('two worker processes on one Redis', () => {
  let redis: TestRedis;
  let queue: JobQueue;
  let client: Redis;
  const children: NodeProcess[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    queue = createBullmqQueue({ url: redis.url, prefix: PREFIX });
    client = new Redis(redis.url);
  });
  afterAll(async () => {
    for (const c of children) if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGKILL');
    client?.disconnect();
    await queue?.close();
    await redis?.stop();
  });

  it('splits the work and does nothing twice', { timeout: 120_000 }, async () => {
    const env = (name: string) => ({ REDIS_URL: redis.url, QUEUE_PREFIX: PREFIX, WORKER_NAME: name, WORKER_CONCURRENCY: '3', JOB_MS: '10' });
    const keys = Array.from({ length: JOBS_IN_BATCH }, (_, i) => `job-${i}`);
    for (const key of keys) await queue.add(JOBS.deliverWebhook, { key }, { jobId: `two-workers-${key}` });
    // A second add of the same business key while it is still waiting is deduplicated, not run twice.
    for (const key of keys.slice(0, 50)) await queue.add(JOBS.deliverWebhook, { key }, { jobId: `two-workers-${key}` });
    expect((await queue.counts()).webhooks!.waiting).toBe(JOBS_IN_BATCH);
    const [a, b] = await Promise.all([startCountingWorker(env('a'), children), startCountingWorker(env('b'), children)]);

    const deadline = Date.now() + 90_000;
    while ((await client.hlen('effects:done')) < JOBS_IN_BATCH) {
      if (Date.now() > deadline) throw new Error(`only ${await client.hlen('effects:done')} of ${JOBS_IN_BATCH} done\n${a.output()}\n${b.output()}`);
      await sleep(100);
    }
    // Let anything that would run a job a second time have its chance.
    await sleep(500);
    const counts = (await queue.counts()).webhooks!;
    expect(counts).toMatchObject({ waiting: 0, active: 0, delayed: 0, failed: 0 });

    const executions = await client.mget(keys.map((k) => `effects:exec:${k}`));
    expect(executions.filter((n) => n !== '1')).toEqual([]);
    const done = await client.hgetall('effects:done');
    expect(Object.keys(done).sort()).toEqual([...keys].sort());
    const byA = Number(await client.get('effects:by:a'));
    const byB = Number(await client.get('effects:by:b'));
    expect(byA + byB).toBe(JOBS_IN_BATCH);
    expect(byA).toBeGreaterThan(0);
    expect(byB).toBeGreaterThan(0);
    process.stdout.write(`two workers: a did ${byA}, b did ${byB} of ${JOBS_IN_BATCH}\n`);
  });
});
