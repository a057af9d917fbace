/**
 * Child process for the indexer convergence test: opens the on-disk embedded store and a
 * durable mirrored search engine (indexer-mirror.ts) in INDEXER_DIR, then runs one full
 * incremental sync (or, with INDEXER_MODE=rebuild, a rebuild and swap) with a small batch
 * size, printing `batch <index> <processed>` after each acknowledged batch and `done` at the
 * end. The parent kills it with SIGKILL at random moments.
 */
import path from 'node:path';
import { openEmbeddedStore } from '../../adapters/store/embedded.js';
import { createEmbeddedSearch } from '../../adapters/search/embedded/index.js';
import { testConfig } from '../../core/config.js';
import { systemClock } from '../../core/deps.js';
import { createLogger } from '../../core/logger.js';
import { synonymGroups } from '../../core/taxonomy/index.js';
import { searchFeeds } from '../../indexer/feeds.js';
import { Indexer } from '../../indexer/sync.js';
import { openMirroredSearch } from './indexer-mirror.js';

const dir = process.env.INDEXER_DIR!;
const store = await openEmbeddedStore({ dir: path.join(dir, 'store') });
const search = await openMirroredSearch(createEmbeddedSearch(), path.join(dir, 'mirror.jsonl'));
const logger = createLogger(testConfig());
const indexer = new Indexer({ store, search, logger, clock: systemClock }, searchFeeds(synonymGroups()), Number(process.env.INDEXER_BATCH ?? 20));
await indexer.start();
process.stdout.write('ready\n');
const report = (p: { feed: string; processed: number }): void => {
  process.stdout.write(`batch ${p.feed} ${p.processed}\n`);
};
if (process.env.INDEXER_MODE === 'rebuild') await indexer.rebuild(report);
else await indexer.syncAll(report);
process.stdout.write('done\n');
await search.close();
await store.close();
