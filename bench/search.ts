/**
 * `npm run bench:search [-- --count 100000] [-- --no-write]`: the embedded search engine beside
 * MiniSearch and Orama on the same generated candidates and the same queries.
 *
 * Each engine runs in its own child process (this file with `--engine <name>`), so RSS is
 * that engine's process alone; every child generates the same 100k profiles
 * (seeds/generate.ts, seed 42, a fixed date) and turns them into candidate search documents
 * (core/search/documents.ts), exactly what the indexer would index. Reported per engine:
 * index throughput, p50/p95/p99 latency of
 *   (a) candidate search with a typo, two filters (sector, minimum hours) and three facets,
 *   (b) a prefix query,
 *   (c) a geo radius filter (25 km around Rotterdam) with facets,
 * and peak RSS. Features an engine lacks are reported as such, not emulated in its favour:
 * MiniSearch has no facets and no geo filter (the facet counts are computed in plain JS over
 * its hits and marked so; (c) is n/a). The parent writes its section of docs/BENCHMARKS.md.
 */
import { spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { CandidateDocument } from '../core/search/documents.js';
import { writeBenchSection } from './report.js';

const { values: args } = parseArgs({
  options: {
    engine: { type: 'string' },
    count: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '300' },
    'no-write': { type: 'boolean', default: false },
  },
});
const COUNT = Number(args.count);
const RUNS = Number(args.runs);
const ENGINES = ['embedded', 'minisearch', 'orama'] as const;
type Engine = (typeof ENGINES)[number];

interface Latency {
  p50: number;
  p95: number;
  p99: number;
  hits: number;
  note?: string;
}
interface EngineResult {
  engine: Engine;
  version: string;
  docs: number;
  indexMs: number;
  docsPerSecond: number;
  queries: Record<'typoFiltersFacets' | 'prefix' | 'geoRadius', Latency | { unsupported: string }>;
  rssMiB: number;
}

const say = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

// ── child: one engine ───────────────────────────────────────────────────────

const TYPOS = ['verpleegkundge', 'magazijnmedewreker', 'elektromontuer', 'installatiemontuer', 'klantenservicemedewerkr', 'vrachtwagenchaufeur'];
const PREFIXES = ['verpleeg', 'magazijn', 'install', 'chauf', 'onderwijsass', 'kassa'];
const SECTORS = ['zorg', 'techniek', 'logistiek', 'zakelijke-dienstverlening'];
const ROTTERDAM = { lat: 51.9225, lng: 4.47917 };
const FACETS = ['sectors', 'region', 'drivingLicence'];

async function timeQueries(name: string, run: (i: number) => Promise<number>): Promise<Latency> {
  for (let i = 0; i < 10; i++) await run(i); // warm-up
  const times: number[] = [];
  let hits = 0;
  const budget = performance.now() + 30_000;
  for (let i = 0; i < RUNS && performance.now() < budget; i++) {
    const s = performance.now();
    hits = await run(i);
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  const p = (f: number): number => Math.round(times[Math.min(times.length - 1, Math.floor(f * times.length))]! * 100) / 100;
  const out = { p50: p(0.5), p95: p(0.95), p99: p(0.99), hits };
  say(`  ${name.padEnd(28)} p50 ${out.p50} ms  p95 ${out.p95} ms  p99 ${out.p99} ms  (${times.length} runs, last hits ${hits})`);
  return out;
}

function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(path.join('node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
}

async function runEngine(engine: Engine): Promise<EngineResult> {
  const { generateProfiles, asStored } = await import('../seeds/generate.js');
  const { toCandidateDocument, candidateIndexSettings } = await import('../core/search/documents.js');
  const { synonymGroups } = await import('../core/taxonomy/index.js');
  const now = new Date('2025-06-01T12:00:00Z');
  say(`[${engine}] generating ${COUNT} profiles …`);
  const docs: CandidateDocument[] = generateProfiles(COUNT, 42, { now, hiddenShare: 0, staleShare: 0 }).map((p) => toCandidateDocument(asStored(p, now), now)!);
  global.gc?.();
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const progress = (done: number): void => {
    if (done % 20_000 === 0) say(`[${engine}] indexed ${done}/${docs.length}`);
  };

  let index: (docs: CandidateDocument[]) => Promise<void>;
  let a: (i: number) => Promise<number>;
  let b: (i: number) => Promise<number>;
  let c: ((i: number) => Promise<number>) | undefined;
  let facetNote: string | undefined;
  let version: string;

  if (engine === 'embedded') {
    const { createEmbeddedSearch } = await import('../adapters/search/embedded/index.js');
    version = 'this repo';
    const idx = createEmbeddedSearch().index<CandidateDocument>('bench');
    await idx.configure(candidateIndexSettings(synonymGroups()));
    index = async (all) => {
      for (let i = 0; i < all.length; i += 1000) {
        await idx.upsert(all.slice(i, i + 1000));
        progress(i + 1000);
      }
    };
    a = async (i) =>
      (await idx.search({
        q: TYPOS[i % TYPOS.length],
        filter: { and: [{ field: 'sectors', in: SECTORS }, { field: 'hoursPerWeek', gte: 24 }] },
        facets: FACETS,
      })).total;
    b = async (i) => (await idx.search({ q: PREFIXES[i % PREFIXES.length], facets: ['sectors'] })).total;
    c = async () => (await idx.search({ filter: { geoRadius: { ...ROTTERDAM, radiusMeters: 25_000 } }, facets: FACETS })).total;
  } else if (engine === 'minisearch') {
    const { default: MiniSearch } = await import('minisearch');
    version = packageVersion('minisearch');
    const fields = ['occupationNames', 'titles', 'skillNames', 'education', 'experienceText', 'place'];
    const ms = new MiniSearch<CandidateDocument>({
      fields,
      storeFields: ['sectors', 'hoursPerWeek', 'region', 'drivingLicence'],
      extractField: (doc, field) => {
        const v = (doc as unknown as Record<string, unknown>)[field];
        // Stored fields go through here too: only searchable arrays become text.
        return fields.includes(field) && Array.isArray(v) ? v.join(' ') : (v as string);
      },
      searchOptions: { boost: { occupationNames: 3, titles: 2, skillNames: 1.5 } },
    });
    index = async (all) => {
      for (let i = 0; i < all.length; i += 1000) {
        ms.addAll(all.slice(i, i + 1000));
        progress(i + 1000);
      }
    };
    // No facets in MiniSearch: counted here in plain JS over every hit (marked in the report).
    const countFacets = (hits: Array<Record<string, unknown>>): number => {
      const counts: Record<string, Record<string, number>> = {};
      for (const h of hits) {
        for (const f of FACETS) {
          const values = Array.isArray(h[f]) ? (h[f] as unknown[]) : [h[f]];
          const bucket = (counts[f] ??= {});
          for (const v of values) bucket[String(v)] = (bucket[String(v)] ?? 0) + 1;
        }
      }
      return Object.keys(counts).length;
    };
    a = async (i) => {
      const hits = ms.search(TYPOS[i % TYPOS.length]!, {
        fuzzy: 0.2,
        prefix: true,
        filter: (r) => (r['sectors'] as string[]).some((s) => SECTORS.includes(s)) && (r['hoursPerWeek'] as number) >= 24,
      });
      countFacets(hits);
      return hits.length;
    };
    b = async (i) => ms.search(PREFIXES[i % PREFIXES.length]!, { prefix: true }).length;
    facetNote = 'facets counted in JS over the hits (no facet support)';
  } else {
    const { create, insertMultiple, search } = await import('@orama/orama');
    version = packageVersion('@orama/orama');
    const db = create({
      schema: {
        occupationNames: 'string[]',
        titles: 'string[]',
        skillNames: 'string[]',
        education: 'string[]',
        experienceText: 'string',
        place: 'string',
        sectors: 'enum[]',
        region: 'enum',
        hoursPerWeek: 'number',
        drivingLicence: 'boolean',
        location: 'geopoint',
      } as const,
    });
    index = async (all) => {
      for (let i = 0; i < all.length; i += 1000) {
        await insertMultiple(
          db,
          all.slice(i, i + 1000).map((d) => ({
            id: d.id,
            occupationNames: d.occupationNames,
            titles: d.titles,
            skillNames: d.skillNames,
            education: d.education,
            experienceText: d.experienceText,
            place: d.place,
            sectors: d.sectors,
            region: d.region ?? '',
            hoursPerWeek: d.hoursPerWeek,
            drivingLicence: d.drivingLicence,
            location: { lat: d._geo!.lat, lon: d._geo!.lng },
          })),
          1000,
        );
        progress(i + 1000);
      }
    };
    const facets = { sectors: {}, region: {}, drivingLicence: { true: true, false: true } } as never;
    const properties = ['occupationNames', 'titles', 'skillNames', 'education', 'experienceText', 'place'] as never;
    a = async (i) =>
      (await search(db, {
        term: TYPOS[i % TYPOS.length],
        properties,
        tolerance: 2,
        where: { sectors: { containsAny: SECTORS }, hoursPerWeek: { gte: 24 } },
        facets,
      })).count;
    b = async (i) => (await search(db, { term: PREFIXES[i % PREFIXES.length], properties, facets: { sectors: {} } as never })).count;
    c = async () =>
      (await search(db, {
        term: '',
        where: { location: { radius: { coordinates: { lat: ROTTERDAM.lat, lon: ROTTERDAM.lng }, unit: 'km', value: 25, inside: true } } },
        facets,
      })).count;
  }

  say(`[${engine}] indexing …`);
  const t0 = performance.now();
  await index(docs);
  const indexMs = performance.now() - t0;
  say(`[${engine}] ${COUNT} docs in ${(indexMs / 1000).toFixed(2)} s = ${Math.round(COUNT / (indexMs / 1000))} docs/s`);
  const typo = await timeQueries('(a) typo + 2 filters + facets', a);
  if (facetNote) typo.note = facetNote;
  const prefix = await timeQueries('(b) prefix', b);
  const geo = c ? await timeQueries('(c) geo radius + facets', c) : { unsupported: 'no geo search' };
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  return {
    engine,
    version,
    docs: COUNT,
    indexMs: Math.round(indexMs),
    docsPerSecond: Math.round(COUNT / (indexMs / 1000)),
    queries: { typoFiltersFacets: typo, prefix, geoRadius: geo },
    rssMiB: Math.round(peak / 2 ** 20),
  };
}

// ── parent: all engines, then the report ───────────────────────────────────

const fmt = (l: Latency | { unsupported: string }): string =>
  'unsupported' in l ? `n/a (${l.unsupported})` : `${l.p50} / ${l.p95} / ${l.p99}${l.note ? ` ¹` : ''}`;

function section(results: EngineResult[]): string {
  const cpu = cpus()[0]?.model ?? 'unknown cpu';
  const lines = [
    '## Search: embedded engine vs MiniSearch vs Orama (`npm run bench:search`)',
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} on ${cpu}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}. ` +
      `${COUNT.toLocaleString('en')} generated candidate documents (seeds/generate.ts, seed 42), each engine in its own process; latencies in ms as p50 / p95 / p99 over up to ${RUNS} queries.`,
    '',
    '| engine | version | index throughput | (a) typo + 2 filters + facets | (b) prefix | (c) geo radius 25 km + facets | peak RSS |',
    '|---|---|---|---|---|---|---|',
    ...results.map(
      (r) =>
        `| ${r.engine} | ${r.version} | ${r.docsPerSecond.toLocaleString('en')} docs/s | ${fmt(r.queries.typoFiltersFacets)} | ${fmt(r.queries.prefix)} | ${fmt(r.queries.geoRadius)} | ${r.rssMiB} MiB |`,
    ),
    '',
    'Targets for the embedded engine (issue 4): (a) p95 ≤ 20 ms, indexing ≥ 5,000 profiles/s, whole process < 1 GiB RSS.',
  ];
  const embedded = results.find((r) => r.engine === 'embedded');
  if (embedded && !('unsupported' in embedded.queries.typoFiltersFacets)) {
    const a = embedded.queries.typoFiltersFacets;
    lines.push(
      `Embedded: (a) p95 ${a.p95} ms ${a.p95 <= 20 ? 'meets' : 'misses'} the target; ${embedded.docsPerSecond.toLocaleString('en')} docs/s ${embedded.docsPerSecond >= 5000 ? 'meets' : 'misses'} it; ${embedded.rssMiB} MiB ${embedded.rssMiB < 1024 ? 'meets' : 'misses'} it.`,
    );
  }
  lines.push(
    '',
    'Notes: hit counts differ between engines because their typo and prefix rules differ (the embedded engine follows Meilisearch: 1 typo from 5 letters, 2 from 9, prefix on the last word, taxonomy synonyms; MiniSearch `fuzzy: 0.2, prefix: true`; Orama `tolerance: 2`). ' +
      'Neither MiniSearch nor Orama expands synonyms, so neither would find a Softwareontwikkelaar for "programmeur".',
    '¹ MiniSearch has no facets: the counts were computed in plain JS over its hits, and that time is included.',
    '',
  );
  return lines.join('\n');
}

if (args.engine) {
  const result = await runEngine(args.engine as Engine);
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else {
  const results: EngineResult[] = [];
  for (const engine of ENGINES) {
    say(`── ${engine} ──`);
    const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', import.meta.filename, '--engine', engine, '--count', String(COUNT), '--runs', String(RUNS)], {
      stdio: ['ignore', 'pipe', 'inherit'],
      encoding: 'utf8',
      maxBuffer: 16 * 2 ** 20,
    });
    if (child.status !== 0) {
      say(`${engine} failed (exit ${child.status ?? child.signal})`);
      process.exitCode = 1;
      continue;
    }
    results.push(JSON.parse(child.stdout.trim().split('\n').pop()!) as EngineResult);
  }
  const text = section(results);
  process.stdout.write(`\n${text}`);
  if (!args['no-write']) {
    writeBenchSection(text);
    say('wrote docs/BENCHMARKS.md');
  }
}
