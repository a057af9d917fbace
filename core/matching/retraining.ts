/**
 * Matching knows about retraining (issue 7):
 *
 * - **Opgeleid**: the skills a course taught count as the person's own once the voucher is
 *   completed (spent), in matching as in pathways; the reason says "(n uit opleiding)".
 * - **In omscholing**: a person with an approved voucher whose course is not yet completed is
 *   matched to vacancies in the course's target occupations on the skills they will have when
 *   it ends (profile skills plus the skills the course teaches), and the match says so.
 * - **Kandidaat + gefinancierde opleiding**: for a vacancy in a shortage occupation (krap or
 *   zeer krap), a person whose missing must-have skills one course closes, where that course
 *   is fundable today by an open programme (sector eligible, within the per-participant
 *   maximum, places and budget left, the person's region), is shown with that course.
 *
 * Privacy: this module reads pathways (`activePathways`, which carries no income) and the
 * programmes' rules and ledgers. It never reads an income band, so no match can reveal one.
 * Whether the person's income fits the programme is checked when they apply, not here.
 */
import { z } from 'zod';
import type { DemandFact } from '../demand/index.js';
import type { ActivePathway, CompletedCourse, OpenProgramme } from '../programmes/index.js';
import { limitBreach } from '../programmes/ledger.js';
import { TIGHT_LABELS } from '../pathways/index.js';
import { personSkills, skillKey, type SkillSource } from '../pathways/skills.js';
import { nextStart, sectorsOfCourse, type CourseDoc } from '../training/index.js';

export const RetrainingFlag = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('in-training'),
    courseId: z.string(),
    courseTitle: z.string(),
    endsOn: z.string().describe('the course end date (YYYY-MM-DD): the skills are scored as of then'),
  }),
  z.object({
    kind: z.literal('funded-course'),
    courseId: z.string(),
    courseTitle: z.string(),
    durationWeeks: z.number(),
    programmeId: z.string(),
  }),
]);
export type RetrainingFlag = z.infer<typeof RetrainingFlag>;

/** The catalogue fields a funded-course check needs. */
export type FundableCourse = Pick<CourseDoc, 'title' | 'skillsTaught' | 'targetOccupations' | 'costEur' | 'durationWeeks' | 'regions' | 'startDates'> & { id: string };

/**
 * What is known about the candidate: their skills (listed, from completed courses and from
 * experience), region, (for the ledger) profile id, and the courses they already completed.
 */
export interface RetrainingCandidate extends SkillSource {
  id: string;
  region: string | null;
  /** Never proposed again, even if the catalogue's version of the course now teaches more than it did. */
  completedCourseIds?: readonly string[] | undefined;
}

/** The vacancy fields that matter here. */
export interface RetrainingVacancy {
  occupation: string;
  mustHaveSkills: readonly string[];
}

/**
 * The pathway a person is "in omscholing" on toward this occupation: of their approved
 * pathways leading there, the one that ends first (they are ready soonest). Null when none.
 */
export function pathwayToward(pathways: readonly ActivePathway[], occupation: string): ActivePathway | null {
  const leading = pathways.filter((p) => p.targetOccupations.includes(occupation));
  leading.sort((a, b) => (a.endDate === b.endDate ? (a.courseId < b.courseId ? -1 : 1) : a.endDate < b.endDate ? -1 : 1));
  return leading[0] ?? null;
}

/** The person as they will be when the course ends: their skills plus what it teaches. */
export function withCourseSkills<P extends { skills: readonly string[] }>(person: P, pathway: Pick<ActivePathway, 'skillsTaught'>): P {
  return { ...person, skills: [...new Set([...person.skills, ...pathway.skillsTaught])] };
}

/**
 * The person with what the courses they completed taught (`completedCourses`): derived for
 * this scoring, never written to the profile, which stays the person's to edit.
 */
export function withCompletedCourses<P extends { skills: readonly string[] }>(
  person: P,
  completed: readonly Pick<CompletedCourse, 'courseId' | 'skillsTaught'>[],
): P & { courseSkills: string[]; completedCourseIds: string[] } {
  return { ...person, courseSkills: [...new Set(completed.flatMap((c) => c.skillsTaught))], completedCourseIds: completed.map((c) => c.courseId) };
}

export const inTrainingFlag = (pathway: ActivePathway): RetrainingFlag => ({ kind: 'in-training', courseId: pathway.courseId, courseTitle: pathway.courseTitle, endsOn: pathway.endDate });

export const isTight = (demand: DemandFact | null): boolean => !!demand && TIGHT_LABELS.has(demand.label);

/** Must-have skill keys of the vacancy the candidate lacks on `today` (the scorer's notion of "has": listed, taught by a completed course, or implied by recent experience). */
export function missingMustHaves(candidate: SkillSource, vacancy: Pick<RetrainingVacancy, 'mustHaveSkills'>, today: string): string[] {
  const have = personSkills(candidate, today);
  return [...new Set(vacancy.mustHaveSkills.map(skillKey))].filter((k) => !have.has(k));
}

const servesRegion = (regions: readonly string[], region: string | null): boolean => regions.length === 0 || (region !== null && regions.includes(region));

/**
 * Whether a programme could pay for this course for this person today: the person lives in
 * its regions, the course leads into an eligible sector (as a voucher application checks),
 * costs no more than the per-participant maximum, and the ledger has a place, budget and room
 * under the person's own maximum.
 */
export function canFund(programme: OpenProgramme, course: FundableCourse, candidate: Pick<RetrainingCandidate, 'id' | 'region'>): boolean {
  return (
    servesRegion(programme.regions, candidate.region) &&
    (programme.eligibleSectors.length === 0 || sectorsOfCourse(course).some((s) => programme.eligibleSectors.includes(s))) &&
    course.costEur <= programme.maxPerParticipantEur &&
    limitBreach(programme.ledger, candidate.id, course.costEur) === null
  );
}

/**
 * The funded course that would close this candidate's gap for the vacancy: one course,
 * given in their region with a coming start date, teaching every missing must-have skill,
 * fundable by an open programme, and not one they completed already. Shortest first, then
 * cheapest, then by id. Null when the vacancy is not in a shortage occupation, nothing is
 * missing (skills from completed courses included), or no course qualifies.
 */
export function fundedCourseFor(
  options: { programmes: readonly OpenProgramme[]; courses: readonly FundableCourse[]; today: string },
  candidate: RetrainingCandidate,
  vacancy: RetrainingVacancy,
  demand: DemandFact | null,
): RetrainingFlag | null {
  if (!isTight(demand) || options.programmes.length === 0) return null;
  const missing = missingMustHaves(candidate, vacancy, options.today);
  if (missing.length === 0) return null;
  let best: { course: FundableCourse; programme: OpenProgramme } | null = null;
  for (const course of options.courses) {
    if (!missing.every((k) => course.skillsTaught.includes(k)) || candidate.completedCourseIds?.includes(course.id)) continue;
    if (!servesRegion(course.regions, candidate.region) || nextStart(course, options.today) === null) continue;
    if (best && !isBetter(course, best.course)) continue;
    const programme = options.programmes.find((p) => canFund(p, course, candidate));
    if (programme) best = { course, programme };
  }
  return best && { kind: 'funded-course', courseId: best.course.id, courseTitle: best.course.title, durationWeeks: best.course.durationWeeks, programmeId: best.programme.id };
}

const isBetter = (a: FundableCourse, b: FundableCourse): boolean =>
  a.durationWeeks !== b.durationWeeks ? a.durationWeeks < b.durationWeeks : a.costEur !== b.costEur ? a.costEur < b.costEur : a.id < b.id;

const MONTH_YEAR = new Intl.DateTimeFormat('nl-NL', { month: 'long', year: 'numeric', timeZone: 'UTC' });

/** "mei 2099" for 2099-05-10. */
export const monthYear = (date: string): string => MONTH_YEAR.format(new Date(`${date.slice(0, 10)}T00:00:00Z`));

const weeks = (n: number): string => `${n} ${n === 1 ? 'week' : 'weken'}`;

/** The flag as a recruiter reads it, in Dutch. */
export function retrainingLabel(flag: RetrainingFlag): string {
  return flag.kind === 'in-training'
    ? `in omscholing: ${flag.courseTitle}, klaar ${monthYear(flag.endsOn)}`
    : `kandidaat + gefinancierde opleiding: ${flag.courseTitle} (${weeks(flag.durationWeeks)})`;
}

/** The score's reason led by the flag: "In omscholing: Basiszorg, klaar mei 2099; heeft 3 van 3 …". */
export function reasonWithFlag(reason: string, flag: RetrainingFlag | null): string {
  if (!flag) return reason;
  const label = retrainingLabel(flag);
  return `${label.charAt(0).toUpperCase()}${label.slice(1)}; ${reason.charAt(0).toLowerCase()}${reason.slice(1)}`;
}

/** Two flags say the same (either may be absent; stored key order is not relied on). */
export function sameFlag(a: RetrainingFlag | null | undefined, b: RetrainingFlag | null | undefined): boolean {
  const canonical = (f: RetrainingFlag | null | undefined) => (f ? JSON.stringify(Object.entries(f).sort(([x], [y]) => (x < y ? -1 : 1))) : 'none');
  return canonical(a) === canonical(b);
}
