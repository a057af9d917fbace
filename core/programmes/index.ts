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
 * ever reaches employers (matching and pathways read vouchers through `activePathways` and
 * `completedCourses`, which return no income).
 */
import { randomUUID } from 'node:crypto';
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
import { announceChange } from '../changes.js';
import { courseEndDate, courses, coursesAvailableIn, getCourse, nextStart } from '../training/index.js';
import { getLedger, ledgers, openLedger, release, renameParticipant, reserve, setLimits, spend, type LedgerDoc } from './ledger.js';

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

/** Deciding on a voucher changes how its holder is matched, so it needs the queue too. */
type VoucherDeps = Pick<Deps, 'store' | 'clock' | 'queue' | 'logger'>;

/**
 * A voucher that became (or stopped being) an approved pathway: the holder's matches are
 * rescored by the match-profile worker, as after a profile change ("in omscholing" appears or
 * goes). Enqueue failures are logged, never fail the decision that already happened.
 */
async function rescored(deps: VoucherDeps, voucher: Stored<VoucherDoc>): Promise<Voucher> {
  await announceChange(deps, 'profile', voucher.profileId);
  return publicVoucher(voucher);
}

/**
 * Approve a pending voucher: commit its amount in the ledger (409 naming the limit it would
 * break), then flip the voucher from pending to approved. If a rejection or withdrawal won
 * the race for the voucher meanwhile, the reservation is released again.
 */
export async function approveVoucher(deps: VoucherDeps, principal: Principal, voucherId: string, reason?: string): Promise<Voucher> {
  const { voucher } = await visibleVoucher(deps, principal, voucherId, true);
  if (voucher.status !== 'pending') throw conflict(`This voucher is ${voucher.status}, not pending`);
  await reserve(deps, voucher.programmeId, voucher.id, voucher.profileId, voucher.amountEur);
  try {
    return await rescored(deps, await vouchers(deps.store).update(voucher.id, decided(principal, deps, 'approved', reason), { ifMatch: { status: 'pending' } }));
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

/** The applicant withdraws a pending application (a pending voucher is no pathway and holds no ledger money: nothing to rescore). */
export async function withdrawVoucher(deps: Pick<Deps, 'store' | 'clock'>, principal: Principal, voucherId: string): Promise<Voucher> {
  const voucher = await vouchers(deps.store).get(voucherId);
  if (!voucher || voucher.applicantId !== principal.accountId) throw notFound('Voucher');
  if (voucher.status !== 'pending') throw conflict(`This voucher is ${voucher.status}; only a pending application can be withdrawn`);
  return publicVoucher(await vouchers(deps.store).update(voucher.id, { status: 'withdrawn' }, { ifMatch: { status: 'pending' } }));
}

/** The course was completed: the committed amount is now spent. */
export async function completeVoucher(deps: VoucherDeps, principal: Principal, voucherId: string): Promise<Voucher> {
  const { voucher } = await visibleVoucher(deps, principal, voucherId, true);
  if (voucher.status !== 'approved') throw conflict(`This voucher is ${voucher.status}; only an approved voucher can be marked completed`);
  await spend(deps, voucher.programmeId, voucher.id);
  return rescored(deps, await vouchers(deps.store).update(voucher.id, { status: 'spent', completedAt: deps.clock.now().toISOString() }, { ifMatch: { status: 'approved' } }));
}

/** What matching may know about a person's approved pathway: never income, never the programme's rules. */
export interface ActivePathway {
  profileId: string;
  voucherId: string;
  /** The occupation chosen on the voucher and every other occupation the course leads to. */
  targetOccupations: string[];
  courseId: string;
  courseTitle: string;
  skillsTaught: string[];
  endDate: string;
}

/**
 * Approved vouchers whose course is not yet completed, as pathways ("in omscholing");
 * optionally of one person, or toward one occupation (the voucher's own target, or any target
 * of its course). A completed (spent) voucher is no longer a pathway: see `completedCourses`.
 */
export const activePathways = async (deps: Pick<Deps, 'store'>, filter: VoucherCourseFilter = {}): Promise<ActivePathway[]> =>
  (await coursesOnVouchers(deps, ['approved'], filter)).approved;

/** A course the person completed on a voucher: the same fields, `endDate` being when the course ended as planned. */
export type CompletedCourse = ActivePathway;

/**
 * Courses people completed on a voucher (spent vouchers), optionally of some people. Matching
 * and pathways count the skills they taught as the person's own, derived here every time and
 * never written into the profile, which stays the person's to edit. An erased person's spent
 * vouchers carry a pseudonym instead of the profile id, so no profile finds them.
 */
export const completedCourses = async (deps: Pick<Deps, 'store'>, filter: VoucherCourseFilter = {}): Promise<CompletedCourse[]> =>
  (await coursesOnVouchers(deps, ['spent'], filter)).spent;

/** `activePathways` and `completedCourses` with the same filter, from one read of the vouchers. */
export async function pathwaysAndCompletedCourses(
  deps: Pick<Deps, 'store'>,
  filter: VoucherCourseFilter = {},
): Promise<{ pathways: ActivePathway[]; completed: CompletedCourse[] }> {
  const { approved, spent } = await coursesOnVouchers(deps, ['approved', 'spent'], filter);
  return { pathways: approved, completed: spent };
}

export interface VoucherCourseFilter {
  profileId?: string;
  /** Any of these people (an empty list finds nothing). */
  profileIds?: readonly string[];
  occupation?: string;
}

type CourseStatus = 'approved' | 'spent';

/** The courses on vouchers of these statuses, by status (each in the vouchers' order). */
async function coursesOnVouchers(deps: Pick<Deps, 'store'>, statuses: readonly CourseStatus[], filter: VoucherCourseFilter): Promise<Record<CourseStatus, ActivePathway[]>> {
  const out: Record<CourseStatus, ActivePathway[]> = { approved: [], spent: [] };
  if (filter.profileIds?.length === 0) return out;
  const base = {
    status: { in: [...statuses] },
    ...(filter.profileId ? { profileId: filter.profileId } : filter.profileIds ? { profileId: { in: [...filter.profileIds] } } : {}),
  };
  let docs: Stored<VoucherDoc>[];
  if (filter.occupation) {
    const leading = await courses(deps.store).find({ targetOccupations: filter.occupation });
    const [byTarget, byCourse] = await Promise.all([
      findAll(vouchers(deps.store), { ...base, targetOccupation: filter.occupation }),
      leading.length ? findAll(vouchers(deps.store), { ...base, courseId: { in: leading.map((c) => c.id) } }) : [],
    ]);
    docs = [...new Map([...byTarget, ...byCourse].map((v) => [v.id, v])).values()];
  } else {
    docs = await findAll(vouchers(deps.store), base);
  }
  const courseIds = [...new Set(docs.map((v) => v.courseId))];
  // One read for every course named; a course withdrawn from the catalogue since still leads where it led.
  const onVouchers = courseIds.length ? await courses(deps.store).find({ id: { in: courseIds } }, { includeDeleted: true }) : [];
  const courseTargets = new Map(onVouchers.map((c) => [c.id, c.targetOccupations]));
  for (const v of docs) {
    out[v.status as CourseStatus].push({
      profileId: v.profileId,
      voucherId: v.id,
      targetOccupations: [...new Set([v.targetOccupation, ...(courseTargets.get(v.courseId) ?? [])])],
      courseId: v.courseId,
      courseTitle: v.courseTitle,
      skillsTaught: v.skillsTaught,
      endDate: v.endDate,
    });
  }
  return out;
}

/** What matching may know about a programme that could fund a course: its rules and what is left, never its applicants' data. */
export interface OpenProgramme {
  id: string;
  eligibleSectors: string[];
  regions: string[];
  maxPerParticipantEur: number;
  ledger: LedgerDoc;
}

/** Programmes open on `day` (`YYYY-MM-DD`) with their ledgers, by id. */
export async function openProgrammes(deps: Pick<Deps, 'store'>, day: string): Promise<OpenProgramme[]> {
  const open = (await findAll(programmes(deps.store), {})).filter((p) => p.period.start <= day && day <= p.period.end);
  const out: OpenProgramme[] = [];
  for (const p of open.sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const ledger = await ledgers(deps.store).get(p.id);
    if (ledger) out.push({ id: p.id, eligibleSectors: p.eligibleSectors, regions: p.regions, maxPerParticipantEur: p.maxPerParticipantEur, ledger });
  }
  return out;
}

/** Every voucher of a profile (erasure and export). */
export const vouchersOfProfile = (deps: Pick<Deps, 'store'>, profileId: string) => findAll(vouchers(deps.store), { profileId });

/** What an erased voucher holds where the income band was. */
export const ERASED = 'gewist';

/** Statuses whose amounts the ledger holds: their vouchers are kept (anonymised) on erasure. */
const IN_LEDGER: ReadonlySet<VoucherStatus> = new Set(['approved', 'spent']);

/**
 * Erasure of a person's vouchers. Applications that never committed money (pending,
 * rejected, withdrawn) are removed. Approved and spent vouchers are anonymised instead: the
 * ledger's committed and spent euros, places taken and the programme figures must keep
 * adding up for the municipality's accounts (and its auditors), so the amount, course, dates
 * and sector stay, under a fresh pseudonym that nothing links back to the person. The income
 * band, motivation and the reviewer's reason (which may describe the person) go.
 *
 * One pseudonym per programme, not per person: a programme's ledger needs the person's vouchers
 * under one key (places and the per-participant maximum), but nothing needs them tied across
 * programmes, and a completed course in one next to a course in another would say more about
 * someone than the accounts need. With the profile id gone, no profile's matching or pathways
 * count these courses' skills any longer (`completedCourses` finds vouchers by profile id).
 */
export async function eraseVouchersOf(deps: Pick<Deps, 'store'>, profileId: string): Promise<void> {
  const all = await vouchersOfProfile(deps, profileId);
  const pseudonyms = new Map<string, string>();
  for (const v of all) {
    if (!IN_LEDGER.has(v.status)) {
      await vouchers(deps.store).purge(v.id);
      continue;
    }
    let pseudonym = pseudonyms.get(v.programmeId);
    if (!pseudonym) pseudonyms.set(v.programmeId, (pseudonym = `erased-${randomUUID()}`));
    await vouchers(deps.store).update(v.id, { profileId: pseudonym, applicantId: pseudonym, incomeBand: ERASED, motivation: null, reason: null });
  }
  for (const [programmeId, pseudonym] of pseudonyms) await renameParticipant(deps, programmeId, profileId, pseudonym);
}

export { ledgers };
