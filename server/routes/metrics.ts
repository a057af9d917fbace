/**
 * Observability: `GET /metrics` in the Prometheus text format, and the middleware that times
 * every request.
 *
 * Request latency is labelled by the Express route pattern (`/api/v1/vacancies/:id`), never
 * the raw URL, so that the number of series stays bounded whatever ids clients send. Queue
 * counts and indexer lag are read at scrape time (gauges with `collect`), so they cost nothing
 * between scrapes. Business counters (matches scored, digests sent, webhooks) come from the
 * process-wide `core/metrics.ts` port, backed here by prom-client.
 */
import { timingSafeEqual } from 'node:crypto';
import { Router, type Request } from 'express';
import client from 'prom-client';
import type { Config } from '../../core/config.js';
import type { Deps } from '../../core/deps.js';
import { AppError } from '../../core/errors.js';
import { useMetrics } from '../../core/metrics.js';

/** Per-index lag as `Indexer.lag()` reports it. */
export type IndexerLag = Record<string, { pending: number; lagMs: number }>;

export interface MetricsOptions {
  /** Indexer lag per index, from whoever runs the indexer in this process (absent: not reported). */
  indexerLag?: () => Promise<IndexerLag>;
}

let processRegistry: client.Registry | undefined;

/**
 * Process-level series (runtime metrics and the business counters), created once: they belong
 * to the process, while several apps may be built in one process (tests).
 */
function processMetrics(): client.Registry {
  if (processRegistry) return processRegistry;
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'kansrijk_' });
  const counter = (name: string, help: string) => new client.Counter({ name, help, registers: [registry] });
  useMetrics({
    matchesScored: counter('kansrijk_matches_scored_total', 'Match records scored by the matching workers'),
    digestsSent: counter('kansrijk_digests_sent_total', 'Digest e-mails handed to the mailer'),
    webhooksDelivered: counter('kansrijk_webhooks_delivered_total', 'Webhook deliveries acknowledged with a 2xx'),
    webhookFailures: counter('kansrijk_webhook_failures_total', 'Webhook delivery attempts that failed'),
  });
  processRegistry = registry;
  return registry;
}

/** The route pattern a request matched, or a fixed label: raw URLs would explode cardinality. */
function routeLabel(req: Request): string {
  const pattern = req.route?.path as unknown;
  if (typeof pattern === 'string') return req.baseUrl + pattern;
  if (pattern instanceof RegExp) return 'web-app';
  return 'unmatched';
}

const sameSecret = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** Open when METRICS_TOKEN is unset outside production; otherwise the bearer token must match it. */
function authoriseScrape(config: Config, req: Request): void {
  const expected = config.METRICS_TOKEN;
  if (!expected) {
    if (config.NODE_ENV === 'production') throw new AppError('forbidden', 'Set METRICS_TOKEN to enable /metrics in production');
    return;
  }
  const match = /^Bearer (\S+)$/i.exec(req.headers.authorization?.trim() ?? '');
  if (!match?.[1] || !sameSecret(match[1], expected)) {
    throw new AppError('unauthenticated', 'Send the metrics token as "Authorization: Bearer <METRICS_TOKEN>"');
  }
}

/**
 * Mount first in the app: the timing middleware must see every request, and `/metrics` is
 * answered before the API routers.
 */
export function metricsRoutes(deps: Deps, options: MetricsOptions = {}): Router {
  const shared = processMetrics();
  const registry = new client.Registry();
  const latency = new client.Histogram({
    name: 'kansrijk_http_request_duration_seconds',
    help: 'HTTP request latency by route pattern, method and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const queueUp = new client.Gauge({ name: 'kansrijk_queue_up', help: '1 when the queue backend answered the last scrape', registers: [registry] });
  new client.Gauge({
    name: 'kansrijk_queue_jobs',
    help: 'Jobs per queue and state (depth = waiting + delayed; failed = used up their retries)',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      try {
        const counts = await deps.queue.counts();
        for (const [queue, byState] of Object.entries(counts)) {
          for (const [state, n] of Object.entries(byState)) this.set({ queue, state }, n);
        }
        queueUp.set(1);
      } catch (err) {
        // A scrape must still answer when Redis is down: that is when the other series matter.
        deps.logger.warn({ err }, 'metrics: queue counts unavailable');
        queueUp.set(0);
      }
    },
  });
  if (options.indexerLag) {
    const readLag = options.indexerLag;
    const pending = new client.Gauge({ name: 'kansrijk_indexer_pending_documents', help: 'Store changes not yet in the search index', labelNames: ['index'] as const, registers: [registry] });
    new client.Gauge({
      name: 'kansrijk_indexer_lag_seconds',
      help: 'Age of the oldest store change not yet in the search index (0 when caught up)',
      labelNames: ['index'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        pending.reset();
        try {
          for (const [index, lag] of Object.entries(await readLag())) {
            this.set({ index }, lag.lagMs / 1000);
            pending.set({ index }, lag.pending);
          }
        } catch (err) {
          deps.logger.warn({ err }, 'metrics: indexer lag unavailable');
        }
      },
    });
  }

  const router = Router();
  router.use((req, res, next) => {
    const stop = latency.startTimer();
    res.once('finish', () => stop({ method: req.method, route: routeLabel(req), status: String(res.statusCode) }));
    next();
  });
  router.get('/metrics', async (req, res) => {
    authoriseScrape(deps.config, req);
    const merged = client.Registry.merge([registry, shared]);
    res.setHeader('Cache-Control', 'no-store');
    res.type(merged.contentType).send(await merged.metrics());
  });
  return router;
}
