import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testConfig } from '../../core/config.js';
import { createLogger } from '../../core/logger.js';
import { runHousekeeping, TOMBSTONE_GRACE_MS } from '../../core/housekeeping.js';
import { openEmbeddedStore } from '../../adapters/store/embedded.js';
import { openOutboxMailer } from '../../adapters/mail/outbox.js';
import type { DocumentStore } from '../../core/ports/store.js';
import type { Mailer } from '../../core/ports/mail.js';

const DAY = 86_400_000;

describe('housekeeping', () => {
  let dir: string;
  let store: DocumentStore;
  let mail: Mailer;
  let now = new Date('2026-11-23T10:00:00Z');
  const clock = { now: () => now };
  const config = testConfig();
  const logger = createLogger(config);
  const deps = () => ({ store, mail, clock, config, logger });

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'kansrijk-housekeeping-'));
    store = await openEmbeddedStore({ dir: path.join(dir, 'store') });
    mail = await openOutboxMailer({ dir: path.join(dir, 'outbox'), from: 'test@kansrijk.local' });
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('purges expired sessions and old revoked ones, keeping live ones', async () => {
    const sessions = store.collection<{ accountId: string; expiresAt: string; revokedAt: string | null }>('sessions');
    await sessions.insert({ id: 'live', accountId: 'a', expiresAt: new Date(now.getTime() + DAY).toISOString(), revokedAt: null });
    await sessions.insert({ id: 'expired', accountId: 'a', expiresAt: new Date(now.getTime() - 1).toISOString(), revokedAt: null });
    await sessions.insert({ id: 'revoked-long-ago', accountId: 'a', expiresAt: new Date(now.getTime() + DAY).toISOString(), revokedAt: new Date(now.getTime() - 2 * DAY).toISOString() });
    await sessions.insert({ id: 'revoked-just-now', accountId: 'a', expiresAt: new Date(now.getTime() + DAY).toISOString(), revokedAt: now.toISOString() });
    const result = await runHousekeeping(deps());
    expect(result.sessionsPurged).toBe(2);
    expect((await sessions.find({})).map((s) => s.id).sort()).toEqual(['live', 'revoked-just-now']);
  });

  it('purges a tombstone only after the grace period and once the indexer has passed it', async () => {
    const profiles = store.collection<{ note: string }>('profiles');
    await profiles.insert({ id: 'gone', note: 'x' });
    await profiles.softDelete('gone');
    const tombstone = await profiles.get('gone', { includeDeleted: true });
    now = new Date(Date.parse(tombstone!.deletedAt!) + TOMBSTONE_GRACE_MS + DAY);

    // The indexer has not seen it yet: keep it, or the search index would keep the profile forever.
    expect((await runHousekeeping(deps())).tombstonesPurged).toBe(0);
    expect(await profiles.get('gone', { includeDeleted: true })).not.toBeNull();

    await store.collection('indexer_state').upsert('candidates', { watermark: { updatedAt: tombstone!.updatedAt, id: 'gone' } });
    expect((await runHousekeeping(deps())).tombstonesPurged).toBe(1);
    expect(await profiles.get('gone', { includeDeleted: true })).toBeNull();
  });
});
