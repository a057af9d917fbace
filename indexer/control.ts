/**
 * Asking for a rebuild and watching it, from any process: the request is a queue job the
 * indexer consumes, and progress is the indexer's state in the store. Used by the admin
 * endpoint (server/routes/admin-reindex.ts) and by `npm run reindex` (indexer/reindex.ts).
 */
import { z } from 'zod';
import type { Deps } from '../core/deps.js';
import { JOBS } from '../core/jobs.js';
import { synonymGroups } from '../core/taxonomy/index.js';
import { searchFeeds } from './feeds.js';
import { Indexer } from './sync.js';

const IndexState = z.object({
  syncedAt: z.string().nullable(),
  lastRebuildAt: z.string().nullable(),
  rebuilding: z.object({ processed: z.number() }).optional(),
  pending: z.number().describe('documents written since the last sync (capped at 1000)'),
  lagMs: z.number(),
});
export const ReindexStatus = z.object({ indexes: z.record(z.string(), IndexState) });
export type ReindexStatusBody = z.infer<typeof ReindexStatus>;
export const ReindexRequested = z.object({ jobId: z.string(), requestedAt: z.string() });

/** Rebuild progress and lag of every index, from the store. */
export async function reindexStatus(deps: Pick<Deps, 'store' | 'search' | 'logger' | 'clock'>): Promise<ReindexStatusBody> {
  // A read-only Indexer: constructing one writes nothing; status and lag only read the state.
  const indexer = new Indexer(deps, searchFeeds(synonymGroups()), 1);
  const [status, lag] = await Promise.all([indexer.status(), indexer.lag()]);
  return { indexes: Object.fromEntries(Object.entries(status).map(([name, s]) => [name, { ...s, pending: lag[name]?.pending ?? 0, lagMs: lag[name]?.lagMs ?? 0 }])) };
}

/** Ask the indexer for a full rebuild (fresh index, swapped in atomically: searches keep working). */
export async function requestReindex(deps: Pick<Deps, 'queue' | 'clock'>): Promise<z.infer<typeof ReindexRequested>> {
  const requestedAt = deps.clock.now().toISOString();
  // One id per request: a rebuild asked for while another runs is a second, later rebuild, never merged away.
  const jobId = `index-rebuild-${Date.parse(requestedAt)}`;
  await deps.queue.add(JOBS.indexSync, { rebuild: true }, { jobId, attempts: 3 });
  return { jobId, requestedAt };
}

