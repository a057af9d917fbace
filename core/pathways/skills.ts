/**
 * What a person can do, as one set of skill keys: the skills on their profile, the skills of
 * courses they completed on a voucher, and the essential skills of occupations they held
 * recently for long enough (a cashier of three years has "klantgerichtheid" and "kassa"
 * whether or not they typed them). Keys are taxonomy ids when a term is known, so synonyms
 * meet; other free text is kept as `text:<normalised>` so that a vacancy asking "teamwerk"
 * still meets a profile saying "teamwerk".
 *
 * Matching (core/matching/score.ts) and pathways read this one rule, so "has the skill" means
 * the same in a match's reason and in a pathway's gap.
 */
import { loadTaxonomy, normalizeTerm, occupationById, resolveOccupation, resolveSkill, skillById } from '../taxonomy/index.js';

/** Experience that ended longer ago than this no longer counts as a transferable skill. */
export const RECENT_MONTHS = 60;

/**
 * Months in one occupation (its recent spells added up) before its essential skills count as
 * had without being listed. Six months is well past any probation period (two months at most
 * under Dutch law) and long enough to have done the trade's core tasks routinely rather than
 * been shown them; a holiday job or a start that ended in the probation period says too
 * little about what someone can do.
 */
export const IMPLIED_SKILL_MIN_MONTHS = 6;

const keys = new Map<string, string>();
/** The identity of a skill term: its taxonomy id, or its normalised text. */
export function skillKey(term: string): string {
  let key = keys.get(term);
  if (key === undefined) {
    key = resolveSkill(term) ?? `text:${normalizeTerm(term)}`;
    if (keys.size < 50_000) keys.set(term, key);
  }
  return key;
}

/** A skill key as people read it: the Dutch taxonomy name, or the typed text. */
export function skillLabel(key: string): string {
  return key.startsWith('text:') ? key.slice(5) : (skillById(key)?.name.nl ?? key);
}

/** `YYYY-MM` as a month count, so month differences are subtractions. */
export const monthIndex = (ym: string): number => Number(ym.slice(0, 4)) * 12 + Number(ym.slice(5, 7)) - 1;

/** One job as far as skills go. */
export interface HeldJob {
  title: string;
  occupation?: string | undefined;
  start: string;
  end: string | null;
}

export interface SkillSource {
  skills: readonly string[];
  experience: readonly HeldJob[];
  /**
   * Skills taught by courses the person completed on a voucher (`completedCourses`): derived
   * from their vouchers each time, never stored on the profile. Unlike implied skills they
   * have no recency limit: a completed course is a certificate the provider assessed, not an
   * inference from a job title that fades when the job is left.
   */
  courseSkills?: readonly string[] | undefined;
}

const titleOccupations = new Map<string, string | null>();
/** The taxonomy occupation of a job: the one given, else the one its title names (memoised: scorers ask per pair). */
export function occupationOfJob(job: Pick<HeldJob, 'title' | 'occupation'>): string | null {
  if (job.occupation) return job.occupation;
  let id = titleOccupations.get(job.title);
  if (id === undefined) {
    id = resolveOccupation(job.title);
    if (titleOccupations.size < 50_000) titleOccupations.set(job.title, id);
  }
  return id;
}

const isRecent = (job: HeldJob, now: number): boolean => job.end === null || now - monthIndex(job.end) <= RECENT_MONTHS;

/** Occupations held now or within RECENT_MONTHS before `today` (`YYYY-MM-DD`). */
export function recentOccupations(source: Pick<SkillSource, 'experience'>, today: string): string[] {
  const now = monthIndex(today.slice(0, 7));
  const ids = source.experience
    .filter((e) => isRecent(e, now))
    .map(occupationOfJob)
    .filter((o): o is string => !!o && !!occupationById(o));
  return [...new Set(ids)];
}

/**
 * Skill keys a person's work experience implies: the essential skills of every occupation
 * held recently (see RECENT_MONTHS) for IMPLIED_SKILL_MIN_MONTHS or more in total. Months
 * are counted up to `today`; a job that ends later or lasts longer can only add skills.
 */
export function experienceSkills(source: Pick<SkillSource, 'experience'>, today: string): Set<string> {
  const now = monthIndex(today.slice(0, 7));
  const monthsIn = new Map<string, number>();
  for (const e of source.experience) {
    const occupation = occupationOfJob(e);
    if (!occupation || !isRecent(e, now)) continue;
    const end = e.end === null ? now : Math.min(now, monthIndex(e.end));
    monthsIn.set(occupation, (monthsIn.get(occupation) ?? 0) + Math.max(0, end - monthIndex(e.start) + 1));
  }
  const implied = new Set<string>();
  for (const [id, months] of monthsIn) {
    if (months >= IMPLIED_SKILL_MIN_MONTHS) for (const s of occupationById(id)?.essentialSkills ?? []) implied.add(s);
  }
  return implied;
}

/** The person's skill keys: typed skills, those of courses they completed, and those their experience implies. */
export function personSkills(source: SkillSource, today: string, extra: readonly string[] = []): Set<string> {
  const set = new Set([...source.skills, ...(source.courseSkills ?? []), ...extra].map(skillKey));
  for (const s of experienceSkills(source, today)) set.add(s);
  return set;
}

/** Every occupation of the taxonomy (re-exported for callers that iterate over it). */
export const allOccupations = () => loadTaxonomy().occupations;
