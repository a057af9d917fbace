/** `npm run server`: the HTTP API as its own process (production). */
import { loadConfig } from '../core/config.js';
import { createLogger } from '../core/logger.js';
import { createDeps } from '../runtime/deps.js';
import { closeHttpServer, handleShutdown } from '../runtime/lifecycle.js';
import { createApp } from './app.js';
import { webRoot } from './web-root.js';

const config = loadConfig();
const logger = createLogger(config, 'server');
const deps = await createDeps(config, logger);
const app = createApp(deps, { webRoot: webRoot() });
const server = app.listen(config.PORT, config.HOST, () => logger.info({ url: config.PUBLIC_URL }, 'server listening'));
handleShutdown(logger, config.SHUTDOWN_TIMEOUT_MS, () => [
  { name: 'http', run: () => closeHttpServer(server) },
  { name: 'ports', run: () => deps.close() },
]);
