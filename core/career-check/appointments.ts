/**
 * Appointment requests with an adviser (the Leerwerkloket, a re-integratie bureau, the
 * gemeente): a jobseeker asks, members of that intermediary organisation see and answer.
 * Requesting one is consent to share name and e-mail with that organisation (and, when
 * `shareReport` is set, the Loopbaan-APK report), so the adviser can actually get in touch.
 */
import { z } from 'zod';
import type { Deps } from '../deps.js';
import { conflict, invalid, notFound } from '../errors.js';
import type { Collection, DocumentStore, Stored } from '../ports/store.js';
import type { Principal } from '../domain/accounts.js';
import { id, isoDate, longText } from '../domain/fields.js';
import { organisations, type OrganisationDoc } from '../domain/organisations.js';
import { findOwnProfile, requireProfile } from '../domain/profiles.js';
import { lookupPlace } from '../places/index.js';

export const AppointmentTopic = z.enum(['loopbaan-apk', 'scholing', 'voucher', 'wijkbasisbaan', 'anders']);
export const AppointmentStatus = z.enum(['requested', 'accepted', 'declined', 'cancelled']);
export type AppointmentStatus = z.infer<typeof AppointmentStatus>;

export const AppointmentInput = z.strictObject({
  /** The intermediary organisation; defaults to the adviser the career check suggests for your region. */
  organisationId: id.optional(),
  topic: AppointmentTopic,
  message: longText(2000).optional(),
  preferredDates: z.array(isoDate).max(10).default([]),
  /** Let the adviser read your Loopbaan-APK report. */
  shareReport: z.boolean().default(true),
});
export type AppointmentInput = z.infer<typeof AppointmentInput>;

export const AppointmentAnswer = z
  .strictObject({
    status: z.enum(['accepted', 'declined']),
    message: longText(2000),
    /** When and where, for an accepted request (ISO date-time). */
    proposedAt: z.iso.datetime({ offset: true }).optional(),
    location: longText(300).optional(),
  })
  .refine((a) => a.status !== 'accepted' || a.proposedAt !== undefined, { path: ['proposedAt'], message: 'is required when accepting' });
export type AppointmentAnswer = z.infer<typeof AppointmentAnswer>;

export const AppointmentListQuery = z.strictObject({ status: AppointmentStatus.optional() });

export interface AppointmentDoc {
  profileId: string;
  requesterId: string;
  /** Shared with the organisation by requesting (consent), copied so the adviser can call back. */
  requesterName: string;
  requesterEmail: string;
  organisationId: string;
  organisationName: string;
  topic: z.infer<typeof AppointmentTopic>;
  message: string | null;
  preferredDates: string[];
  shareReport: boolean;
  status: AppointmentStatus;
  answer: { message: string; proposedAt: string | null; location: string | null; answeredBy: string; answeredAt: string } | null;
}

export const Appointment = z.object({
  id: z.string(),
  profileId: z.string(),
  requesterName: z.string(),
  requesterEmail: z.string(),
  organisationId: z.string(),
  organisationName: z.string(),
  topic: AppointmentTopic,
  message: z.string().nullable(),
  preferredDates: z.array(z.string()),
  shareReport: z.boolean(),
  status: AppointmentStatus,
  answer: z.object({ message: z.string(), proposedAt: z.string().nullable(), location: z.string().nullable(), answeredAt: z.string() }).nullable(),
  createdAt: z.string(),
});
export type Appointment = z.infer<typeof Appointment>;

export const appointments = (store: DocumentStore): Collection<AppointmentDoc> => store.collection<AppointmentDoc>('appointments');

export function publicAppointment(doc: Stored<AppointmentDoc>): Appointment {
  const { version: _v, deletedAt: _d, requesterId: _r, updatedAt: _u, answer, ...rest } = doc;
  return { ...rest, answer: answer ? { message: answer.message, proposedAt: answer.proposedAt, location: answer.location, answeredAt: answer.answeredAt } : null };
}

/**
 * The intermediary organisations of a region, Leerwerkloket first: the advisers a jobseeker
 * is pointed to. An organisation's region comes from its place.
 */
export async function advisersFor(deps: Pick<Deps, 'store'>, region: string | null): Promise<Stored<OrganisationDoc>[]> {
  const all = await organisations(deps.store).find({ kind: 'intermediary' }, { sort: { field: 'createdAt', direction: 'asc' } });
  const inRegion = all.filter((o) => region !== null && o.place && lookupPlace(o.place)?.region === region);
  return inRegion.sort((a, b) => Number(/leerwerkloket/i.test(b.name)) - Number(/leerwerkloket/i.test(a.name)));
}

/** A jobseeker asks an intermediary organisation for an appointment. */
export async function requestAppointment(deps: Pick<Deps, 'store'>, principal: Principal, input: AppointmentInput): Promise<Appointment> {
  const profile = requireProfile(await findOwnProfile(deps, principal.accountId));
  let org: Stored<OrganisationDoc> | null | undefined;
  if (input.organisationId) {
    org = await organisations(deps.store).get(input.organisationId);
    if (!org || org.kind !== 'intermediary') throw invalid('Not an adviser organisation', [{ path: 'organisationId', message: 'must be an intermediary organisation' }]);
  } else {
    org = (await advisersFor(deps, profile.region))[0];
    if (!org) throw invalid('There is no adviser in your region yet; choose an organisation', [{ path: 'organisationId', message: 'is required here' }]);
  }
  const open = await appointments(deps.store).find({ profileId: profile.id, organisationId: org.id, status: 'requested' }, { limit: 1 });
  if (open.length) throw conflict('You already have an open request with this organisation');
  const doc = await appointments(deps.store).insert({
    profileId: profile.id,
    requesterId: principal.accountId,
    requesterName: profile.contact.name,
    requesterEmail: profile.contact.email,
    organisationId: org.id,
    organisationName: org.name,
    topic: input.topic,
    message: input.message ?? null,
    preferredDates: input.preferredDates,
    shareReport: input.shareReport,
    status: 'requested',
    answer: null,
  });
  return publicAppointment(doc);
}

/** The jobseeker's own requests, newest first. */
export async function listMyAppointments(deps: Pick<Deps, 'store'>, principal: Principal): Promise<Appointment[]> {
  return (await appointments(deps.store).find({ requesterId: principal.accountId }, { sort: { field: 'createdAt', direction: 'desc' } })).map(publicAppointment);
}

/** Requests addressed to the caller's organisations (admins: all), oldest open first. */
export async function listOrganisationAppointments(deps: Pick<Deps, 'store'>, principal: Principal, status?: AppointmentStatus): Promise<Appointment[]> {
  const filter = { ...(principal.role === 'admin' ? {} : { organisationId: { in: principal.organisationIds } }), ...(status ? { status } : {}) };
  return (await appointments(deps.store).find(filter, { sort: { field: 'createdAt', direction: 'asc' } })).map(publicAppointment);
}

/** An appointment addressed to one of the caller's organisations, or 404. */
export async function organisationAppointment(deps: Pick<Deps, 'store'>, principal: Principal, appointmentId: string): Promise<Stored<AppointmentDoc>> {
  const doc = await appointments(deps.store).get(appointmentId);
  if (!doc || !(principal.role === 'admin' || principal.organisationIds.includes(doc.organisationId))) throw notFound('Appointment');
  return doc;
}

/** Accept (with a time) or decline a request; each request is answered once. */
export async function answerAppointment(deps: Pick<Deps, 'store' | 'clock'>, principal: Principal, appointmentId: string, input: AppointmentAnswer): Promise<Appointment> {
  const doc = await organisationAppointment(deps, principal, appointmentId);
  if (doc.status !== 'requested') throw conflict(`This request is already ${doc.status}`);
  const answer = { message: input.message, proposedAt: input.proposedAt ?? null, location: input.location ?? null, answeredBy: principal.accountId, answeredAt: deps.clock.now().toISOString() };
  return publicAppointment(await appointments(deps.store).update(doc.id, { status: input.status, answer }, { ifMatch: { status: 'requested' } }));
}
