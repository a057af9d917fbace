/**
 * `/api/v1/subscriptions`: recruiters' digest subscriptions, their preview, and the signed
 * unsubscribe link from the mails (public: it works without logging in).
 */
import { Router } from 'express';
import { z } from 'zod';
import type { Deps } from '../../core/deps.js';
import { pageOf } from '../../core/domain/pagination.js';
import { previewDigest } from '../../core/digests/compose.js';
import { createSubscription, deleteSubscription, listSubscriptions, Subscription, SubscriptionInput, SubscriptionListQuery } from '../../core/digests/subscriptions.js';
import { unsubscribeByToken } from '../../core/digests/unsubscribe.js';
import { route } from '../openapi.js';
import { actingOrganisation, ORGANISATION_HEADER } from './profiles.js';

const DigestPreview = z.object({
  subject: z.string(),
  html: z.string(),
  text: z.string(),
  from: z.string(),
  to: z.string(),
  matchCount: z.number(),
});

const UnsubscribeQuery = z.strictObject({ token: z.string().max(1000).optional() });

export function subscriptionRoutes(deps: Deps): Router {
  const router = Router();
  const tag = 'subscriptions';
  const recruiters = ['employer', 'intermediary'] as const;

  // Declared before `/:id` routes so "unsubscribe" is never read as an id.
  for (const method of ['get', 'post'] as const) {
    route(
      router,
      deps,
      {
        method,
        path: '/api/v1/subscriptions/unsubscribe',
        tag,
        summary: method === 'get' ? 'Unsubscribe with the signed link from a digest (HTML page)' : 'One-click unsubscribe (RFC 8058, List-Unsubscribe-Post)',
        description: 'No login: the token is signed. Answers an HTML page: 200 when the subscription is stopped, 400 (and nothing changes) for a bad or expired token.',
        auth: 'public',
        query: UnsubscribeQuery,
        errors: [400],
      },
      async ({ res, query }) => {
        const outcome = await unsubscribeByToken(deps, query.token ?? '');
        res.status(outcome.status).type('html').send(outcome.html);
      },
    );
  }

  route(
    router,
    deps,
    {
      method: 'post',
      path: '/api/v1/subscriptions',
      tag,
      summary: 'Subscribe to digests of new matches for a vacancy of my organisation, or for a saved candidate search',
      auth: 'required',
      roles: [...recruiters],
      headers: [ORGANISATION_HEADER],
      body: SubscriptionInput,
      status: 201,
      response: Subscription,
      errors: [404],
    },
    async ({ req, principal, body }) => createSubscription(deps, principal, actingOrganisation(req, principal), body),
  );

  route(
    router,
    deps,
    { method: 'get', path: '/api/v1/subscriptions', tag, summary: 'My subscriptions, newest first', auth: 'required', roles: [...recruiters], query: SubscriptionListQuery, response: pageOf(Subscription) },
    async ({ principal, query }) => listSubscriptions(deps, principal, query),
  );

  route(
    router,
    deps,
    { method: 'delete', path: '/api/v1/subscriptions/:id', tag, summary: 'Delete my subscription', auth: 'required', roles: [...recruiters], status: 204, errors: [404] },
    async ({ principal, params }) => deleteSubscription(deps, principal, params.id!),
  );

  route(
    router,
    deps,
    {
      method: 'get',
      path: '/api/v1/subscriptions/:id/preview',
      tag,
      summary: 'What the next digest would contain (HTML and text); nothing is recorded or sent',
      auth: 'required',
      roles: [...recruiters],
      response: DigestPreview,
      errors: [404],
    },
    async ({ principal, params }) => previewDigest(deps, principal, params.id!),
  );
  return router;
}
