/** `/api/v1/vacancies`: open vacancies are public; drafts and closed ones are the owner's. */
import { Router } from 'express';
import type { Deps } from '../../core/deps.js';
import { pageOf } from '../../core/domain/pagination.js';
import {
  createVacancy,
  deleteVacancy,
  getVacancy,
  listVacancies,
  updateVacancy,
  Vacancy,
  VacancyInput,
  VacancyListQuery,
  VacancyPatch,
} from '../../core/domain/vacancies.js';
import { route } from '../openapi.js';
import { actingOrganisation, ORGANISATION_HEADER } from './profiles.js';

export function vacancyRoutes(deps: Deps): Router {
  const router = Router();
  const tag = 'vacancies';
  const writers = ['employer', 'intermediary'] as const;

  route(
    router,
    deps,
    {
      method: 'post',
      path: '/api/v1/vacancies',
      tag,
      summary: 'Create a vacancy for my organisation',
      auth: 'required',
      roles: [...writers],
      headers: [ORGANISATION_HEADER],
      body: VacancyInput,
      status: 201,
      response: Vacancy,
    },
    async ({ req, principal, body }) => createVacancy(deps, principal, actingOrganisation(req, principal), body),
  );

  route(
    router,
    deps,
    {
      method: 'get',
      path: '/api/v1/vacancies',
      tag,
      summary: 'List vacancies, newest first',
      description: 'Open vacancies for everyone. Give organisationId of your own organisation to see its drafts and closed vacancies too.',
      auth: 'optional',
      query: VacancyListQuery,
      response: pageOf(Vacancy),
    },
    async ({ viewer, query }) => listVacancies(deps, viewer, query),
  );

  route(
    router,
    deps,
    { method: 'get', path: '/api/v1/vacancies/:id', tag, summary: 'One vacancy', auth: 'optional', response: Vacancy, errors: [404] },
    async ({ viewer, params }) => getVacancy(deps, viewer, params.id!),
  );

  route(
    router,
    deps,
    {
      method: 'patch',
      path: '/api/v1/vacancies/:id',
      tag,
      summary: "Change some fields of my organisation's vacancy",
      auth: 'required',
      roles: [...writers],
      body: VacancyPatch,
      response: Vacancy,
      errors: [404, 409],
    },
    async ({ principal, params, body }) => updateVacancy(deps, principal, params.id!, body),
  );

  route(
    router,
    deps,
    {
      method: 'delete',
      path: '/api/v1/vacancies/:id',
      tag,
      summary: "Delete my organisation's vacancy",
      auth: 'required',
      roles: [...writers],
      status: 204,
      errors: [404],
    },
    async ({ principal, params }) => deleteVacancy(deps, principal, params.id!),
  );
  return router;
}
