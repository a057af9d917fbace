/**
 * The metrics port: the few business counters domain code reports (matches scored, digests
 * sent, webhook deliveries). Domain code calls `metrics().matchesScored.inc(n)` and never sees
 * prom-client; the HTTP layer (`server/routes/metrics.ts`) installs a Prometheus-backed
 * implementation with `useMetrics` and serves it at `GET /metrics`.
 *
 * Process-wide rather than on `Deps` because a Prometheus scrape is per process anyway, and so
 * that every test or script that builds its own `Deps` gets the no-op default for free.
 */

/** A monotonically increasing count. */
export interface Counter {
  /** Add `n` (default 1); `n` must not be negative. */
  inc(n?: number): void;
}

export interface Metrics {
  /** Match records scored (written or rescored) by the matching workers. */
  matchesScored: Counter;
  /** Digest e-mails handed to the mailer. */
  digestsSent: Counter;
  /** Webhook deliveries the receiver acknowledged with a 2xx. */
  webhooksDelivered: Counter;
  /** Webhook delivery attempts that failed (non-2xx, timeout, network error). */
  webhookFailures: Counter;
}

const noopCounter: Counter = { inc: () => undefined };

/** Counts nothing: the default until a process installs a real implementation. */
export const noopMetrics: Metrics = {
  matchesScored: noopCounter,
  digestsSent: noopCounter,
  webhooksDelivered: noopCounter,
  webhookFailures: noopCounter,
};

let current: Metrics = noopMetrics;

/** The metrics of this process (the no-op default unless one was installed). */
export function metrics(): Metrics {
  return current;
}

/** Install the implementation this process reports to; returns the previous one. */
export function useMetrics(next: Metrics): Metrics {
  const previous = current;
  current = next;
  return previous;
}
