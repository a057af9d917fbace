/**
 * Vacancies, owned by one organisation. Open vacancies are public; drafts and closed ones
 * exist only for the owning organisation's members (everyone else gets 404).
 */
import { z } from 'zod';
import type { Deps } from '../deps.js';
import { notFound } from '../errors.js';
import type { Collection, DocumentStore, Filter, Stored } from '../ports/store.js';
import { announceChange } from '../changes.js';
import type { Principal } from './accounts.js';
import { id, isoDate, longText, term, text } from './fields.js';
import { placeName, resolvePlace, ResolvedPlace } from './location.js';
import { findPage, pageQuery, type Page } from './pagination.js';
import { occupationId, sectorId, sectorOfOccupation } from './terms.js';

export const VacancyStatus = z.enum(['draft', 'open', 'closed']);
export type VacancyStatus = z.infer<typeof VacancyStatus>;

const HoursRange = z
  .strictObject({ min: z.number().int().min(1).max(60), max: z.number().int().min(1).max(60) })
  .refine((h) => h.min <= h.max, { path: ['max'], message: 'must not be below min' });

const SalaryRange = z
  .strictObject({
    min: z.number().min(0).max(1_000_000),
    max: z.number().min(0).max(1_000_000),
    period: z.enum(['hour', 'month', 'year']),
  })
  .refine((s) => s.min <= s.max, { path: ['max'], message: 'must not be below min' });

const fields = {
  title: text(120),
  occupation: term,
  /** Defaults to the occupation's sector. */
  sector: term.optional(),
  description: longText(10_000),
  mustHaveSkills: z.array(term).max(30),
  niceToHaveSkills: z.array(term).max(30),
  place: placeName,
  hoursPerWeek: HoursRange,
  salary: SalaryRange.nullable(),
  startDate: isoDate.nullable(),
  status: VacancyStatus,
};

/** The body of `POST /api/v1/vacancies`. The organisation comes from the caller, never the body. */
export const VacancyInput = z.strictObject({
  ...fields,
  mustHaveSkills: fields.mustHaveSkills.default([]),
  niceToHaveSkills: fields.niceToHaveSkills.default([]),
  salary: fields.salary.default(null),
  startDate: fields.startDate.default(null),
  status: fields.status.default('draft'),
});
export type VacancyInput = z.infer<typeof VacancyInput>;

/** The body of `PATCH /api/v1/vacancies/:id`: any subset of the fields. */
export const VacancyPatch = z
  .strictObject(fields)
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'give at least one field to change');
export type VacancyPatch = z.infer<typeof VacancyPatch>;

export const VacancyListQuery = z.strictObject({
  status: VacancyStatus.optional(),
  organisationId: id.optional(),
  occupation: term.optional(),
  sector: term.optional(),
  place: placeName.optional(),
  /** Arbeidsmarktregio id, e.g. `rijnmond`. */
  region: z.string().regex(/^[a-z0-9-]{1,60}$/).optional(),
  ...pageQuery,
});
export type VacancyListQuery = z.infer<typeof VacancyListQuery>;

/** A vacancy as stored; the Mongo adapter's mongoose schema is derived from it. */
export const VacancyDoc = VacancyInput.omit({ place: true }).extend({
  ...ResolvedPlace.shape,
  /** Taxonomy sector id. */
  sector: z.string(),
  organisationId: z.string(),
  createdBy: z.string(),
  publishedAt: z.string().nullable(),
});
export type VacancyDoc = z.infer<typeof VacancyDoc>;

export const Vacancy = VacancyInput.omit({ place: true }).extend({
  id: z.string(),
  sector: z.string(),
  ...ResolvedPlace.shape,
  organisationId: z.string(),
  publishedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Vacancy = z.infer<typeof Vacancy>;

export const vacancies = (store: DocumentStore): Collection<VacancyDoc> => store.collection<VacancyDoc>('vacancies');

/** The API view (drops bookkeeping and who typed it in). */
export function publicVacancy(doc: Stored<VacancyDoc>): Vacancy {
  const { version: _v, deletedAt: _d, createdBy: _c, ...rest } = doc;
  return rest;
}

const isMember = (principal: Principal | undefined, organisationId: string): boolean =>
  !!principal && principal.organisationIds.includes(organisationId);

/** Create a vacancy for the acting organisation. */
export async function createVacancy(
  deps: Pick<Deps, 'store' | 'clock' | 'queue' | 'logger'>,
  principal: Principal,
  organisationId: string,
  input: VacancyInput,
): Promise<Vacancy> {
  const { place, ...rest } = input;
  const occupation = occupationId(input.occupation);
  const saved = await vacancies(deps.store).insert({
    ...rest,
    occupation,
    sector: input.sector === undefined ? sectorOfOccupation(occupation) : sectorId(input.sector),
    ...resolvePlace(place),
    organisationId,
    createdBy: principal.accountId,
    publishedAt: input.status === 'open' ? deps.clock.now().toISOString() : null,
  });
  await announceChange(deps, 'vacancy', saved.id);
  return publicVacancy(saved);
}

/** Open vacancies for anyone; drafts and closed ones only for members of the owning organisation. */
export async function getVacancy(deps: Pick<Deps, 'store'>, principal: Principal | undefined, vacancyId: string): Promise<Vacancy> {
  const doc = await vacancies(deps.store).get(vacancyId);
  if (!doc || (doc.status !== 'open' && !isMember(principal, doc.organisationId))) throw notFound('Vacancy');
  return publicVacancy(doc);
}

/** A vacancy the principal's organisation owns, for writing; others' are "not found". */
async function getOwnVacancy(deps: Pick<Deps, 'store'>, principal: Principal, vacancyId: string): Promise<Stored<VacancyDoc>> {
  const doc = await vacancies(deps.store).get(vacancyId);
  if (!doc || !isMember(principal, doc.organisationId)) throw notFound('Vacancy');
  return doc;
}

/** Change some fields of an own vacancy; opening it for the first time stamps `publishedAt`. */
export async function updateVacancy(
  deps: Pick<Deps, 'store' | 'clock' | 'queue' | 'logger'>,
  principal: Principal,
  vacancyId: string,
  patch: VacancyPatch,
): Promise<Vacancy> {
  const doc = await getOwnVacancy(deps, principal, vacancyId);
  const { place, ...rest } = patch;
  const change: Partial<VacancyDoc> = { ...rest, ...(place === undefined ? {} : resolvePlace(place)) };
  if (patch.occupation !== undefined) change.occupation = occupationId(patch.occupation);
  if (patch.sector !== undefined) change.sector = sectorId(patch.sector);
  if (patch.status === 'open' && !doc.publishedAt) change.publishedAt = deps.clock.now().toISOString();
  const saved = await vacancies(deps.store).update(doc.id, change, { ifVersion: doc.version });
  await announceChange(deps, 'vacancy', saved.id);
  return publicVacancy(saved);
}

/** Withdraw an own vacancy (soft delete, so search and matches see it go). */
export async function deleteVacancy(deps: Pick<Deps, 'store' | 'queue' | 'logger'>, principal: Principal, vacancyId: string): Promise<void> {
  const doc = await getOwnVacancy(deps, principal, vacancyId);
  await vacancies(deps.store).softDelete(doc.id);
  await announceChange(deps, 'vacancy', doc.id);
}

/**
 * List vacancies, newest first. Members asking for one of their own organisations see every
 * status; everyone else sees open vacancies only, whatever they ask for.
 */
export async function listVacancies(deps: Pick<Deps, 'store'>, principal: Principal | undefined, query: VacancyListQuery): Promise<Page<Vacancy>> {
  const filter: Filter = {};
  if (query.organisationId) filter.organisationId = query.organisationId;
  const own = query.organisationId !== undefined && isMember(principal, query.organisationId);
  if (own) {
    if (query.status) filter.status = query.status;
  } else {
    // Asking a stranger's drafts yields an empty page, not an error: the filter simply matches nothing.
    filter.status = query.status && query.status !== 'open' ? '__none__' : 'open';
  }
  if (query.occupation) filter.occupation = occupationId(query.occupation);
  if (query.sector) filter.sector = sectorId(query.sector);
  if (query.place) filter.place = resolvePlace(query.place).place;
  if (query.region) filter.region = query.region;
  const page = await findPage(vacancies(deps.store), filter, query);
  return { items: page.items.map(publicVacancy), nextCursor: page.nextCursor };
}
