/**
 * `npm run bench:digests`: compose the digests of 10,000 subscriptions on the embedded
 * store, each following a vacancy with generated matches, then render them.
 *
 *   npm run bench:digests -- [subscriptions=10000] [matchesPerVacancy=5]
 *
 * Seeds a fresh world in a temp dir (progress on stderr), waits until the wall clock passed
 * every stamp the store gave out (so the window holds every match), then times three phases:
 * compose (one atomic digest record per subscription), render (HTML + text of each record)
 * and a second compose (nothing new: the empty digests a quiet day produces).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { testConfig } from '../core/config.js';
import { createLogger } from '../core/logger.js';
import { composeDigest, digests } from '../core/digests/compose.js';
import { renderDigest } from '../core/digests/render.js';
import { createDeps } from '../runtime/deps.js';
import { seedDigestWorld, waitForStoreClock, writeMatch } from '../test/support/digest-world.js';

const SUBSCRIPTIONS = Number(process.argv[2] ?? 10_000);
const PER_VACANCY = Number(process.argv[3] ?? 5);
const PROFILES = 500;
const CONCURRENCY = 8;

const log = (s: string): void => void process.stderr.write(`${s}\n`);
const pct = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

const dir = await mkdtemp(path.join(tmpdir(), 'kansrijk-bench-digests-'));
const config = testConfig({ DATA_DIR: dir });
const deps = await createDeps(config, createLogger(config));
try {
  log(`seeding ${SUBSCRIPTIONS} subscriptions with ${PER_VACANCY} matches each in ${dir}`);
  let t = performance.now();
  const world = await seedDigestWorld(deps, {
    subscriptions: SUBSCRIPTIONS,
    profiles: PROFILES,
    concurrency: 64,
    onProgress: (done) => done % 1000 === 0 && log(`  subscriptions ${done}/${SUBSCRIPTIONS}`),
  });
  for (let n = 0; n < SUBSCRIPTIONS; n += 64) {
    const batch = world.vacancyIds.slice(n, n + 64);
    await Promise.all(batch.flatMap((v, i) => Array.from({ length: PER_VACANCY }, (_, k) => writeMatch(deps, v, world.profileIds[(n + i + k * 37) % PROFILES]!, 0.3 + ((n + i + k) % 7) / 10))));
    if ((n / 64) % 20 === 0) log(`  matches for ${Math.min(n + 64, SUBSCRIPTIONS)}/${SUBSCRIPTIONS} vacancies`);
  }
  const seedMs = performance.now() - t;
  await waitForStoreClock(deps);

  const phase = async (name: string, periodKey: string) => {
    const times: number[] = [];
    let items = 0;
    const started = performance.now();
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < SUBSCRIPTIONS; i = next++) {
        const s = performance.now();
        const record = await composeDigest(deps, world.subscriptionIds[i]!, periodKey, { settleMs: 0 });
        times.push(performance.now() - s);
        items += record?.items.length ?? 0;
        if (times.length % 1000 === 0) log(`  ${name}: ${times.length}/${SUBSCRIPTIONS}`);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const ms = performance.now() - started;
    times.sort((a, b) => a - b);
    return { name, ms, perSecond: (SUBSCRIPTIONS / ms) * 1000, p50: pct(times, 50), p99: pct(times, 99), items };
  };

  const first = await phase('compose', 'bench-1');
  t = performance.now();
  const records = await digests(deps.store).find({ periodKey: 'bench-1' });
  let bytes = 0;
  for (const r of records) {
    const mail = renderDigest({ subject: r.title, appUrl: 'https://kansrijk.example.nl/#/', unsubscribeUrl: 'https://kansrijk.example.nl/u', items: r.items, itemUrl: (i) => `https://kansrijk.example.nl/#/${i.id}` });
    bytes += mail.html.length + mail.text.length;
  }
  const renderMs = performance.now() - t;
  const second = await phase('compose, nothing new', 'bench-2');

  const fmt = (n: number) => n.toFixed(1);
  const machine = `${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}`;
  process.stdout.write(
    [
      `date: ${new Date().toISOString()}`,
      `machine: ${machine}`,
      `world: ${SUBSCRIPTIONS} subscriptions, ${SUBSCRIPTIONS * PER_VACANCY} matches (${PER_VACANCY} per vacancy), seeded in ${fmt(seedMs / 1000)} s`,
      ...[first, second].map((p) => `${p.name}: ${fmt(p.ms / 1000)} s total, ${fmt(p.perSecond)} subscriptions/s, p50 ${fmt(p.p50)} ms, p99 ${fmt(p.p99)} ms, ${p.items} items, concurrency ${CONCURRENCY}`),
      `render: ${records.length} digests in ${fmt(renderMs)} ms (${fmt((renderMs / Math.max(1, records.length)) * 1000)} µs each, ${fmt(bytes / Math.max(1, records.length) / 1024)} KiB HTML+text each)`,
    ].join('\n') + '\n',
  );
} finally {
  await deps.close();
  await rm(dir, { recursive: true, force: true });
}
