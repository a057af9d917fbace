/**
 * Matching over HTTP: demand upload, scoring by the worker use-cases on a real embedded stack,
 * the recruiter's and the jobseeker's match lists, status changes, and who may see what.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchId, matchesOf, matchProfile, matchVacancy, rescoreDemandChange } from '../../core/matching/matches.js';
import { synonymGroups } from '../../core/taxonomy/index.js';
import { JOBS } from '../../core/jobs.js';
import { Indexer } from '../../indexer/sync.js';
import { searchFeeds } from '../../indexer/feeds.js';
import { workerHandlers } from '../../worker/handlers.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { adminToken, expectProblem, jobseekerWithProfile, profileBody, register, vacancyBody, type Actor } from './fixtures.js';

const HEADER = 'group,region,quarter,openVacancies,wwRecipientsUpTo6Months,source,sourceDate';
const SOURCE = 'UWV spanningsindicator (test)';
const demandCsv = (verzorgenden: number) =>
  [
    HEADER,
    `1032,rijnmond,2026-Q3,${verzorgenden},100,${SOURCE},2026-11-02`,
    `zorg,rijnmond,2026-Q3,250,100,${SOURCE},2026-11-02`,
    `0332,rijnmond,2026-Q3,30,100,${SOURCE},2026-11-02`,
    `detailhandel,rijnmond,2026-Q3,40,100,${SOURCE},2026-11-02`,
  ].join('\n');


describe('matching', () => {
  let app: TestApp;
  let indexer: Indexer;
  let admin: string;
  let employer: Actor;
  let strong: Actor & { profileId: string };
  let weak: Actor & { profileId: string };
  let hidden: Actor & { profileId: string };
  let vacancyId: string;
  let retailVacancyId: string;

  const sync = () => indexer.syncAll();

  beforeAll(async () => {
    app = await startTestApp();
    indexer = new Indexer(app.deps, searchFeeds(synonymGroups()), 500);
    await indexer.start();
    admin = await adminToken(app);
    const put = await app.request('PUT', '/api/v1/demand', { token: admin, body: demandCsv(420), headers: { 'content-type': 'text/csv' } });
    expect(put.status, put.text).toBe(200);

    employer = await register(app, 'employer');
    const v = await app.request('POST', '/api/v1/vacancies', {
      token: employer.token,
      body: vacancyBody({ title: 'Verzorgende IG', occupation: 'Verzorgende IG', mustHaveSkills: ['klantcontact', 'teamwerk', 'persoonlijke verzorging'], startDate: null }),
    });
    expect(v.status, v.text).toBe(201);
    vacancyId = v.body.id;
    const r = await app.request('POST', '/api/v1/vacancies', {
      token: employer.token,
      body: vacancyBody({ title: 'Verkoopmedewerker', occupation: 'Verkoopmedewerker', sector: 'Detailhandel', mustHaveSkills: ['kassawerk'], startDate: null }),
    });
    retailVacancyId = r.body.id;

    strong = await jobseekerWithProfile(app, {
      skills: ['klantcontact', 'teamwerk', 'persoonlijke verzorging'],
      experience: [{ title: 'Verzorgende IG', occupation: 'Verzorgende IG', sector: 'Zorg en welzijn', employerName: 'Zorggroep', start: '2021-01', end: null }],
    });
    weak = await jobseekerWithProfile(app, {
      place: 'Schiedam',
      experience: [{ title: 'Verkoopmedewerker', occupation: 'Verkoopmedewerker', sector: 'Detailhandel', employerName: 'Supermarkt', start: '2015-01', end: '2018-06' }],
    });
    hidden = await jobseekerWithProfile(app, { visibility: 'hidden', skills: ['klantcontact', 'teamwerk', 'persoonlijke verzorging'] });
    await sync();
    await matchVacancy(app.deps, vacancyId);
    await matchVacancy(app.deps, retailVacancyId);
  });
  afterAll(() => app?.close());

  const candidates = async (token = employer.token, id = vacancyId) => app.request('GET', `/api/v1/vacancies/${id}/matches`, { token });

  it("ranks anonymised candidates for the organisation's vacancy, each explained", async () => {
    const res = await candidates();
    expect(res.status, res.text).toBe(200);
    const ids = res.body.items.map((m: any) => m.candidate.id);
    expect(ids[0]).toBe(strong.profileId);
    expect(ids).toContain(weak.profileId);
    expect(ids).not.toContain(hidden.profileId);
    const best = res.body.items[0];
    expect(best.score).toBeGreaterThan(res.body.items[1].score);
    expect(Object.keys(best.components).sort()).toEqual(['availability', 'distance', 'recentExperience', 'relevance', 'sectorDemand', 'skills']);
    expect(best.reason).toMatch(/^Heeft 3 van 3 vereiste vaardigheden, \d jaar recente ervaring als verzorgende IG, sector zeer krap in Rijnmond \(bron: UWV spanningsindicator \(test\), 2026-Q3\)/);
    expect(best.demand).toMatchObject({ group: '1032', region: 'rijnmond', source: SOURCE, sourceDate: '2026-11-02', label: 'zeer krap' });
    expect(best.candidate.contact).toBeNull();
    expect(JSON.stringify(res.body)).not.toMatch(/sanne|bakker|\+31|birthDate|1990-05-01/i);
    expect(best.id).toBe(matchId(vacancyId, strong.profileId));
  });

  it('answers 404 to another organisation and 403 to a jobseeker', async () => {
    const stranger = await register(app, 'employer');
    expectProblem(await candidates(stranger.token), 404);
    expectProblem(await candidates(strong.token), 403);
    expectProblem(await app.request('GET', '/api/v1/vacancies/nope/matches', { token: employer.token }), 404);
  });

  it('rescoring is idempotent and never resets a status', async () => {
    const id = matchId(vacancyId, strong.profileId);
    const patched = await app.request('PATCH', `/api/v1/matches/${id}`, { token: employer.token, body: { status: 'contacted' } });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body.status).toBe('contacted');
    const before = await matchesOf(app.deps.store).count({ vacancyId });
    await matchVacancy(app.deps, vacancyId);
    await matchProfile(app.deps, strong.profileId);
    expect(await matchesOf(app.deps.store).count({ vacancyId })).toBe(before);
    expect((await matchesOf(app.deps.store).get(id))?.status).toBe('contacted');
    expectProblem(await app.request('PATCH', `/api/v1/matches/${id}`, { token: employer.token, body: { status: 'new' } }), 400);
    expectProblem(await app.request('PATCH', `/api/v1/matches/${id}`, { token: employer.token, body: { status: 'seen', score: 1 } }), 400);
  });

  it("shows the jobseeker their vacancies with reasons; they may dismiss their own, nothing else", async () => {
    await matchProfile(app.deps, weak.profileId);
    const mine = await app.request('GET', '/api/v1/me/matches', { token: weak.token });
    expect(mine.status, mine.text).toBe(200);
    const vacancyIds = mine.body.items.map((m: any) => m.vacancy.id);
    // The retail vacancy fits their experience better than the care one.
    expect(vacancyIds[0]).toBe(retailVacancyId);
    expect(mine.body.items[0].reason).toMatch(/vereiste vaardigheden/);
    const id = mine.body.items[0].id;
    expectProblem(await app.request('PATCH', `/api/v1/matches/${id}`, { token: weak.token, body: { status: 'contacted' } }), 403);
    expectProblem(await app.request('PATCH', `/api/v1/matches/${id}`, { token: strong.token, body: { status: 'dismissed' } }), 404);
    const dismissed = await app.request('PATCH', `/api/v1/matches/${id}`, { token: weak.token, body: { status: 'dismissed' } });
    expect(dismissed.body.status).toBe('dismissed');
    const stranger = await register(app, 'employer');
    expectProblem(await app.request('PATCH', `/api/v1/matches/${id}`, { token: stranger.token, body: { status: 'seen' } }), 404);
  });

  it('a demand upload rescores only the affected sectors, and shows the new tension', async () => {
    const retailBefore = await matchesOf(app.deps.store).find({ vacancyId: retailVacancyId });
    const put = await app.request('PUT', '/api/v1/demand', { token: admin, body: demandCsv(100), headers: { 'content-type': 'text/csv' } });
    expect(put.status, put.text).toBe(200);
    expect(put.body.affectedSectors).toEqual(['zorg']);
    const job = (await app.deps.queue.counts()).matching;
    expect(job?.waiting ?? 0).toBeGreaterThan(0);
    await rescoreDemandChange(app.deps, put.body.affectedSectors);
    const res = await candidates();
    expect(res.body.items[0].demand).toMatchObject({ label: 'gemiddeld', tension: 1 });
    expect(res.body.items[0].reason).toContain('sector gemiddeld in Rijnmond');
    const retailAfter = await matchesOf(app.deps.store).find({ vacancyId: retailVacancyId });
    expect(retailAfter.map((m) => m.version)).toEqual(retailBefore.map((m) => m.version));
  });

  it('hidden or erased profiles and closed vacancies lose their matches', async () => {
    const saved = await app.request('PUT', '/api/v1/me/profile', { token: weak.token, body: profileBody({ visibility: 'hidden' }) });
    expect(saved.status).toBe(200);
    await matchProfile(app.deps, weak.profileId);
    expect(await matchesOf(app.deps.store).count({ profileId: weak.profileId })).toBe(0);

    expect(await matchesOf(app.deps.store).count({ profileId: strong.profileId })).toBeGreaterThan(0);
    expect((await app.request('DELETE', '/api/v1/me', { token: strong.token })).status).toBe(204);
    expect(await matchesOf(app.deps.store).count({ profileId: strong.profileId })).toBe(0);
    expect((await candidates()).body.items.map((m: any) => m.candidate.id)).not.toContain(strong.profileId);

    await app.request('PATCH', `/api/v1/vacancies/${retailVacancyId}`, { token: employer.token, body: { status: 'closed' } });
    await matchVacancy(app.deps, retailVacancyId);
    expect(await matchesOf(app.deps.store).count({ vacancyId: retailVacancyId })).toBe(0);
  });

  it('lists failed jobs to admins only', async () => {
    const worker = app.deps.queue.work(workerHandlers(app.deps), { concurrency: 1 });
    try {
      await app.deps.queue.add(JOBS.matchVacancy, { vacancyId: 'not a valid id!' }, { jobId: `bad-${randomUUID()}` });
      let failed: any[] = [];
      for (let i = 0; i < 100 && failed.length === 0; i++) {
        const res = await app.request('GET', '/api/v1/admin/jobs/failed', { token: admin });
        expect(res.status, res.text).toBe(200);
        failed = res.body.items.filter((j: any) => j.name === JOBS.matchVacancy);
        if (!failed.length) await new Promise((r) => setTimeout(r, 50));
      }
      expect(failed[0]).toMatchObject({ name: 'match-vacancy', attempts: 1, error: expect.stringMatching(/invalid job data/) });
    } finally {
      await worker.close();
    }
    expectProblem(await app.request('GET', '/api/v1/admin/jobs/failed', { token: employer.token }), 403);
  });
});
