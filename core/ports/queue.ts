/**
 * The queue port: named background jobs with retries, backoff, delays, deduplication by
 * job id, and recurring schedules.
 *
 * Adapters: `adapters/queue/bullmq.ts` (BullMQ on Redis) and `adapters/queue/embedded.ts`
 * (in-process, jobs persisted in the embedded store so that acknowledged jobs survive a
 * restart). Both pass `test/contract/queue.contract.ts`.
 *
 * Job names are declared once in `core/jobs.ts`; each name belongs to one queue there.
 */

export interface JobOptions {
  /**
   * Deduplication key from business data (no `:`, not all digits). While a job with this id
   * is waiting, delayed or active, adding another with the same id is a no-op.
   */
  jobId?: string;
  /** Milliseconds before the job may run. */
  delayMs?: number;
  /** Total tries including the first (default 5). */
  attempts?: number;
  /** Exponential backoff base in ms (default 1000): waits base, 2·base, 4·base, ... */
  backoffMs?: number;
}

export interface ScheduleOptions {
  /** Run every N milliseconds ... */
  everyMs?: number;
  /** ... or on a cron pattern (5 or 6 fields) ... */
  cron?: string;
  /** ... in this IANA time zone (default Europe/Amsterdam). */
  tz?: string;
}

export interface JobContext<D = unknown> {
  id: string;
  name: string;
  data: D;
  /** 1 on the first try. */
  attempt: number;
  /** Report progress (0–100) for dashboards. */
  progress(percent: number): Promise<void>;
}

export type JobHandler<D = unknown> = (job: JobContext<D>) => Promise<unknown>;

/** Throw this from a handler for a job that can never succeed: it fails without retries. */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentJobError';
  }
}

export interface JobCounts {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  completed: number;
}

export interface FailedJob {
  id: string;
  name: string;
  data: unknown;
  attempts: number;
  error: string;
  failedAt: string;
}

export interface Worker {
  /** Stop taking jobs, wait for the in-flight ones to finish (drain), then release. */
  close(): Promise<void>;
}

export interface JobQueue {
  /** Enqueue a job; resolves once it is durably accepted. Throws `unavailable` if the backend is down. */
  add<D>(name: string, data: D, options?: JobOptions): Promise<{ id: string }>;
  /**
   * Create or replace the recurring schedule `schedulerId` that enqueues `name` with `data`
   * (BullMQ's upsertJobScheduler). Idempotent: calling it again at start-up never doubles it.
   */
  schedule<D>(schedulerId: string, name: string, data: D, options: ScheduleOptions): Promise<void>;
  removeSchedule(schedulerId: string): Promise<void>;
  /** Start processing the named jobs with these handlers. One worker per process is usual. */
  work(handlers: Record<string, JobHandler<any>>, options?: { concurrency?: number }): Worker;
  /** Counts per state, per queue (queue name → counts). */
  counts(): Promise<Record<string, JobCounts>>;
  /** Jobs that used up their attempts, newest first. */
  failed(limit?: number): Promise<FailedJob[]>;
  /** Put a failed job back to waiting. */
  retry(jobId: string, name: string): Promise<void>;
  /** Throws `unavailable` when the backend cannot be reached. */
  ping(): Promise<void>;
  /** Close producers and connections (workers are closed separately, first). */
  close(): Promise<void>;
}
