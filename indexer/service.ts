/**
 * The indexer as a running service: a sync at start, a poll every INDEXER_INTERVAL_MS, and an
 * `index-sync` job handler so writes nudge it promptly. The watermark makes it correct after
 * any crash; the nudge and the poll only make it prompt.
 */
import type { Deps } from '../core/deps.js';
import { JOBS } from '../core/jobs.js';
import type { JobHandler } from '../core/ports/queue.js';
import type { ReadinessProbe } from '../server/routes/health.js';
import { Indexer } from './sync.js';
import { searchFeeds } from './feeds.js';
import { synonymGroups } from '../core/taxonomy/index.js';

export interface IndexerService {
  indexer: Indexer;
  handlers: Record<string, JobHandler>;
  probe: ReadinessProbe;
  stop(): Promise<void>;
}

export async function startIndexerService(deps: Deps): Promise<IndexerService> {
  const indexer = new Indexer(deps, searchFeeds(synonymGroups()), deps.config.INDEXER_BATCH_SIZE);
  await indexer.start();
  let inFlight: Promise<unknown> = Promise.resolve();
  let stopped = false;

  const sync = (reason: string) => {
    inFlight = indexer.syncAll().then(
      (n) => {
        if (n > 0) deps.logger.debug({ reason, documents: n }, 'index synced');
      },
      (err) => deps.logger.warn({ err, reason }, 'index sync failed; will retry at the next poll'),
    );
    return inFlight;
  };

  await sync('start');
  const timer = setInterval(() => {
    if (!stopped) void sync('poll');
  }, deps.config.INDEXER_INTERVAL_MS);
  timer.unref();

  return {
    indexer,
    handlers: {
      [JOBS.indexSync]: async (job) => {
        const data = job.data as { rebuild?: boolean } | undefined;
        if (!data?.rebuild) return { synced: await indexer.syncAll() };
        deps.logger.info('index rebuild started');
        let logged = { feed: '', processed: 0 };
        const rebuilt = await indexer.rebuild((p) => {
          if (p.feed !== logged.feed || p.processed - logged.processed >= 10_000) {
            logged = p;
            deps.logger.info({ index: p.feed, processed: p.processed }, 'index rebuild progress');
          }
        });
        deps.logger.info({ documents: rebuilt }, 'index rebuild finished and swapped in');
        return { rebuilt };
      },
    },
    probe: {
      name: 'indexer',
      critical: false,
      check: async () => ({ indexes: await indexer.lag() }),
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await inFlight;
    },
  };
}
