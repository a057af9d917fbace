/**
 * `POST /api/v1/admin/digests/run`: compose and send every active subscription's digest now.
 * The embedded store belongs to one process, so `npm run digests:run` asks the running
 * server through this endpoint instead of opening the store itself.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { Deps } from '../../core/deps.js';
import { runAllDigestsNow } from '../../core/digests/compose.js';
import { route } from '../openapi.js';

const ForcedRun = z.object({ periodKey: z.string(), subscriptions: z.number(), sent: z.number(), empty: z.number(), queued: z.number() });

export function adminDigestRoutes(deps: Deps): Router {
  const router = Router();
  route(
    router,
    deps,
    {
      method: 'post',
      path: '/api/v1/admin/digests/run',
      tag: 'admin',
      summary: 'Send every subscription its digest now (a forced period), whatever its schedule',
      description: 'Each subscription gets the matches since its last digest; one with nothing new gets no mail. Mails the server refused are queued for retries.',
      auth: 'required',
      roles: ['admin'],
      response: ForcedRun,
    },
    async () => runAllDigestsNow(deps),
  );
  return router;
}
