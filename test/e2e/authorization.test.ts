/**
 * Every authorization rule of the core API, each with a test that tries to break it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { expectProblem, jobseekerWithProfile, PASSWORD, profileBody, register, vacancyBody, type Actor } from './fixtures.js';

let app: TestApp;
let seeker: Actor & { profileId: string };
let otherSeeker: Actor & { profileId: string };
let hidden: Actor & { profileId: string };
let employer: Actor;
let rival: Actor;
let rivalDraftId: string;
let rivalOpenId: string;

beforeAll(async () => {
  app = await startTestApp({ AUTH_RATE_LIMIT: '1000' });
  seeker = await jobseekerWithProfile(app);
  otherSeeker = await jobseekerWithProfile(app);
  hidden = await jobseekerWithProfile(app, { visibility: 'hidden' });
  employer = await register(app, 'employer');
  rival = await register(app, 'employer');
  rivalDraftId = (await app.request('POST', '/api/v1/vacancies', { token: rival.token, body: vacancyBody({ status: 'draft' }) })).body.id;
  rivalOpenId = (await app.request('POST', '/api/v1/vacancies', { token: rival.token, body: vacancyBody() })).body.id;
});
afterAll(async () => {
  await app.close();
});

describe('authentication', () => {
  it.each([
    ['GET', '/api/v1/me'],
    ['GET', '/api/v1/me/profile'],
    ['PUT', '/api/v1/me/profile'],
    ['GET', '/api/v1/me/export'],
    ['DELETE', '/api/v1/me'],
    ['GET', '/api/v1/profiles/abc'],
    ['POST', '/api/v1/vacancies'],
    ['GET', '/api/v1/organisations'],
    ['POST', '/api/v1/contact-requests'],
    ['GET', '/api/v1/contact-requests'],
    ['POST', '/api/v1/auth/logout'],
  ])('%s %s without a token is 401', async (method, url) => {
    const res = await app.request(method, url);
    expectProblem(res, 401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('rejects forged, malformed and revoked tokens', async () => {
    for (const token of ['A'.repeat(43), 'not a token', "'; DROP TABLE sessions; --"]) {
      expectProblem(await app.request('GET', '/api/v1/me', { headers: { authorization: `Bearer ${token}` } }), 401);
    }
    expectProblem(await app.request('GET', '/api/v1/me', { headers: { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` } }), 401);
    const login = await app.request('POST', '/api/v1/auth/login', { body: { email: seeker.email, password: PASSWORD } });
    await app.request('POST', '/api/v1/auth/logout', { token: login.body.token });
    expectProblem(await app.request('GET', '/api/v1/me/profile', { token: login.body.token }), 401);
  });

  it('rejects an expired token', async () => {
    const actor = await register(app, 'jobseeker');
    const sessions = app.deps.store.collection<{ accountId: string; expiresAt: string }>('sessions');
    const [session] = await sessions.find({ accountId: actor.accountId });
    await sessions.update(session!.id, { expiresAt: new Date(Date.now() - 1000).toISOString() });
    expectProblem(await app.request('GET', '/api/v1/me', { token: actor.token }), 401);
  });

  it('rejects an invalid token on public routes instead of silently ignoring it', async () => {
    expectProblem(await app.request('GET', '/api/v1/vacancies', { headers: { authorization: 'Bearer nonsense-token-that-is-long' } }), 401);
  });
});

describe('profiles', () => {
  it('a jobseeker cannot read another jobseeker’s profile by id', async () => {
    expectProblem(await app.request('GET', `/api/v1/profiles/${otherSeeker.profileId}`, { token: seeker.token }), 403);
  });

  it('a jobseeker only ever reaches their own profile through /me', async () => {
    const mine = await app.request('GET', '/api/v1/me/profile', { token: seeker.token });
    expect(mine.body.id).toBe(seeker.profileId);
  });

  it('a hidden profile reached by id is 404 for every organisation', async () => {
    expectProblem(await app.request('GET', `/api/v1/profiles/${hidden.profileId}`, { token: employer.token }), 404);
    const intermediary = await register(app, 'intermediary');
    expectProblem(await app.request('GET', `/api/v1/profiles/${hidden.profileId}`, { token: intermediary.token }), 404);
    // …and it is not even logged as a view.
    const views = await app.request('GET', '/api/v1/me/profile-views', { token: hidden.token });
    expect(views.body.items).toEqual([]);
  });

  it('contact details stay hidden before the jobseeker accepts', async () => {
    const view = await app.request('GET', `/api/v1/profiles/${seeker.profileId}`, { token: employer.token });
    expect(view.status).toBe(200);
    expect(view.body.contact).toBeNull();
    await app.request('POST', '/api/v1/contact-requests', { token: employer.token, body: { profileId: seeker.profileId } });
    expect((await app.request('GET', `/api/v1/profiles/${seeker.profileId}`, { token: employer.token })).body.contact).toBeNull();
  });

  it('nobody sets ownerId, role or organisationId through the body', async () => {
    for (const extra of [{ ownerId: otherSeeker.accountId }, { role: 'admin' }, { organisationId: employer.organisationId }, { id: otherSeeker.profileId }]) {
      const res = await app.request('PUT', '/api/v1/me/profile', { token: seeker.token, body: profileBody(extra) });
      expectProblem(res, 400);
    }
    const other = await app.request('GET', '/api/v1/me/profile', { token: otherSeeker.token });
    expect(other.body.id).toBe(otherSeeker.profileId);
  });

  it('organisations cannot use the jobseeker endpoints', async () => {
    expectProblem(await app.request('PUT', '/api/v1/me/profile', { token: employer.token, body: profileBody() }), 403);
    expectProblem(await app.request('GET', '/api/v1/me/profile-views', { token: employer.token }), 403);
  });
});

describe('registration', () => {
  it('cannot register an admin or join an organisation by id', async () => {
    const base = { email: 'sneaky@example.nl', password: PASSWORD, name: 'Sneaky' };
    expectProblem(await app.request('POST', '/api/v1/auth/register', { body: { ...base, role: 'admin' } }), 400);
    expectProblem(
      await app.request('POST', '/api/v1/auth/register', { body: { ...base, role: 'employer', organisationName: 'X', organisationId: rival.organisationId } }),
      400,
    );
    expectProblem(await app.request('POST', '/api/v1/auth/register', { body: { ...base, role: 'jobseeker', organisationIds: [rival.organisationId] } }), 400);
  });
});

describe('vacancies', () => {
  it('an employer cannot edit, delete or see the draft of another organisation’s vacancy', async () => {
    expectProblem(await app.request('PATCH', `/api/v1/vacancies/${rivalOpenId}`, { token: employer.token, body: { title: 'Overgenomen' } }), 404);
    expectProblem(await app.request('DELETE', `/api/v1/vacancies/${rivalOpenId}`, { token: employer.token }), 404);
    expectProblem(await app.request('GET', `/api/v1/vacancies/${rivalDraftId}`, { token: employer.token }), 404);
    expectProblem(await app.request('PATCH', `/api/v1/vacancies/${rivalDraftId}`, { token: employer.token, body: { status: 'open' } }), 404);
    const still = await app.request('GET', `/api/v1/vacancies/${rivalOpenId}`);
    expect(still.body.title).toBe('Helpende Zorg en Welzijn');
  });

  it('cannot be created for or moved to another organisation', async () => {
    expectProblem(await app.request('POST', '/api/v1/vacancies', { token: employer.token, body: vacancyBody({ organisationId: rival.organisationId }) }), 400);
    expectProblem(
      await app.request('POST', '/api/v1/vacancies', { token: employer.token, body: vacancyBody(), headers: { 'x-organisation-id': rival.organisationId! } }),
      404,
    );
    const own = await app.request('POST', '/api/v1/vacancies', { token: employer.token, body: vacancyBody() });
    expectProblem(await app.request('PATCH', `/api/v1/vacancies/${own.body.id}`, { token: employer.token, body: { organisationId: rival.organisationId } }), 400);
  });
});

describe('organisations', () => {
  it('another organisation answers 404 to read, change, delete and join', async () => {
    expectProblem(await app.request('GET', `/api/v1/organisations/${rival.organisationId}`, { token: employer.token }), 404);
    expectProblem(await app.request('PATCH', `/api/v1/organisations/${rival.organisationId}`, { token: employer.token, body: { name: 'Van mij' } }), 404);
    expectProblem(await app.request('DELETE', `/api/v1/organisations/${rival.organisationId}`, { token: employer.token }), 404);
    expectProblem(await app.request('POST', `/api/v1/organisations/${rival.organisationId}/members`, { token: employer.token, body: { email: employer.email } }), 404);
    const list = await app.request('GET', '/api/v1/organisations', { token: employer.token });
    expect(list.body.items.map((o: any) => o.id)).toEqual([employer.organisationId]);
  });

  it('a jobseeker cannot become a member of an organisation or create one', async () => {
    const res = await app.request('POST', `/api/v1/organisations/${employer.organisationId}/members`, { token: employer.token, body: { email: seeker.email } });
    expectProblem(res, 400);
    expectProblem(await app.request('POST', '/api/v1/organisations', { token: seeker.token, body: { name: 'Mijn bv', kind: 'employer' } }), 403);
    expect((await app.request('GET', '/api/v1/me', { token: seeker.token })).body.organisationIds).toEqual([]);
  });

  it('a member cannot change the organisation kind', async () => {
    expectProblem(await app.request('PATCH', `/api/v1/organisations/${employer.organisationId}`, { token: employer.token, body: { kind: 'intermediary' } }), 400);
  });
});

describe('contact requests', () => {
  it('only the jobseeker whose profile it is can accept or decline', async () => {
    const sent = await app.request('POST', '/api/v1/contact-requests', { token: rival.token, body: { profileId: otherSeeker.profileId } });
    expect(sent.status).toBe(201);
    // The requesting organisation, another organisation and another jobseeker all fail.
    expectProblem(await app.request('POST', `/api/v1/contact-requests/${sent.body.id}/accept`, { token: rival.token }), 403);
    expectProblem(await app.request('POST', `/api/v1/contact-requests/${sent.body.id}/accept`, { token: employer.token }), 403);
    expectProblem(await app.request('POST', `/api/v1/contact-requests/${sent.body.id}/accept`, { token: seeker.token }), 404);
    expectProblem(await app.request('POST', `/api/v1/contact-requests/${sent.body.id}/decline`, { token: seeker.token }), 404);
    expect((await app.request('GET', `/api/v1/profiles/${otherSeeker.profileId}`, { token: rival.token })).body.contact).toBeNull();
  });

  it('each side lists only its own requests', async () => {
    await app.request('POST', '/api/v1/contact-requests', { token: employer.token, body: { profileId: otherSeeker.profileId } });
    const seekerList = await app.request('GET', '/api/v1/contact-requests', { token: seeker.token });
    expect(seekerList.body.items.every((r: any) => r.profileId === seeker.profileId)).toBe(true);
    const rivalList = await app.request('GET', '/api/v1/contact-requests', { token: rival.token });
    expect(rivalList.body.items.every((r: any) => r.organisationId === rival.organisationId)).toBe(true);
    expectProblem(await app.request('GET', '/api/v1/contact-requests', { token: rival.token, headers: { 'x-organisation-id': employer.organisationId! } }), 404);
  });

  it('an accepted request releases contact to that organisation only', async () => {
    const fresh = await jobseekerWithProfile(app);
    const sent = await app.request('POST', '/api/v1/contact-requests', { token: employer.token, body: { profileId: fresh.profileId } });
    await app.request('POST', `/api/v1/contact-requests/${sent.body.id}/accept`, { token: fresh.token });
    expect((await app.request('GET', `/api/v1/profiles/${fresh.profileId}`, { token: employer.token })).body.contact).not.toBeNull();
    expect((await app.request('GET', `/api/v1/profiles/${fresh.profileId}`, { token: rival.token })).body.contact).toBeNull();
  });

  it('admins have no organisation view of profiles and cannot answer requests', async () => {
    const { seedAccount } = await import('../../core/domain/accounts.js');
    await seedAccount(app.deps, { email: 'admin-authz@example.nl', password: PASSWORD, name: 'Gemeente', role: 'admin' });
    const admin = await app.request('POST', '/api/v1/auth/login', { body: { email: 'admin-authz@example.nl', password: PASSWORD } });
    expectProblem(await app.request('GET', `/api/v1/profiles/${seeker.profileId}`, { token: admin.body.token }), 403);
  });
});
