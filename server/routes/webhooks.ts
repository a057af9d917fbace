/**
 * `/api/v1/webhooks`: an organisation's HTTPS endpoints for events, and their delivery logs.
 * Another organisation's endpoint is "not found".
 */
import { Router } from 'express';
import type { Deps } from '../../core/deps.js';
import type { Role } from '../../core/domain/accounts.js';
import { pageOf } from '../../core/domain/pagination.js';
import {
  CreatedWebhook,
  createWebhook,
  deleteWebhook,
  DeliveryListQuery,
  DeliveryPage,
  listDeliveries,
  listWebhooks,
  Webhook,
  WebhookInput,
  WebhookListQuery,
} from '../../core/webhooks/index.js';
import { route } from '../openapi.js';

export function webhookRoutes(deps: Deps): Router {
  const router = Router();
  const tag = 'webhooks';
  const members: { auth: 'required'; roles: Role[] } = { auth: 'required', roles: ['employer', 'intermediary'] };

  route(
    router,
    deps,
    {
      method: 'post',
      path: '/api/v1/webhooks',
      tag,
      summary: 'Register an HTTPS endpoint for events (the answer shows the signing secret, once)',
      description:
        'Events: match.created, contact_request.accepted, digest.sent. Each delivery is a JSON POST signed with ' +
        '`Kansrijk-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" with the secret>`; ' +
        'answer 2xx within 5 s, or it is retried with exponential backoff (6 tries). Only public https URLs are accepted.',
      ...members,
      body: WebhookInput,
      status: 201,
      response: CreatedWebhook,
      errors: [404, 409],
    },
    async ({ principal, body }) => createWebhook(deps, principal, body),
  );

  route(
    router,
    deps,
    { method: 'get', path: '/api/v1/webhooks', tag, summary: "Your organisations' webhooks, newest first", ...members, query: WebhookListQuery, response: pageOf(Webhook), errors: [404] },
    async ({ principal, query }) => listWebhooks(deps, principal, query),
  );

  route(
    router,
    deps,
    { method: 'delete', path: '/api/v1/webhooks/:id', tag, summary: 'Remove a webhook and its delivery log', ...members, status: 204, errors: [404] },
    async ({ principal, params }) => deleteWebhook(deps, principal, params.id!),
  );

  route(
    router,
    deps,
    {
      method: 'get',
      path: '/api/v1/webhooks/:id/deliveries',
      tag,
      summary: 'Delivery log of one webhook, newest first: status and every attempt',
      ...members,
      query: DeliveryListQuery,
      response: DeliveryPage,
      errors: [404],
    },
    async ({ principal, params, query }) => listDeliveries(deps, principal, params.id!, query),
  );
  return router;
}
