/** The demo/benchmark generator: deterministic, realistic, and in the exact shapes the domain validates. */
import { describe, expect, it } from 'vitest';
import { asStored, generateProfiles, generateVacancies } from '../../seeds/generate.js';
import { ProfileInput } from '../../core/domain/profiles.js';
import { VacancyInput } from '../../core/domain/vacancies.js';
import { isStale } from '../../core/domain/freshness.js';
import { lookupPlace } from '../../core/places/index.js';
import { occupationById, skillById } from '../../core/taxonomy/index.js';
import { toCandidateDocument, toVacancyDocument } from '../../core/search/documents.js';

const now = new Date('2025-06-01T12:00:00Z');

describe('generateProfiles', () => {
  const people = generateProfiles(2000, 7, { now });

  it('is deterministic in seed and now, and differs across seeds', () => {
    expect(generateProfiles(50, 7, { now })).toEqual(people.slice(0, 50));
    expect(generateProfiles(50, 8, { now })).not.toEqual(people.slice(0, 50));
  });

  it('produces profiles the API itself would accept, with gazetteer places', () => {
    for (const p of people.slice(0, 300)) {
      const { id: _i, ownerId: _o, confirmedAt: _c, region, geo, ...input } = p;
      const parsed = ProfileInput.safeParse(input);
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
      const place = lookupPlace(p.place)!;
      expect({ region, geo }).toEqual({ region: place.region, geo: { lat: place.lat, lng: place.lng } });
    }
  });

  it('uses taxonomy ids and plausible careers', () => {
    for (const p of people) {
      for (const o of p.desiredOccupations) expect(occupationById(o), o).toBeDefined();
      for (const s of p.skills) expect(skillById(s), s).toBeDefined();
      for (const e of p.experience) {
        expect(occupationById(e.occupation!)).toBeDefined();
        if (e.end !== null) expect(e.end >= e.start).toBe(true);
      }
      expect(p.drivingLicence).toBe(p.skills.includes('rijbewijs-b'));
    }
    expect(people.some((p) => p.experience.some((e) => e.end === null))).toBe(true);
    expect(people.some((p) => p.experience.length === 0)).toBe(true);
  });

  it('mixes visibility and freshness as a live population does, weighted toward big cities', () => {
    const share = (f: (p: (typeof people)[number]) => boolean) => people.filter(f).length / people.length;
    expect(share((p) => p.visibility === 'hidden')).toBeGreaterThan(0.06);
    expect(share((p) => p.visibility === 'hidden')).toBeLessThan(0.14);
    expect(share((p) => isStale(p, now))).toBeGreaterThan(0.01);
    expect(share((p) => isStale(p, now))).toBeLessThan(0.06);
    expect(share((p) => ['Amsterdam', 'Rotterdam', 'Den Haag', 'Utrecht'].includes(p.place))).toBeGreaterThan(0.15);
    expect(new Set(people.map((p) => p.place)).size).toBeGreaterThan(200);
    const searchable = generateProfiles(200, 1, { now, hiddenShare: 0, staleShare: 0 });
    expect(searchable.every((p) => toCandidateDocument(asStored(p, now), now) !== null)).toBe(true);
  });

  it('honours occupation and place restrictions', () => {
    const care = generateProfiles(100, 3, { now, occupations: ['verzorgende-ig'], places: ['Rotterdam', 'Schiedam'] });
    expect(new Set(care.map((p) => p.desiredOccupations[0]))).toEqual(new Set(['verzorgende-ig']));
    expect(new Set(care.map((p) => p.place))).toEqual(new Set(['Rotterdam', 'Schiedam']));
    expect(() => generateProfiles(1, 1, { places: ['Nergenshuizen aan Zee'] })).toThrow(/gazetteer/);
  });
});

describe('generateVacancies', () => {
  const list = generateVacancies(500, 11, ['org-a', 'org-b'], { now });

  it('produces vacancies the API would accept, spread over the organisations', () => {
    for (const v of list.slice(0, 200)) {
      const { id: _i, organisationId: _o, createdBy: _c, publishedAt: _p, region: _r, geo: _g, ...input } = v;
      const parsed = VacancyInput.safeParse(input);
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
      expect(occupationById(v.occupation)?.sector).toBe(v.sector);
    }
    expect(new Set(list.map((v) => v.organisationId))).toEqual(new Set(['org-a', 'org-b']));
    expect(generateVacancies(20, 11, ['org-a', 'org-b'], { now })).toEqual(list.slice(0, 20));
  });

  it('is mostly open, and only open vacancies are searchable', () => {
    const open = list.filter((v) => v.status === 'open');
    expect(open.length / list.length).toBeGreaterThan(0.75);
    for (const v of list) expect(toVacancyDocument(asStored(v, now)) === null).toBe(v.status !== 'open');
    expect(list.filter((v) => v.status === 'draft').every((v) => v.publishedAt === null)).toBe(true);
  });
});
