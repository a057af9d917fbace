/** `GET /api/v1/admin/flags`: organisations that hit the profile view limit. */
import { Router } from 'express';
import type { Deps } from '../../core/deps.js';
import { AuditListQuery, Flag, listFlags } from '../../core/domain/audit.js';
import { pageOf } from '../../core/domain/pagination.js';
import { route } from '../openapi.js';

export function adminFlagRoutes(deps: Deps): Router {
  const router = Router();
  route(
    router,
    deps,
    {
      method: 'get',
      path: '/api/v1/admin/flags',
      tag: 'admin',
      summary: 'Organisations flagged for opening too many profiles per hour',
      auth: 'required',
      roles: ['admin'],
      query: AuditListQuery,
      response: pageOf(Flag),
    },
    async ({ query }) => listFlags(deps, query),
  );
  return router;
}
