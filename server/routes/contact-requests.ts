/** `/api/v1/contact-requests`: organisations ask, jobseekers accept or decline. */
import { Router } from 'express';
import type { Deps } from '../../core/deps.js';
import {
  answerContactRequest,
  ContactRequest,
  ContactRequestInput,
  ContactRequestListQuery,
  createContactRequest,
  listContactRequests,
} from '../../core/domain/contact-requests.js';
import { pageOf } from '../../core/domain/pagination.js';
import { route } from '../openapi.js';
import { actingOrganisation, ORGANISATION_HEADER } from './profiles.js';

export function contactRequestRoutes(deps: Deps): Router {
  const router = Router();
  const tag = 'contact requests';

  route(
    router,
    deps,
    {
      method: 'post',
      path: '/api/v1/contact-requests',
      tag,
      summary: 'Ask a jobseeker for contact',
      description: 'One pending request per organisation and profile. The contact details appear on GET /api/v1/profiles/:id once accepted.',
      auth: 'required',
      roles: ['employer', 'intermediary'],
      headers: [ORGANISATION_HEADER],
      body: ContactRequestInput,
      status: 201,
      response: ContactRequest,
      errors: [404, 409],
    },
    async ({ req, principal, body }) => createContactRequest(deps, principal, actingOrganisation(req, principal), body),
  );

  route(
    router,
    deps,
    {
      method: 'get',
      path: '/api/v1/contact-requests',
      tag,
      summary: 'Contact requests: to my profile (jobseeker) or from my organisations',
      auth: 'required',
      roles: ['jobseeker', 'employer', 'intermediary'],
      headers: [ORGANISATION_HEADER],
      query: ContactRequestListQuery,
      response: pageOf(ContactRequest),
    },
    async ({ req, principal, query }) =>
      listContactRequests(deps, principal, query, principal.role !== 'jobseeker' && req.get('x-organisation-id') ? actingOrganisation(req, principal) : undefined),
  );

  for (const [action, answer] of [
    ['accept', 'accepted'],
    ['decline', 'declined'],
  ] as const) {
    route(
      router,
      deps,
      {
        method: 'post',
        path: `/api/v1/contact-requests/:id/${action}`,
        tag,
        summary: `${action === 'accept' ? 'Accept' : 'Decline'} a contact request to my profile`,
        auth: 'required',
        roles: ['jobseeker'],
        response: ContactRequest,
        errors: [404, 409],
      },
      async ({ principal, params }) => answerContactRequest(deps, principal, params.id!, answer),
    );
  }
  return router;
}
