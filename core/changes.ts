/**
 * What happens after a write that derived data depends on: nudge the indexer (so search is
 * prompt; its watermark keeps it correct anyway) and ask the matching workers to rescore.
 *
 * Failing to enqueue must not fail the write that already happened: the indexer's watermark
 * and the periodic sweeps catch up, so a queue outage costs promptness, never correctness.
 */
import type { Deps } from './deps.js';
import { JOBS } from './jobs.js';

export type ChangedEntity = 'profile' | 'vacancy' | 'demand';

/** Record that an entity changed; safe to call after every committed write. */
export async function announceChange(deps: Pick<Deps, 'queue' | 'logger'>, entity: ChangedEntity, id: string): Promise<void> {
  const jobs: Array<Promise<unknown>> = [
    // One pending nudge is enough: a second while one waits would do the same work.
    deps.queue.add(JOBS.indexSync, {}, { jobId: 'index-sync-nudge', attempts: 3 }),
  ];
  if (entity === 'profile') jobs.push(deps.queue.add(JOBS.matchProfile, { profileId: id }, { jobId: `match-profile-${id}` }));
  if (entity === 'vacancy') jobs.push(deps.queue.add(JOBS.matchVacancy, { vacancyId: id }, { jobId: `match-vacancy-${id}` }));
  if (entity === 'demand') jobs.push(deps.queue.add(JOBS.rescoreDemand, { sectors: id.split(',') }, {}));
  const results = await Promise.allSettled(jobs);
  for (const r of results) {
    if (r.status === 'rejected') deps.logger.warn({ err: r.reason, entity, id }, 'could not enqueue follow-up work; sweeps will catch up');
  }
}
