/**
 * Fault test: the search backend goes down while the platform runs. Search endpoints answer
 * 503 problem+json, everything else keeps working (reads, writes, readiness says "degraded"
 * but stays 200), and when the backend comes back search recovers by itself: the indexer's
 * poll moves the writes made during the outage into the index, no restart, no manual step.
 *
 * The embedded engine runs in-process, so the outage is a decorator switched off (what the
 * Meilisearch adapter reports when its server is unreachable: AppError unavailable).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIndexerService, type IndexerService } from '../../indexer/service.js';
import { expectProblem, jobseekerWithProfile, register, vacancyBody, type Actor } from '../e2e/fixtures.js';
import { startFaultyApp, type FaultyApp } from '../support/faulty-app.js';
import { faultySearch, type FaultySearch } from '../support/faulty-search.js';

let app: FaultyApp;
let search: FaultySearch;
let indexer: IndexerService;
let employer: Actor;

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const findVacancy = (word: string) => async () => {
  const res = await app.request('GET', `/api/v1/search/vacancies?q=${word}`);
  return res.status === 200 && res.body.hits.length > 0 ? res.body.hits : undefined;
};

beforeAll(async () => {
  let indexerReady!: Promise<IndexerService>;
  app = await startFaultyApp(
    (deps) => {
      search = faultySearch(deps.search);
      const wrapped = { ...deps, search };
      indexerReady = startIndexerService(wrapped);
      return wrapped;
    },
    { INDEXER_INTERVAL_MS: '200' },
  );
  indexer = await indexerReady;
  employer = await register(app, 'employer');
});
afterAll(async () => {
  await indexer?.stop();
  await app?.close();
});

describe('search backend down', () => {
  it('answers 503 for search only, keeps the rest working, and recovers by itself', { timeout: 60_000 }, async () => {
    const before = await app.request('POST', '/api/v1/vacancies', { token: employer.token, body: vacancyBody({ title: 'Helpende Zorg Kraanvogel' }) });
    expect(before.status, before.text).toBe(201);
    await until('the first vacancy to be searchable', findVacancy('Kraanvogel'));

    search.down = true;
    expectProblem(await app.request('GET', '/api/v1/search/vacancies?q=Kraanvogel'), 503);
    expectProblem(await app.request('GET', '/api/v1/search/candidates?q=zorg', { token: employer.token }), 503);

    // Everything that does not need search carries on.
    expect((await app.request('GET', `/api/v1/vacancies/${before.body.id}`)).status).toBe(200);
    const during = await app.request('POST', '/api/v1/vacancies', { token: employer.token, body: vacancyBody({ title: 'Helpende Zorg Ijsvogel' }) });
    expect(during.status, during.text).toBe(201);
    const jobseeker = await jobseekerWithProfile(app);
    expect((await app.request('GET', '/api/v1/me/profile', { token: jobseeker.token })).status).toBe(200);
    expect((await app.request('GET', '/health')).status).toBe(200);
    const ready = await app.request('GET', '/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'degraded', dependencies: { search: { state: 'down' }, store: { state: 'up' }, queue: { state: 'up' } } });
    // The indexer kept trying while it was down (its poll), and failed without losing its place.
    await until('the indexer to hit the outage', async () => (search.refused > 3 ? true : undefined));

    search.down = false;
    // No restart and no reindex: the poll picks up the write made during the outage.
    const hits = await until('the vacancy written during the outage to become searchable', findVacancy('Ijsvogel'));
    expect(hits.map((h: { id: string }) => h.id)).toEqual([during.body.id]);
    expect(await findVacancy('Kraanvogel')()).toBeDefined();
    expect((await app.request('GET', '/api/v1/search/candidates?q=zorg', { token: employer.token })).status).toBe(200);
    expect((await app.request('GET', '/ready')).body.status).toBe('ready');
  });
});
