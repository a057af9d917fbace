/**
 * Wijkbasisbanen over HTTP: an admin marks residents eligible and signs off that a job
 * displaces no regular one (it cannot open before); the intermediary sees only eligible,
 * visible residents, offers the job, the resident accepts once. Basic jobs never appear in
 * the public vacancy list or search.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synonymGroups } from '../../core/taxonomy/index.js';
import { searchFeeds } from '../../indexer/feeds.js';
import { Indexer } from '../../indexer/sync.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { adminToken, expectProblem, jobseekerWithProfile, register, type Actor } from './fixtures.js';

const JOB = {
  title: 'Wijkconciërge Afrikaanderwijk',
  description: 'Je houdt speelpleinen en portieken schoon en veilig en bent aanspreekpunt voor bewoners.',
  publicTask: 'Schone en veilige openbare ruimte in de Afrikaanderwijk',
  hostName: 'Wijkteam Feijenoord',
  place: 'Rotterdam',
  hoursPerWeek: 24,
  skills: ['klantcontact', 'schoonmaken'],
};

describe('wijkbasisbanen', () => {
  let app: TestApp;
  let admin: string;
  let intermediary: Actor;
  let other: Actor;

  beforeAll(async () => {
    app = await startTestApp({ AUTH_RATE_LIMIT: '1000' });
    admin = await adminToken(app);
    intermediary = await register(app, 'intermediary');
    other = await register(app, 'intermediary');
  });
  afterAll(async () => app?.close());

  it('opens only after the displacement sign-off, matches eligible residents, and fills once', async () => {
    const eligible = await jobseekerWithProfile(app, { skills: ['klantcontact', 'schoonmaken'] });
    const second = await jobseekerWithProfile(app);
    const notMarked = await jobseekerWithProfile(app);
    const hidden = await jobseekerWithProfile(app, { visibility: 'hidden' });
    const js = await register(app, 'jobseeker');

    expectProblem(await app.request('POST', '/api/v1/admin/basic-job-eligibility', { token: intermediary.token, body: { profileId: eligible.profileId, eligible: true, reason: 'x' } }), 403);
    expectProblem(await app.request('POST', '/api/v1/admin/basic-job-eligibility', { token: admin, body: { profileId: 'nope', eligible: true, reason: 'x' } }), 404);
    for (const p of [eligible, second, hidden]) {
      const r = await app.request('POST', '/api/v1/admin/basic-job-eligibility', { token: admin, body: { profileId: p.profileId, eligible: true, reason: 'Doelgroep wijkbasisbanen volgens klantmanager' } });
      expect(r.status, r.text).toBe(200);
    }

    expectProblem(await app.request('POST', '/api/v1/basic-jobs', { token: js.token, body: JOB }), 403);
    expectProblem(await app.request('POST', '/api/v1/basic-jobs', { token: intermediary.token, body: { ...JOB, publicTask: undefined } }), 400);
    const created = await app.request('POST', '/api/v1/basic-jobs', { token: intermediary.token, body: JOB });
    expect(created.status, created.text).toBe(201);
    const id = created.body.id;
    expect(created.body).toMatchObject({ status: 'draft', signOff: null, publicTask: JOB.publicTask });
    expectProblem(await app.request('GET', `/api/v1/basic-jobs/${id}`, { token: other.token }), 404);

    const early = await app.request('POST', `/api/v1/basic-jobs/${id}/open`, { token: intermediary.token });
    expectProblem(early, 409);
    expect(early.body.detail).toMatch(/sign off/);
    expectProblem(await app.request('POST', `/api/v1/basic-jobs/${id}/offers`, { token: intermediary.token, body: { profileId: eligible.profileId } }), 409);
    expectProblem(await app.request('POST', `/api/v1/basic-jobs/${id}/sign-off`, { token: intermediary.token, body: { noDisplacement: true, statement: 'x' } }), 403);
    expectProblem(await app.request('POST', `/api/v1/basic-jobs/${id}/sign-off`, { token: admin, body: { noDisplacement: false, statement: 'x' } }), 400);
    const signed = await app.request('POST', `/api/v1/basic-jobs/${id}/sign-off`, { token: admin, body: { noDisplacement: true, statement: 'Geen reguliere functie bij Wijkteam of aannemer; getoetst met de vakbond.' } });
    expect(signed.status, signed.text).toBe(200);
    expectProblem(await app.request('POST', `/api/v1/basic-jobs/${id}/sign-off`, { token: admin, body: { noDisplacement: true, statement: 'again' } }), 409);
    expect((await app.request('POST', `/api/v1/basic-jobs/${id}/open`, { token: intermediary.token })).body.status).toBe('open');

    const candidates = await app.request('GET', `/api/v1/basic-jobs/${id}/candidates`, { token: intermediary.token });
    expect(candidates.status, candidates.text).toBe(200);
    const ids = candidates.body.map((c: any) => c.candidate.id);
    expect(ids[0]).toBe(eligible.profileId);
    expect(ids).toContain(second.profileId);
    expect(ids).not.toContain(notMarked.profileId);
    expect(ids).not.toContain(hidden.profileId);
    expect(candidates.body[0].candidate.contact).toBeNull();
    expectProblem(await app.request('GET', `/api/v1/basic-jobs/${id}/candidates`, { token: other.token }), 404);

    const bad = await app.request('POST', `/api/v1/basic-jobs/${id}/offers`, { token: intermediary.token, body: { profileId: notMarked.profileId } });
    expectProblem(bad, 400);
    const o1 = await app.request('POST', `/api/v1/basic-jobs/${id}/offers`, { token: intermediary.token, body: { profileId: eligible.profileId, message: 'Iets voor jou?' } });
    const o2 = await app.request('POST', `/api/v1/basic-jobs/${id}/offers`, { token: intermediary.token, body: { profileId: second.profileId } });
    expect([o1.status, o2.status]).toEqual([201, 201]);
    expectProblem(await app.request('POST', `/api/v1/basic-jobs/${id}/offers`, { token: intermediary.token, body: { profileId: eligible.profileId } }), 409);

    const mine = await app.request('GET', '/api/v1/me/basic-job-offers', { token: eligible.token });
    expect(mine.body).toHaveLength(1);
    expect(mine.body[0]).toMatchObject({ title: JOB.title, publicTask: JOB.publicTask, status: 'offered' });
    expect((await app.request('GET', '/api/v1/me/basic-job-offers', { token: notMarked.token })).body).toEqual([]);
    expectProblem(await app.request('POST', `/api/v1/me/basic-job-offers/${o1.body.id}/answer`, { token: second.token, body: { accept: true } }), 404);

    // Both accept at once: one fills the job, the other is told it is gone.
    const answers = await Promise.all([
      app.request('POST', `/api/v1/me/basic-job-offers/${o1.body.id}/answer`, { token: eligible.token, body: { accept: true } }),
      app.request('POST', `/api/v1/me/basic-job-offers/${o2.body.id}/answer`, { token: second.token, body: { accept: true } }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const job = await app.request('GET', `/api/v1/basic-jobs/${id}`, { token: admin });
    expect(job.body).toMatchObject({ status: 'filled', filled: true });
    expect((await app.request('GET', '/api/v1/basic-jobs', { token: other.token })).body).toEqual([]);
    expect((await app.request('GET', '/api/v1/basic-jobs', { token: intermediary.token })).body.map((j: any) => j.id)).toEqual([id]);
  });

  it('never shows a basic job in the public vacancy list or search', async () => {
    const created = await app.request('POST', '/api/v1/basic-jobs', { token: intermediary.token, body: { ...JOB, title: 'Buurtbeheerder Zwaanshals' } });
    await app.request('POST', `/api/v1/basic-jobs/${created.body.id}/sign-off`, { token: admin, body: { noDisplacement: true, statement: 'Getoetst' } });
    await app.request('POST', `/api/v1/basic-jobs/${created.body.id}/open`, { token: intermediary.token });
    const list = await app.request('GET', '/api/v1/vacancies?limit=100');
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).not.toMatch(/Zwaanshals|Wijkconciërge/);
    // Everything in the store that feeds search is indexed now; a basic job must not be among it.
    const indexer = new Indexer(app.deps, searchFeeds(synonymGroups()), 500);
    await indexer.start();
    await indexer.syncAll();
    const search = await app.request('GET', '/api/v1/search/vacancies?q=Zwaanshals', { token: intermediary.token });
    expect(search.status, search.text).toBe(200);
    expect(JSON.stringify(search.body)).not.toMatch(/Zwaanshals/);
  });
});
