import type { Logger } from '../core/logger.js';

export interface ShutdownStep {
  name: string;
  run(): Promise<void>;
}

/**
 * Graceful shutdown on SIGTERM/SIGINT: run the steps in order (stop HTTP → close workers →
 * close queues → close the store), then exit 0. A forced-exit timer guarantees the process
 * ends within `timeoutMs` even when a step hangs (exit 1 then, so an orchestrator notices).
 */
export function handleShutdown(logger: Logger, timeoutMs: number, steps: () => ShutdownStep[]): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error({ timeoutMs }, 'shutdown took too long; exiting forcibly');
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    let failed = false;
    for (const step of steps()) {
      try {
        await step.run();
        logger.debug({ step: step.name }, 'shutdown step done');
      } catch (err) {
        failed = true;
        logger.error({ err, step: step.name }, 'shutdown step failed');
      }
    }
    logger.info('stopped');
    // Let pino flush before exiting.
    logger.flush?.();
    setTimeout(() => process.exit(failed ? 1 : 0), 50).unref();
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

/** Stop an http.Server: refuse new connections, let in-flight requests finish, close idle keep-alives. */
export function closeHttpServer(server: import('node:http').Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    server.closeIdleConnections();
  });
}
