/** The retraining flags of matching: "in omscholing" and "kandidaat + gefinancierde opleiding". */
import { describe, expect, it } from 'vitest';
import type { DemandFact } from '../../core/demand/index.js';
import type { ProfileDoc } from '../../core/domain/profiles.js';
import type { VacancyDoc } from '../../core/domain/vacancies.js';
import type { Stored } from '../../core/ports/store.js';
import { scoreWithRetraining, type RetrainingContext } from '../../core/matching/matches.js';
import { canFund, fundedCourseFor, monthYear, pathwayToward, reasonWithFlag, retrainingLabel, sameFlag, withCompletedCourses, type FundableCourse } from '../../core/matching/retraining.js';
import type { ActivePathway, CompletedCourse, OpenProgramme } from '../../core/programmes/index.js';
import type { LedgerDoc } from '../../core/programmes/ledger.js';
import { BASISZORG_SKILLS, TODAY } from '../support/score-facts.js';

const NOW = new Date(`${TODAY}T10:00:00Z`);

const demand = (label: DemandFact['label'], tension: number): DemandFact => ({
  group: '1032',
  scope: 'occupation-group',
  region: 'rijnmond',
  regionName: 'Rijnmond',
  quarter: '2026-Q3',
  tension,
  label,
  source: 'test',
  sourceDate: '2026-11-02',
});
const ZEER_KRAP = demand('zeer krap', 4.2);
const RUIM = demand('ruim', 0.4);

const course = (over: Partial<FundableCourse> = {}): FundableCourse => ({
  id: 'basiszorg',
  title: 'Basiszorg',
  skillsTaught: BASISZORG_SKILLS,
  targetOccupations: ['verzorgende-ig'],
  costEur: 1200,
  durationWeeks: 10,
  regions: ['rijnmond'],
  startDates: ['2027-03-01'],
  ...over,
});

const ledger = (over: Partial<LedgerDoc> = {}): LedgerDoc => ({ budgetEur: 10_000, places: 10, maxPerParticipantEur: 3000, committedEur: 0, spentEur: 0, perParticipant: {}, vouchers: {}, spent: [], ...over });
const programme = (over: Partial<OpenProgramme> = {}): OpenProgramme => ({ id: 'fonds', eligibleSectors: ['zorg'], regions: ['rijnmond'], maxPerParticipantEur: 3000, ledger: ledger(), ...over });

const candidate = { id: 'p1', skills: ['klantcontact'], experience: [], region: 'rijnmond' };
const vacancy = { occupation: 'verzorgende-ig', mustHaveSkills: ['klantcontact', 'persoonlijke verzorging', 'medicatie-toedienen'] };
const options = (over: { programmes?: OpenProgramme[]; courses?: FundableCourse[] } = {}) => ({ programmes: [programme()], courses: [course()], today: TODAY, ...over });

describe('fundedCourseFor', () => {
  it('names the one course that closes every missing must-have, with its programme', () => {
    expect(fundedCourseFor(options(), candidate, vacancy, ZEER_KRAP)).toEqual({ kind: 'funded-course', courseId: 'basiszorg', courseTitle: 'Basiszorg', durationWeeks: 10, programmeId: 'fonds' });
    expect(fundedCourseFor(options(), candidate, vacancy, demand('krap', 1.8))).not.toBeNull();
  });

  it('only for shortage occupations, and only when something is missing', () => {
    expect(fundedCourseFor(options(), candidate, vacancy, RUIM)).toBeNull();
    expect(fundedCourseFor(options(), candidate, vacancy, null)).toBeNull();
    const complete = { ...candidate, skills: ['klantcontact', 'persoonlijke verzorging', 'medicatie-toedienen'] };
    expect(fundedCourseFor(options(), complete, vacancy, ZEER_KRAP)).toBeNull();
  });

  it('needs ONE course: two that together close the gap do not count', () => {
    const split = [course({ id: 'a', skillsTaught: ['persoonlijke-verzorging'] }), course({ id: 'b', skillsTaught: ['medicatie-toedienen'] })];
    expect(fundedCourseFor(options({ courses: split }), candidate, vacancy, ZEER_KRAP)).toBeNull();
    // A free-text must-have no course can teach keeps the gap open.
    expect(fundedCourseFor(options(), candidate, { ...vacancy, mustHaveSkills: [...vacancy.mustHaveSkills, 'onderwaterlassen met flair'] }, ZEER_KRAP)).toBeNull();
  });

  it('prefers the shortest, then the cheapest course', () => {
    const courses = [course({ id: 'long', durationWeeks: 20, costEur: 500 }), course({ id: 'short-dear', durationWeeks: 8, costEur: 2000 }), course({ id: 'short-cheap', durationWeeks: 8, costEur: 900 })];
    expect(fundedCourseFor(options({ courses }), candidate, vacancy, ZEER_KRAP)).toMatchObject({ courseId: 'short-cheap', durationWeeks: 8 });
  });

  it('skips courses not given in the region or without a coming start, and falls back to another that qualifies', () => {
    const courses = [course({ id: 'elsewhere', durationWeeks: 2, regions: ['utrecht'] }), course({ id: 'past', durationWeeks: 3, startDates: ['2026-01-01'] }), course({ id: 'online', durationWeeks: 12, regions: [] })];
    expect(fundedCourseFor(options({ courses }), candidate, vacancy, ZEER_KRAP)).toMatchObject({ courseId: 'online' });
  });

  it('respects the programme: sector, maximum, places, budget, the person’s own maximum and region', () => {
    const c = course();
    expect(canFund(programme(), c, candidate)).toBe(true);
    expect(canFund(programme({ eligibleSectors: ['techniek'] }), c, candidate)).toBe(false);
    expect(canFund(programme({ eligibleSectors: [] }), c, candidate)).toBe(true);
    expect(canFund(programme({ maxPerParticipantEur: 1000 }), c, candidate)).toBe(false);
    expect(canFund(programme({ regions: ['utrecht'] }), c, candidate)).toBe(false);
    expect(canFund(programme({ ledger: ledger({ places: 1, perParticipant: { other: 500 } }) }), c, candidate)).toBe(false);
    // Someone already in the programme needs no new place, but stays within their own maximum.
    expect(canFund(programme({ ledger: ledger({ places: 1, perParticipant: { p1: 500 } }) }), c, candidate)).toBe(true);
    expect(canFund(programme({ ledger: ledger({ perParticipant: { p1: 2500 } }) }), c, candidate)).toBe(false);
    expect(canFund(programme({ ledger: ledger({ budgetEur: 10_000, committedEur: 9000 }) }), c, candidate)).toBe(false);
    expect(fundedCourseFor(options({ programmes: [programme({ maxPerParticipantEur: 1000 }), programme({ id: 'ruimer' })] }), candidate, vacancy, ZEER_KRAP)).toMatchObject({ programmeId: 'ruimer' });
    expect(fundedCourseFor(options({ programmes: [] }), candidate, vacancy, ZEER_KRAP)).toBeNull();
  });
});

const pathway = (over: Partial<ActivePathway> = {}): ActivePathway => ({
  profileId: 'p1',
  voucherId: 'v1',
  targetOccupations: ['verzorgende-ig'],
  courseId: 'basiszorg',
  courseTitle: 'Basiszorg',
  skillsTaught: BASISZORG_SKILLS,
  endDate: '2027-05-10',
  ...over,
});

describe('fundedCourseFor after a completed course', () => {
  const basiszorgDone = { ...pathway(), endDate: '2026-09-30' } satisfies CompletedCourse;

  it('proposes nothing for skills a completed course already covers', () => {
    expect(fundedCourseFor(options(), withCompletedCourses(candidate, [basiszorgDone]), vacancy, ZEER_KRAP)).toBeNull();
  });

  it('never proposes a course the person completed, even when the catalogue version now teaches the rest of the gap', () => {
    const wider = { ...vacancy, mustHaveSkills: [...vacancy.mustHaveSkills, 'wondzorg'] };
    const grown = course({ skillsTaught: ['persoonlijke-verzorging', 'medicatie-toedienen', 'wondzorg'] });
    const wondzorg = course({ id: 'wondzorg', title: 'Wondzorg', skillsTaught: ['wondzorg'], durationWeeks: 4 });
    const trained = withCompletedCourses(candidate, [basiszorgDone]);
    expect(fundedCourseFor(options({ courses: [grown] }), candidate, wider, ZEER_KRAP)).toMatchObject({ courseId: 'basiszorg' });
    expect(fundedCourseFor(options({ courses: [grown] }), trained, wider, ZEER_KRAP)).toBeNull();
    // What is still missing is proposed on its own.
    expect(fundedCourseFor(options({ courses: [grown, wondzorg] }), trained, wider, ZEER_KRAP)).toMatchObject({ courseId: 'wondzorg' });
  });

  it('derives from the courses without touching the person', () => {
    const trained = withCompletedCourses(candidate, [basiszorgDone, { ...basiszorgDone, courseId: 'vca', skillsTaught: ['persoonlijke-verzorging', 'vca'] }]);
    expect(trained).toMatchObject({ skills: ['klantcontact'], completedCourseIds: ['basiszorg', 'vca'] });
    expect(trained.courseSkills.sort()).toEqual(['medicatie-toedienen', 'persoonlijke-verzorging', 'vca']);
    expect(candidate.skills).toEqual(['klantcontact']);
  });
});

describe('pathwayToward and the labels', () => {
  it('picks the pathway toward the occupation that ends first', () => {
    const list = [pathway({ courseId: 'late', endDate: '2028-01-01' }), pathway({ courseId: 'other', targetOccupations: ['lasser'], endDate: '2026-12-01' }), pathway({ courseId: 'soon' })];
    expect(pathwayToward(list, 'verzorgende-ig')?.courseId).toBe('soon');
    expect(pathwayToward(list, 'kok')).toBeNull();
  });

  it('says it in Dutch, month and year of the end date', () => {
    expect(monthYear('2027-05-10')).toBe('mei 2027');
    expect(retrainingLabel({ kind: 'in-training', courseId: 'c', courseTitle: 'Basiszorg', endsOn: '2027-05-10' })).toBe('in omscholing: Basiszorg, klaar mei 2027');
    expect(retrainingLabel({ kind: 'funded-course', courseId: 'c', courseTitle: 'VCA', durationWeeks: 1, programmeId: 'p' })).toBe('kandidaat + gefinancierde opleiding: VCA (1 week)');
    expect(reasonWithFlag('Heeft 1 van 3 vereiste vaardigheden', { kind: 'funded-course', courseId: 'c', courseTitle: 'Basiszorg', durationWeeks: 10, programmeId: 'p' })).toBe(
      'Kandidaat + gefinancierde opleiding: Basiszorg (10 weken); heeft 1 van 3 vereiste vaardigheden',
    );
    expect(reasonWithFlag('Heeft 3 van 3', null)).toBe('Heeft 3 van 3');
  });

  it('compares flags whatever the key order, absent equal to absent', () => {
    const a = { kind: 'in-training', courseId: 'c', courseTitle: 'T', endsOn: '2027-01-01' } as const;
    expect(sameFlag(a, { endsOn: '2027-01-01', courseTitle: 'T', courseId: 'c', kind: 'in-training' })).toBe(true);
    expect(sameFlag(a, { ...a, endsOn: '2027-02-01' })).toBe(false);
    expect(sameFlag(undefined, null)).toBe(true);
    expect(sameFlag(a, undefined)).toBe(false);
  });
});

describe('scoreWithRetraining', () => {
  const profile: Stored<ProfileDoc> = {
    id: 'p1',
    version: 1,
    createdAt: NOW.toISOString(),
    updatedAt: NOW.toISOString(),
    deletedAt: null,
    ownerId: 'owner',
    desiredOccupations: ['verzorgende-ig'],
    desiredSectors: ['zorg'],
    skills: ['klantcontact'],
    experience: [{ title: 'Verkoopmedewerker', occupation: 'verkoopmedewerker', sector: 'detailhandel', employerName: 'Winkel', start: '2019-01', end: null }],
    education: [],
    languages: [],
    place: 'Rotterdam',
    region: 'rijnmond',
    geo: null,
    maxTravelKm: 15,
    hoursPerWeek: 32,
    availableFrom: '2026-11-01',
    drivingLicence: false,
    visibility: 'anonymous',
    confirmedAt: NOW.toISOString(),
    contact: null,
  } as unknown as Stored<ProfileDoc>;
  const doc = {
    title: 'Verzorgende IG',
    occupation: 'verzorgende-ig',
    sector: 'zorg',
    description: '',
    mustHaveSkills: vacancy.mustHaveSkills,
    niceToHaveSkills: [],
    place: 'Rotterdam',
    region: 'rijnmond',
    geo: null,
    hoursPerWeek: { min: 24, max: 32 },
    salary: null,
    startDate: null,
    status: 'open',
    organisationId: 'org',
    createdBy: 'someone',
    publishedAt: null,
  } as unknown as VacancyDoc;
  const context = (pathways: ActivePathway[], completed: CompletedCourse[] = []): RetrainingContext => ({ pathways: new Map(pathways.map((p) => [p.profileId, [p]])), completed: new Map(completed.map((c) => [c.profileId, [c]])), programmes: [programme()], courses: [course()], today: TODAY });

  it('scores a person in omscholing on the skills of the course end date, and flags it', () => {
    const plain = scoreWithRetraining(context([]), profile, doc, 0.5, ZEER_KRAP, NOW);
    const training = scoreWithRetraining(context([pathway()]), profile, doc, 0.5, ZEER_KRAP, NOW);
    expect(plain.result.facts.mustHave).toEqual({ matched: 1, total: 3, fromExperience: 0 });
    expect(training.result.facts.mustHave).toEqual({ matched: 3, total: 3, fromExperience: 0 });
    expect(training.result.components.skills).toBeGreaterThan(plain.result.components.skills);
    expect(training.retraining).toEqual({ kind: 'in-training', courseId: 'basiszorg', courseTitle: 'Basiszorg', endsOn: '2027-05-10' });
    expect(training.result.reason).toMatch(/^In omscholing: Basiszorg, klaar mei 2027; heeft 3 van 3 vereiste vaardigheden/);
    // Without a pathway, the same gap in a shortage occupation names the funded course instead; the score is today's.
    expect(plain.retraining).toMatchObject({ kind: 'funded-course', courseId: 'basiszorg' });
    expect(plain.result.reason).toMatch(/^Kandidaat \+ gefinancierde opleiding: Basiszorg \(10 weken\); heeft 1 van 3/);
  });

  it('keeps a completed course’s skills in the score, says so, and proposes no course for them', () => {
    const done = pathway({ endDate: '2026-09-30' });
    const after = scoreWithRetraining(context([], [done]), profile, doc, 0.5, ZEER_KRAP, NOW);
    expect(after.retraining).toBeNull();
    expect(after.result.facts.mustHave).toEqual({ matched: 3, total: 3, fromExperience: 0, fromCourse: 2 });
    expect(after.result.components.skills).toBe(scoreWithRetraining(context([pathway()]), profile, doc, 0.5, ZEER_KRAP, NOW).result.components.skills);
    expect(after.result.reason).toMatch(/^Heeft 3 van 3 vereiste vaardigheden \(2 uit opleiding\)/);
    // Derived for the score, never written into the profile.
    expect(profile.skills).toEqual(['klantcontact']);
    // Someone else's completed course counts for nothing here.
    const other = scoreWithRetraining(context([], [{ ...done, profileId: 'p2' }]), profile, doc, 0.5, ZEER_KRAP, NOW);
    expect(other.result.facts.mustHave).toEqual({ matched: 1, total: 3, fromExperience: 0 });
    expect(other.retraining).toMatchObject({ kind: 'funded-course', courseId: 'basiszorg' });
  });

  it('leaves other occupations and roomy markets alone', () => {
    const elsewhere = scoreWithRetraining(context([pathway({ targetOccupations: ['lasser'] })]), profile, doc, 0.5, RUIM, NOW);
    expect(elsewhere.retraining).toBeNull();
    expect(elsewhere.result.facts.mustHave.matched).toBe(1);
    expect(elsewhere.result.reason).toMatch(/^Heeft 1 van 3/);
  });
});
