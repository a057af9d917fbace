/**
 * `npm start`: the whole platform in one process on embedded defaults — HTTP API, background
 * workers and the indexer sharing one set of ports — with demo data seeded on first start.
 */
import { loadConfig } from '../core/config.js';
import { createLogger } from '../core/logger.js';
import { createDeps } from './deps.js';
import { closeHttpServer, handleShutdown } from './lifecycle.js';
import { createApp } from '../server/app.js';
import { webRoot } from '../server/web-root.js';
import { registerSchedules, workerHandlers } from '../worker/handlers.js';
import { startIndexerService } from '../indexer/service.js';
import { seedDemoData, printDemoAccounts } from '../seeds/seed.js';

const config = loadConfig();
const logger = createLogger(config);
const deps = await createDeps(config, logger);
const accounts = config.SEED_DEMO ? await seedDemoData(deps) : [];
const indexer = await startIndexerService(deps);
await registerSchedules(deps);
const worker = deps.queue.work({ ...workerHandlers(deps), ...indexer.handlers }, { concurrency: config.WORKER_CONCURRENCY });
const app = createApp(deps, { readiness: [indexer.probe], webRoot: webRoot(), indexerLag: () => indexer.indexer.lag() });
const server = app.listen(config.PORT, config.HOST, () => {
  logger.info(
    { drivers: { store: config.STORE_DRIVER, search: config.SEARCH_DRIVER, queue: config.QUEUE_DRIVER, mail: config.MAIL_DRIVER } },
    `Kansrijk is running at ${config.PUBLIC_URL}`,
  );
  printDemoAccounts(accounts);
});
server.on('error', (err) => {
  logger.fatal({ err }, `cannot listen on ${config.HOST}:${config.PORT}`);
  process.exit(1);
});
handleShutdown(logger, config.SHUTDOWN_TIMEOUT_MS, () => [
  { name: 'http', run: () => closeHttpServer(server) },
  { name: 'workers (drain in-flight jobs)', run: () => worker.close() },
  { name: 'indexer', run: () => indexer.stop() },
  { name: 'ports', run: () => deps.close() },
]);
