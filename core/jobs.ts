/**
 * Every background job name, and the queue it runs on. BullMQ gets one queue per entry in
 * QUEUES, so a slow kind of work (digests) never holds up a prompt one (indexing).
 */
export const QUEUES = ['indexing', 'matching', 'digests', 'webhooks'] as const;
export type QueueName = (typeof QUEUES)[number];

export const JOBS = {
  /** Nudge: something changed, sync the search index now rather than at the next poll. */
  indexSync: 'index-sync',
  /** A vacancy changed: recall candidates, score, upsert matches. */
  matchVacancy: 'match-vacancy',
  /** A profile changed: recall vacancies, score, upsert matches. */
  matchProfile: 'match-profile',
  /** The demand table changed: rescore matches in the affected sectors. */
  rescoreDemand: 'rescore-on-demand-change',
  /** Compose and send one subscription's digest for one period. */
  sendDigest: 'send-digest',
  /** Find subscriptions that are due and enqueue their digests. */
  dueDigests: 'due-digests',
  /** Deliver one webhook event to one endpoint. */
  deliverWebhook: 'deliver-webhook',
  /** Housekeeping: stale-profile reminders, tombstone purge. */
  housekeeping: 'housekeeping',
} as const;
export type JobName = (typeof JOBS)[keyof typeof JOBS];

export const QUEUE_OF: Record<JobName, QueueName> = {
  'index-sync': 'indexing',
  'match-vacancy': 'matching',
  'match-profile': 'matching',
  'rescore-on-demand-change': 'matching',
  'send-digest': 'digests',
  'due-digests': 'digests',
  'deliver-webhook': 'webhooks',
  housekeeping: 'digests',
};

/** The queue a job name runs on; unknown names are a programming error. */
export function queueOf(name: string): QueueName {
  const q = (QUEUE_OF as Record<string, QueueName | undefined>)[name];
  if (!q) throw new Error(`Unknown job name "${name}": declare it in core/jobs.ts`);
  return q;
}
