/**
 * Candidate and vacancy search over real HTTP: typo, prefix, synonym, filter, facet and
 * radius queries; anonymised hits; hidden, stale and erased profiles never found; hostile
 * filter values matching only literally; unknown places answered with suggestions; a search
 * backend that is down answered with 503.
 *
 * Profiles and vacancies are written through the API, then the real indexer (indexer/sync.ts)
 * syncs them into the embedded engine, as the indexer service does after a nudge.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { freePort } from '../support/process.js';
import { jobseekerWithProfile, profileBody, register, vacancyBody, type Actor } from './fixtures.js';
import { Indexer } from '../../indexer/sync.js';
import { searchFeeds } from '../../indexer/feeds.js';
import { synonymGroups } from '../../core/taxonomy/index.js';
import { CANDIDATES_INDEX, type CandidateDocument } from '../../core/search/documents.js';
import { startIndexerService } from '../../indexer/service.js';
import { createApp } from '../../server/app.js';
import type { AddressInfo } from 'node:net';
import { seedAccount } from '../../core/domain/accounts.js';

/** A literal that, pasted unescaped into a Meilisearch filter, would widen it to every candidate. */
const HOSTILE_SKILL = 'x" OR skills EXISTS OR (sectors = "zorg\\';

let app: TestApp;
let indexer: Indexer;
let employer: Actor;
const ids: Record<string, string> = {};

const search = async (path: string, token = employer.token) => app.request('GET', path, { token });
const hitIds = (body: { hits: Array<{ id: string }> }): string[] => body.hits.map((h) => h.id).sort();
const expectIds = async (path: string, expected: string[]): Promise<void> => {
  const res = await search(path);
  expect(res.status, res.text).toBe(200);
  expect(hitIds(res.body), path).toEqual([...expected].sort());
};

beforeAll(async () => {
  app = await startTestApp();
  indexer = new Indexer(app.deps, searchFeeds(synonymGroups()), 100);
  await indexer.start();
  employer = await register(app, 'employer');

  const profiles: Record<string, Record<string, unknown>> = {
    nurseRotterdam: { desiredOccupations: ['Verpleegkundige (hbo)'], desiredSectors: ['zorg'], skills: ['wondzorg', 'Rijbewijs B'], place: 'Rotterdam', hoursPerWeek: 32, drivingLicence: true, languages: [{ code: 'nl', level: 'native' }, { code: 'en', level: 'B2' }] },
    nurseGroningen: { desiredOccupations: ['verpleegkundige'], desiredSectors: ['zorg'], skills: ['wondzorg'], place: 'Groningen', hoursPerWeek: 24, drivingLicence: false },
    carerSchiedam: { desiredOccupations: ['Verzorgende IG'], desiredSectors: ['zorg'], skills: ['teamwerk'], place: 'Schiedam', hoursPerWeek: 36, drivingLicence: false },
    developer: {
      desiredOccupations: ['Softwareontwikkelaar'],
      desiredSectors: ['ict'],
      skills: ['TypeScript'],
      place: "'s-Hertogenbosch",
      hoursPerWeek: 40,
      experience: [{ title: 'Backend developer', occupation: 'software-developer', employerName: 'Bitwerk BV', start: '2019-01', end: null, description: 'API’s gebouwd in <b>TypeScript</b>' }],
    },
    hiddenNurse: { desiredOccupations: ['Verpleegkundige (hbo)'], place: 'Rotterdam', visibility: 'hidden' },
    erasedNurse: { desiredOccupations: ['Verpleegkundige (hbo)'], place: 'Rotterdam' },
    hostile: { desiredOccupations: ['Schoonmaker'], desiredSectors: ['schoonmaak'], skills: [HOSTILE_SKILL], place: 'Capelle a/d IJssel' },
  };
  const tokens: Record<string, string> = {};
  for (const [name, overrides] of Object.entries(profiles)) {
    const js = await jobseekerWithProfile(app, overrides);
    ids[name] = js.profileId;
    tokens[name] = js.token;
  }
  const employerVacancies: Record<string, Record<string, unknown>> = {
    nurseVacancy: { title: 'Verpleegkundige interne geneeskunde', occupation: 'verpleegkundige', place: 'Rotterdam', hoursPerWeek: { min: 24, max: 36 } },
    devVacancy: { title: 'Medior developer', occupation: 'Softwareontwikkelaar', sector: 'ict', description: 'Bouw mee aan ons platform.', place: 'Utrecht', hoursPerWeek: { min: 32, max: 40 }, mustHaveSkills: ['Rijbewijs B'] },
    draft: { title: 'Verpleegkundige nachtdienst', occupation: 'verpleegkundige', place: 'Rotterdam', status: 'draft' },
  };
  for (const [name, overrides] of Object.entries(employerVacancies)) {
    const res = await app.request('POST', '/api/v1/vacancies', { token: employer.token, body: vacancyBody(overrides) });
    expect(res.status, res.text).toBe(201);
    ids[name] = res.body.id;
  }
  await indexer.syncAll();
  // Erasure after the profile was indexed: it must disappear.
  expect((await app.request('DELETE', '/api/v1/me', { token: tokens.erasedNurse })).status).toBe(204);
  await indexer.syncAll();
}, 60_000);

afterAll(async () => {
  await app?.close();
});

describe('candidate search', () => {
  it('forgives a typo, completes a prefix and expands taxonomy synonyms', async () => {
    await expectIds('/api/v1/search/candidates?q=verpleegkundge', [ids.nurseRotterdam!, ids.nurseGroningen!]);
    await expectIds('/api/v1/search/candidates?q=verpleeg', [ids.nurseRotterdam!, ids.nurseGroningen!]);
    await expectIds('/api/v1/search/candidates?q=programmeur', [ids.developer!]);
    await expectIds('/api/v1/search/candidates?q=zorgmedewerker', [ids.carerSchiedam!]);
  });

  it('never finds hidden or erased profiles', async () => {
    const res = await search('/api/v1/search/candidates?limit=100');
    expect(res.status).toBe(200);
    expect(res.body.hits.map((h: { id: string }) => h.id)).not.toContain(ids.hiddenNurse);
    expect(res.body.hits.map((h: { id: string }) => h.id)).not.toContain(ids.erasedNurse);
    expect(res.body.total).toBe(5);
  });

  it('never finds a stale profile, even before the indexer swept it out', async () => {
    const index = app.deps.search.index<CandidateDocument>(CANDIDATES_INDEX);
    const live = (await index.get(ids.nurseGroningen!))!;
    // What the index holds when a profile went stale since it was indexed (no write, so no watermark move).
    await index.upsert([{ ...live, id: 'stale-nurse', freshUntil: Date.now() - 1000 }]);
    await expectIds('/api/v1/search/candidates?q=verpleegkundige', [ids.nurseRotterdam!, ids.nurseGroningen!]);
    await indexer.syncAll();
    expect(await index.get('stale-nurse')).toBeNull();
  });

  it('answers anonymised hits with highlighted snippets', async () => {
    const res = await search('/api/v1/search/candidates?q=typescript');
    expect(res.status).toBe(200);
    const [hit] = res.body.hits;
    expect(hit.id).toBe(ids.developer);
    expect(hit.skills).toContainEqual({ id: 'typescript', name: expect.any(String) });
    expect(hit.highlights.skillNames).toContain('<mark>TypeScript</mark>');
    // Markup typed by a user comes back escaped, never as HTML.
    expect(hit.highlights.experienceText).toContain('&lt;b&gt;<mark>TypeScript</mark>&lt;/b&gt;');
    const all = await search('/api/v1/search/candidates?limit=100');
    const text = JSON.stringify(all.body);
    for (const secret of ['Sanne', 'sanne.bakker@example.nl', '12345678', 'Slinge', '3085', '1990-05-01', 'contact']) expect(text).not.toContain(secret);
    expect(Object.keys(all.body.hits[0]).sort()).toEqual(
      ['availableFrom', 'drivingLicence', 'education', 'experienceMonths', 'highlights', 'hoursPerWeek', 'id', 'languages', 'occupations', 'place', 'region', 'score', 'sectors', 'skills', 'titles', 'updatedAt'].sort(),
    );
  });

  it('filters by sector, skill (name or id), hours, languages and driving licence', async () => {
    await expectIds('/api/v1/search/candidates?sector=Zorg%20en%20welzijn&drivingLicence=true', [ids.nurseRotterdam!]);
    await expectIds('/api/v1/search/candidates?skills=wondzorg&hoursMin=30', [ids.nurseRotterdam!]);
    await expectIds('/api/v1/search/candidates?skills=rijbewijs-b', [ids.nurseRotterdam!]);
    await expectIds('/api/v1/search/candidates?languages=nl,en', [ids.nurseRotterdam!]);
    await expectIds('/api/v1/search/candidates?occupation=verzorgende&occupation=ontwikkelaar', [ids.carerSchiedam!, ids.developer!]);
    await expectIds('/api/v1/search/candidates?region=Rijnmond&q=verpleegkundige', [ids.nurseRotterdam!]);
  });

  it('counts facets with labels over the filtered hits', async () => {
    const res = await search('/api/v1/search/candidates?sector=zorg&facets=sectors,region,drivingLicence');
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(3);
    // Sectors come from desired sectors and work experience (the fixture's job is in retail).
    expect(res.body.facets.sectors).toContainEqual({ value: 'zorg', label: 'Zorg en welzijn', count: 3 });
    expect(res.body.facets.sectors.map((f: { value: string }) => f.value)).not.toContain('ict');
    expect(res.body.facets.drivingLicence).toEqual([
      { value: 'false', label: 'Geen rijbewijs', count: 2 },
      { value: 'true', label: 'Rijbewijs', count: 1 },
    ]);
    expect(res.body.facets.region.find((f: { value: string }) => f.value === 'rijnmond')).toMatchObject({ count: 2 });
  });

  it('finds candidates within a radius of a place typed as people say it, nearest first', async () => {
    const res = await search('/api/v1/search/candidates?near=rotterdam&radiusKm=15&sort=distance');
    expect(res.status, res.text).toBe(200);
    expect(res.body.hits.map((h: { id: string }) => h.id)).toEqual([ids.nurseRotterdam, ids.carerSchiedam, ids.hostile]);
    const distances = res.body.hits.map((h: { distanceKm: number }) => h.distanceKm);
    expect(distances[0]).toBe(0);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    expect(distances[2]).toBeLessThanOrEqual(15);
    expect(res.body.near).toMatchObject({ place: 'Rotterdam', region: 'rijnmond', radiusKm: 15 });
    await expectIds("/api/v1/search/candidates?near=Den%20Bosch&radiusKm=5", [ids.developer!]);
  });

  it('answers an unknown place with 400 and suggestions, never an empty result', async () => {
    const res = await search('/api/v1/search/candidates?near=Rotterdm');
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.suggestions).toContain('Rotterdam');
  });

  it('pages without overlap and refuses pages past the result window', async () => {
    const one = await search('/api/v1/search/candidates?limit=2&page=1&sort=hoursDesc');
    const two = await search('/api/v1/search/candidates?limit=2&page=2&sort=hoursDesc');
    expect(one.body.hits.map((h: { hoursPerWeek: number }) => h.hoursPerWeek)).toEqual([40, 36]);
    expect(one.body.pages).toBe(3);
    expect(two.body.hits.map((h: { id: string }) => h.id)).not.toContain(one.body.hits[0].id);
    expect((await search('/api/v1/search/candidates?limit=100&page=11')).status).toBe(400);
  });

  it('rejects bad query strings with 400 problems', async () => {
    for (const bad of ['role=admin', 'limit=0', 'limit=101', 'hoursMin=30&hoursMax=20', 'radiusKm=10', 'sort=distance', 'facets=contact', 'drivingLicence=yes', 'availableBefore=2025-13-01', 'q[$ne]=x']) {
      const res = await search(`/api/v1/search/candidates?${bad}`);
      expect(res.status, bad).toBe(400);
      expect(res.headers.get('content-type'), bad).toContain('application/problem+json');
    }
  });

  it('is for organisations only', async () => {
    const jobseeker = await register(app, 'jobseeker');
    expect((await search('/api/v1/search/candidates', jobseeker.token)).status).toBe(403);
    expect((await app.request('GET', '/api/v1/search/candidates')).status).toBe(401);
    const intermediary = await register(app, 'intermediary');
    expect((await search('/api/v1/search/candidates', intermediary.token)).status).toBe(200);
  });
});

describe('hostile filter values match only literally', () => {
  it('finds the one profile whose skill is literally the hostile string', async () => {
    await expectIds(`/api/v1/search/candidates?skills=${encodeURIComponent(HOSTILE_SKILL)}`, [ids.hostile!]);
  });

  it.each([
    ['skills', 'x" OR skills EXISTS OR "'],
    ['skills', 'wondzorg" OR drivingLicence = false OR skills = "x'],
    ['sector', 'zorg") OR (sectors EXISTS'],
    ['occupation', 'verpleegkundige\\" OR occupations EXISTS OR \\"'],
    ['region', 'rijnmond OR region != rijnmond'],
    ['languages', 'nl) OR (languages EXISTS'],
    ['skills', '\\'],
    ['skills', 'wondzorg\\" OR skills EXISTS OR \\"'],
  ])('%s=%s matches nothing', async (field, value) => {
    await expectIds(`/api/v1/search/candidates?${field}=${encodeURIComponent(value)}`, []);
  });

  it('treats quotes and operators in q as words', async () => {
    const res = await search(`/api/v1/search/candidates?q=${encodeURIComponent('verpleegkundige" OR "1"="1 )(')}`);
    expect(res.status).toBe(200);
    expect(hitIds(res.body)).toEqual([ids.nurseRotterdam!, ids.nurseGroningen!].sort());
  });
});

describe('vacancy search', () => {
  it('finds open vacancies by typo, prefix and synonym, for anyone', async () => {
    const anonymous = async (path: string) => app.request('GET', path);
    expect(hitIds((await anonymous('/api/v1/search/vacancies?q=verpleegkundge')).body)).toEqual([ids.nurseVacancy]);
    expect(hitIds((await anonymous('/api/v1/search/vacancies?q=verpleeg')).body)).toEqual([ids.nurseVacancy]);
    expect(hitIds((await anonymous('/api/v1/search/vacancies?q=programmeur')).body)).toEqual([ids.devVacancy]);
  });

  it('filters, counts facets, searches around a place and names the organisation', async () => {
    const res = await search('/api/v1/search/vacancies?near=Utrecht&radiusKm=10&facets=sector,drivingLicenceRequired');
    expect(res.status, res.text).toBe(200);
    expect(hitIds(res.body)).toEqual([ids.devVacancy]);
    expect(res.body.hits[0].organisation).toEqual({ id: employer.organisationId, name: expect.stringContaining('BV') });
    expect(res.body.facets.sector).toEqual([{ value: 'ict', label: 'ICT', count: 1 }]);
    expect(res.body.facets.drivingLicenceRequired).toEqual([{ value: 'true', label: 'Rijbewijs vereist', count: 1 }]);
    await expectIds('/api/v1/search/vacancies?hoursMax=30', [ids.nurseVacancy!]);
    await expectIds('/api/v1/search/vacancies?sector=zorg&sort=newest', [ids.nurseVacancy!]);
    const byHours = await search('/api/v1/search/vacancies?sort=hoursDesc');
    expect(byHours.body.hits.map((h: { id: string }) => h.id), byHours.text).toEqual([ids.devVacancy, ids.nurseVacancy]);
    const byDistance = await search('/api/v1/search/vacancies?near=Utrecht&sort=distance&radiusKm=100');
    expect(byDistance.body.hits.map((h: { id: string }) => h.id)).toEqual([ids.devVacancy, ids.nurseVacancy]);
    for (const sort of ['newest', 'startDate', 'relevance']) expect((await search(`/api/v1/search/vacancies?sort=${sort}`)).status, sort).toBe(200);
    for (const sort of ['availableFrom', 'hoursDesc', 'experience', 'updated', 'relevance']) expect((await search(`/api/v1/search/candidates?sort=${sort}`)).status, sort).toBe(200);
  });

  it('never shows drafts, and drops a vacancy once it is withdrawn', async () => {
    const all = await search('/api/v1/search/vacancies?limit=100');
    expect(hitIds(all.body)).not.toContain(ids.draft);
    expect((await app.request('DELETE', `/api/v1/vacancies/${ids.nurseVacancy}`, { token: employer.token })).status).toBe(204);
    await indexer.syncAll();
    await expectIds('/api/v1/search/vacancies?q=verpleegkundige', []);
  });
});

describe('search backend down', () => {
  it('answers 503 problem+json', async () => {
    const down = await startTestApp({ SEARCH_DRIVER: 'meilisearch', MEILI_URL: `http://127.0.0.1:${await freePort()}` });
    try {
      const actor = await register(down, 'employer');
      const res = await down.request('GET', '/api/v1/search/candidates?q=verpleegkundige', { token: actor.token });
      expect(res.status).toBe(503);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect((await down.request('GET', '/api/v1/search/vacancies')).status).toBe(503);
    } finally {
      await down.close();
    }
  });
});

describe('readiness', () => {
  it('GET /ready shows the indexer lag per index', async () => {
    const service = await startIndexerService(app.deps);
    const server = createApp(app.deps, { readiness: [service.probe] }).listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const ready = async () => (await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/ready`)).json() as Promise<any>;
    try {
      expect((await ready()).dependencies.indexer.indexes.candidates).toMatchObject({ pending: 0, lagMs: 0 });
      await jobseekerWithProfile(app, profileBody({ place: 'Delft' }));
      expect((await ready()).dependencies.indexer.indexes.candidates.pending).toBe(1);
      await service.indexer.syncAll();
      expect((await ready()).dependencies.indexer.indexes.candidates.pending).toBe(0);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await service.stop();
    }
  });
});

describe('admin reindex', () => {
  it('rebuilds through the queue while search keeps answering, for admins only', async () => {
    expect((await app.request('POST', '/api/v1/admin/reindex', { token: employer.token })).status).toBe(403);
    await seedAccount(app.deps, { email: 'reindex-admin@example.nl', password: 'admin password 1', name: 'Admin', role: 'admin' });
    const login = await app.request('POST', '/api/v1/auth/login', { body: { email: 'reindex-admin@example.nl', password: 'admin password 1' } });
    const token = login.body.token as string;
    const asked = await app.request('POST', '/api/v1/admin/reindex', { token });
    expect(asked.status, asked.text).toBe(202);
    const service = await startIndexerService(app.deps);
    const worker = app.deps.queue.work(service.handlers, { concurrency: 1 });
    try {
      for (let i = 0; i < 100; i++) {
        const status = await app.request('GET', '/api/v1/admin/reindex', { token });
        if (Object.values(status.body.indexes as Record<string, { lastRebuildAt: string | null }>).every((x) => x.lastRebuildAt !== null && x.lastRebuildAt >= asked.body.requestedAt)) break;
        await search('/api/v1/search/candidates?q=programmeur').then((r) => expect(hitIds(r.body)).toEqual([ids.developer]));
        await new Promise((r) => setTimeout(r, 50));
      }
      const status = await app.request('GET', '/api/v1/admin/reindex', { token });
      expect(status.body.indexes.candidates.lastRebuildAt >= asked.body.requestedAt).toBe(true);
      expect(status.body.indexes.candidates.rebuilding).toBeUndefined();
      await expectIds('/api/v1/search/candidates?q=programmeur', [ids.developer!]);
    } finally {
      await worker.close();
      await service.stop();
    }
  });
});
