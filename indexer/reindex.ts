/**
 * `npm run reindex`: build fresh search indexes from the store and swap them in, with no
 * downtime (searches answer from the old index until the atomic swap), printing progress.
 *
 * Where the rebuild runs depends on the drivers, because the work must happen where the
 * index lives:
 *
 * - `--token <admin token>` (optionally `--url`, default PUBLIC_URL): ask a running server
 *   through `POST /api/v1/admin/reindex` and follow `GET /api/v1/admin/reindex`. This is the
 *   way with embedded drivers while `npm start` runs: that process holds the store's lock,
 *   keeps the embedded index in its memory, and runs the only consumer of its in-process
 *   queue, so nothing outside it could rebuild that index.
 * - QUEUE_DRIVER=bullmq (production): enqueue `index-sync {rebuild:true}` for the indexer
 *   process and follow its state in the store until the rebuild has finished.
 * - otherwise, when no server holds the store: rebuild right here and report counts. With
 *   SEARCH_DRIVER=meilisearch that is a real rebuild of the server's indexes; with the
 *   embedded engine the index lives only in this process, so the run proves the store
 *   rebuilds cleanly and shows what the server will build from it at its next start.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../core/config.js';
import { isAppError } from '../core/errors.js';
import { createLogger } from '../core/logger.js';
import { synonymGroups } from '../core/taxonomy/index.js';
import { createDeps } from '../runtime/deps.js';
import { reindexStatus, requestReindex, type ReindexStatusBody } from './control.js';
import { searchFeeds } from './feeds.js';
import { Indexer } from './sync.js';

const { values: args } = parseArgs({
  options: {
    token: { type: 'string' },
    url: { type: 'string' },
    'timeout-s': { type: 'string', default: '1800' },
  },
});
const config = loadConfig();
const timeoutMs = Number(args['timeout-s']) * 1000;
const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

/** Poll `status` until every index was rebuilt at or after `requestedAt`, printing progress as it changes. */
async function follow(requestedAt: string, status: () => Promise<ReindexStatusBody>): Promise<ReindexStatusBody> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    const s = await status();
    const entries = Object.entries(s.indexes);
    const done = entries.every(([, i]) => i.lastRebuildAt !== null && i.lastRebuildAt >= requestedAt);
    const line = entries
      .map(([name, i]) => `${name}: ${i.lastRebuildAt !== null && i.lastRebuildAt >= requestedAt ? 'rebuilt' : i.rebuilding ? `${i.rebuilding.processed} read` : 'waiting'}`)
      .join(', ');
    if (line !== last) say(`  ${line}`);
    last = line;
    if (done) return s;
    if (Date.now() > deadline) throw new Error(`the rebuild did not finish within ${args['timeout-s']} s; is an indexer running?`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function viaServer(token: string): Promise<void> {
  const base = (args.url ?? config.PUBLIC_URL).replace(/\/$/, '');
  const call = async (method: string): Promise<any> => {
    const res = await fetch(`${base}/api/v1/admin/reindex`, { method, headers: { authorization: `Bearer ${token}` } });
    const body = (await res.json().catch(() => ({}))) as Record<string, any>;
    if (!res.ok) throw new Error(`${method} ${base}/api/v1/admin/reindex answered ${res.status}: ${body.detail ?? body.title ?? ''}`);
    return body;
  };
  say(`asking the server at ${base} to rebuild the search indexes`);
  const { requestedAt } = (await call('POST')) as { requestedAt: string };
  const final = await follow(requestedAt, () => call('GET'));
  say(`done: ${Object.keys(final.indexes).join(' and ')} rebuilt and swapped in by the server`);
}

async function main(): Promise<void> {
  if (args.token) return viaServer(args.token);

  const logger = createLogger({ ...config, LOG_LEVEL: 'warn' }, 'reindex');
  let deps;
  try {
    deps = await createDeps(config, logger);
  } catch (e) {
    if (isAppError(e) && /locked/.test(e.message)) {
      say(`A Kansrijk server is running on ${config.DATA_DIR}: it holds the embedded store and its search index lives in that server's memory.`);
      say('Ask it to rebuild: npm run reindex -- --token <admin bearer token> [--url http://localhost:3000]');
      process.exitCode = 2;
      return;
    }
    throw e;
  }
  try {
    if (config.QUEUE_DRIVER === 'bullmq') {
      say('asking the indexer (through the queue) to rebuild the search indexes');
      const { requestedAt } = await requestReindex(deps);
      await follow(requestedAt, () => reindexStatus(deps));
      say('done: rebuilt and swapped in by the indexer');
      return;
    }
    const indexer = new Indexer(deps, searchFeeds(synonymGroups()), config.INDEXER_BATCH_SIZE);
    await indexer.start();
    say(`rebuilding the search indexes from the store (${config.SEARCH_DRIVER} search)`);
    const started = performance.now();
    let shown = '';
    await indexer.rebuild((p) => {
      const line = `  ${p.feed}: ${p.processed} read`;
      if (line !== shown && (p.processed % (config.INDEXER_BATCH_SIZE * 10) === 0 || !shown.startsWith(`  ${p.feed}`))) say(line);
      shown = line;
    });
    for (const name of Object.keys(await indexer.status())) say(`  ${name}: ${await deps.search.index(name).count()} searchable documents`);
    say(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    if (config.SEARCH_DRIVER === 'embedded') {
      say('Note: the embedded index lives in the memory of the process that builds it. No server was running, so this run');
      say('checked the rebuild from the store; the server builds the same index from the store when it starts.');
    }
  } finally {
    await deps.close();
  }
}

await main();
