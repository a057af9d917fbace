/**
 * Digest subscriptions: a recruiter (a member of an employer or intermediary organisation)
 * follows one of the organisation's vacancies or a saved candidate search, and gets new
 * matches by e-mail, daily or weekly at a time of day in Europe/Amsterdam.
 *
 * A subscription belongs to the account that made it and to the organisation it acted for;
 * everybody else (colleagues included) gets 404, as if it did not exist.
 */
import { z } from 'zod';
import type { Deps } from '../deps.js';
import { AppError, notFound } from '../errors.js';
import type { Collection, DocumentStore, Stored } from '../ports/store.js';
import type { Principal } from '../domain/accounts.js';
import { accounts } from '../domain/accounts.js';
import { email, id } from '../domain/fields.js';
import { organisations } from '../domain/organisations.js';
import { findPage, pageQuery, type Page } from '../domain/pagination.js';
import { vacancies } from '../domain/vacancies.js';
import { CandidateSearchQuery } from '../search/queries.js';
import { nextOccurrence } from './schedule.js';

/** Result-shaping parameters a saved search does not keep: a digest decides its own paging and order. */
const NOT_SAVED = ['page', 'limit', 'sort', 'facets'] as const;

/**
 * A saved candidate search: the query parameters of `GET /api/v1/search/candidates`, checked
 * by the same schema (JSON strings, numbers and arrays are accepted like query values).
 */
export const SavedSearch = z
  .record(z.string(), z.union([z.string().max(200), z.number(), z.boolean(), z.array(z.string().max(120)).max(20)]))
  .superRefine((value, ctx) => {
    for (const key of NOT_SAVED) if (key in value) ctx.addIssue({ code: 'custom', path: [key], message: 'is not saved with a search; digests page and order results themselves' });
    const asQuery = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v === 'number' || typeof v === 'boolean' ? String(v) : v]));
    const parsed = CandidateSearchQuery.safeParse(asQuery);
    if (!parsed.success) for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', path: issue.path as PropertyKey[], message: issue.message });
    if (Object.keys(value).length === 0) ctx.addIssue({ code: 'custom', path: [], message: 'give at least one search term or filter' });
  })
  .transform((value) => Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v === 'number' || typeof v === 'boolean' ? String(v) : v])) as Record<string, string | string[]>);
export type SavedSearch = z.infer<typeof SavedSearch>;

const scheduleFields = {
  frequency: z.enum(['daily', 'weekly']),
  /** ISO weekday for weekly digests: 1 = Monday … 7 = Sunday. */
  weekday: z.number().int().min(1).max(7).optional(),
  /** Local time in Europe/Amsterdam. */
  timeOfDay: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time as HH:MM (24-hour)').default('08:00'),
  /** Only matches scoring at least this (0–1) are sent. */
  minScore: z.number().min(0).max(1).default(0.5),
  /** Where the digest goes; the account's own address when absent. */
  email: email.optional(),
};

const weekdayRule = (v: { frequency: 'daily' | 'weekly'; weekday?: number | undefined }, ctx: z.RefinementCtx): void => {
  if (v.frequency === 'weekly' && v.weekday === undefined) ctx.addIssue({ code: 'custom', path: ['weekday'], message: 'is required for weekly digests (1 = Monday … 7 = Sunday)' });
  if (v.frequency === 'daily' && v.weekday !== undefined) ctx.addIssue({ code: 'custom', path: ['weekday'], message: 'is only for weekly digests' });
};

/** The body of `POST /api/v1/subscriptions`: a vacancy of the caller's organisation, or a saved search. */
export const SubscriptionInput = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('vacancy'), vacancyId: id, ...scheduleFields }),
    z.strictObject({ kind: z.literal('search'), search: SavedSearch, ...scheduleFields }),
  ])
  .superRefine(weekdayRule);
export type SubscriptionInput = z.infer<typeof SubscriptionInput>;

export const SubscriptionListQuery = z.strictObject({ ...pageQuery });

export interface SubscriptionDoc {
  kind: 'vacancy' | 'search';
  vacancyId: string | null;
  search: SavedSearch | null;
  frequency: 'daily' | 'weekly';
  weekday: number | null;
  timeOfDay: string;
  minScore: number;
  email: string;
  organisationId: string;
  createdBy: string;
  /** False once unsubscribed (by link or because the recruiter left the organisation). */
  active: boolean;
  deactivatedAt: string | null;
}

export const Subscription = z.object({
  id: z.string(),
  kind: z.enum(['vacancy', 'search']),
  vacancyId: z.string().nullable(),
  search: z.record(z.string(), z.unknown()).nullable(),
  frequency: z.enum(['daily', 'weekly']),
  weekday: z.number().nullable(),
  timeOfDay: z.string(),
  minScore: z.number(),
  email: z.string(),
  organisationId: z.string(),
  active: z.boolean(),
  /** When the next scheduled digest goes out (null when inactive). */
  nextDigestAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Subscription = z.infer<typeof Subscription>;

export const subscriptions = (store: DocumentStore): Collection<SubscriptionDoc> => store.collection<SubscriptionDoc>('subscriptions');

/** The API view, with when the next digest is due. */
export function publicSubscription(doc: Stored<SubscriptionDoc>, now: Date): Subscription {
  const { version: _v, deletedAt: _d, createdBy: _c, deactivatedAt: _a, ...rest } = doc;
  const next = doc.active ? nextOccurrence({ frequency: doc.frequency, weekday: doc.weekday ?? undefined, timeOfDay: doc.timeOfDay }, now).at.toISOString() : null;
  return { ...rest, nextDigestAt: next };
}

/** Subscribe the caller, acting for `organisationId`, to a vacancy of that organisation or to a saved search. */
export async function createSubscription(
  deps: Pick<Deps, 'store' | 'clock'>,
  principal: Principal,
  organisationId: string,
  input: SubscriptionInput,
): Promise<Subscription> {
  if (input.kind === 'vacancy') {
    const vacancy = await vacancies(deps.store).get(input.vacancyId);
    // Another organisation's vacancy (even an open one) cannot be followed: its matches are that organisation's.
    if (!vacancy || vacancy.organisationId !== organisationId) throw notFound('Vacancy');
  }
  const account = await accounts(deps.store).get(principal.accountId);
  if (!account) throw new AppError('unauthenticated', 'The account no longer exists');
  const saved = await subscriptions(deps.store).insert({
    kind: input.kind,
    vacancyId: input.kind === 'vacancy' ? input.vacancyId : null,
    search: input.kind === 'search' ? input.search : null,
    frequency: input.frequency,
    weekday: input.weekday ?? null,
    timeOfDay: input.timeOfDay,
    minScore: input.minScore,
    email: input.email ?? account.email,
    organisationId,
    createdBy: principal.accountId,
    active: true,
    deactivatedAt: null,
  });
  return publicSubscription(saved, deps.clock.now());
}

/** The caller's own subscription, or `not_found` (also for a colleague's or a deleted one). */
export async function getOwnSubscription(deps: Pick<Deps, 'store'>, principal: Principal, subscriptionId: string): Promise<Stored<SubscriptionDoc>> {
  const doc = await subscriptions(deps.store).get(subscriptionId);
  if (!doc || doc.createdBy !== principal.accountId || !principal.organisationIds.includes(doc.organisationId)) throw notFound('Subscription');
  return doc;
}

/** The caller's subscriptions, newest first. */
export async function listSubscriptions(
  deps: Pick<Deps, 'store' | 'clock'>,
  principal: Principal,
  query: z.infer<typeof SubscriptionListQuery>,
): Promise<Page<Subscription>> {
  const page = await findPage(subscriptions(deps.store), { createdBy: principal.accountId }, query);
  const now = deps.clock.now();
  return {
    items: page.items.filter((s) => principal.organisationIds.includes(s.organisationId)).map((s) => publicSubscription(s, now)),
    nextCursor: page.nextCursor,
  };
}

/** Delete an own subscription (soft: its digest records keep pointing at something). */
export async function deleteSubscription(deps: Pick<Deps, 'store'>, principal: Principal, subscriptionId: string): Promise<void> {
  const doc = await getOwnSubscription(deps, principal, subscriptionId);
  await subscriptions(deps.store).softDelete(doc.id);
}

/** Stop a subscription (unsubscribe link). Idempotent; false when there was nothing to stop. */
export async function deactivateSubscription(deps: Pick<Deps, 'store' | 'clock'>, subscriptionId: string): Promise<boolean> {
  const doc = await subscriptions(deps.store).get(subscriptionId);
  if (!doc || !doc.active) return false;
  await subscriptions(deps.store).update(doc.id, { active: false, deactivatedAt: deps.clock.now().toISOString() });
  return true;
}

/**
 * Whether a subscription may still be served: its maker still exists and is still a member of
 * its organisation, and (for a vacancy) the vacancy still belongs to it.
 */
export async function subscriptionStillValid(deps: Pick<Deps, 'store'>, sub: Stored<SubscriptionDoc>): Promise<boolean> {
  const [account, org] = await Promise.all([accounts(deps.store).get(sub.createdBy), organisations(deps.store).get(sub.organisationId)]);
  if (!account || !org || !org.memberIds.includes(account.id)) return false;
  if (sub.kind === 'vacancy') {
    const vacancy = await vacancies(deps.store).get(sub.vacancyId!);
    if (!vacancy || vacancy.organisationId !== sub.organisationId) return false;
  }
  return true;
}
