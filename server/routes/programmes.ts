/** Retraining programmes (rules, budget, places) and their figures. */
import { Router } from 'express';
import { z } from 'zod';
import type { Deps } from '../../core/deps.js';
import { notFound } from '../../core/errors.js';
import { applyForVoucher, createProgramme, getProgramme, getProgrammeDoc, isReviewer, listProgrammes, listProgrammeVouchers, Programme, ProgrammeInput, ProgrammePatch, updateProgramme, Voucher, VoucherApplication, VoucherListQuery } from '../../core/programmes/index.js';
import { programmeFigures, ProgrammeFigures } from '../../core/programmes/figures.js';
import { route } from '../openapi.js';

export function programmeRoutes(deps: Deps): Router {
  const router = Router();
  const tag = 'programmes';
  route(router, deps, { method: 'get', path: '/api/v1/programmes', tag, summary: 'Retraining programmes', auth: 'required', response: z.array(Programme) }, async () => listProgrammes(deps));
  route(router, deps, { method: 'get', path: '/api/v1/programmes/:id', tag, summary: 'One programme, with places and budget left', auth: 'required', response: Programme, errors: [404] }, async ({ params }) => getProgramme(deps, params.id!));
  route(router, deps, { method: 'post', path: '/api/v1/programmes', tag, summary: 'Start a programme', description: 'Rules: income ceiling, maximum per participant, places, eligible sectors, regions, budget, period, reviewing organisations.', auth: 'required', roles: ['admin'], body: ProgrammeInput, status: 201, response: Programme }, async ({ principal, body }) => createProgramme(deps, principal.accountId, body));
  route(router, deps, { method: 'patch', path: '/api/v1/programmes/:id', tag, summary: 'Change a programme’s rules', description: 'Budget, places and the maximum per participant can never go below what is already committed (409).', auth: 'required', roles: ['admin'], body: ProgrammePatch, response: Programme, errors: [404, 409] }, async ({ params, body }) => updateProgramme(deps, params.id!, body));
  route(
    router,
    deps,
    {
      method: 'get',
      path: '/api/v1/programmes/:id/figures',
      tag,
      summary: 'Programme figures',
      description: 'Participants, places left, budget committed and spent, per sector and per course; and per shortage occupation of its regions, how many available candidates are one or two bridging skills away. Admins and the programme’s reviewing organisations.',
      auth: 'required',
      roles: ['admin', 'intermediary'],
      response: ProgrammeFigures,
      errors: [404],
    },
    async ({ principal, params }) => {
      if (!isReviewer(principal, await getProgrammeDoc(deps, params.id!))) throw notFound('Programme');
      return programmeFigures(deps, params.id!);
    },
  );
  route(router, deps, { method: 'post', path: '/api/v1/programmes/:id/vouchers', tag: 'vouchers', summary: 'Apply for a voucher for a course', description: 'State your income band; it is seen only by you and the programme’s reviewers, never by employers.', auth: 'required', roles: ['jobseeker'], body: VoucherApplication, status: 201, response: Voucher, errors: [404, 409] }, async ({ principal, params, body }) => applyForVoucher(deps, principal, params.id!, body));
  route(router, deps, { method: 'get', path: '/api/v1/programmes/:id/vouchers', tag: 'vouchers', summary: 'Vouchers of a programme I review', auth: 'required', roles: ['admin', 'intermediary'], query: VoucherListQuery, response: z.array(Voucher), errors: [404] }, async ({ principal, params, query }) => listProgrammeVouchers(deps, principal, params.id!, query.status));
  return router;
}
