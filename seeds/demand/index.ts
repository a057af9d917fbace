/** The demo sector-demand table shipped with Kansrijk, read from its CSV through the same validation as an upload. */
import { readFileSync } from 'node:fs';
import type { Deps } from '../../core/deps.js';
import { parseDemandCsv, seedDemandTable, type DemandRow } from '../../core/demand/index.js';
import { findRepoPath } from '../../core/taxonomy/index.js';

/** The rows of `seeds/demand/spanningsindicator-demo.csv`. */
export function demoDemandRows(): DemandRow[] {
  return parseDemandCsv(readFileSync(findRepoPath('seeds/demand/spanningsindicator-demo.csv'), 'utf8'));
}

/** Load the demo table when the store has none yet; an admin's own upload is never replaced. */
export async function seedDemoDemand(deps: Pick<Deps, 'store' | 'queue' | 'logger'>): Promise<void> {
  if (await seedDemandTable(deps, demoDemandRows)) deps.logger.info('demo sector-demand table loaded');
}
