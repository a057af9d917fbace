import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { expectProblem, register, vacancyBody } from './fixtures.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ AUTH_RATE_LIMIT: '1000' });
});
afterAll(async () => {
  await app.close();
});

describe('vacancies', () => {
  it('an employer creates, reads, updates, publishes and deletes a vacancy', async () => {
    const employer = await register(app, 'employer');
    const created = await app.request('POST', '/api/v1/vacancies', { token: employer.token, body: vacancyBody({ status: 'draft' }) });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ organisationId: employer.organisationId, status: 'draft', publishedAt: null, place: 'Rotterdam' });
    const id = created.body.id;

    // A draft is invisible to everyone but the owner.
    expectProblem(await app.request('GET', `/api/v1/vacancies/${id}`), 404);
    expect((await app.request('GET', `/api/v1/vacancies/${id}`, { token: employer.token })).status).toBe(200);

    const opened = await app.request('PATCH', `/api/v1/vacancies/${id}`, { token: employer.token, body: { status: 'open', hoursPerWeek: { min: 20, max: 24 } } });
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({ status: 'open', hoursPerWeek: { min: 20, max: 24 }, title: 'Helpende Zorg en Welzijn' });
    expect(opened.body.publishedAt).toEqual(expect.any(String));
    expect((await app.request('GET', `/api/v1/vacancies/${id}`)).body.status).toBe('open');

    expect((await app.request('DELETE', `/api/v1/vacancies/${id}`, { token: employer.token })).status).toBe(204);
    expectProblem(await app.request('GET', `/api/v1/vacancies/${id}`, { token: employer.token }), 404);
  });

  it('lists with filters and cursor pagination, never showing strangers a draft', async () => {
    const employer = await register(app, 'employer');
    const sector = 'Zorg en welzijn';
    const mine = `organisationId=${employer.organisationId}`;
    for (let i = 0; i < 5; i++) {
      const res = await app.request('POST', '/api/v1/vacancies', { token: employer.token, body: vacancyBody({ title: `Baan ${i}`, sector }) });
      expect(res.status).toBe(201);
    }
    await app.request('POST', '/api/v1/vacancies', { token: employer.token, body: vacancyBody({ title: 'Concept', sector, status: 'draft' }) });

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/vacancies?${mine}&sector=${encodeURIComponent(sector)}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await app.request('GET', url);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((v: any) => v.title));
      cursor = page.body.nextCursor;
    } while (cursor);
    // Newest first; vacancies created in the same millisecond tie-break by id, so compare as a set.
    expect(seen).toHaveLength(5);
    expect([...seen].sort()).toEqual(['Baan 0', 'Baan 1', 'Baan 2', 'Baan 3', 'Baan 4']);

    const own = await app.request('GET', `/api/v1/vacancies?organisationId=${employer.organisationId}&status=draft`, { token: employer.token });
    expect(own.body.items.map((v: any) => v.title)).toEqual(['Concept']);
    const stranger = await register(app, 'employer');
    const theirs = await app.request('GET', `/api/v1/vacancies?organisationId=${employer.organisationId}&status=draft`, { token: stranger.token });
    expect(theirs.body.items).toEqual([]);

    const delft = await app.request('POST', '/api/v1/vacancies', { token: employer.token, body: vacancyBody({ title: 'In Delft', sector, place: 'delft' }) });
    expect(delft.body.place).toBe('Delft');
    const inDelft = await app.request('GET', `/api/v1/vacancies?${mine}&place=Delft`);
    expect(inDelft.body.items.map((v: any) => v.title)).toEqual(['In Delft']);
    const inRegion = await app.request('GET', `/api/v1/vacancies?${mine}&region=${delft.body.region}`);
    expect(inRegion.body.items.map((v: any) => v.title)).toContain('In Delft');
    expectProblem(await app.request('GET', '/api/v1/vacancies?place=Nergenshuizen-aan-Zee'), 400);
    const bySector = await app.request('GET', `/api/v1/vacancies?${mine}&sector=zorg&occupation=helpende`);
    expect(bySector.body.items).toHaveLength(6);
    expect(bySector.body.items[0]).toMatchObject({ occupation: 'helpende-zorg', sector: 'zorg' });
    expectProblem(await app.request('GET', '/api/v1/vacancies?sector=Ruimtevaart'), 400);

    expectProblem(await app.request('GET', '/api/v1/vacancies?limit=101'), 400);
    expectProblem(await app.request('GET', '/api/v1/vacancies?cursor=not-a-cursor'), 400);
  });

  it('jobseekers read open vacancies but cannot create them', async () => {
    const jobseeker = await register(app, 'jobseeker');
    expectProblem(await app.request('POST', '/api/v1/vacancies', { token: jobseeker.token, body: vacancyBody() }), 403);
    expect((await app.request('GET', '/api/v1/vacancies', { token: jobseeker.token })).status).toBe(200);
  });
});

describe('organisations', () => {
  it('an employer manages its organisation and adds a colleague', async () => {
    const employer = await register(app, 'employer');
    const colleague = await register(app, 'employer');
    const patched = await app.request('PATCH', `/api/v1/organisations/${employer.organisationId}`, {
      token: employer.token,
      body: { description: 'Zorg in Rotterdam-Zuid', website: 'https://zorg.example.nl' },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.description).toBe('Zorg in Rotterdam-Zuid');

    const added = await app.request('POST', `/api/v1/organisations/${employer.organisationId}/members`, { token: employer.token, body: { email: colleague.email } });
    expect(added.status).toBe(200);
    expect(added.body.memberIds).toContain(colleague.accountId);

    // The colleague now belongs to two organisations and must say which one acts.
    expectProblem(await app.request('POST', '/api/v1/vacancies', { token: colleague.token, body: vacancyBody() }), 400);
    const made = await app.request('POST', '/api/v1/vacancies', {
      token: colleague.token,
      body: vacancyBody(),
      headers: { 'x-organisation-id': employer.organisationId! },
    });
    expect(made.status).toBe(201);
    expect(made.body.organisationId).toBe(employer.organisationId);

    const mine = await app.request('GET', '/api/v1/organisations', { token: colleague.token });
    expect(mine.body.items).toHaveLength(2);
  });

  it('creates a second organisation and deleting it withdraws its vacancies', async () => {
    const intermediary = await register(app, 'intermediary');
    const org = await app.request('POST', '/api/v1/organisations', { token: intermediary.token, body: { name: 'Re-integratie West', kind: 'intermediary' } });
    expect(org.status).toBe(201);
    const wrongKind = await app.request('POST', '/api/v1/organisations', { token: intermediary.token, body: { name: 'X', kind: 'employer' } });
    expectProblem(wrongKind, 400);
    const vacancy = await app.request('POST', '/api/v1/vacancies', { token: intermediary.token, body: vacancyBody(), headers: { 'x-organisation-id': org.body.id } });
    expect(vacancy.status).toBe(201);

    expect((await app.request('DELETE', `/api/v1/organisations/${org.body.id}`, { token: intermediary.token })).status).toBe(204);
    expectProblem(await app.request('GET', `/api/v1/vacancies/${vacancy.body.id}`), 404);
    expectProblem(await app.request('GET', `/api/v1/organisations/${org.body.id}`, { token: intermediary.token }), 404);
    const me = await app.request('GET', '/api/v1/me', { token: intermediary.token });
    expect(me.body.organisationIds).toEqual([intermediary.organisationId]);
  });
});
