/**
 * A whole Kansrijk on embedded adapters in a temp dir, listening on an ephemeral port:
 * what the e2e tests drive over real HTTP.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { testConfig } from '../../core/config.js';
import { createLogger } from '../../core/logger.js';
import { createDeps, type RuntimeDeps } from '../../runtime/deps.js';
import { createApp } from '../../server/app.js';

export interface TestApp {
  baseUrl: string;
  deps: RuntimeDeps;
  /** fetch relative to baseUrl with JSON convenience: body objects are sent as JSON. */
  request(method: string, url: string, options?: { token?: string; body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; headers: Headers; body: any; text: string }>;
  close(): Promise<void>;
}

export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const dir = await mkdtemp(path.join(tmpdir(), 'kansrijk-test-'));
  const config = testConfig({ DATA_DIR: dir, ...env });
  const deps = await createDeps(config, createLogger(config));
  const app = createApp(deps);
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    deps,
    request: requester(baseUrl),
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await deps.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The JSON-friendly fetch helper of TestApp for any base URL (also used by the fault tests' apps). */
export function requester(baseUrl: string): TestApp['request'] {
  return async (method, url, options = {}) => {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(baseUrl + url, { method, headers, ...(body === undefined ? {} : { body }) });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON (HTML docs, CSV): callers read `text`.
    }
    return { status: res.status, headers: res.headers, body: parsed, text };
  };
}
