/**
 * The one error type the domain throws. Adapters translate driver errors into it
 * (a duplicate key becomes `conflict`, an unreachable server `unavailable`), and the
 * HTTP layer maps `code` to a status in exactly one place (server/problem.ts).
 */
export type AppErrorCode =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'rate_limited'
  | 'unavailable'
  | 'internal';

/** A field-level detail of a validation error, as RFC 9457 extension members carry it. */
export interface FieldIssue {
  /** JSON-pointer-like path of the offending field, e.g. `experience/0/start`. */
  path: string;
  message: string;
}

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly issues: FieldIssue[] | undefined;
  /** Extra members for the problem document (e.g. `suggestions` for an unknown place). */
  readonly extra: Record<string, unknown> | undefined;

  constructor(
    code: AppErrorCode,
    message: string,
    options: { issues?: FieldIssue[]; extra?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.issues = options.issues;
    this.extra = options.extra;
  }
}

export const notFound = (what: string): AppError => new AppError('not_found', `${what} not found`);
export const conflict = (message: string): AppError => new AppError('conflict', message);
export const invalid = (message: string, issues?: FieldIssue[]): AppError =>
  new AppError('invalid', message, issues ? { issues } : {});
export const unavailable = (service: string, cause?: unknown): AppError =>
  new AppError('unavailable', `${service} is unavailable`, { cause });

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
