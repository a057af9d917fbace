/**
 * Candidate and vacancy search as use-cases: a validated query string becomes a structured
 * {@link SearchFilter} (never a filter string: only the Meilisearch adapter writes those, and
 * it escapes every value), the search port answers, and hits are shaped for the API.
 *
 * What people type is resolved the way the rest of the platform resolves it: occupations,
 * sectors and skills through the taxonomy (names, synonyms or ids), places through the
 * gazetteer (an unknown place is a 400 with suggestions), regions by id or name. A filter
 * value the taxonomy does not know is used literally, so it matches exactly that value or
 * nothing, never more.
 */
import { z } from 'zod';
import type { Deps } from '../deps.js';
import { AppError } from '../errors.js';
import type { SearchFilter, SearchHit, SearchQuery, SearchResult } from '../ports/search.js';
import { isoDate } from '../domain/fields.js';
import { placeName, resolvePlace } from '../domain/location.js';
import { organisations } from '../domain/organisations.js';
import { arbeidsmarktregios } from '../places/index.js';
import { loadTaxonomy, normalizeTerm, occupationById, resolveOccupation, resolveSkill, skillById } from '../taxonomy/index.js';
import { CANDIDATES_INDEX, VACANCIES_INDEX, type CandidateDocument, type VacancyDocument } from './documents.js';

/** Meilisearch answers at most this many hits per query (its `maxTotalHits` default); pages stop there. */
export const MAX_RESULT_WINDOW = 1000;
const DAY_MS = 86_400_000;

/** A filter given once, repeated (`?skills=a&skills=b`) or comma-separated (`?skills=a,b`). */
const list = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s.length > 0))
  .pipe(z.array(z.string().max(120)).max(20));

const boolParam = z.enum(['true', 'false']).transform((v) => v === 'true');
const hours = z.coerce.number().int().min(1).max(60);

const common = {
  /** Free text: typos, prefixes and taxonomy synonyms are understood. */
  q: z.string().max(200).optional(),
  sector: list.optional(),
  occupation: list.optional(),
  /** Arbeidsmarktregio id or name. */
  region: list.optional(),
  /** Every listed skill must be present. */
  skills: list.optional(),
  /** Every listed language (ISO code) must be present. */
  languages: list.optional(),
  hoursMin: hours.optional(),
  hoursMax: hours.optional(),
  drivingLicence: boolParam.optional(),
  /** A Dutch place as people type it ("Den Haag", "Capelle a/d IJssel"). */
  near: placeName.optional(),
  radiusKm: z.coerce.number().min(1).max(300).optional(),
  page: z.coerce.number().int().min(1).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(20),
};

const CANDIDATE_FACETS = ['sectors', 'occupations', 'region', 'skills', 'languages', 'drivingLicence'] as const;
const VACANCY_FACETS = ['sector', 'occupation', 'region', 'skills', 'languages', 'drivingLicenceRequired'] as const;

const facetList = <T extends readonly [string, ...string[]]>(allowed: T) => list.pipe(z.array(z.enum(allowed)));

const checkRanges = (v: { hoursMin?: number; hoursMax?: number; radiusKm?: number; near?: string; sort?: string; page: number; limit: number }, ctx: z.RefinementCtx): void => {
  if (v.hoursMin !== undefined && v.hoursMax !== undefined && v.hoursMin > v.hoursMax) ctx.addIssue({ code: 'custom', path: ['hoursMax'], message: 'must not be below hoursMin' });
  if (v.radiusKm !== undefined && v.near === undefined) ctx.addIssue({ code: 'custom', path: ['radiusKm'], message: 'needs near' });
  if (v.sort === 'distance' && v.near === undefined) ctx.addIssue({ code: 'custom', path: ['sort'], message: 'sorting by distance needs near' });
  if (v.page * v.limit > MAX_RESULT_WINDOW) ctx.addIssue({ code: 'custom', path: ['page'], message: `results stop at ${MAX_RESULT_WINDOW}; narrow the search` });
};

/** `GET /api/v1/search/candidates` query string. */
export const CandidateSearchQuery = z
  .strictObject({
    ...common,
    /** Available to start on or before this date. */
    availableBefore: isoDate.optional(),
    facets: facetList(CANDIDATE_FACETS).optional(),
    sort: z.enum(['relevance', 'distance', 'availableFrom', 'hoursDesc', 'experience', 'updated']).default('relevance'),
  })
  .superRefine(checkRanges);
export type CandidateSearchQuery = z.infer<typeof CandidateSearchQuery>;

/** `GET /api/v1/search/vacancies` query string. */
export const VacancySearchQuery = z
  .strictObject({
    ...common,
    /** Starting on or before this date (vacancies without a start date are included). */
    startBefore: isoDate.optional(),
    facets: facetList(VACANCY_FACETS).optional(),
    sort: z.enum(['relevance', 'distance', 'newest', 'startDate', 'hoursDesc']).default('relevance'),
  })
  .superRefine(checkRanges);
export type VacancySearchQuery = z.infer<typeof VacancySearchQuery>;

const FacetValue = z.object({ value: z.string(), label: z.string(), count: z.number() });
const Near = z.object({ place: z.string(), region: z.string().nullable(), radiusKm: z.number() });

/** What an organisation sees of a candidate in search: nothing that identifies the person. */
export const CandidateHit = z.object({
  id: z.string().describe('profile id, for GET /api/v1/profiles/{id} (logged as a view)'),
  occupations: z.array(z.object({ id: z.string(), name: z.string() })),
  titles: z.array(z.string()),
  skills: z.array(z.object({ id: z.string(), name: z.string() })),
  sectors: z.array(z.string()),
  education: z.array(z.string()),
  place: z.string(),
  region: z.string().nullable(),
  languages: z.array(z.string()),
  hoursPerWeek: z.number(),
  availableFrom: z.string(),
  drivingLicence: z.boolean(),
  experienceMonths: z.number(),
  updatedAt: z.string(),
  score: z.number(),
  distanceKm: z.number().optional(),
  highlights: z.record(z.string(), z.string()).describe('field → snippet, matched words in <mark>, HTML-escaped'),
});

export const VacancyHit = z.object({
  id: z.string(),
  title: z.string(),
  occupation: z.object({ id: z.string(), name: z.string() }),
  sector: z.string(),
  skills: z.array(z.object({ id: z.string(), name: z.string() })),
  mustHaveSkills: z.array(z.string()),
  description: z.string(),
  place: z.string(),
  region: z.string().nullable(),
  organisation: z.object({ id: z.string(), name: z.string().nullable() }),
  hoursPerWeek: z.object({ min: z.number(), max: z.number() }),
  startDate: z.string().nullable(),
  publishedAt: z.string().nullable(),
  score: z.number(),
  distanceKm: z.number().optional(),
  highlights: z.record(z.string(), z.string()),
});

const resultOf = <S extends z.ZodType>(hit: S) =>
  z.object({
    hits: z.array(hit),
    total: z.number().describe('matching documents (Meilisearch estimates above 1000)'),
    page: z.number(),
    limit: z.number(),
    pages: z.number(),
    facets: z.record(z.string(), z.array(FacetValue)).describe('per requested facet: value, human label and count, most frequent first'),
    near: Near.optional(),
    processingTimeMs: z.number(),
  });

export const CandidateSearchResult = resultOf(CandidateHit);
export const VacancySearchResult = resultOf(VacancyHit);
export type CandidateSearchResult = z.infer<typeof CandidateSearchResult>;
export type VacancySearchResult = z.infer<typeof VacancySearchResult>;

// ── turning typed values into filter values ─────────────────────────────────

function sectorValue(value: string): string {
  const key = normalizeTerm(value);
  return loadTaxonomy().sectors.find((s) => [s.id, s.name.nl, s.name.en].some((n) => normalizeTerm(n) === key))?.id ?? value;
}
const occupationValue = (value: string): string => resolveOccupation(value) ?? value;
const skillValue = (value: string): string => resolveSkill(value) ?? value;
function regionValue(value: string): string {
  const key = normalizeTerm(value);
  return arbeidsmarktregios().find((r) => normalizeTerm(r.id) === key || normalizeTerm(r.name) === key)?.id ?? value;
}
const languageValue = (value: string): string => value.toLowerCase();

const anyOf = (field: string, values: string[] | undefined, resolve: (v: string) => string): SearchFilter[] =>
  values?.length ? [{ field, in: [...new Set(values.map(resolve))] }] : [];
const allOf = (field: string, values: string[] | undefined, resolve: (v: string) => string): SearchFilter[] =>
  [...new Set((values ?? []).map(resolve))].map((eq) => ({ field, eq }));

interface Geo {
  place: string;
  region: string | null;
  lat: number;
  lng: number;
  radiusKm: number;
}

/** The place to search around; an unknown place is a 400 with `suggestions` (never an empty result). */
function nearOf(query: { near?: string; radiusKm?: number }): Geo | undefined {
  if (query.near === undefined) return undefined;
  const place = resolvePlace(query.near, 'near');
  return { place: place.place, region: place.region, lat: place.geo!.lat, lng: place.geo!.lng, radiusKm: query.radiusKm ?? 25 };
}

const combine = (parts: SearchFilter[]): SearchFilter | undefined => (parts.length === 0 ? undefined : parts.length === 1 ? parts[0] : { and: parts });
const geoFilter = (geo: Geo | undefined): SearchFilter[] =>
  geo ? [{ geoRadius: { lat: geo.lat, lng: geo.lng, radiusMeters: Math.round(geo.radiusKm * 1000) } }] : [];
const dayOf = (iso: string): number => Math.floor(Date.parse(iso) / DAY_MS);

/** The structured filter of a candidate search. Stale profiles never pass, whatever the index holds. */
export function candidateFilter(query: CandidateSearchQuery, geo: Geo | undefined, now: Date): SearchFilter {
  return combine([
    { field: 'freshUntil', gte: now.getTime() },
    ...anyOf('sectors', query.sector, sectorValue),
    ...anyOf('occupations', query.occupation, occupationValue),
    ...anyOf('region', query.region, regionValue),
    ...allOf('skills', query.skills, skillValue),
    ...allOf('languages', query.languages, languageValue),
    ...(query.hoursMin !== undefined || query.hoursMax !== undefined
      ? [{ field: 'hoursPerWeek', ...(query.hoursMin === undefined ? {} : { gte: query.hoursMin }), ...(query.hoursMax === undefined ? {} : { lte: query.hoursMax }) }]
      : []),
    ...(query.availableBefore ? [{ field: 'availableFromDay', lte: dayOf(query.availableBefore) }] : []),
    ...(query.drivingLicence === undefined ? [] : [{ field: 'drivingLicence', eq: query.drivingLicence }]),
    ...geoFilter(geo),
  ])!;
}

/** The structured filter of a vacancy search (the index holds open vacancies only). */
export function vacancyFilter(query: VacancySearchQuery, geo: Geo | undefined): SearchFilter | undefined {
  return combine([
    ...anyOf('sector', query.sector, sectorValue),
    ...anyOf('occupation', query.occupation, occupationValue),
    ...anyOf('region', query.region, regionValue),
    ...allOf('skills', query.skills, skillValue),
    ...allOf('languages', query.languages, languageValue),
    // Hours ranges overlap: the vacancy offers at least some of the hours asked for.
    ...(query.hoursMin === undefined ? [] : [{ field: 'hoursMax', gte: query.hoursMin }]),
    ...(query.hoursMax === undefined ? [] : [{ field: 'hoursMin', lte: query.hoursMax }]),
    ...(query.startBefore ? [{ or: [{ field: 'startDay', lte: dayOf(query.startBefore) }, { not: { field: 'startDay', gte: -1e9 } }] }] : []),
    ...(query.drivingLicence === undefined ? [] : [{ field: 'drivingLicenceRequired', eq: query.drivingLicence }]),
    ...geoFilter(geo),
  ]);
}

type Sort = NonNullable<SearchQuery['sort']>;

/** Sort names of the API → sortable index fields (relevance is the engine's default order; distance needs `near`). */
const CANDIDATE_SORTS: Record<string, [string, 'asc' | 'desc']> = {
  availableFrom: ['availableFromDay', 'asc'],
  hoursDesc: ['hoursPerWeek', 'desc'],
  experience: ['experienceMonths', 'desc'],
  updated: ['updatedAt', 'desc'],
};
const VACANCY_SORTS: Record<string, [string, 'asc' | 'desc']> = {
  newest: ['publishedAt', 'desc'],
  startDate: ['startDay', 'asc'],
  hoursDesc: ['hoursMax', 'desc'],
};

function sortOf(table: Record<string, [string, 'asc' | 'desc']>, sort: string, geo: Geo | undefined): Sort | undefined {
  if (sort === 'distance') return [{ geoPoint: { lat: geo!.lat, lng: geo!.lng }, direction: 'asc' }];
  const entry = table[sort];
  return entry ? [{ field: entry[0], direction: entry[1] }] : undefined;
}

// ── labels for facets and hits ──────────────────────────────────────────────

const occupationName = (id: string): string => occupationById(id)?.name.nl ?? id;
const skillName = (id: string): string => skillById(id)?.name.nl ?? id;
const sectorName = (id: string): string => loadTaxonomy().sectors.find((s) => s.id === id)?.name.nl ?? id;
const regionName = (id: string): string => arbeidsmarktregios().find((r) => r.id === id)?.name ?? id;
const LANGUAGE_NAMES: Record<string, string> = {
  nl: 'Nederlands', en: 'Engels', de: 'Duits', fr: 'Frans', es: 'Spaans', pl: 'Pools', tr: 'Turks', ar: 'Arabisch', pap: 'Papiaments',
  so: 'Somalisch', ti: 'Tigrinya', tir: 'Tigrinya', uk: 'Oekraïens', ro: 'Roemeens', pt: 'Portugees', ngt: 'Nederlandse Gebarentaal',
};
const LABELS: Record<string, (v: string) => string> = {
  sectors: sectorName,
  sector: sectorName,
  occupations: occupationName,
  occupation: occupationName,
  region: regionName,
  skills: skillName,
  languages: (v) => LANGUAGE_NAMES[v] ?? v,
  drivingLicence: (v) => (v === 'true' ? 'Rijbewijs' : 'Geen rijbewijs'),
  drivingLicenceRequired: (v) => (v === 'true' ? 'Rijbewijs vereist' : 'Geen rijbewijs nodig'),
};

/** One collator for every facet sort: `localeCompare(b, 'nl')` builds one per comparison, the same order at many times the cost. */
const DUTCH = new Intl.Collator('nl');

function facetsOf(raw: SearchResult<unknown>['facets']): Record<string, Array<z.infer<typeof FacetValue>>> {
  const out: Record<string, Array<z.infer<typeof FacetValue>>> = {};
  for (const [field, counts] of Object.entries(raw)) {
    const label = LABELS[field] ?? ((v: string) => v);
    out[field] = Object.entries(counts)
      .map(([value, count]) => ({ value, label: label(value), count }))
      .sort((a, b) => b.count - a.count || DUTCH.compare(a.label, b.label));
  }
  return out;
}

const named = (ids: string[], name: (id: string) => string) => ids.map((id) => ({ id, name: name(id) }));
const distanceKm = (hit: SearchHit<unknown>): { distanceKm?: number } =>
  hit.geoDistanceMeters === undefined ? {} : { distanceKm: Math.round(hit.geoDistanceMeters / 100) / 10 };

/** Allow-list of what a hit shows; a field added to the document later stays out until someone adds it here. */
function candidateHit(hit: SearchHit<CandidateDocument>): z.infer<typeof CandidateHit> {
  const d = hit.document;
  return {
    id: d.id,
    occupations: named(d.occupations, occupationName),
    titles: d.titles,
    skills: named(d.skills, skillName),
    sectors: d.sectors,
    education: d.education,
    place: d.place,
    region: d.region,
    languages: d.languages,
    hoursPerWeek: d.hoursPerWeek,
    availableFrom: new Date(d.availableFromDay * DAY_MS).toISOString().slice(0, 10),
    drivingLicence: d.drivingLicence,
    experienceMonths: d.experienceMonths,
    updatedAt: d.updatedAt,
    score: Math.round(hit.score * 1000) / 1000,
    ...distanceKm(hit),
    highlights: hit.highlights ?? {},
  };
}

function vacancyHit(hit: SearchHit<VacancyDocument>, organisationNames: Map<string, string>): z.infer<typeof VacancyHit> {
  const d = hit.document;
  return {
    id: d.id,
    title: d.title,
    occupation: { id: d.occupation, name: occupationName(d.occupation) },
    sector: d.sector,
    skills: named(d.skills, skillName),
    mustHaveSkills: d.mustHaveSkills,
    description: d.description,
    place: d.place,
    region: d.region,
    organisation: { id: d.organisationId, name: organisationNames.get(d.organisationId) ?? null },
    hoursPerWeek: { min: d.hoursMin, max: d.hoursMax },
    startDate: d.startDay === null ? null : new Date(d.startDay * DAY_MS).toISOString().slice(0, 10),
    publishedAt: d.publishedAt,
    score: Math.round(hit.score * 1000) / 1000,
    ...distanceKm(hit),
    highlights: hit.highlights ?? {},
  };
}

function pageOf(query: { page: number; limit: number }): { offset: number; limit: number } {
  return { offset: (query.page - 1) * query.limit, limit: query.limit };
}

function envelope<H>(hits: H[], result: SearchResult<unknown>, query: { page: number; limit: number }, geo: Geo | undefined) {
  const total = result.total;
  return {
    hits,
    total,
    page: query.page,
    limit: query.limit,
    pages: Math.ceil(Math.min(total, MAX_RESULT_WINDOW) / query.limit),
    facets: facetsOf(result.facets),
    ...(geo ? { near: { place: geo.place, region: geo.region, radiusKm: geo.radiusKm } } : {}),
    processingTimeMs: result.processingTimeMs,
  };
}

/** Search errors other than "unavailable" and "invalid" are ours: say so instead of blaming the caller. */
async function run<D extends { id: string }>(deps: Pick<Deps, 'search'>, index: string, query: SearchQuery): Promise<SearchResult<D>> {
  try {
    return await deps.search.index<D>(index).search(query);
  } catch (e) {
    if (e instanceof AppError && e.code === 'not_found') throw new AppError('unavailable', 'The search index is being built; try again shortly', { cause: e });
    throw e;
  }
}

/**
 * Anonymised candidate search for organisations: free text, filters, distance, facets,
 * sort and pages. Hidden and stale profiles are never among the hits (the indexer leaves
 * them out, and stale ones are filtered here too in case the index has not caught up).
 */
export async function searchCandidates(deps: Pick<Deps, 'search' | 'clock'>, query: CandidateSearchQuery): Promise<CandidateSearchResult> {
  const geo = nearOf(query);
  const sort = sortOf(CANDIDATE_SORTS, query.sort, geo);
  const result = await run<CandidateDocument>(deps, CANDIDATES_INDEX, {
    ...(query.q ? { q: query.q } : {}),
    filter: candidateFilter(query, geo, deps.clock.now()),
    ...(query.facets?.length ? { facets: query.facets } : {}),
    ...(sort ? { sort } : {}),
    ...pageOf(query),
    highlight: true,
  });
  return envelope(result.hits.map(candidateHit), result, query, geo);
}

/** Open-vacancy search for everyone, with the same query language as candidate search. */
export async function searchVacancies(deps: Pick<Deps, 'search' | 'store'>, query: VacancySearchQuery): Promise<VacancySearchResult> {
  const geo = nearOf(query);
  const sort = sortOf(VACANCY_SORTS, query.sort, geo);
  const filter = vacancyFilter(query, geo);
  const result = await run<VacancyDocument>(deps, VACANCIES_INDEX, {
    ...(query.q ? { q: query.q } : {}),
    ...(filter ? { filter } : {}),
    ...(query.facets?.length ? { facets: query.facets } : {}),
    ...(sort ? { sort } : {}),
    ...pageOf(query),
    highlight: true,
  });
  const orgIds = [...new Set(result.hits.map((h) => h.document.organisationId))];
  const orgs = await Promise.all(orgIds.map((id) => organisations(deps.store).get(id)));
  const names = new Map(orgs.filter((o) => o !== null).map((o) => [o.id, o.name]));
  return envelope(result.hits.map((h) => vacancyHit(h, names)), result, query, geo);
}
