import { Queue, UnrecoverableError, Worker as BullWorker, type Job, type JobsOptions } from 'bullmq';
import { CronExpressionParser } from 'cron-parser';
import type { Logger } from 'pino';
import { AppError, invalid, isAppError, notFound, unavailable } from '../../core/errors.js';
import { QUEUES, queueOf, type QueueName } from '../../core/jobs.js';
import {
  PermanentJobError,
  type FailedJob,
  type JobCounts,
  type JobHandler,
  type JobQueue,
  type JobOptions,
  type ScheduleOptions,
  type Worker,
} from '../../core/ports/queue.js';

/** Bounded history, so Redis memory stays flat however many jobs run. */
export const KEEP_COMPLETED = { age: 24 * 3600, count: 1000 };
export const KEEP_FAILED = { age: 7 * 24 * 3600, count: 5000 };
export const DEFAULT_ATTEMPTS = 5;
export const DEFAULT_BACKOFF_MS = 1000;
export const DEFAULT_TZ = 'Europe/Amsterdam';

/**
 * Reject, as `invalid`, a schedule that could never run, before it reaches a backend (BullMQ
 * would otherwise fail deep inside, where it looks like a Redis error). Shared by both adapters.
 */
export function checkSchedule(opts: ScheduleOptions): void {
  if ((opts.everyMs === undefined) === (opts.cron === undefined)) {
    throw invalid('A schedule needs exactly one of everyMs and cron');
  }
  if (opts.everyMs !== undefined && !(opts.everyMs > 0)) throw invalid('everyMs must be positive');
  if (opts.cron !== undefined) {
    try {
      CronExpressionParser.parse(opts.cron, { tz: opts.tz ?? DEFAULT_TZ });
    } catch (err) {
      throw invalid(`bad cron pattern "${opts.cron}": ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

/** Reconnect quickly at first, then every 2 s, forever: Redis restarts must not need a redeploy. */
const reconnect = (times: number): number => Math.min(times * 100, 2000);

/**
 * The queue port on BullMQ: one BullMQ queue per entry of `QUEUES`, under `prefix`.
 *
 * Producers fail fast: their connection has no offline queue and every call is bounded by
 * `timeoutMs` (default 2 s), so an HTTP request answers 503 instead of hanging while Redis is
 * down. Workers use their own connections with `maxRetriesPerRequest: null` and reconnect
 * forever.
 *
 * `jobId` maps to BullMQ's deduplication id rather than its job id: a custom BullMQ job id
 * would also block re-adding while the completed job is still kept (up to 24 h), whereas the
 * port promises deduplication only while the job is waiting, delayed or active.
 */
export function createBullmqQueue(options: {
  url: string;
  prefix: string;
  logger?: Logger;
  timeoutMs?: number;
}): JobQueue {
  const { url, prefix, logger } = options;
  const timeoutMs = options.timeoutMs ?? 2000;
  const queues = new Map<QueueName, Queue>();
  let closed = false;

  const queue = (name: QueueName): Queue => {
    if (closed) throw new AppError('unavailable', 'queue is closed');
    let q = queues.get(name);
    if (!q) {
      q = new Queue(name, {
        prefix,
        connection: {
          url,
          enableOfflineQueue: false,
          maxRetriesPerRequest: 1,
          connectTimeout: timeoutMs,
          retryStrategy: reconnect,
        },
      });
      // Without a listener EventEmitter throws on 'error'; callers see failures through their calls.
      q.on('error', (err) => logger?.warn({ err, queue: name }, 'queue connection error'));
      queues.set(name, q);
    }
    return q;
  };

  /** Bound a producer call in time and turn driver failures into `unavailable`. */
  const guard = async <T>(what: string, op: () => Promise<T>): Promise<T> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(unavailable('Redis', new Error(`${what} timed out after ${timeoutMs} ms`))), timeoutMs);
      timer.unref();
    });
    try {
      return await Promise.race([op(), timeout]);
    } catch (err) {
      if (isAppError(err)) throw err;
      throw unavailable('Redis', err);
    } finally {
      clearTimeout(timer);
    }
  };

  const jobOptions = (o: JobOptions = {}): JobsOptions => ({
    attempts: o.attempts ?? DEFAULT_ATTEMPTS,
    backoff: { type: 'exponential', delay: o.backoffMs ?? DEFAULT_BACKOFF_MS },
    removeOnComplete: KEEP_COMPLETED,
    removeOnFail: KEEP_FAILED,
    ...(o.delayMs ? { delay: o.delayMs } : {}),
    ...(o.jobId ? { deduplication: { id: o.jobId } } : {}),
  });

  return {
    async add(name, data, opts) {
      const q = queue(queueOf(name));
      const job = await guard('add', () => q.add(name, data, jobOptions(opts)));
      return { id: String(job.id) };
    },

    async schedule(schedulerId, name, data, opts: ScheduleOptions) {
      checkSchedule(opts);
      const repeat = opts.everyMs !== undefined ? { every: opts.everyMs } : { pattern: opts.cron, tz: opts.tz ?? DEFAULT_TZ };
      const { attempts, backoff, removeOnComplete, removeOnFail } = jobOptions();
      const q = queue(queueOf(name));
      await guard('schedule', () =>
        q.upsertJobScheduler(schedulerId, repeat, { name, data, opts: { attempts, backoff, removeOnComplete, removeOnFail } }),
      );
    },

    async removeSchedule(schedulerId) {
      // The port does not say which queue holds the scheduler; ids are unique across queues.
      await guard('removeSchedule', () => Promise.all(QUEUES.map((n) => queue(n).removeJobScheduler(schedulerId))));
    },

    work(handlers: Record<string, JobHandler<any>>, workOptions = {}): Worker {
      const names = new Set(Object.keys(handlers).map(queueOf));
      const workers = [...names].map((queueName) => {
        const worker = new BullWorker(queueName, (job: Job) => dispatch(handlers, job), {
          prefix,
          concurrency: workOptions.concurrency ?? 1,
          connection: { url, maxRetriesPerRequest: null, retryStrategy: reconnect },
        });
        worker.on('error', (err) => logger?.warn({ err, queue: queueName }, 'worker error'));
        worker.on('failed', (job, err) =>
          logger?.warn({ err, jobId: job?.id, job: job?.name, attempt: job?.attemptsMade }, 'job failed'),
        );
        return worker;
      });
      return {
        async close() {
          // BullWorker.close() without force waits for the jobs in flight.
          await Promise.all(workers.map((w) => w.close()));
        },
      };
    },

    async counts() {
      const entries = await guard('counts', () =>
        Promise.all(
          QUEUES.map(async (name): Promise<[string, JobCounts]> => {
            const c = await queue(name).getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed', 'completed');
            return [
              name,
              {
                waiting: (c.waiting ?? 0) + (c.prioritized ?? 0),
                active: c.active ?? 0,
                delayed: c.delayed ?? 0,
                failed: c.failed ?? 0,
                completed: c.completed ?? 0,
              },
            ];
          }),
        ),
      );
      return Object.fromEntries(entries);
    },

    async failed(limit = 50) {
      const jobs = await guard('failed', () => Promise.all(QUEUES.map((n) => queue(n).getFailed(0, limit - 1))));
      return jobs
        .flat()
        .filter((job): job is NonNullable<typeof job> => Boolean(job))
        .sort((a, b) => (b.finishedOn ?? 0) - (a.finishedOn ?? 0))
        .slice(0, limit)
        .map(
          (job): FailedJob => ({
            id: String(job.id),
            name: job.name,
            data: job.data,
            attempts: job.attemptsMade,
            error: job.failedReason,
            failedAt: new Date(job.finishedOn ?? Date.now()).toISOString(),
          }),
        );
    },

    async retry(jobId, name) {
      const q = queue(queueOf(name));
      await guard('retry', async () => {
        const job = await q.getJob(jobId);
        if (!job || job.name !== name) throw notFound(`Job ${jobId}`);
        if ((await job.getState()) !== 'failed') throw new AppError('conflict', `Job ${jobId} has not failed`);
        // A retried job gets its full attempts again, as an operator expects after fixing the cause.
        await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      });
    },

    async ping() {
      const q = queue(QUEUES[0]);
      // Any real round trip will do; BullMQ's client abstraction has no PING.
      await guard('ping', () => q.getJobCounts('active'));
    },

    async close() {
      if (closed) return;
      closed = true;
      const all = [...queues.values()];
      queues.clear();
      // A clean close needs Redis; when it is down, drop the sockets instead of hanging shutdown.
      await Promise.all(
        all.map((q) => guard('close', () => q.close()).catch(() => q.disconnect().catch(() => undefined))),
      );
    },
  };
}

/** Run the handler registered for the job's name, translating the port's errors into BullMQ's. */
async function dispatch(handlers: Record<string, JobHandler<any>>, job: Job): Promise<unknown> {
  const handler = handlers[job.name];
  // Another name on the same queue with no handler in this process: a deployment mistake that
  // retries cannot fix, so it fails at once and shows up in failed().
  if (!handler) throw new UnrecoverableError(`No handler for job "${job.name}" in this worker`);
  try {
    return await handler({
      id: String(job.id),
      name: job.name,
      data: job.data,
      attempt: job.attemptsMade + 1,
      progress: (percent) => job.updateProgress(percent),
    });
  } catch (err) {
    if (err instanceof PermanentJobError) throw new UnrecoverableError(err.message);
    throw err;
  }
}
