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
import { midSentence } from '../../core/matching/labels.js';
import { missingMustHaves } from '../../core/matching/retraining.js';
import { experienceSkills, IMPLIED_SKILL_MIN_MONTHS, personSkills, RECENT_MONTHS } from '../../core/pathways/skills.js';
import type { DemandFact } from '../../core/demand/index.js';
import { careVacancy, scoreOf, SIX_YEARS_VIG, TODAY } from '../support/score-facts.js';

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

describe('skills component', () => {
  it('counts coverage with must-haves weighing twice a nice-to-have', () => {
    const v = vacancy({ mustHaveSkills: ['klantcontact', 'plannen'], niceToHaveSkills: ['teamwerk'] });
    const r = skillsComponent(candidate(), v, TODAY, OPTIONS);
    expect(r.mustHave).toEqual({ matched: 1, total: 2, fromExperience: 0 });
    expect(r.niceToHave).toEqual({ matched: 1, total: 1, fromExperience: 0 });
    expect(r.value).toBeCloseTo((2 * 1 + 1) / (2 * 2 + 1));
  });

  it('matches through taxonomy synonyms and ignores case', () => {
    const v = vacancy({ mustHaveSkills: ['Klantcontact'] });
    expect(skillsComponent(candidate({ skills: ['klantcontact'] }), v, TODAY, OPTIONS).value).toBe(1);
    expect(skillsComponent(candidate({ skills: ['KLANTCONTACT'] }), v, TODAY, OPTIONS).value).toBe(1);
  });

  it('is 1 when nothing is asked and 0 when nothing asked is present', () => {
    expect(skillsComponent(candidate(), vacancy({ mustHaveSkills: [], niceToHaveSkills: [] }), TODAY, OPTIONS).value).toBe(1);
    expect(skillsComponent(candidate({ skills: [] }), vacancy(), TODAY, OPTIONS).value).toBe(0);
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

// ── skills implied by work experience (the rule pathways use too), and names mid-sentence ──

/** Six years as verzorgende IG, no skills typed, location unknown. */
const vig = (over: Partial<CandidateFacts> = {}): CandidateFacts => candidate({ skills: [], experience: [SIX_YEARS_VIG], geo: null, ...over });

describe('experienceSkills', () => {
  it("gives the essential skills of an occupation held long enough, from its id or its job title", () => {
    expect([...experienceSkills({ experience: [SIX_YEARS_VIG] }, TODAY)]).toEqual(expect.arrayContaining(['persoonlijke-verzorging', 'medicatie-toedienen']));
    expect(experienceSkills({ experience: [{ title: 'Verzorgende IG', start: '2020-11', end: null }] }, TODAY).has('persoonlijke-verzorging')).toBe(true);
    expect(experienceSkills({ experience: [{ title: 'Iets onbekends', start: '2020-11', end: null }] }, TODAY).size).toBe(0);
  });

  it(`needs ${IMPLIED_SKILL_MIN_MONTHS} months in the occupation, adding up its recent spells`, () => {
    const short = { title: 'Verzorgende IG', occupation: 'verzorgende-ig', start: '2026-06', end: '2026-10' }; // 5 months
    expect(experienceSkills({ experience: [short] }, TODAY).size).toBe(0);
    expect(experienceSkills({ experience: [{ ...short, start: '2026-05' }] }, TODAY).size).toBeGreaterThan(0);
    const earlier = { ...short, start: '2025-01', end: '2025-01' };
    expect(experienceSkills({ experience: [short, earlier] }, TODAY).has('persoonlijke-verzorging')).toBe(true);
  });

  it(`forgets experience that ended more than ${RECENT_MONTHS} months ago, and counts no months after today`, () => {
    expect(experienceSkills({ experience: [{ ...SIX_YEARS_VIG, start: '2010-01', end: '2020-06' }] }, TODAY).size).toBe(0);
    expect(experienceSkills({ experience: [{ ...SIX_YEARS_VIG, start: '2026-09', end: '2030-01' }] }, TODAY).size).toBe(0);
  });

  it('is what pathways call the person’s skills, next to the listed ones', () => {
    const have = personSkills({ skills: ['teamwerk'], experience: [SIX_YEARS_VIG] }, TODAY);
    for (const key of experienceSkills({ experience: [SIX_YEARS_VIG] }, TODAY)) expect(have.has(key)).toBe(true);
    expect(have.size).toBe(experienceSkills({ experience: [SIX_YEARS_VIG] }, TODAY).size + 1);
  });
});

describe('skills component with experience', () => {
  it('counts skills the experience implies, at impliedSkillCredit of a listed one', () => {
    const r = skillsComponent(vig(), careVacancy(), TODAY, OPTIONS);
    expect(r.mustHave).toEqual({ matched: 2, total: 3, fromExperience: 2 });
    expect(r.value).toBeCloseTo((OPTIONS.impliedSkillCredit * 2) / 3);
    const listed = skillsComponent(vig({ skills: ['persoonlijke verzorging', 'medicatie toedienen'] }), careVacancy(), TODAY, OPTIONS);
    expect(listed.mustHave).toEqual({ matched: 2, total: 3, fromExperience: 0 });
    expect(listed.value).toBeCloseTo(2 / 3);
    expect(OPTIONS.impliedSkillCredit).toBeGreaterThan(0);
    expect(OPTIONS.impliedSkillCredit).toBeLessThan(1);
  });

  it('a skill both listed and implied counts once, as listed', () => {
    const r = skillsComponent(vig({ skills: ['persoonlijke verzorging'] }), careVacancy(), TODAY, OPTIONS);
    expect(r.mustHave).toEqual({ matched: 2, total: 3, fromExperience: 1 });
    expect(r.value).toBeCloseTo((1 + OPTIONS.impliedSkillCredit) / 3);
  });

  it('says in the reason how many came from work experience, and nothing when none did', () => {
    const implied = scoreOf(vig({ skills: ['klantcontact'] }), careVacancy());
    expect(implied.reason).toMatch(/^Heeft 3 van 3 vereiste vaardigheden \(2 uit werkervaring\), 6 jaar recente ervaring als verzorgende IG/);
    const none = scoreOf(vig({ experience: [] }), careVacancy());
    expect(none.reason).toMatch(/^Heeft 0 van 3 vereiste vaardigheden, geen ervaring als verzorgende IG/);
    const nice = scoreOf(vig(), careVacancy({ mustHaveSkills: [], niceToHaveSkills: ['medicatie toedienen'] }));
    expect(nice.reason).toMatch(/^Heeft 1 van 1 gewenste vaardigheden \(1 uit werkervaring\)/);
  });

  it('ranks years in the trade above no experience, and a listed skill above an implied one', () => {
    const score = (c: CandidateFacts) => scoreOf(c, careVacancy()).components.skills;
    expect(score(vig())).toBeGreaterThan(score(vig({ experience: [] })));
    expect(score(vig({ skills: ['persoonlijke verzorging', 'medicatie toedienen'], experience: [] }))).toBeGreaterThan(score(vig()));
  });

  it('a funded course is not offered for skills the experience already brings', () => {
    const mustHaves = { mustHaveSkills: ['persoonlijke verzorging', 'medicatie toedienen', 'wondzorg'] };
    expect(missingMustHaves({ skills: [], experience: [SIX_YEARS_VIG] }, mustHaves, TODAY)).toEqual(['wondzorg']);
    expect(missingMustHaves({ skills: [], experience: [] }, mustHaves, TODAY)).toEqual(['persoonlijke-verzorging', 'medicatie-toedienen', 'wondzorg']);
  });
});

describe('taxonomy names mid-sentence', () => {
  it('lower-case the first letter but keep abbreviations', () => {
    expect(midSentence('Zorg en welzijn')).toBe('zorg en welzijn');
    expect(midSentence('Verzorgende IG')).toBe('verzorgende IG');
    expect(midSentence('ICT')).toBe('ICT');
    expect(midSentence('ICT-beheerder')).toBe('ICT-beheerder');
    expect(midSentence('UX-designer')).toBe('UX-designer');
    expect(midSentence('GGZ-agoog')).toBe('GGZ-agoog');
    expect(midSentence('')).toBe('');
  });

  it('the reason says "ervaring in ICT" for experience elsewhere in the ICT sector', () => {
    const c = vig({ experience: [{ title: 'Iets onbekends', sector: 'ict', start: '2022-01', end: null }] });
    const r = scoreOf(c, careVacancy({ occupation: 'software-developer', sector: 'ict', mustHaveSkills: [] }));
    expect(r.reason).toContain('ervaring in ICT,');
  });

  it('a related occupation names its BRC group with the abbreviation intact', () => {
    const c = vig({ experience: [{ title: 'Servicedesk', occupation: 'servicedeskmedewerker', start: '2022-01', end: null }] });
    const related = scoreOf(c, careVacancy({ occupation: 'ict-beheerder', sector: 'ict', mustHaveSkills: [] }));
    expect(related.reason).toContain('recente ervaring in een verwant beroep (gebruikersondersteuning ICT)');
    const same = scoreOf(vig({ experience: [{ ...c.experience[0]!, occupation: 'ict-beheerder' }] }), careVacancy({ occupation: 'ict-beheerder', sector: 'ict', mustHaveSkills: [] }));
    expect(same.reason).toContain('recente ervaring als ICT-beheerder');
  });
});
