/**
 * Convergence of the indexer under SIGKILL: whatever moment the indexer process dies, a
 * restart makes the search index equal to what the store says it should be — the same ids
 * and the same content — including profiles that were erased or hidden after they had been
 * indexed.
 *
 * Design. The property is about two durable things, the store (with the indexer's watermark
 * in it) and the index, so both must survive the kill:
 * - the store is the embedded store on disk (durable on acknowledgement, SIGKILL-tested in
 *   its own contract);
 * - the embedded search engine lives in memory, so the child indexer writes through a
 *   durable mirror (test/support/indexer-mirror.ts): each index write is appended and
 *   fsynced before it is acknowledged, and replayed on restart — the behaviour of
 *   Meilisearch, whose tasks persist once accepted. The test reads the index from that file.
 * The child (test/support/indexer-child.ts) runs the real `Indexer` (indexer/sync.ts) with a
 * batch size of 20, and prints a line after every acknowledged batch. Each round the parent
 * (while no child runs, since the embedded store is single-process) writes a realistic mix
 * to the store — new profiles (some hidden or stale), edits, hide/unhide, erasures
 * (tombstones), new, closed and withdrawn vacancies — then starts the child in sync or
 * rebuild mode and SIGKILLs it after a random number of batches (0–6) plus a random few
 * milliseconds, so deaths land between an index write and the watermark write, inside a
 * rebuild before or after the swap, and so on. After the rounds the child runs once to
 * completion, and the index must equal `toCandidateDocument` / `toVacancyDocument` of every
 * live stored document, with nothing else in it.
 *
 * What would make it fail: a watermark advanced before its batch is in the index (lost
 * updates), a tombstone or hidden profile skipped (stale entries), a rebuild swap that loses
 * writes made after its watermark, or a restart that trusts an incomplete rebuild.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openEmbeddedStore } from '../../adapters/store/embedded.js';
import type { DocumentStore } from '../../core/ports/store.js';
import { profiles } from '../../core/domain/profiles.js';
import { vacancies } from '../../core/domain/vacancies.js';
import { CANDIDATES_INDEX, VACANCIES_INDEX, toCandidateDocument, toVacancyDocument } from '../../core/search/documents.js';
import { generateProfiles, generateVacancies, prng } from '../../seeds/generate.js';
import { spawnTs } from '../support/process.js';
import { readMirror } from '../support/indexer-mirror.js';

const ROUNDS = 8;
/** Extra rounds allowed when too few kills landed mid-run (a fast child can finish first). */
const MAX_ROUNDS = 24;
const dirs: string[] = [];

afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

/** One round of writes, as users and erasure requests would make them. */
async function writeRound(store: DocumentStore, round: number, erasedOrHidden: Set<string>): Promise<void> {
  const rand = prng(1000 + round);
  const now = new Date();
  const pick = <T>(xs: T[], n: number): T[] => xs.filter(() => rand() < n / Math.max(1, xs.length));
  const people = profiles(store);
  for (const p of generateProfiles(120, round, { now, idPrefix: `r${round}` })) await people.insert(p);
  const live = await people.find({});
  for (const p of pick(live, 30)) await people.update(p.id, { hoursPerWeek: 8 + Math.floor(rand() * 32), skills: [...p.skills.slice(1), 'teamwerk'] });
  for (const p of pick(live.filter((x) => x.visibility === 'anonymous'), 10)) {
    await people.update(p.id, { visibility: 'hidden' });
    erasedOrHidden.add(p.id);
  }
  for (const p of pick(live.filter((x) => x.visibility === 'hidden'), 4)) {
    await people.update(p.id, { visibility: 'anonymous' });
    erasedOrHidden.delete(p.id);
  }
  for (const p of pick(live, 8)) {
    await people.softDelete(p.id);
    erasedOrHidden.add(p.id);
  }
  const jobs = vacancies(store);
  for (const v of generateVacancies(20, round, ['org-a', 'org-b'], { now, idPrefix: `r${round}` })) await jobs.insert(v);
  const open = await jobs.find({ status: 'open' });
  for (const v of pick(open, 5)) await jobs.update(v.id, { status: 'closed' });
  for (const v of pick(open, 3)) await jobs.softDelete(v.id);
}

/** Start the child; kill it with SIGKILL after `afterBatches` acknowledged batches. Returns whether it died mid-run. */
async function runAndKill(dir: string, mode: 'sync' | 'rebuild', afterBatches: number | null, jitterMs: number): Promise<{ killed: boolean; batches: number; output: string }> {
  const child = spawnTs('test/support/indexer-child.ts', { INDEXER_DIR: dir, INDEXER_MODE: mode, INDEXER_BATCH: '20' });
  let killed = false;
  if (afterBatches !== null) {
    const watch = setInterval(() => {
      const out = child.output();
      const batches = out.split('\n').filter((l) => l.startsWith('batch ')).length;
      if (!killed && out.includes('ready\n') && batches >= afterBatches && !out.includes('done\n')) {
        killed = true;
        clearInterval(watch);
        setTimeout(() => child.child.kill('SIGKILL'), jitterMs);
      }
    }, 1);
    await child.exited;
    clearInterval(watch);
  } else {
    const code = await child.exited;
    expect(code, child.output()).toBe(0);
  }
  const out = child.output();
  const diedMidRun = !out.includes('done\n');
  return { killed: killed && diedMidRun, batches: out.split('\n').filter((l) => l.startsWith('batch ')).length, output: out };
}

describe('indexer convergence under SIGKILL', () => {
  it('makes the index equal the store after kills at random points of syncs and rebuilds', { timeout: 180_000 }, async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'kansrijk-indexer-'));
    dirs.push(dir);
    const rand = prng(Date.now() % 100_000);
    const erasedOrHidden = new Set<string>();
    const everIndexed = new Set<string>();
    let kills = 0;
    let killsAfterProgress = 0;

    // Whether a kill lands mid-run depends on how fast the child is on a loaded machine, so
    // rounds continue (up to MAX_ROUNDS) until enough kills really interrupted work.
    const enoughKills = (): boolean => kills >= ROUNDS / 2 && killsAfterProgress >= 2;
    let round = 0;
    for (; round < ROUNDS || (!enoughKills() && round < MAX_ROUNDS); round++) {
      const store = await openEmbeddedStore({ dir: path.join(dir, 'store') });
      await writeRound(store, round, erasedOrHidden);
      await store.close();
      const mode = round % 3 === 2 ? 'rebuild' : 'sync';
      const afterBatches = Math.floor(rand() * 7);
      const result = await runAndKill(dir, mode, afterBatches, Math.floor(rand() * 8));
      if (result.killed) kills++;
      if (result.killed && result.batches > 0) killsAfterProgress++;
      process.stdout.write(`round ${round + 1}: ${mode}, ${result.killed ? `killed after ${result.batches} batches` : 'finished before the kill'}\n`);
      for (const id of (await readMirror(path.join(dir, 'mirror.jsonl'))).get(CANDIDATES_INDEX)?.keys() ?? []) everIndexed.add(id);
    }
    // The kills must really have interrupted work, or this test proves nothing.
    expect(kills).toBeGreaterThanOrEqual(ROUNDS / 2);
    expect(killsAfterProgress).toBeGreaterThanOrEqual(2);

    const final = await runAndKill(dir, 'sync', null, 0);
    expect(final.output).toContain('done');

    const store = await openEmbeddedStore({ dir: path.join(dir, 'store') });
    try {
      const now = new Date();
      const index = await readMirror(path.join(dir, 'mirror.jsonl'));
      const json = (v: unknown): unknown => JSON.parse(JSON.stringify(v));
      const expectedCandidates = new Map<string, unknown>();
      for (const p of await profiles(store).find({}, { includeDeleted: true })) {
        const doc = p.deletedAt ? null : toCandidateDocument(p, now);
        if (doc) expectedCandidates.set(p.id, json(doc));
      }
      const expectedVacancies = new Map<string, unknown>();
      for (const v of await vacancies(store).find({}, { includeDeleted: true })) {
        const doc = v.deletedAt ? null : toVacancyDocument(v);
        if (doc) expectedVacancies.set(v.id, json(doc));
      }
      const actualCandidates = index.get(CANDIDATES_INDEX) ?? new Map();
      const actualVacancies = index.get(VACANCIES_INDEX) ?? new Map();
      expect([...actualCandidates.keys()].sort()).toEqual([...expectedCandidates.keys()].sort());
      expect([...actualVacancies.keys()].sort()).toEqual([...expectedVacancies.keys()].sort());
      for (const [id, doc] of expectedCandidates) expect(actualCandidates.get(id), id).toEqual(doc);
      for (const [id, doc] of expectedVacancies) expect(actualVacancies.get(id), id).toEqual(doc);

      // Erased and hidden profiles that had been searchable are gone.
      const vanished = [...erasedOrHidden].filter((id) => everIndexed.has(id));
      expect(vanished.length).toBeGreaterThan(10);
      for (const id of vanished) expect(actualCandidates.has(id), id).toBe(false);
    } finally {
      await store.close();
    }
  });
});
