/**
 * "Matching knows" over HTTP (issue 7): a jobseeker with a skill gap applies for a voucher, a
 * reviewer approves it, the match-profile worker (embedded queue) rescores them, and the
 * employer sees them "in omscholing" with a higher skills component. Someone with the same gap
 * and no voucher is shown as "kandidaat + gefinancierde opleiding". Income never reaches the
 * employer's views.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchVacancy } from '../../core/matching/matches.js';
import { completedCourses } from '../../core/programmes/index.js';
import type { Worker } from '../../core/ports/queue.js';
import { synonymGroups } from '../../core/taxonomy/index.js';
import { Indexer } from '../../indexer/sync.js';
import { searchFeeds } from '../../indexer/feeds.js';
import { matchingJobHandlers } from '../../worker/handlers.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { adminToken, courseBody, jobseekerWithProfile, ok, programmeBody, register, vacancyBody, type Actor } from './fixtures.js';

const DEMAND = [
  'group,region,quarter,openVacancies,wwRecipientsUpTo6Months,source,sourceDate',
  // Verzorgenden (BRC 1032) zeer krap in Rijnmond.
  '1032,rijnmond,2026-Q3,420,100,UWV spanningsindicator (test),2026-11-02',
  'zorg,rijnmond,2026-Q3,250,100,UWV spanningsindicator (test),2026-11-02',
].join('\n');
const INCOME_BAND = '20000-30000';

describe('matching knows retraining', () => {
  let app: TestApp;
  let indexer: Indexer;
  let worker: Worker;
  let admin: string;
  let reviewer: Actor;
  let employer: Actor;
  let vacancyId: string;
  let courseId: string;
  let programmeId: string;
  let learner: Actor & { profileId: string };
  let lookalike: Actor & { profileId: string };
  let ready: Actor & { profileId: string };

  /** Wait until the matching queue has nothing waiting, delayed or running (bounded; then assert it). */
  const matchingSettled = async () => {
    const busy = async () => {
      const q = (await app.deps.queue.counts()).matching;
      return (q?.waiting ?? 0) + (q?.active ?? 0) + (q?.delayed ?? 0);
    };
    for (let i = 0; i < 400 && (await busy()) > 0; i++) await new Promise((r) => setTimeout(r, 25));
    expect(await busy()).toBe(0);
  };
  const matches = async () => {
    const res = await app.request('GET', `/api/v1/vacancies/${vacancyId}/matches?limit=100`, { token: employer.token });
    expect(res.status, res.text).toBe(200);
    return res;
  };
  const matchOf = async (profileId: string) => (await matches()).body.items.find((m: any) => m.candidate.id === profileId);

  beforeAll(async () => {
    app = await startTestApp({ AUTH_RATE_LIMIT: '1000' });
    indexer = new Indexer(app.deps, searchFeeds(synonymGroups()), 500);
    await indexer.start();
    admin = await adminToken(app);
    expect((await app.request('PUT', '/api/v1/demand', { token: admin, body: DEMAND, headers: { 'content-type': 'text/csv' } })).status).toBe(200);

    reviewer = await register(app, 'intermediary', 'Leerwerkloket Rijnmond');
    const course = await app.request('POST', '/api/v1/courses', { token: admin, body: courseBody() });
    expect(course.status, course.text).toBe(201);
    courseId = course.body.id;
    const programme = await app.request('POST', '/api/v1/programmes', { token: admin, body: programmeBody(reviewer, { name: 'Scholingsfonds Rijnmond (test)' }) });
    expect(programme.status, programme.text).toBe(201);
    programmeId = programme.body.id;

    employer = await register(app, 'employer');
    const v = await app.request('POST', '/api/v1/vacancies', {
      token: employer.token,
      body: vacancyBody({ title: 'Verzorgende IG', occupation: 'Verzorgende IG', mustHaveSkills: ['klantcontact', 'persoonlijke verzorging', 'medicatie-toedienen'], startDate: null }),
    });
    expect(v.status, v.text).toBe(201);
    vacancyId = v.body.id;

    // Two cashiers who want to become Verzorgende IG (the fixture's profile), and one who already can.
    learner = await jobseekerWithProfile(app);
    lookalike = await jobseekerWithProfile(app);
    ready = await jobseekerWithProfile(app, { skills: ['klantcontact', 'persoonlijke verzorging', 'medicatie-toedienen'] });

    await indexer.syncAll();
    worker = app.deps.queue.work(matchingJobHandlers(app.deps), { concurrency: 1 });
    await matchingSettled();
    await matchVacancy(app.deps, vacancyId);
  });
  afterAll(async () => {
    await worker?.close();
    await app?.close();
  });

  it('shows a candidate whose gap one fundable course closes as "kandidaat + gefinancierde opleiding"', async () => {
    const m = await matchOf(lookalike.profileId);
    expect(m.retraining).toEqual({ kind: 'funded-course', courseId, courseTitle: 'Basiszorg', durationWeeks: 10, programmeId, label: 'kandidaat + gefinancierde opleiding: Basiszorg (10 weken)' });
    expect(m.reason).toMatch(/^Kandidaat \+ gefinancierde opleiding: Basiszorg \(10 weken\); heeft 1 van 3 vereiste vaardigheden/);
    // Nothing missing, nothing to fund.
    expect((await matchOf(ready.profileId)).retraining).toBeNull();
  });

  it('after a voucher is approved, the worker rescores the holder: "in omscholing", with a higher skills component', async () => {
    const before = await matchOf(learner.profileId);
    expect(before.retraining?.kind).toBe('funded-course');
    const applied = await app.request('POST', `/api/v1/programmes/${programmeId}/vouchers`, { token: learner.token, body: { courseId, incomeBand: INCOME_BAND } });
    expect(applied.status, applied.text).toBe(201);
    expect(applied.body.endDate).toBe('2099-05-10');
    const approved = await app.request('POST', `/api/v1/vouchers/${applied.body.id}/approve`, { token: reviewer.token, body: {} });
    expect(approved.status, approved.text).toBe(200);
    await matchingSettled();

    const after = await matchOf(learner.profileId);
    expect(after.retraining).toEqual({ kind: 'in-training', courseId, courseTitle: 'Basiszorg', endsOn: '2099-05-10', label: 'in omscholing: Basiszorg, klaar mei 2099' });
    expect(after.reason).toMatch(/^In omscholing: Basiszorg, klaar mei 2099; heeft 3 van 3 vereiste vaardigheden/);
    expect(after.components.skills).toBeGreaterThan(before.components.skills);
    expect(after.score).toBeGreaterThan(before.score);
    // The jobseeker sees the same flag on their own match.
    const mine = await app.request('GET', '/api/v1/me/matches', { token: learner.token });
    expect(mine.body.items.find((m: any) => m.vacancyId === vacancyId)?.retraining).toMatchObject({ kind: 'in-training' });
  });

  it('never shows the declared income to employers, in matches or in candidate search', async () => {
    const res = await matches();
    expect(res.body.items.some((m: any) => m.retraining?.kind === 'in-training')).toBe(true);
    expect(res.text).not.toMatch(/income/i);
    expect(res.text).not.toContain(INCOME_BAND);
    await indexer.syncAll();
    const search = await app.request('GET', '/api/v1/search/candidates?q=verzorgende', { token: employer.token });
    expect(search.status, search.text).toBe(200);
    expect(search.text).toContain(learner.profileId);
    expect(search.text).not.toMatch(/income|voucher/i);
    expect(search.text).not.toContain(INCOME_BAND);
  });

  it('completing the course ends "in omscholing" after the worker rescores, and the course’s skills keep counting', async () => {
    const training = await matchOf(learner.profileId);
    // A second course teaching the rest of verzorgende IG's essential skills, so that the occupation is a pathway whose gap can shrink.
    const rest = await app.request('POST', '/api/v1/courses', {
      token: admin,
      body: courseBody({ title: 'Zorgpraktijk', skillsTaught: ['voorbehouden-handelingen', 'observeren-rapporteren', 'tillen-transfers', 'taal-nl-b1'], costEur: 900, durationWeeks: 8 }),
    });
    expect(rest.status, rest.text).toBe(201);
    const pathwaysBefore = await ok(app.request('GET', '/api/v1/me/pathways', { token: learner.token }));
    const [voucher] = (await app.request('GET', '/api/v1/me/vouchers', { token: learner.token })).body;
    const done = await app.request('POST', `/api/v1/vouchers/${voucher.id}/complete`, { token: reviewer.token });
    expect(done.status, done.text).toBe(200);
    await matchingSettled();

    const after = await matchOf(learner.profileId);
    // Neither "in omscholing" nor the same course offered again as "kandidaat + gefinancierde opleiding".
    expect(after.retraining).toBeNull();
    expect(after.components.skills).toBe(training.components.skills);
    expect(after.reason).toMatch(/^Heeft 3 van 3 vereiste vaardigheden \(2 uit opleiding\)/);
    const mine = await ok(app.request('GET', '/api/v1/me/matches', { token: learner.token }));
    expect(mine.items.find((m: any) => m.vacancyId === vacancyId)?.retraining).toBeNull();
    // Derived, not written: the profile stays as the person left it.
    const own = (await ok(app.request('GET', '/api/v1/me/profile', { token: learner.token }))).skills;
    expect(own).not.toContain('persoonlijke-verzorging');
    expect(own).not.toContain('persoonlijke verzorging');

    // Pathways: what the course taught is had, so no gap names it any longer.
    const taught = ['persoonlijke-verzorging', 'medicatie-toedienen'];
    const gapOf = (report: any): string[] | undefined => report.pathways.find((p: any) => p.occupation.id === 'verzorgende-ig')?.gap.map((g: any) => g.id);
    const gapBefore = gapOf(pathwaysBefore);
    expect(gapBefore).toEqual(expect.arrayContaining(taught));
    const pathwaysAfter = await ok(app.request('GET', '/api/v1/me/pathways', { token: learner.token }));
    expect(pathwaysAfter.skills.map((s: any) => s.id)).toEqual(expect.arrayContaining(taught));
    expect(gapOf(pathwaysAfter)).toEqual(gapBefore!.filter((id) => !taught.includes(id)));
  });

  it('once the person is erased, their completed voucher is tied to no one and counts for no one', async () => {
    const [voucher] = (await app.request('GET', '/api/v1/me/vouchers', { token: learner.token })).body;
    expect((await app.request('DELETE', '/api/v1/me', { token: learner.token })).status).toBe(204);
    expect(await completedCourses(app.deps, { profileId: learner.profileId })).toEqual([]);
    const kept = await app.deps.store.collection('vouchers').get(voucher.id);
    expect(kept).toMatchObject({ status: 'spent', amountEur: 1200, profileId: expect.stringMatching(/^erased-/), incomeBand: 'gewist' });
    expect(JSON.stringify(kept)).not.toContain(learner.profileId);
    expect(JSON.stringify(kept)).not.toContain(learner.accountId);
    // The ledger still adds up, under the pseudonym only.
    const ledger = await app.deps.store.collection<{ perParticipant: Record<string, number> }>('programme_ledgers').get(programmeId);
    expect(Object.keys(ledger?.perParticipant ?? {})).toEqual([(kept as any).profileId]);
  });
});
