/** GET /app-status: what the server tells everyone (demo log-ins that work, matching still queued). */
import { api, type Account } from './api.js';

export interface DemoLogin {
  role: Account['role'];
  email: string;
  password: string;
}

export interface AppStatus {
  demoLogins: DemoLogin[];
  /** Matching jobs waiting or running; null when the queue did not answer. */
  matchingPending: number | null;
}

const NONE: AppStatus = { demoLogins: [], matchingPending: null };

/** The status, or "nothing to say" when it cannot be fetched (pages work without it). */
export const appStatus = (): Promise<AppStatus> => api<AppStatus>('GET', '/app-status').catch(() => NONE);
