import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { seedAccount } from '../../core/domain/accounts.js';
import { adminToken, courseBody, expectProblem, jobseekerWithProfile, ok, PASSWORD, profileBody, programmeBody, register, vacancyBody, type Actor } from './fixtures.js';

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
  let admin: string;
  let adviser: Actor;

  /** A municipality admin and a Leerwerkloket that reviews vouchers, takes appointments and runs basic jobs. */
  beforeAll(async () => {
    admin = await adminToken(app);
    adviser = await register(app, 'intermediary', 'Leerwerkloket Privacy');
  });

  /**
   * Everything the retraining side keeps about a jobseeker, made over HTTP: an approved and a
   * pending voucher, career-check answers, an appointment, a basic-job eligibility mark and an
   * accepted offer; plus a digest record with a line about them (digests are written by the
   * digest worker, so it is stored directly, as matches are below).
   */
  async function withRetrainingRecords(jobseeker: Actor & { profileId: string }) {
    const course = (title: string) =>
      ok(app.request('POST', '/api/v1/courses', { token: admin, body: courseBody({ title, skillsTaught: ['persoonlijke verzorging'], costEur: 1000, durationWeeks: 8, regions: [] }) }), 201);
    const programme = await ok(
      app.request('POST', '/api/v1/programmes', { token: admin, body: programmeBody(adviser, { places: 5, budgetEur: 9000, eligibleSectors: [], regions: [] }) }),
      201,
    );
    const apply = async (courseId: string) =>
      ok(app.request('POST', `/api/v1/programmes/${programme.id}/vouchers`, { token: jobseeker.token, body: { courseId, incomeBand: '20000-30000', motivation: 'Ik wil de zorg in' } }), 201);
    const approved = await apply((await course('Basiszorg')).id);
    await ok(app.request('POST', `/api/v1/vouchers/${approved.id}/approve`, { token: adviser.token, body: { reason: 'Past bij haar ervaring' } }));
    const pending = await apply((await course('Tillen')).id);
    await ok(app.request('POST', '/api/v1/me/career-check', { token: jobseeker.token, body: { interests: ['mensen-helpen'], skills: ['plannen'] } }));
    const appointment = await ok(app.request('POST', '/api/v1/me/appointments', { token: jobseeker.token, body: { organisationId: adviser.organisationId, topic: 'voucher', message: 'Graag hulp' } }), 201);
    await ok(app.request('POST', '/api/v1/admin/basic-job-eligibility', { token: admin, body: { profileId: jobseeker.profileId, eligible: true, reason: 'Doelgroep volgens klantmanager' } }));
    const job = await ok(
      app.request('POST', '/api/v1/basic-jobs', { token: adviser.token, body: { title: 'Wijkconciërge', description: 'Speelpleinen schoon en veilig.', publicTask: 'Schone openbare ruimte', hostName: 'Wijkteam', place: 'Rotterdam', hoursPerWeek: 24 } }),
      201,
    );
    await ok(app.request('POST', `/api/v1/basic-jobs/${job.id}/sign-off`, { token: admin, body: { noDisplacement: true, statement: 'Geen reguliere functie verdrongen.' } }));
    await ok(app.request('POST', `/api/v1/basic-jobs/${job.id}/open`, { token: adviser.token }));
    const offer = await ok(app.request('POST', `/api/v1/basic-jobs/${job.id}/offers`, { token: adviser.token, body: { profileId: jobseeker.profileId } }), 201);
    await ok(app.request('POST', `/api/v1/me/basic-job-offers/${offer.id}/answer`, { token: jobseeker.token, body: { accept: true } }));
    const line = (id: string, profileId: string) => ({ id, profileId, vacancyId: 'v1', score: 0.7, reasons: [], reason: 'Heeft 2 van 3 vereiste vaardigheden', candidate: { occupations: [], place: 'Rotterdam', experienceMonths: 12, hoursPerWeek: 32 } });
    const digest = await app.deps.store.collection<Record<string, any>>('digests').insert({
      subscriptionId: `s-${randomUUID()}`,
      periodKey: '2026-11-23',
      matchIds: ['m-them', 'm-other'],
      items: [line('m-them', jobseeker.profileId), line('m-other', 'someone-else')],
      status: 'sent',
      composedAt: '2026-11-23T07:00:00.000Z',
    });
    return { programmeId: programme.id as string, approved, pending, appointment, job, offer, digestId: digest.id };
  }

  it('exports everything about the person, without secrets', async () => {
    const jobseeker = await jobseekerWithProfile(app);
    const employer = await register(app, 'employer');
    await app.request('GET', `/api/v1/profiles/${jobseeker.profileId}`, { token: employer.token });
    await app.request('POST', '/api/v1/contact-requests', { token: employer.token, body: { profileId: jobseeker.profileId, message: 'Hallo!' } });
    await app.deps.store.collection<Record<string, unknown>>('matches').insert({ profileId: jobseeker.profileId, vacancyId: 'v1', score: 0.8 });
    const made = await withRetrainingRecords(jobseeker);

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

    expect(res.body.vouchers.map((v: any) => [v.id, v.status, v.incomeBand, v.motivation]).sort()).toEqual(
      [
        [made.approved.id, 'approved', '20000-30000', 'Ik wil de zorg in'],
        [made.pending.id, 'pending', '20000-30000', 'Ik wil de zorg in'],
      ].sort(),
    );
    expect(res.body.careerCheck).toMatchObject({ answers: { interests: ['mensen-helpen'], skills: ['plannen'] }, completedAt: expect.any(String), report: { summary: expect.any(String) } });
    expect(res.body.appointments).toEqual([expect.objectContaining({ id: made.appointment.id, topic: 'voucher', message: 'Graag hulp' })]);
    expect(res.body.basicJobOffers).toEqual([expect.objectContaining({ id: made.offer.id, basicJobId: made.job.id, status: 'accepted' })]);
    expect(res.body.basicJobEligibility).toEqual({ eligible: true, reason: 'Doelgroep volgens klantmanager', markedAt: expect.any(String) });
    expect(res.body.digestMentions).toEqual([{ digestId: made.digestId, composedAt: '2026-11-23T07:00:00.000Z', status: 'sent', item: expect.objectContaining({ id: 'm-them', profileId: jobseeker.profileId }) }]);
    expect(res.text).not.toContain('someone-else');
    expect(res.body.subscriptions).toEqual([]);
  });

  it("exports and erases a recruiter's subscriptions and their digests", async () => {
    const employer = await register(app, 'employer');
    const vacancy = await ok(app.request('POST', '/api/v1/vacancies', { token: employer.token, body: vacancyBody() }), 201);
    const sub = await ok(app.request('POST', '/api/v1/subscriptions', { token: employer.token, body: { kind: 'vacancy', vacancyId: vacancy.id, frequency: 'daily' } }), 201);
    const digestsOf = app.deps.store.collection<Record<string, any>>('digests');
    await digestsOf.insert({ subscriptionId: sub.id, periodKey: 'a', matchIds: [], items: [], status: 'sent', recipient: employer.email, composedAt: '2026-11-22T07:00:00.000Z' });
    const waiting = await digestsOf.insert({ subscriptionId: sub.id, periodKey: 'b', matchIds: [], items: [], status: 'composed', recipient: employer.email, composedAt: '2026-11-23T07:00:00.000Z' });

    const exported = await ok(app.request('GET', '/api/v1/me/export', { token: employer.token }));
    expect(exported.subscriptions).toEqual([expect.objectContaining({ id: sub.id, vacancyId: vacancy.id, email: employer.email })]);

    expect((await app.request('DELETE', '/api/v1/me', { token: employer.token })).status).toBe(204);
    expect(await app.deps.store.collection('subscriptions').get(sub.id)).toBeNull();
    // The one still waiting to be sent stays, cancelled and emptied, so its delivery job stops; the rest is gone.
    const left = await digestsOf.find({ subscriptionId: sub.id });
    expect(left.map((d) => [d.id, d.status, d.recipient])).toEqual([[waiting.id, 'cancelled', 'gewist']]);
  });

  it('erases the account, profile, contact requests, views, matches, retraining records and the search entry', async () => {
    const jobseeker = await jobseekerWithProfile(app);
    const employer = await register(app, 'employer');
    await app.request('GET', `/api/v1/profiles/${jobseeker.profileId}`, { token: employer.token });
    await app.request('POST', '/api/v1/contact-requests', { token: employer.token, body: { profileId: jobseeker.profileId } });
    await app.deps.store.collection<Record<string, unknown>>('matches').insert({ profileId: jobseeker.profileId, vacancyId: 'v1', score: 0.5 });
    const made = await withRetrainingRecords(jobseeker);
    const figuresBefore = await ok(app.request('GET', `/api/v1/programmes/${made.programmeId}/figures`, { token: admin }));
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

    // Retraining: nothing left that names the person or their account, in any of these collections.
    for (const name of ['vouchers', 'programme_ledgers', 'career_checks', 'appointments', 'basic_job_offers', 'basic_job_eligibility', 'basic_jobs', 'digests', 'subscriptions', 'matches', 'contact_requests', 'profile_views']) {
      const docs = await store.collection(name).find({});
      expect(JSON.stringify(docs), name).not.toContain(jobseeker.profileId);
      expect(JSON.stringify(docs), name).not.toContain(jobseeker.accountId);
    }
    // The approved voucher stays for the ledger, anonymised; the pending application is gone.
    expect(await store.collection('vouchers').get(made.pending.id)).toBeNull();
    expect(await store.collection('vouchers').get(made.approved.id)).toMatchObject({ status: 'approved', amountEur: 1000, profileId: expect.stringMatching(/^erased-/), incomeBand: 'gewist', motivation: null, reason: null });
    const figuresAfter = await ok(app.request('GET', `/api/v1/programmes/${made.programmeId}/figures`, { token: admin }));
    expect(figuresAfter).toMatchObject({ participants: figuresBefore.participants, committedEur: figuresBefore.committedEur, placesLeft: figuresBefore.placesLeft });
    expect(figuresAfter.participants).toBe(1);
    // The basic job stays filled, by nobody named; the digest keeps its other line.
    expect((await ok(app.request('GET', `/api/v1/basic-jobs/${made.job.id}`, { token: adviser.token }))).filled).toBe(true);
    const digest = await store.collection<Record<string, any>>('digests').get(made.digestId);
    expect(digest?.items.map((i: any) => i.id)).toEqual(['m-other']);
    expect(digest?.matchIds).toEqual(['m-other']);
    expect(await ok(app.request('GET', '/api/v1/appointments', { token: adviser.token }))).not.toContainEqual(expect.objectContaining({ id: made.appointment.id }));
  });
});
