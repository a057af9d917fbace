/**
 * Vouchers over HTTP: applying under the programme's rules, who may decide, and the budget
 * ledger under many concurrent approvals (never more than the budget, the places or the
 * per-person maximum), spending, and the programme figures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { adminToken, courseBody, expectProblem, jobseekerWithProfile, programmeBody, register, type Actor } from './fixtures.js';

const AMOUNT = 1200;

describe('vouchers', () => {
  let app: TestApp;
  let admin: string;
  let reviewer: Actor;
  let stranger: Actor;
  let courseId: string;
  let expensiveCourseId: string;

  const programme = async (overrides: Record<string, unknown> = {}) => {
    const res = await app.request('POST', '/api/v1/programmes', { token: admin, body: programmeBody(reviewer, { places: 100, eligibleSectors: ['zorg', 'techniek'], ...overrides }) });
    expect(res.status, res.text).toBe(201);
    return res.body.id as string;
  };
  const apply = (token: string, programmeId: string, body: Record<string, unknown> = {}) =>
    app.request('POST', `/api/v1/programmes/${programmeId}/vouchers`, { token, body: { courseId, incomeBand: '20000-30000', ...body } });

  beforeAll(async () => {
    app = await startTestApp({ AUTH_RATE_LIMIT: '1000' });
    admin = await adminToken(app);
    reviewer = await register(app, 'intermediary');
    stranger = await register(app, 'intermediary');
    const c = await app.request('POST', '/api/v1/courses', { token: admin, body: courseBody({ costEur: AMOUNT }) });
    expect(c.status, c.text).toBe(201);
    courseId = c.body.id;
    const x = await app.request('POST', '/api/v1/courses', { token: reviewer.token, body: courseBody({ title: 'Duur', costEur: 9000 }) });
    expect(x.status, x.text).toBe(201);
    expensiveCourseId = x.body.id;
  });
  afterAll(async () => app?.close());

  it('applies the programme rules when a jobseeker applies', async () => {
    const id = await programme();
    const js = await jobseekerWithProfile(app);
    expectProblem(await apply(js.token, id, { incomeBand: '40000-50000' }), 400);
    expectProblem(await apply(js.token, id, { courseId: expensiveCourseId }), 409);
    expectProblem(await apply(js.token, id, { startDate: '2099-04-01' }), 400);
    expectProblem(await apply(js.token, id, { role: 'admin' }), 400);
    const utrechter = await jobseekerWithProfile(app, { place: 'Utrecht' });
    expectProblem(await apply(utrechter.token, id), 409);
    const ok = await apply(js.token, id);
    expect(ok.status, ok.text).toBe(201);
    expect(ok.body).toMatchObject({ status: 'pending', amountEur: AMOUNT, startDate: '2099-03-01', endDate: '2099-05-10', targetOccupation: 'verzorgende-ig', sector: 'zorg' });
    expectProblem(await apply(js.token, id), 409);
    const mine = await app.request('GET', '/api/v1/me/vouchers', { token: js.token });
    expect(mine.body.map((v: any) => v.id)).toEqual([ok.body.id]);
  });

  it('lets only the programme’s reviewers decide, and hides vouchers from everyone else', async () => {
    const id = await programme();
    const js = await jobseekerWithProfile(app);
    const other = await jobseekerWithProfile(app);
    const employer = await register(app, 'employer');
    const v = (await apply(js.token, id)).body;
    expectProblem(await app.request('GET', `/api/v1/vouchers/${v.id}`, { token: other.token }), 404);
    expectProblem(await app.request('GET', `/api/v1/vouchers/${v.id}`, { token: stranger.token }), 404);
    expectProblem(await app.request('POST', `/api/v1/vouchers/${v.id}/approve`, { token: stranger.token, body: {} }), 404);
    expectProblem(await app.request('POST', `/api/v1/vouchers/${v.id}/approve`, { token: employer.token, body: {} }), 403);
    expectProblem(await app.request('POST', `/api/v1/vouchers/${v.id}/approve`, { token: js.token, body: {} }), 403);
    expectProblem(await app.request('GET', `/api/v1/programmes/${id}/vouchers`, { token: stranger.token }), 404);
    expectProblem(await app.request('GET', `/api/v1/programmes/${id}/figures`, { token: stranger.token }), 404);
    expectProblem(await app.request('POST', `/api/v1/vouchers/${v.id}/reject`, { token: reviewer.token, body: {} }), 400);
    const rejected = await app.request('POST', `/api/v1/vouchers/${v.id}/reject`, { token: reviewer.token, body: { reason: 'Eerst een oriëntatiegesprek' } });
    expect(rejected.status, rejected.text).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', reason: 'Eerst een oriëntatiegesprek' });
    expectProblem(await app.request('POST', `/api/v1/vouchers/${v.id}/approve`, { token: reviewer.token, body: {} }), 409);
    const seen = await app.request('GET', `/api/v1/vouchers/${v.id}`, { token: js.token });
    expect(seen.body.status).toBe('rejected');
  });

  it('never approves beyond the budget when 12 approvals race over HTTP', async () => {
    // Budget EUR 6000 at EUR 1200 each: exactly five fit.
    const id = await programme();
    const people = await Promise.all(Array.from({ length: 12 }, () => jobseekerWithProfile(app)));
    const applied = await Promise.all(people.map((p) => apply(p.token, id)));
    applied.forEach((r) => expect(r.status, r.text).toBe(201));
    const results = await Promise.all(applied.map((r, i) => app.request('POST', `/api/v1/vouchers/${r.body.id}/approve`, { token: i % 2 ? reviewer.token : admin, body: { reason: 'Past in het plan' } })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(5);
    for (const r of results.filter((x) => x.status !== 200)) {
      expectProblem(r, 409);
      expect(r.body.detail).toMatch(/budget/);
    }
    const figures = (await app.request('GET', `/api/v1/programmes/${id}/figures`, { token: admin })).body;
    expect(figures).toMatchObject({ participants: 5, placesLeft: 95, committedEur: 6000, budgetLeftEur: 0, spentEur: 0, vouchers: { approved: 5, pending: 7 } });
    expect(figures.perSector.zorg).toMatchObject({ vouchers: 12, participants: 5, committedEur: 6000, pending: 7 });
    expect(figures.perCourse[courseId]).toMatchObject({ title: 'Basiszorg', committedEur: 6000 });
    const listed = await app.request('GET', `/api/v1/programmes/${id}/vouchers?status=approved`, { token: reviewer.token });
    expect(listed.body).toHaveLength(5);
  });

  it('never gives out more places than the programme has under racing approvals', async () => {
    const id = await programme({ places: 3, budgetEur: 100_000 });
    const people = await Promise.all(Array.from({ length: 8 }, () => jobseekerWithProfile(app)));
    const applied = await Promise.all(people.map((p) => apply(p.token, id)));
    const results = await Promise.all(applied.map((r) => app.request('POST', `/api/v1/vouchers/${r.body.id}/approve`, { token: admin, body: {} })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(3);
    expect(results.filter((r) => r.status === 409).every((r) => /no places/.test(r.body.detail))).toBe(true);
    expect((await app.request('GET', `/api/v1/programmes/${id}`, { token: people[0]!.token })).body).toMatchObject({ placesLeft: 0 });
  });

  it('keeps one person within the maximum across vouchers, counts an approval once, and spends on completion', async () => {
    const id = await programme({ maxPerParticipantEur: 2000, budgetEur: 100_000 });
    const js = await jobseekerWithProfile(app);
    const second = await app.request('POST', '/api/v1/courses', { token: admin, body: { provider: 'Zorgcollege (test)', title: 'Tillen', targetOccupations: ['Verzorgende IG'], skillsTaught: ['tillen-transfers'], costEur: 900, durationWeeks: 1, format: 'classroom', regions: [], startDates: ['2099-03-01'] } });
    const a = (await apply(js.token, id)).body;
    const b = (await apply(js.token, id, { courseId: second.body.id })).body;
    // The same voucher approved twice at once commits once.
    const twice = await Promise.all([1, 2].map(() => app.request('POST', `/api/v1/vouchers/${a.id}/approve`, { token: admin, body: {} })));
    expect(twice.map((r) => r.status).sort()).toEqual([200, 409]);
    const over = await app.request('POST', `/api/v1/vouchers/${b.id}/approve`, { token: admin, body: {} });
    expectProblem(over, 409);
    expect(over.body.detail).toMatch(/maximum of EUR 2000/);
    expectProblem(await app.request('POST', `/api/v1/vouchers/${b.id}/withdraw`, { token: reviewer.token }), 403);
    expect((await app.request('POST', `/api/v1/vouchers/${b.id}/withdraw`, { token: js.token })).body.status).toBe('withdrawn');
    const done = await app.request('POST', `/api/v1/vouchers/${a.id}/complete`, { token: reviewer.token });
    expect(done.status, done.text).toBe(200);
    expect(done.body).toMatchObject({ status: 'spent', completedAt: expect.any(String) });
    expectProblem(await app.request('POST', `/api/v1/vouchers/${a.id}/complete`, { token: reviewer.token }), 409);
    const figures = (await app.request('GET', `/api/v1/programmes/${id}/figures`, { token: admin })).body;
    expect(figures).toMatchObject({ participants: 1, committedEur: AMOUNT, spentEur: AMOUNT, vouchers: { spent: 1, withdrawn: 1 } });
  });

  it('keeps programme rules for admins, and never below what is committed', async () => {
    const id = await programme();
    const js = await jobseekerWithProfile(app);
    expectProblem(await app.request('POST', '/api/v1/programmes', { token: reviewer.token, body: {} }), 403);
    expectProblem(await app.request('PATCH', `/api/v1/programmes/${id}`, { token: admin, body: { budgetEur: -1 } }), 400);
    const v = (await apply(js.token, id)).body;
    await app.request('POST', `/api/v1/vouchers/${v.id}/approve`, { token: admin, body: {} });
    expectProblem(await app.request('PATCH', `/api/v1/programmes/${id}`, { token: admin, body: { budgetEur: AMOUNT - 1 } }), 409);
    const ok = await app.request('PATCH', `/api/v1/programmes/${id}`, { token: admin, body: { budgetEur: 50_000 } });
    expect(ok.body).toMatchObject({ budgetEur: 50_000, budgetLeftEur: 50_000 - AMOUNT });
  });
});
