/**
 * The programme ledger under concurrency, directly on the embedded store: many reservations
 * racing on one ledger document never exceed the budget, the places or the per-person
 * maximum, and the totals always equal the sum of what was granted.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../core/config.js';
import { createLogger } from '../../core/logger.js';
import { isAppError } from '../../core/errors.js';
import { getLedger, limitBreach, openLedger, release, reserve, setLimits, spend } from '../../core/programmes/ledger.js';
import { createDeps, type RuntimeDeps } from '../../runtime/deps.js';

let deps: RuntimeDeps;
let dir: string;
let n = 0;
const fresh = async (limits: { budgetEur: number; places: number; maxPerParticipantEur: number }) => {
  const id = `ledger-${++n}`;
  await openLedger(deps, id, limits);
  return id;
};
const outcome = (p: Promise<unknown>) =>
  p.then(
    () => 'ok' as const,
    (e: unknown) => {
      if (isAppError(e) && e.code === 'conflict') return e.message;
      throw e;
    },
  );

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'kansrijk-ledger-'));
  const config = testConfig({ DATA_DIR: dir });
  deps = await createDeps(config, createLogger(config));
});
afterAll(async () => {
  await deps.close();
  await rm(dir, { recursive: true, force: true });
});

describe('limitBreach', () => {
  const ledger = { budgetEur: 10_000, places: 2, maxPerParticipantEur: 7000, committedEur: 6000, spentEur: 0, perParticipant: { a: 6000 }, vouchers: { v1: 6000 }, spent: [] };
  it('names the limit a reservation breaks', () => {
    expect(limitBreach(ledger, 'b', 4000)).toBeNull();
    expect(limitBreach(ledger, 'b', 4001)).toMatch(/budget/);
    expect(limitBreach(ledger, 'a', 1001)).toMatch(/maximum of EUR 7000/);
    expect(limitBreach({ ...ledger, perParticipant: { a: 1, b: 1 } }, 'c', 1)).toMatch(/no places/);
    // A participant already in the programme does not take a second place.
    expect(limitBreach({ ...ledger, perParticipant: { a: 1000, b: 1 } }, 'a', 500)).toBeNull();
  });
});

describe('ledger under racing reservations', () => {
  it('never commits more than the budget: 60 racing EUR 1000 reservations on EUR 25,000 grant exactly 25', async () => {
    const id = await fresh({ budgetEur: 25_000, places: 1000, maxPerParticipantEur: 7000 });
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => outcome(reserve(deps, id, `v${i}`, `p${i}`, 1000))));
    expect(results.filter((r) => r === 'ok')).toHaveLength(25);
    expect(results.filter((r) => r !== 'ok').every((r) => /budget/.test(r))).toBe(true);
    const ledger = await getLedger(deps, id);
    expect(ledger.committedEur).toBe(25_000);
    expect(Object.values(ledger.vouchers).reduce((a, b) => a + b, 0)).toBe(25_000);
  });

  it('never gives out more places than there are', async () => {
    const id = await fresh({ budgetEur: 1_000_000, places: 7, maxPerParticipantEur: 7000 });
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => outcome(reserve(deps, id, `v${i}`, `p${i}`, 100))));
    expect(results.filter((r) => r === 'ok')).toHaveLength(7);
    expect(Object.keys((await getLedger(deps, id)).perParticipant)).toHaveLength(7);
  });

  it('never lets one person exceed the maximum, even with racing vouchers of their own', async () => {
    const id = await fresh({ budgetEur: 1_000_000, places: 10, maxPerParticipantEur: 7000 });
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => outcome(reserve(deps, id, `v${i}`, 'same-person', 1500))));
    expect(results.filter((r) => r === 'ok')).toHaveLength(4);
    expect((await getLedger(deps, id)).perParticipant['same-person']).toBe(6000);
  });

  it('counts a repeated reservation of the same voucher once', async () => {
    const id = await fresh({ budgetEur: 10_000, places: 10, maxPerParticipantEur: 7000 });
    await Promise.all(Array.from({ length: 10 }, () => reserve(deps, id, 'v-same', 'p', 3000)));
    const ledger = await getLedger(deps, id);
    expect(ledger.committedEur).toBe(3000);
    expect(ledger.perParticipant).toEqual({ p: 3000 });
  });

  it('releases and spends exactly once, and frees the place and the money', async () => {
    const id = await fresh({ budgetEur: 5000, places: 1, maxPerParticipantEur: 5000 });
    await reserve(deps, id, 'v1', 'p1', 5000);
    expect(await outcome(reserve(deps, id, 'v2', 'p2', 1))).toMatch(/no places/);
    await Promise.all([release(deps, id, 'v1', 'p1'), release(deps, id, 'v1', 'p1')]);
    let ledger = await getLedger(deps, id);
    expect(ledger.committedEur).toBe(0);
    expect(ledger.perParticipant).toEqual({});
    await reserve(deps, id, 'v2', 'p2', 2000);
    await Promise.all([spend(deps, id, 'v2'), spend(deps, id, 'v2')]);
    ledger = await getLedger(deps, id);
    expect(ledger.spentEur).toBe(2000);
    // Spent money is not released again.
    await release(deps, id, 'v2', 'p2');
    expect((await getLedger(deps, id)).committedEur).toBe(2000);
  });

  it('refuses to lower limits below what is committed', async () => {
    const id = await fresh({ budgetEur: 10_000, places: 5, maxPerParticipantEur: 7000 });
    await reserve(deps, id, 'v1', 'p1', 6000);
    expect(await outcome(setLimits(deps, id, { budgetEur: 5999 }))).toMatch(/already committed/);
    expect(await outcome(setLimits(deps, id, { maxPerParticipantEur: 5000 }))).toMatch(/more committed/);
    expect((await setLimits(deps, id, { budgetEur: 6000, places: 1 })).budgetEur).toBe(6000);
  });
});
