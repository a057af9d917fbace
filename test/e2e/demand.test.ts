/** The sector-demand table over HTTP: admins replace it with a CSV, anyone reads it with filters. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { adminToken, expectProblem, register } from './fixtures.js';

const HEADER = 'group,region,quarter,openVacancies,wwRecipientsUpTo6Months,source,sourceDate';
const CSV = [
  HEADER,
  '1032,rijnmond,2026-Q3,420,100,"Demo, gemodelleerd naar UWV spanningsindicator",2026-11-02',
  '1032,rijnmond,2026-Q2,380,100,"Demo, gemodelleerd naar UWV spanningsindicator",2026-08-03',
  '0332,rijnmond,2026-Q3,30,100,"Demo, gemodelleerd naar UWV spanningsindicator",2026-11-02',
  'ict,groot-amsterdam,2026-Q3,900,200,"Demo, gemodelleerd naar UWV spanningsindicator",2026-11-02',
].join('\n');

describe('demand table', () => {
  let app: TestApp;
  let admin: string;
  const put = (body: string, token = admin, type = 'text/csv') => app.request('PUT', '/api/v1/demand', { token, body, headers: { 'content-type': type } });

  beforeAll(async () => {
    app = await startTestApp();
    admin = await adminToken(app);
  });
  afterAll(() => app?.close());

  it('replaces the table from a CSV and reports the affected sectors', async () => {
    const res = await put(CSV);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ rows: 4, changed: 4, removed: 0, affectedSectors: ['circulaire-economie', 'detailhandel', 'ict', 'zorg'] });
    const again = await put(CSV);
    expect(again.body).toMatchObject({ changed: 0, affectedSectors: [] });
  });

  it('reads rows with tension and label, filtered by region, sector and quarter', async () => {
    const all = await app.request('GET', '/api/v1/demand');
    expect(all.status).toBe(200);
    expect(all.body.items).toHaveLength(4);
    const zorg = await app.request('GET', '/api/v1/demand?sector=zorg&quarter=2026-Q3');
    expect(zorg.body.items).toEqual([
      { group: '1032', region: 'rijnmond', quarter: '2026-Q3', openVacancies: 420, wwRecipientsUpTo6Months: 100, source: 'Demo, gemodelleerd naar UWV spanningsindicator', sourceDate: '2026-11-02', tension: 4.2, label: 'zeer krap' },
    ]);
    const amsterdam = await app.request('GET', '/api/v1/demand?region=groot-amsterdam');
    expect(amsterdam.body.items.map((r: any) => [r.group, r.label])).toEqual([['ict', 'zeer krap']]);
    expectProblem(await app.request('GET', '/api/v1/demand?quarter=2026-Q9'), 400);
    expectProblem(await app.request('GET', '/api/v1/demand?colour=red'), 400);
  });

  it('rejects a bad upload whole, with line numbers, and keeps the old table', async () => {
    const bad = `${CSV}\n1032,rijnmond,2026-Q1,10,10,UWV,2026-05-01\n1032,nowhere,2026-Q3,-3,10,UWV,2026-11-02\n`;
    const res = await put(bad);
    expectProblem(res, 400);
    expect(res.body.errors).toEqual([
      { path: 'line 7/region', message: expect.stringMatching(/arbeidsmarktregio/) },
      { path: 'line 7/openVacancies', message: 'must not be negative' },
    ]);
    expect((await app.request('GET', '/api/v1/demand')).body.items).toHaveLength(4);
  });

  it('is admin only, and takes text/csv only', async () => {
    const employer = await register(app, 'employer');
    expectProblem(await put(CSV, employer.token), 403);
    expectProblem(await app.request('PUT', '/api/v1/demand', { body: CSV, headers: { 'content-type': 'text/csv' } }), 401);
    expectProblem(await app.request('PUT', '/api/v1/demand', { token: admin, body: { rows: [] } }), 400);
  });

  it('is documented in the OpenAPI document with its CSV body', async () => {
    const doc = (await app.request('GET', '/openapi.json')).body;
    expect(Object.keys(doc.paths['/api/v1/demand'].put.requestBody.content)).toEqual(['text/csv']);
    expect(doc.paths['/api/v1/vacancies/{id}/matches'].get).toBeDefined();
    expect(doc.paths['/api/v1/admin/jobs/failed'].get).toBeDefined();
  });
});
