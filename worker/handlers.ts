/**
 * Every background job this platform runs, by name (core/jobs.ts). Handlers are thin: they
 * parse the job data and call a use-case. Retries with exponential backoff are the queue's
 * defaults (5 tries); job data that can never be valid fails at once (PermanentJobError),
 * and failed jobs are listed for admins at `GET /api/v1/admin/jobs/failed`.
 */
import { z } from 'zod';
import type { Deps } from '../core/deps.js';
import { PermanentJobError, type JobHandler } from '../core/ports/queue.js';
import { digestJobHandlers, registerDigestSchedules } from '../core/digests/jobs.js';
import { JOBS } from '../core/jobs.js';
import { runHousekeeping } from '../core/housekeeping.js';
import { webhookJobHandlers } from '../core/webhooks/jobs.js';
import { matchProfile, matchVacancy, rescoreDemandChange } from '../core/matching/matches.js';

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

function dataOf<S extends z.ZodType>(schema: S, data: unknown, name: string): z.infer<S> {
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new PermanentJobError(`${name}: invalid job data (${parsed.error.issues.map((i) => i.message).join('; ')})`);
  return parsed.data;
}

/** The matching workers: vacancy changed, profile changed, demand table changed. */
export function matchingJobHandlers(deps: Deps): Record<string, JobHandler> {
  return {
    [JOBS.matchVacancy]: async (job) => matchVacancy(deps, dataOf(z.object({ vacancyId: id }), job.data, job.name).vacancyId),
    [JOBS.matchProfile]: async (job) => matchProfile(deps, dataOf(z.object({ profileId: id }), job.data, job.name).profileId),
    [JOBS.rescoreDemand]: async (job) => {
      const { sectors } = dataOf(z.object({ sectors: z.array(z.string().regex(/^[a-z-]{1,60}$/)).max(100) }), job.data, job.name);
      return rescoreDemandChange(deps, sectors, (done, total) => job.progress(Math.round((100 * done) / total)));
    },
  };
}

export function workerHandlers(deps: Deps): Record<string, JobHandler> {
  return {
    ...digestJobHandlers(deps),
    ...matchingJobHandlers(deps),
    ...webhookJobHandlers(deps),
    [JOBS.housekeeping]: () => runHousekeeping(deps),
  };
}

/** Recurring work, registered idempotently at start (upsertJobScheduler semantics). */
export async function registerSchedules(deps: Deps): Promise<void> {
  await registerDigestSchedules(deps);
  await deps.queue.schedule('housekeeping-hourly', JOBS.housekeeping, {}, { cron: '17 * * * *' });
}
