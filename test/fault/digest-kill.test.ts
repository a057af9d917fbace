/**
 * A digest worker killed with SIGKILL at random moments while it writes matches and composes
 * and sends digests, then restarted, never puts a match in two digest records nor loses one:
 * after the last round every qualifying match is in exactly one record, windows are
 * contiguous, and every sent record has exactly one mail in the outbox.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../core/config.js';
import { createLogger } from '../../core/logger.js';
import { digests } from '../../core/digests/compose.js';
import { matchesOf } from '../../core/matching/matches.js';
import { createDeps } from '../../runtime/deps.js';
import { KILL_ROUNDS, KILL_WORLD } from '../support/digest-compose-child.js';
import { spawnTs } from '../support/process.js';

const KILLS = 8;

describe('digest composing under SIGKILL', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'kansrijk-digest-kill-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('each match lands in exactly one digest record, whatever moment the worker dies', { timeout: 180_000 }, async () => {
    const env = { DIGEST_KILL_DIR: dir, LOG_LEVEL: 'silent' };
    let kills = 0;
    for (let attempt = 0; attempt < KILLS + 20; attempt++) {
      const child = spawnTs('test/support/digest-compose-child.ts', env);
      if (kills < KILLS) {
        // Let it get past start-up (tsx, opening the store) and into the rounds, then kill it anywhere.
        const deadline = Date.now() + 30_000;
        while (!/round \d+/.test(child.output()) && !child.output().includes('done') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 400)));
        if (child.child.exitCode === null) {
          child.child.kill('SIGKILL');
          kills++;
        }
      }
      const exit = await child.exited;
      if (child.output().includes('done')) break;
      expect([0, 'SIGKILL'], child.output()).toContain(exit);
    }
    expect(kills).toBeGreaterThan(0);

    const config = testConfig({ DATA_DIR: dir });
    const deps = await createDeps(config, createLogger(config));
    try {
      expect((await deps.store.collection<{ round: number }>('kill_state').get('round'))?.round).toBe(KILL_ROUNDS + 1);
      const records = await digests(deps.store).find({}, { sort: { field: 'from', direction: 'asc' } });
      const outbox = await deps.mail.outbox(10_000);
      for (let n = 0; n < KILL_WORLD.subscriptions; n++) {
        const subId = `sub-${String(n).padStart(6, '0')}`;
        const own = records.filter((r) => r.subscriptionId === subId);
        for (let i = 1; i < own.length; i++) expect(own[i]!.from).toBe(own[i - 1]!.to);
        const held = new Map<string, number>();
        for (const r of own) for (const id of r.matchIds) held.set(id, (held.get(id) ?? 0) + 1);
        const vacancyId = `vac-${String(n).padStart(6, '0')}`;
        const qualifying = (await matchesOf(deps.store).find({ vacancyId })).filter((m) => m.total >= 0.3);
        expect(qualifying.length).toBeGreaterThan(10);
        for (const m of qualifying) expect(held.get(m.id), `match ${m.id} of ${subId}`).toBe(1);
        for (const [id, times] of held) expect(times, id).toBe(1);
      }
      for (const r of records) {
        expect(['sent', 'empty'], r.id).toContain(r.status);
        if (r.status === 'sent') expect(outbox.filter((m) => m.messageId === r.messageId), r.id).toHaveLength(1);
      }
    } finally {
      await deps.close();
    }
  });
});
