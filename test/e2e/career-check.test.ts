/**
 * Pathways, the Loopbaan-APK and appointments over HTTP, on the demo demand table and
 * training catalogue: a retail jobseeker in Rotterdam sees care and technology pathways with
 * courses and costs; the report prints as script-free HTML; the adviser sees and answers the
 * appointment, and from then on coaches the jobseeker (sees their pathways); others get 404.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoCourses } from '../../core/training/index.js';
import { seedDemoDemand } from '../../seeds/demand/index.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { adminToken, expectProblem, jobseekerWithProfile, register, vacancyBody, type Actor } from './fixtures.js';

const RETAIL = {
  skills: ['klantcontact', 'kassawerk', 'teamwerk', 'Nederlands'],
  experience: [{ title: 'Verkoopmedewerker', occupation: 'Verkoopmedewerker', employerName: 'Supermarkt Zuid', start: '2019-03', end: null, sector: 'Detailhandel' }],
};

describe('pathways and the Loopbaan-APK', () => {
  let app: TestApp;
  let admin: string;
  let js: Actor & { profileId: string };
  let adviser: Actor;
  let employer: Actor;

  beforeAll(async () => {
    app = await startTestApp({ AUTH_RATE_LIMIT: '1000' });
    await seedDemoDemand(app.deps);
    await seedDemoCourses(app.deps);
    admin = await adminToken(app);
    js = await jobseekerWithProfile(app, RETAIL);
    adviser = await register(app, 'intermediary', 'Leerwerkloket Test');
    await app.request('PATCH', `/api/v1/organisations/${adviser.organisationId}`, { token: adviser.token, body: { place: 'Rotterdam' } });
    employer = await register(app, 'employer');
    // Two VCA-asking installer vacancies nearby: the one step that opens them is VCA.
    for (const title of ['Elektromonteur A', 'Elektromonteur B']) {
      const r = await app.request('POST', '/api/v1/vacancies', { token: employer.token, body: vacancyBody({ title, occupation: 'Elektromonteur', sector: 'Techniek en industrie', mustHaveSkills: ['VCA-basis', 'klantcontact'] }) });
      expect(r.status, r.text).toBe(201);
    }
  });
  afterAll(async () => app?.close());

  it('shows a retail jobseeker reachable shortage occupations in care and technology, with gap, courses and costs', async () => {
    const res = await app.request('GET', '/api/v1/me/pathways', { token: js.token });
    expect(res.status, res.text).toBe(200);
    expect(res.body.region).toBe('rijnmond');
    const sectors = new Set(res.body.pathways.map((p: any) => p.occupation.sector));
    expect(sectors.has('zorg')).toBe(true);
    expect([...sectors].some((s) => ['techniek', 'energietransitie'].includes(s as string))).toBe(true);
    for (const p of res.body.pathways) {
      expect(['krap', 'zeer krap']).toContain(p.demand.label);
      expect(p.gap.length).toBeGreaterThan(0);
      expect(p.plans.cheapest.uncovered).toEqual([]);
      // The cheapest plan's courses together teach every gap skill.
      const taught = new Set(p.courses.filter((c: any) => p.plans.cheapest.courseIds.includes(c.id)).flatMap((c: any) => c.covers.map((s: any) => s.id)));
      expect(p.gap.every((g: any) => taught.has(g.id))).toBe(true);
      expect(p.plans.cheapest.totalCostEur).toBeLessThanOrEqual(p.plans.shortest.totalCostEur);
      expect(p.plans.shortest.totalWeeks).toBeLessThanOrEqual(p.plans.cheapest.totalWeeks);
    }
    const scores = res.body.pathways.map((p: any) => p.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const electro = res.body.pathways.find((p: any) => p.occupation.id === 'elektromonteur');
    expect(electro.oneStep).toMatchObject({ from: 0, to: 2 });
    expect(electro.oneStep.text).toMatch(/^Met .*: van 0 naar 2 passende vacatures$/);
  });

  it('names the one step that adds the most passende vacatures', async () => {
    const { bestOneStep } = await import('../../core/pathways/index.js');
    const { allCourses } = await import('../../core/training/index.js');
    const all = await allCourses(app.deps);
    const list = [{ mustHaveSkills: ['VCA-basis'] }, { mustHaveSkills: ['VCA-basis', 'kassa'] }, { mustHaveSkills: ['kassa'] }, { mustHaveSkills: ['heftruck'] }];
    const step = bestOneStep(list, new Set(['kassa']), ['vca-basis', 'heftruckcertificaat'], all);
    expect(step).toMatchObject({ kind: 'skill', skills: [{ id: 'vca-basis' }], from: 1, to: 3, text: 'Met VCA-basis: van 1 naar 3 passende vacatures' });
    // A course that teaches two of the asked skills at once beats either skill alone.
    const both = bestOneStep([...list, { mustHaveSkills: ['NEN 3140'] }, { mustHaveSkills: ['NEN 3140', 'VCA-basis'] }], new Set(['kassa']), ['vca-basis', 'nen-3140'], all);
    expect(both).toMatchObject({ kind: 'course', from: 1, to: 5 });
    expect(both!.skills.map((s) => s.id)).toEqual(expect.arrayContaining(['vca-basis', 'nen-3140']));
    expect(bestOneStep(list, new Set(['kassa', 'vca-basis', 'heftruckcertificaat']), [], all)).toBeNull();
  });

  it('runs the Loopbaan-APK, prints the report, and books the adviser', async () => {
    expectProblem(await app.request('GET', '/api/v1/me/career-check/report', { token: js.token }), 404);
    expectProblem(await app.request('POST', '/api/v1/me/career-check', { token: js.token, body: { interests: ['astrologie'] } }), 400);
    expectProblem(await app.request('POST', '/api/v1/me/career-check', { token: js.token, body: { workWishes: { sectors: ['Nergens'] } } }), 400);
    const body = { workWishes: { sectors: ['Zorg en welzijn'], occupations: [] }, interests: ['mensen-helpen', 'techniek'], skills: ['EHBO'], constraints: { maxTrainingWeeks: 60, physicalLimitations: false } };
    const done = await app.request('POST', '/api/v1/me/career-check', { token: js.token, body });
    expect(done.status, done.text).toBe(200);
    expect(done.body.pathways.length).toBeGreaterThan(0);
    expect(done.body.pathways.every((p: any) => p.plans.shortest.totalWeeks <= 60)).toBe(true);
    expect(done.body.nextStep.adviser).toMatchObject({ organisationId: adviser.organisationId });
    expect(done.body.summary).toMatch(/rijnmond|Rijnmond/);

    const careful = await app.request('POST', '/api/v1/me/career-check', { token: js.token, body: { ...body, constraints: { physicalLimitations: true } } });
    expect(done.body.pathways.some((p: any) => p.occupation.id === 'verzorgende-ig')).toBe(true);
    expect(careful.body.pathways.some((p: any) => p.occupation.id === 'verzorgende-ig')).toBe(false);

    const html = await app.request('GET', '/api/v1/me/career-check/report?format=html', { token: js.token });
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toMatch(/text\/html/);
    expect(html.text).toMatch(/@media print/);
    expect(html.text).not.toMatch(/<script/i);
    expect(html.text).toContain('Loopbaan-APK');
    expectProblem(await app.request('GET', '/api/v1/me/career-check/report?format=pdf', { token: js.token }), 400);

    // Before the intake the adviser does not coach this person.
    expectProblem(await app.request('GET', `/api/v1/profiles/${js.profileId}/pathways`, { token: adviser.token }), 404);
    const asked = await app.request('POST', '/api/v1/me/appointments', { token: js.token, body: { topic: 'loopbaan-apk', message: 'Graag een gesprek over de zorg', preferredDates: ['2099-01-10'] } });
    expect(asked.status, asked.text).toBe(201);
    expect(asked.body).toMatchObject({ organisationId: adviser.organisationId, status: 'requested' });
    expectProblem(await app.request('POST', '/api/v1/me/appointments', { token: js.token, body: { topic: 'loopbaan-apk' } }), 409);
    expectProblem(await app.request('POST', '/api/v1/me/appointments', { token: js.token, body: { topic: 'loopbaan-apk', organisationId: employer.organisationId } }), 400);

    const other = await register(app, 'intermediary');
    expect((await app.request('GET', '/api/v1/appointments', { token: other.token })).body).toEqual([]);
    expectProblem(await app.request('POST', `/api/v1/appointments/${asked.body.id}/answer`, { token: other.token, body: { status: 'declined', message: 'nee' } }), 404);
    expectProblem(await app.request('GET', `/api/v1/appointments/${asked.body.id}/career-check`, { token: other.token }), 404);
    const inbox = await app.request('GET', '/api/v1/appointments?status=requested', { token: adviser.token });
    expect(inbox.body.map((a: any) => a.id)).toEqual([asked.body.id]);
    expect(inbox.body[0].requesterName).toBe('Sanne Bakker');
    const shared = await app.request('GET', `/api/v1/appointments/${asked.body.id}/career-check`, { token: adviser.token });
    expect(shared.status, shared.text).toBe(200);
    expectProblem(await app.request('POST', `/api/v1/appointments/${asked.body.id}/answer`, { token: adviser.token, body: { status: 'accepted', message: 'Welkom' } }), 400);
    const answered = await app.request('POST', `/api/v1/appointments/${asked.body.id}/answer`, { token: adviser.token, body: { status: 'accepted', message: 'Welkom', proposedAt: '2099-01-10T10:00:00+01:00', location: 'Leerwerkloket, Rotterdam' } });
    expect(answered.status, answered.text).toBe(200);
    expectProblem(await app.request('POST', `/api/v1/appointments/${asked.body.id}/answer`, { token: adviser.token, body: { status: 'declined', message: 'toch niet' } }), 409);
    const mine = await app.request('GET', '/api/v1/me/appointments', { token: js.token });
    expect(mine.body[0]).toMatchObject({ status: 'accepted', answer: { location: 'Leerwerkloket, Rotterdam' } });
    const report = await app.request('GET', '/api/v1/me/career-check/report', { token: js.token });
    expect(report.body.nextStep.text).toMatch(/afspraak/);

    // Now the adviser coaches them; employers and other intermediaries still cannot look.
    const coached = await app.request('GET', `/api/v1/profiles/${js.profileId}/pathways`, { token: adviser.token });
    expect(coached.status, coached.text).toBe(200);
    expect(coached.body.profileId).toBe(js.profileId);
    expectProblem(await app.request('GET', `/api/v1/profiles/${js.profileId}/pathways`, { token: other.token }), 404);
    expectProblem(await app.request('GET', `/api/v1/profiles/${js.profileId}/pathways`, { token: employer.token }), 403);
    expect((await app.request('GET', `/api/v1/profiles/${js.profileId}/pathways`, { token: admin })).status).toBe(200);
  });

  it('keeps the catalogue editable by admins and intermediaries only, readable by all', async () => {
    expect((await app.request('GET', '/api/v1/courses?occupation=Verzorgende%20IG&region=rijnmond', { token: js.token })).body.items.length).toBeGreaterThan(0);
    const base = { provider: 'X', title: 'Y', targetOccupations: ['Elektromonteur'], skillsTaught: ['VCA-basis'], costEur: 100, durationWeeks: 1, format: 'online' };
    expectProblem(await app.request('POST', '/api/v1/courses', { token: js.token, body: base }), 403);
    expectProblem(await app.request('POST', '/api/v1/courses', { token: employer.token, body: base }), 403);
    expectProblem(await app.request('POST', '/api/v1/courses', { token: admin, body: { ...base, skillsTaught: ['vliegen'] } }), 400);
    expectProblem(await app.request('POST', '/api/v1/courses', { token: admin, body: { ...base, regions: ['atlantis'] } }), 400);
    const made = await app.request('POST', '/api/v1/courses', { token: adviser.token, body: base });
    expect(made.status, made.text).toBe(201);
    expect(made.body).toMatchObject({ skillsTaught: ['vca-basis'], targetOccupations: ['elektromonteur'], demo: false });
    expect((await app.request('PATCH', `/api/v1/courses/${made.body.id}`, { token: admin, body: { costEur: 150 } })).body.costEur).toBe(150);
    expect((await app.request('DELETE', `/api/v1/courses/${made.body.id}`, { token: admin })).status).toBe(204);
    expectProblem(await app.request('GET', `/api/v1/courses/${made.body.id}`, { token: js.token }), 404);
  });
});
