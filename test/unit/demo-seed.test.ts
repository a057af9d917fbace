/**
 * `npm start` seeds on every start: a second start on the same data dir must add nothing,
 * the demo wijkbasisbaan must be ready to offer (signed off, open, the demo jobseeker eligible),
 * and the demo programmes have a voucher history whose ledgers add up, in which the demo
 * jobseeker has no voucher (the walkthrough applies for one as her).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../core/config.js';
import { createLogger } from '../../core/logger.js';
import { createDeps, type RuntimeDeps } from '../../runtime/deps.js';
import { accounts } from '../../core/domain/accounts.js';
import { findOwnProfile } from '../../core/domain/profiles.js';
import { basicJobs, eligibility } from '../../core/basic-jobs/index.js';
import { seedDemoData } from '../../seeds/seed.js';
import { seedDemoVouchers, DEMO_VOUCHERS_PER_PROGRAMME } from '../../seeds/demo-vouchers.js';
import { incomeQualifies, ledgers, programmes, vouchers } from '../../core/programmes/index.js';
import { findAll } from '../../core/domain/pagination.js';
import { DEMO_EMAILS } from '../../seeds/demo-accounts.js';
import { DEMO_BASIC_JOB_ID } from '../../seeds/demo-basic-jobs.js';

const COLLECTIONS = ['accounts', 'organisations', 'profiles', 'vacancies', 'subscriptions', 'programmes', 'courses', 'basic_jobs', 'basic_job_eligibility', 'vouchers', 'programme_ledgers'];

async function counts(deps: RuntimeDeps): Promise<Record<string, number>> {
  return Object.fromEntries(await Promise.all(COLLECTIONS.map(async (c) => [c, await deps.store.collection(c).count()] as const)));
}

/** Every voucher's status and every ledger's totals: what a repeated seed must leave as it was. */
async function history(deps: RuntimeDeps) {
  const all = await findAll(vouchers(deps.store), {});
  const books = await findAll(ledgers(deps.store), {});
  return {
    vouchers: all.map((v) => `${v.id} ${v.profileId} ${v.courseId} ${v.status}`).sort(),
    ledgers: books.map(({ id, committedEur, spentEur, perParticipant }) => ({ id, committedEur, spentEur, perParticipant })).sort((a, b) => a.id.localeCompare(b.id)),
  };
}

describe('seedDemoData', () => {
  let dir: string;
  let first: Record<string, number>;

  /** Open the data dir as a start of the app would, run `fn`, and close it again. */
  const started = async (fn: (deps: RuntimeDeps) => Promise<void>): Promise<void> => {
    const config = testConfig({ DATA_DIR: dir });
    const deps = await createDeps(config, createLogger(config));
    try {
      await fn(deps);
    } finally {
      await deps.close();
    }
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'kansrijk-seed-'));
    await started(async (deps) => {
      await seedDemoData(deps);
      first = await counts(deps);
    });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('adds nothing on a second start on the same data dir', async () => {
    await started(async (deps) => {
      const before = await history(deps);
      await seedDemoData(deps);
      expect(await counts(deps)).toEqual(first);
      expect(await history(deps)).toEqual(before);
    });
    expect(first.profiles).toBeGreaterThanOrEqual(301);
    expect(first.basic_jobs).toBe(1);
    expect(first.basic_job_eligibility).toBe(1);
  });

  it('leaves the demo wijkbasisbaan open and signed off, with the demo jobseeker eligible', async () => {
    await started(async (deps) => {
      const job = await basicJobs(deps.store).get(DEMO_BASIC_JOB_ID);
      expect(job).toMatchObject({ status: 'open', filledBy: null, region: 'rijnmond' });
      expect(job?.signOff?.statement).toBeTruthy();
      const [seeker] = await accounts(deps.store).find({ email: DEMO_EMAILS.jobseeker });
      const profile = await findOwnProfile(deps, seeker!.id);
      expect((await eligibility(deps.store).get(profile!.id))?.eligible).toBe(true);
    });
  });

  it('gives every demo programme vouchers in every state, within its rules, with a ledger that adds up', async () => {
    await started(async (deps) => {
      const [sanne] = await accounts(deps.store).find({ email: DEMO_EMAILS.jobseeker });
      const sanneProfile = await findOwnProfile(deps, sanne!.id);
      for (const [programmeId, planned] of Object.entries(DEMO_VOUCHERS_PER_PROGRAMME)) {
        const programme = (await programmes(deps.store).get(programmeId))!;
        const list = await findAll(vouchers(deps.store), { programmeId });
        expect(list).toHaveLength(planned);
        expect(new Set(list.map((v) => v.status))).toEqual(new Set(['pending', 'approved', 'spent', 'rejected', 'withdrawn']));
        expect(list.some((v) => v.applicantId === sanne!.id || v.profileId === sanneProfile!.id)).toBe(false);
        for (const v of list) {
          expect(incomeQualifies(v.incomeBand, programme.incomeCeilingEur)).toBe(true);
          expect(programme.eligibleSectors).toContain(v.sector);
          expect(v.amountEur).toBeLessThanOrEqual(programme.maxPerParticipantEur);
          const person = await deps.store.collection<{ region: string | null }>('profiles').get(v.profileId);
          expect(programme.regions).toContain(person?.region);
          if (v.status === 'rejected') expect(v.reason).toBeTruthy();
          if (v.status === 'spent') expect(v.endDate <= v.completedAt!.slice(0, 10)).toBe(true);
        }
        const committed = list.filter((v) => v.status === 'approved' || v.status === 'spent');
        const ledger = (await ledgers(deps.store).get(programmeId))!;
        expect(ledger.committedEur).toBe(committed.reduce((s, v) => s + v.amountEur, 0));
        expect(ledger.spentEur).toBe(list.filter((v) => v.status === 'spent').reduce((s, v) => s + v.amountEur, 0));
        expect(Object.keys(ledger.perParticipant).sort()).toEqual([...new Set(committed.map((v) => v.profileId))].sort());
        expect(ledger.committedEur).toBeLessThanOrEqual(ledger.budgetEur);
      }
    });
  });

  it('completes an interrupted voucher seed without applying twice', async () => {
    await started(async (deps) => {
      const before = await history(deps);
      // As after a crash before the marker was written: every voucher is found again by person and programme.
      await deps.store.collection('meta').purge('demo-vouchers');
      expect(await seedDemoVouchers(deps)).toBe(true);
      expect(await history(deps)).toEqual(before);
      expect(await seedDemoVouchers(deps)).toBe(false);
    });
  });
});
