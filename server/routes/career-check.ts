/** The Loopbaan-APK: the self-assessment and the personal report (JSON or printable HTML). */
import { Router } from 'express';
import { z } from 'zod';
import type { Deps } from '../../core/deps.js';
import { findOwnProfile, requireProfile } from '../../core/domain/profiles.js';
import { CareerCheckInput, CareerCheckReport, myCareerReport, renderReportHtml, submitCareerCheck } from '../../core/career-check/index.js';
import { route } from '../openapi.js';

export const ReportQuery = z.strictObject({ format: z.enum(['json', 'html']).default('json') });

export function careerCheckRoutes(deps: Deps): Router {
  const router = Router();
  const tag = 'career-check';
  route(
    router,
    deps,
    {
      method: 'post',
      path: '/api/v1/me/career-check',
      tag,
      summary: 'Do the Loopbaan-APK',
      description: 'Work wishes, interests, skills and constraints; replaces earlier answers and answers with the report.',
      auth: 'required',
      roles: ['jobseeker'],
      body: CareerCheckInput,
      response: CareerCheckReport,
      errors: [404],
    },
    async ({ principal, body }) => submitCareerCheck(deps, principal, body),
  );
  route(
    router,
    deps,
    {
      method: 'get',
      path: '/api/v1/me/career-check/report',
      tag,
      summary: 'My Loopbaan-APK report',
      description: '`format=html` gives a printable page (print CSS, no scripts).',
      auth: 'required',
      roles: ['jobseeker'],
      query: ReportQuery,
      response: CareerCheckReport,
      errors: [404],
    },
    async ({ principal, query, res }) => {
      const report = await myCareerReport(deps, principal);
      if (query.format === 'json') return report;
      const profile = requireProfile(await findOwnProfile(deps, principal.accountId));
      res.type('html').send(renderReportHtml(report, profile.contact.name));
      return undefined;
    },
  );
  return router;
}
