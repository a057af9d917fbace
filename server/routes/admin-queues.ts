/**
 * The queue dashboard for admins.
 *
 * - `GET /api/v1/admin/queues`: counts per queue and the newest failed jobs, from the queue
 *   port, so it works on both drivers; the web app renders it with the admin's bearer token.
 * - `POST /api/v1/admin/jobs/:id/retry`: put a failed job back to waiting.
 * - `/admin/queues`: an HTML dashboard. With QUEUE_DRIVER=bullmq it is Bull Board; with the
 *   embedded queue, a small server-rendered page from the same port data with a retry button
 *   per failed job. A browser cannot attach a bearer token to page loads, so an admin signs in
 *   once at `/admin/queues/login` with their token: it is checked (admin role, live session)
 *   and kept in an HttpOnly, SameSite=Strict cookie scoped to `/admin/queues`; every request
 *   under it is checked again against the store, so logging out or losing the role takes effect
 *   at once. Scripts (Prometheus, curl) may send `Authorization: Bearer` instead.
 */
import express, { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import type { Deps } from '../../core/deps.js';
import { authenticateToken, type Principal } from '../../core/domain/accounts.js';
import { AppError, notFound } from '../../core/errors.js';
import { QUEUES } from '../../core/jobs.js';
import type { FailedJob, JobQueue } from '../../core/ports/queue.js';
import { route } from '../openapi.js';

const BASE = '/admin/queues';
const COOKIE = 'kansrijk_queues';
/** How far back a retry looks for the job by id: the failed set is bounded (removeOnFail) anyway. */
const RETRY_LOOKBACK = 1000;

const Counts = z.object({ waiting: z.number(), active: z.number(), delayed: z.number(), failed: z.number(), completed: z.number() });
const FailedJobSchema = z.object({ id: z.string(), name: z.string(), data: z.unknown(), attempts: z.number(), error: z.string(), failedAt: z.string() });
const QueueOverview = z.object({
  driver: z.enum(['embedded', 'bullmq']),
  dashboard: z.string().describe('HTML dashboard (Bull Board on BullMQ); sign in at /admin/queues/login'),
  queues: z.array(z.object({ name: z.string(), counts: Counts })),
  failed: z.array(FailedJobSchema),
});

/** Put one failed job back to waiting; a job that is not (or no longer) failed is "not found". */
export async function retryFailedJob(queue: JobQueue, jobId: string): Promise<FailedJob> {
  const job = (await queue.failed(RETRY_LOOKBACK)).find((j) => j.id === jobId);
  if (!job) throw notFound('Failed job');
  await queue.retry(job.id, job.name);
  return job;
}

async function overview(deps: Deps, failedLimit: number): Promise<z.infer<typeof QueueOverview>> {
  const counts = await deps.queue.counts();
  return {
    driver: deps.config.QUEUE_DRIVER,
    dashboard: BASE,
    queues: QUEUES.map((name) => ({ name, counts: counts[name] ?? { waiting: 0, active: 0, delayed: 0, failed: 0, completed: 0 } })),
    failed: await deps.queue.failed(failedLimit),
  };
}

function cookieToken(req: Request): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === COOKIE) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/** Admin by bearer header or by the dashboard cookie; browsers without either go to the sign-in page. */
function requireDashboardAdmin(deps: Deps): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const header = /^Bearer (\S+)$/i.exec(req.headers.authorization?.trim() ?? '')?.[1];
    const token = header ?? cookieToken(req);
    let principal: Principal | undefined;
    if (token) principal = await authenticateToken(deps, token).catch(() => undefined);
    if (principal?.role === 'admin') return next();
    if (!header && req.method === 'GET' && (req.headers.accept ?? '').includes('text/html')) return res.redirect(303, `${BASE}/login`);
    throw principal ? new AppError('forbidden', 'Only admin accounts can see the queues') : new AppError('unauthenticated', 'Sign in as an admin at /admin/queues/login');
  };
}

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const page = (title: string, body: string): string => `<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — Kansrijk</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:64rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ddd;padding:4px 8px;text-align:left;font-size:14px;vertical-align:top}
th{background:#f4f4f4}code{font-size:13px}button{cursor:pointer}.num{text-align:right}</style></head>
<body>${body}</body></html>`;

function loginPage(error?: string): string {
  return page(
    'Wachtrijen',
    `<h1>Wachtrijen — aanmelden</h1>
<p>Plak het token van een beheerdersaccount (uit <code>POST /api/v1/auth/login</code> of de web-app).</p>
${error ? `<p role="alert" style="color:#b71c1c">${escapeHtml(error)}</p>` : ''}
<form method="post" action="${BASE}/login"><label>Token <input name="token" type="password" autocomplete="off" required size="60"></label>
<button type="submit">Aanmelden</button></form>`,
  );
}

function dashboardPage(data: z.infer<typeof QueueOverview>): string {
  const rows = data.queues
    .map((q) => `<tr><td>${escapeHtml(q.name)}</td>${(['waiting', 'active', 'delayed', 'failed', 'completed'] as const).map((k) => `<td class="num">${q.counts[k]}</td>`).join('')}</tr>`)
    .join('');
  const failed = data.failed.length
    ? data.failed
        .map(
          (j) => `<tr><td><code>${escapeHtml(j.id)}</code></td><td>${escapeHtml(j.name)}</td><td class="num">${j.attempts}</td><td>${escapeHtml(j.error)}</td><td>${escapeHtml(j.failedAt)}</td>
<td><form method="post" action="${BASE}/jobs/${encodeURIComponent(j.id)}/retry"><button type="submit">Opnieuw</button></form></td></tr>`,
        )
        .join('')
    : '<tr><td colspan="6">Geen mislukte taken.</td></tr>';
  return page(
    'Wachtrijen',
    `<h1>Wachtrijen</h1><p>Wachtrij: ${escapeHtml(data.driver)}. Ook als JSON: <code>GET /api/v1/admin/queues</code>.</p>
<table><tr><th>wachtrij</th><th>wachtend</th><th>actief</th><th>uitgesteld</th><th>mislukt</th><th>klaar</th></tr>${rows}</table>
<h2>Mislukte taken</h2>
<table><tr><th>id</th><th>taak</th><th>pogingen</th><th>fout</th><th>mislukt op</th><th></th></tr>${failed}</table>
<form method="post" action="${BASE}/logout"><p><button type="submit">Afmelden</button></p></form>`,
  );
}

/** Bull Board over its own BullMQ queue objects, created on first use so a server that never shows it opens no extra connections. */
async function bullBoardRouter(deps: Deps): Promise<Router> {
  const [{ createBullBoard }, { BullMQAdapter }, { ExpressAdapter }, { Queue }] = await Promise.all([
    import('@bull-board/api'),
    import('@bull-board/api/bullMQAdapter'),
    import('@bull-board/express'),
    import('bullmq'),
  ]);
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(BASE);
  const queues = QUEUES.map((name) => {
    const q = new Queue(name, { prefix: deps.config.QUEUE_PREFIX, connection: { url: deps.config.REDIS_URL!, maxRetriesPerRequest: 1, enableOfflineQueue: false } });
    q.on('error', (err) => deps.logger.warn({ err, queue: name }, 'bull board queue connection error'));
    return new BullMQAdapter(q);
  });
  createBullBoard({ queues, serverAdapter, options: { uiConfig: { boardTitle: 'Kansrijk' } } });
  return serverAdapter.getRouter() as Router;
}

export function adminQueueRoutes(deps: Deps): Router {
  const router = Router();

  route(
    router,
    deps,
    {
      method: 'get',
      path: '/api/v1/admin/queues',
      tag: 'admin',
      summary: 'Background queues: counts per queue and state, and the newest failed jobs',
      auth: 'required',
      roles: ['admin'],
      query: z.strictObject({ failedLimit: z.coerce.number().int().min(0).max(200).default(20) }),
      response: QueueOverview,
      errors: [503],
    },
    async ({ query }) => overview(deps, query.failedLimit),
  );

  route(
    router,
    deps,
    {
      method: 'post',
      path: '/api/v1/admin/jobs/:id/retry',
      tag: 'admin',
      summary: 'Put a failed job back to waiting (it runs again with fresh attempts)',
      auth: 'required',
      roles: ['admin'],
      status: 202,
      response: z.object({ id: z.string(), name: z.string(), state: z.literal('waiting') }),
      errors: [404, 503],
    },
    async ({ params }) => {
      const job = await retryFailedJob(deps.queue, params.id!);
      return { id: job.id, name: job.name, state: 'waiting' as const };
    },
  );

  // The HTML dashboard: sign-in form, then Bull Board or the embedded view.
  const form = express.urlencoded({ extended: false, limit: '4kb' });
  router.get(`${BASE}/login`, (_req, res) => {
    res.type('html').send(loginPage());
  });
  router.post(`${BASE}/login`, form, async (req, res) => {
    const token = typeof req.body?.token === 'string' ? req.body.token.trim() : '';
    const principal = token ? await authenticateToken(deps, token).catch(() => undefined) : undefined;
    if (principal?.role !== 'admin') {
      res.status(401).type('html').send(loginPage('Dit token hoort niet bij een aangemelde beheerder.'));
      return;
    }
    const secure = deps.config.PUBLIC_URL.startsWith('https://') ? '; Secure' : '';
    res.setHeader('Set-Cookie', `${COOKIE}=${encodeURIComponent(token)}; Path=${BASE}; HttpOnly; SameSite=Strict; Max-Age=28800${secure}`);
    res.redirect(303, BASE);
  });
  router.post(`${BASE}/logout`, (_req, res) => {
    res.setHeader('Set-Cookie', `${COOKIE}=; Path=${BASE}; HttpOnly; SameSite=Strict; Max-Age=0`);
    res.redirect(303, `${BASE}/login`);
  });

  const guard = requireDashboardAdmin(deps);
  if (deps.config.QUEUE_DRIVER === 'bullmq') {
    let board: Promise<Router> | undefined;
    router.use(BASE, guard, async (req, res, next) => {
      board ??= bullBoardRouter(deps);
      (await board)(req, res, next);
    });
  } else {
    router.get(BASE, guard, async (_req, res) => {
      res.setHeader('Cache-Control', 'no-store');
      res.type('html').send(dashboardPage(await overview(deps, 50)));
    });
    router.post(`${BASE}/jobs/:id/retry`, guard, async (req, res) => {
      await retryFailedJob(deps.queue, String(req.params.id));
      res.redirect(303, BASE);
    });
  }
  return router;
}
