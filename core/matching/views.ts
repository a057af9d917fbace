/**
 * Reading and acting on matches through the API: a recruiter's ranked, anonymised candidates
 * per vacancy, a jobseeker's matched vacancies, and status changes, each authorised per
 * object (someone else's vacancy or match is "not found").
 */
import { z } from 'zod';
import type { Deps } from '../deps.js';
import { AppError, notFound } from '../errors.js';
import type { Stored } from '../ports/store.js';
import type { Principal } from '../domain/accounts.js';
import { pageQuery, findPage, type Page } from '../domain/pagination.js';
import { AnonymousProfile, anonymise, findOwnProfile, profiles, requireProfile } from '../domain/profiles.js';
import { publicVacancy, Vacancy, vacancies } from '../domain/vacancies.js';
import { isEligibleProfile, matchesOf, MatchStatus, type MatchDoc } from './matches.js';
import { COMPONENTS } from './weights.js';
import { RetrainingFlag, retrainingLabel } from './retraining.js';

const componentsSchema = z.object(Object.fromEntries(COMPONENTS.map((c) => [c, z.number()])) as Record<(typeof COMPONENTS)[number], z.ZodNumber>);

const DemandUsed = z
  .object({
    group: z.string(),
    scope: z.string(),
    region: z.string(),
    regionName: z.string(),
    quarter: z.string(),
    tension: z.number(),
    label: z.string(),
    source: z.string(),
    sourceDate: z.string(),
  })
  .nullable()
  .describe('the sector-demand row the score used, with its source and date');

const MatchCore = z.object({
  id: z.string(),
  vacancyId: z.string(),
  status: MatchStatus,
  score: z.number().describe('Σ weight · component, in [0, 1]'),
  components: componentsSchema.describe('each in [0, 1]'),
  weights: componentsSchema,
  reason: z.string().describe('one line of Dutch explaining the score'),
  demand: DemandUsed,
  retraining: z
    .intersection(RetrainingFlag, z.object({ label: z.string().describe('e.g. "in omscholing: Basiszorg, klaar mei 2099"') }))
    .nullable()
    .describe('"in omscholing" (scored on the skills at the course end date) or "kandidaat + gefinancierde opleiding"; never anything about income'),
  scoredAt: z.string(),
});

export const CandidateMatch = MatchCore.extend({ candidate: AnonymousProfile });
export type CandidateMatch = z.infer<typeof CandidateMatch>;
export const VacancyMatch = MatchCore.extend({ vacancy: Vacancy });
export type VacancyMatch = z.infer<typeof VacancyMatch>;

export const MatchListQuery = z.strictObject({ status: MatchStatus.optional(), ...pageQuery });
export type MatchListQuery = z.infer<typeof MatchListQuery>;

/** Organisations may move a match along; `new` is where the workers put it, never a choice. */
export const MatchStatusPatch = z.strictObject({ status: MatchStatus.exclude(['new']) });
export type MatchStatusPatch = z.infer<typeof MatchStatusPatch>;

const round = (x: number): number => Math.round(x * 10_000) / 10_000;

function core(m: Stored<MatchDoc>): z.infer<typeof MatchCore> {
  const rounded = (r: MatchDoc['components']) => Object.fromEntries(COMPONENTS.map((c) => [c, round(r[c])])) as MatchDoc['components'];
  return {
    id: m.id,
    vacancyId: m.vacancyId,
    status: m.status,
    score: round(m.total),
    components: rounded(m.components),
    weights: m.weights,
    reason: m.reason,
    demand: m.demand,
    retraining: retrainingView(m.retraining),
    scoredAt: m.scoredAt,
  };
}

/** Only what the flag schema names reaches a recruiter (parsing strips anything else); an unreadable flag shows as none. */
function retrainingView(stored: MatchDoc['retraining']): z.infer<typeof MatchCore>['retraining'] {
  const flag = stored ? RetrainingFlag.safeParse(stored) : null;
  return flag?.success ? { ...flag.data, label: retrainingLabel(flag.data) } : null;
}

const canSeeVacancyMatches = (principal: Principal, organisationId: string): boolean =>
  principal.role === 'admin' || principal.organisationIds.includes(organisationId);

/**
 * Ranked, anonymised candidates for a vacancy of the caller's organisation (admins: any).
 * Candidates who became hidden, stale or erased since scoring are left out at once, before
 * the workers remove their records.
 */
export async function listVacancyMatches(deps: Pick<Deps, 'store' | 'clock'>, principal: Principal, vacancyId: string, query: MatchListQuery): Promise<Page<CandidateMatch>> {
  const vacancy = await vacancies(deps.store).get(vacancyId);
  if (!vacancy || !canSeeVacancyMatches(principal, vacancy.organisationId)) throw notFound('Vacancy');
  const page = await findPage(matchesOf(deps.store), { vacancyId, ...(query.status ? { status: query.status } : {}) }, { limit: query.limit, cursor: query.cursor, sortField: 'total' });
  const now = deps.clock.now();
  const items: CandidateMatch[] = [];
  for (const m of page.items) {
    const profile = await profiles(deps.store).get(m.profileId);
    if (isEligibleProfile(profile, now)) items.push({ ...core(m), candidate: anonymise(profile) });
  }
  return { items, nextCursor: page.nextCursor };
}

/** The jobseeker's matched open vacancies, best first. */
export async function listMyMatches(deps: Pick<Deps, 'store' | 'clock'>, principal: Principal, query: MatchListQuery): Promise<Page<VacancyMatch>> {
  const profile = requireProfile(await findOwnProfile(deps, principal.accountId));
  const page = await findPage(matchesOf(deps.store), { profileId: profile.id, ...(query.status ? { status: query.status } : {}) }, { limit: query.limit, cursor: query.cursor, sortField: 'total' });
  const items: VacancyMatch[] = [];
  for (const m of page.items) {
    const vacancy = await vacancies(deps.store).get(m.vacancyId);
    if (vacancy?.status === 'open') items.push({ ...core(m), vacancy: publicVacancy(vacancy) });
  }
  return { items, nextCursor: page.nextCursor };
}

/**
 * Change a match's status. Members of the vacancy's organisation may set seen, contacted or
 * dismissed; the jobseeker the match is about may only dismiss it. Anyone else: not found.
 */
export async function updateMatchStatus(deps: Pick<Deps, 'store' | 'clock'>, principal: Principal, matchId: string, patch: MatchStatusPatch): Promise<z.infer<typeof MatchCore>> {
  const col = matchesOf(deps.store);
  const match = await col.get(matchId);
  if (!match) throw notFound('Match');
  if (principal.role === 'jobseeker') {
    const own = await findOwnProfile(deps, principal.accountId);
    if (!own || own.id !== match.profileId) throw notFound('Match');
    if (patch.status !== 'dismissed') throw new AppError('forbidden', 'A jobseeker can only dismiss a match');
  } else if (!principal.organisationIds.includes(match.organisationId)) {
    throw notFound('Match');
  }
  return core(await col.update(match.id, { status: patch.status }));
}
