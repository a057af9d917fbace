/**
 * A Kansrijk over real HTTP whose ports a fault test may replace (a faulty store or search
 * decorator), on embedded adapters in a temp dir; the same request helper as startTestApp.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { testConfig } from '../../core/config.js';
import { createLogger } from '../../core/logger.js';
import { createDeps, type RuntimeDeps } from '../../runtime/deps.js';
import { createApp, type AppOptions } from '../../server/app.js';
import { requester, type TestApp } from './app.js';

export interface FaultyApp extends TestApp {
  /** The adapters underneath, as createDeps built them (`deps` has the test's replacements). */
  runtime: RuntimeDeps;
}

/** Build deps, let the test swap ports (`wrap`), and serve the app on an ephemeral port. */
export async function startFaultyApp(
  wrap: (deps: RuntimeDeps) => RuntimeDeps,
  env: Record<string, string> = {},
  options: (deps: RuntimeDeps) => AppOptions = () => ({}),
): Promise<FaultyApp> {
  const dir = await mkdtemp(path.join(tmpdir(), 'kansrijk-fault-'));
  const config = testConfig({ DATA_DIR: dir, AUTH_RATE_LIMIT: '1000', ...env });
  const runtime = await createDeps(config, createLogger(config));
  const deps = wrap(runtime);
  const server = createApp(deps, options(deps)).listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    deps,
    runtime,
    request: requester(baseUrl),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runtime.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
