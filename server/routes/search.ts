/**
 * `/api/v1/search/*`: candidate search for organisations (anonymised hits) and open-vacancy
 * search for everyone. Handlers only validate and call the use-cases in core/search/queries.ts.
 */
import { Router } from 'express';
import type { Deps } from '../../core/deps.js';
import {
  CandidateSearchQuery,
  CandidateSearchResult,
  searchCandidates,
  searchVacancies,
  VacancySearchQuery,
  VacancySearchResult,
} from '../../core/search/queries.js';
import { route } from '../openapi.js';

const QUERY_HELP =
  'q understands typos (verpleegkundge), prefixes (verpleeg) and taxonomy synonyms (programmeur finds a Softwareontwikkelaar). ' +
  'List filters take repeated or comma-separated values; occupations, sectors and skills may be names or ids. ' +
  'near is a Dutch place as typed (an unknown place is a 400 with suggestions), radiusKm defaults to 25. ' +
  'facets lists fields to count; hits carry highlighted snippets. 503 when the search backend is down.';

export function searchRoutes(deps: Deps): Router {
  const router = Router();
  const tag = 'search';

  route(
    router,
    deps,
    {
      method: 'get',
      path: '/api/v1/search/candidates',
      tag,
      summary: 'Search anonymised candidates',
      description: `Visible, fresh profiles only; hits never carry a name or contact details. ${QUERY_HELP}`,
      auth: 'required',
      roles: ['employer', 'intermediary', 'admin'],
      query: CandidateSearchQuery,
      response: CandidateSearchResult,
      errors: [503],
    },
    async ({ query }) => searchCandidates(deps, query),
  );

  route(
    router,
    deps,
    {
      method: 'get',
      path: '/api/v1/search/vacancies',
      tag,
      summary: 'Search open vacancies',
      description: `Open vacancies only; anyone may search. ${QUERY_HELP}`,
      auth: 'optional',
      query: VacancySearchQuery,
      response: VacancySearchResult,
      errors: [503],
    },
    async ({ query }) => searchVacancies(deps, query),
  );
  return router;
}
