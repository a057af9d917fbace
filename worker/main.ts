/** `npm run worker`: background jobs as their own process; run N of them to scale out. */
import { loadConfig } from '../core/config.js';
import { createLogger } from '../core/logger.js';
import { createDeps } from '../runtime/deps.js';
import { handleShutdown } from '../runtime/lifecycle.js';
import { registerSchedules, workerHandlers } from './handlers.js';

const config = loadConfig();
const logger = createLogger(config, 'worker');
const deps = await createDeps(config, logger);
await registerSchedules(deps);
const worker = deps.queue.work(workerHandlers(deps), { concurrency: config.WORKER_CONCURRENCY });
logger.info({ concurrency: config.WORKER_CONCURRENCY }, 'worker running');
handleShutdown(logger, config.SHUTDOWN_TIMEOUT_MS, () => [
  { name: 'workers (drain in-flight jobs)', run: () => worker.close() },
  { name: 'ports', run: () => deps.close() },
]);
