/** `GET /api/v1/admin/jobs/failed`: background jobs that used up their retries, for admins to inspect. */
import { Router } from 'express';
import { z } from 'zod';
import type { Deps } from '../../core/deps.js';
import { route } from '../openapi.js';

const FailedJob = z.object({ id: z.string(), name: z.string(), data: z.unknown(), attempts: z.number(), error: z.string(), failedAt: z.string() });

export function adminJobRoutes(deps: Deps): Router {
  const router = Router();
  route(
    router,
    deps,
    {
      method: 'get',
      path: '/api/v1/admin/jobs/failed',
      tag: 'admin',
      summary: 'Jobs that failed after all their retries, newest first',
      auth: 'required',
      roles: ['admin'],
      query: z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(50) }),
      response: z.object({ items: z.array(FailedJob) }),
    },
    async ({ query }) => ({ items: await deps.queue.failed(query.limit) }),
  );
  return router;
}
