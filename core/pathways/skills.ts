/**
 * What a person can do, as one set of skill keys: the skills on their profile plus the
 * essential skills of occupations they held recently (a cashier of three years has
 * "klantgerichtheid" and "kassa" whether or not they typed them). Keys are taxonomy ids when
 * a term is known, so synonyms meet; other free text is kept as `text:<normalised>` so that
 * a vacancy asking "teamwerk" still meets a profile saying "teamwerk".
 */
import { loadTaxonomy, normalizeTerm, occupationById, resolveOccupation, resolveSkill, skillById } from '../taxonomy/index.js';

/** Experience that ended longer ago than this no longer counts as a transferable skill. */
export const RECENT_MONTHS = 60;

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

const monthIndex = (ym: string): number => Number(ym.slice(0, 4)) * 12 + Number(ym.slice(5, 7)) - 1;

export interface SkillSource {
  skills: readonly string[];
  experience: ReadonlyArray<{ title: string; occupation?: string | undefined; start: string; end: string | null }>;
}

/** Occupations held now or within RECENT_MONTHS before `today` (`YYYY-MM-DD`). */
export function recentOccupations(source: SkillSource, today: string): string[] {
  const now = monthIndex(today.slice(0, 7));
  const ids = source.experience
    .filter((e) => e.end === null || now - monthIndex(e.end) <= RECENT_MONTHS)
    .map((e) => e.occupation ?? resolveOccupation(e.title))
    .filter((o): o is string => !!o && !!occupationById(o));
  return [...new Set(ids)];
}

/** The person's skill keys: typed skills plus the essential skills of recent occupations. */
export function personSkills(source: SkillSource, today: string, extra: readonly string[] = []): Set<string> {
  const set = new Set([...source.skills, ...extra].map(skillKey));
  for (const o of recentOccupations(source, today)) for (const s of occupationById(o)!.essentialSkills) set.add(s);
  return set;
}

/** Every occupation of the taxonomy (re-exported for callers that iterate over it). */
export const allOccupations = () => loadTaxonomy().occupations;
