import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JOBS, queueOf } from '../../core/jobs.js';
import { PermanentJobError, type JobContext, type JobHandler, type JobQueue, type Worker } from '../../core/ports/queue.js';

/** Poll until `check` is true; fail with `what` after `timeoutMs`. */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The queue port's contract, run once per adapter. `makeQueue` must return a fresh, isolated
 * queue (its own prefix or collection) for every test, and `cleanup` releases what it made.
 */
export function queueContract(name: string, makeQueue: () => Promise<{ queue: JobQueue; cleanup(): Promise<void> }>): void {
  describe(`queue contract: ${name}`, () => {
    let queue: JobQueue;
    let cleanup: () => Promise<void>;
    let workers: Worker[];

    const work = (handlers: Record<string, JobHandler<any>>, concurrency?: number): Worker => {
      const worker = queue.work(handlers, concurrency === undefined ? undefined : { concurrency });
      workers.push(worker);
      return worker;
    };

    beforeEach(async () => {
      ({ queue, cleanup } = await makeQueue());
      workers = [];
    });

    afterEach(async () => {
      await Promise.all(workers.map((w) => w.close()));
      await queue.close();
      await cleanup();
    });

    it('runs a job with its data on the first attempt', async () => {
      const seen: JobContext<{ vacancyId: string }>[] = [];
      work({
        [JOBS.matchVacancy]: async (job: JobContext<{ vacancyId: string }>) => {
          await job.progress(50);
          seen.push(job);
        },
      });
      const { id } = await queue.add(JOBS.matchVacancy, { vacancyId: 'v-1' });
      await waitFor('the handler', () => seen.length === 1);
      expect(seen[0]).toMatchObject({ id, name: JOBS.matchVacancy, data: { vacancyId: 'v-1' }, attempt: 1 });
      await queue.ping();
    });

    it('retries with exponential backoff until the job succeeds', async () => {
      const attempts: number[] = [];
      const times: number[] = [];
      work({
        [JOBS.sendDigest]: async (job) => {
          attempts.push(job.attempt);
          times.push(Date.now());
          if (job.attempt < 3) throw new Error(`flaky ${job.attempt}`);
        },
      });
      await queue.add(JOBS.sendDigest, {}, { attempts: 3, backoffMs: 30 });
      await waitFor('three attempts', () => attempts.length === 3);
      expect(attempts).toEqual([1, 2, 3]);
      // base, then 2·base; a little slack for timer granularity.
      expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(25);
      expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(55);
      await sleep(100);
      expect(attempts).toHaveLength(3);
      expect(await queue.failed()).toEqual([]);
    });

    it('fails a PermanentJobError at once, visible in failed() and counts()', async () => {
      let calls = 0;
      work({
        [JOBS.deliverWebhook]: async () => {
          calls++;
          throw new PermanentJobError('endpoint gone');
        },
      });
      const { id } = await queue.add(JOBS.deliverWebhook, { endpoint: 'e-1' }, { attempts: 5, backoffMs: 10 });
      await waitFor('the failure', async () => (await queue.failed()).length === 1);
      const [failed] = await queue.failed();
      expect(failed).toMatchObject({ id, name: JOBS.deliverWebhook, data: { endpoint: 'e-1' }, attempts: 1 });
      expect(failed!.error).toContain('endpoint gone');
      expect(Number.isNaN(Date.parse(failed!.failedAt))).toBe(false);
      expect(calls).toBe(1);
      const counts = await queue.counts();
      expect(counts[queueOf(JOBS.deliverWebhook)]).toMatchObject({ failed: 1, waiting: 0, active: 0, delayed: 0 });
    });

    it('deduplicates by jobId while the job is pending, not after it ran', async () => {
      const first = await queue.add(JOBS.matchProfile, { n: 1 }, { jobId: 'profile-42', delayMs: 100 });
      const second = await queue.add(JOBS.matchProfile, { n: 2 }, { jobId: 'profile-42', delayMs: 100 });
      expect(second.id).toBe(first.id);
      expect((await queue.counts())[queueOf(JOBS.matchProfile)]).toMatchObject({ delayed: 1, waiting: 0 });
      const runs: unknown[] = [];
      work({ [JOBS.matchProfile]: async (job) => void runs.push(job.data) });
      await waitFor('the first run', () => runs.length === 1);
      await sleep(150);
      expect(runs).toEqual([{ n: 1 }]);
      await queue.add(JOBS.matchProfile, { n: 3 }, { jobId: 'profile-42' });
      await waitFor('a run after completion', () => runs.length === 2);
    });

    it('honours delay', async () => {
      let ranAt = 0;
      work({ [JOBS.indexSync]: async () => void (ranAt = Date.now()) });
      const addedAt = Date.now();
      await queue.add(JOBS.indexSync, {}, { delayMs: 200 });
      await sleep(100);
      expect(ranAt).toBe(0);
      await waitFor('the delayed job', () => ranAt > 0);
      expect(ranAt - addedAt).toBeGreaterThanOrEqual(190);
    });

    it('runs a schedule repeatedly, never doubled by a second schedule() call, until removed', async () => {
      let runs = 0;
      const data: unknown[] = [];
      await queue.schedule('housekeeping-test', JOBS.housekeeping, { kind: 'purge' }, { everyMs: 100 });
      await queue.schedule('housekeeping-test', JOBS.housekeeping, { kind: 'purge' }, { everyMs: 100 });
      const pending = (await queue.counts())[queueOf(JOBS.housekeeping)]!;
      expect(pending.delayed + pending.waiting).toBe(1);
      work({
        [JOBS.housekeeping]: async (job) => {
          runs++;
          data.push(job.data);
        },
      });
      const started = Date.now();
      await waitFor('three runs', () => runs >= 3, 3000);
      const elapsed = Date.now() - started;
      // Doubled, there would be about twice as many runs as intervals elapsed.
      expect(runs).toBeLessThanOrEqual(Math.ceil(elapsed / 100) + 1);
      expect(data[0]).toEqual({ kind: 'purge' });

      await queue.removeSchedule('housekeeping-test');
      const atRemoval = runs;
      await sleep(350);
      // One run may already have been due when the schedule was removed.
      expect(runs - atRemoval).toBeLessThanOrEqual(1);
    });

    it('queues one future run for a cron schedule in a time zone, and rejects a bad pattern', async () => {
      await queue.schedule('digests-daily', JOBS.dueDigests, {}, { cron: '0 7 * * *', tz: 'Europe/Amsterdam' });
      await queue.schedule('digests-daily', JOBS.dueDigests, {}, { cron: '0 7 * * *' });
      expect((await queue.counts())[queueOf(JOBS.dueDigests)]).toMatchObject({ delayed: 1, waiting: 0 });
      await expect(queue.schedule('bad', JOBS.dueDigests, {}, { cron: 'every morning' })).rejects.toMatchObject({ code: 'invalid' });
      await expect(queue.schedule('both', JOBS.dueDigests, {}, { cron: '0 7 * * *', everyMs: 10 })).rejects.toMatchObject({
        code: 'invalid',
      });
      await queue.removeSchedule('digests-daily');
      expect((await queue.counts())[queueOf(JOBS.dueDigests)]).toMatchObject({ delayed: 0, waiting: 0 });
    });

    it('respects the concurrency limit', async () => {
      let running = 0;
      let peak = 0;
      let done = 0;
      work(
        {
          [JOBS.matchVacancy]: async () => {
            running++;
            peak = Math.max(peak, running);
            await sleep(60);
            running--;
            done++;
          },
        },
        2,
      );
      for (let i = 0; i < 6; i++) await queue.add(JOBS.matchVacancy, { i });
      await waitFor('all six jobs', () => done === 6);
      expect(peak).toBe(2);
    });

    it('close() waits for the job in flight', async () => {
      let started = false;
      let finished = false;
      const worker = work({
        [JOBS.sendDigest]: async () => {
          started = true;
          await sleep(200);
          finished = true;
        },
      });
      await queue.add(JOBS.sendDigest, {});
      await waitFor('the job to start', () => started);
      await worker.close();
      expect(finished).toBe(true);
    });

    it('retry() runs a failed job again', async () => {
      let calls = 0;
      let succeeded = false;
      work({
        [JOBS.rescoreDemand]: async (job) => {
          calls++;
          if (calls === 1) throw new PermanentJobError('demand table missing');
          expect(job.attempt).toBe(1);
          succeeded = true;
        },
      });
      const { id } = await queue.add(JOBS.rescoreDemand, { sector: 'zorg' });
      await waitFor('the failure', async () => (await queue.failed()).some((f) => f.id === id));
      await queue.retry(id, JOBS.rescoreDemand);
      await waitFor('the retried run', () => succeeded);
      expect(calls).toBe(2);
      await waitFor('failed() to forget it', async () => !(await queue.failed()).some((f) => f.id === id));
    });
  });
}
