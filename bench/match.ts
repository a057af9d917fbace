/**
 * `npm run bench:match [-- --profiles 100000 --vacancies 10000 --sample 300 --no-write]`
 *
 * 1. Rescoring one vacancy against its top 500 recalled candidates, over a sample of open
 *    vacancies: recall (the same `recallCandidates` the worker uses, on the embedded search
 *    engine holding every generated profile) and scoring + ranking (`scorePair` for each
 *    eligible recalled profile, then sort) are timed separately and together. Profiles are
 *    read from memory: store reads and match writes are excluded (they depend on the store
 *    adapter, not on the matcher).
 * 2. Scoring throughput: every open vacancy scored against 500 candidates from its own
 *    arbeidsmarktregio (taken without search, so recall is excluded), pairs per second.
 *
 * Data: seeds/generate.ts (profiles seed 42, vacancies seed 43, a fixed date), the demo
 * demand table. Writes its own section of docs/BENCHMARKS.md unless --no-write.
 */
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { createEmbeddedSearch } from '../adapters/search/embedded/index.js';
import { DemandIndex } from '../core/demand/index.js';
import { demandFor, isEligibleProfile, recallCandidates, RECALL_K, scorePair } from '../core/matching/matches.js';
import { CANDIDATES_INDEX, candidateIndexSettings, toCandidateDocument, type CandidateDocument } from '../core/search/documents.js';
import { synonymGroups } from '../core/taxonomy/index.js';
import { asStored, generateProfiles, generateVacancies } from '../seeds/generate.js';
import { demoDemandRows } from '../seeds/demand/index.js';
import { writeBenchSection } from './report.js';
import type { ProfileDoc } from '../core/domain/profiles.js';

const { values: args } = parseArgs({
  options: {
    profiles: { type: 'string', default: '100000' },
    vacancies: { type: 'string', default: '10000' },
    sample: { type: 'string', default: '300' },
    'no-write': { type: 'boolean', default: false },
  },
});
const PROFILES = Number(args.profiles);
const VACANCIES = Number(args.vacancies);
const SAMPLE = Number(args.sample);
const NOW = new Date('2026-11-23T09:00:00Z');
const TARGET_P95_MS = 50;

const say = (line: string): void => void process.stderr.write(`${line}\n`);
const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const fmt = (ms: number): string => ms.toFixed(2);
const stats = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p95: percentile(s, 95), max: s[s.length - 1]! };
};

say(`generating ${PROFILES} profiles and ${VACANCIES} vacancies …`);
const profiles = generateProfiles(PROFILES, 42, { now: NOW }).map((p) => asStored<ProfileDoc>(p, NOW));
const vacancies = generateVacancies(VACANCIES, 43, ['bench-org-1', 'bench-org-2', 'bench-org-3'], { now: NOW }).filter((v) => v.status === 'open');
const byId = new Map(profiles.map((p) => [p.id, p]));
const demand = new DemandIndex(demoDemandRows());

say('indexing candidates in the embedded search engine …');
const search = createEmbeddedSearch();
const index = search.index<CandidateDocument>(CANDIDATES_INDEX);
await index.configure(candidateIndexSettings(synonymGroups()));
const docs = profiles.map((p) => toCandidateDocument(p, NOW)).filter((d): d is CandidateDocument => d !== null);
for (let i = 0; i < docs.length; i += 10_000) {
  await index.upsert(docs.slice(i, i + 10_000));
  say(`  indexed ${Math.min(i + 10_000, docs.length)}/${docs.length}`);
}

// ── 1. one vacancy against its top 500 ────────────────────────────────────────────────
const sample = Array.from({ length: Math.min(SAMPLE, vacancies.length) }, (_, i) => vacancies[Math.floor((i * vacancies.length) / Math.min(SAMPLE, vacancies.length))]!);
const recallMs: number[] = [];
const scoreMs: number[] = [];
const totalMs: number[] = [];
let recalledSum = 0;
say(`rescoring ${sample.length} vacancies against their top ${RECALL_K} …`);
for (const [i, v] of sample.entries()) {
  const t0 = performance.now();
  const recalled = await recallCandidates({ search }, v, RECALL_K);
  const t1 = performance.now();
  const d = demandFor(demand, v);
  const scored = [];
  for (const [id, relevance] of recalled) {
    const p = byId.get(id) ?? null;
    if (isEligibleProfile(p, NOW)) scored.push({ id, result: scorePair(p, v, relevance, d, NOW) });
  }
  scored.sort((a, b) => b.result.total - a.result.total);
  const t2 = performance.now();
  recallMs.push(t1 - t0);
  scoreMs.push(t2 - t1);
  totalMs.push(t2 - t0);
  recalledSum += recalled.size;
  if ((i + 1) % 50 === 0) say(`  ${i + 1}/${sample.length}`);
}
const recall = stats(recallMs);
const scoring = stats(scoreMs);
const total = stats(totalMs);

// ── 2. throughput ─────────────────────────────────────────────────────────────────────
const byRegion = new Map<string, ProfileDoc[]>();
for (const p of profiles) if (isEligibleProfile(p, NOW)) (byRegion.get(p.region ?? '') ?? byRegion.set(p.region ?? '', []).get(p.region ?? '')!).push(p);
say(`scoring throughput: ${vacancies.length} open vacancies × ${RECALL_K} candidates from their region …`);
let pairs = 0;
let checksum = 0;
const t0 = performance.now();
for (const [i, v] of vacancies.entries()) {
  const pool = byRegion.get(v.region ?? '') ?? [];
  const d = demandFor(demand, v);
  for (let k = 0; k < Math.min(RECALL_K, pool.length); k++) {
    checksum += scorePair(pool[(k * 7919 + i) % pool.length]!, v, 0.5, d, NOW).total;
    pairs++;
  }
  if ((i + 1) % 1000 === 0) say(`  ${i + 1}/${vacancies.length} vacancies, ${pairs} pairs`);
}
const throughputMs = performance.now() - t0;
const perSecond = Math.round((pairs / throughputMs) * 1000);

const cpu = cpus();
const machine = `${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}`;
const text = [
  '## Matching: rescoring and scoring throughput (`npm run bench:match`)',
  '',
  `Measured ${new Date().toISOString().slice(0, 10)} on ${machine}. ${PROFILES.toLocaleString('en')} generated profiles (${docs.length.toLocaleString('en')} visible and fresh, so indexed), ${VACANCIES.toLocaleString('en')} generated vacancies (${vacancies.length.toLocaleString('en')} open), the demo demand table; embedded search engine.`,
  '',
  `**One vacancy against its top ${RECALL_K} recalled candidates** (${sample.length} vacancies, ${Math.round(recalledSum / sample.length)} candidates recalled on average; ms):`,
  '',
  '| step | p50 | p95 | max |',
  '|---|---|---|---|',
  `| recall (search: occupation, title, structured) | ${fmt(recall.p50)} | ${fmt(recall.p95)} | ${fmt(recall.max)} |`,
  `| scoring + ranking | ${fmt(scoring.p50)} | ${fmt(scoring.p95)} | ${fmt(scoring.max)} |`,
  `| **rescoring, recall + scoring** | **${fmt(total.p50)}** | **${fmt(total.p95)}** | ${fmt(total.max)} |`,
  '',
  `Target p95 ≤ ${TARGET_P95_MS} ms per vacancy: ${total.p95 <= TARGET_P95_MS ? 'met' : 'NOT met'} (${fmt(total.p95)} ms). Store reads of the recalled profiles and match writes are excluded (profiles are read from memory).`,
  '',
  `**Scoring throughput** (recall excluded): ${pairs.toLocaleString('en')} pairs (every open vacancy × ${RECALL_K} candidates of its region) in ${(throughputMs / 1000).toFixed(1)} s = **${perSecond.toLocaleString('en')} matches scored per second** on one core.`,
  '',
].join('\n');
process.stdout.write(`\n${text}\n`);
say(`(checksum ${checksum.toFixed(3)})`);

if (!args['no-write']) {
  writeBenchSection(text);
  say('wrote docs/BENCHMARKS.md');
}
