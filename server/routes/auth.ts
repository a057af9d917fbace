/** `POST /api/v1/auth/register|login|logout`: accounts and bearer tokens. */
import { Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Deps } from '../../core/deps.js';
import { AppError } from '../../core/errors.js';
import { LoginInput, loginAccount, logoutSession, RegisterInput, registerAccount, Session } from '../../core/domain/accounts.js';
import { route } from '../openapi.js';

/** Register and login answer 429 problem+json after AUTH_RATE_LIMIT attempts per IP in 15 minutes (password guessing). */
function authLimiter(deps: Deps) {
  return rateLimit({
    windowMs: 15 * 60 * 1000,
    limit: deps.config.AUTH_RATE_LIMIT,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, next) => next(new AppError('rate_limited', 'Too many attempts from this address; wait a few minutes')),
  });
}

export function authRoutes(deps: Deps): Router {
  const router = Router();
  // One limiter shared by register and login, so alternating them does not double the budget.
  const limiter = authLimiter(deps);

  route(
    router,
    deps,
    {
      method: 'post',
      path: '/api/v1/auth/register',
      tag: 'auth',
      summary: 'Register a jobseeker, employer or intermediary account',
      description: 'Employers and intermediaries give organisationName and become its first member. Admin accounts cannot register.',
      auth: 'public',
      body: RegisterInput,
      status: 201,
      response: Session,
      errors: [409, 429],
      before: [limiter],
    },
    async ({ body }) => registerAccount(deps, body),
  );

  route(
    router,
    deps,
    {
      method: 'post',
      path: '/api/v1/auth/login',
      tag: 'auth',
      summary: 'Log in: exchange e-mail and password for a bearer token',
      auth: 'public',
      body: LoginInput,
      response: Session,
      errors: [401, 429],
      before: [limiter],
    },
    async ({ body }) => loginAccount(deps, body),
  );

  route(
    router,
    deps,
    { method: 'post', path: '/api/v1/auth/logout', tag: 'auth', summary: 'Log out: revoke this token', auth: 'required', status: 204 },
    async ({ principal }) => logoutSession(deps, principal.sessionId),
  );
  return router;
}

