/** Retraining pathways: for the jobseeker, and for intermediaries coaching them. */
import { Router } from 'express';
import type { Deps } from '../../core/deps.js';
import { findOwnProfile, requireProfile } from '../../core/domain/profiles.js';
import { computePathways, PathwayReport } from '../../core/pathways/index.js';
import { coachedProfile } from '../../core/pathways/coaching.js';
import { route } from '../openapi.js';

export function pathwayRoutes(deps: Deps): Router {
  const router = Router();
  const tag = 'pathways';
  const description =
    'Occupations that are krap or zeer krap in the region (sector-demand table) and reachable with training, ranked by transferable skills and demand; each with the skill gap, the courses that close it (cheapest and shortest combinations) and the one step that adds the most passende vacatures.';
  route(router, deps, { method: 'get', path: '/api/v1/me/pathways', tag, summary: 'My retraining pathways into shortage occupations', description, auth: 'required', roles: ['jobseeker'], response: PathwayReport, errors: [404] }, async ({ principal }) =>
    computePathways(deps, requireProfile(await findOwnProfile(deps, principal.accountId))),
  );
  route(
    router,
    deps,
    {
      method: 'get',
      path: '/api/v1/profiles/:id/pathways',
      tag,
      summary: 'Pathways of a jobseeker I coach',
      description: `${description} Coaching: your organisation had a contact request accepted, accepted their appointment request, or reviews a programme they applied to. Others get 404.`,
      auth: 'required',
      roles: ['intermediary', 'admin'],
      response: PathwayReport,
      errors: [404],
    },
    async ({ principal, params }) => computePathways(deps, await coachedProfile(deps, principal, params.id!)),
  );
  return router;
}
