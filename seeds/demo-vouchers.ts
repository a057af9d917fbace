/**
 * A voucher history for the demo programmes, so the municipality's "Regelingen in cijfers"
 * shows participants, committed and spent euros per sector and per course on a fresh install:
 * some dozens of demo jobseekers per programme applied for a course; reviewers approved most
 * (some finished their course, so the money is spent), rejected some with a reason, some
 * applicants withdrew, and a few applications still wait.
 *
 * Everything goes through the domain functions the API uses (apply, approve, reject,
 * withdraw, complete), so the ledger's limits and the programme rules hold and the figures add
 * up. Each step runs on a clock set to the day it happened (applications in the weeks before
 * today; completed courses in the 2026 cohorts of the catalogue), so the history reads as one.
 *
 * Only generated demo people (`demo-p-*`) take part: the demo log-in jobseeker (Sanne) never
 * gets a voucher, because the walkthrough and the browser tests apply for one as her.
 *
 * Idempotent: a `meta` marker says it was done. Without it (an interrupted seed) each planned
 * voucher is looked up by person and programme and only its missing steps are taken.
 */
import type { Clock, Deps } from '../core/deps.js';
import type { Principal } from '../core/domain/accounts.js';
import { accounts } from '../core/domain/accounts.js';
import { organisations } from '../core/domain/organisations.js';
import { profiles } from '../core/domain/profiles.js';
import type { Stored } from '../core/ports/store.js';
import { findAll } from '../core/domain/pagination.js';
import { occupationById } from '../core/taxonomy/index.js';
import { allCourses, courseEndDate, coursesAvailableIn, type CourseDoc } from '../core/training/index.js';
import {
  applyForVoucher,
  approveVoucher,
  completeVoucher,
  INCOME_BANDS,
  incomeQualifies,
  programmes,
  rejectVoucher,
  vouchers,
  withdrawVoucher,
  type ProgrammeDoc,
  type VoucherStatus,
} from '../core/programmes/index.js';
import { DEMO_EMAILS } from './demo-accounts.js';
import { prng } from './generate.js';

const MARKER_ID = 'demo-vouchers';
/** PRNG seed of the shipped history: the same people, courses and outcomes on every install. */
const DEMO_VOUCHER_SEED = 2026;
/** Vouchers per demo programme: enough for every chart, well within places and budget. */
export const DEMO_VOUCHERS_PER_PROGRAMME: Readonly<Record<string, number>> = { 'rotterdam-scholingsfonds': 44, 'utrecht-omscholing': 36 };
/** Share of each outcome; pending takes what is left after rounding. */
const OUTCOME_SHARES: ReadonlyArray<[VoucherStatus, number]> = [
  ['spent', 0.2],
  ['approved', 0.35],
  ['rejected', 0.15],
  ['withdrawn', 0.1],
];
/** How far back applications for courses that are still to start were made. */
const APPLIED_WITHIN_DAYS = 60;
const DAY_MS = 86_400_000;

const MOTIVATIONS = [
  'Ik werk al jaren met mensen en wil daar mijn vak van maken.',
  'Mijn baan verdwijnt; in deze richting is werk en ik leer graag met mijn handen.',
  'Via een werkervaringsplek weet ik dat dit bij me past; ik mis alleen het diploma.',
  'Ik wil doorgroeien en een werkgever in de buurt wil me na de opleiding aannemen.',
  null,
] as const;
const REJECTION_REASONS = [
  'De werkgever betaalt deze opleiding al via de BBL-regeling; een voucher is daarom niet nodig.',
  'U volgt al een vergelijkbare opleiding via het UWV. We bespreken graag een vervolgstap.',
  'Voor deze opleiding is eerst taalniveau B1 nodig. We helpen u met een taaltraject en kijken daarna opnieuw.',
  'De opleiding sluit niet aan op uw plan uit het loopbaangesprek; maak een nieuwe afspraak om een andere route te kiezen.',
] as const;

type Rand = () => number;
const pick = <T>(rand: Rand, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const addDays = (day: string, days: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
const minDay = (a: string, b: string): string => (a < b ? a : b);
const maxDay = (a: string, b: string): string => (a > b ? a : b);

interface PlannedVoucher {
  profileId: string;
  applicant: Principal;
  courseId: string;
  targetOccupation: string;
  startDate: string;
  incomeBand: string;
  motivation: string | null;
  outcome: VoucherStatus;
  reason: string | null;
  /** The day of each step, oldest first: applied, decided (or withdrawn), completed. */
  appliedOn: string;
  decidedOn: string;
  completedOn: string;
}

/** Statuses in the order they are given: each outcome's list, with pending last. */
function outcomes(n: number): VoucherStatus[] {
  const fixed = OUTCOME_SHARES.flatMap(([status, share]) => Array<VoucherStatus>(Math.round(n * share)).fill(status));
  return [...fixed, ...Array<VoucherStatus>(Math.max(0, n - fixed.length)).fill('pending')];
}

/** Deterministic shuffle (Fisher–Yates) of a copy. */
function shuffled<T>(rand: Rand, xs: readonly T[]): T[] {
  const copy = [...xs];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/** The targets of a course the programme funds (the sector rule is checked on the chosen target). */
const fundedTargets = (programme: ProgrammeDoc, course: CourseDoc): string[] =>
  course.targetOccupations.filter((o) => {
    const sector = occupationById(o)?.sector;
    return !!sector && (programme.eligibleSectors.length === 0 || programme.eligibleSectors.includes(sector));
  });

/**
 * A start date that fits the outcome: a completed course began in a cohort that has ended by
 * now (and after the programme opened, so it could be applied for); any other outcome is
 * for a cohort from today on. Null when the course has none.
 */
function startFor(rand: Rand, programme: ProgrammeDoc, course: CourseDoc, outcome: VoucherStatus, today: string): string | null {
  const fits =
    outcome === 'spent'
      ? course.startDates.filter((d) => d >= addDays(programme.period.start, 28) && addDays(courseEndDate(course, d), 7) <= today)
      : course.startDates.filter((d) => d >= today && d <= programme.period.end);
  return fits.length ? pick(rand, fits) : null;
}

/** When each step happened, oldest first, all within the programme's period and never after today. */
function timeline(rand: Rand, programme: ProgrammeDoc, course: CourseDoc, outcome: VoucherStatus, startDate: string, today: string) {
  const opened = programme.period.start;
  if (outcome === 'spent') {
    const appliedOn = maxDay(opened, addDays(startDate, -14 - Math.floor(rand() * 28)));
    const decidedOn = minDay(addDays(appliedOn, 3 + Math.floor(rand() * 8)), addDays(startDate, -1));
    return { appliedOn, decidedOn, completedOn: minDay(today, addDays(courseEndDate(course, startDate), Math.floor(rand() * 7))) };
  }
  const appliedOn = maxDay(opened, addDays(today, -Math.floor(rand() * APPLIED_WITHIN_DAYS)));
  const decidedOn = minDay(today, addDays(appliedOn, 2 + Math.floor(rand() * 12)));
  return { appliedOn, decidedOn, completedOn: decidedOn };
}

/**
 * The history of one programme: who applied for what and how it ended. Courses the person's
 * wishes point at come first (people retrain toward what they want); a course nobody can
 * start any more is never chosen.
 */
export function planProgrammeVouchers(
  programme: Stored<ProgrammeDoc>,
  people: ReadonlyArray<{ id: string; ownerId: string; region: string | null; desiredOccupations: string[] }>,
  catalogue: readonly Stored<CourseDoc>[],
  count: number,
  today: string,
  seed: number,
): PlannedVoucher[] {
  const rand = prng(seed);
  const bands = INCOME_BANDS.map((b) => b.band).filter((b) => incomeQualifies(b, programme.incomeCeilingEur));
  const funded = catalogue.filter((c) => c.costEur <= programme.maxPerParticipantEur && fundedTargets(programme, c).length > 0);
  const chosen = shuffled(rand, people).slice(0, count);
  const plan: PlannedVoucher[] = [];
  outcomes(chosen.length).forEach((outcome, i) => {
    const person = chosen[i]!;
    const options = coursesAvailableIn(funded, person.region).filter((c) => startFor(() => 0, programme, c, outcome, today) !== null);
    const wished = options.filter((c) => fundedTargets(programme, c).some((o) => person.desiredOccupations.includes(o)));
    if (!options.length) return;
    const course = pick(rand, wished.length && rand() < 0.6 ? wished : options);
    const targets = fundedTargets(programme, course);
    const startDate = startFor(rand, programme, course, outcome, today)!;
    plan.push({
      profileId: person.id,
      applicant: { accountId: person.ownerId, role: 'jobseeker', organisationIds: [], sessionId: 'demo-seed' },
      courseId: course.id,
      targetOccupation: targets.find((o) => person.desiredOccupations.includes(o)) ?? pick(rand, targets),
      startDate,
      incomeBand: pick(rand, bands),
      motivation: pick(rand, MOTIVATIONS),
      outcome,
      reason: outcome === 'rejected' ? pick(rand, REJECTION_REASONS) : null,
      ...timeline(rand, programme, course, outcome, startDate, today),
    });
  });
  return plan;
}

/** Whoever reviews the programme in the demo: a member of its first reviewing organisation, else the demo admin. */
async function reviewerOf(deps: Pick<Deps, 'store'>, programme: ProgrammeDoc): Promise<Principal | null> {
  const org = programme.reviewerOrganisationIds[0] ? await organisations(deps.store).get(programme.reviewerOrganisationIds[0]) : null;
  const account = org?.memberIds[0] ? await accounts(deps.store).get(org.memberIds[0]) : (await accounts(deps.store).find({ email: DEMO_EMAILS.admin }, { limit: 1 }))[0];
  return account ? { accountId: account.id, role: account.role, organisationIds: account.organisationIds, sessionId: 'demo-seed' } : null;
}

const clockAt = (day: string, minute: number): Clock => ({ now: () => new Date(Date.parse(`${day}T09:00:00Z`) + minute * 60_000) });

/** Take the steps of one planned voucher that have not been taken yet. */
async function playOut(deps: Deps, programmeId: string, reviewer: Principal, v: PlannedVoucher, minute: number): Promise<void> {
  const at = (day: string) => ({ ...deps, clock: clockAt(day, minute) });
  const [existing] = await vouchers(deps.store).find({ profileId: v.profileId, programmeId }, { limit: 1 });
  let status: VoucherStatus | undefined = existing?.status;
  let id = existing?.id;
  if (!id) {
    const applied = await applyForVoucher(at(v.appliedOn), v.applicant, programmeId, {
      courseId: v.courseId,
      targetOccupation: v.targetOccupation,
      startDate: v.startDate,
      incomeBand: v.incomeBand,
      ...(v.motivation ? { motivation: v.motivation } : {}),
    });
    ({ id, status } = applied);
  }
  if (status === 'pending' && v.outcome === 'rejected') await rejectVoucher(at(v.decidedOn), reviewer, id, v.reason!);
  if (status === 'pending' && v.outcome === 'withdrawn') await withdrawVoucher(at(v.decidedOn), v.applicant, id);
  if (status === 'pending' && (v.outcome === 'approved' || v.outcome === 'spent')) status = (await approveVoucher(at(v.decidedOn), reviewer, id)).status;
  if (status === 'approved' && v.outcome === 'spent') await completeVoucher(at(v.completedOn), reviewer, id);
}

/** Seed the demo voucher history unless the `meta` marker says it was seeded. Returns whether anything was done. */
export async function seedDemoVouchers(deps: Deps): Promise<boolean> {
  const meta = deps.store.collection<{ seededAt: string; vouchers: number }>('meta');
  if (await meta.get(MARKER_ID)) return false;
  const today = deps.clock.now().toISOString().slice(0, 10);
  const catalogue = await allCourses(deps);
  let total = 0;
  for (const [n, [programmeId, count]] of Object.entries(DEMO_VOUCHERS_PER_PROGRAMME).entries()) {
    const programme = await programmes(deps.store).get(programmeId);
    // A programme an admin removed, or one whose period is over, gets no new history.
    if (!programme || today < programme.period.start || today > programme.period.end) continue;
    const reviewer = await reviewerOf(deps, programme);
    if (!reviewer) continue;
    const people = (await findAll(profiles(deps.store), programme.regions.length ? { region: { in: programme.regions } } : {}))
      .filter((p) => p.id.startsWith('demo-p-'))
      .sort((a, b) => Number(a.id.slice('demo-p-'.length)) - Number(b.id.slice('demo-p-'.length)));
    const plan = planProgrammeVouchers(programme, people, catalogue, count, today, DEMO_VOUCHER_SEED + n);
    for (const [i, v] of plan.entries()) await playOut(deps, programmeId, reviewer, v, i);
    total += plan.length;
    deps.logger.info({ programme: programmeId, vouchers: plan.length }, 'demo vouchers ready');
  }
  await meta.insert({ id: MARKER_ID, seededAt: deps.clock.now().toISOString(), vouchers: total });
  return true;
}
