/**
 * Child process for the digest SIGKILL test: on the embedded store in DIGEST_KILL_DIR it runs
 * rounds of "matching workers write and rescore matches, then every subscription's digest is
 * composed and delivered", and remembers the next round in the store. The parent kills it
 * with SIGKILL at random moments and restarts it; after the last round it prints `done`.
 */
import { testConfig } from '../../core/config.js';
import { createLogger } from '../../core/logger.js';
import { composeDigest, deliverDigest } from '../../core/digests/compose.js';
import { createDeps } from '../../runtime/deps.js';
import { seedDigestWorld, waitForStoreClock, writeMatch } from './digest-world.js';

export const KILL_WORLD = { subscriptions: 6, profiles: 120 };
export const KILL_ROUNDS = 12;

async function main(dir: string): Promise<void> {
  const config = testConfig({ DATA_DIR: dir });
  const deps = await createDeps(config, createLogger(config));
  const world = await seedDigestWorld(deps, KILL_WORLD);
  const state = deps.store.collection<{ round: number }>('kill_state');
  const round = (await state.get('round'))?.round ?? 0;
  for (let r = round; r <= KILL_ROUNDS; r++) {
    if (r < KILL_ROUNDS) {
      for (const [n, vacancyId] of world.vacancyIds.entries()) {
        // New matches this round, and a rescore of older ones (some cross the threshold).
        for (let k = 0; k < 8; k++) await writeMatch(deps, vacancyId, world.profileIds[(r * 8 + k + n) % world.profileIds.length]!, ((r + k + n) % 7) / 7 + 0.1);
      }
    } else {
      // The last round only composes, after the wall clock passed every stamp the store gave out.
      await waitForStoreClock(deps);
    }
    for (const sub of world.subscriptionIds) {
      const record = await composeDigest(deps, sub, `round-${r}`, { settleMs: 0 });
      if (record) await deliverDigest(deps, record.id);
    }
    await state.upsert('round', { round: r + 1 });
    process.stdout.write(`round ${r}\n`);
  }
  await deps.close();
  process.stdout.write('done\n');
}

const dir = process.env.DIGEST_KILL_DIR;
if (dir) await main(dir);
