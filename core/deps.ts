import type { Config } from './config.js';
import type { Logger } from './logger.js';
import type { DocumentStore } from './ports/store.js';
import type { SearchEngine } from './ports/search.js';
import type { JobQueue } from './ports/queue.js';
import type { Mailer } from './ports/mail.js';

/** Source of "now", injectable so that tests can move time. */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

/**
 * Everything a use-case, route or job handler may need, built once by the composition root
 * (`runtime/deps.ts`) from the validated config. Domain code receives this, never adapters.
 */
export interface Deps {
  config: Config;
  logger: Logger;
  clock: Clock;
  store: DocumentStore;
  search: SearchEngine;
  queue: JobQueue;
  mail: Mailer;
}
