/**
 * Retraining programmes and their vouchers. A municipality (admin) sets a programme's rules:
 * income ceiling, maximum per participant, places, eligible sectors, regions, budget and
 * period (Utrecht: under EUR 40,000 a year, at most EUR 7,000, 250 places; Rotterdam: a
 * multi-year scholingsfonds). A jobseeker applies for a voucher for a course and states an
 * income band; the programme's reviewers (admins, and members of the intermediary
 * organisations the programme names, such as the Leerwerkloket) approve or reject with a
 * reason. Approvals go through the ledger (ledger.ts), which never lets them exceed the
 * budget, the places or the per-person maximum.
 *
 * Privacy: the income band is seen by the applicant and the reviewers only; nothing here
 * ever reaches employers (matching reads vouchers through `activePathwaysOf`, which returns
 * no income).
 */
import { z } from 'zod';
import type { Deps } from '../deps.js';
import { AppError, conflict, invalid, notFound } from '../errors.js';
import type { Collection, DocumentStore, Stored } from '../ports/store.js';
import type { Principal } from '../domain/accounts.js';
import { id, isoDate, longText, text } from '../domain/fields.js';
import { findOwnProfile, requireProfile } from '../domain/profiles.js';
import { findAll } from '../domain/pagination.js';
import { arbeidsmarktregios } from '../places/index.js';
import { occupationById, loadTaxonomy } from '../taxonomy/index.js';
import { courseEndDate, coursesAvailableIn, getCourse, nextStart } from '../training/index.js';
import { getLedger, ledgers, openLedger, release, reserve, setLimits, spend } from './ledger.js';

export const INCOME_BANDS = [
  { band: 'below-20000', upTo: 20_000 },
  { band: '20000-30000', upTo: 30_000 },
  { band: '30000-40000', upTo: 40_000 },
  { band: '40000-50000', upTo: 50_000 },
  { band: '50000-or-more', upTo: Number.POSITIVE_INFINITY },
] as const;
export const IncomeBand = z.enum(INCOME_BANDS.map((b) => b.band) as [string, ...string[]]).describe('gross yearly income; seen only by you and the programme’s reviewers');
export type IncomeBand = z.infer<typeof IncomeBand>;

/** A band qualifies when its whole range lies below the ceiling ("minder dan 40.000 euro"). */
export const incomeQualifies = (band: string, ceiling: number | null): boolean => ceiling === null || (INCOME_BANDS.find((b) => b.band === band)?.upTo ?? Infinity) <= ceiling;

const sectorId = z.string().refine((s) => loadTaxonomy().sectors.some((x) => x.id === s), 'a sector id such as zorg');
const regionId = z.string().refine((r) => arbeidsmarktregios().some((a) => a.id === r), 'an arbeidsmarktregio id such as rijnmond');
const euros = z.number().int().min(0).max(1_000_000_000);

const Period = z.strictObject({ start: isoDate, end: isoDate }).refine((p) => p.start <= p.end, { path: ['end'], message: 'must not be before start' });

const programmeFields = {
  name: text(160),
  municipality: text(120),
  description: longText(4000).optional(),
  /** Gross yearly income applicants must stay under; null: no income test. */
  incomeCeilingEur: euros.nullable(),
  maxPerParticipantEur: euros.min(1),
  places: z.number().int().min(1).max(1_000_000),
  budgetEur: euros.min(1),
  /** Sectors the target occupation must be in; empty: any. */
  eligibleSectors: z.array(sectorId).max(30),
  /** Arbeidsmarktregio's applicants must live in; empty: anywhere. */
  regions: z.array(regionId).max(35),
  period: Period,
  /** Intermediary organisations whose members review vouchers and coach participants (besides admins). */
  reviewerOrganisationIds: z.array(id).max(50),
};

export const ProgrammeInput = z.strictObject({
  ...programmeFields,
  eligibleSectors: programmeFields.eligibleSectors.default([]),
  regions: programmeFields.regions.default([]),
  reviewerOrganisationIds: programmeFields.reviewerOrganisationIds.default([]),
});
export type ProgrammeInput = z.infer<typeof ProgrammeInput>;

export const ProgrammePatch = z
  .strictObject(programmeFields)
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'give at least one field to change');
export type ProgrammePatch = z.infer<typeof ProgrammePatch>;

export type ProgrammeDoc = ProgrammeInput & { createdBy: string | null };

export const Programme = z.object({
  id: z.string(),
  name: z.string(),
  municipality: z.string(),
  description: z.string().optional(),
  incomeCeilingEur: z.number().nullable(),
  maxPerParticipantEur: z.number(),
  places: z.number(),
  budgetEur: z.number(),
  eligibleSectors: z.array(z.string()),
  regions: z.array(z.string()),
  period: z.object({ start: z.string(), end: z.string() }),
  reviewerOrganisationIds: z.array(z.string()),
  open: z.boolean().describe('today lies within the period'),
  placesLeft: z.number(),
  budgetLeftEur: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Programme = z.infer<typeof Programme>;

export const VoucherStatus = z.enum(['pending', 'approved', 'rejected', 'withdrawn', 'spent']);
export type VoucherStatus = z.infer<typeof VoucherStatus>;

export const VoucherApplication = z.strictObject({
  courseId: id,
  /** The occupation the course leads to (one of its targets); defaults to the first. */
  targetOccupation: text(120).optional(),
  /** One of the course's start dates; defaults to the next one. */
  startDate: isoDate.optional(),
  incomeBand: IncomeBand,
  motivation: longText(2000).optional(),
});
export type VoucherApplication = z.infer<typeof VoucherApplication>;

export const VoucherDecision = z.strictObject({ reason: longText(1000).optional() });
export const VoucherRejection = z.strictObject({ reason: longText(1000) });

export interface VoucherDoc {
  programmeId: string;
  programmeName: string;
  profileId: string;
  applicantId: string;
  courseId: string;
  /** Copied at application so the voucher keeps its meaning if the catalogue changes. */
  courseTitle: string;
  provider: string;
  skillsTaught: string[];
  targetOccupation: string;
  sector: string;
  amountEur: number;
  startDate: string;
  endDate: string;
  incomeBand: string;
  motivation: string | null;
  status: VoucherStatus;
  decidedBy: string | null;
  decidedAt: string | null;
  reason: string | null;
  completedAt: string | null;
}

export const Voucher = z.object({
  id: z.string(),
  programmeId: z.string(),
  programmeName: z.string(),
  profileId: z.string(),
  courseId: z.string(),
  courseTitle: z.string(),
  provider: z.string(),
  targetOccupation: z.string(),
  sector: z.string(),
  amountEur: z.number(),
  startDate: z.string(),
  endDate: z.string(),
  incomeBand: z.string(),
  motivation: z.string().nullable(),
  status: VoucherStatus,
  decidedAt: z.string().nullable(),
  reason: z.string().nullable(),
  completedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type Voucher = z.infer<typeof Voucher>;

export const VoucherListQuery = z.strictObject({ status: VoucherStatus.optional() });

export const programmes = (store: DocumentStore): Collection<ProgrammeDoc> => store.collection<ProgrammeDoc>('programmes');
export const vouchers = (store: DocumentStore): Collection<VoucherDoc> => store.collection<VoucherDoc>('vouchers');

const today = (deps: Pick<Deps, 'clock'>): string => deps.clock.now().toISOString().slice(0, 10);

async function programmeView(deps: Pick<Deps, 'store' | 'clock'>, doc: Stored<ProgrammeDoc>): Promise<Programme> {
  const { version: _v, deletedAt: _d, createdBy: _c, ...rest } = doc;
  const ledger = await getLedger(deps, doc.id);
  const day = today(deps);
  return {
    ...rest,
    open: doc.period.start <= day && day <= doc.period.end,
    placesLeft: ledger.places - Object.keys(ledger.perParticipant).length,
    budgetLeftEur: ledger.budgetEur - ledger.committedEur,
  };
}

export function publicVoucher(doc: Stored<VoucherDoc>): Voucher {
  const { version: _v, deletedAt: _d, applicantId: _a, decidedBy: _b, skillsTaught: _s, updatedAt: _u, ...rest } = doc;
  return rest;
}

/** Create a programme with its ledger. */
export async function createProgramme(deps: Pick<Deps, 'store' | 'clock'>, accountId: string | null, input: ProgrammeInput & { id?: string }): Promise<Programme> {
  const doc = await programmes(deps.store).insert({ ...input, createdBy: accountId });
  await openLedger(deps, doc.id, { budgetEur: input.budgetEur, places: input.places, maxPerParticipantEur: input.maxPerParticipantEur });
  return programmeView(deps, doc);
}

/** One programme, or 404. */
export async function getProgrammeDoc(deps: Pick<Deps, 'store'>, programmeId: string): Promise<Stored<ProgrammeDoc>> {
  const doc = await programmes(deps.store).get(programmeId);
  if (!doc) throw notFound('Programme');
  return doc;
}

export async function getProgramme(deps: Pick<Deps, 'store' | 'clock'>, programmeId: string): Promise<Programme> {
  return programmeView(deps, await getProgrammeDoc(deps, programmeId));
}

/** Every programme, newest period first. */
export async function listProgrammes(deps: Pick<Deps, 'store' | 'clock'>): Promise<Programme[]> {
  const docs = await programmes(deps.store).find({}, { sort: { field: 'createdAt', direction: 'asc' } });
  return Promise.all(docs.map((d) => programmeView(deps, d)));
}

/** Change a programme's rules; limits go through the ledger so they never fall below what is committed. */
export async function updateProgramme(deps: Pick<Deps, 'store' | 'clock'>, programmeId: string, patch: ProgrammePatch): Promise<Programme> {
  const doc = await getProgrammeDoc(deps, programmeId);
  const limits = { budgetEur: patch.budgetEur, places: patch.places, maxPerParticipantEur: patch.maxPerParticipantEur };
  const defined = Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined));
  if (Object.keys(defined).length) await setLimits(deps, doc.id, defined);
  return programmeView(deps, await programmes(deps.store).update(doc.id, patch));
}

/** Admins review every programme; intermediaries those that name one of their organisations. */
export const isReviewer = (principal: Principal, programme: Pick<ProgrammeDoc, 'reviewerOrganisationIds'>): boolean =>
  principal.role === 'admin' || (principal.role === 'intermediary' && programme.reviewerOrganisationIds.some((o) => principal.organisationIds.includes(o)));

/**
 * A jobseeker applies for a voucher. Checks the rules that can be checked now (period,
 * region, sector, income, per-person maximum, one open application per course); the budget
 * and places are checked when a reviewer approves, because only approvals commit money.
 */
export async function applyForVoucher(deps: Pick<Deps, 'store' | 'clock'>, principal: Principal, programmeId: string, input: VoucherApplication): Promise<Voucher> {
  const profile = requireProfile(await findOwnProfile(deps, principal.accountId));
  const programme = await getProgrammeDoc(deps, programmeId);
  const day = today(deps);
  if (day < programme.period.start || day > programme.period.end) throw conflict('This programme is not open for applications today');
  if (programme.regions.length && !(profile.region && programme.regions.includes(profile.region))) {
    throw conflict(`This programme is for residents of ${programme.regions.join(', ')}`);
  }
  if (!incomeQualifies(input.incomeBand, programme.incomeCeilingEur)) {
    throw invalid('Your income is above the programme’s ceiling', [{ path: 'incomeBand', message: `must be below EUR ${programme.incomeCeilingEur}` }]);
  }
  const course = await getCourse(deps, input.courseId).catch(() => {
    throw invalid('Unknown course', [{ path: 'courseId', message: 'not a course in the catalogue' }]);
  });
  if (coursesAvailableIn([course], profile.region).length === 0) throw invalid('This course is not given in your region', [{ path: 'courseId', message: 'not given in your region' }]);
  const occupation = input.targetOccupation
    ? course.targetOccupations.find((o) => o === input.targetOccupation || occupationById(o)?.name.nl.toLowerCase() === input.targetOccupation!.toLowerCase())
    : course.targetOccupations[0];
  if (!occupation) throw invalid('The course does not lead to that occupation', [{ path: 'targetOccupation', message: `one of ${course.targetOccupations.join(', ')}` }]);
  const sector = occupationById(occupation)!.sector;
  if (programme.eligibleSectors.length && !programme.eligibleSectors.includes(sector)) throw conflict(`This programme funds training for ${programme.eligibleSectors.join(', ')}, not ${sector}`);
  if (course.costEur > programme.maxPerParticipantEur) throw conflict(`The course costs EUR ${course.costEur}; this programme pays at most EUR ${programme.maxPerParticipantEur} per participant`);
  const startDate = input.startDate ?? nextStart(course, day);
  if (!startDate || !course.startDates.includes(startDate) || startDate < day) {
    throw invalid('Choose one of the course’s coming start dates', [{ path: 'startDate', message: `one of ${course.startDates.filter((d) => d >= day).join(', ') || '(none planned)'}` }]);
  }
  const mine = await vouchers(deps.store).find({ profileId: profile.id, programmeId, courseId: course.id, status: { in: ['pending', 'approved'] } }, { limit: 1 });
  if (mine.length) throw conflict('You already have an open voucher for this course in this programme');
  const doc = await vouchers(deps.store).insert({
    programmeId,
    programmeName: programme.name,
    profileId: profile.id,
    applicantId: principal.accountId,
    courseId: course.id,
    courseTitle: course.title,
    provider: course.provider,
    skillsTaught: course.skillsTaught,
    targetOccupation: occupation,
    sector,
    amountEur: course.costEur,
    startDate,
    endDate: courseEndDate(course, startDate),
    incomeBand: input.incomeBand,
    motivation: input.motivation ?? null,
    status: 'pending',
    decidedBy: null,
    decidedAt: null,
    reason: null,
    completedAt: null,
  });
  return publicVoucher(doc);
}

/** A voucher the principal may see: the applicant's own, or one of a programme they review. Else 404. */
async function visibleVoucher(deps: Pick<Deps, 'store'>, principal: Principal, voucherId: string, reviewOnly = false): Promise<{ voucher: Stored<VoucherDoc>; programme: Stored<ProgrammeDoc> }> {
  const voucher = await vouchers(deps.store).get(voucherId);
  if (!voucher) throw notFound('Voucher');
  const programme = await getProgrammeDoc(deps, voucher.programmeId);
  const own = voucher.applicantId === principal.accountId;
  if (reviewOnly ? !isReviewer(principal, programme) : !own && !isReviewer(principal, programme)) throw notFound('Voucher');
  return { voucher, programme };
}

export async function getVoucher(deps: Pick<Deps, 'store'>, principal: Principal, voucherId: string): Promise<Voucher> {
  return publicVoucher((await visibleVoucher(deps, principal, voucherId)).voucher);
}

/** The jobseeker's own vouchers, newest first. */
export async function listMyVouchers(deps: Pick<Deps, 'store'>, principal: Principal): Promise<Voucher[]> {
  const docs = await vouchers(deps.store).find({ applicantId: principal.accountId }, { sort: { field: 'createdAt', direction: 'desc' } });
  return docs.map(publicVoucher);
}

/** Vouchers of a programme, for its reviewers (others: 404). */
export async function listProgrammeVouchers(deps: Pick<Deps, 'store'>, principal: Principal, programmeId: string, status?: VoucherStatus): Promise<Voucher[]> {
  const programme = await getProgrammeDoc(deps, programmeId);
  if (!isReviewer(principal, programme)) throw notFound('Programme');
  const docs = await vouchers(deps.store).find({ programmeId, ...(status ? { status } : {}) }, { sort: { field: 'createdAt', direction: 'asc' } });
  return docs.map(publicVoucher);
}

const decided = (principal: Principal, deps: Pick<Deps, 'clock'>, status: VoucherStatus, reason: string | undefined) => ({
  status,
  decidedBy: principal.accountId,
  decidedAt: deps.clock.now().toISOString(),
  reason: reason ?? null,
});

/**
 * Approve a pending voucher: commit its amount in the ledger (409 naming the limit it would
 * break), then flip the voucher from pending to approved. If a rejection or withdrawal won
 * the race for the voucher meanwhile, the reservation is released again.
 */
export async function approveVoucher(deps: Pick<Deps, 'store' | 'clock'>, principal: Principal, voucherId: string, reason?: string): Promise<Voucher> {
  const { voucher } = await visibleVoucher(deps, principal, voucherId, true);
  if (voucher.status !== 'pending') throw conflict(`This voucher is ${voucher.status}, not pending`);
  await reserve(deps, voucher.programmeId, voucher.id, voucher.profileId, voucher.amountEur);
  try {
    return publicVoucher(await vouchers(deps.store).update(voucher.id, decided(principal, deps, 'approved', reason), { ifMatch: { status: 'pending' } }));
  } catch (e) {
    // Only an earlier approval of this same voucher may keep the reservation.
    const now = await vouchers(deps.store).get(voucher.id);
    if (now?.status !== 'approved') await release(deps, voucher.programmeId, voucher.id, voucher.profileId);
    if (e instanceof AppError && e.code === 'conflict') throw conflict(`This voucher is ${now?.status ?? 'gone'}, not pending`);
    throw e;
  }
}

/** Reject a pending voucher with a reason. */
export async function rejectVoucher(deps: Pick<Deps, 'store' | 'clock'>, principal: Principal, voucherId: string, reason: string): Promise<Voucher> {
  const { voucher } = await visibleVoucher(deps, principal, voucherId, true);
  if (voucher.status !== 'pending') throw conflict(`This voucher is ${voucher.status}, not pending`);
  return publicVoucher(await vouchers(deps.store).update(voucher.id, decided(principal, deps, 'rejected', reason), { ifMatch: { status: 'pending' } }));
}

/** The applicant withdraws a pending application. */
export async function withdrawVoucher(deps: Pick<Deps, 'store' | 'clock'>, principal: Principal, voucherId: string): Promise<Voucher> {
  const voucher = await vouchers(deps.store).get(voucherId);
  if (!voucher || voucher.applicantId !== principal.accountId) throw notFound('Voucher');
  if (voucher.status !== 'pending') throw conflict(`This voucher is ${voucher.status}; only a pending application can be withdrawn`);
  return publicVoucher(await vouchers(deps.store).update(voucher.id, { status: 'withdrawn' }, { ifMatch: { status: 'pending' } }));
}

/** The course was completed: the committed amount is now spent. */
export async function completeVoucher(deps: Pick<Deps, 'store' | 'clock'>, principal: Principal, voucherId: string): Promise<Voucher> {
  const { voucher } = await visibleVoucher(deps, principal, voucherId, true);
  if (voucher.status !== 'approved') throw conflict(`This voucher is ${voucher.status}; only an approved voucher can be marked completed`);
  await spend(deps, voucher.programmeId, voucher.id);
  return publicVoucher(await vouchers(deps.store).update(voucher.id, { status: 'spent', completedAt: deps.clock.now().toISOString() }, { ifMatch: { status: 'approved' } }));
}

/** What matching may know about a person's approved pathway: never income, never the programme's rules. */
export interface ActivePathway {
  profileId: string;
  voucherId: string;
  targetOccupation: string;
  courseId: string;
  courseTitle: string;
  skillsTaught: string[];
  endDate: string;
}

/** Approved (or completed) vouchers, as pathways; optionally only towards one occupation. */
export async function activePathways(deps: Pick<Deps, 'store'>, filter: { profileId?: string; occupation?: string } = {}): Promise<ActivePathway[]> {
  const docs = await findAll(vouchers(deps.store), {
    status: { in: ['approved', 'spent'] },
    ...(filter.profileId ? { profileId: filter.profileId } : {}),
    ...(filter.occupation ? { targetOccupation: filter.occupation } : {}),
  });
  return docs.map((v) => ({ profileId: v.profileId, voucherId: v.id, targetOccupation: v.targetOccupation, courseId: v.courseId, courseTitle: v.courseTitle, skillsTaught: v.skillsTaught, endDate: v.endDate }));
}

/** Every voucher of a profile (erasure and export). */
export const vouchersOfProfile = (deps: Pick<Deps, 'store'>, profileId: string) => findAll(vouchers(deps.store), { profileId });

export { ledgers };
