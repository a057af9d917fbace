/**
 * `npm run digests:run`: send every active subscription its digest now (a forced period).
 *
 * The embedded store belongs to one process. When a Kansrijk server is running (npm start),
 * this asks it through `POST /api/v1/admin/digests/run`, logged in as an admin (the demo admin
 * unless KANSRIJK_ADMIN_EMAIL / KANSRIJK_ADMIN_PASSWORD say otherwise). When none answers, it
 * opens the ports itself and runs the digests in this process.
 */
import { loadConfig } from '../core/config.js';
import { createLogger } from '../core/logger.js';
import { runAllDigestsNow, type ForcedRun } from '../core/digests/compose.js';
import { createDeps } from '../runtime/deps.js';

// The demo admin from seeds/demo-accounts.ts; a real deployment passes its own.
const DEMO_ADMIN = { email: 'admin@demo.kansrijk.nl', password: 'demo-gemeente-1' };

const config = loadConfig();
const base = (process.env.KANSRIJK_URL ?? `http://127.0.0.1:${config.PORT}`).replace(/\/$/, '');

async function serverAnswers(): Promise<boolean> {
  try {
    return (await fetch(`${base}/health`, { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false;
  }
}

async function viaServer(): Promise<ForcedRun> {
  const credentials = { email: process.env.KANSRIJK_ADMIN_EMAIL ?? DEMO_ADMIN.email, password: process.env.KANSRIJK_ADMIN_PASSWORD ?? DEMO_ADMIN.password };
  const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(credentials) });
  if (!login.ok) throw new Error(`logging in as ${credentials.email} at ${base} failed (${login.status}): ${await login.text()}`);
  const { token } = (await login.json()) as { token: string };
  process.stdout.write(`Asking the server at ${base} to run every digest now ...\n`);
  const res = await fetch(`${base}/api/v1/admin/digests/run`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`the server refused (${res.status}): ${await res.text()}`);
  return (await res.json()) as ForcedRun;
}

async function inProcess(): Promise<ForcedRun> {
  process.stdout.write(`No server at ${base}; running the digests in this process (DATA_DIR=${config.DATA_DIR}) ...\n`);
  const deps = await createDeps(config, createLogger(config, 'digests'));
  try {
    return await runAllDigestsNow(deps, (done) => {
      if (done % 100 === 0) process.stdout.write(`  ${done} subscriptions done\n`);
    });
  } finally {
    await deps.close();
  }
}

try {
  const run = (await serverAnswers()) ? await viaServer() : await inProcess();
  process.stdout.write(
    `Digests (${run.periodKey}): ${run.subscriptions} subscriptions, ${run.sent} sent, ${run.empty} with nothing new, ${run.queued} queued for retry.\n` +
      `Read them at ${base}/api/v1/admin/outbox (as an admin)${config.MAIL_DRIVER === 'outbox' ? ` or in ${config.DATA_DIR}/outbox` : ''}.\n`,
  );
} catch (err) {
  process.stderr.write(`digests:run failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
