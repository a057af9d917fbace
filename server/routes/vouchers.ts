/** Vouchers: the applicant's view and the reviewers' decisions. */
import { Router } from 'express';
import { z } from 'zod';
import type { Deps } from '../../core/deps.js';
import { approveVoucher, completeVoucher, getVoucher, listMyVouchers, rejectVoucher, Voucher, VoucherDecision, VoucherRejection, withdrawVoucher } from '../../core/programmes/index.js';
import { route } from '../openapi.js';

export function voucherRoutes(deps: Deps): Router {
  const router = Router();
  const tag = 'vouchers';
  const reviewers = ['admin', 'intermediary'] as const;
  route(router, deps, { method: 'get', path: '/api/v1/me/vouchers', tag, summary: 'My voucher applications', auth: 'required', roles: ['jobseeker'], response: z.array(Voucher) }, async ({ principal }) => listMyVouchers(deps, principal));
  route(router, deps, { method: 'get', path: '/api/v1/vouchers/:id', tag, summary: 'One voucher (applicant or reviewer)', auth: 'required', response: Voucher, errors: [404] }, async ({ principal, params }) => getVoucher(deps, principal, params.id!));
  route(router, deps, { method: 'post', path: '/api/v1/vouchers/:id/approve', tag, summary: 'Approve a pending voucher', description: 'Commits the amount in the programme ledger; 409 when the budget, the places or the per-person maximum would be exceeded, also under concurrent approvals.', auth: 'required', roles: [...reviewers], body: VoucherDecision, response: Voucher, errors: [404, 409] }, async ({ principal, params, body }) => approveVoucher(deps, principal, params.id!, body.reason));
  route(router, deps, { method: 'post', path: '/api/v1/vouchers/:id/reject', tag, summary: 'Reject a pending voucher with a reason', auth: 'required', roles: [...reviewers], body: VoucherRejection, response: Voucher, errors: [404, 409] }, async ({ principal, params, body }) => rejectVoucher(deps, principal, params.id!, body.reason));
  route(router, deps, { method: 'post', path: '/api/v1/vouchers/:id/complete', tag, summary: 'Mark the course completed: the committed amount is spent', auth: 'required', roles: [...reviewers], response: Voucher, errors: [404, 409] }, async ({ principal, params }) => completeVoucher(deps, principal, params.id!));
  route(router, deps, { method: 'post', path: '/api/v1/vouchers/:id/withdraw', tag, summary: 'Withdraw my pending application', auth: 'required', roles: ['jobseeker'], response: Voucher, errors: [404, 409] }, async ({ principal, params }) => withdrawVoucher(deps, principal, params.id!));
  return router;
}
