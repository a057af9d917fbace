/**
 * Who coaches whom: an intermediary may see a jobseeker's pathways (and act for them) when one
 * of its organisations
 * 1. had a contact request accepted by that jobseeker,
 * 2. accepted an appointment request from them (the Leerwerkloket intake), or
 * 3. reviews a programme in which they applied for a voucher (a programme participant).
 * Each is something the jobseeker did themselves, so coaching always rests on their consent.
 * Admins (the gemeente) see everyone's. Anyone else gets 404 for the profile.
 */
import type { Deps } from '../deps.js';
import { notFound } from '../errors.js';
import type { Stored } from '../ports/store.js';
import type { Principal } from '../domain/accounts.js';
import { contactRequests } from '../domain/contact-requests.js';
import { profiles, type ProfileDoc } from '../domain/profiles.js';
import { appointments } from '../career-check/appointments.js';
import { programmes, vouchers } from '../programmes/index.js';

/** True when the principal coaches the profile (see the module comment). */
export async function coaches(deps: Pick<Deps, 'store'>, principal: Principal, profileId: string): Promise<boolean> {
  if (principal.role === 'admin') return true;
  if (principal.role !== 'intermediary' || principal.organisationIds.length === 0) return false;
  const orgs = { in: principal.organisationIds };
  if ((await contactRequests(deps.store).count({ profileId, organisationId: orgs, status: 'accepted' })) > 0) return true;
  if ((await appointments(deps.store).count({ profileId, organisationId: orgs, status: 'accepted' })) > 0) return true;
  const applied = await vouchers(deps.store).find({ profileId });
  for (const programmeId of new Set(applied.map((v) => v.programmeId))) {
    const programme = await programmes(deps.store).get(programmeId);
    if (programme?.reviewerOrganisationIds.some((o) => principal.organisationIds.includes(o))) return true;
  }
  return false;
}

/** The profile of someone the principal coaches, or 404 (whether it exists or not). */
export async function coachedProfile(deps: Pick<Deps, 'store'>, principal: Principal, profileId: string): Promise<Stored<ProfileDoc>> {
  const profile = await profiles(deps.store).get(profileId);
  if (!profile || !(await coaches(deps, principal, profileId))) throw notFound('Profile');
  return profile;
}
