/**
 * Retraining pathways: the shortage occupations (krap or zeer krap in the person's
 * arbeidsmarktregio, per the sector-demand table) a jobseeker can reach, each with the skill
 * gap, the courses that close it, and the one step that would open the most vacancies.
 *
 * **Ranking**: `0.6 · transfer + 0.4 · demand`, where transfer is the share of the
 * occupation's skills the person already has (essential skills count double) and demand is
 * the scorer's t / (1 + t) of the tension. **Reachable** means courses available in the person's
 * region (or nationwide) together teach every essential skill they lack.
 *
 * At most three pathways per sector are shown, so that the list shows the breadth of options.
 *
 * **Passende vacature** (for "what one step would change"): an open vacancy in the
 * occupation, in the person's region or within their travel distance, whose must-have
 * skills the person has.
 */
import { z } from 'zod';
import type { Deps } from '../deps.js';
import type { Stored } from '../ports/store.js';
import type { ProfileDoc } from '../domain/profiles.js';
import { vacancies, type VacancyDoc } from '../domain/vacancies.js';
import { loadDemandIndex, type DemandFact, type DemandIndex } from '../demand/index.js';
import { distanceKm, sectorDemandComponent } from '../matching/score.js';
import { loadTaxonomy, occupationById, skillById, type Occupation } from '../taxonomy/index.js';
import { allCourses, coursesAvailableIn, nextStart, type CourseDoc } from '../training/index.js';
import { completedCourses } from '../programmes/index.js';
import { coverGap, type CoverPlan } from './cover.js';
import { personSkills, recentOccupations, skillKey, skillLabel, type SkillSource } from './skills.js';

export { coverGap } from './cover.js';
export { personSkills, skillKey, skillLabel } from './skills.js';

/** Tension labels that make an occupation a shortage occupation. */
export const TIGHT_LABELS: ReadonlySet<string> = new Set(['krap', 'zeer krap']);
/** More essential gap skills than this is a new career, not a pathway. */
export const MAX_GAP = 6;
const DEFAULT_LIMIT = 10;
const PER_SECTOR = 3;

const SkillRef = z.object({ id: z.string(), name: z.string() });
const PlanView = z.object({
  courseIds: z.array(z.string()),
  totalCostEur: z.number(),
  totalWeeks: z.number().describe('courses followed one after the other'),
  uncovered: z.array(SkillRef).describe('gap skills no available course teaches'),
});

export const PathwayCourse = z.object({
  id: z.string(),
  title: z.string(),
  provider: z.string(),
  costEur: z.number(),
  durationWeeks: z.number(),
  format: z.string(),
  nextStart: z.string().nullable(),
  demo: z.boolean(),
  covers: z.array(SkillRef).describe('the gap skills this course teaches'),
});
export type PathwayCourse = z.infer<typeof PathwayCourse>;

export const OneStep = z.object({
  kind: z.enum(['course', 'skill']),
  courseId: z.string().nullable(),
  skills: z.array(SkillRef),
  from: z.number().describe('passende vacatures now'),
  to: z.number().describe('passende vacatures after this step'),
  text: z.string().describe('e.g. "Met VCA-basis: van 3 naar 17 passende vacatures"'),
});
export type OneStep = z.infer<typeof OneStep>;

export const Pathway = z.object({
  occupation: z.object({ id: z.string(), name: z.string(), sector: z.string(), brc2014: z.string() }),
  demand: z.object({ label: z.string(), tension: z.number(), region: z.string(), regionName: z.string(), quarter: z.string(), source: z.string() }),
  score: z.number(),
  transfer: z.number().describe('share of the occupation’s skills the person has, essential ones double'),
  have: z.array(SkillRef).describe('the occupation’s skills the person already has'),
  gap: z.array(SkillRef).describe('essential skills the person lacks'),
  courses: z.array(PathwayCourse),
  plans: z.object({ cheapest: PlanView, shortest: PlanView }),
  vacancies: z.object({ passend: z.number(), total: z.number() }),
  oneStep: OneStep.nullable(),
});
export type Pathway = z.infer<typeof Pathway>;

export const PathwayReport = z.object({
  profileId: z.string(),
  region: z.string().nullable(),
  skills: z.array(SkillRef).describe('what the person brings: profile skills, those of courses they completed on a voucher, and those of recent jobs'),
  pathways: z.array(Pathway),
});
export type PathwayReport = z.infer<typeof PathwayReport>;

export interface PathwayOptions {
  /** Skills from a self-assessment, added to the profile's. */
  extraSkills?: readonly string[];
  /** Sectors the person is drawn to (a Loopbaan-APK's interests): a small ranking bonus. */
  preferSectors?: readonly string[];
  /** Leave out pathways whose shortest plan takes longer. */
  maxWeeks?: number;
  limit?: number;
}

const ref = (key: string) => ({ id: key, name: skillLabel(key) });
const round = (x: number): number => Math.round(x * 1000) / 1000;

/** Transferable share of an occupation's skills: (2·essential had + optional had) / (2·essential + optional). */
export function transferScore(occupation: Pick<Occupation, 'essentialSkills' | 'optionalSkills'>, have: ReadonlySet<string>): number {
  const e = occupation.essentialSkills.filter((s) => have.has(s)).length;
  const o = occupation.optionalSkills.filter((s) => have.has(s)).length;
  const total = 2 * occupation.essentialSkills.length + occupation.optionalSkills.length;
  return total === 0 ? 0 : (2 * e + o) / total;
}

/** The demand row for an occupation in a region, as the matching scorer looks it up. */
export function demandOfOccupation(index: DemandIndex, occupation: Occupation, region: string | null): DemandFact | null {
  return index.lookup({ occupationGroup: occupation.brc2014.group, sector: occupation.sector, region });
}

/** Shortage occupations of a region: krap or zeer krap per the demand table. */
export function tightOccupations(index: DemandIndex, region: string | null): Array<{ occupation: Occupation; demand: DemandFact }> {
  return loadTaxonomy()
    .occupations.map((occupation) => ({ occupation, demand: demandOfOccupation(index, occupation, region) }))
    .filter((x): x is { occupation: Occupation; demand: DemandFact } => !!x.demand && TIGHT_LABELS.has(x.demand.label));
}

/** Must-have skill keys of a vacancy (memoised per document object). */
const mustKeysOf = new WeakMap<object, string[]>();
function mustKeys(v: Pick<VacancyDoc, 'mustHaveSkills'>): string[] {
  let keys = mustKeysOf.get(v);
  if (!keys) mustKeysOf.set(v, (keys = [...new Set(v.mustHaveSkills.map(skillKey))]));
  return keys;
}

/** True when `have` holds every must-have skill of the vacancy. */
export const fitsMustHaves = (v: Pick<VacancyDoc, 'mustHaveSkills'>, have: ReadonlySet<string>): boolean => mustKeys(v).every((k) => have.has(k));

/** Open vacancies in an occupation that a person could travel to (same region, or within travel distance). */
export async function reachableVacancies(deps: Pick<Deps, 'store'>, occupationId: string, person: Pick<ProfileDoc, 'region' | 'geo' | 'maxTravelKm'>): Promise<Stored<VacancyDoc>[]> {
  const open = await vacancies(deps.store).find({ status: 'open', occupation: occupationId });
  return open.filter((v) => (person.region !== null && v.region === person.region) || (person.geo && v.geo && distanceKm(person.geo, v.geo) <= person.maxTravelKm));
}

/**
 * The single step (one gap skill, or one course) that makes the most of these vacancies fit.
 * Null when no step adds any.
 */
export function bestOneStep(list: readonly Pick<VacancyDoc, 'mustHaveSkills'>[], have: ReadonlySet<string>, gap: readonly string[], candidates: readonly Stored<CourseDoc>[]): OneStep | null {
  const from = list.filter((v) => fitsMustHaves(v, have)).length;
  const count = (added: readonly string[]) => {
    const next = new Set([...have, ...added]);
    return list.filter((v) => fitsMustHaves(v, next)).length;
  };
  // Skills the vacancies ask for that the person lacks, gap skills first: a skill is a step when a course teaches it.
  const asked = [...new Set([...gap, ...list.flatMap(mustKeys)])].filter((k) => !have.has(k) && candidates.some((c) => c.skillsTaught.includes(k)));
  let best: OneStep | null = null;
  for (const key of asked) {
    const to = count([key]);
    if (to > from && (!best || to > best.to)) best = { kind: 'skill', courseId: null, skills: [ref(key)], from, to, text: `Met ${skillLabel(key)}: van ${from} naar ${to} passende vacatures` };
  }
  for (const course of [...candidates].sort((a, b) => a.costEur - b.costEur)) {
    const taught = course.skillsTaught.filter((s) => !have.has(s));
    if (taught.length <= 1) continue; // a one-skill course is the skill step above
    const to = count(taught);
    if (to > from && (!best || to > best.to)) best = { kind: 'course', courseId: course.id, skills: taught.map(ref), from, to, text: `Met de opleiding ${course.title}: van ${from} naar ${to} passende vacatures` };
  }
  return best;
}

function planView(plan: CoverPlan): z.infer<typeof PlanView> {
  return { ...plan, uncovered: plan.uncovered.map(ref) };
}

/**
 * Pathways for a person (a stored profile, optionally with self-assessed skills and
 * preferences), best first. Reads the demand table, the catalogue, open vacancies and the
 * person's completed vouchers (what those courses taught closes the gap, as in matching).
 */
export async function computePathways(deps: Pick<Deps, 'store' | 'clock'>, profile: Stored<ProfileDoc>, options: PathwayOptions = {}): Promise<PathwayReport> {
  const today = deps.clock.now().toISOString().slice(0, 10);
  const completed = await completedCourses(deps, { profileId: profile.id });
  const source: SkillSource = { ...profile, courseSkills: completed.flatMap((c) => c.skillsTaught) };
  const have = personSkills(source, today, options.extraSkills ?? []);
  const current = new Set([...recentOccupations(source, today), ...profile.experience.filter((e) => e.end === null).map((e) => e.occupation ?? '')]);
  const index = await loadDemandIndex(deps);
  const catalogue = coursesAvailableIn(await allCourses(deps), profile.region);
  const prefer = new Set(options.preferSectors ?? []);

  const candidates: Array<Omit<Pathway, 'vacancies' | 'oneStep'> & { gapKeys: string[]; relevant: Stored<CourseDoc>[] }> = [];
  for (const { occupation, demand } of tightOccupations(index, profile.region)) {
    if (current.has(occupation.id)) continue;
    const gapKeys = occupation.essentialSkills.filter((s) => !have.has(s));
    if (gapKeys.length === 0 || gapKeys.length > MAX_GAP) continue;
    const transfer = transferScore(occupation, have);
    const relevant = catalogue.filter((c) => c.skillsTaught.some((s) => gapKeys.includes(s)));
    const cheapest = coverGap(gapKeys, relevant, 'cheapest');
    const shortest = coverGap(gapKeys, relevant, 'shortest');
    if (cheapest.uncovered.length > 0) continue;
    if (options.maxWeeks !== undefined && shortest.totalWeeks > options.maxWeeks) continue;
    const score = 0.6 * transfer + 0.4 * sectorDemandComponent(demand) + (prefer.has(occupation.sector) ? 0.1 : 0);
    candidates.push({
      occupation: { id: occupation.id, name: occupation.name.nl, sector: occupation.sector, brc2014: occupation.brc2014.group },
      demand: { label: demand.label, tension: round(demand.tension), region: demand.region, regionName: demand.regionName, quarter: demand.quarter, source: demand.source },
      score: round(score),
      transfer: round(transfer),
      have: [...occupation.essentialSkills, ...occupation.optionalSkills].filter((s) => have.has(s)).map(ref),
      gap: gapKeys.map(ref),
      courses: relevant
        .map((c) => ({ course: c, covers: c.skillsTaught.filter((s) => gapKeys.includes(s)) }))
        .sort((a, b) => b.covers.length - a.covers.length || a.course.costEur - b.course.costEur)
        // The plans' courses always, then the best of the rest up to eight.
        .filter((x, i, all) => [...cheapest.courseIds, ...shortest.courseIds].includes(x.course.id) || all.slice(0, i).filter((y) => ![...cheapest.courseIds, ...shortest.courseIds].includes(y.course.id)).length < 8)
        .map(({ course: c, covers }) => ({ id: c.id, title: c.title, provider: c.provider, costEur: c.costEur, durationWeeks: c.durationWeeks, format: c.format, nextStart: nextStart(c, today), demo: c.demo, covers: covers.map(ref) })),
      plans: { cheapest: planView(cheapest), shortest: planView(shortest) },
      gapKeys,
      relevant,
    });
  }
  candidates.sort((a, b) => b.score - a.score || a.plans.cheapest.totalCostEur - b.plans.cheapest.totalCostEur || a.occupation.id.localeCompare(b.occupation.id));
  // At most PER_SECTOR per sector: ten variations on nursing hide that technology is reachable too.
  const perSector = new Map<string, number>();
  const top = candidates
    .filter((c) => {
      const n = perSector.get(c.occupation.sector) ?? 0;
      perSector.set(c.occupation.sector, n + 1);
      return n < PER_SECTOR;
    })
    .slice(0, options.limit ?? DEFAULT_LIMIT);
  const pathways: Pathway[] = [];
  for (const { gapKeys, relevant, ...p } of top) {
    const list = await reachableVacancies(deps, p.occupation.id, profile);
    pathways.push({ ...p, vacancies: { passend: list.filter((v) => fitsMustHaves(v, have)).length, total: list.length }, oneStep: bestOneStep(list, have, gapKeys, relevant) });
  }
  return { profileId: profile.id, region: profile.region, skills: [...have].map(ref), pathways };
}

/** A short Dutch name for an occupation id (for texts). */
export const occupationName = (id: string): string => occupationById(id)?.name.nl ?? id;
/** A short Dutch name for a skill id. */
export const skillName = (id: string): string => skillById(id)?.name.nl ?? id;
