/** `npm run indexer`: the indexer as its own process (production). */
import { loadConfig } from '../core/config.js';
import { createLogger } from '../core/logger.js';
import { createDeps } from '../runtime/deps.js';
import { handleShutdown } from '../runtime/lifecycle.js';
import { startIndexerService } from './service.js';

const config = loadConfig();
const logger = createLogger(config, 'indexer');
const deps = await createDeps(config, logger);
const service = await startIndexerService(deps);
// Only this process consumes the indexing queue, so one writer keeps each index.
const worker = deps.queue.work(service.handlers, { concurrency: 1 });
logger.info('indexer running');
handleShutdown(logger, config.SHUTDOWN_TIMEOUT_MS, () => [
  { name: 'indexer worker', run: () => worker.close() },
  { name: 'indexer loop', run: () => service.stop() },
  { name: 'ports', run: () => deps.close() },
]);
