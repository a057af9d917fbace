/**
 * Organisations viewing profiles: every view is logged (the jobseeker can read who looked and
 * when), and an organisation opening more than PROFILE_VIEW_LIMIT profiles in an hour is
 * stopped and flagged to admins. Bulk harvesting of CVs is how national CV databases leaked.
 */
import { z } from 'zod';
import type { Deps } from '../deps.js';
import { AppError, notFound } from '../errors.js';
import type { Collection, DocumentStore, Stored } from '../ports/store.js';
import type { Principal } from './accounts.js';
import { hasAcceptedContact } from './contact-requests.js';
import { organisations } from './organisations.js';
import { findAll, findPage, pageQuery, type Page } from './pagination.js';
import { anonymise, getReachableProfile, type AnonymousProfile } from './profiles.js';

const HOUR_MS = 60 * 60 * 1000;

export interface ProfileViewDoc {
  organisationId: string;
  organisationName: string;
  viewerAccountId: string;
  profileId: string;
  profileOwnerId: string;
  viewedAt: string;
}

export interface FlagDoc {
  kind: 'profile_view_rate';
  organisationId: string;
  organisationName: string;
  /** Start of the hour window in which the limit was hit. */
  windowStart: string;
  limit: number;
  /** The latest time a view was refused in this window. */
  lastRefusedAt: string;
  refused: number;
}

/** What the jobseeker sees: which organisation, and when (not which employee). */
export const ProfileView = z.object({ organisationId: z.string(), organisationName: z.string(), viewedAt: z.string() });
export type ProfileView = z.infer<typeof ProfileView>;

export const Flag = z.object({
  id: z.string(),
  kind: z.literal('profile_view_rate'),
  organisationId: z.string(),
  organisationName: z.string(),
  windowStart: z.string(),
  limit: z.number(),
  lastRefusedAt: z.string(),
  refused: z.number(),
  createdAt: z.string(),
});

export const AuditListQuery = z.strictObject({ ...pageQuery });

export const profileViews = (store: DocumentStore): Collection<ProfileViewDoc> => store.collection<ProfileViewDoc>('profile_views');
export const flags = (store: DocumentStore): Collection<FlagDoc> => store.collection<FlagDoc>('flags');

/**
 * Refuse (429) and flag when the organisation already viewed PROFILE_VIEW_LIMIT profiles in
 * the last hour. Every opening counts, repeats included: each one shows personal data again.
 */
async function throttleViews(deps: Pick<Deps, 'store' | 'clock' | 'config' | 'logger'>, org: { id: string; name: string }): Promise<void> {
  const now = deps.clock.now();
  const since = new Date(now.getTime() - HOUR_MS).toISOString();
  const recent = await profileViews(deps.store).count({ organisationId: org.id, viewedAt: { gt: since } });
  const limit = deps.config.PROFILE_VIEW_LIMIT;
  if (recent < limit) return;
  // One flag per organisation per clock hour, however often it keeps trying.
  const windowStart = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS).toISOString();
  const flagId = `views_${org.id}_${windowStart.slice(0, 13).replace(/[^0-9]/g, '')}`;
  const existing = await flags(deps.store).get(flagId);
  await flags(deps.store).upsert(flagId, {
    kind: 'profile_view_rate',
    organisationId: org.id,
    organisationName: org.name,
    windowStart,
    limit,
    lastRefusedAt: now.toISOString(),
    refused: (existing?.refused ?? 0) + 1,
  });
  if (!existing) deps.logger.warn({ organisationId: org.id, limit }, 'organisation hit the profile view limit; flagged for admins');
  throw new AppError('rate_limited', `Your organisation opened more than ${limit} profiles in the last hour; try again later`, {
    extra: { retryAfterSeconds: Math.ceil(HOUR_MS / 1000) },
  });
}

/**
 * An organisation opens a profile: reachable profiles only (visible, fresh), throttled,
 * logged, and anonymised unless the jobseeker accepted this organisation's contact request.
 */
export async function viewProfileAsOrganisation(
  deps: Pick<Deps, 'store' | 'clock' | 'config' | 'logger'>,
  principal: Principal,
  organisationId: string,
  profileId: string,
): Promise<AnonymousProfile> {
  const org = await organisations(deps.store).get(organisationId);
  if (!org) throw notFound('Organisation');
  const profile = await getReachableProfile(deps, profileId);
  await throttleViews(deps, org);
  await profileViews(deps.store).insert({
    organisationId: org.id,
    organisationName: org.name,
    viewerAccountId: principal.accountId,
    profileId: profile.id,
    profileOwnerId: profile.ownerId,
    viewedAt: deps.clock.now().toISOString(),
  });
  const view = anonymise(profile);
  if (await hasAcceptedContact(deps, org.id, profile.id)) view.contact = profile.contact;
  return view;
}

const publicView = (doc: Stored<ProfileViewDoc>): ProfileView => ({
  organisationId: doc.organisationId,
  organisationName: doc.organisationName,
  viewedAt: doc.viewedAt,
});

/** Who viewed my profile and when, newest first. */
export async function listMyProfileViews(deps: Pick<Deps, 'store'>, ownerId: string, query: z.infer<typeof AuditListQuery>): Promise<Page<ProfileView>> {
  const page = await findPage(profileViews(deps.store), { profileOwnerId: ownerId }, { ...query, sortField: 'viewedAt' });
  return { items: page.items.map(publicView), nextCursor: page.nextCursor };
}

/** Every view of a person's profile (for the export). */
export async function profileViewsOf(deps: Pick<Deps, 'store'>, ownerId: string): Promise<ProfileView[]> {
  return (await findAll(profileViews(deps.store), { profileOwnerId: ownerId })).map(publicView);
}

/** Flags for admins, newest first. */
export async function listFlags(deps: Pick<Deps, 'store'>, query: z.infer<typeof AuditListQuery>): Promise<Page<z.infer<typeof Flag>>> {
  const page = await findPage(flags(deps.store), {}, query);
  return {
    items: page.items.map(({ version: _v, deletedAt: _d, updatedAt: _u, ...rest }) => rest),
    nextCursor: page.nextCursor,
  };
}
