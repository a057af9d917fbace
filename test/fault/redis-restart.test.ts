/**
 * Fault test: Redis (AOF, fsync always) crashes with SIGKILL and comes back while the
 * platform is under load. A real server process on QUEUE_DRIVER=bullmq keeps answering reads
 * throughout; a real worker process reconnects by itself; every job whose `add` was
 * acknowledged before, during or after the crash is done in the end (none lost).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBullmqQueue } from '../../adapters/queue/bullmq.js';
import { JOBS } from '../../core/jobs.js';
import type { JobQueue } from '../../core/ports/queue.js';
import { vacancyBody } from '../e2e/fixtures.js';
import { requester } from '../support/app.js';
import { freePort, spawnTs, waitForHttp, type NodeProcess } from '../support/process.js';
import { startRedis, type TestRedis } from '../support/redis.js';
import { startCountingWorker } from '../support/two-workers-start.js';

const PREFIX = 'redisrestart';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Redis restarted under load', () => {
  let redis: TestRedis;
  let dir: string;
  let queue: JobQueue;
  let client: Redis;
  const children: NodeProcess[] = [];

  beforeAll(async () => {
    redis = await startRedis({ appendonly: true });
    dir = await mkdtemp(path.join(tmpdir(), 'kansrijk-redis-restart-'));
    // The producer fails fast while Redis is down (2 s bound), as the API's producers do.
    queue = createBullmqQueue({ url: redis.url, prefix: PREFIX });
    client = new Redis(redis.url, { maxRetriesPerRequest: null });
    client.on('error', () => undefined);
  });
  afterAll(async () => {
    for (const c of children) if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGKILL');
    client?.disconnect();
    await queue?.close().catch(() => undefined);
    await redis?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('keeps serving reads, workers reconnect, and no acknowledged job is lost', { timeout: 180_000 }, async () => {
    const port = await freePort();
    const server = spawnTs('server/main.ts', {
      NODE_ENV: 'test',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dir,
      QUEUE_DRIVER: 'bullmq',
      REDIS_URL: redis.url,
      QUEUE_PREFIX: PREFIX,
      SEED_DEMO: 'false',
      LOG_LEVEL: 'error',
      AUTH_RATE_LIMIT: '1000',
    });
    children.push(server);
    const base = `http://127.0.0.1:${port}`;
    await waitForHttp(`${base}/ready`, 60_000);
    const request = requester(base);
    const reg = await request('POST', '/api/v1/auth/register', { body: { email: `werkgever-${Date.now()}@example.nl`, password: 'correct horse battery', name: 'Werkgever', role: 'employer', organisationName: 'Bakkerij BV' } });
    expect(reg.status, reg.text).toBe(201);
    const vacancy = await request('POST', '/api/v1/vacancies', { token: reg.body.token, body: vacancyBody() });
    expect(vacancy.status, vacancy.text).toBe(201);

    const worker = await startCountingWorker({ REDIS_URL: redis.url, QUEUE_PREFIX: PREFIX, WORKER_NAME: 'w', WORKER_CONCURRENCY: '4', JOB_MS: '5' }, children);

    // Load: a producer adding jobs and a reader reading through the server, until told to stop.
    const acknowledged: string[] = [];
    let refusedAdds = 0;
    let stop = false;
    let n = 0;
    const producer = (async () => {
      while (!stop) {
        const key = `k-${n++}`;
        try {
          await queue.add(JOBS.deliverWebhook, { key }, { jobId: `restart-${key}` });
          acknowledged.push(key);
        } catch {
          refusedAdds++;
        }
        await sleep(5);
      }
    })();
    const reads: number[] = [];
    const reader = (async () => {
      while (!stop) {
        const res = await fetch(`${base}/api/v1/vacancies/${vacancy.body.id}`).catch(() => null);
        reads.push(res?.status ?? 0);
        await sleep(10);
      }
    })();

    await sleep(1_000);
    const beforeCrash = acknowledged.length;
    await redis.kill();
    const readsBeforeOutage = reads.length;
    await sleep(2_000);
    // While Redis is down: reads answer, readiness says the queue is down.
    const readsDuringOutage = reads.slice(readsBeforeOutage);
    const ready = await fetch(`${base}/ready`);
    expect(ready.status).toBe(503);
    await redis.restart();
    await sleep(2_000);
    stop = true;
    await Promise.all([producer, reader]);

    expect(beforeCrash).toBeGreaterThan(20);
    expect(acknowledged.length).toBeGreaterThan(beforeCrash);
    expect(readsDuringOutage.length).toBeGreaterThan(10);
    expect(readsDuringOutage.filter((s) => s !== 200)).toEqual([]);
    expect(reads.filter((s) => s !== 200)).toEqual([]);
    await waitForHttp(`${base}/ready`, 30_000);

    // Every acknowledged job gets done by the reconnected worker.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const done = await client.hmget('effects:done', ...acknowledged);
      const missing = acknowledged.filter((_, i) => done[i] === null);
      if (missing.length === 0) break;
      if (Date.now() > deadline) throw new Error(`${missing.length} acknowledged jobs never ran, e.g. ${missing.slice(0, 5).join(', ')}\n${worker.output().slice(-2000)}`);
      await sleep(200);
    }
    process.stdout.write(`redis restart: ${acknowledged.length} jobs acknowledged (${beforeCrash} before the crash), ${refusedAdds} adds refused while down, ${reads.length} reads all 200\n`);
  });
});
