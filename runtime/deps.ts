/**
 * The composition root: the one place that knows which adapter serves each port. Everything
 * else receives `Deps` and never imports an adapter.
 */
import path from 'node:path';
import type { Config } from '../core/config.js';
import { systemClock, type Clock, type Deps } from '../core/deps.js';
import type { Logger } from '../core/logger.js';
import type { DocumentStore } from '../core/ports/store.js';
import type { SearchEngine } from '../core/ports/search.js';
import type { JobQueue } from '../core/ports/queue.js';
import type { Mailer } from '../core/ports/mail.js';
import { openEmbeddedStore } from '../adapters/store/embedded.js';
import { openMongoStore } from '../adapters/store/mongo.js';
import { STORED_SCHEMAS } from '../core/domain/stored-schemas.js';
import { createEmbeddedSearch } from '../adapters/search/embedded/index.js';
import { createMeiliSearch } from '../adapters/search/meili.js';
import { createEmbeddedQueue } from '../adapters/queue/embedded.js';
import { createBullmqQueue } from '../adapters/queue/bullmq.js';
import { openOutboxMailer } from '../adapters/mail/outbox.js';
import { createSmtpMailer } from '../adapters/mail/smtp.js';

export interface RuntimeDeps extends Deps {
  /** Close every adapter, in dependency order (queue before store: the embedded queue lives in the store). */
  close(): Promise<void>;
}

function openStore(config: Config): Promise<DocumentStore> {
  return config.STORE_DRIVER === 'mongo'
    ? openMongoStore({ url: config.MONGO_URL!, schemas: STORED_SCHEMAS })
    : openEmbeddedStore({ dir: path.resolve(config.DATA_DIR, 'store') });
}

function openSearch(config: Config): SearchEngine {
  return config.SEARCH_DRIVER === 'meilisearch'
    ? createMeiliSearch({ url: config.MEILI_URL!, ...(config.MEILI_MASTER_KEY ? { apiKey: config.MEILI_MASTER_KEY } : {}) })
    : createEmbeddedSearch();
}

function openQueue(config: Config, store: DocumentStore, logger: Logger, clock: Clock): JobQueue {
  return config.QUEUE_DRIVER === 'bullmq'
    ? createBullmqQueue({ url: config.REDIS_URL!, prefix: config.QUEUE_PREFIX, logger })
    : createEmbeddedQueue({ jobs: store.collection('queue_jobs'), schedules: store.collection('queue_schedules'), logger, clock });
}

function openMailer(config: Config): Promise<Mailer> | Mailer {
  return config.MAIL_DRIVER === 'smtp'
    ? createSmtpMailer({ url: config.SMTP_URL!, from: config.MAIL_FROM })
    : openOutboxMailer({ dir: path.resolve(config.DATA_DIR, 'outbox'), from: config.MAIL_FROM });
}

/** Build every port from the validated config. */
export async function createDeps(config: Config, logger: Logger, clock: Clock = systemClock): Promise<RuntimeDeps> {
  const store = await openStore(config);
  const search = openSearch(config);
  const queue = openQueue(config, store, logger, clock);
  const mail = await openMailer(config);
  return {
    config,
    logger,
    clock,
    store,
    search,
    queue,
    mail,
    async close() {
      const step = async (name: string, fn: () => Promise<void>) => {
        try {
          await fn();
        } catch (err) {
          logger.warn({ err }, `closing ${name} failed`);
        }
      };
      await step('queue', () => queue.close());
      await step('search', () => search.close());
      await step('mail', () => mail.close());
      await step('store', () => store.close());
    },
  };
}
