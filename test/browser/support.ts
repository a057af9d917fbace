/**
 * Browser-test support: build the web app when web/dist is missing or older than its
 * sources, run the whole platform (API, workers, indexer, web app) as a child process on
 * embedded adapters, and drive Debian's Chromium headless through playwright-core.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { DEMO_LOGINS, type DemoLogin } from '../../seeds/demo-accounts.js';
import { freePort, ROOT, spawnTs, waitForHttp, type NodeProcess } from '../support/process.js';

export const SCREENSHOTS = path.join(ROOT, 'test-artifacts', 'screenshots');
const CHROMIUM = '/usr/bin/chromium';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Build web/dist unless it is newer than every file in web/src and web/index.html. */
export function ensureWebBuilt(): void {
  const web = path.join(ROOT, 'web');
  const built = path.join(web, 'dist', 'index.html');
  const sources = Math.max(newestMtime(path.join(web, 'src')), statSync(path.join(web, 'index.html')).mtimeMs);
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  process.stdout.write('browser tests: building the web app (vite build web)…\n');
  const result = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', 'web', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`vite build web failed with status ${result.status}`);
}

export interface Platform {
  baseUrl: string;
  server: NodeProcess;
  browser: Browser;
  close(): Promise<void>;
}

/** The platform as `npm start` runs it (demo data seeded), plus a headless Chromium. */
export async function startPlatform(): Promise<Platform> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (the browser tests never download one)`);
  ensureWebBuilt();
  mkdirSync(SCREENSHOTS, { recursive: true });
  const dataDir = await mkdtemp(path.join(tmpdir(), 'kansrijk-browser-'));
  const port = await freePort();
  const server = spawnTs('runtime/start-all.ts', { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, SEED_DEMO: 'true', PUBLIC_URL: `http://127.0.0.1:${port}`, AUTH_RATE_LIMIT: '1000' });
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${baseUrl}/ready`, 90_000);
  } catch (e) {
    server.child.kill('SIGKILL');
    throw new Error(`${String(e)}\n--- server output ---\n${server.output().slice(-4000)}`, { cause: e });
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-dev-shm-usage'],
  });
  return {
    baseUrl,
    server,
    browser,
    async close() {
      await browser.close();
      server.child.kill('SIGTERM');
      await server.exited;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Save a screenshot (the full page unless `fullPage` is false) under test-artifacts/screenshots/. */
export async function shot(page: Page, name: string, fullPage = true): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage });
}

/**
 * Reload a page until `ready()` is true: matches and search are filled by background workers
 * and the indexer, a few seconds after the write that caused them.
 */
export async function reloadUntil(page: Page, ready: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await ready()) return;
    if (Date.now() > deadline) throw new Error(`gave up waiting after ${timeoutMs} ms on ${page.url()}`);
    await page.waitForTimeout(1000);
    await page.reload();
    await page.waitForSelector('main:not([aria-busy])');
  }
}

/**
 * Open a page the way a Dutch visitor would; every script error, CSP violation or console
 * error (other than the 4xx answers forms expect) is pushed to `errors`, so a journey can
 * assert it caused none.
 */
async function openPage(platform: Platform, errors: string[], viewport = { width: 1280, height: 900 }): Promise<Page> {
  const context = await platform.browser.newContext({ viewport, locale: 'nl-NL' });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) errors.push(m.text());
  });
  return page;
}

/** The page's main content once the current view has rendered. */
export const main = (page: Page) => page.locator('main:not([aria-busy])');

/** The header's main menu. */
export const nav = (page: Page) => page.getByRole('navigation', { name: 'Hoofdmenu' });

/** Nothing on the page is wider than the viewport (no sideways scrolling on a phone). */
export async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const width = page.viewportSize()!.width;
  expect(await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
}

/** Call the API from inside the page with its stored session (what the app itself would send). */
export async function apiInPage<T = unknown>(page: Page, method: string, path: string, body?: unknown): Promise<{ status: number; type: string | null; body: T }> {
  // The callback runs in the page (the test tsconfig has no DOM types, hence globalThis).
  return page.evaluate(
    async ({ method, path, body }) => {
      const s = JSON.parse((globalThis as any).localStorage.getItem('kansrijk.session'));
      const headers: Record<string, string> = { authorization: `Bearer ${s.token}` };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      const text = await res.text();
      return { status: res.status, type: res.headers.get('content-type'), body: text ? JSON.parse(text) : undefined };
    },
    { method, path, body },
  );
}

/** A demo log-in by role, as seeds/demo-accounts.ts creates it. */
export function demoLogin(role: DemoLogin['role']): DemoLogin {
  return DEMO_LOGINS.find((l) => l.role === role)!;
}

type Who = DemoLogin['role'] | { email: string; password: string };

/** Fill in and send the login form on the current page, and wait for the page it leads to. */
export async function submitLogin(page: Page, who: Who): Promise<void> {
  const { email, password } = typeof who === 'string' ? demoLogin(who) : who;
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Wachtwoord').fill(password);
  await page.getByRole('button', { name: 'Inloggen', exact: true }).click();
  // The menu shows the name once the session is stored (the login page has a heading too).
  await page.locator('header .who').waitFor();
  await main(page).getByRole('heading', { level: 1 }).waitFor();
}

export interface BrowserSuite {
  readonly baseUrl: string;
  /** Script errors, CSP violations and console errors of every page opened (each journey expects none). */
  readonly errors: string[];
  newPage(viewport?: { width: number; height: number }): Promise<Page>;
  /** Log in through the login form and wait for the account's start page. */
  login(page: Page, who: Who): Promise<void>;
}

/**
 * One platform for a test file: started before its tests, stopped after them. The journeys
 * in a file share it (a later one may rely on what an earlier one created).
 */
export function browserSuite(): BrowserSuite {
  let platform: Platform | undefined;
  const errors: string[] = [];
  beforeAll(async () => {
    platform = await startPlatform();
  }, 180_000);
  afterAll(async () => {
    await platform?.close();
  }, 60_000);
  const started = (): Platform => {
    if (!platform) throw new Error('the platform did not start (see beforeAll)');
    return platform;
  };
  return {
    get baseUrl() {
      return started().baseUrl;
    },
    errors,
    newPage: (viewport) => openPage(started(), errors, viewport),
    async login(page, who) {
      await page.goto(`${started().baseUrl}/#/login`);
      await submitLogin(page, who);
    },
  };
}
