import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { expectProblem, PASSWORD, register } from './fixtures.js';
import { seedDemoAccounts } from '../../seeds/demo-accounts.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ AUTH_RATE_LIMIT: '1000' });
});
afterAll(async () => {
  await app.close();
});

describe('accounts', () => {
  it('registers, logs in, uses the token, and logs out (revoking it)', async () => {
    const jobseeker = await register(app, 'jobseeker');
    const me = await app.request('GET', '/api/v1/me', { token: jobseeker.token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ role: 'jobseeker', email: jobseeker.email, organisationIds: [] });
    expect(me.body).not.toHaveProperty('passwordHash');

    const login = await app.request('POST', '/api/v1/auth/login', { body: { email: jobseeker.email.toUpperCase(), password: PASSWORD } });
    expect(login.status).toBe(200);
    expect(login.body.token).not.toBe(jobseeker.token);
    expect(login.body.account.lastLoginAt).toEqual(expect.any(String));

    expect((await app.request('POST', '/api/v1/auth/logout', { token: login.body.token })).status).toBe(204);
    expectProblem(await app.request('GET', '/api/v1/me', { token: login.body.token }), 401);
    // The other session is untouched.
    expect((await app.request('GET', '/api/v1/me', { token: jobseeker.token })).status).toBe(200);
  });

  it('gives an employer an organisation it is a member of', async () => {
    const employer = await register(app, 'employer', 'Zorg Noord');
    const org = await app.request('GET', `/api/v1/organisations/${employer.organisationId}`, { token: employer.token });
    expect(org.status).toBe(200);
    expect(org.body).toMatchObject({ name: 'Zorg Noord BV', kind: 'employer', memberIds: [employer.accountId] });
  });

  it('rejects a wrong password and an unknown e-mail with the same 401', async () => {
    const jobseeker = await register(app, 'jobseeker');
    const wrong = await app.request('POST', '/api/v1/auth/login', { body: { email: jobseeker.email, password: 'not the password' } });
    const unknown = await app.request('POST', '/api/v1/auth/login', { body: { email: 'nobody@example.nl', password: 'not the password' } });
    expectProblem(wrong, 401);
    expectProblem(unknown, 401);
    expect(wrong.body.detail).toBe(unknown.body.detail);
  });

  it('refuses a second account with the same e-mail, whatever the case', async () => {
    const jobseeker = await register(app, 'jobseeker');
    const again = await app.request('POST', '/api/v1/auth/register', {
      body: { email: jobseeker.email.toUpperCase(), password: PASSWORD, name: 'Twee', role: 'jobseeker' },
    });
    expectProblem(again, 409);
  });

  it('requires an organisation name from employers and refuses admin registration', async () => {
    const noOrg = await app.request('POST', '/api/v1/auth/register', { body: { email: 'e@example.nl', password: PASSWORD, name: 'E', role: 'employer' } });
    expectProblem(noOrg, 400);
    expect(noOrg.body.errors).toEqual([expect.objectContaining({ path: 'organisationName' })]);
    const admin = await app.request('POST', '/api/v1/auth/register', { body: { email: 'a@example.nl', password: PASSWORD, name: 'A', role: 'admin' } });
    expectProblem(admin, 400);
  });

  it('stores only a scrypt hash of the password and a digest of the token', async () => {
    const jobseeker = await register(app, 'jobseeker');
    const [account] = await app.deps.store.collection<{ email: string; passwordHash: string }>('accounts').find({ email: jobseeker.email });
    expect(account!.passwordHash).toMatch(/^scrypt\$/);
    expect(JSON.stringify(account)).not.toContain(PASSWORD);
    const sessions = await app.deps.store.collection<{ accountId: string }>('sessions').find({ accountId: jobseeker.accountId });
    expect(sessions.length).toBeGreaterThan(0);
    expect(JSON.stringify(sessions)).not.toContain(jobseeker.token);
  });

  it('seeds demo accounts for every role, idempotently, and they can log in', async () => {
    const first = await seedDemoAccounts(app.deps);
    const second = await seedDemoAccounts(app.deps);
    expect(second).toEqual(first);
    expect(new Set(first.map((a) => a.role))).toEqual(new Set(['jobseeker', 'employer', 'intermediary', 'admin']));
    for (const demo of first) {
      const login = await app.request('POST', '/api/v1/auth/login', { body: { email: demo.email, password: demo.password } });
      expect(login.status, demo.email).toBe(200);
      expect(login.body.account.role).toBe(demo.role);
    }
    const employer = first.find((a) => a.role === 'employer')!;
    const login = await app.request('POST', '/api/v1/auth/login', { body: { email: employer.email, password: employer.password } });
    const list = await app.request('GET', `/api/v1/vacancies?organisationId=${login.body.account.organisationIds[0]}`);
    expect(list.body.items).toHaveLength(3);
  });

  it('serves an OpenAPI 3.1 document generated from the schemas, and rendered docs', async () => {
    const doc = await app.request('GET', '/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
    for (const path of ['/api/v1/auth/register', '/api/v1/me/profile', '/api/v1/profiles/{id}', '/api/v1/vacancies', '/api/v1/contact-requests/{id}/accept']) {
      expect(doc.body.paths).toHaveProperty([path]);
    }
    const register = doc.body.paths['/api/v1/auth/register'].post.requestBody.content['application/json'].schema;
    expect(register.additionalProperties).toBe(false);
    expect(register.properties.role.enum).toEqual(['jobseeker', 'employer', 'intermediary']);
    const docs = await app.request('GET', '/docs');
    expect(docs.status).toBe(200);
    expect(docs.headers.get('content-type')).toMatch(/text\/html/);
    expect(docs.text).toContain('/api/v1/contact-requests');
    expect(docs.text).not.toMatch(/<script/i);
  });
});

describe('auth rate limit', () => {
  it('answers 429 problem+json after AUTH_RATE_LIMIT attempts', async () => {
    const limited = await startTestApp({ AUTH_RATE_LIMIT: '3' });
    try {
      const attempt = () => limited.request('POST', '/api/v1/auth/login', { body: { email: 'x@example.nl', password: 'whatever1234' } });
      for (let i = 0; i < 3; i++) expect((await attempt()).status).toBe(401);
      expectProblem(await attempt(), 429);
    } finally {
      await limited.close();
    }
  });
});
