/**
 * `npm run bench [-- --sizes 10000,100000,300000] [-- --duration 8] [-- --no-write]`: every
 * benchmark at three sizes, side by side, and how each cost grows with size.
 *
 * Runs, per size (profiles), each benchmark script as its own child process (fresh heap, its
 * own RSS; progress streams to this terminal):
 *   - search  — bench/search.ts, the embedded engine only (`--engine embedded --count N`);
 *   - match   — bench/match.ts (`--profiles N`, 2,000 vacancies, 100 sampled for rescoring);
 *   - digests — bench/digests.ts with N/200 subscriptions (at least 100): digest cost follows
 *               subscriptions and their matches, not profiles, so they scale with the platform;
 *               seeding the digest world costs ~40 ms per subscription, which bounds the ratio
 *               that fits the 15-minute budget;
 *   - API     — bench/api.ts (`--profiles N`): autocannon against the running platform.
 * A benchmark that fails is reported as failed and the rest carry on. Then it rewrites its
 * own section of docs/BENCHMARKS.md (and the API section, from the 100k run), keeping every
 * other section. Designed to finish in under 15 minutes on 2 cores.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { apiSection, type ApiBenchResult } from './api.js';
import { writeBenchSection } from './report.js';

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,100000,300000' },
    duration: { type: 'string', default: '8' },
    'no-write': { type: 'boolean', default: false },
  },
});
const SIZES = args.sizes.split(',').map(Number);
const ROOT = path.resolve(import.meta.dirname, '..');
const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 60_000).toFixed(1)} min`;
const say = (line: string): void => void process.stderr.write(`${line}\n`);

/** Run a bench script as a child; its stderr (progress) streams through, its stdout is returned. */
function run(script: string, scriptArgs: string[]): Promise<string> {
  say(`\n── [${elapsed()}] ${script} ${scriptArgs.join(' ')}`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(ROOT, script), ...scriptArgs], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => (code === 0 ? resolve(out) : reject(new Error(`${script} exited with ${code ?? signal}`))));
  });
}

const number = (text: string, pattern: RegExp): number => {
  const m = pattern.exec(text);
  if (!m?.[1]) throw new Error(`no ${pattern} in the output`);
  return Number(m[1].replace(/,/g, ''));
};

interface SizeResult {
  size: number;
  search?: { docsPerSecond: number; p50: number; p95: number; p99: number; geoP95: number; rssMiB: number };
  match?: { rescoreP50: number; rescoreP95: number; scoredPerSecond: number };
  digests?: { subscriptions: number; perSecond: number; p99: number; seconds: number };
  api?: ApiBenchResult;
  failed: string[];
}

async function measure(size: number): Promise<SizeResult> {
  const result: SizeResult = { size, failed: [] };
  const attempt = async (name: string, fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (err) {
      say(`!! ${name} at ${size}: ${err instanceof Error ? err.message : String(err)}`);
      result.failed.push(name);
    }
  };
  await attempt('search', async () => {
    const out = await run('bench/search.ts', ['--engine', 'embedded', '--count', String(size), '--runs', '200']);
    const r = JSON.parse(out.trim().split('\n').pop()!);
    const a = r.queries.typoFiltersFacets;
    result.search = { docsPerSecond: r.docsPerSecond, p50: a.p50, p95: a.p95, p99: a.p99, geoP95: r.queries.geoRadius.p95, rssMiB: r.rssMiB };
  });
  await attempt('match', async () => {
    const out = await run('bench/match.ts', ['--profiles', String(size), '--vacancies', '2000', '--sample', '100', '--no-write']);
    result.match = {
      rescoreP50: number(out, /\*\*rescoring, recall \+ scoring\*\* \| \*\*([\d.]+)\*\*/),
      rescoreP95: number(out, /\*\*rescoring, recall \+ scoring\*\* \| \*\*[\d.]+\*\* \| \*\*([\d.]+)\*\*/),
      scoredPerSecond: number(out, /\*\*([\d,]+) matches scored per second\*\*/),
    };
  });
  await attempt('digests', async () => {
    const subscriptions = Math.max(100, Math.round(size / 200));
    const out = await run('bench/digests.ts', [String(subscriptions)]);
    const line = out.split('\n').find((l) => l.startsWith('compose:')) ?? '';
    result.digests = {
      subscriptions,
      seconds: number(line, /([\d.]+) s total/),
      perSecond: number(line, /([\d.]+) subscriptions\/s/),
      p99: number(line, /p99 ([\d.]+) ms/),
    };
  });
  await attempt('api', async () => {
    const out = await run('bench/api.ts', ['--profiles', String(size), '--duration', args.duration, '--no-write']);
    const line = out.split('\n').find((l) => l.startsWith('BENCH_API_JSON ')) ?? '';
    result.api = JSON.parse(line.slice('BENCH_API_JSON '.length)) as ApiBenchResult;
  });
  return result;
}

/**
 * How a cost grows from the smallest to the largest size, as the exponent k of size^k
 * (0 flat, 1 linear); for throughputs the inverse is taken, so k is always the cost's growth.
 */
function growth(values: Array<number | undefined>, sizes: number[], throughput = false): string {
  const first = values[0];
  const last = values[values.length - 1];
  if (first === undefined || last === undefined || first <= 0 || last <= 0 || sizes.length < 2) return 'n/a';
  const ratio = throughput ? first / last : last / first;
  const k = Math.log(ratio) / Math.log(sizes[sizes.length - 1]! / sizes[0]!);
  const word = k < 0.15 ? 'flat' : k < 0.6 ? 'sub-linear' : k < 1.2 ? 'about linear' : 'super-linear';
  return `×${ratio.toFixed(2)} (≈ n^${k.toFixed(2)}, ${word})`;
}

function section(results: SizeResult[]): string {
  const sizes = results.map((r) => r.size);
  const cpu = cpus();
  const machine = `${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}`;
  const head = `| figure | ${sizes.map((s) => `${s.toLocaleString('en')} profiles`).join(' | ')} | growth ${sizes[0]!.toLocaleString('en')} → ${sizes[sizes.length - 1]!.toLocaleString('en')} |`;
  const sep = `|---|${sizes.map(() => '---:').join('|')}|---|`;
  const row = (label: string, pick: (r: SizeResult) => number | undefined, format: (n: number) => string, throughput = false) => {
    const values = results.map(pick);
    return `| ${label} | ${values.map((v) => (v === undefined ? 'failed' : format(v))).join(' | ')} | ${growth(values, sizes, throughput)} |`;
  };
  const ms = (n: number) => n.toFixed(2);
  const int = (n: number) => Math.round(n).toLocaleString('en');
  const endpoint = (r: SizeResult, name: string) => r.api?.endpoints.find((e) => e.name === name);
  const failed = results.filter((r) => r.failed.length).map((r) => `${r.failed.join(', ')} at ${r.size.toLocaleString('en')}`);
  return [
    '## Every benchmark at three sizes (`npm run bench`)',
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} on ${machine}; the whole run took ${elapsed()}. Each benchmark ran in its own process per size; costs are ms (lower is better), throughputs per second (higher is better). Growth is the cost's factor from the smallest to the largest size and the exponent k in size^k (for throughputs, of the time per item). The machine is shared with other test runs, so single figures carry noise; the growth column is the point.`,
    '',
    '**Search** (embedded engine, bench/search.ts; (a) = typo + 2 filters + facets):',
    '',
    head,
    sep,
    row('index throughput, docs/s', (r) => r.search?.docsPerSecond, int, true),
    row('(a) p50 ms', (r) => r.search?.p50, ms),
    row('(a) p95 ms', (r) => r.search?.p95, ms),
    row('(a) p99 ms', (r) => r.search?.p99, ms),
    row('geo radius + facets p95 ms', (r) => r.search?.geoP95, ms),
    row('peak RSS MiB', (r) => r.search?.rssMiB, int),
    '',
    '**Matching** (bench/match.ts; 2,000 vacancies, rescoring sampled over 100):',
    '',
    head,
    sep,
    row('rescore one vacancy p50 ms', (r) => r.match?.rescoreP50, ms),
    row('rescore one vacancy p95 ms', (r) => r.match?.rescoreP95, ms),
    row('matches scored per second', (r) => r.match?.scoredPerSecond, int, true),
    '',
    '**Digests** (bench/digests.ts; subscriptions = profiles / 200, at least 100, 5 matches each):',
    '',
    head,
    sep,
    row('subscriptions', (r) => r.digests?.subscriptions, int),
    row('compose, subscriptions/s', (r) => r.digests?.perSecond, (n) => n.toFixed(0), true),
    row('compose p99 ms', (r) => r.digests?.p99, ms),
    '',
    `**API under load** (bench/api.ts; autocannon, 10 connections, ${args.duration} s per endpoint, on the same 2 cores as the server):`,
    '',
    head,
    sep,
    row('bare Express JSON req/s', (r) => endpoint(r, 'bare Express JSON')?.requestsPerSecond, int, true),
    row('candidate search req/s', (r) => endpoint(r, 'candidate search')?.requestsPerSecond, int, true),
    row('candidate search p99 ms', (r) => endpoint(r, 'candidate search')?.p99, int),
    row('vacancy matches req/s', (r) => endpoint(r, 'vacancy matches')?.requestsPerSecond, int, true),
    row('vacancy matches p99 ms', (r) => endpoint(r, 'vacancy matches')?.p99, int),
    row('start-up incl. index build, s', (r) => r.api?.startSeconds, (n) => n.toFixed(0)),
    '',
    failed.length ? `Failed: ${failed.join('; ')} (see the run's output).` : 'Every benchmark completed at every size.',
    '',
  ].join('\n');
}

const HEADER = [
  '# Benchmarks',
  '',
  'Figures from the `npm run bench:*` scripts; each script owns its section. `npm run bench` runs',
  'search, matching, digests and API load at 10k, 100k and 300k profiles and writes the',
  'side-by-side section below (and the API section from its 100k run); the single-size sections',
  'come from the individual scripts.',
  '',
].join('\n');

const results: SizeResult[] = [];
for (const size of SIZES) {
  say(`\n════ ${size.toLocaleString('en')} profiles [${elapsed()}] ════`);
  results.push(await measure(size));
}
const text = section(results);
process.stdout.write(`\n${text}\n`);
if (!args['no-write']) {
  const file = path.join(ROOT, 'docs', 'BENCHMARKS.md');
  // The header is this script's: replace everything before the first section.
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const firstSection = current.indexOf('\n## ');
  writeFileSync(file, `${HEADER}${firstSection < 0 ? '' : current.slice(firstSection + 1)}`);
  writeBenchSection(text, file);
  const api100k = results.find((r) => r.size === 100_000)?.api ?? results.find((r) => r.api)?.api;
  if (api100k) writeBenchSection(apiSection(api100k), file);
  say(`wrote docs/BENCHMARKS.md [${elapsed()}]`);
}
if (results.some((r) => r.failed.length)) process.exitCode = 1;
