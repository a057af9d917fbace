/**
 * Scoring facts shared by the unit tests of the skills component (score.test.ts), of completed
 * courses and of the retraining flags: one day, one care vacancy, one work history, one course.
 */
import { scoreMatch, type CandidateFacts, type VacancyFacts } from '../../core/matching/score.js';
import { DEFAULT_SCORE_OPTIONS, DEFAULT_WEIGHTS } from '../../core/matching/weights.js';

export const TODAY = '2026-11-23';

/** Six years (to TODAY) as verzorgende IG. */
export const SIX_YEARS_VIG = { title: 'Verzorgende IG', occupation: 'verzorgende-ig', start: '2020-11', end: null };

/** What the Basiszorg course teaches: two of the care vacancy's three must-haves. */
export const BASISZORG_SKILLS = ['persoonlijke-verzorging', 'medicatie-toedienen'];

/** A verzorgende IG vacancy asking personal care, medication and customer contact; place and start unknown. */
export const careVacancy = (over: Partial<VacancyFacts> = {}): VacancyFacts => ({
  occupation: 'verzorgende-ig',
  sector: 'zorg',
  mustHaveSkills: ['persoonlijke verzorging', 'medicatie toedienen', 'klantcontact'],
  niceToHaveSkills: [],
  geo: null,
  hoursPerWeek: { min: 24, max: 36 },
  startDate: null,
  ...over,
});

/** Scored with neutral relevance and no demand data, as of TODAY. */
export const scoreOf = (c: CandidateFacts, v: VacancyFacts = careVacancy()) =>
  scoreMatch({ candidate: c, vacancy: v, relevance: 0.5, demand: null, today: TODAY }, DEFAULT_WEIGHTS, DEFAULT_SCORE_OPTIONS);
