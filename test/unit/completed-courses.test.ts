/**
 * A completed course counts: the skills a course taught, once its voucher is completed, are
 * the person's in the skills component and in pathways' notion of "has", and the reason names
 * them. (The funded-course rule and scoreWithRetraining: test/unit/retraining.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { missingMustHaves } from '../../core/matching/retraining.js';
import { COURSE_SKILL_CREDIT, skillsComponent, type CandidateFacts } from '../../core/matching/score.js';
import { DEFAULT_SCORE_OPTIONS as OPTIONS } from '../../core/matching/weights.js';
import { personSkills } from '../../core/pathways/skills.js';
import { BASISZORG_SKILLS, careVacancy, scoreOf, SIX_YEARS_VIG, TODAY } from '../support/score-facts.js';

const candidate = (over: Partial<CandidateFacts> = {}): CandidateFacts => ({ skills: ['klantcontact'], experience: [], geo: null, maxTravelKm: 15, hoursPerWeek: 32, availableFrom: '2026-11-01', ...over });

describe('skills of a completed course in the skills component', () => {
  it(`count at COURSE_SKILL_CREDIT (${COURSE_SKILL_CREDIT}), as much as a listed skill`, () => {
    const typed = skillsComponent(candidate({ skills: ['klantcontact', 'persoonlijke verzorging', 'medicatie toedienen'] }), careVacancy(), TODAY, OPTIONS);
    const trained = skillsComponent(candidate({ courseSkills: BASISZORG_SKILLS }), careVacancy(), TODAY, OPTIONS);
    const without = skillsComponent(candidate(), careVacancy(), TODAY, OPTIONS);
    expect(trained.mustHave).toEqual({ matched: 3, total: 3, fromExperience: 0, fromCourse: 2 });
    expect(trained.value).toBeCloseTo((1 + COURSE_SKILL_CREDIT * 2) / 3);
    expect(trained.value).toBe(typed.value);
    expect(trained.value).toBeGreaterThan(without.value);
    // No course, no field: stored facts of people without one keep their shape.
    expect(without.mustHave).toEqual({ matched: 1, total: 3, fromExperience: 0 });
  });

  it('a skill listed and taught counts once, as listed; one taught and implied by experience counts once, as taught', () => {
    const listedToo = skillsComponent(candidate({ skills: ['klantcontact', 'persoonlijke verzorging'], courseSkills: BASISZORG_SKILLS }), careVacancy(), TODAY, OPTIONS);
    expect(listedToo.mustHave).toEqual({ matched: 3, total: 3, fromExperience: 0, fromCourse: 1 });
    const impliedToo = skillsComponent(candidate({ experience: [SIX_YEARS_VIG], courseSkills: BASISZORG_SKILLS }), careVacancy(), TODAY, OPTIONS);
    expect(impliedToo.mustHave).toEqual({ matched: 3, total: 3, fromExperience: 0, fromCourse: 2 });
    expect(impliedToo.value).toBeCloseTo(1);
  });

  it('are named in the reason, "(n uit opleiding)", next to "(n uit werkervaring)"', () => {
    expect(scoreOf(candidate({ courseSkills: BASISZORG_SKILLS })).reason).toMatch(/^Heeft 3 van 3 vereiste vaardigheden \(2 uit opleiding\), /);
    // Six years as verzorgende IG imply both care skills; the course supplies one of them, the job the other.
    const oneEach = scoreOf(candidate({ courseSkills: ['persoonlijke-verzorging'], experience: [SIX_YEARS_VIG] }));
    expect(oneEach.facts.mustHave).toEqual({ matched: 3, total: 3, fromExperience: 1, fromCourse: 1 });
    expect(oneEach.reason).toMatch(/^Heeft 3 van 3 vereiste vaardigheden \(1 uit opleiding, 1 uit werkervaring\), /);
    const nice = scoreOf(candidate({ courseSkills: ['medicatie-toedienen'] }), careVacancy({ mustHaveSkills: [], niceToHaveSkills: ['medicatie toedienen'] }));
    expect(nice.reason).toMatch(/^Heeft 1 van 1 gewenste vaardigheden \(1 uit opleiding\)/);
    expect(scoreOf(candidate()).reason).toMatch(/^Heeft 1 van 3 vereiste vaardigheden, /);
  });

  it('are what pathways and the funded-course rule call had', () => {
    const source = { skills: ['klantcontact'], experience: [], courseSkills: BASISZORG_SKILLS };
    for (const key of BASISZORG_SKILLS) expect(personSkills(source, TODAY).has(key)).toBe(true);
    expect(missingMustHaves(source, careVacancy(), TODAY)).toEqual([]);
    expect(missingMustHaves({ ...source, courseSkills: ['persoonlijke-verzorging'] }, careVacancy(), TODAY)).toEqual(['medicatie-toedienen']);
  });
});
