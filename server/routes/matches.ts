/** Matches: a recruiter's ranked candidates per vacancy, a jobseeker's matched vacancies, and status changes. */
import { Router } from 'express';
import type { Deps } from '../../core/deps.js';
import { pageOf } from '../../core/domain/pagination.js';
import { CandidateMatch, listMyMatches, listVacancyMatches, MatchListQuery, MatchStatusPatch, updateMatchStatus, VacancyMatch } from '../../core/matching/views.js';
import { route } from '../openapi.js';

export function matchRoutes(deps: Deps): Router {
  const router = Router();
  const tag = 'matches';
  route(
    router,
    deps,
    {
      method: 'get',
      path: '/api/v1/vacancies/:id/matches',
      tag,
      summary: "Ranked, anonymised candidates for my organisation's vacancy",
      description:
        'Best first, each with its score components, weights, the sector-demand source used and a one-line Dutch reason. Hidden, stale and erased profiles never appear. ' +
        '`retraining` flags a candidate "in omscholing" toward this occupation (an approved voucher; scored on the skills they will have when the course ends) or, for a shortage occupation, "kandidaat + gefinancierde opleiding" (one course an open programme could fund closes their gap). Nothing about income is ever shown.',
      auth: 'required',
      roles: ['employer', 'intermediary', 'admin'],
      query: MatchListQuery,
      response: pageOf(CandidateMatch),
      errors: [404],
    },
    async ({ principal, params, query }) => listVacancyMatches(deps, principal, params.id!, query),
  );
  route(
    router,
    deps,
    {
      method: 'get',
      path: '/api/v1/me/matches',
      tag,
      summary: 'Vacancies matched to my profile, with the reasons',
      auth: 'required',
      roles: ['jobseeker'],
      query: MatchListQuery,
      response: pageOf(VacancyMatch),
      errors: [404],
    },
    async ({ principal, query }) => listMyMatches(deps, principal, query),
  );
  route(
    router,
    deps,
    {
      method: 'patch',
      path: '/api/v1/matches/:id',
      tag,
      summary: 'Set the status of a match',
      description: "Members of the vacancy's organisation may set seen, contacted or dismissed; the jobseeker may dismiss a match about them.",
      auth: 'required',
      roles: ['employer', 'intermediary', 'jobseeker'],
      body: MatchStatusPatch,
      response: CandidateMatch.omit({ candidate: true }),
      errors: [403, 404],
    },
    async ({ principal, params, body }) => updateMatchStatus(deps, principal, params.id!, body),
  );
  return router;
}
