/**
 * `npm start` seeds on every start: a second start on the same data dir must add nothing,
 * and the demo wijkbasisbaan must be ready to offer (signed off, open, the demo jobseeker eligible).
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
import { DEMO_EMAILS } from '../../seeds/demo-accounts.js';
import { DEMO_BASIC_JOB_ID } from '../../seeds/demo-basic-jobs.js';

const COLLECTIONS = ['accounts', 'organisations', 'profiles', 'vacancies', 'subscriptions', 'programmes', 'courses', 'basic_jobs', 'basic_job_eligibility'];

async function counts(deps: RuntimeDeps): Promise<Record<string, number>> {
  return Object.fromEntries(await Promise.all(COLLECTIONS.map(async (c) => [c, await deps.store.collection(c).count()] as const)));
}

describe('seedDemoData', () => {
  let dir: string;
  let first: Record<string, number>;

  const open = async (): Promise<RuntimeDeps> => {
    const config = testConfig({ DATA_DIR: dir });
    return createDeps(config, createLogger(config));
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'kansrijk-seed-'));
    const deps = await open();
    try {
      await seedDemoData(deps);
      first = await counts(deps);
    } finally {
      await deps.close();
    }
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('adds nothing on a second start on the same data dir', async () => {
    const deps = await open();
    try {
      await seedDemoData(deps);
      expect(await counts(deps)).toEqual(first);
    } finally {
      await deps.close();
    }
    expect(first.profiles).toBeGreaterThanOrEqual(301);
    expect(first.basic_jobs).toBe(1);
    expect(first.basic_job_eligibility).toBe(1);
  });

  it('leaves the demo wijkbasisbaan open and signed off, with the demo jobseeker eligible', async () => {
    const deps = await open();
    try {
      const job = await basicJobs(deps.store).get(DEMO_BASIC_JOB_ID);
      expect(job).toMatchObject({ status: 'open', filledBy: null, region: 'rijnmond' });
      expect(job?.signOff?.statement).toBeTruthy();
      const [seeker] = await accounts(deps.store).find({ email: DEMO_EMAILS.jobseeker });
      const profile = await findOwnProfile(deps, seeker!.id);
      expect((await eligibility(deps.store).get(profile!.id))?.eligible).toBe(true);
    } finally {
      await deps.close();
    }
  });
});
