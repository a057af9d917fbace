import { createEmbeddedSearch } from '../../adapters/search/embedded/index.js';
import { searchContract } from './search.contract.js';

searchContract('embedded', async () => {
  const engine = createEmbeddedSearch();
  return { engine, cleanup: () => engine.close() };
});
