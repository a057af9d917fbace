import { Router } from 'express';
import type { Deps } from '../../core/deps.js';

/** One named dependency check for /ready; throws (or rejects) when the dependency is down. */
export interface ReadinessProbe {
  name: string;
  /** Returns extra facts to show (e.g. indexer lag); rejects when not ready. */
  check(): Promise<Record<string, unknown> | void>;
  /** A non-critical probe reports but never makes /ready answer 503. */
  critical?: boolean;
}

const TIMEOUT_MS = 2_000;

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** The ports every process depends on, as readiness probes. */
export function portProbes(deps: Deps): ReadinessProbe[] {
  return [
    { name: 'store', check: () => deps.store.ping(), critical: true },
    { name: 'search', check: () => deps.search.ping(), critical: false },
    { name: 'queue', check: () => deps.queue.ping(), critical: true },
    { name: 'mail', check: () => deps.mail.ping(), critical: false },
  ].map((p) => ({ ...p, check: async () => { await p.check(); } }));
}

/**
 * GET /health: liveness (the process answers). GET /ready: each dependency with its state and
 * latency; 503 when a critical one (store, queue) is down, so a load balancer stops sending
 * traffic. Search and mail being down degrade features but keep the rest usable.
 */
export function healthRoutes(deps: Deps, extra: ReadinessProbe[]): Router {
  const router = Router();
  const probes = [...portProbes(deps), ...extra];

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok', uptimeSeconds: Math.round(process.uptime()) });
  });

  router.get('/ready', async (_req, res) => {
    const results = await Promise.all(
      probes.map(async (probe) => {
        const started = performance.now();
        try {
          const facts = await withTimeout(probe.check(), TIMEOUT_MS);
          return { probe, state: 'up' as const, latencyMs: Math.round(performance.now() - started), ...(facts ?? {}) };
        } catch (err) {
          return { probe, state: 'down' as const, error: err instanceof Error ? err.message : String(err) };
        }
      }),
    );
    const criticalDown = results.some((r) => r.state === 'down' && r.probe.critical !== false);
    const anyDown = results.some((r) => r.state === 'down');
    res.status(criticalDown ? 503 : 200).json({
      status: criticalDown ? 'unavailable' : anyDown ? 'degraded' : 'ready',
      dependencies: Object.fromEntries(results.map(({ probe, ...rest }) => [probe.name, rest])),
    });
  });
  return router;
}
