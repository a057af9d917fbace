/** The JOBS.deliverWebhook handler: thin, it parses the job data and calls `deliverWebhook`. */
import { z } from 'zod';
import type { Deps } from '../deps.js';
import { JOBS } from '../jobs.js';
import { PermanentJobError, type JobHandler } from '../ports/queue.js';
import { deliverWebhook } from './deliver.js';
import { DELIVERY_ATTEMPTS } from './index.js';

const DeliverData = z.object({ deliveryId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });

/** Handlers for the `webhooks` queue. */
export function webhookJobHandlers(deps: Deps): Record<string, JobHandler> {
  return {
    [JOBS.deliverWebhook]: async (job) => {
      const parsed = DeliverData.safeParse(job.data);
      if (!parsed.success) throw new PermanentJobError(`${job.name}: invalid job data`);
      return deliverWebhook(deps, parsed.data.deliveryId, job.attempt >= DELIVERY_ATTEMPTS);
    },
  };
}
