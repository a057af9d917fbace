import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { seedAccount } from '../../core/domain/accounts.js';
import { expectProblem, jobseekerWithProfile, PASSWORD, profileBody, register } from './fixtures.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ AUTH_RATE_LIMIT: '1000' });
});
afterAll(async () => {
  await app.close();
});

const DAY = 24 * 60 * 60 * 1000;

describe("a jobseeker's profile", () => {
  it('is created with PUT, read back, replaced, and confirmed', async () => {
    const jobseeker = await register(app, 'jobseeker');
    expectProblem(await app.request('GET', '/api/v1/me/profile', { token: jobseeker.token }), 404);

    const created = await app.request('PUT', '/api/v1/me/profile', { token: jobseeker.token, body: profileBody() });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ place: 'Rotterdam', visibility: 'anonymous', stale: false, contact: { name: 'Sanne Bakker' } });
    expect(created.body.staleAt).toEqual(expect.any(String));
    expect(created.body).not.toHaveProperty('ownerId');

    const replaced = await app.request('PUT', '/api/v1/me/profile', { token: jobseeker.token, body: profileBody({ hoursPerWeek: 20, skills: ['plannen'] }) });
    expect(replaced.status).toBe(200);
    expect(replaced.body.id).toBe(created.body.id);

    const read = await app.request('GET', '/api/v1/me/profile', { token: jobseeker.token });
    expect(read.body).toMatchObject({ hoursPerWeek: 20, skills: ['plannen'] });

    const confirmed = await app.request('POST', '/api/v1/me/profile/confirm', { token: jobseeker.token });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.confirmedAt >= read.body.confirmedAt).toBe(true);
  });

  it('defaults to hidden, normalises the postcode and rejects an end month before the start', async () => {
    const jobseeker = await register(app, 'jobseeker');
    const body = profileBody();
    delete body.visibility;
    (body.contact as any).address.postcode = '3085ez';
    const saved = await app.request('PUT', '/api/v1/me/profile', { token: jobseeker.token, body });
    expect(saved.body.visibility).toBe('hidden');
    expect(saved.body.contact.address.postcode).toBe('3085 EZ');

    const bad = await app.request('PUT', '/api/v1/me/profile', {
      token: jobseeker.token,
      body: profileBody({ experience: [{ title: 'X', employerName: 'Y', start: '2020-05', end: '2019-01' }] }),
    });
    expectProblem(bad, 400);
    expect(bad.body.errors).toEqual([{ path: 'experience/0/end', message: 'must not be before start' }]);
  });

  it('resolves the place through the gazetteer and refuses unknown places with suggestions', async () => {
    const jobseeker = await register(app, 'jobseeker');
    const saved = await app.request('PUT', '/api/v1/me/profile', { token: jobseeker.token, body: profileBody({ place: 'rotterdam' }) });
    expect(saved.status).toBe(201);
    expect(saved.body).toMatchObject({ place: 'Rotterdam', region: expect.any(String), geo: { lat: expect.any(Number), lng: expect.any(Number) } });
    expect(saved.body.geo.lat).toBeCloseTo(51.9, 0);

    const unknown = await app.request('PUT', '/api/v1/me/profile', { token: jobseeker.token, body: profileBody({ place: 'Roterdam' }) });
    expectProblem(unknown, 400);
    expect(unknown.body.errors).toEqual([{ path: 'place', message: 'not a known Dutch place' }]);
    expect(unknown.body.suggestions).toContain('Rotterdam');
  });

  it('stores occupations and sectors as taxonomy ids and refuses unknown ones', async () => {
    const jobseeker = await register(app, 'jobseeker');
    const saved = await app.request('PUT', '/api/v1/me/profile', {
      token: jobseeker.token,
      body: profileBody({ desiredOccupations: ['zorgmedewerker', 'Caissière'], desiredSectors: ['Zorg en welzijn', 'detailhandel'] }),
    });
    expect(saved.body).toMatchObject({ desiredOccupations: ['verzorgende-ig', 'kassamedewerker'], desiredSectors: ['zorg', 'detailhandel'] });
    expect(saved.body.experience[0].sector).toBe('detailhandel');
    const unknown = await app.request('PUT', '/api/v1/me/profile', { token: jobseeker.token, body: profileBody({ desiredOccupations: ['Verzorgende IG', 'Astronaut'] }) });
    expectProblem(unknown, 400);
    expect(unknown.body.errors).toEqual([{ path: 'desiredOccupations/1', message: 'not a known occupation' }]);
  });

  it('goes stale after 90 days unconfirmed: organisations cannot open it until it is confirmed again', async () => {
    const jobseeker = await jobseekerWithProfile(app);
    const employer = await register(app, 'employer');
    expect((await app.request('GET', `/api/v1/profiles/${jobseeker.profileId}`, { token: employer.token })).status).toBe(200);

    const old = new Date(Date.now() - 91 * DAY).toISOString();
    await app.deps.store.collection('profiles').update(jobseeker.profileId, { confirmedAt: old });
    const mine = await app.request('GET', '/api/v1/me/profile', { token: jobseeker.token });
    expect(mine.body.stale).toBe(true);
    expectProblem(await app.request('GET', `/api/v1/profiles/${jobseeker.profileId}`, { token: employer.token }), 404);

    await app.request('POST', '/api/v1/me/profile/confirm', { token: jobseeker.token });
    expect((await app.request('GET', `/api/v1/profiles/${jobseeker.profileId}`, { token: employer.token })).status).toBe(200);
  });
});

describe('stale-profile reminders', () => {
  it('mails the jobseeker once per confirmation, a week before the profile goes stale', async () => {
    const { sendStaleProfileReminders } = await import('../../core/domain/reminders.js');
    const jobseeker = await jobseekerWithProfile(app, { contact: { name: 'Rinus Herinnering', email: 'rinus@example.nl', phone: '+31 6 11112222' } });
    await sendStaleProfileReminders(app.deps);
    const before = (await app.deps.mail.outbox(100)).filter((m) => m.to === 'rinus@example.nl');
    expect(before).toHaveLength(0);

    await app.deps.store.collection('profiles').update(jobseeker.profileId, { confirmedAt: new Date(Date.now() - 85 * DAY).toISOString() });
    expect(await sendStaleProfileReminders(app.deps)).toBeGreaterThanOrEqual(1);
    await sendStaleProfileReminders(app.deps);
    const sent = (await app.deps.mail.outbox(100)).filter((m) => m.to === 'rinus@example.nl');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.text).toContain('Rinus Herinnering');
    // The owner never sees the bookkeeping field.
    expect((await app.request('GET', '/api/v1/me/profile', { token: jobseeker.token })).body).not.toHaveProperty('remindedFor');
  });
});

describe('profile views', () => {
  it('are anonymised for organisations and logged for the jobseeker to read', async () => {
    const jobseeker = await jobseekerWithProfile(app);
    const employer = await register(app, 'employer', 'Zorggroep Oost');
    const view = await app.request('GET', `/api/v1/profiles/${jobseeker.profileId}`, { token: employer.token });
    expect(view.status).toBe(200);
    expect(view.body.contact).toBeNull();
    for (const secret of ['Sanne', 'sanne.bakker@example.nl', '12345678', 'Slinge', '1990-05-01']) expect(view.text).not.toContain(secret);

    const views = await app.request('GET', '/api/v1/me/profile-views', { token: jobseeker.token });
    expect(views.status).toBe(200);
    expect(views.body.items).toEqual([{ organisationId: employer.organisationId, organisationName: 'Zorggroep Oost BV', viewedAt: expect.any(String) }]);
  });

  it('are throttled past PROFILE_VIEW_LIMIT per hour and the organisation is flagged to admins', async () => {
    const limited = await startTestApp({ AUTH_RATE_LIMIT: '1000', PROFILE_VIEW_LIMIT: '2' });
    try {
      const jobseeker = await jobseekerWithProfile(limited);
      const employer = await register(limited, 'employer', 'Scraper');
      for (let i = 0; i < 2; i++) expect((await limited.request('GET', `/api/v1/profiles/${jobseeker.profileId}`, { token: employer.token })).status).toBe(200);
      expectProblem(await limited.request('GET', `/api/v1/profiles/${jobseeker.profileId}`, { token: employer.token }), 429);
      expectProblem(await limited.request('GET', `/api/v1/profiles/${jobseeker.profileId}`, { token: employer.token }), 429);

      await seedAccount(limited.deps, { email: 'admin@example.nl', password: PASSWORD, name: 'Gemeente', role: 'admin' });
      const admin = await limited.request('POST', '/api/v1/auth/login', { body: { email: 'admin@example.nl', password: PASSWORD } });
      const list = await limited.request('GET', '/api/v1/admin/flags', { token: admin.body.token });
      expect(list.status).toBe(200);
      expect(list.body.items).toEqual([expect.objectContaining({ kind: 'profile_view_rate', organisationId: employer.organisationId, refused: 2, limit: 2 })]);
      // Only admins read flags.
      expectProblem(await limited.request('GET', '/api/v1/admin/flags', { token: employer.token }), 403);
    } finally {
      await limited.close();
    }
  });
});

describe('export and erasure', () => {
  it('exports everything about the person, without secrets', async () => {
    const jobseeker = await jobseekerWithProfile(app);
    const employer = await register(app, 'employer');
    await app.request('GET', `/api/v1/profiles/${jobseeker.profileId}`, { token: employer.token });
    await app.request('POST', '/api/v1/contact-requests', { token: employer.token, body: { profileId: jobseeker.profileId, message: 'Hallo!' } });
    await app.deps.store.collection<Record<string, unknown>>('matches').insert({ profileId: jobseeker.profileId, vacancyId: 'v1', score: 0.8 });

    const res = await app.request('GET', '/api/v1/me/export', { token: jobseeker.token });
    expect(res.status).toBe(200);
    expect(res.body.account).toMatchObject({ id: jobseeker.accountId, email: jobseeker.email });
    expect(res.body.profile).toMatchObject({ id: jobseeker.profileId, contact: { name: 'Sanne Bakker' } });
    expect(res.body.contactRequests).toEqual([expect.objectContaining({ message: 'Hallo!', status: 'pending' })]);
    expect(res.body.profileViews).toHaveLength(1);
    expect(res.body.matches).toEqual([expect.objectContaining({ vacancyId: 'v1', score: 0.8 })]);
    expect(res.body.sessions.length).toBeGreaterThan(0);
    expect(res.text).not.toContain('scrypt');
    expect(res.text).not.toContain(jobseeker.token);
  });

  it('erases the account, profile, contact requests, views, matches and the search entry', async () => {
    const jobseeker = await jobseekerWithProfile(app);
    const employer = await register(app, 'employer');
    await app.request('GET', `/api/v1/profiles/${jobseeker.profileId}`, { token: employer.token });
    await app.request('POST', '/api/v1/contact-requests', { token: employer.token, body: { profileId: jobseeker.profileId } });
    await app.deps.store.collection<Record<string, unknown>>('matches').insert({ profileId: jobseeker.profileId, vacancyId: 'v1', score: 0.5 });
    const candidates = app.deps.search.index<{ id: string; place: string }>('candidates');
    await candidates.configure({ primaryKey: 'id', searchableAttributes: ['place'], filterableAttributes: [], sortableAttributes: [], synonyms: [], stopWords: [] });
    await candidates.upsert([{ id: jobseeker.profileId, place: 'Rotterdam' }]);

    expect((await app.request('DELETE', '/api/v1/me', { token: jobseeker.token })).status).toBe(204);

    expectProblem(await app.request('GET', '/api/v1/me', { token: jobseeker.token }), 401);
    expectProblem(await app.request('POST', '/api/v1/auth/login', { body: { email: jobseeker.email, password: PASSWORD } }), 401);
    const store = app.deps.store;
    expect(await store.collection('accounts').get(jobseeker.accountId)).toBeNull();
    expect(await store.collection('sessions').count({ accountId: jobseeker.accountId })).toBe(0);
    const tombstone = await store.collection('profiles').get(jobseeker.profileId, { includeDeleted: true });
    expect(JSON.stringify(tombstone ?? {})).not.toContain('Sanne');
    expect(await store.collection('contact_requests').count({ profileId: jobseeker.profileId })).toBe(0);
    expect(await store.collection('profile_views').count({ profileId: jobseeker.profileId })).toBe(0);
    expect(await store.collection('matches').count({ profileId: jobseeker.profileId })).toBe(0);
    expect(await candidates.get(jobseeker.profileId)).toBeNull();
    expectProblem(await app.request('GET', `/api/v1/profiles/${jobseeker.profileId}`, { token: employer.token }), 404);
    const requests = await app.request('GET', '/api/v1/contact-requests', { token: employer.token });
    expect(requests.body.items).toEqual([]);
  });
});
