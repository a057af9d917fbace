/**
 * The one place that reads `process.env`. Everything else receives a validated `Config`.
 *
 * Drivers are discriminated: a driver's variables are required only when it is chosen
 * (MONGO_URL only with STORE_DRIVER=mongo, and so on). An invalid value stops the process
 * with a message naming the variable and what is allowed (see `loadConfig`).
 */
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const url = (protocols: string[]) =>
  z
    .string()
    .url()
    .refine((v) => protocols.some((p) => v.startsWith(`${p}://`)), {
      message: `must start with ${protocols.map((p) => `${p}://`).join(' or ')}`,
    });

/** Each entry: variable name, schema, default, and the sentence the README table shows. */
const env = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: port.default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  /** Public base URL used in e-mails and links; unset: http://localhost:<PORT>. */
  PUBLIC_URL: url(['http', 'https']).optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** pretty | json | auto (pretty when stdout is a terminal). */
  LOG_FORMAT: z.enum(['pretty', 'json', 'auto']).default('auto'),

  STORE_DRIVER: z.enum(['embedded', 'mongo']).default('embedded'),
  MONGO_URL: url(['mongodb', 'mongodb+srv']).optional(),

  SEARCH_DRIVER: z.enum(['embedded', 'meilisearch']).default('embedded'),
  MEILI_URL: url(['http', 'https']).optional(),
  MEILI_MASTER_KEY: z.string().optional(),

  QUEUE_DRIVER: z.enum(['embedded', 'bullmq']).default('embedded'),
  REDIS_URL: url(['redis', 'rediss']).optional(),
  /** Prefix for BullMQ keys, so several deployments can share one Redis. */
  QUEUE_PREFIX: z
    .string()
    .regex(/^[a-z0-9-]+$/, 'lowercase letters, digits and dashes')
    .default('kansrijk'),
  WORKER_CONCURRENCY: positiveInt.max(64).default(4),

  MAIL_DRIVER: z.enum(['outbox', 'smtp']).default('outbox'),
  SMTP_URL: url(['smtp', 'smtps']).optional(),
  MAIL_FROM: z.string().min(3).default('Kansrijk <noreply@kansrijk.local>'),

  /** Secret for signed links (unsubscribe, webhooks). At least 32 characters in production. */
  APP_SECRET: z.string().min(16).default('development-secret-change-me-please'),
  /** Comma-separated origins allowed by CORS; empty allows none (same origin only). */
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean)),
  /** Seed demo data on start when the store is empty. */
  SEED_DEMO: bool.default(true),
  /** Max JSON body size accepted by the API. */
  BODY_LIMIT: z.string().regex(/^\d+(b|kb|mb)$/, 'like 100kb or 1mb').default('256kb'),
  /** Login/register attempts per IP per 15 minutes. */
  AUTH_RATE_LIMIT: positiveInt.default(20),
  /** Profile views per organisation per hour before it is throttled and flagged. */
  PROFILE_VIEW_LIMIT: positiveInt.default(100),
  /** Bearer token Prometheus sends to GET /metrics; unset leaves it open outside production. */
  METRICS_TOKEN: z.string().min(16).optional(),
  /** Milliseconds shutdown may take before the process exits forcibly. */
  SHUTDOWN_TIMEOUT_MS: positiveInt.default(10_000),
  /** Idle poll interval of the indexer when no nudge arrives. */
  INDEXER_INTERVAL_MS: positiveInt.default(2_000),
  INDEXER_BATCH_SIZE: positiveInt.max(10_000).default(500),
});

const withDrivers = env.superRefine((c, ctx) => {
  const need = (when: boolean, key: keyof typeof c, driver: string) => {
    if (when && !c[key]) {
      ctx.addIssue({ code: 'custom', path: [key], message: `is required when ${driver}` });
    }
  };
  need(c.STORE_DRIVER === 'mongo', 'MONGO_URL', 'STORE_DRIVER=mongo');
  need(c.SEARCH_DRIVER === 'meilisearch', 'MEILI_URL', 'SEARCH_DRIVER=meilisearch');
  need(c.QUEUE_DRIVER === 'bullmq', 'REDIS_URL', 'QUEUE_DRIVER=bullmq');
  need(c.MAIL_DRIVER === 'smtp', 'SMTP_URL', 'MAIL_DRIVER=smtp');
  if (c.NODE_ENV === 'production' && c.APP_SECRET.length < 32) {
    ctx.addIssue({ code: 'custom', path: ['APP_SECRET'], message: 'must be at least 32 characters in production' });
  }
});

/** Links must point where this process listens unless told otherwise, so the default follows PORT. */
const withDefaults = withDrivers.transform((c) => ({ ...c, PUBLIC_URL: c.PUBLIC_URL ?? `http://localhost:${c.PORT}` }));

export type Config = z.infer<typeof withDefaults>;

/** Thrown by `parseConfig`; its message names every bad variable and what it allows. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Validate an environment (a plain object, so tests pass their own). Empty strings count as unset. */
export function parseConfig(source: Record<string, string | undefined>): Config {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const result = withDefaults.safeParse(cleaned);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'environment');
      const got = cleaned[name];
      return `${name}: ${issue.message}${got === undefined ? '' : ` (got "${got}")`}`;
    }),
  );
}

/** Read the process environment; on a bad value print what is wrong and exit 1. */
export function loadConfig(): Config {
  try {
    return parseConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\nSee .env.example for every variable and its default.\n`);
      process.exit(1);
    }
    throw e;
  }
}

/** Overrides on top of defaults: for tests and scripts that build a config in code. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return parseConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SEED_DEMO: 'false', ...overrides });
}
