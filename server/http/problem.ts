import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { ZodError } from 'zod';
import { AppError, type AppErrorCode, type FieldIssue } from '../../core/errors.js';

/** The one mapping from domain error codes to HTTP status. */
const STATUS: Record<AppErrorCode, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

const TITLE: Record<AppErrorCode, string> = {
  invalid: 'Invalid request',
  unauthenticated: 'Authentication required',
  forbidden: 'Forbidden',
  not_found: 'Not found',
  conflict: 'Conflict',
  payload_too_large: 'Payload too large',
  rate_limited: 'Too many requests',
  unavailable: 'Service unavailable',
  internal: 'Internal server error',
};

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldIssue[];
  [extension: string]: unknown;
}

/** Send an RFC 9457 problem document. */
export function sendProblem(res: Response, problem: ProblemDocument): void {
  res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
}

/** zod issues → field-level details with slash-separated paths (`experience/0/start`). */
export function fieldIssues(error: ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('/') || '(body)',
    message: issue.message,
  }));
}

export function problemFor(error: AppError, instance?: string): ProblemDocument {
  return {
    type: `https://kansrijk.nl/problems/${error.code.replace(/_/g, '-')}`,
    title: TITLE[error.code],
    status: STATUS[error.code],
    detail: error.message,
    ...(instance ? { instance } : {}),
    ...(error.issues ? { errors: error.issues } : {}),
    ...(error.extra ?? {}),
  };
}

/** body-parser and friends throw http-errors with `status`/`type`; map them without leaking internals. */
function fromHttpError(e: { status?: number; statusCode?: number; type?: string; message?: string }): AppError | null {
  const status = e.status ?? e.statusCode;
  if (typeof status !== 'number' || status < 400 || status >= 500) return null;
  if (e.type === 'entity.too.large') return new AppError('payload_too_large', 'The request body is larger than allowed');
  if (e.type === 'entity.parse.failed') return new AppError('invalid', 'The request body is not valid JSON');
  if (e.type === 'charset.unsupported' || e.type === 'encoding.unsupported') {
    return new AppError('invalid', 'Unsupported body encoding: send UTF-8 JSON');
  }
  if (status === 429) return new AppError('rate_limited', e.message ?? 'Too many requests');
  return new AppError('invalid', 'The request could not be read');
}

/**
 * The one error handler: AppError and ZodError become 4xx problems; anything else is a 500
 * whose message is hidden from the client and logged under an error id the client gets.
 */
export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const appError =
    err instanceof AppError
      ? err
      : err instanceof ZodError
        ? new AppError('invalid', 'The request is not valid', { issues: fieldIssues(err) })
        : fromHttpError(err as Record<string, any>);
  if (res.headersSent) {
    req.log?.error({ err }, 'error after headers were sent');
    return;
  }
  if (appError) {
    if (appError.code === 'unavailable') req.log?.warn({ err }, 'dependency unavailable');
    sendProblem(res, problemFor(appError, req.originalUrl));
    return;
  }
  const errorId = randomUUID();
  req.log?.error({ err, errorId }, 'unhandled error');
  sendProblem(res, {
    type: 'https://kansrijk.nl/problems/internal',
    title: TITLE.internal,
    status: 500,
    detail: 'Something went wrong on our side. Quote the error id if you contact support.',
    errorId,
  });
};

/** 404 for any route nobody answered, as a problem document. */
export const notFoundHandler: RequestHandler = (req, res) => {
  sendProblem(res, problemFor(new AppError('not_found', `No route for ${req.method} ${req.path}`), req.originalUrl));
};
