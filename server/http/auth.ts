/**
 * Bearer-token authentication and role checks. The principal (account id, role,
 * organisations) is read fresh from the store on every request, so a revoked session or a
 * removed membership takes effect at once.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Deps } from '../../core/deps.js';
import { AppError } from '../../core/errors.js';
import { authenticateToken, type Principal, type Role } from '../../core/domain/accounts.js';

/** The principal of an authenticated request, or undefined on public routes. */
export function principalOf(res: Response): Principal | undefined {
  return res.locals.principal as Principal | undefined;
}

function bearerToken(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer ([^\s]+)$/i.exec(header.trim());
  if (!match?.[1]) throw new AppError('unauthenticated', 'Send the token as "Authorization: Bearer <token>"');
  return match[1];
}

async function attach(deps: Deps, req: Request, res: Response, required: boolean): Promise<void> {
  const token = bearerToken(req);
  if (!token) {
    if (!required) return;
    res.setHeader('WWW-Authenticate', 'Bearer');
    throw new AppError('unauthenticated', 'This endpoint needs a bearer token: log in first');
  }
  try {
    res.locals.principal = await authenticateToken(deps, token);
  } catch (e) {
    res.setHeader('WWW-Authenticate', 'Bearer error="invalid_token"');
    throw e;
  }
}

/** Reject requests without a valid, unrevoked, unexpired token (401). */
export const requireAuth = (deps: Deps): RequestHandler => async (req: Request, res: Response, next: NextFunction) => {
  await attach(deps, req, res, true);
  next();
};

/**
 * Attach the principal when a token is sent; carry on anonymously when none is. A token that
 * is sent but invalid is still a 401: silently downgrading would hide a client's bug.
 */
export const optionalAuth = (deps: Deps): RequestHandler => async (req: Request, res: Response, next: NextFunction) => {
  await attach(deps, req, res, false);
  next();
};

/** Allow only these roles (403 otherwise). Use after `requireAuth`. */
export const requireRole = (...roles: Role[]): RequestHandler => (_req, res, next) => {
  const principal = principalOf(res);
  if (!principal) throw new AppError('unauthenticated', 'This endpoint needs a bearer token: log in first');
  if (!roles.includes(principal.role)) throw new AppError('forbidden', `Only ${roles.join(' or ')} accounts can do this`);
  next();
};
