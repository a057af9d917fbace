/** `/api/v1/organisations`: employers and intermediaries and their members. */
import { Router } from 'express';
import type { Deps } from '../../core/deps.js';
import {
  AddMemberInput,
  addOrganisationMember,
  createOrganisation,
  deleteOrganisation,
  getOrganisationFor,
  listOrganisations,
  Organisation,
  OrganisationInput,
  OrganisationListQuery,
  OrganisationPatch,
  publicOrganisation,
  updateOrganisation,
} from '../../core/domain/organisations.js';
import { pageOf } from '../../core/domain/pagination.js';
import { AppError } from '../../core/errors.js';
import { route } from '../openapi.js';

export function organisationRoutes(deps: Deps): Router {
  const router = Router();
  const tag = 'organisations';

  route(
    router,
    deps,
    {
      method: 'post',
      path: '/api/v1/organisations',
      tag,
      summary: 'Create an organisation; you become its first member',
      auth: 'required',
      roles: ['employer', 'intermediary'],
      body: OrganisationInput,
      status: 201,
      response: Organisation,
    },
    async ({ principal, body }) => {
      // An employer account runs employers; an intermediary account runs intermediaries.
      if (body.kind !== principal.role) {
        throw new AppError('invalid', `A ${principal.role} account can only create ${principal.role} organisations`, {
          issues: [{ path: 'kind', message: `must be ${principal.role}` }],
        });
      }
      return publicOrganisation(await createOrganisation(deps, principal.accountId, body));
    },
  );

  route(
    router,
    deps,
    {
      method: 'get',
      path: '/api/v1/organisations',
      tag,
      summary: 'List my organisations (admins: all)',
      auth: 'required',
      roles: ['employer', 'intermediary', 'admin'],
      query: OrganisationListQuery,
      response: pageOf(Organisation),
    },
    async ({ principal, query }) => listOrganisations(deps, principal, query),
  );

  route(
    router,
    deps,
    { method: 'get', path: '/api/v1/organisations/:id', tag, summary: 'One of my organisations', auth: 'required', response: Organisation, errors: [404] },
    async ({ principal, params }) => publicOrganisation(await getOrganisationFor(deps, principal, params.id!)),
  );

  route(
    router,
    deps,
    {
      method: 'patch',
      path: '/api/v1/organisations/:id',
      tag,
      summary: "Change my organisation's name, description, website or place",
      auth: 'required',
      roles: ['employer', 'intermediary'],
      body: OrganisationPatch,
      response: Organisation,
      errors: [404, 409],
    },
    async ({ principal, params, body }) => updateOrganisation(deps, principal, params.id!, body),
  );

  route(
    router,
    deps,
    {
      method: 'post',
      path: '/api/v1/organisations/:id/members',
      tag,
      summary: 'Add a colleague (an existing account of the same kind) as a member',
      auth: 'required',
      roles: ['employer', 'intermediary'],
      body: AddMemberInput,
      response: Organisation,
      errors: [404],
    },
    async ({ principal, params, body }) => addOrganisationMember(deps, principal, params.id!, body),
  );

  route(
    router,
    deps,
    {
      method: 'delete',
      path: '/api/v1/organisations/:id',
      tag,
      summary: 'Delete my organisation and withdraw its vacancies',
      auth: 'required',
      roles: ['employer', 'intermediary'],
      status: 204,
      errors: [404],
    },
    async ({ principal, params }) => deleteOrganisation(deps, principal, params.id!),
  );
  return router;
}
