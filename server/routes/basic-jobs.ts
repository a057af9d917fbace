/** Wijkbasisbanen: eligibility (admin), basic jobs with displacement sign-off, matching and offers. Never public. */
import { Router } from 'express';
import { z } from 'zod';
import type { Deps } from '../../core/deps.js';
import {
  answerOffer,
  BasicJob,
  BasicJobCandidate,
  basicJobCandidates,
  BasicJobInput,
  closeBasicJob,
  createBasicJob,
  Eligibility,
  EligibilityInput,
  getBasicJob,
  listBasicJobs,
  listEligibility,
  listJobOffers,
  listMyOffers,
  Offer,
  OfferAnswer,
  OfferInput,
  offerBasicJob,
  openBasicJob,
  setEligibility,
  SignOffInput,
  signOffBasicJob,
} from '../../core/basic-jobs/index.js';
import { route } from '../openapi.js';

export function basicJobRoutes(deps: Deps): Router {
  const router = Router();
  const tag = 'basic-jobs';
  const managers = ['intermediary', 'admin'] as const;
  route(router, deps, { method: 'post', path: '/api/v1/admin/basic-job-eligibility', tag, summary: 'Mark a resident (not) eligible for wijkbasisbanen', auth: 'required', roles: ['admin'], body: EligibilityInput, response: Eligibility, errors: [404] }, async ({ principal, body }) => setEligibility(deps, principal, body));
  route(router, deps, { method: 'get', path: '/api/v1/admin/basic-job-eligibility', tag, summary: 'Residents marked for wijkbasisbanen', auth: 'required', roles: ['admin'], response: z.array(Eligibility) }, async () => listEligibility(deps));
  route(router, deps, { method: 'post', path: '/api/v1/basic-jobs', tag, summary: 'Create a wijkbasisbaan (draft)', description: 'Records the public task it fulfils; it can be opened only after an admin signs off that it displaces no regular job. Never appears in public vacancy lists or search.', auth: 'required', roles: [...managers], body: BasicJobInput, status: 201, response: BasicJob }, async ({ principal, body }) => createBasicJob(deps, principal, body));
  route(router, deps, { method: 'get', path: '/api/v1/basic-jobs', tag, summary: 'Wijkbasisbanen my organisation manages (admins: all)', auth: 'required', roles: [...managers], response: z.array(BasicJob) }, async ({ principal }) => listBasicJobs(deps, principal));
  route(router, deps, { method: 'get', path: '/api/v1/basic-jobs/:id', tag, summary: 'One wijkbasisbaan', auth: 'required', roles: [...managers], response: BasicJob, errors: [404] }, async ({ principal, params }) => getBasicJob(deps, principal, params.id!));
  route(router, deps, { method: 'post', path: '/api/v1/basic-jobs/:id/sign-off', tag, summary: 'Sign off that it displaces no regular job', auth: 'required', roles: ['admin'], body: SignOffInput, response: BasicJob, errors: [404, 409] }, async ({ principal, params, body }) => signOffBasicJob(deps, principal, params.id!, body));
  route(router, deps, { method: 'post', path: '/api/v1/basic-jobs/:id/open', tag, summary: 'Open it for offers (needs the sign-off)', auth: 'required', roles: [...managers], response: BasicJob, errors: [404, 409] }, async ({ principal, params }) => openBasicJob(deps, principal, params.id!));
  route(router, deps, { method: 'post', path: '/api/v1/basic-jobs/:id/close', tag, summary: 'Close it', auth: 'required', roles: [...managers], response: BasicJob, errors: [404] }, async ({ principal, params }) => closeBasicJob(deps, principal, params.id!));
  route(router, deps, { method: 'get', path: '/api/v1/basic-jobs/:id/candidates', tag, summary: 'Eligible residents for it, anonymised, best first', auth: 'required', roles: [...managers], response: z.array(BasicJobCandidate), errors: [404] }, async ({ principal, params }) => basicJobCandidates(deps, principal, params.id!));
  route(router, deps, { method: 'post', path: '/api/v1/basic-jobs/:id/offers', tag, summary: 'Offer it to an eligible resident', auth: 'required', roles: [...managers], body: OfferInput, status: 201, response: Offer, errors: [404, 409] }, async ({ principal, params, body }) => offerBasicJob(deps, principal, params.id!, body));
  route(router, deps, { method: 'get', path: '/api/v1/basic-jobs/:id/offers', tag, summary: 'Offers made for it', auth: 'required', roles: [...managers], response: z.array(Offer), errors: [404] }, async ({ principal, params }) => listJobOffers(deps, principal, params.id!));
  route(router, deps, { method: 'get', path: '/api/v1/me/basic-job-offers', tag, summary: 'Wijkbasisbanen offered to me', auth: 'required', roles: ['jobseeker'], response: z.array(Offer), errors: [404] }, async ({ principal }) => listMyOffers(deps, principal));
  route(router, deps, { method: 'post', path: '/api/v1/me/basic-job-offers/:id/answer', tag, summary: 'Accept or decline an offer', description: 'Accepting fills the job; a later acceptance of another offer gets 409.', auth: 'required', roles: ['jobseeker'], body: OfferAnswer, response: Offer, errors: [404, 409] }, async ({ principal, params, body }) => answerOffer(deps, principal, params.id!, body));
  return router;
}
