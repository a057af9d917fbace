/** Hash-route helpers shared by the shell and the views. */
import type { Account } from './api.js';

/** The start page for a role after logging in. */
export function homeFor(role: Account['role']): string {
  return role === 'jobseeker' ? '/profile' : role === 'admin' ? '/admin' : '/vacancies';
}

/** Go to a route; re-renders when already there (e.g. after saving). */
export function navigate(path: string): void {
  if (location.hash === `#${path}`) window.dispatchEvent(new HashChangeEvent('hashchange'));
  else location.hash = path;
}

/** The route path without its query (`/vacancies/abc/edit`). */
export const currentPath = (): string => location.hash.replace(/^#/, '').split('?')[0] || '/';

/** Query parameters after the hash path (`#/search?q=zorg`). */
export function hashQuery(): URLSearchParams {
  return new URLSearchParams(location.hash.split('?')[1] ?? '');
}

/** Replace the hash query without adding a history entry or re-rendering (search state in the URL). */
export function setHashQuery(params: URLSearchParams): void {
  const q = params.toString();
  history.replaceState(null, '', `#${currentPath()}${q ? `?${q}` : ''}`);
}
