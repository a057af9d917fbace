import { randomBytes } from 'node:crypto';
import { CronExpressionParser } from 'cron-parser';
import type { Logger } from 'pino';
import { systemClock, type Clock } from '../../core/deps.js';
import { AppError, isAppError, notFound, unavailable } from '../../core/errors.js';
import { QUEUES, queueOf, type QueueName } from '../../core/jobs.js';
import {
  PermanentJobError,
  type FailedJob,
  type JobCounts,
  type JobHandler,
  type JobQueue,
  type ScheduleOptions,
  type Worker,
} from '../../core/ports/queue.js';
import type { Collection, Stored } from '../../core/ports/store.js';
import { checkSchedule, DEFAULT_ATTEMPTS, DEFAULT_BACKOFF_MS, DEFAULT_TZ } from './bullmq.js';

/**
 * A job as stored. There is no `completed` state: finished jobs are purged at once, so the
 * collection only ever holds pending work and the (age-bounded) failures.
 */
interface JobDoc {
  name: string;
  queue: QueueName;
  data: unknown;
  /** `queued` covers BullMQ's waiting and delayed: which one follows from `runAt`. */
  state: 'queued' | 'active' | 'failed';
  /** Epoch ms before which the job must not start (delay, backoff, schedule). */
  runAt: number;
  /** The port's `jobId`; cleared when the job fails so that it only blocks while pending. */
  dedupKey: string | null;
  attempts: number;
  backoffMs: number;
  /** Tries started so far; the handler's `attempt` is this after claiming. */
  attemptsMade: number;
  /** Times a process died while running it; a second stall fails it (a poison job must not loop). */
  stalls: number;
  schedulerId: string | null;
  progress: number;
  error: string | null;
  failedAt: string | null;
}

interface ScheduleDoc {
  name: string;
  data: unknown;
  everyMs: number | null;
  cron: string | null;
  tz: string;
}

/** Failed jobs are kept this long, like the BullMQ adapter's removeOnFail. */
const KEEP_FAILED_MS = 7 * 24 * 3600 * 1000;

/**
 * The queue port in process, persisted in a store `Collection` so that an acknowledged `add`
 * survives a restart and a job interrupted while active runs again (at-least-once, as
 * BullMQ's stalled-job recovery gives). Same semantics as the BullMQ adapter: dedup by jobId
 * while pending, delay, attempts with exponential backoff, PermanentJobError fails at once,
 * concurrency per queue, schedules (everyMs, or cron in a time zone).
 *
 * One process owns the collection: every read-then-write runs through one promise chain, which
 * is all the locking a single process needs. Timers are unref()ed so an idle queue never keeps
 * the process alive. Schedule definitions live in `schedules` when given (surviving restarts),
 * otherwise in memory until `schedule()` is called again at start-up.
 */
export function createEmbeddedQueue(options: {
  jobs: Collection<any>;
  schedules?: Collection<any>;
  logger?: Logger;
  clock?: Clock;
  pollMs?: number;
}): JobQueue {
  const jobs = options.jobs as Collection<JobDoc>;
  const schedules = options.schedules as Collection<ScheduleDoc> | undefined;
  const memorySchedules = new Map<string, ScheduleDoc>();
  const { logger } = options;
  const clock = options.clock ?? systemClock;
  const pollMs = options.pollMs ?? 1000;
  const now = (): number => clock.now().getTime();
  const completed = Object.fromEntries(QUEUES.map((q) => [q, 0])) as Record<QueueName, number>;
  const workers = new Set<EmbeddedWorker>();
  let closed = false;

  let chain: Promise<unknown> = Promise.resolve();
  /** Run `op` after every earlier one: no two read-then-write sequences interleave. */
  const serial = <T>(op: () => Promise<T>): Promise<T> => {
    const result = chain.then(() => {
      if (closed) throw new AppError('unavailable', 'queue is closed');
      return op();
    });
    chain = result.catch(() => undefined);
    return result;
  };

  const getSchedule = async (id: string): Promise<ScheduleDoc | null> =>
    schedules ? await schedules.get(id) : (memorySchedules.get(id) ?? null);

  /** Queue the schedule's next run after now, unless one is already queued. */
  const queueNextRun = async (schedulerId: string): Promise<void> => {
    const def = await getSchedule(schedulerId);
    if (!def) return;
    if ((await jobs.count({ schedulerId, state: 'queued' })) > 0) return;
    await jobs.insert(newJob(def.name, def.data, { runAt: nextRun(def, now()), schedulerId }));
  };

  // Jobs left active by a process that died: run them again (or fail a repeat offender).
  void serial(async () => {
    for (const doc of await jobs.find({ state: 'active' })) {
      const patch: Partial<JobDoc> =
        doc.stalls >= 1
          ? { state: 'failed', error: 'job stalled more than once', failedAt: clock.now().toISOString(), dedupKey: null }
          : { state: 'queued', runAt: now(), attemptsMade: doc.attemptsMade - 1, stalls: doc.stalls + 1 };
      await jobs.update(doc.id, patch);
    }
  }).catch((err: unknown) => logger?.error({ err }, 'embedded queue: recovering active jobs failed'));

  const wakeAll = (): void => {
    for (const w of workers) w.wake(0);
  };

  class EmbeddedWorker implements Worker {
    private readonly names: string[];
    private readonly running = new Map<QueueName, number>();
    private readonly inFlight = new Set<Promise<void>>();
    private timer: NodeJS.Timeout | undefined;
    private filling = false;
    private closing = false;

    constructor(
      private readonly handlers: Record<string, JobHandler<any>>,
      private readonly concurrency: number,
    ) {
      this.names = Object.keys(handlers);
      for (const name of this.names) this.running.set(queueOf(name), 0);
    }

    wake(delayMs: number): void {
      if (this.closing) return;
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.fill(), Math.max(0, delayMs));
      this.timer.unref();
    }

    /** Claim as many due jobs as there are free slots, start them, and sleep until the next one is due. */
    private fill(): void {
      if (this.filling || this.closing) return;
      this.filling = true;
      serial(async () => {
        const open: QueueName[] = [];
        for (const [queue, running] of this.running) {
          const free = this.concurrency - running;
          if (free <= 0) continue;
          open.push(queue);
          const due = await jobs.find(
            { state: 'queued', queue, name: { in: this.names }, runAt: { lte: now() } },
            { sort: { field: 'runAt', direction: 'asc' }, limit: free },
          );
          for (const doc of due) {
            const claimed = await jobs.update(doc.id, { state: 'active', attemptsMade: doc.attemptsMade + 1 }, { ifVersion: doc.version });
            if (claimed.schedulerId) await queueNextRun(claimed.schedulerId);
            this.start(claimed);
          }
        }
        // Full queues wake us when a job finishes; only the open ones need a timer.
        if (open.length === 0) return pollMs;
        const [next] = await jobs.find(
          { state: 'queued', queue: { in: open }, name: { in: this.names } },
          { sort: { field: 'runAt', direction: 'asc' }, limit: 1 },
        );
        return next ? Math.min(next.runAt - now(), pollMs) : pollMs;
      })
        .then(
          (delay) => delay,
          (err: unknown) => {
            if (!this.closing) logger?.error({ err }, 'embedded queue: claiming jobs failed');
            return pollMs;
          },
        )
        .then((delay) => {
          this.filling = false;
          this.wake(delay);
        });
    }

    private start(doc: Stored<JobDoc>): void {
      this.running.set(doc.queue, (this.running.get(doc.queue) ?? 0) + 1);
      const run = this.run(doc).finally(() => {
        this.running.set(doc.queue, (this.running.get(doc.queue) ?? 1) - 1);
        this.inFlight.delete(run);
        this.wake(0);
      });
      this.inFlight.add(run);
    }

    private async run(doc: Stored<JobDoc>): Promise<void> {
      const handler = this.handlers[doc.name]!;
      let failure: unknown = null;
      try {
        await handler({
          id: doc.id,
          name: doc.name,
          data: doc.data,
          attempt: doc.attemptsMade,
          progress: async (percent) => {
            await jobs.update(doc.id, { progress: percent });
          },
        });
      } catch (err) {
        failure = err ?? new Error('job failed');
      }
      try {
        await serial(() => (failure === null ? finish(doc) : fail(doc, failure)));
      } catch (err) {
        logger?.error({ err, jobId: doc.id, job: doc.name }, 'embedded queue: recording the outcome failed');
      }
    }

    async close(): Promise<void> {
      this.closing = true;
      clearTimeout(this.timer);
      while (this.inFlight.size > 0) await Promise.all(this.inFlight);
      workers.delete(this);
    }
  }

  const finish = async (doc: Stored<JobDoc>): Promise<void> => {
    await jobs.purge(doc.id);
    completed[doc.queue]++;
  };

  const fail = async (doc: Stored<JobDoc>, err: unknown): Promise<void> => {
    const message = err instanceof Error ? err.message : String(err);
    if (err instanceof PermanentJobError || doc.attemptsMade >= doc.attempts) {
      logger?.warn({ err, jobId: doc.id, job: doc.name, attempt: doc.attemptsMade }, 'job failed');
      await jobs.update(doc.id, { state: 'failed', error: message, failedAt: clock.now().toISOString(), dedupKey: null });
      await jobs.purgeWhere({ state: 'failed', failedAt: { lt: new Date(now() - KEEP_FAILED_MS).toISOString() } });
    } else {
      const backoff = doc.backoffMs * 2 ** (doc.attemptsMade - 1);
      await jobs.update(doc.id, { state: 'queued', runAt: now() + backoff, error: message });
    }
  };

  /** Store failures of a producer call become `unavailable`, as a lost Redis does in the BullMQ adapter. */
  const producer = async <T>(op: () => Promise<T>): Promise<T> => {
    try {
      return await serial(op);
    } catch (err) {
      throw isAppError(err) ? err : unavailable('embedded queue store', err);
    }
  };

  return {
    async add(name, data, opts = {}) {
      queueOf(name);
      const id = await producer(async () => {
        if (opts.jobId) {
          const [pending] = await jobs.find({ dedupKey: opts.jobId, state: { in: ['queued', 'active'] } }, { limit: 1 });
          if (pending) return pending.id;
        }
        const doc = await jobs.insert(newJob(name, data, { ...opts, runAt: now() + (opts.delayMs ?? 0) }));
        return doc.id;
      });
      wakeAll();
      return { id };
    },

    async schedule(schedulerId, name, data, opts: ScheduleOptions) {
      checkSchedule(opts);
      queueOf(name);
      const def: ScheduleDoc = { name, data, everyMs: opts.everyMs ?? null, cron: opts.cron ?? null, tz: opts.tz ?? DEFAULT_TZ };
      await producer(async () => {
        if (schedules) await schedules.upsert(schedulerId, def);
        else memorySchedules.set(schedulerId, def);
        // Upsert: the pending run of the old definition makes way for the new one.
        await jobs.purgeWhere({ schedulerId, state: 'queued' });
        await queueNextRun(schedulerId);
      });
      wakeAll();
    },

    async removeSchedule(schedulerId) {
      await producer(async () => {
        if (schedules) await schedules.purge(schedulerId);
        else memorySchedules.delete(schedulerId);
        await jobs.purgeWhere({ schedulerId, state: 'queued' });
      });
    },

    work(handlers, workOptions = {}) {
      if (closed) throw new AppError('unavailable', 'queue is closed');
      const worker = new EmbeddedWorker(handlers, workOptions.concurrency ?? 1);
      workers.add(worker);
      worker.wake(0);
      return worker;
    },

    async counts() {
      return producer(async () => {
        const t = now();
        const entries = await Promise.all(
          QUEUES.map(async (queue): Promise<[string, JobCounts]> => {
            const [waiting, delayed, active, failed] = await Promise.all([
              jobs.count({ queue, state: 'queued', runAt: { lte: t } }),
              jobs.count({ queue, state: 'queued', runAt: { gt: t } }),
              jobs.count({ queue, state: 'active' }),
              jobs.count({ queue, state: 'failed' }),
            ]);
            // Completed jobs are purged, so this counts those completed since the process started.
            return [queue, { waiting, delayed, active, failed, completed: completed[queue] }];
          }),
        );
        return Object.fromEntries(entries);
      });
    },

    async failed(limit = 50) {
      const docs = await producer(() =>
        jobs.find({ state: 'failed' }, { sort: { field: 'failedAt', direction: 'desc' }, limit }),
      );
      return docs.map(
        (d): FailedJob => ({
          id: d.id,
          name: d.name,
          data: d.data,
          attempts: d.attemptsMade,
          error: d.error ?? '',
          failedAt: d.failedAt ?? d.updatedAt,
        }),
      );
    },

    async retry(jobId, name) {
      await producer(async () => {
        const doc = await jobs.get(jobId);
        if (!doc || doc.name !== name) throw notFound(`Job ${jobId}`);
        if (doc.state !== 'failed') throw new AppError('conflict', `Job ${jobId} has not failed`);
        // Full attempts again, as an operator expects after fixing the cause (same as BullMQ adapter).
        await jobs.update(jobId, { state: 'queued', runAt: now(), attemptsMade: 0, stalls: 0, error: null, failedAt: null });
      });
      wakeAll();
    },

    async ping() {
      await producer(() => jobs.count({ state: 'active' }));
    },

    async close() {
      if (closed) return;
      await Promise.all([...workers].map((w) => w.close()));
      // Let the operations already queued finish before refusing new ones.
      await chain;
      closed = true;
    },
  };
}

function newJob(
  name: string,
  data: unknown,
  o: { runAt: number; jobId?: string; attempts?: number; backoffMs?: number; schedulerId?: string },
): JobDoc & { id: string } {
  return {
    id: sortableId(),
    name,
    queue: queueOf(name),
    data,
    state: 'queued',
    runAt: o.runAt,
    dedupKey: o.jobId ?? null,
    attempts: o.attempts ?? DEFAULT_ATTEMPTS,
    backoffMs: o.backoffMs ?? DEFAULT_BACKOFF_MS,
    attemptsMade: 0,
    stalls: 0,
    schedulerId: o.schedulerId ?? null,
    progress: 0,
    error: null,
    failedAt: null,
  };
}

let sequence = 0;
/** Ids that sort in insertion order, so jobs due at the same ms run first-in first-out (ties sort by id). */
function sortableId(): string {
  sequence = (sequence + 1) % 36 ** 4;
  return `${Date.now().toString(36).padStart(9, '0')}${sequence.toString(36).padStart(4, '0')}${randomBytes(4).toString('hex')}`;
}

/**
 * The first run strictly after `after`. `everyMs` runs align to multiples of the interval
 * (as BullMQ's `every` does), so re-registering a schedule at every start-up keeps its rhythm.
 */
function nextRun(def: ScheduleDoc, after: number): number {
  if (def.everyMs !== null) return Math.floor(after / def.everyMs) * def.everyMs + def.everyMs;
  return CronExpressionParser.parse(def.cron!, { currentDate: new Date(after), tz: def.tz }).next().getTime();
}
