/**
 * The retraining and digest records that hold personal data, each with how it is exported
 * and how it is erased, side by side: a collection added here is covered by both the export
 * (GDPR art. 15/20) and the erasure (art. 17), never by one of them only.
 */
import { z } from 'zod';
import type { Deps } from '../deps.js';
import { isAppError } from '../errors.js';
import type { Stored } from '../ports/store.js';
import { Appointment, appointments, publicAppointment } from '../career-check/appointments.js';
import { CareerCheckInput, CareerCheckReport, careerChecks, reportOfProfile } from '../career-check/index.js';
import { basicJobs, eligibility, offers } from '../basic-jobs/index.js';
import { digests } from '../digests/compose.js';
import { publicSubscription, Subscription, subscriptions } from '../digests/subscriptions.js';
import { ERASED, eraseVouchersOf, publicVoucher, Voucher, vouchersOfProfile } from '../programmes/index.js';
import { findAll } from './pagination.js';

/** Whose records: the account, and their profile when they have one. */
export interface Person {
  accountId: string;
  profileId: string | null;
}

type Ports = Pick<Deps, 'store' | 'clock'>;

/** A stored document as exported: everything but the store's bookkeeping. */
const Raw = z.record(z.string(), z.unknown());
const raw = <T extends object>({ version: _v, deletedAt: _d, ...rest }: Stored<T>): Record<string, unknown> => rest;

export const RetrainingExport = z.object({
  /** Including the income band you declared (only you and the programme's reviewers see it). */
  vouchers: z.array(Voucher),
  careerCheck: z
    .object({ answers: CareerCheckInput, completedAt: z.string(), report: CareerCheckReport.nullable().describe('the report as it reads today (computed, never stored)') })
    .nullable(),
  appointments: z.array(Appointment),
  basicJobOffers: z.array(Raw),
  basicJobEligibility: z.object({ eligible: z.boolean(), reason: z.string(), markedAt: z.string() }).nullable(),
  /** Digest subscriptions you made as a recruiter. */
  subscriptions: z.array(Subscription),
  /** Lines about your (anonymised) profile in digests sent to recruiters; who received them is theirs. */
  digestMentions: z.array(z.object({ digestId: z.string(), composedAt: z.string(), status: z.string(), item: Raw })),
});
export type RetrainingExport = z.infer<typeof RetrainingExport>;

async function careerCheckOf(deps: Ports, person: Person): Promise<RetrainingExport['careerCheck']> {
  const [check] = await careerChecks(deps.store).find({ ownerId: person.accountId }, { limit: 1 });
  if (!check) return null;
  const answers = CareerCheckInput.parse({ workWishes: check.workWishes, interests: check.interests, skills: check.skills, constraints: check.constraints });
  let report: CareerCheckReport | null = null;
  try {
    report = await reportOfProfile(deps, check.profileId);
  } catch (e) {
    // The profile may be gone while the answers remain: the answers are still exported.
    if (!isAppError(e) || e.code !== 'not_found') throw e;
  }
  return { answers, completedAt: check.completedAt, report };
}

/** Digests whose lines mention the profile. */
const digestsMentioning = (deps: Pick<Deps, 'store'>, profileId: string) => findAll(digests(deps.store), { 'items.profileId': profileId });

/** Everything below about one person, for the export. */
export async function exportRetrainingRecords(deps: Ports, person: Person): Promise<RetrainingExport> {
  const { profileId, accountId } = person;
  const mark = profileId ? await eligibility(deps.store).get(profileId) : null;
  const now = deps.clock.now();
  return {
    vouchers: profileId ? (await vouchersOfProfile(deps, profileId)).map(publicVoucher) : [],
    careerCheck: await careerCheckOf(deps, person),
    appointments: (await findAll(appointments(deps.store), { requesterId: accountId })).map(publicAppointment),
    basicJobOffers: (await findAll(offers(deps.store), { ownerId: accountId })).map(raw),
    basicJobEligibility: mark ? { eligible: mark.eligible, reason: mark.reason, markedAt: mark.markedAt } : null,
    subscriptions: (await findAll(subscriptions(deps.store), { createdBy: accountId })).map((s) => publicSubscription(s, now)),
    digestMentions: profileId
      ? (await digestsMentioning(deps, profileId)).flatMap((d) =>
          d.items.filter((i) => i.profileId === profileId).map((item) => ({ digestId: d.id, composedAt: d.composedAt, status: d.status, item: { ...item } })),
        )
      : [],
  };
}

/**
 * Erase everything below about one person. Vouchers the ledger counts are anonymised, not
 * removed (see `eraseVouchersOf`); a basic job the person filled stays filled, by nobody
 * named. Digests a recruiter already received lose the lines about the person; an erased
 * recruiter's subscriptions go, with their digests (one still waiting to be sent is kept
 * cancelled and emptied, so its delivery job finds it and stops).
 */
export async function eraseRetrainingRecords(deps: Pick<Deps, 'store'>, person: Person): Promise<void> {
  const { profileId, accountId } = person;
  await careerChecks(deps.store).purgeWhere({ ownerId: accountId });
  await appointments(deps.store).purgeWhere({ requesterId: accountId });
  await offers(deps.store).purgeWhere({ ownerId: accountId });
  if (profileId) {
    await eraseVouchersOf(deps, profileId);
    await eligibility(deps.store).purgeWhere({ profileId });
    for (const job of await findAll(basicJobs(deps.store), { filledBy: profileId })) await basicJobs(deps.store).update(job.id, { filledBy: ERASED });
    for (const d of await digestsMentioning(deps, profileId)) {
      const gone = new Set(d.items.filter((i) => i.profileId === profileId).map((i) => i.id));
      await digests(deps.store).update(d.id, { items: d.items.filter((i) => !gone.has(i.id)), matchIds: d.matchIds.filter((m) => !gone.has(m)) });
    }
  }
  const own = await findAll(subscriptions(deps.store), { createdBy: accountId });
  for (const d of own.length ? await findAll(digests(deps.store), { subscriptionId: { in: own.map((s) => s.id) } }) : []) {
    if (d.status === 'composed') await digests(deps.store).update(d.id, { status: 'cancelled', recipient: ERASED, items: [] });
    else await digests(deps.store).purge(d.id);
  }
  await subscriptions(deps.store).purgeWhere({ createdBy: accountId });
}
