/**
 * Fault test: the store refuses writes (a MongoDB primary stepping down, a full disk). Every
 * write endpoint must answer 503 problem+json, and nothing may be reported as saved: after
 * the store recovers, what the failed requests tried to write is not there, and the same
 * requests then succeed. Reads keep working throughout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, PASSWORD, profileBody, register, vacancyBody, type Actor } from '../e2e/fixtures.js';
import { startFaultyApp, type FaultyApp } from '../support/faulty-app.js';
import { faultyStore, type FaultyStore } from '../support/faulty-store.js';

let app: FaultyApp;
let store: FaultyStore;
let employer: Actor;
let jobseeker: Actor;

beforeAll(async () => {
  app = await startFaultyApp((deps) => {
    store = faultyStore(deps.store);
    return { ...deps, store };
  });
  employer = await register(app, 'employer');
  jobseeker = await register(app, 'jobseeker');
});
afterAll(async () => {
  await app?.close();
});

describe('store write failures', () => {
  it('answer 503 on every write endpoint and report nothing as saved', async () => {
    const existing = await app.request('POST', '/api/v1/vacancies', { token: employer.token, body: vacancyBody({ title: 'Bestaande vacature' }) });
    expect(existing.status).toBe(201);

    store.failWrites = true;
    const email = `late-${Date.now()}@example.nl`;
    const attempts = [
      await app.request('PUT', '/api/v1/me/profile', { token: jobseeker.token, body: profileBody() }),
      await app.request('POST', '/api/v1/vacancies', { token: employer.token, body: vacancyBody({ title: 'Nooit opgeslagen' }) }),
      await app.request('PATCH', `/api/v1/vacancies/${existing.body.id}`, { token: employer.token, body: { title: 'Nooit gewijzigd' } }),
      await app.request('DELETE', `/api/v1/vacancies/${existing.body.id}`, { token: employer.token }),
      await app.request('POST', '/api/v1/auth/register', { body: { email, password: PASSWORD, name: 'Te Laat', role: 'jobseeker' } }),
    ];
    for (const res of attempts) {
      expectProblem(res, 503);
      expect(res.body.detail).toBe('store is unavailable');
    }
    expect(Object.values(store.refused).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(attempts.length);

    // Reads keep answering while writes fail.
    const read = await app.request('GET', `/api/v1/vacancies/${existing.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body.title).toBe('Bestaande vacature');

    store.failWrites = false;
    // Nothing a failed request tried to write is there.
    expectProblem(await app.request('GET', '/api/v1/me/profile', { token: jobseeker.token }), 404);
    const mine = await app.request('GET', `/api/v1/vacancies?organisationId=${employer.organisationId}`, { token: employer.token });
    expect(mine.status, mine.text).toBe(200);
    expect(mine.body.items.map((v: { title: string }) => v.title)).toEqual(['Bestaande vacature']);
    expectProblem(await app.request('POST', '/api/v1/auth/login', { body: { email, password: PASSWORD } }), 401);

    // And the same requests succeed once the store is back.
    expect((await app.request('PUT', '/api/v1/me/profile', { token: jobseeker.token, body: profileBody() })).status).toBe(201);
    expect((await app.request('POST', '/api/v1/auth/register', { body: { email, password: PASSWORD, name: 'Te Laat', role: 'jobseeker' } })).status).toBe(201);
  });
});
