/**
 * Wijkbasisbanen (neighbourhood basic jobs): paid work on a public task in the
 * neighbourhood, for residents the municipality marked eligible, for whom a regular job is
 * still a step too far. Intermediaries create them, match eligible residents and offer the
 * job; residents accept or decline. An admin must sign off that a basic job displaces no
 * regular job before it can be opened.
 *
 * **Why a collection of its own (`basic_jobs`) and not a `kind` on vacancies**: everything
 * that reads vacancies (the public list, search indexing, the matching workers, digests,
 * webhooks) would have to learn to leave basic jobs out, and one forgotten reader would leak
 * them into public search. Kept apart, they are private by construction: nothing public
 * ever reads this collection.
 */
import { z } from 'zod';
import type { Deps } from '../deps.js';
import { AppError, conflict, invalid, notFound } from '../errors.js';
import type { Collection, DocumentStore, Filter, Stored } from '../ports/store.js';
import type { Principal } from '../domain/accounts.js';
import { id, isoDate, longText, text } from '../domain/fields.js';
import { placeName, resolvePlace } from '../domain/location.js';
import { AnonymousProfile, anonymise, findOwnProfile, profiles, requireProfile } from '../domain/profiles.js';
import { isStale } from '../domain/freshness.js';
import { distanceKm } from '../matching/score.js';
import { personSkills, skillKey } from '../pathways/skills.js';

export const BasicJobStatus = z.enum(['draft', 'open', 'filled', 'closed']);
export type BasicJobStatus = z.infer<typeof BasicJobStatus>;

export const BasicJobInput = z.strictObject({
  title: text(120),
  description: longText(4000),
  /** The public task it fulfils, e.g. "schone en veilige speelpleinen in Feijenoord". */
  publicTask: longText(1000),
  /** Where the work is done (a wijkteam, a buurthuis, the gemeente's own service). */
  hostName: text(160),
  place: placeName,
  hoursPerWeek: z.number().int().min(1).max(40),
  skills: z.array(text(120)).max(20).default([]),
  startDate: isoDate.nullable().default(null),
});
export type BasicJobInput = z.infer<typeof BasicJobInput>;

export const SignOffInput = z.strictObject({
  /** The admin confirms the job displaces no regular job (verdringingstoets). */
  noDisplacement: z.literal(true),
  statement: longText(2000),
});

export const EligibilityInput = z.strictObject({ profileId: id, eligible: z.boolean(), reason: longText(1000) });
export const OfferInput = z.strictObject({ profileId: id, message: longText(2000).optional() });
export const OfferAnswer = z.strictObject({ accept: z.boolean(), message: longText(1000).optional() });

export interface BasicJobDoc {
  title: string;
  description: string;
  publicTask: string;
  hostName: string;
  place: string;
  region: string | null;
  geo: { lat: number; lng: number } | null;
  hoursPerWeek: number;
  skills: string[];
  startDate: string | null;
  organisationId: string | null;
  createdBy: string;
  status: BasicJobStatus;
  signOff: { by: string; at: string; statement: string } | null;
  filledBy: string | null;
}

export interface EligibilityDoc {
  profileId: string;
  eligible: boolean;
  reason: string;
  markedBy: string;
  markedAt: string;
}

export interface OfferDoc {
  basicJobId: string;
  profileId: string;
  ownerId: string;
  organisationId: string | null;
  title: string;
  publicTask: string;
  hostName: string;
  place: string;
  hoursPerWeek: number;
  message: string | null;
  status: 'offered' | 'accepted' | 'declined' | 'withdrawn';
  answeredAt: string | null;
  answerMessage: string | null;
}

export const BasicJob = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  publicTask: z.string(),
  hostName: z.string(),
  place: z.string(),
  region: z.string().nullable(),
  hoursPerWeek: z.number(),
  skills: z.array(z.string()),
  startDate: z.string().nullable(),
  organisationId: z.string().nullable(),
  status: BasicJobStatus,
  signOff: z.object({ at: z.string(), statement: z.string() }).nullable().describe('the admin’s sign-off that it displaces no regular job'),
  filled: z.boolean(),
  createdAt: z.string(),
});
export type BasicJob = z.infer<typeof BasicJob>;

export const Eligibility = z.object({ profileId: z.string(), eligible: z.boolean(), reason: z.string(), markedAt: z.string() });
export const Offer = z.object({
  id: z.string(),
  basicJobId: z.string(),
  profileId: z.string(),
  title: z.string(),
  publicTask: z.string(),
  hostName: z.string(),
  place: z.string(),
  hoursPerWeek: z.number(),
  message: z.string().nullable(),
  status: z.enum(['offered', 'accepted', 'declined', 'withdrawn']),
  answeredAt: z.string().nullable(),
  createdAt: z.string(),
});
export type Offer = z.infer<typeof Offer>;
export const BasicJobCandidate = z.object({ score: z.number(), distanceKm: z.number().nullable(), skillsMatched: z.number(), candidate: AnonymousProfile });

export const basicJobs = (store: DocumentStore): Collection<BasicJobDoc> => store.collection<BasicJobDoc>('basic_jobs');
export const eligibility = (store: DocumentStore): Collection<EligibilityDoc> => store.collection<EligibilityDoc>('basic_job_eligibility');
export const offers = (store: DocumentStore): Collection<OfferDoc> => store.collection<OfferDoc>('basic_job_offers');

export function publicBasicJob(doc: Stored<BasicJobDoc>): BasicJob {
  return {
    id: doc.id,
    title: doc.title,
    description: doc.description,
    publicTask: doc.publicTask,
    hostName: doc.hostName,
    place: doc.place,
    region: doc.region,
    hoursPerWeek: doc.hoursPerWeek,
    skills: doc.skills,
    startDate: doc.startDate,
    organisationId: doc.organisationId,
    status: doc.status,
    signOff: doc.signOff ? { at: doc.signOff.at, statement: doc.signOff.statement } : null,
    filled: doc.filledBy !== null,
    createdAt: doc.createdAt,
  };
}

const publicOffer = (d: Stored<OfferDoc>): Offer => ({
  id: d.id,
  basicJobId: d.basicJobId,
  profileId: d.profileId,
  title: d.title,
  publicTask: d.publicTask,
  hostName: d.hostName,
  place: d.place,
  hoursPerWeek: d.hoursPerWeek,
  message: d.message,
  status: d.status,
  answeredAt: d.answeredAt,
  createdAt: d.createdAt,
});

const now = (deps: Pick<Deps, 'clock'>) => deps.clock.now().toISOString();

/** Admin: mark (or unmark) a resident as eligible for basic jobs. One record per profile. */
export async function setEligibility(deps: Pick<Deps, 'store' | 'clock'>, principal: Principal, input: z.infer<typeof EligibilityInput>): Promise<z.infer<typeof Eligibility>> {
  const profile = await profiles(deps.store).get(input.profileId);
  if (!profile) throw notFound('Profile');
  const doc = await eligibility(deps.store).upsert(profile.id, { profileId: profile.id, eligible: input.eligible, reason: input.reason, markedBy: principal.accountId, markedAt: now(deps) });
  return { profileId: doc.profileId, eligible: doc.eligible, reason: doc.reason, markedAt: doc.markedAt };
}

/** Admin: every resident marked (eligible or not), newest first. */
export async function listEligibility(deps: Pick<Deps, 'store'>): Promise<Array<z.infer<typeof Eligibility>>> {
  return (await eligibility(deps.store).find({}, { sort: { field: 'updatedAt', direction: 'desc' } })).map((d) => ({ profileId: d.profileId, eligible: d.eligible, reason: d.reason, markedAt: d.markedAt }));
}

const isEligible = async (deps: Pick<Deps, 'store'>, profileId: string): Promise<boolean> => (await eligibility(deps.store).get(profileId))?.eligible === true;

/** An intermediary (for its first organisation) or an admin creates a draft basic job. */
export async function createBasicJob(deps: Pick<Deps, 'store'>, principal: Principal, input: BasicJobInput): Promise<BasicJob> {
  const { place, ...rest } = input;
  const organisationId = principal.role === 'admin' ? null : (principal.organisationIds[0] ?? null);
  if (principal.role !== 'admin' && !organisationId) throw new AppError('forbidden', 'Join an organisation first');
  const doc = await basicJobs(deps.store).insert({ ...rest, ...resolvePlace(place), organisationId, createdBy: principal.accountId, status: 'draft', signOff: null, filledBy: null });
  return publicBasicJob(doc);
}

/** A basic job the caller manages: its organisation's, or any for admins. Others: 404. */
async function managed(deps: Pick<Deps, 'store'>, principal: Principal, jobId: string): Promise<Stored<BasicJobDoc>> {
  const doc = await basicJobs(deps.store).get(jobId);
  if (!doc || !(principal.role === 'admin' || (doc.organisationId !== null && principal.organisationIds.includes(doc.organisationId)))) throw notFound('Basic job');
  return doc;
}

export const getBasicJob = async (deps: Pick<Deps, 'store'>, principal: Principal, jobId: string): Promise<BasicJob> => publicBasicJob(await managed(deps, principal, jobId));

/** Basic jobs the caller manages, newest first. */
export async function listBasicJobs(deps: Pick<Deps, 'store'>, principal: Principal): Promise<BasicJob[]> {
  const filter: Filter = principal.role === 'admin' ? {} : { organisationId: { in: principal.organisationIds } };
  return (await basicJobs(deps.store).find(filter, { sort: { field: 'createdAt', direction: 'desc' } })).map(publicBasicJob);
}

/** Admin: sign off that the job displaces no regular job (once). */
export async function signOffBasicJob(deps: Pick<Deps, 'store' | 'clock'>, principal: Principal, jobId: string, input: z.infer<typeof SignOffInput>): Promise<BasicJob> {
  const doc = await managed(deps, principal, jobId);
  if (doc.signOff) throw conflict('This basic job is already signed off');
  return publicBasicJob(await basicJobs(deps.store).update(doc.id, { signOff: { by: principal.accountId, at: now(deps), statement: input.statement } }, { ifVersion: doc.version }));
}

/** Open a draft for offers; refused (409) until an admin signed off on displacement. */
export async function openBasicJob(deps: Pick<Deps, 'store'>, principal: Principal, jobId: string): Promise<BasicJob> {
  const doc = await managed(deps, principal, jobId);
  if (!doc.signOff) throw conflict('An admin must first sign off that this job displaces no regular job');
  if (doc.status !== 'draft') throw conflict(`This basic job is ${doc.status}`);
  return publicBasicJob(await basicJobs(deps.store).update(doc.id, { status: 'open' }, { ifMatch: { status: 'draft' } }));
}

/** Close a basic job (no more offers). */
export async function closeBasicJob(deps: Pick<Deps, 'store'>, principal: Principal, jobId: string): Promise<BasicJob> {
  const doc = await managed(deps, principal, jobId);
  return publicBasicJob(await basicJobs(deps.store).update(doc.id, { status: 'closed' }));
}

/**
 * Eligible residents for a basic job, anonymised, best first: skills the job asks for they
 * have, then nearness. Hidden and stale profiles never appear, eligible or not.
 */
export async function basicJobCandidates(deps: Pick<Deps, 'store' | 'clock'>, principal: Principal, jobId: string): Promise<Array<z.infer<typeof BasicJobCandidate>>> {
  const job = await managed(deps, principal, jobId);
  const marked = await eligibility(deps.store).find({ eligible: true });
  const at = deps.clock.now();
  const wanted = job.skills.map(skillKey);
  const out: Array<z.infer<typeof BasicJobCandidate>> = [];
  for (const m of marked) {
    const p = await profiles(deps.store).get(m.profileId);
    if (!p || p.visibility === 'hidden' || isStale(p, at)) continue;
    const km = p.geo && job.geo ? distanceKm(p.geo, job.geo) : null;
    if (km !== null && km > Math.max(p.maxTravelKm, 5) * 1.5) continue;
    const have = personSkills(p, at.toISOString().slice(0, 10));
    const matched = wanted.filter((k) => have.has(k)).length;
    const skillPart = wanted.length ? matched / wanted.length : 1;
    const nearPart = km === null ? 0.5 : Math.max(0, 1 - km / Math.max(1, p.maxTravelKm * 1.5));
    out.push({ score: Math.round((0.6 * skillPart + 0.4 * nearPart) * 1000) / 1000, distanceKm: km === null ? null : Math.round(km * 10) / 10, skillsMatched: matched, candidate: anonymise(p) });
  }
  return out.sort((a, b) => b.score - a.score || a.candidate.id.localeCompare(b.candidate.id));
}

/** Offer an open basic job to an eligible resident (one open offer per person and job). */
export async function offerBasicJob(deps: Pick<Deps, 'store'>, principal: Principal, jobId: string, input: z.infer<typeof OfferInput>): Promise<Offer> {
  const job = await managed(deps, principal, jobId);
  if (job.status !== 'open') throw conflict(job.signOff ? `This basic job is ${job.status}` : 'An admin must first sign off that this job displaces no regular job');
  const profile = await profiles(deps.store).get(input.profileId);
  if (!profile || profile.visibility === 'hidden') throw notFound('Profile');
  if (!(await isEligible(deps, profile.id))) throw invalid('This resident is not marked eligible for basic jobs', [{ path: 'profileId', message: 'not eligible' }]);
  const open = await offers(deps.store).find({ basicJobId: job.id, profileId: profile.id, status: 'offered' }, { limit: 1 });
  if (open.length) throw conflict('This resident already has an open offer for this job');
  const doc = await offers(deps.store).insert({
    basicJobId: job.id,
    profileId: profile.id,
    ownerId: profile.ownerId,
    organisationId: job.organisationId,
    title: job.title,
    publicTask: job.publicTask,
    hostName: job.hostName,
    place: job.place,
    hoursPerWeek: job.hoursPerWeek,
    message: input.message ?? null,
    status: 'offered',
    answeredAt: null,
    answerMessage: null,
  });
  return publicOffer(doc);
}

/** Offers of one basic job, for the organisation managing it. */
export async function listJobOffers(deps: Pick<Deps, 'store'>, principal: Principal, jobId: string): Promise<Offer[]> {
  const job = await managed(deps, principal, jobId);
  return (await offers(deps.store).find({ basicJobId: job.id }, { sort: { field: 'createdAt', direction: 'asc' } })).map(publicOffer);
}

/** The jobseeker's basic-job offers. */
export async function listMyOffers(deps: Pick<Deps, 'store'>, principal: Principal): Promise<Offer[]> {
  const profile = requireProfile(await findOwnProfile(deps, principal.accountId));
  return (await offers(deps.store).find({ profileId: profile.id }, { sort: { field: 'createdAt', direction: 'desc' } })).map(publicOffer);
}

/**
 * The resident accepts or declines. Accepting fills the job: only one acceptance can win
 * (the job flips open → filled conditionally), a later one gets 409.
 */
export async function answerOffer(deps: Pick<Deps, 'store' | 'clock'>, principal: Principal, offerId: string, input: z.infer<typeof OfferAnswer>): Promise<Offer> {
  const offer = await offers(deps.store).get(offerId);
  if (!offer || offer.ownerId !== principal.accountId) throw notFound('Offer');
  if (offer.status !== 'offered') throw conflict(`This offer is already ${offer.status}`);
  if (input.accept) {
    try {
      await basicJobs(deps.store).update(offer.basicJobId, { status: 'filled', filledBy: offer.profileId }, { ifMatch: { status: 'open' } });
    } catch (e) {
      if (e instanceof AppError && (e.code === 'conflict' || e.code === 'not_found')) throw conflict('This job is no longer available');
      throw e;
    }
  }
  const saved = await offers(deps.store).update(offer.id, { status: input.accept ? 'accepted' : 'declined', answeredAt: now(deps), answerMessage: input.message ?? null }, { ifMatch: { status: 'offered' } });
  return publicOffer(saved);
}
