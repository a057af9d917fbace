/**
 * The API client: bearer token from the stored session, JSON in and out, and problem+json
 * errors turned into `ApiError` so forms can put each field's message next to the field.
 */

export interface Account {
  id: string;
  email: string;
  name: string;
  role: 'jobseeker' | 'employer' | 'intermediary' | 'admin';
  organisationIds: string[];
}

export interface Session {
  token: string;
  expiresAt: string;
  account: Account;
}

export interface FieldIssue {
  path: string;
  message: string;
}

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  errors?: FieldIssue[];
  suggestions?: string[];
  [extra: string]: unknown;
}

/** A 4xx/5xx answer from the API, with its problem document. */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
  }
  get status(): number {
    return this.problem.status;
  }
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

const KEY = 'kansrijk.session';

/** The logged-in session, or null (expired sessions count as none). */
export function session(): Session | null {
  try {
    const s = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Session | null;
    if (s && Date.parse(s.expiresAt) > Date.now()) return s;
  } catch {
    // A corrupt entry is the same as no session.
  }
  return null;
}

export function saveSession(s: Session | null): void {
  if (s) localStorage.setItem(KEY, JSON.stringify(s));
  else localStorage.removeItem(KEY);
}

/** Called when the API says the token is no longer valid (revoked, expired). */
let onUnauthenticated: () => void = () => {};
export function setUnauthenticatedHandler(fn: () => void): void {
  onUnauthenticated = fn;
}

/** Build a query string, skipping empty values; arrays repeat the key. */
export function qs(params: Record<string, string | number | boolean | string[] | undefined | null>): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) v.forEach((x) => sp.append(k, x));
    else sp.set(k, String(v));
  }
  const s = sp.toString();
  return s ? `?${s}` : '';
}

/**
 * Call the API. Bodies that are strings are sent as they are (with `contentType`), objects as
 * JSON. Resolves with the parsed JSON (undefined for 204); rejects with ApiError.
 */
export async function api<T = unknown>(method: string, path: string, body?: unknown, options: { contentType?: string } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const s = session();
  if (s) {
    headers.authorization = `Bearer ${s.token}`;
    // Members of several organisations act for the first; the API defaults the same way for one.
    const org = s.account.organisationIds[0];
    if (org) headers['x-organisation-id'] = org;
  }
  let payload: string | undefined;
  if (body !== undefined) {
    payload = typeof body === 'string' ? body : JSON.stringify(body);
    headers['content-type'] = options.contentType ?? 'application/json';
  }
  let res: Response;
  try {
    res = await fetch(path, { method, headers, ...(payload === undefined ? {} : { body: payload }) });
  } catch {
    throw new ApiError({ status: 0, title: 'network' });
  }
  const text = await res.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!res.ok) {
    const problem = (data && typeof data === 'object' ? data : { status: res.status }) as Problem;
    problem.status = res.status;
    if (res.status === 401 && s) {
      saveSession(null);
      onUnauthenticated();
    }
    throw new ApiError(problem);
  }
  return data as T;
}

/** The answer of a call, or null when the API answers 404 (nothing there yet, e.g. no profile). */
export async function orNull<T>(call: Promise<T>): Promise<T | null> {
  try {
    return await call;
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  }
}

/** Download an authenticated JSON answer as a file (the export). */
export async function download(path: string, filename: string): Promise<void> {
  const data = await api<unknown>('GET', path);
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
