/**
 * The training catalogue: courses with provider, target occupations and skills taught (as
 * taxonomy ids, so pathways can compute which course closes which skill gap), cost, duration,
 * format, the arbeidsmarktregio's where they are given and start dates.
 *
 * Admins and intermediaries maintain it; everyone logged in reads it. The demo catalogue in
 * `seeds/training/courses.json` is loaded on start when a course id is missing.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Deps } from '../deps.js';
import { invalid, notFound } from '../errors.js';
import type { Collection, DocumentStore, Filter, Stored } from '../ports/store.js';
import { id, isoDate, longText, text } from '../domain/fields.js';
import { findPage, pageQuery, type Page } from '../domain/pagination.js';
import { arbeidsmarktregios } from '../places/index.js';
import { findRepoPath, occupationById, resolveOccupation, resolveSkill } from '../taxonomy/index.js';

export const CourseFormat = z.enum(['classroom', 'online', 'work-based']);
export type CourseFormat = z.infer<typeof CourseFormat>;

const regionId = z.string().refine((r) => arbeidsmarktregios().some((a) => a.id === r), 'an arbeidsmarktregio id such as rijnmond');

const fields = {
  provider: text(160),
  title: text(200),
  description: longText(2000).optional(),
  /** Occupations (ids, names or synonyms) the course prepares for; stored as taxonomy ids. */
  targetOccupations: z.array(text(120)).min(1).max(20),
  /** Skills (ids, names or synonyms) a graduate has; stored as taxonomy skill ids. */
  skillsTaught: z.array(text(120)).min(1).max(30),
  costEur: z.number().int().min(0).max(100_000),
  durationWeeks: z.number().int().min(1).max(260),
  format: CourseFormat,
  /** Arbeidsmarktregio's where it is given; empty means nationwide (online). */
  regions: z.array(regionId).max(35),
  startDates: z.array(isoDate).max(50),
};

/** The body of `POST /api/v1/courses`. */
export const CourseInput = z.strictObject({ ...fields, regions: fields.regions.default([]), startDates: fields.startDates.default([]) });
export type CourseInput = z.infer<typeof CourseInput>;

/** The body of `PATCH /api/v1/courses/:id`. */
export const CoursePatch = z
  .strictObject(fields)
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'give at least one field to change');
export type CoursePatch = z.infer<typeof CoursePatch>;

export const CourseListQuery = z.strictObject({
  occupation: text(120).optional(),
  skill: text(120).optional(),
  region: regionId.optional(),
  format: CourseFormat.optional(),
  ...pageQuery,
});
export type CourseListQuery = z.infer<typeof CourseListQuery>;

export interface CourseDoc {
  provider: string;
  title: string;
  description?: string | undefined;
  targetOccupations: string[];
  skillsTaught: string[];
  costEur: number;
  durationWeeks: number;
  format: CourseFormat;
  regions: string[];
  startDates: string[];
  /** True for the seeded catalogue: its prices are demo values, never quotes. */
  demo: boolean;
  createdBy: string | null;
}

export const Course = z.object({
  id: z.string(),
  provider: z.string(),
  title: z.string(),
  description: z.string().optional(),
  targetOccupations: z.array(z.string()),
  skillsTaught: z.array(z.string()),
  costEur: z.number(),
  durationWeeks: z.number(),
  format: CourseFormat,
  regions: z.array(z.string()).describe('arbeidsmarktregio ids; empty = nationwide/online'),
  startDates: z.array(z.string()),
  demo: z.boolean().describe('demo catalogue entry: price and dates are illustrative'),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Course = z.infer<typeof Course>;

export const courses = (store: DocumentStore): Collection<CourseDoc> => store.collection<CourseDoc>('courses');

/** The API view. */
export function publicCourse(doc: Stored<CourseDoc>): Course {
  const { version: _v, deletedAt: _d, createdBy: _c, ...rest } = doc;
  return rest;
}

function occupationIds(values: string[], path: string): string[] {
  return [
    ...new Set(
      values.map((v, i) => {
        const hit = resolveOccupation(v);
        if (!hit) throw invalid(`Unknown occupation "${v}"`, [{ path: `${path}/${i}`, message: 'not a known occupation' }]);
        return hit;
      }),
    ),
  ];
}

function skillIds(values: string[], path: string): string[] {
  return [
    ...new Set(
      values.map((v, i) => {
        const hit = resolveSkill(v);
        // Courses must teach taxonomy skills: a free-text skill could never close a gap.
        if (!hit) throw invalid(`Unknown skill "${v}"`, [{ path: `${path}/${i}`, message: 'not a skill the taxonomy knows' }]);
        return hit;
      }),
    ),
  ];
}

const normalised = <T extends Partial<CourseInput>>(input: T): T => ({
  ...input,
  ...(input.targetOccupations ? { targetOccupations: occupationIds(input.targetOccupations, 'targetOccupations') } : {}),
  ...(input.skillsTaught ? { skillsTaught: skillIds(input.skillsTaught, 'skillsTaught') } : {}),
  ...(input.startDates ? { startDates: [...new Set(input.startDates)].sort() } : {}),
});

/** Add a course to the catalogue. */
export async function createCourse(deps: Pick<Deps, 'store'>, accountId: string, input: CourseInput): Promise<Course> {
  const doc = normalised(input);
  return publicCourse(await courses(deps.store).insert({ ...doc, description: doc.description, demo: false, createdBy: accountId }));
}

/** One course, or 404. */
export async function getCourse(deps: Pick<Deps, 'store'>, courseId: string): Promise<Stored<CourseDoc>> {
  const doc = await courses(deps.store).get(courseId);
  if (!doc) throw notFound('Course');
  return doc;
}

/** Change some fields of a course. */
export async function updateCourse(deps: Pick<Deps, 'store'>, courseId: string, patch: CoursePatch): Promise<Course> {
  const doc = await getCourse(deps, courseId);
  return publicCourse(await courses(deps.store).update(doc.id, normalised(patch), { ifVersion: doc.version }));
}

/** Withdraw a course (soft delete: vouchers that name it keep their copy of title and cost). */
export async function deleteCourse(deps: Pick<Deps, 'store'>, courseId: string): Promise<void> {
  await courses(deps.store).softDelete((await getCourse(deps, courseId)).id);
}

/** Courses matching the filters, alphabetically by title. */
export async function listCourses(deps: Pick<Deps, 'store'>, query: CourseListQuery): Promise<Page<Course>> {
  const filter: Filter = {};
  if (query.occupation) filter.targetOccupations = occupationIds([query.occupation], 'occupation')[0]!;
  if (query.skill) filter.skillsTaught = skillIds([query.skill], 'skill')[0]!;
  if (query.format) filter.format = query.format;
  if (!query.region) {
    const page = await findPage(courses(deps.store), filter, { limit: query.limit, cursor: query.cursor, sortField: 'title', direction: 'asc' });
    return { items: page.items.map(publicCourse), nextCursor: page.nextCursor };
  }
  // "Given in this region" includes nationwide courses (no regions): two filters the store cannot OR, so merge them here.
  const all = (await allCourses(deps)).filter((c) => matches(c, filter) && (c.regions.length === 0 || c.regions.includes(query.region!)));
  return { items: all.slice(0, query.limit).map(publicCourse), nextCursor: null };
}

const matches = (c: CourseDoc, filter: Filter): boolean =>
  Object.entries(filter).every(([k, v]) => {
    const have = (c as unknown as Record<string, unknown>)[k];
    return Array.isArray(have) ? have.includes(v) : have === v;
  });

/** Every live course, by title (the catalogue is small: tens to a few hundred entries). */
export async function allCourses(deps: Pick<Deps, 'store'>): Promise<Stored<CourseDoc>[]> {
  return courses(deps.store).find({}, { sort: { field: 'title', direction: 'asc' } });
}

/** Courses someone in `region` can follow: given there, or nationwide. */
export function coursesAvailableIn(all: readonly Stored<CourseDoc>[], region: string | null): Stored<CourseDoc>[] {
  return all.filter((c) => c.regions.length === 0 || (region !== null && c.regions.includes(region)));
}

/** The first start date on or after `today` (`YYYY-MM-DD`), or null when none is planned. */
export function nextStart(course: Pick<CourseDoc, 'startDates'>, today: string): string | null {
  return course.startDates.find((d) => d >= today) ?? null;
}

/** The day a course that starts on `start` ends: start + duration in weeks. */
export function courseEndDate(course: Pick<CourseDoc, 'durationWeeks'>, start: string): string {
  const end = new Date(`${start}T00:00:00Z`);
  end.setUTCDate(end.getUTCDate() + course.durationWeeks * 7);
  return end.toISOString().slice(0, 10);
}

/** The sectors a course leads into (those of its target occupations). */
export function sectorsOfCourse(course: Pick<CourseDoc, 'targetOccupations'>): string[] {
  return [...new Set(course.targetOccupations.map((o) => occupationById(o)?.sector).filter((s): s is string => !!s))];
}

const SeedFile = z.object({ $comment: z.string().optional(), courses: z.array(CourseInput.extend({ id })) });

/** The demo catalogue from `seeds/training/courses.json`, validated like an API body. */
export function demoCourses(): Array<CourseInput & { id: string }> {
  return SeedFile.parse(JSON.parse(readFileSync(findRepoPath('seeds/training/courses.json'), 'utf8'))).courses;
}

/** Add every demo course whose id is missing (idempotent; an admin's edits to a seeded course are kept). */
export async function seedDemoCourses(deps: Pick<Deps, 'store' | 'logger'>): Promise<number> {
  const col = courses(deps.store);
  let added = 0;
  for (const c of demoCourses()) {
    if (await col.get(c.id, { includeDeleted: true })) continue;
    const doc = normalised(c);
    await col.insert({ ...doc, description: doc.description, demo: true, createdBy: null });
    added++;
  }
  if (added) deps.logger.info({ added }, 'demo training catalogue loaded');
  return added;
}
