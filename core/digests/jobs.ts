/**
 * The digest jobs, thin: parse the job data and call the use-cases in compose.ts.
 * `due-digests` runs on a schedule and enqueues one `send-digest` per due subscription and
 * period; `send-digest` composes (once) and delivers (until accepted).
 */
import { z } from 'zod';
import type { Deps } from '../deps.js';
import { JOBS } from '../jobs.js';
import { PermanentJobError, type JobHandler } from '../ports/queue.js';
import { composeDigest, deliverDigest, enqueueDueDigests } from './compose.js';
import { DIGEST_TIME_ZONE } from './schedule.js';

/** How often the sweep looks for due digests: a digest set for 08:00 leaves by 08:05. */
export const DUE_DIGESTS_CRON = '*/5 * * * *';

const SendDigestData = z.strictObject({ subscriptionId: z.string().min(1), periodKey: z.string().regex(/^[A-Za-z0-9-]{1,64}$/) });

/** Handlers for `due-digests` and `send-digest`. */
export function digestJobHandlers(deps: Deps): Record<string, JobHandler<any>> {
  return {
    [JOBS.dueDigests]: async () => enqueueDueDigests(deps),
    [JOBS.sendDigest]: async (job) => {
      const data = SendDigestData.safeParse(job.data);
      if (!data.success) throw new PermanentJobError(`send-digest needs { subscriptionId, periodKey }: ${data.error.message}`);
      const record = await composeDigest(deps, data.data.subscriptionId, data.data.periodKey);
      if (!record) return { status: 'inactive' };
      return { status: await deliverDigest(deps, record.id) };
    },
  };
}

/** Register the recurring sweep (idempotent: a restart replaces, never doubles it). */
export async function registerDigestSchedules(deps: Pick<Deps, 'queue'>): Promise<void> {
  await deps.queue.schedule('due-digests', JOBS.dueDigests, {}, { cron: DUE_DIGESTS_CRON, tz: DIGEST_TIME_ZONE });
}
