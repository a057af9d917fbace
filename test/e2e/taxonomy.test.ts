import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { expectProblem } from './fixtures.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.close();
});

describe('taxonomy and place suggestions', () => {
  it('suggests skills by Dutch name, English name or synonym, exact matches first', async () => {
    const res = await app.request('GET', '/api/v1/taxonomy/skills?q=vca');
    expect(res.status).toBe(200);
    expect(res.body.items.map((s: { id: string }) => s.id)).toEqual(expect.arrayContaining(['vca-basis', 'vca-vol']));
    const synonym = await app.request('GET', '/api/v1/taxonomy/skills?q=B-VCA');
    expect(synonym.body.items[0]).toMatchObject({ id: 'vca-basis', name: { nl: 'VCA-basis' }, kind: 'certificate' });
  });

  it('suggests occupations from a word inside the name, and lists all alphabetically without q', async () => {
    const res = await app.request('GET', '/api/v1/taxonomy/occupations?q=verpleeg&limit=5');
    expect(res.body.items.length).toBeGreaterThan(0);
    expect(res.body.items.length).toBeLessThanOrEqual(5);
    for (const o of res.body.items) expect(JSON.stringify(o).toLowerCase()).toContain('verpleeg');
    const all = await app.request('GET', '/api/v1/taxonomy/occupations?limit=500');
    const names = all.body.items.map((o: { name: { nl: string } }) => o.name.nl);
    expect(names.length).toBeGreaterThan(100);
    expect(names).toEqual([...names].sort((a: string, b: string) => a.localeCompare(b, 'nl')));
  });

  it('lists sectors and regions', async () => {
    const sectors = await app.request('GET', '/api/v1/taxonomy/sectors');
    expect(sectors.body.items).toContainEqual({ id: 'zorg', name: { nl: 'Zorg en welzijn', en: expect.any(String) } });
    const regions = await app.request('GET', '/api/v1/regions');
    expect(regions.body.items).toHaveLength(35);
  });

  it('suggests places as typed, with their arbeidsmarktregio', async () => {
    const res = await app.request('GET', '/api/v1/places?q=rotterd');
    expect(res.body.items[0]).toMatchObject({ name: 'Rotterdam', region: 'rijnmond', regionName: expect.any(String) });
    const typo = await app.request('GET', '/api/v1/places?q=Amsterdm');
    expect(typo.body.items.map((p: { name: string }) => p.name)).toContain('Amsterdam');
  });

  it('answers bad queries with a 400 problem', async () => {
    expectProblem(await app.request('GET', '/api/v1/places'), 400);
    expectProblem(await app.request('GET', '/api/v1/taxonomy/skills?limit=0'), 400);
    expectProblem(await app.request('GET', '/api/v1/taxonomy/skills?q=a&role=admin'), 400);
    expectProblem(await app.request('GET', `/api/v1/taxonomy/skills?q=${'x'.repeat(101)}`), 400);
  });
});
