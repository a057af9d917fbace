/**
 * How much each component counts, and the knobs of the components themselves. One default
 * object, passed to `scoreMatch` explicitly (never read from the environment), so a test or
 * a municipality's own tuning is a plain argument.
 */

/** The six components of a match score, each in [0, 1]. */
export const COMPONENTS = ['relevance', 'skills', 'recentExperience', 'sectorDemand', 'distance', 'availability'] as const;
export type Component = (typeof COMPONENTS)[number];

export type Weights = Record<Component, number>;

export interface ScoreOptions {
  /** Months after which experience that ended counts half (and a quarter after twice that). */
  experienceHalfLifeMonths: number;
  /** Months of fully relevant, current experience that give about 63 % of the component (1 − 1/e). */
  experienceScaleMonths: number;
  /** Must-have skills count this many times as much as nice-to-have ones. */
  mustHaveWeight: number;
  /** What a skill counts for when the candidate did not list it but their recent work experience implies it (a listed skill counts 1). */
  impliedSkillCredit: number;
  /** Beyond the jobseeker's travel distance, every this many km halve the distance component. */
  distanceHalfKm: number;
  /** A start this many days after the vacancy's start date halves the start-date part of availability. */
  startHalfDays: number;
}

/** Default weights: what a person can do (skills, experience) first, then fit, then the market. Sum 1. */
export const DEFAULT_WEIGHTS: Weights = {
  relevance: 0.15,
  skills: 0.25,
  recentExperience: 0.25,
  sectorDemand: 0.1,
  distance: 0.15,
  availability: 0.1,
};

export const DEFAULT_SCORE_OPTIONS: ScoreOptions = {
  experienceHalfLifeMonths: 36,
  experienceScaleMonths: 24,
  mustHaveWeight: 2,
  // Below a listed skill: the occupation's essential skills describe the trade, not this
  // person, who may never have done that part of it; high enough that years in the trade
  // without a typed skill list still rank near someone who typed one.
  impliedSkillCredit: 0.75,
  distanceHalfKm: 10,
  startHalfDays: 30,
};
