import { Router } from 'express';
import type { Deps } from '../../core/deps.js';
import { accounts, verifyPassword } from '../../core/domain/accounts.js';
import { DEMO_LOGINS, type DemoLogin } from '../../seeds/demo-accounts.js';

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

/** How long the answer to "do the demo log-ins work?" is reused (each check costs four scrypt hashes). */
const DEMO_CHECK_TTL_MS = 60_000;

/**
 * The demo log-ins that work right now: seeded (SEED_DEMO) and with the demo password
 * unchanged, so the login page never offers an account that would be refused.
 */
function workingDemoLogins(deps: Deps): () => Promise<DemoLogin[]> {
  let cached: { at: number; logins: Promise<DemoLogin[]> } | undefined;
  const check = async (): Promise<DemoLogin[]> => {
    const found = await Promise.all(
      DEMO_LOGINS.map(async (login) => {
        const [account] = await accounts(deps.store).find({ email: login.email }, { limit: 1 });
        return account && account.role === login.role && (await verifyPassword(login.password, account.passwordHash)) ? login : null;
      }),
    );
    return found.filter((login): login is DemoLogin => login !== null);
  };
  return () => {
    // Production never advertises passwords, even if someone seeded demo accounts there.
    if (!deps.config.SEED_DEMO || deps.config.NODE_ENV === 'production') return Promise.resolve([]);
    const now = deps.clock.now().getTime();
    if (!cached || now - cached.at > DEMO_CHECK_TTL_MS) {
      const logins = check();
      cached = { at: now, logins };
      // A failed check (store down) is not remembered: the next request tries again.
      logins.catch(() => (cached = undefined));
    }
    return cached.logins;
  };
}

/** Matching jobs waiting or running, or null when the queue does not answer. */
async function matchingPending(deps: Deps): Promise<number | null> {
  try {
    const counts = (await withTimeout(deps.queue.counts(), TIMEOUT_MS)).matching;
    return counts ? counts.waiting + counts.active : 0;
  } catch {
    return null;
  }
}

/**
 * GET /health: liveness (the process answers). GET /ready: each dependency with its state and
 * latency; 503 when a critical one (store, queue) is down, so a load balancer stops sending
 * traffic. Search and mail being down degrade features but keep the rest usable.
 * GET /app-status: what the web app tells everyone — the demo log-ins when they work, and how
 * much matching is still queued (so "no matches yet" can say they are being computed).
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
  const demoLogins = workingDemoLogins(deps);
  router.get('/app-status', async (_req, res) => {
    const [logins, pending] = await Promise.all([demoLogins().catch(() => []), matchingPending(deps)]);
    res.set('cache-control', 'no-store').json({ demoLogins: logins, matchingPending: pending });
  });
  return router;
}
