/**
 * Freshness: a profile its owner has not confirmed for 90 days drops out of search, matches
 * and organisation views until it is confirmed again. Stale CVs are how candidate databases
 * end up full of people who found work long ago and never asked to stay listed.
 */

export const STALE_AFTER_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;

/** True when the profile was last confirmed more than 90 days before `now` (or never). */
export function isStale(profile: { confirmedAt: string | null }, now: Date): boolean {
  if (!profile.confirmedAt) return true;
  return now.getTime() - Date.parse(profile.confirmedAt) > STALE_AFTER_DAYS * DAY_MS;
}

/** When the profile goes stale unless confirmed again, as ISO-8601. */
export function staleAt(profile: { confirmedAt: string | null }): string | null {
  return profile.confirmedAt ? new Date(Date.parse(profile.confirmedAt) + STALE_AFTER_DAYS * DAY_MS).toISOString() : null;
}
