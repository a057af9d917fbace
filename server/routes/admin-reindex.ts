/**
 * `/api/v1/admin/reindex`: an admin asks for a full rebuild of the search indexes, and
 * watches it. The rebuild runs wherever the indexer runs (this process under `npm start`,
 * the indexer process in production): the request only enqueues `index-sync {rebuild:true}`,
 * and progress is read from the indexer's state in the store, which every process shares.
 */
import { Router } from 'express';
import type { Deps } from '../../core/deps.js';
import { ReindexRequested, ReindexStatus, reindexStatus, requestReindex } from '../../indexer/control.js';
import { route } from '../openapi.js';

export function adminReindexRoutes(deps: Deps): Router {
  const router = Router();
  const tag = 'admin';

  route(
    router,
    deps,
    {
      method: 'post',
      path: '/api/v1/admin/reindex',
      tag,
      summary: 'Rebuild the search indexes from the store (no downtime)',
      description: 'Enqueues a rebuild for the indexer; poll GET /api/v1/admin/reindex until lastRebuildAt passes requestedAt. `npm run reindex -- --token …` does both.',
      auth: 'required',
      roles: ['admin'],
      status: 202,
      response: ReindexRequested,
      errors: [503],
    },
    async () => requestReindex(deps),
  );

  route(
    router,
    deps,
    {
      method: 'get',
      path: '/api/v1/admin/reindex',
      tag,
      summary: 'Search index state: last sync, last rebuild, rebuild progress, lag',
      auth: 'required',
      roles: ['admin'],
      response: ReindexStatus,
    },
    async () => reindexStatus(deps),
  );
  return router;
}
