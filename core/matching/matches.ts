/**
 * Match records and the use-cases that keep them: one record per (vacancy, profile) under a
 * deterministic id, so every worker write is an idempotent upsert (a job retried after a
 * crash rewrites the same record, never a second one).
 *
 * Recall comes from search (top K), ranking from `scoreMatch`. Rescoring never resets the
 * status a person set (new → seen → contacted → dismissed). Hidden, stale and erased
 * profiles and vacancies that are no longer open lose their matches.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Deps } from '../deps.js';
import type { Collection, DocumentStore, Stored } from '../ports/store.js';
import type { SearchFilter } from '../ports/search.js';
import { isAppError } from '../errors.js';
import { isStale } from '../domain/freshness.js';
import { profiles, type ProfileDoc } from '../domain/profiles.js';
import { vacancies, type VacancyDoc } from '../domain/vacancies.js';
import { CANDIDATES_INDEX, VACANCIES_INDEX, type CandidateDocument, type VacancyDocument } from '../search/documents.js';
import { normalizeTerm, occupationById, resolveOccupation } from '../taxonomy/index.js';
import { loadDemandIndex, type DemandFact, type DemandIndex } from '../demand/index.js';
import { metrics } from '../metrics.js';
import { emitMatchesCreated } from '../webhooks/index.js';
import { activePathways, completedCourses, openProgrammes, pathwaysAndCompletedCourses, type ActivePathway, type CompletedCourse } from '../programmes/index.js';
import { allCourses } from '../training/index.js';
import { candidateFacts, scoreMatch, vacancyFacts, type ScoreResult } from './score.js';
import { fundedCourseFor, inTrainingFlag, pathwayToward, reasonWithFlag, sameFlag, withCompletedCourses, withCourseSkills, type FundableCourse, type RetrainingFlag } from './retraining.js';
import { COMPONENTS, DEFAULT_SCORE_OPTIONS, DEFAULT_WEIGHTS, type Component, type Weights } from './weights.js';

export const MatchStatus = z.enum(['new', 'seen', 'contacted', 'dismissed']);
export type MatchStatus = z.infer<typeof MatchStatus>;

/** A stored match: the scores and the facts behind them, never anything identifying. */
export interface MatchDoc {
  vacancyId: string;
  profileId: string;
  organisationId: string;
  /** The vacancy's sector, so a demand change finds the matches it affects. */
  sector: string;
  status: MatchStatus;
  total: number;
  components: Record<Component, number>;
  weights: Weights;
  reason: string;
  facts: Omit<ScoreResult['facts'], 'demand'>;
  /** The demand row the score used (source and date are shown with the score). */
  demand: DemandFact | null;
  /**
   * "In omscholing" (scored on the skills they will have when the course ends) or "kandidaat +
   * gefinancierde opleiding". Absent on records written before retraining was known, and
   * when neither applies.
   */
  retraining?: RetrainingFlag | undefined;
  scoredAt: string;
}

/** Candidates recalled from search per vacancy (and vacancies per profile). */
export const RECALL_K = 500;
/** Matches kept per vacancy and per profile: enough for a recruiter's list, bounded for storage. */
export const KEEP_PER_VACANCY = 100;
export const KEEP_PER_PROFILE = 50;
/** Below this total a pair is not worth showing. */
export const MIN_TOTAL = 0.3;
/** Recall radius around a vacancy: beyond it the distance component is close to zero anyway. */
const RECALL_RADIUS_KM = 60;

/**
 * The one id a (vacancy, profile) pair can have, so every write is an idempotent upsert.
 * A hash rather than `${vacancyId}--${profileId}`: two UUIDs would not fit the 64-character
 * id limit of path parameters.
 */
export const matchId = (vacancyId: string, profileId: string): string =>
  `m-${createHash('sha256').update(`${vacancyId}\n${profileId}`).digest('base64url').slice(0, 32)}`;
export const matchesOf = (store: DocumentStore): Collection<MatchDoc> => store.collection<MatchDoc>('matches');

/** Declare the lookups match queries need (by vacancy, by profile, by sector). */
export async function ensureMatchIndexes(store: DocumentStore): Promise<void> {
  const col = matchesOf(store);
  await col.ensureIndex({ fields: ['vacancyId'] });
  await col.ensureIndex({ fields: ['profileId'] });
}

/** A profile may have matches only while visible (anonymously) and fresh. */
export function isEligibleProfile(profile: Stored<ProfileDoc> | null, now: Date): profile is Stored<ProfileDoc> {
  return !!profile && profile.visibility === 'anonymous' && !isStale(profile, now) && Array.isArray(profile.experience);
}

const isOpen = (vacancy: Stored<VacancyDoc> | null): vacancy is Stored<VacancyDoc> => !!vacancy && vacancy.status === 'open';

/** The demand row for a vacancy (its occupation's BRC group, else its sector; regional, else national). */
export function demandFor(index: DemandIndex, vacancy: Pick<VacancyDoc, 'occupation' | 'sector' | 'region'>): DemandFact | null {
  return index.lookup({ occupationGroup: occupationById(vacancy.occupation)?.brc2014.group ?? null, sector: vacancy.sector, region: vacancy.region });
}

const factsOfVacancy = new WeakMap<VacancyDoc, ReturnType<typeof vacancyFacts>>();

/**
 * Score one pair the way every worker does: allow-listed facts from the stored documents,
 * default weights and options. Whatever else the profile object holds cannot matter.
 * `courseSkills`: what courses the person completed taught (`completedCourses`), derived from
 * their vouchers rather than read from the profile.
 */
export function scorePair(profile: ProfileDoc, vacancy: VacancyDoc, relevance: number, demand: DemandFact | null, now: Date, courseSkills: readonly string[] = []): ScoreResult {
  // One vacancy is scored against hundreds of profiles in a row: derive its facts once.
  let facts = factsOfVacancy.get(vacancy);
  if (!facts) factsOfVacancy.set(vacancy, (facts = vacancyFacts(vacancy)));
  return scoreMatch(
    { candidate: { ...candidateFacts(profile), courseSkills: [...courseSkills] }, vacancy: facts, relevance, demand, today: now.toISOString().slice(0, 10) },
    DEFAULT_WEIGHTS,
    DEFAULT_SCORE_OPTIONS,
  );
}

/** What one matching run knows about retraining: approved pathways and completed courses by person, and what could be funded today. */
export interface RetrainingContext {
  pathways: ReadonlyMap<string, readonly ActivePathway[]>;
  completed: ReadonlyMap<string, readonly CompletedCourse[]>;
  programmes: Awaited<ReturnType<typeof openProgrammes>>;
  courses: readonly FundableCourse[];
  today: string;
}

function byProfile<T extends { profileId: string }>(items: readonly T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const x of items) map.set(x.profileId, [...(map.get(x.profileId) ?? []), x]);
  return map;
}

/** Load the retraining context for a run, given the pathways and completed courses of the people that can matter to it. */
export async function loadRetrainingContext(deps: Pick<Deps, 'store' | 'clock'>, pathways: readonly ActivePathway[], completed: readonly CompletedCourse[]): Promise<RetrainingContext> {
  const today = deps.clock.now().toISOString().slice(0, 10);
  const programmes = await openProgrammes(deps, today);
  // No open programme, nothing fundable: spare reading the catalogue.
  return { pathways: byProfile(pathways), completed: byProfile(completed), programmes, courses: programmes.length ? await allCourses(deps) : [], today };
}

export interface ScoredPair {
  result: ScoreResult;
  retraining: RetrainingFlag | null;
}

/**
 * Score a pair knowing about retraining: the skills of courses the person completed count as
 * theirs; a person in omscholing toward the vacancy's occupation is scored with the skills of
 * their course's end date; otherwise, for a shortage occupation, a fundable course that closes
 * their remaining gap is named. Either way the reason says so.
 */
export function scoreWithRetraining(context: RetrainingContext, profile: Stored<ProfileDoc>, vacancy: VacancyDoc, relevance: number, demand: DemandFact | null, now: Date): ScoredPair {
  const candidate = withCompletedCourses(profile, context.completed.get(profile.id) ?? []);
  const pathway = pathwayToward(context.pathways.get(profile.id) ?? [], vacancy.occupation);
  const retraining = pathway ? inTrainingFlag(pathway) : fundedCourseFor(context, candidate, vacancy, demand);
  const result = scorePair(pathway ? withCourseSkills(profile, pathway) : profile, vacancy, relevance, demand, now, candidate.courseSkills);
  return { result: retraining ? { ...result, reason: reasonWithFlag(result.reason, retraining) } : result, retraining };
}

function geoOrRegion(place: { geo: { lat: number; lng: number } | null; region: string | null }, radiusKm: number): SearchFilter | undefined {
  if (place.geo) return { geoRadius: { lat: place.geo.lat, lng: place.geo.lng, radiusMeters: radiusKm * 1000 } };
  if (place.region) return { field: 'region', eq: place.region };
  return undefined;
}

const and = (...filters: Array<SearchFilter | undefined>): SearchFilter | undefined => {
  const present = filters.filter((f): f is SearchFilter => f !== undefined);
  return present.length === 0 ? undefined : present.length === 1 ? present[0] : { and: present };
};

/**
 * Top-K recall: text queries (each must match its first word, so each query is one concept)
 * and one structured query (same occupation or sector nearby) whose hits get relevance 0.
 * Returns id → best text relevance, best first, at most `k`.
 */
async function recall<D extends { id: string }>(
  deps: Pick<Deps, 'search'>,
  index: string,
  queries: string[],
  structured: SearchFilter | undefined,
  area: SearchFilter | undefined,
  k: number,
): Promise<Map<string, number>> {
  const search = deps.search.index<D>(index);
  const relevance = new Map<string, number>();
  const filter = and(area);
  for (const q of new Set(queries.filter(Boolean))) {
    const { hits } = await search.search({ q, limit: k, ...(filter ? { filter } : {}) });
    for (const hit of hits) relevance.set(hit.document.id, Math.max(relevance.get(hit.document.id) ?? 0, hit.score));
  }
  // The structured query (same occupation or sector, no text) only tops up a thin text recall:
  // its extra hits have no text relevance and rarely make a kept match when text found plenty.
  if (structured && relevance.size < Math.min(k, KEEP_PER_VACANCY)) {
    const { hits } = await search.search({ limit: k, filter: and(area, structured)! });
    for (const hit of hits) if (!relevance.has(hit.document.id)) relevance.set(hit.document.id, 0);
  }
  return new Map([...relevance].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, k));
}

/** Candidate ids recalled for a vacancy, with their text relevance. */
export function recallCandidates(deps: Pick<Deps, 'search'>, vacancy: VacancyDoc, k = RECALL_K): Promise<Map<string, number>> {
  const name = occupationById(vacancy.occupation)?.name.nl ?? '';
  // A title that just names the occupation ("Verzorgende IG (32 uur)") would repeat the same search.
  const sameConcept = normalizeTerm(vacancy.title).startsWith(normalizeTerm(name)) || resolveOccupation(vacancy.title.replace(/\(.*\)/g, '')) === vacancy.occupation;
  return recall<CandidateDocument>(
    deps,
    CANDIDATES_INDEX,
    sameConcept ? [name] : [name, vacancy.title],
    { or: [{ field: 'occupations', eq: vacancy.occupation }, { field: 'sectors', eq: vacancy.sector }] },
    geoOrRegion(vacancy, RECALL_RADIUS_KM),
    k,
  );
}

/** Vacancy ids recalled for a profile, with their text relevance. */
export function recallVacancies(deps: Pick<Deps, 'search'>, profile: ProfileDoc, k = RECALL_K): Promise<Map<string, number>> {
  const occupations = [...new Set([...profile.desiredOccupations, ...profile.experience.map((e) => e.occupation)].filter((o): o is string => !!o))].slice(0, 5);
  const sectors = [...new Set([...profile.desiredSectors, ...profile.experience.map((e) => e.sector)].filter((s): s is string => !!s))];
  const structured: SearchFilter[] = [
    ...(occupations.length ? [{ field: 'occupation', in: occupations } as SearchFilter] : []),
    ...(sectors.length ? [{ field: 'sector', in: sectors } as SearchFilter] : []),
  ];
  return recall<VacancyDocument>(
    deps,
    VACANCIES_INDEX,
    occupations.map((o) => occupationById(o)?.name.nl ?? ''),
    structured.length ? { or: structured } : undefined,
    // A little beyond the travel distance: a great fit just outside it is still worth showing.
    geoOrRegion(profile, profile.maxTravelKm + 2 * DEFAULT_SCORE_OPTIONS.distanceHalfKm),
    k,
  );
}

const sameScore = (a: MatchDoc, b: Omit<MatchDoc, 'status' | 'scoredAt'>): boolean =>
  a.reason === b.reason &&
  sameFlag(a.retraining, b.retraining) &&
  COMPONENTS.every((c) => a.components[c] === b.components[c]) &&
  COMPONENTS.every((c) => a.weights[c] === b.weights[c]);

function toRecord(vacancy: Stored<VacancyDoc>, profileId: string, { result, retraining }: ScoredPair): Omit<MatchDoc, 'status' | 'scoredAt'> {
  const { demand, ...facts } = result.facts;
  return {
    vacancyId: vacancy.id,
    profileId,
    organisationId: vacancy.organisationId,
    sector: vacancy.sector,
    total: result.total,
    components: result.components,
    weights: result.weights,
    reason: result.reason,
    facts,
    demand,
    // Present even when undefined: the update is a merge, and an undefined field removes a flag that no longer applies.
    retraining: retraining ?? undefined,
  };
}

/**
 * Write a scored pair. New pairs start as `new`; existing ones get the new scores but keep
 * their status (the update is a merge that never names `status`). Unchanged scores are not
 * rewritten, so "new since the last digest" stays meaningful. Safe to repeat and to race.
 */
async function writeMatch(col: Collection<MatchDoc>, existing: Stored<MatchDoc> | undefined, record: Omit<MatchDoc, 'status' | 'scoredAt'>, now: Date): Promise<'created' | 'updated' | null> {
  const id = matchId(record.vacancyId, record.profileId);
  if (existing && sameScore(existing, record)) return null;
  const scoredAt = now.toISOString();
  if (!existing) {
    try {
      await col.insert({ id, ...record, status: 'new', scoredAt });
      return 'created';
    } catch (e) {
      // Another job inserted it first (or a crashed attempt did): fall through to the merge.
      if (!isAppError(e) || e.code !== 'conflict') throw e;
    }
  }
  try {
    await col.update(id, { ...record, scoredAt });
  } catch (e) {
    // Purged meanwhile (erasure, vacancy closed): the purge wins.
    if (!isAppError(e) || e.code !== 'not_found') throw e;
    return null;
  }
  return 'updated';
}

export interface MatchRunResult {
  recalled: number;
  scored: number;
  written: number;
  removed: number;
}

/**
 * Keep the best `keep` pairs scoring at least MIN_TOTAL, plus every pair someone already acted
 * on (status other than `new`); remove the rest of the existing ones. Writes in parallel.
 */
async function settle(
  deps: Pick<Deps, 'store' | 'clock' | 'queue' | 'logger'>,
  scored: Array<{ vacancy: Stored<VacancyDoc>; profileId: string; scored: ScoredPair }>,
  existing: Map<string, Stored<MatchDoc>>,
  keep: number,
): Promise<{ written: number; removed: number }> {
  const col = matchesOf(deps.store);
  const now = deps.clock.now();
  scored.sort((a, b) => b.scored.result.total - a.scored.result.total || (a.profileId + a.vacancy.id < b.profileId + b.vacancy.id ? -1 : 1));
  const kept = new Set<string>();
  const writes: Array<Promise<'created' | 'updated' | null>> = [];
  const records: Array<Omit<MatchDoc, 'status' | 'scoredAt'>> = [];
  scored.forEach((s, rank) => {
    const id = matchId(s.vacancy.id, s.profileId);
    const have = existing.get(id);
    if ((rank < keep && s.scored.result.total >= MIN_TOTAL) || (have && have.status !== 'new')) {
      kept.add(id);
      const record = toRecord(s.vacancy, s.profileId, s.scored);
      records.push(record);
      writes.push(writeMatch(col, have, record, now));
    }
  });
  const stale = [...existing.keys()].filter((id) => !kept.has(id));
  const outcomes = await Promise.all(writes);
  await Promise.all(stale.map((id) => col.purge(id)));
  metrics().matchesScored.inc(scored.length);
  // Only enqueues (one event per organisation); a retried job finds the records existing and announces nothing twice.
  await emitMatchesCreated(
    deps,
    records.filter((_, i) => outcomes[i] === 'created').map((r) => ({ id: matchId(r.vacancyId, r.profileId), vacancyId: r.vacancyId, profileId: r.profileId, organisationId: r.organisationId, score: r.total })),
  );
  return { written: outcomes.filter(Boolean).length, removed: stale.length };
}

/**
 * A vacancy changed: recall its top-K candidates, score them (and the candidates it already
 * had), upsert the best, remove matches of candidates that are no longer eligible. A vacancy
 * that is gone or not open loses all its matches.
 */
export async function matchVacancy(deps: Pick<Deps, 'store' | 'search' | 'clock' | 'queue' | 'logger'>, vacancyId: string): Promise<MatchRunResult> {
  const col = matchesOf(deps.store);
  const vacancy = await vacancies(deps.store).get(vacancyId);
  if (!isOpen(vacancy)) return { recalled: 0, scored: 0, written: 0, removed: await col.purgeWhere({ vacancyId }) };
  const now = deps.clock.now();
  const demand = demandFor(await loadDemandIndex(deps), vacancy);
  const recalled = await recallCandidates(deps, vacancy);
  const existing = new Map((await col.find({ vacancyId })).map((m) => [m.id, m]));
  const pathways = await activePathways(deps, { occupation: vacancy.occupation });
  // People in omscholing toward this occupation are candidates even where search would not recall them (yet).
  const ids = new Set([...recalled.keys(), ...[...existing.values()].map((m) => m.profileId), ...pathways.map((p) => p.profileId)]);
  const retraining = await loadRetrainingContext(deps, pathways, await completedCourses(deps, { profileIds: [...ids] }));
  const docs = await Promise.all([...ids].map((id) => profiles(deps.store).get(id)));
  const scored = docs.filter((p) => isEligibleProfile(p, now)).map((p) => ({
    vacancy,
    profileId: p.id,
    scored: scoreWithRetraining(retraining, p, vacancy, recalled.get(p.id) ?? existing.get(matchId(vacancy.id, p.id))?.components.relevance ?? 0, demand, now),
  }));
  const { written, removed } = await settle(deps, scored, existing, KEEP_PER_VACANCY);
  return { recalled: recalled.size, scored: scored.length, written, removed };
}

/** A profile changed: the same the other way round. A hidden, stale or erased profile loses all its matches. */
export async function matchProfile(deps: Pick<Deps, 'store' | 'search' | 'clock' | 'queue' | 'logger'>, profileId: string): Promise<MatchRunResult> {
  const col = matchesOf(deps.store);
  const profile = await profiles(deps.store).get(profileId);
  const now = deps.clock.now();
  if (!isEligibleProfile(profile, now)) return { recalled: 0, scored: 0, written: 0, removed: await col.purgeWhere({ profileId }) };
  const demandIndex = await loadDemandIndex(deps);
  const { pathways, completed } = await pathwaysAndCompletedCourses(deps, { profileId });
  const retraining = await loadRetrainingContext(deps, pathways, completed);
  // Recall also looks in the occupations the person is retraining or was retrained for, first.
  const targets = [...pathways, ...completed].flatMap((p) => p.targetOccupations);
  const recalled = await recallVacancies(deps, targets.length ? { ...profile, desiredOccupations: [...new Set([...targets, ...profile.desiredOccupations])] } : profile);
  const existing = new Map((await col.find({ profileId })).map((m) => [m.id, m]));
  const ids = new Set([...recalled.keys(), ...[...existing.values()].map((m) => m.vacancyId)]);
  const docs = await Promise.all([...ids].map((id) => vacancies(deps.store).get(id)));
  const scored = docs.filter(isOpen).map((v) => ({
    vacancy: v,
    profileId,
    scored: scoreWithRetraining(retraining, profile, v, recalled.get(v.id) ?? existing.get(matchId(v.id, profileId))?.components.relevance ?? 0, demandFor(demandIndex, v), now),
  }));
  const { written, removed } = await settle(deps, scored, existing, KEEP_PER_PROFILE);
  return { recalled: recalled.size, scored: scored.length, written, removed };
}

/**
 * The demand table changed for these sectors: rescore the existing matches of open vacancies
 * in them (the text relevance each match stored is reused; recall is not repeated, because
 * demand moves every candidate of a vacancy equally). Other sectors are not touched.
 */
export async function rescoreDemandChange(
  deps: Pick<Deps, 'store' | 'clock'>,
  sectors: string[],
  onProgress?: (done: number, total: number) => Promise<void> | void,
): Promise<{ vacancies: number; rescored: number; removed: number }> {
  if (sectors.length === 0) return { vacancies: 0, rescored: 0, removed: 0 };
  const col = matchesOf(deps.store);
  const demandIndex = await loadDemandIndex(deps);
  const affected = await vacancies(deps.store).find({ status: 'open', sector: { in: sectors } });
  const now = deps.clock.now();
  // Demand decides whether a funded course is named, so the flags are rescored too.
  const { pathways, completed } = await pathwaysAndCompletedCourses(deps);
  const retraining = await loadRetrainingContext(deps, pathways, completed);
  let rescored = 0;
  let removed = 0;
  let scoredPairs = 0;
  for (const [i, vacancy] of affected.entries()) {
    const demand = demandFor(demandIndex, vacancy);
    const existing = await col.find({ vacancyId: vacancy.id });
    await Promise.all(
      existing.map(async (m) => {
        const profile = await profiles(deps.store).get(m.profileId);
        if (!isEligibleProfile(profile, now)) {
          await col.purge(m.id);
          removed++;
          return;
        }
        scoredPairs++;
        if (await writeMatch(col, m, toRecord(vacancy, m.profileId, scoreWithRetraining(retraining, profile, vacancy, m.components.relevance, demand, now)), now)) rescored++;
      }),
    );
    await onProgress?.(i + 1, affected.length);
  }
  metrics().matchesScored.inc(scoredPairs);
  return { vacancies: affected.length, rescored, removed };
}
