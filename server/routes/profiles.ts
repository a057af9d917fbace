/** `GET /api/v1/profiles/:id`: an organisation's (audited, throttled) view of a profile. */
import { Router, type Request } from 'express';
import type { Deps } from '../../core/deps.js';
import { viewProfileAsOrganisation } from '../../core/domain/audit.js';
import { actingOrganisationId } from '../../core/domain/organisations.js';
import { AnonymousProfile } from '../../core/domain/profiles.js';
import { route } from '../openapi.js';

/** The `X-Organisation-Id` header: which of the caller's organisations acts. */
export const ORGANISATION_HEADER = { name: 'X-Organisation-Id', description: 'The organisation you act for, when you belong to several' };

/** The organisation the request acts for (see `actingOrganisationId`). */
export const actingOrganisation = (req: Request, principal: Parameters<typeof actingOrganisationId>[0]): string =>
  actingOrganisationId(principal, req.get('x-organisation-id') || undefined);

export function profileRoutes(deps: Deps): Router {
  const router = Router();
  route(
    router,
    deps,
    {
      method: 'get',
      path: '/api/v1/profiles/:id',
      tag: 'profiles',
      summary: "View a jobseeker's profile as an organisation",
      description:
        'Anonymised (contact is null) unless the jobseeker accepted a contact request from your organisation. Hidden and stale profiles answer 404. Every view is logged for the jobseeker; too many views per hour answer 429 and flag your organisation to admins.',
      auth: 'required',
      roles: ['employer', 'intermediary'],
      headers: [ORGANISATION_HEADER],
      response: AnonymousProfile,
      errors: [404, 429],
    },
    async ({ req, principal, params }) => viewProfileAsOrganisation(deps, principal, actingOrganisation(req, principal), params.id!),
  );
  return router;
}
