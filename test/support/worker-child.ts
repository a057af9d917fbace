/**
 * Child process for the worker-kill fault test: a matching worker on BullMQ (QUEUE_DRIVER,
 * REDIS_URL and DATA_DIR from the environment). It owns the embedded store while it runs
 * (the store locks its folder per process), fills its in-process search index from the store
 * first, then works the matching jobs and prints `done <job id>` after each one completes.
 */
import { loadConfig } from '../../core/config.js';
import { createLogger } from '../../core/logger.js';
import { synonymGroups } from '../../core/taxonomy/index.js';
import { searchFeeds } from '../../indexer/feeds.js';
import { Indexer } from '../../indexer/sync.js';
import { createDeps } from '../../runtime/deps.js';
import { matchingJobHandlers } from '../../worker/handlers.js';
import type { JobHandler } from '../../core/ports/queue.js';

const config = loadConfig();
const deps = await createDeps(config, createLogger(config, 'worker-child'));
const indexer = new Indexer(deps, searchFeeds(synonymGroups()), 1000);
await indexer.start();
await indexer.syncAll();
const handlers = Object.fromEntries(
  Object.entries(matchingJobHandlers(deps)).map(([name, handler]): [string, JobHandler] => [
    name,
    async (job) => {
      const result = await handler(job);
      process.stdout.write(`done ${job.id}\n`);
      return result;
    },
  ]),
);
deps.queue.work(handlers, { concurrency: config.WORKER_CONCURRENCY });
process.stdout.write('ready\n');
