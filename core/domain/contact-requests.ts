/**
 * Contact requests: an organisation asks a jobseeker for contact; only an accepted request
 * releases the jobseeker's contact details, and only to that organisation.
 */
import { z } from 'zod';
import type { Deps } from '../deps.js';
import { AppError, conflict, notFound } from '../errors.js';
import type { Collection, DocumentStore, Filter, Stored } from '../ports/store.js';
import type { Principal } from './accounts.js';
import { id, longText } from './fields.js';
import { organisations } from './organisations.js';
import { getReachableProfile } from './profiles.js';
import { findAll, findPage, pageQuery, type Page } from './pagination.js';
import { vacancies } from './vacancies.js';
import { emitEvent } from '../webhooks/index.js';

export const ContactRequestStatus = z.enum(['pending', 'accepted', 'declined']);

export const ContactRequestInput = z.strictObject({
  profileId: id,
  /** The vacancy this is about, if any; must be one of the organisation's own. */
  vacancyId: id.optional(),
  message: longText(2000).optional(),
});
export type ContactRequestInput = z.infer<typeof ContactRequestInput>;

export const ContactRequestListQuery = z.strictObject({ status: ContactRequestStatus.optional(), ...pageQuery });

export const ContactRequest = z.object({
  id: z.string(),
  organisationId: z.string(),
  organisationName: z.string(),
  profileId: z.string(),
  vacancyId: z.string().nullable(),
  vacancyTitle: z.string().nullable(),
  message: z.string().nullable(),
  status: ContactRequestStatus,
  respondedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type ContactRequest = z.infer<typeof ContactRequest>;

export interface ContactRequestDoc {
  organisationId: string;
  /** Copied at creation so the jobseeker still sees who asked after a rename or deletion. */
  organisationName: string;
  profileId: string;
  profileOwnerId: string;
  vacancyId: string | null;
  vacancyTitle: string | null;
  message: string | null;
  status: z.infer<typeof ContactRequestStatus>;
  respondedAt: string | null;
  createdBy: string;
}

export const contactRequests = (store: DocumentStore): Collection<ContactRequestDoc> => store.collection<ContactRequestDoc>('contact_requests');

/**
 * One document per (organisation, profile) while a request is pending. Inserting it is the
 * atomic "is there already a pending one?" check: a duplicate id is a conflict in every adapter.
 */
const pendingLocks = (store: DocumentStore): Collection<{ requestId: string }> => store.collection<{ requestId: string }>('contact_request_locks');
const lockId = (organisationId: string, profileId: string): string => `${organisationId}_${profileId}`;

export function publicContactRequest(doc: Stored<ContactRequestDoc>): ContactRequest {
  return {
    id: doc.id,
    organisationId: doc.organisationId,
    organisationName: doc.organisationName,
    profileId: doc.profileId,
    vacancyId: doc.vacancyId,
    vacancyTitle: doc.vacancyTitle,
    message: doc.message,
    status: doc.status,
    respondedAt: doc.respondedAt,
    createdAt: doc.createdAt,
  };
}

/** Send a contact request from the acting organisation to a visible, fresh profile. */
export async function createContactRequest(
  deps: Pick<Deps, 'store' | 'clock'>,
  principal: Principal,
  organisationId: string,
  input: ContactRequestInput,
): Promise<ContactRequest> {
  const profile = await getReachableProfile(deps, input.profileId);
  const org = await organisations(deps.store).get(organisationId);
  if (!org) throw notFound('Organisation');
  let vacancyTitle: string | null = null;
  if (input.vacancyId) {
    const vacancy = await vacancies(deps.store).get(input.vacancyId);
    if (!vacancy || vacancy.organisationId !== organisationId) throw notFound('Vacancy');
    vacancyTitle = vacancy.title;
  }
  const [accepted] = await contactRequests(deps.store).find({ organisationId, profileId: profile.id, status: 'accepted' }, { limit: 1 });
  if (accepted) throw conflict('This jobseeker already accepted a contact request from your organisation');

  const lock = lockId(organisationId, profile.id);
  try {
    await pendingLocks(deps.store).insert({ id: lock, requestId: '' });
  } catch (e) {
    if (e instanceof AppError && e.code === 'conflict') throw conflict('A contact request to this jobseeker is already pending');
    throw e;
  }
  let saved: Stored<ContactRequestDoc>;
  try {
    saved = await contactRequests(deps.store).insert({
      organisationId,
      organisationName: org.name,
      profileId: profile.id,
      profileOwnerId: profile.ownerId,
      vacancyId: input.vacancyId ?? null,
      vacancyTitle,
      message: input.message ?? null,
      status: 'pending',
      respondedAt: null,
      createdBy: principal.accountId,
    });
    await pendingLocks(deps.store).update(lock, { requestId: saved.id });
  } catch (e) {
    // Without its request the lock would block this organisation from ever asking again.
    await pendingLocks(deps.store).purge(lock);
    throw e;
  }
  return publicContactRequest(saved);
}

/**
 * A jobseeker sees the requests to their profile; an organisation member sees the requests
 * of the organisations they belong to (or the one they name).
 */
export async function listContactRequests(
  deps: Pick<Deps, 'store'>,
  principal: Principal,
  query: z.infer<typeof ContactRequestListQuery>,
  organisationId?: string,
): Promise<Page<ContactRequest>> {
  const filter: Filter = {};
  if (principal.role === 'jobseeker') {
    filter.profileOwnerId = principal.accountId;
  } else {
    filter.organisationId = organisationId ?? { in: principal.organisationIds };
  }
  if (query.status) filter.status = query.status;
  const page = await findPage(contactRequests(deps.store), filter, query);
  return { items: page.items.map(publicContactRequest), nextCursor: page.nextCursor };
}

/** Accept or decline a pending request to the caller's own profile; others' requests are "not found". */
export async function answerContactRequest(
  deps: Pick<Deps, 'store' | 'clock' | 'queue' | 'logger'>,
  principal: Principal,
  requestId: string,
  answer: 'accepted' | 'declined',
): Promise<ContactRequest> {
  const doc = await contactRequests(deps.store).get(requestId);
  if (!doc || doc.profileOwnerId !== principal.accountId) throw notFound('Contact request');
  if (doc.status !== 'pending') throw conflict(`This contact request was already ${doc.status}`);
  const saved = await contactRequests(deps.store).update(
    doc.id,
    { status: answer, respondedAt: deps.clock.now().toISOString() },
    { ifMatch: { status: 'pending' } },
  );
  await pendingLocks(deps.store).purge(lockId(doc.organisationId, doc.profileId));
  const answered = publicContactRequest(saved);
  // Only enqueues: the organisation's receiver, however slow, never delays this answer.
  if (answer === 'accepted') await emitEvent(deps, doc.organisationId, 'contact_request.accepted', { contactRequest: answered });
  return answered;
}

/** Whether this organisation may see this profile's contact details. */
export async function hasAcceptedContact(deps: Pick<Deps, 'store'>, organisationId: string, profileId: string): Promise<boolean> {
  return (await contactRequests(deps.store).count({ organisationId, profileId, status: 'accepted' })) > 0;
}

/** Every request to a person's profile, oldest first (for the export). */
export async function contactRequestsOf(deps: Pick<Deps, 'store'>, ownerId: string): Promise<ContactRequest[]> {
  return (await findAll(contactRequests(deps.store), { profileOwnerId: ownerId })).map(publicContactRequest);
}

/** Remove every contact request (and pending lock) about a person's profile (erasure). */
export async function purgeContactRequestsOf(deps: Pick<Deps, 'store'>, ownerId: string): Promise<void> {
  for (const r of await findAll(contactRequests(deps.store), { profileOwnerId: ownerId })) {
    await pendingLocks(deps.store).purge(lockId(r.organisationId, r.profileId));
  }
  await contactRequests(deps.store).purgeWhere({ profileOwnerId: ownerId });
}
