import { describe, expect, it } from 'vitest';
import {
  availabilityComponent,
  distanceComponent,
  recentExperienceComponent,
  scoreMatch,
  sectorDemandComponent,
  skillsComponent,
  type CandidateFacts,
  type VacancyFacts,
} from '../../core/matching/score.js';
import { COMPONENTS, DEFAULT_SCORE_OPTIONS as OPTIONS, DEFAULT_WEIGHTS } from '../../core/matching/weights.js';
import type { DemandFact } from '../../core/demand/index.js';

const ROTTERDAM = { lat: 51.9225, lng: 4.4792 };
const SCHIEDAM = { lat: 51.9192, lng: 4.3997 };
const UTRECHT = { lat: 52.0907, lng: 5.1214 };

const candidate = (over: Partial<CandidateFacts> = {}): CandidateFacts => ({
  skills: ['klantcontact', 'teamwerk'],
  experience: [],
  geo: ROTTERDAM,
  maxTravelKm: 15,
  hoursPerWeek: 32,
  availableFrom: '2026-11-01',
  ...over,
});
const vacancy = (over: Partial<VacancyFacts> = {}): VacancyFacts => ({
  occupation: 'verzorgende-ig',
  sector: 'zorg',
  mustHaveSkills: ['klantcontact', 'teamwerk'],
  niceToHaveSkills: [],
  geo: SCHIEDAM,
  hoursPerWeek: { min: 24, max: 36 },
  startDate: '2026-12-01',
  ...over,
});
const demand = (tension: number): DemandFact => ({
  group: '1032', scope: 'occupation-group', region: 'rijnmond', regionName: 'Rijnmond', quarter: '2026-Q3', tension, label: 'zeer krap',
  source: 'Demo, gemodelleerd naar UWV spanningsindicator', sourceDate: '2026-11-02',
});
const TODAY = '2026-11-23';

describe('skills component', () => {
  it('counts coverage with must-haves weighing twice a nice-to-have', () => {
    const v = vacancy({ mustHaveSkills: ['klantcontact', 'plannen'], niceToHaveSkills: ['teamwerk'] });
    const r = skillsComponent(candidate(), v, OPTIONS);
    expect(r.mustHave).toEqual({ matched: 1, total: 2 });
    expect(r.niceToHave).toEqual({ matched: 1, total: 1 });
    expect(r.value).toBeCloseTo((2 * 1 + 1) / (2 * 2 + 1));
  });

  it('matches through taxonomy synonyms and ignores case', () => {
    const v = vacancy({ mustHaveSkills: ['Klantcontact'] });
    expect(skillsComponent(candidate({ skills: ['klantcontact'] }), v, OPTIONS).value).toBe(1);
    expect(skillsComponent(candidate({ skills: ['KLANTCONTACT'] }), v, OPTIONS).value).toBe(1);
  });

  it('is 1 when nothing is asked and 0 when nothing asked is present', () => {
    expect(skillsComponent(candidate(), vacancy({ mustHaveSkills: [], niceToHaveSkills: [] }), OPTIONS).value).toBe(1);
    expect(skillsComponent(candidate({ skills: [] }), vacancy(), OPTIONS).value).toBe(0);
  });
});

describe('recent experience component', () => {
  const job = (start: string, end: string | null, occupation = 'verzorgende-ig') => ({ title: 'Verzorgende', occupation, start, end });

  it('is 0 without relevant experience and grows with duration', () => {
    expect(recentExperienceComponent(candidate(), vacancy(), TODAY, OPTIONS).value).toBe(0);
    const short = recentExperienceComponent(candidate({ experience: [job('2025-11', null)] }), vacancy(), TODAY, OPTIONS).value;
    const long = recentExperienceComponent(candidate({ experience: [job('2020-11', null)] }), vacancy(), TODAY, OPTIONS).value;
    expect(short).toBeGreaterThan(0);
    expect(long).toBeGreaterThan(short);
    expect(long).toBeLessThan(1);
  });

  it('decays by the half-life after a job ended; current jobs do not decay', () => {
    const current = recentExperienceComponent(candidate({ experience: [job('2024-12', null)] }), vacancy(), TODAY, OPTIONS);
    const endedNow = recentExperienceComponent(candidate({ experience: [job('2024-12', '2026-11')] }), vacancy(), TODAY, OPTIONS);
    expect(endedNow.value).toBeCloseTo(current.value);
    // 24 months that ended one half-life ago weigh exactly half: compare effective months through the inverse.
    const old = recentExperienceComponent(candidate({ experience: [job('2021-12', '2023-11')] }), vacancy(), TODAY, OPTIONS);
    const eff = (v: number) => -Math.log(1 - v) * OPTIONS.experienceScaleMonths;
    expect(eff(old.value)).toBeCloseTo(eff(current.value) / 2, 5);
  });

  it('credits the same BRC group less than the same occupation, and the same sector less still', () => {
    const same = recentExperienceComponent(candidate({ experience: [job('2024-01', null)] }), vacancy(), TODAY, OPTIONS).value;
    const group = recentExperienceComponent(candidate({ experience: [job('2024-01', null, 'helpende-zorg')] }), vacancy(), TODAY, OPTIONS).value;
    const sector = recentExperienceComponent(candidate({ experience: [job('2024-01', null, 'doktersassistent')] }), vacancy(), TODAY, OPTIONS).value;
    const other = recentExperienceComponent(candidate({ experience: [job('2024-01', null, 'lasser')] }), vacancy(), TODAY, OPTIONS).value;
    expect(same).toBeGreaterThan(group);
    expect(group).toBeGreaterThan(sector);
    expect(sector).toBeGreaterThan(other);
    expect(other).toBe(0);
  });

  it('never lets years elsewhere in the sector outweigh a shorter spell in the occupation itself', () => {
    const sectorOnly = recentExperienceComponent(candidate({ experience: [job('2006-01', null, 'doktersassistent')] }), vacancy(), TODAY, OPTIONS).value;
    const twoYears = recentExperienceComponent(candidate({ experience: [job('2024-11', null)] }), vacancy(), TODAY, OPTIONS).value;
    expect(sectorOnly).toBeLessThanOrEqual(0.3);
    expect(twoYears).toBeGreaterThan(sectorOnly);
  });

  it('reports related occupations (same BRC group) as such, not as the occupation', () => {
    const r = scoreMatch({ candidate: candidate({ experience: [job('2022-11', null, 'thuiszorgmedewerker')] }), vacancy: vacancy(), relevance: 0, demand: null, today: TODAY }, DEFAULT_WEIGHTS, OPTIONS);
    expect(r.facts).toMatchObject({ recentExperienceMonths: 0, relatedExperienceMonths: 49 });
    expect(r.reason).toContain('4 jaar recente ervaring in een verwant beroep (verzorgenden)');
  });

  it('recognises the occupation from a job title when no occupation was given', () => {
    const r = recentExperienceComponent(candidate({ experience: [{ title: 'Verzorgende IG', start: '2023-01', end: null }] }), vacancy(), TODAY, OPTIONS);
    expect(r.recentMonths).toBe(47);
  });
});

describe('sector demand component', () => {
  it('maps tension monotonically into [0, 1] and is neutral without data', () => {
    expect(sectorDemandComponent(null)).toBe(0.5);
    expect(sectorDemandComponent(demand(0))).toBe(0);
    expect(sectorDemandComponent(demand(1))).toBe(0.5);
    expect(sectorDemandComponent(demand(4))).toBeCloseTo(0.8);
    expect(sectorDemandComponent(demand(0.2))).toBeLessThan(sectorDemandComponent(demand(0.3)));
  });
});

describe('distance component', () => {
  it('is 1 within the travel distance and halves every distanceHalfKm beyond', () => {
    expect(distanceComponent(candidate(), vacancy(), OPTIONS).value).toBe(1);
    const far = distanceComponent(candidate(), vacancy({ geo: UTRECHT }), OPTIONS);
    expect(far.km).toBeGreaterThan(45);
    expect(far.value).toBeCloseTo(0.5 ** ((far.km! - 15) / OPTIONS.distanceHalfKm));
  });

  it('is 0.5 when a location is unknown', () => {
    expect(distanceComponent(candidate({ geo: null }), vacancy(), OPTIONS)).toEqual({ value: 0.5, km: null });
  });
});

describe('availability component', () => {
  it('is 1 when hours fit and the candidate can start in time', () => {
    expect(availabilityComponent(candidate(), vacancy(), TODAY, OPTIONS)).toBe(1);
  });

  it('drops proportionally for hours outside the range and by half-life for a late start', () => {
    expect(availabilityComponent(candidate({ hoursPerWeek: 12 }), vacancy(), TODAY, OPTIONS)).toBeCloseTo((12 / 24 + 1) / 2);
    expect(availabilityComponent(candidate({ availableFrom: '2026-12-31' }), vacancy(), TODAY, OPTIONS)).toBeCloseTo((1 + 0.5) / 2);
  });
});

describe('scoreMatch', () => {
  const input = {
    candidate: candidate({ skills: ['klantcontact'], experience: [{ title: 'Verzorgende', occupation: 'verzorgende-ig', start: '2023-10', end: null }] }),
    vacancy: vacancy(),
    relevance: 0.7,
    demand: demand(4.2),
    today: TODAY,
  };

  it('totals weight × component over all six components', () => {
    const r = scoreMatch(input, DEFAULT_WEIGHTS, OPTIONS);
    expect(Object.keys(r.components).sort()).toEqual([...COMPONENTS].sort());
    expect(r.total).toBeCloseTo(COMPONENTS.reduce((s, c) => s + DEFAULT_WEIGHTS[c] * r.components[c], 0), 12);
    expect(r.weights).toEqual(DEFAULT_WEIGHTS);
  });

  it('respects configured weights', () => {
    const onlySkills = { ...Object.fromEntries(COMPONENTS.map((c) => [c, 0])), skills: 1 } as typeof DEFAULT_WEIGHTS;
    expect(scoreMatch(input, onlySkills, OPTIONS).total).toBeCloseTo(0.5);
  });

  it('explains itself in one line of Dutch, naming the demand source and quarter', () => {
    const r = scoreMatch(input, DEFAULT_WEIGHTS, OPTIONS);
    expect(r.reason).toBe(
      'Heeft 1 van 2 vereiste vaardigheden, 3 jaar recente ervaring als verzorgende IG, sector zeer krap in Rijnmond (bron: Demo, gemodelleerd naar UWV spanningsindicator, 2026-Q3), 5 km reizen (binnen de reisafstand)',
    );
    expect(r.reason).not.toContain('\n');
  });

  it('clamps a relevance outside [0, 1]', () => {
    expect(scoreMatch({ ...input, relevance: 7 }, DEFAULT_WEIGHTS, OPTIONS).components.relevance).toBe(1);
    expect(scoreMatch({ ...input, relevance: Number.NaN }, DEFAULT_WEIGHTS, OPTIONS).components.relevance).toBe(0);
  });
});
