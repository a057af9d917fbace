/**
 * A person's rights over their data (AVG/GDPR articles 15, 17 and 20): export everything we
 * hold about them as JSON, and erase it from the store, the search index and matches.
 */
import { z } from 'zod';
import type { Deps } from '../deps.js';
import { announceChange } from '../changes.js';
import { Account, accounts, getAccount, sessions } from './accounts.js';
import { ProfileView, profileViews, profileViewsOf } from './audit.js';
import { ContactRequest, contactRequestsOf, purgeContactRequestsOf } from './contact-requests.js';
import { Organisation, organisations, publicOrganisation, removeOrganisation } from './organisations.js';
import { findAll } from './pagination.js';
import { findOwnProfile, ownerView, Profile, profiles } from './profiles.js';
import { eraseRetrainingRecords, exportRetrainingRecords, RetrainingExport } from './personal-records.js';

/** Match records are written by the matching workers; this module only reads and erases them. */
const matches = (deps: Pick<Deps, 'store'>) => deps.store.collection<{ profileId: string }>('matches');

/** The export document (GDPR art. 15/20): everything stored about one person. */
export const PersonalDataExport = z.object({
  exportedAt: z.string(),
  account: Account,
  sessions: z.array(z.object({ createdAt: z.string(), expiresAt: z.string(), revokedAt: z.string().nullable() })),
  organisations: z.array(Organisation),
  profile: Profile.nullable(),
  contactRequests: z.array(ContactRequest),
  profileViews: z.array(ProfileView),
  /** Match records as the matching workers wrote them. */
  matches: z.array(z.record(z.string(), z.unknown())),
}).extend(RetrainingExport.shape);
export type PersonalDataExport = z.infer<typeof PersonalDataExport>;

/** Everything stored about the caller, in one JSON document (no password hash, no token digests). */
export async function exportPersonalData(deps: Pick<Deps, 'store' | 'clock'>, accountId: string): Promise<PersonalDataExport> {
  const account = await getAccount(deps, accountId);
  const profile = await findOwnProfile(deps, accountId);
  const orgs = await Promise.all(account.organisationIds.map((id) => organisations(deps.store).get(id)));
  return {
    exportedAt: deps.clock.now().toISOString(),
    account,
    sessions: (await findAll(sessions(deps.store), { accountId })).map((s) => ({ createdAt: s.createdAt, expiresAt: s.expiresAt, revokedAt: s.revokedAt })),
    organisations: orgs.filter((o) => o !== null).map(publicOrganisation),
    profile: profile ? ownerView(profile, deps.clock.now()) : null,
    contactRequests: await contactRequestsOf(deps, accountId),
    profileViews: await profileViewsOf(deps, accountId),
    matches: profile
      ? (await findAll(matches(deps), { profileId: profile.id })).map(({ version: _v, deletedAt: _d, ...rest }) => rest)
      : [],
    ...(await exportRetrainingRecords(deps, { accountId, profileId: profile?.id ?? null })),
  };
}

/**
 * Erase a person: profile, contact requests, views of their profile, matches, sessions and
 * the account, plus their entry in the candidate index; vouchers (anonymised where the ledger
 * must keep the amounts), career-check answers, appointments, basic-job offers and marks,
 * their subscriptions and the digest lines about them (personal-records.ts). Organisations
 * they were the last member of go too (with their vacancies).
 *
 * The profile leaves a tombstone holding nothing but its id, so the indexer and the matching
 * workers still learn that it is gone if the direct index delete below fails.
 */
export async function erasePersonalData(deps: Pick<Deps, 'store' | 'search' | 'queue' | 'logger'>, accountId: string): Promise<void> {
  const profile = await findOwnProfile(deps, accountId);
  await purgeContactRequestsOf(deps, accountId);
  await profileViews(deps.store).purgeWhere({ profileOwnerId: accountId });
  await eraseRetrainingRecords(deps, { accountId, profileId: profile?.id ?? null });
  if (profile) {
    await matches(deps).purgeWhere({ profileId: profile.id });
    await deps.store.collection<{ erased: true }>('profiles').upsert(profile.id, { erased: true });
    await profiles(deps.store).softDelete(profile.id);
    try {
      await deps.search.index('candidates').delete([profile.id]);
    } catch (err) {
      deps.logger.warn({ err, profileId: profile.id }, 'could not remove an erased profile from the index now; the indexer will');
    }
    await announceChange(deps, 'profile', profile.id);
  }
  const account = await accounts(deps.store).get(accountId);
  for (const orgId of account?.organisationIds ?? []) {
    const org = await organisations(deps.store).get(orgId);
    if (!org) continue;
    const others = org.memberIds.filter((m) => m !== accountId);
    if (others.length === 0) await removeOrganisation(deps, org);
    else await organisations(deps.store).update(org.id, { memberIds: others });
  }
  await sessions(deps.store).purgeWhere({ accountId });
  await accounts(deps.store).purge(accountId);
}
