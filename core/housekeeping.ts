/**
 * Periodic housekeeping, run by the `housekeeping` job (hourly): remind jobseekers before their
 * profile goes stale, drop sessions that can no longer be used, and purge tombstones once
 * every derived store (search index) has seen them. Each step is idempotent, so a retry or a
 * second worker running it at the same time does no harm.
 */
import type { Deps } from './deps.js';
import { sessions } from './domain/accounts.js';
import { sendStaleProfileReminders } from './domain/reminders.js';

/** Tombstones stay this long after the indexer passed them, so a slow consumer still sees them. */
export const TOMBSTONE_GRACE_MS = 7 * 24 * 60 * 60 * 1000;

export interface HousekeepingResult {
  remindersSent: number;
  sessionsPurged: number;
  tombstonesPurged: number;
}

/** Collections whose soft deletes the indexer must see before they may be purged. */
const INDEXED_COLLECTIONS = ['profiles', 'vacancies'];

export async function runHousekeeping(deps: Pick<Deps, 'store' | 'clock' | 'mail' | 'config' | 'logger'>): Promise<HousekeepingResult> {
  const now = deps.clock.now();
  const remindersSent = await sendStaleProfileReminders(deps);

  // Expired and revoked sessions authenticate nobody; keep revoked ones a day for the audit trail.
  const sessionsPurged =
    (await sessions(deps.store).purgeWhere({ expiresAt: { lt: now.toISOString() } })) +
    (await sessions(deps.store).purgeWhere({ revokedAt: { lt: new Date(now.getTime() - 86_400_000).toISOString() } }));

  let tombstonesPurged = 0;
  const cutoff = new Date(now.getTime() - TOMBSTONE_GRACE_MS).toISOString();
  for (const name of INDEXED_COLLECTIONS) {
    const collection = deps.store.collection<object>(name);
    const dead = await collection.find({ deletedAt: { lt: cutoff } }, { includeDeleted: true, limit: 1000 });
    for (const doc of dead) {
      // Only tombstones the indexer's watermark has passed: otherwise the index would keep the document.
      if (await passedByIndexer(deps, name, doc.updatedAt)) {
        await collection.purge(doc.id);
        tombstonesPurged++;
      }
    }
  }
  if (remindersSent + sessionsPurged + tombstonesPurged > 0) {
    deps.logger.info({ remindersSent, sessionsPurged, tombstonesPurged }, 'housekeeping done');
  }
  return { remindersSent, sessionsPurged, tombstonesPurged };
}

async function passedByIndexer(deps: Pick<Deps, 'store'>, collection: string, updatedAt: string): Promise<boolean> {
  const index = collection === 'profiles' ? 'candidates' : 'vacancies';
  const state = await deps.store.collection<{ watermark: { updatedAt: string } | null }>('indexer_state').get(index);
  return !!state?.watermark && state.watermark.updatedAt >= updatedAt;
}
