/** `GET /api/v1/admin/outbox`: the mail the platform sent, for admins (the disk outbox in embedded mode). */
import { Router } from 'express';
import { z } from 'zod';
import type { Deps } from '../../core/deps.js';
import { route } from '../openapi.js';

const OutboxQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50) });

const SentMail = z.object({
  to: z.string(),
  from: z.string(),
  subject: z.string(),
  html: z.string(),
  text: z.string(),
  messageId: z.string(),
  headers: z.record(z.string(), z.string()).optional(),
  sentAt: z.string(),
});

export function adminOutboxRoutes(deps: Deps): Router {
  const router = Router();
  route(
    router,
    deps,
    {
      method: 'get',
      path: '/api/v1/admin/outbox',
      tag: 'admin',
      summary: 'Sent mail, newest first',
      description: 'Only the outbox mail driver keeps sent mail; with SMTP the list is empty (look in the mail server, e.g. mailpit).',
      auth: 'required',
      roles: ['admin'],
      query: OutboxQuery,
      response: z.object({ items: z.array(SentMail) }),
    },
    async ({ query }) => ({ items: await deps.mail.outbox(query.limit) }),
  );
  return router;
}
