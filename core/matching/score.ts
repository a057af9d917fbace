/**
 * The match score, explainable by construction: `total = Σ weight · component`, every
 * component in [0, 1], and a one-line Dutch reason built from the same facts.
 *
 * Protected characteristics (age, gender, nationality, origin) cannot influence a score
 * because they cannot be passed in: {@link CandidateFacts} has no field for them, and
 * {@link candidateFacts} copies an allow-list of profile fields, so whatever else a profile
 * object carries (a birth date in `contact`, or anything added later) never reaches the scorer.
 */
import type { DemandFact } from '../demand/index.js';
import { occupationById } from '../taxonomy/index.js';
import { experienceSkills, monthIndex, occupationOfJob, skillKey } from '../pathways/skills.js';
import { occupationGroupLabel, occupationLabel, sectorLabel } from './labels.js';
import { COMPONENTS, type Component, type ScoreOptions, type Weights } from './weights.js';

/** One job a candidate held: months as `YYYY-MM`, `end` null for the current job. */
export interface ExperienceFact {
  title: string;
  occupation?: string | undefined;
  sector?: string | undefined;
  start: string;
  end: string | null;
}

/** Everything about a jobseeker the scorer may use. Deliberately no name, birth date, gender or nationality. */
export interface CandidateFacts {
  skills: readonly string[];
  experience: readonly ExperienceFact[];
  geo: { lat: number; lng: number } | null;
  maxTravelKm: number;
  hoursPerWeek: number;
  /** `YYYY-MM-DD` */
  availableFrom: string;
  /**
   * Skills taught by courses the person completed on a voucher, derived from their vouchers
   * (never a profile field, so `candidateFacts` does not copy it; `scorePair` adds it).
   */
  courseSkills?: readonly string[] | undefined;
}

/** Everything about a vacancy the scorer uses. */
export interface VacancyFacts {
  occupation: string;
  sector: string;
  mustHaveSkills: readonly string[];
  niceToHaveSkills: readonly string[];
  geo: { lat: number; lng: number } | null;
  hoursPerWeek: { min: number; max: number };
  /** `YYYY-MM-DD`, or null for "as soon as possible". */
  startDate: string | null;
}

export interface ScoreInput {
  candidate: CandidateFacts;
  vacancy: VacancyFacts;
  /** Text relevance from search, in [0, 1] (clamped). */
  relevance: number;
  /** The sector demand that applies to the vacancy, or null when the table has nothing. */
  demand: DemandFact | null;
  /** The day the score is computed for, `YYYY-MM-DD` (experience decays towards it). */
  today: string;
}

/**
 * How many of the asked skills the candidate has; `fromExperience` of them only through their
 * work experience, `fromCourse` only through a course they completed (absent when none, as on
 * records written before completed courses counted).
 */
export interface SkillCoverage {
  matched: number;
  total: number;
  fromExperience: number;
  fromCourse?: number;
}

export interface ScoreResult {
  total: number;
  components: Record<Component, number>;
  weights: Weights;
  /** One line of Dutch, e.g. "Heeft 4 van 5 vereiste vaardigheden, 3 jaar recente ervaring als verzorgende IG, …". */
  reason: string;
  facts: {
    /** `fromExperience` / `fromCourse`: how many of `matched` the person did not list but their work experience implies / a completed course taught. */
    mustHave: SkillCoverage;
    niceToHave: SkillCoverage;
    /** Months of experience in this occupation that is current or ended at most two half-lives ago. */
    recentExperienceMonths: number;
    /** The same for other occupations of its BRC 2014 group. */
    relatedExperienceMonths: number;
    distanceKm: number | null;
    demand: DemandFact | null;
  };
}

/**
 * The allow-list from a stored profile (or anything with at least these fields) to what the
 * scorer may see: only the named fields are copied, whatever else the object holds. This is
 * the only way the matching workers build candidate facts.
 */
export function candidateFacts(profile: CandidateFacts): CandidateFacts {
  return {
    skills: [...profile.skills],
    experience: profile.experience.map((e) => ({ title: e.title, occupation: e.occupation, sector: e.sector, start: e.start, end: e.end })),
    geo: profile.geo ? { lat: profile.geo.lat, lng: profile.geo.lng } : null,
    maxTravelKm: profile.maxTravelKm,
    hoursPerWeek: profile.hoursPerWeek,
    availableFrom: profile.availableFrom,
  };
}

/** The allow-list from a stored vacancy to what the scorer uses. */
export function vacancyFacts(vacancy: VacancyFacts): VacancyFacts {
  return {
    occupation: vacancy.occupation,
    sector: vacancy.sector,
    mustHaveSkills: [...vacancy.mustHaveSkills],
    niceToHaveSkills: [...vacancy.niceToHaveSkills],
    geo: vacancy.geo ? { lat: vacancy.geo.lat, lng: vacancy.geo.lng } : null,
    hoursPerWeek: { min: vacancy.hoursPerWeek.min, max: vacancy.hoursPerWeek.max },
    startDate: vacancy.startDate,
  };
}

// ── helpers ───────────────────────────────────────────────────────────────────────────

const DAY_MS = 86_400_000;
const dayIndex = (date: string): number => Math.floor(Date.parse(`${date.slice(0, 10)}T00:00:00Z`) / DAY_MS);
const clamp01 = (x: number): number => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);

/** How much a past job says about this vacancy's occupation: 1 same occupation, 0.8 same BRC group, 0.3 same sector. */
function experienceRelevance(e: ExperienceFact, vacancy: VacancyFacts): number {
  const occupation = occupationOfJob(e);
  if (occupation === vacancy.occupation) return 1;
  if (occupation) {
    const a = occupationById(occupation);
    const b = occupationById(vacancy.occupation);
    if (a && b && a.brc2014.group === b.brc2014.group) return 0.8;
    if (a && a.sector === vacancy.sector) return 0.3;
  }
  if (e.sector === vacancy.sector) return 0.3;
  return 0;
}

/** Great-circle distance in km. */
export function distanceKm(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

// ── components ─────────────────────────────────────────────────────────────────────────

/**
 * What a skill from a completed course counts for: as much as a listed one. The provider
 * taught and assessed it and the person holds the certificate, which says more than an
 * occupation's essential skills inferred from a job title (hence `impliedSkillCredit` there);
 * counting it lower would score someone below the same person who typed the skill in.
 */
export const COURSE_SKILL_CREDIT = 1;

/**
 * Coverage of the vacancy's skills; must-haves weigh `mustHaveWeight` times a nice-to-have.
 * A skill the candidate lists counts fully, one a course they completed taught counts
 * COURSE_SKILL_CREDIT, and one only their recent work experience implies (see
 * `experienceSkills`) counts `impliedSkillCredit`; each skill once, by its best source.
 * Nothing asked → 1.
 */
export function skillsComponent(candidate: CandidateFacts, vacancy: VacancyFacts, today: string, options: ScoreOptions) {
  const listed = new Set(candidate.skills.map(skillKey));
  const taught = new Set((candidate.courseSkills ?? []).map(skillKey));
  const implied = experienceSkills(candidate, today);
  const mustKeys = new Set(vacancy.mustHaveSkills.map(skillKey));
  // A skill listed as both counts once, as a must-have.
  const niceKeys = new Set(vacancy.niceToHaveSkills.map(skillKey).filter((k) => !mustKeys.has(k)));
  const cover = (keys: Set<string>) => {
    const viaListed = [...keys].filter((k) => listed.has(k)).length;
    const viaCourse = [...keys].filter((k) => !listed.has(k) && taught.has(k)).length;
    const viaExperience = [...keys].filter((k) => !listed.has(k) && !taught.has(k) && implied.has(k)).length;
    const coverage: SkillCoverage = { matched: viaListed + viaCourse + viaExperience, total: keys.size, fromExperience: viaExperience, ...(viaCourse > 0 ? { fromCourse: viaCourse } : {}) };
    return { coverage, credit: viaListed + COURSE_SKILL_CREDIT * viaCourse + options.impliedSkillCredit * viaExperience };
  };
  const must = cover(mustKeys);
  const nice = cover(niceKeys);
  const denominator = options.mustHaveWeight * mustKeys.size + niceKeys.size;
  const value = denominator === 0 ? 1 : (options.mustHaveWeight * must.credit + nice.credit) / denominator;
  return { value, mustHave: must.coverage, niceToHave: nice.coverage };
}

/** Most a candidate with experience only elsewhere in the vacancy's sector can reach on this component. */
const SECTOR_ONLY_CAP = 0.3;

/**
 * Relevant experience weighted by duration and decayed by the time since it ended:
 * Σ relevance · months · ½^(monthsSinceEnd / halfLife), current jobs undecayed, mapped to
 * [0, 1) by 1 − e^(−x / scale). Experience in the occupation (or its BRC group) counts fully;
 * experience elsewhere in the sector can add at most SECTOR_ONLY_CAP of what is left, so years
 * in a neighbouring job never outweigh a shorter spell in the job itself. Ending later,
 * lasting longer or being more relevant never lowers it.
 */
export function recentExperienceComponent(candidate: CandidateFacts, vacancy: VacancyFacts, today: string, options: ScoreOptions) {
  const now = monthIndex(today);
  let occupationEffective = 0;
  let sectorEffective = 0;
  let sameMonths = 0;
  let relatedMonths = 0;
  for (const e of candidate.experience) {
    const w = experienceRelevance(e, vacancy);
    if (w === 0) continue;
    const start = monthIndex(e.start);
    const end = e.end === null ? now : Math.min(now, monthIndex(e.end));
    const months = Math.max(0, end - start + 1);
    const since = e.end === null ? 0 : Math.max(0, now - end);
    const decayed = months * 0.5 ** (since / options.experienceHalfLifeMonths);
    if (w >= 0.8) occupationEffective += w * decayed;
    else sectorEffective += decayed;
    if (since <= 2 * options.experienceHalfLifeMonths) {
      if (w === 1) sameMonths += months;
      else if (w >= 0.8) relatedMonths += months;
    }
  }
  const occupationPart = 1 - Math.exp(-occupationEffective / options.experienceScaleMonths);
  const sectorPart = 1 - Math.exp(-sectorEffective / options.experienceScaleMonths);
  return { value: occupationPart + (1 - occupationPart) * SECTOR_ONLY_CAP * sectorPart, recentMonths: sameMonths, relatedMonths };
}

/** Tension t (vacancies per short-term WW recipient) → t / (1 + t): 0.2 zeer ruim … 0.8 at zeer krap's threshold. No data → 0.5. */
export function sectorDemandComponent(demand: DemandFact | null): number {
  if (!demand) return 0.5;
  const t = Math.max(0, demand.tension);
  return t / (1 + t);
}

/** 1 within the jobseeker's travel distance, halving every `distanceHalfKm` beyond; unknown location 0.5. */
export function distanceComponent(candidate: CandidateFacts, vacancy: VacancyFacts, options: ScoreOptions) {
  if (!candidate.geo || !vacancy.geo) return { value: 0.5, km: null };
  const km = distanceKm(candidate.geo, vacancy.geo);
  const beyond = Math.max(0, km - candidate.maxTravelKm);
  return { value: 0.5 ** (beyond / options.distanceHalfKm), km };
}

/** Mean of hours fit (1 inside the range, proportional outside) and start fit (halving per `startHalfDays` late). */
export function availabilityComponent(candidate: CandidateFacts, vacancy: VacancyFacts, today: string, options: ScoreOptions): number {
  const h = candidate.hoursPerWeek;
  const { min, max } = vacancy.hoursPerWeek;
  const hours = h < min ? h / min : h > max ? max / h : 1;
  const start = Math.max(dayIndex(today), vacancy.startDate ? dayIndex(vacancy.startDate) : 0);
  const late = Math.max(0, dayIndex(candidate.availableFrom) - start);
  return (hours + 0.5 ** (late / options.startHalfDays)) / 2;
}

// ── the score ──────────────────────────────────────────────────────────────────────────

function duration(months: number): string {
  if (months < 12) return `${months} ${months === 1 ? 'maand' : 'maanden'}`;
  const years = Math.round(months / 12);
  return `${years} jaar`;
}

function demandPhrase(demand: DemandFact | null): string {
  if (!demand) return 'geen gegevens over de arbeidsmarkt';
  const where = demand.scope.startsWith('national') ? 'landelijk' : `in ${demand.regionName}`;
  return `sector ${demand.label} ${where} (bron: ${demand.source}, ${demand.quarter})`;
}

/**
 * "heeft 3 van 3 vereiste vaardigheden (2 uit opleiding, 1 uit werkervaring)": says when a
 * completed course or experience, not the profile, supplied some.
 */
function skillsPhrase(coverage: SkillCoverage, kind: 'vereiste' | 'gewenste'): string {
  const sources = [
    ...(coverage.fromCourse ? [`${coverage.fromCourse} uit opleiding`] : []),
    ...(coverage.fromExperience > 0 ? [`${coverage.fromExperience} uit werkervaring`] : []),
  ];
  return `heeft ${coverage.matched} van ${coverage.total} ${kind} vaardigheden${sources.length ? ` (${sources.join(', ')})` : ''}`;
}

/**
 * Score one (candidate, vacancy) pair. Pure: the same input, weights and options always give
 * the same result, and nothing outside the arguments is read (the taxonomy is fixed data).
 */
export function scoreMatch(input: ScoreInput, weights: Weights, options: ScoreOptions): ScoreResult {
  const { candidate, vacancy, demand, today } = input;
  const skills = skillsComponent(candidate, vacancy, today, options);
  const experience = recentExperienceComponent(candidate, vacancy, today, options);
  const distance = distanceComponent(candidate, vacancy, options);
  const components: Record<Component, number> = {
    relevance: clamp01(input.relevance),
    skills: clamp01(skills.value),
    recentExperience: clamp01(experience.value),
    sectorDemand: clamp01(sectorDemandComponent(demand)),
    distance: clamp01(distance.value),
    availability: clamp01(availabilityComponent(candidate, vacancy, today, options)),
  };
  let total = 0;
  for (const c of COMPONENTS) total += weights[c] * components[c];

  const parts: string[] = [];
  if (skills.mustHave.total > 0) parts.push(skillsPhrase(skills.mustHave, 'vereiste'));
  else if (skills.niceToHave.total > 0) parts.push(skillsPhrase(skills.niceToHave, 'gewenste'));
  else parts.push('geen vaardigheden gevraagd');
  if (experience.recentMonths > 0) parts.push(`${duration(experience.recentMonths)} recente ervaring als ${occupationLabel(vacancy.occupation)}`);
  else if (experience.relatedMonths > 0) parts.push(`${duration(experience.relatedMonths)} recente ervaring in een verwant beroep (${occupationGroupLabel(vacancy.occupation)})`);
  else if (components.recentExperience > 0) parts.push(`ervaring in ${sectorLabel(vacancy.sector)}`);
  else parts.push(`geen ervaring als ${occupationLabel(vacancy.occupation)}`);
  parts.push(demandPhrase(demand));
  if (distance.km !== null) {
    const km = Math.round(distance.km);
    parts.push(distance.km <= candidate.maxTravelKm ? `${km} km reizen (binnen de reisafstand)` : `${km} km reizen (${Math.round(distance.km - candidate.maxTravelKm)} km verder dan de reisafstand)`);
  }
  const line = parts.join(', ');
  return {
    total,
    components,
    weights: { ...weights },
    reason: line.charAt(0).toUpperCase() + line.slice(1),
    facts: { mustHave: skills.mustHave, niceToHave: skills.niceToHave, recentExperienceMonths: experience.recentMonths, relatedExperienceMonths: experience.relatedMonths, distanceKm: distance.km, demand },
  };
}
