/**
 * Observability: GET /metrics (Prometheus text with route-pattern latency, queue and indexer
 * gauges, business counters, and the token guard) and the admin queue dashboard.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metrics } from '../../core/metrics.js';
import { PermanentJobError, type Worker } from '../../core/ports/queue.js';
import { JOBS } from '../../core/jobs.js';
import { createApp } from '../../server/app.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { startRedis, type TestRedis } from '../support/redis.js';
import { adminToken, expectProblem, register } from './fixtures.js';

/** The value of one sample line (`name{labels} value`), or undefined when absent. */
function sample(text: string, name: string, labels = ''): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ''} `) || (labels === '' && l.startsWith(`${name} `)));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('GET /metrics', () => {
  let app: TestApp;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    app = await startTestApp();
    // The runtime passes the indexer's lag in; here a fixed one shows it reaches the scrape.
    server = createApp(app.deps, { indexerLag: async () => ({ candidates: { pending: 7, lagMs: 2500 } }) }).listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    await app?.close();
  });

  it('labels request latency by route pattern, never by raw URL', async () => {
    for (const id of ['abc123', 'def456', 'ghi789']) expect((await fetch(`${url}/api/v1/vacancies/${id}`)).status).toBe(404);
    await fetch(`${url}/no/such/path/42`);
    const text = await (await fetch(`${url}/metrics`)).text();
    expect(sample(text, 'kansrijk_http_request_duration_seconds_count', 'method="GET",route="/api/v1/vacancies/:id",status="404"')).toBe(3);
    expect(text).toContain('route="unmatched"');
    expect(text).not.toContain('abc123');
    expect(text).not.toContain('/no/such/path');
    expect(text).toContain('kansrijk_http_request_duration_seconds_bucket{le="0.05",method="GET",route="/api/v1/vacancies/:id",status="404"}');
  });

  it('reports queue depth and failures per queue, and indexer lag', async () => {
    await app.deps.queue.add(JOBS.housekeeping, {}, { delayMs: 60_000 });
    const res = await fetch(`${url}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(sample(text, 'kansrijk_queue_jobs', 'queue="digests",state="delayed"')).toBe(1);
    expect(sample(text, 'kansrijk_queue_jobs', 'queue="webhooks",state="failed"')).toBe(0);
    expect(sample(text, 'kansrijk_queue_up')).toBe(1);
    expect(sample(text, 'kansrijk_indexer_lag_seconds', 'index="candidates"')).toBe(2.5);
    expect(sample(text, 'kansrijk_indexer_pending_documents', 'index="candidates"')).toBe(7);
  });

  it('exports the business counters domain code increments through core/metrics', async () => {
    const before = sample(await (await fetch(`${url}/metrics`)).text(), 'kansrijk_matches_scored_total') ?? 0;
    metrics().matchesScored.inc(3);
    metrics().digestsSent.inc();
    const text = await (await fetch(`${url}/metrics`)).text();
    expect(sample(text, 'kansrijk_matches_scored_total')).toBe(before + 3);
    expect(sample(text, 'kansrijk_digests_sent_total')).toBeGreaterThanOrEqual(1);
    expect(text).toContain('kansrijk_process_resident_memory_bytes');
  });
});

describe('GET /metrics with METRICS_TOKEN set', () => {
  let app: TestApp;
  const token = 'scrape-token-0123456789';
  beforeAll(async () => {
    app = await startTestApp({ METRICS_TOKEN: token });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('requires the bearer token', async () => {
    expectProblem(await app.request('GET', '/metrics'), 401);
    expectProblem(await app.request('GET', '/metrics', { headers: { authorization: `Bearer ${token}x` } }), 401);
    const ok = await app.request('GET', '/metrics', { token });
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('kansrijk_http_request_duration_seconds');
  });
});

describe('GET /metrics in production without a token', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ NODE_ENV: 'production', APP_SECRET: 'x'.repeat(40) });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('is refused rather than public', async () => {
    expectProblem(await app.request('GET', '/metrics'), 403);
  });
});

describe('queue dashboard on the embedded queue', () => {
  let app: TestApp;
  let admin: string;
  let worker: Worker;
  beforeAll(async () => {
    app = await startTestApp({ AUTH_RATE_LIMIT: '1000' });
    admin = await adminToken(app);
    // A job that can never succeed, so there is a failed one to show and retry.
    worker = app.deps.queue.work({ [JOBS.deliverWebhook]: async () => Promise.reject(new PermanentJobError('receiver gone')) });
    await app.deps.queue.add(JOBS.deliverWebhook, { deliveryId: 'x' }, { jobId: 'dashboard-failing-job' });
  });
  afterAll(async () => {
    await worker?.close();
    await app?.close();
  });

  const failedJob = async () => {
    for (let i = 0; i < 100; i++) {
      const res = await app.request('GET', '/api/v1/admin/queues', { token: admin });
      expect(res.status, res.text).toBe(200);
      // Counts and the failed list are read one after the other: wait until both show it.
      if (res.body.failed.length && res.body.queues.find((q: { name: string }) => q.name === 'webhooks').counts.failed === 1) return res.body;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the job never failed');
  };

  it('lists counts per queue and failed jobs to admins, and retries one', async () => {
    const overview = await failedJob();
    expect(overview.driver).toBe('embedded');
    expect(overview.queues.map((q: { name: string }) => q.name)).toEqual(['indexing', 'matching', 'digests', 'webhooks']);
    expect(overview.queues.find((q: { name: string }) => q.name === 'webhooks').counts.failed).toBe(1);
    const [job] = overview.failed;
    expect(job).toMatchObject({ name: JOBS.deliverWebhook, error: expect.stringContaining('receiver gone') });

    const retried = await app.request('POST', `/api/v1/admin/jobs/${job.id}/retry`, { token: admin });
    expect(retried.status, retried.text).toBe(202);
    expect(retried.body).toEqual({ id: job.id, name: JOBS.deliverWebhook, state: 'waiting' });
    // It ran again and failed again: proof it really went back to the queue.
    const again = await failedJob();
    expect(again.failed[0].id).toBe(job.id);
    expectProblem(await app.request('POST', '/api/v1/admin/jobs/no-such-job/retry', { token: admin }), 404);
  });

  it('is for admins only', async () => {
    const employer = await register(app, 'employer');
    expectProblem(await app.request('GET', '/api/v1/admin/queues', { token: employer.token }), 403);
    expectProblem(await app.request('POST', '/api/v1/admin/jobs/x/retry', { token: employer.token }), 403);
    expectProblem(await app.request('GET', '/api/v1/admin/queues'), 401);
    expectProblem(await app.request('GET', '/admin/queues', { token: employer.token }), 403);
    const browser = await fetch(`${app.baseUrl}/admin/queues`, { headers: { accept: 'text/html' }, redirect: 'manual' });
    expect(browser.status).toBe(303);
    expect(browser.headers.get('location')).toBe('/admin/queues/login');
    const wrong = await fetch(`${app.baseUrl}/admin/queues/login`, { method: 'POST', body: new URLSearchParams({ token: employer.token }), redirect: 'manual' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();
  });

  it('serves the HTML view to an admin signed in with a token, with a retry button per failed job', async () => {
    const signIn = await fetch(`${app.baseUrl}/admin/queues/login`, { method: 'POST', body: new URLSearchParams({ token: admin }), redirect: 'manual' });
    expect(signIn.status).toBe(303);
    const cookie = signIn.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly; SameSite=Strict/);
    const page = await fetch(`${app.baseUrl}/admin/queues`, { headers: { cookie: cookie.split(';')[0]! } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<h1>Wachtrijen</h1>');
    expect(html).toMatch(/<td>webhooks<\/td>(<td class="num">\d+<\/td>){3}<td class="num">1<\/td>/);
    expect(html).toContain('action="/admin/queues/jobs/');
    expect(html).not.toContain(admin);
  });
});

describe('queue dashboard on BullMQ (Bull Board)', () => {
  let redis: TestRedis;
  let app: TestApp;
  let admin: string;
  beforeAll(async () => {
    redis = await startRedis();
    app = await startTestApp({ QUEUE_DRIVER: 'bullmq', REDIS_URL: redis.url, QUEUE_PREFIX: `board${Date.now()}`, AUTH_RATE_LIMIT: '1000' });
    admin = await adminToken(app);
    await app.deps.queue.add(JOBS.housekeeping, {}, { delayMs: 60_000 });
  });
  afterAll(async () => {
    await app?.close();
    await redis?.stop();
  });

  it('serves Bull Board behind admin auth and the same JSON overview', async () => {
    expectProblem(await app.request('GET', '/admin/queues/api/queues'), 401);
    const page = await app.request('GET', '/admin/queues', { token: admin });
    expect(page.status).toBe(200);
    expect(page.text).toContain('__UI_CONFIG__');
    const queues = await app.request('GET', '/admin/queues/api/queues', { token: admin });
    expect(queues.status, queues.text).toBe(200);
    const digests = queues.body.queues.find((q: { name: string }) => q.name === 'digests');
    expect(digests.counts.delayed).toBe(1);
    const overview = await app.request('GET', '/api/v1/admin/queues', { token: admin });
    expect(overview.body.driver).toBe('bullmq');
    expect(overview.body.queues.find((q: { name: string }) => q.name === 'digests').counts.delayed).toBe(1);
  });
});
