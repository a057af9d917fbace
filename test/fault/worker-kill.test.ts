/**
 * Fault test: BullMQ on a private real Redis, a matching worker in a child process, kill -9 in
 * the middle of a batch, start it again. Every job must complete, and there must be exactly
 * one match record per (vacancy, profile): the set a clean run gives, no duplicates.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBullmqQueue } from '../../adapters/queue/bullmq.js';
import { testConfig } from '../../core/config.js';
import { createLogger } from '../../core/logger.js';
import { JOBS } from '../../core/jobs.js';
import { profiles } from '../../core/domain/profiles.js';
import { vacancies } from '../../core/domain/vacancies.js';
import { matchesOf, matchVacancy } from '../../core/matching/matches.js';
import { replaceDemandTable } from '../../core/demand/index.js';
import { synonymGroups } from '../../core/taxonomy/index.js';
import { searchFeeds } from '../../indexer/feeds.js';
import { Indexer } from '../../indexer/sync.js';
import { createDeps } from '../../runtime/deps.js';
import { generateProfiles, generateVacancies } from '../../seeds/generate.js';
import { demoDemandRows } from '../../seeds/demand/index.js';
import type { NodeProcess } from '../support/process.js';
import { startUntilReady } from '../support/two-workers-start.js';
import { startRedis, type TestRedis } from '../support/redis.js';

const VACANCIES = 40;
const PROFILES = 600;
const RIJNMOND = ['Rotterdam', 'Schiedam', 'Vlaardingen', 'Capelle aan den IJssel', 'Spijkenisse', 'Barendrecht'];
const OCCUPATIONS = ['verzorgende-ig', 'helpende-zorg', 'verkoopmedewerker', 'magazijnmedewerker', 'elektromonteur', 'kok'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('matching worker killed with SIGKILL mid-batch', () => {
  let redis: TestRedis;
  let dir: string;
  const children: NodeProcess[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    dir = await mkdtemp(path.join(tmpdir(), 'kansrijk-worker-kill-'));
  });
  afterAll(async () => {
    for (const c of children) if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGKILL');
    await redis?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const env = () => ({ DATA_DIR: dir, QUEUE_DRIVER: 'bullmq', REDIS_URL: redis.url, QUEUE_PREFIX: 'faulttest', WORKER_CONCURRENCY: '4', LOG_LEVEL: 'warn', SEED_DEMO: 'false' });
  const open = () => {
    const config = testConfig(env());
    return createDeps(config, createLogger(config));
  };

  const startWorker = (): Promise<NodeProcess> => startUntilReady('test/support/worker-child.ts', env(), children);
  const done = (child: NodeProcess) => new Set(child.output().split('\n').filter((l) => l.startsWith('done ')).map((l) => l.slice(5)));

  it('completes every job after a restart and leaves one record per pair', { timeout: 240_000 }, async () => {
    const now = new Date();
    const options = { now, places: RIJNMOND, occupations: OCCUPATIONS, idPrefix: 'fk' };
    // Set up the store, then release it: the child process owns it while it runs.
    const setup = await open();
    await replaceDemandTable(setup, demoDemandRows(), null);
    // The upload announced a rescore of every sector in it: that job is part of the batch too.
    let jobs = 1;
    for (const p of generateProfiles(PROFILES, 7, options)) await profiles(setup.store).insert(p);
    const openVacancies = generateVacancies(VACANCIES * 2, 11, ['fk-org'], options).filter((v) => v.status === 'open').slice(0, VACANCIES);
    for (const v of openVacancies) await vacancies(setup.store).insert(v);
    for (const v of openVacancies) {
      await setup.queue.add(JOBS.matchVacancy, { vacancyId: v.id }, { jobId: `match-vacancy-${v.id}`, backoffMs: 200 });
      jobs++;
    }
    // A sector rescore rides along: it rewrites the same records the vacancy jobs write.
    await setup.queue.add(JOBS.rescoreDemand, { sectors: ['zorg'] }, { backoffMs: 200 });
    jobs++;
    await setup.close();

    const first = await startWorker();
    const deadline = Date.now() + 120_000;
    while (done(first).size < 5) {
      if (Date.now() > deadline) throw new Error(`no progress:\n${first.output()}`);
      await sleep(10);
    }
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    expect(done(first).size).toBeLessThan(jobs);

    const second = await startWorker();
    // Jobs that were active in the killed worker return once BullMQ sees them stalled (lock expired, up to ~1 min).
    const queue = createBullmqQueue({ url: redis.url, prefix: 'faulttest' });
    try {
      const until = Date.now() + 200_000;
      for (;;) {
        const c = (await queue.counts()).matching!;
        expect(c.failed).toBe(0);
        if (c.completed === jobs && c.waiting + c.active + c.delayed === 0) break;
        if (Date.now() > until) throw new Error(`jobs did not finish: ${JSON.stringify(c)}\n${second.output()}`);
        await sleep(200);
      }
    } finally {
      await queue.close();
    }
    second.child.kill('SIGTERM');
    await second.exited;

    const after = await open();
    try {
      const records = await matchesOf(after.store).find({});
      const perPair = new Map<string, number>();
      for (const m of records) perPair.set(`${m.vacancyId}|${m.profileId}`, (perPair.get(`${m.vacancyId}|${m.profileId}`) ?? 0) + 1);
      expect([...perPair.values()].filter((n) => n !== 1)).toEqual([]);
      expect(records.length).toBeGreaterThan(VACANCIES);
      // The expected set is what one clean run of every job gives: running them all again changes nothing.
      const indexer = new Indexer(after, searchFeeds(synonymGroups()), 1000);
      await indexer.start();
      await indexer.syncAll();
      for (const v of openVacancies) expect((await matchVacancy(after, v.id)).removed, v.id).toBe(0);
      const again = await matchesOf(after.store).find({});
      expect(again.map((m) => m.id).sort()).toEqual(records.map((m) => m.id).sort());
    } finally {
      await after.close();
    }
  });
});
