/**
 * What goes into the search indexes. Candidate documents are anonymised by construction:
 * they are built from an allow-list of profile fields and never carry contact details, so
 * neither search hits nor the index itself can leak a name, e-mail or phone number.
 */
import type { Stored } from '../ports/store.js';
import type { IndexSettings } from '../ports/search.js';
import type { ProfileDoc } from '../domain/profiles.js';
import type { VacancyDoc } from '../domain/vacancies.js';
import { isStale, staleAt } from '../domain/freshness.js';
import { occupationById, resolveSkill, skillById } from '../taxonomy/index.js';

export const CANDIDATES_INDEX = 'candidates';
export const VACANCIES_INDEX = 'vacancies';

/**
 * Dutch (and a few English) function words that carry no meaning in a job search. Kept
 * short on purpose: a stop word is dropped from documents too, so nothing here may be a
 * word someone searches for (no "uur", "zorg", "it", "b" as in rijbewijs B).
 */
export const DUTCH_STOP_WORDS = [
  'de', 'het', 'een', 'en', 'of', 'in', 'op', 'aan', 'met', 'voor', 'van', 'te', 'bij', 'naar', 'om', 'als', 'die', 'dat', 'er', 'is',
  'zijn', 'ook', 'tot', 'uit', 'over', 'door', 'je', 'jij', 'wij', 'we', 'ik', 'ons', 'onze', 'jouw', 'zich', 'dit', 'deze', 'wat',
  'wie', 'waar', 'hoe', 'maar', 'dan', 'nog', 'al', 'wel', 'niet', 'geen', 'heb', 'hebt', 'heeft', 'wordt', 'worden', 'was',
  'the', 'and', 'or', 'a', 'an', 'to', 'for', 'with',
];

export interface CandidateDocument {
  id: string;
  /** Taxonomy occupation ids (desired first, then from experience): for filters and facets. */
  occupations: string[];
  /** The same occupations as people name them (taxonomy Dutch names): what free text finds. */
  occupationNames: string[];
  titles: string[];
  skills: string[];
  /** Skill names from the taxonomy (free-text skills as typed). */
  skillNames: string[];
  sectors: string[];
  experienceText: string;
  education: string[];
  place: string;
  region: string | null;
  languages: string[];
  hoursPerWeek: number;
  /** Days since the epoch, so range filters work on numbers. */
  availableFromDay: number;
  drivingLicence: boolean;
  /** Months of experience in total, for sorting and display. */
  experienceMonths: number;
  /**
   * Epoch ms after which the profile is stale. A profile goes stale without being written,
   * so the watermark never revisits it: searches filter on this, and the indexer sweeps
   * expired documents out (indexer/sync.ts).
   */
  freshUntil: number;
  updatedAt: string;
  _geo?: { lat: number; lng: number };
}

export interface VacancyDocument {
  id: string;
  title: string;
  occupation: string;
  occupationName: string;
  sector: string;
  skills: string[];
  skillNames: string[];
  mustHaveSkills: string[];
  /** A driving licence is among the must-haves. */
  drivingLicenceRequired: boolean;
  /** Language codes the vacancy asks for (from language skills such as `taal-nl-b1`). */
  languages: string[];
  description: string;
  place: string;
  region: string | null;
  organisationId: string;
  hoursMin: number;
  hoursMax: number;
  startDay: number | null;
  publishedAt: string | null;
  _geo?: { lat: number; lng: number };
}

const DAY_MS = 86_400_000;
const toDay = (iso: string): number => Math.floor(Date.parse(iso) / DAY_MS);

function monthsBetween(start: string, end: string | null, now: Date): number {
  const [sy, sm] = start.split('-').map(Number) as [number, number];
  const [ey, em] = end ? (end.split('-').map(Number) as [number, number]) : [now.getUTCFullYear(), now.getUTCMonth() + 1];
  return Math.max(0, (ey - sy) * 12 + (em - sm) + 1);
}

const unique = (values: Array<string | undefined>): string[] => [...new Set(values.filter((v): v is string => !!v))];

/** Taxonomy names for ids; a value that is no taxonomy id (free text typed by a user) is kept as it is. */
const occupationNamesOf = (ids: string[]): string[] => unique(ids.map((id) => occupationById(id)?.name.nl ?? id));
/** Skills are free text in profiles and vacancies; what the taxonomy knows becomes its id, so filters and facets agree. */
const skillIdsOf = (skills: string[]): string[] => unique(skills.map((s) => resolveSkill(s) ?? s));
const skillNamesOf = (ids: string[]): string[] => unique(ids.map((id) => skillById(id)?.name.nl ?? id));
const languageOf = (skill: string): string | undefined =>
  skillById(skill)?.kind === 'language' ? (/^taal-([a-z]{2,3})\b/.exec(skill)?.[1] ?? skill) : undefined;

/** The searchable form of a profile, or null when it must not be found (hidden or stale). */
export function toCandidateDocument(profile: Stored<ProfileDoc>, now: Date): CandidateDocument | null {
  if (profile.visibility !== 'anonymous' || isStale(profile, now)) return null;
  const occupations = unique([...profile.desiredOccupations, ...profile.experience.map((e) => e.occupation)]);
  return {
    id: profile.id,
    occupations,
    occupationNames: occupationNamesOf(occupations),
    titles: unique(profile.experience.map((e) => e.title)),
    skills: skillIdsOf(profile.skills),
    skillNames: skillNamesOf(skillIdsOf(profile.skills)),
    sectors: unique([...profile.desiredSectors, ...profile.experience.map((e) => e.sector)]),
    experienceText: profile.experience.map((e) => [e.title, e.description].filter(Boolean).join(' ')).join(' \n'),
    education: profile.education.map((e) => `${e.level} ${e.field}`),
    place: profile.place,
    region: profile.region,
    languages: profile.languages.map((l) => l.code),
    hoursPerWeek: profile.hoursPerWeek,
    availableFromDay: toDay(profile.availableFrom),
    drivingLicence: profile.drivingLicence,
    experienceMonths: profile.experience.reduce((sum, e) => sum + monthsBetween(e.start, e.end, now), 0),
    freshUntil: Date.parse(staleAt(profile)!),
    updatedAt: profile.updatedAt,
    ...(profile.geo ? { _geo: profile.geo } : {}),
  };
}

/** The searchable form of a vacancy: only open ones are found. */
export function toVacancyDocument(vacancy: Stored<VacancyDoc>): VacancyDocument | null {
  if (vacancy.status !== 'open') return null;
  const mustHaveSkills = skillIdsOf(vacancy.mustHaveSkills);
  const skills = unique([...mustHaveSkills, ...skillIdsOf(vacancy.niceToHaveSkills)]);
  return {
    id: vacancy.id,
    title: vacancy.title,
    occupation: vacancy.occupation,
    occupationName: occupationById(vacancy.occupation)?.name.nl ?? vacancy.occupation,
    sector: vacancy.sector,
    skills,
    skillNames: skillNamesOf(skills),
    mustHaveSkills,
    drivingLicenceRequired: mustHaveSkills.some((s) => s.startsWith('rijbewijs-')),
    languages: unique(skills.map(languageOf)),
    description: vacancy.description,
    place: vacancy.place,
    region: vacancy.region,
    organisationId: vacancy.organisationId,
    hoursMin: vacancy.hoursPerWeek.min,
    hoursMax: vacancy.hoursPerWeek.max,
    startDay: vacancy.startDate ? toDay(vacancy.startDate) : null,
    publishedAt: vacancy.publishedAt,
    ...(vacancy.geo ? { _geo: vacancy.geo } : {}),
  };
}

/**
 * Candidate index settings. Searchable attributes are ranked: what someone *is* (occupation
 * names, job titles) outranks what they can do (skills, education), which outranks where a
 * word merely appears (experience text, place). Ids are filterable, never searched: people
 * type names, and the taxonomy synonyms (`synonyms`, from `synonymGroups()`) map the other
 * names people use (programmeur → Softwareontwikkelaar) onto them in both engines.
 */
export function candidateIndexSettings(synonyms: string[][]): IndexSettings {
  return {
    primaryKey: 'id',
    searchableAttributes: ['occupationNames', 'titles', 'skillNames', 'education', 'experienceText', 'place'],
    filterableAttributes: [
      'sectors', 'occupations', 'region', 'skills', 'hoursPerWeek', 'availableFromDay', 'drivingLicence', 'languages', 'place', 'freshUntil', '_geo',
    ],
    sortableAttributes: ['availableFromDay', 'hoursPerWeek', 'experienceMonths', 'updatedAt', '_geo'],
    synonyms,
    stopWords: DUTCH_STOP_WORDS,
    highlightAttributes: ['occupationNames', 'titles', 'skillNames', 'experienceText'],
  };
}

/** Vacancy index settings, ranked like the candidates' (title and occupation before skills and description). */
export function vacancyIndexSettings(synonyms: string[][]): IndexSettings {
  return {
    primaryKey: 'id',
    searchableAttributes: ['title', 'occupationName', 'skillNames', 'description', 'place'],
    filterableAttributes: [
      'sector', 'occupation', 'region', 'skills', 'mustHaveSkills', 'hoursMin', 'hoursMax', 'startDay', 'organisationId', 'place',
      'drivingLicenceRequired', 'languages', '_geo',
    ],
    sortableAttributes: ['publishedAt', 'startDay', 'hoursMin', 'hoursMax', '_geo'],
    synonyms,
    stopWords: DUTCH_STOP_WORDS,
    highlightAttributes: ['title', 'occupationName', 'skillNames', 'description'],
  };
}
