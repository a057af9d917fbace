import { randomUUID } from 'node:crypto';
import { describe } from 'vitest';
import { createMeiliSearch } from '../../adapters/search/meili.js';
import { searchContract } from './search.contract.js';

const url = process.env.MEILI_URL;

if (url === undefined || url === '') {
  console.warn('skipped: set MEILI_URL to run the search contract against Meilisearch');
}

describe.runIf(url !== undefined && url !== '')('meilisearch', () => {
  searchContract('meilisearch', async () => {
    // One prefix per run, so parallel runs on a shared server never see each other's indexes.
    const indexPrefix = `kansrijk_test_${randomUUID().slice(0, 8)}_`;
    const engine = createMeiliSearch({ url: url!, apiKey: process.env.MEILI_MASTER_KEY, indexPrefix });
    await engine.ping();
    return {
      engine,
      cleanup: async () => {
        // The contract drops its indexes itself; this catches what a failed test left behind.
        const { Meilisearch } = await import('meilisearch');
        const admin = new Meilisearch({ host: url!, apiKey: process.env.MEILI_MASTER_KEY });
        const { results } = await admin.getIndexes({ limit: 1000 });
        await Promise.all(results.filter((i) => i.uid.startsWith(indexPrefix)).map((i) => engine.dropIndex(i.uid.slice(indexPrefix.length))));
        await engine.close();
      },
    };
  });
});
