/**
 * The embedded document store: the default store adapter, for laptops and build machines
 * without MongoDB.
 *
 * - Every document lives in memory (one Map per collection); reads never touch the disk.
 * - Each collection is persisted as an append-only JSONL log `<dir>/<name>.jsonl`: one line
 *   per write holding the whole new document (`put`), a purge (`del`) or an index
 *   declaration (`index`). Writes are group-committed (see `embedded/log.ts`) and resolve
 *   only once durable.
 * - Opening replays the logs (ignoring a torn last line) and compacts a log that holds much
 *   more than its live data.
 * - Index specs are persisted in the log, so unique indexes are enforced after a restart even
 *   before callers re-declare them (re-declaring is a no-op). Lookups do not depend on
 *   declarations: equality and `in` conditions use indexes built on first use
 *   (`embedded/lookup.ts`), so `find` does not scan the collection.
 * - Like MongoDB's partial unique indexes in the Mongo adapter, a unique index ignores
 *   documents lacking one of its fields, counts soft-deleted documents, and indexes every
 *   element of an array field.
 * - Values are stored as JSON: a `Date` comes back as its ISO string, an `undefined` field
 *   disappears (so `update(id, { x: undefined })` removes `x`, as in the Mongo adapter).
 */
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { AppError, conflict, notFound } from '../../core/errors.js';
import type {
  Collection,
  DocumentStore,
  Filter,
  FindOptions,
  IndexSpec,
  Stored,
  StoredMeta,
  UpdateOptions,
} from '../../core/ports/store.js';
import { checkCollectionName, MonotonicClock, withoutMeta } from './common.js';
import { compareValues, compileFilter, resolvePath, sortKey } from './embedded/filter.js';
import { acquireLock } from './embedded/lock.js';
import { AppendLog, loadLog, removeStaleTemp, rewriteLog } from './embedded/log.js';
import { LookupIndexes } from './embedded/lookup.js';
import { WriteOrder } from './embedded/write-order.js';

type Doc = Record<string, unknown> & StoredMeta;

type LogRecord = { op: 'put'; doc: Doc } | { op: 'del'; id: string } | { op: 'index'; spec: IndexSpec };

interface UniqueIndex {
  spec: IndexSpec;
  /** Index key → id of the document holding it. */
  owners: Map<string, string>;
}

export interface EmbeddedStoreOptions {
  /** Directory for the logs and the lock file; created when missing. */
  dir: string;
  /**
   * Compact a log on open when it has more than this many records and more than twice as
   * many as live documents and indexes. Default 1000; tests lower it.
   */
  compactMinRecords?: number;
}

/**
 * Keys a document takes in a unique index, or none when it lacks one of the fields.
 * An array field contributes each element (MongoDB's multikey indexes do the same).
 */
function indexKeys(doc: object, fields: string[]): string[] {
  let combos: unknown[][] = [[]];
  for (const field of fields) {
    const { values, found } = resolvePath(doc, field);
    if (!found) return [];
    const distinct = values.length === 0 ? [null] : [...new Set(values)];
    combos = combos.flatMap((combo) => distinct.map((v) => [...combo, v]));
  }
  return [...new Set(combos.map((c) => JSON.stringify(c)))];
}

const specKey = (spec: IndexSpec): string => spec.fields.join(',');

/** One collection's in-memory state and its log. */
class CollectionState {
  /**
   * Insertion order of this Map is `updatedAt` order: every write deletes and re-sets its
   * document, and the store's clock is strictly increasing. `changedSince` relies on it.
   */
  readonly docs = new Map<string, Doc>();
  readonly indexes = new Map<string, { spec: IndexSpec; unique: UniqueIndex | null }>();
  readonly lookups = new LookupIndexes();
  readonly writeOrder = new WriteOrder();

  constructor(readonly log: AppendLog) {}

  /** Apply a record to memory (replay, and every live write after its checks). */
  apply(rec: LogRecord): void {
    if (rec.op === 'index') {
      this.addIndex(rec.spec);
      return;
    }
    const id = rec.op === 'put' ? rec.doc.id : rec.id;
    const before = this.docs.get(id);
    const after = rec.op === 'put' ? rec.doc : undefined;
    for (const { unique } of this.indexes.values()) {
      if (unique === null) continue;
      if (before) for (const k of indexKeys(before, unique.spec.fields)) unique.owners.delete(k);
      if (after) for (const k of indexKeys(after, unique.spec.fields)) unique.owners.set(k, id);
    }
    this.lookups.replace(before, after);
    this.docs.delete(id);
    if (after) {
      this.docs.set(id, after);
      this.writeOrder.push(after);
    }
  }

  /** The documents that may match `filter`: an index's candidates, or all of them. */
  *candidates(filter: Filter): Iterable<Doc> {
    const ids = this.lookups.candidates(filter, this.docs);
    if (ids === null) {
      yield* this.docs.values();
      return;
    }
    for (const id of ids) {
      const doc = this.docs.get(id);
      if (doc) yield doc;
    }
  }

  /** Throws `conflict` when `doc` would take a unique key another document holds. */
  checkUnique(doc: Doc): void {
    for (const { unique } of this.indexes.values()) {
      if (unique === null) continue;
      for (const k of indexKeys(doc, unique.spec.fields)) {
        const owner = unique.owners.get(k);
        if (owner !== undefined && owner !== doc.id) {
          throw conflict(`duplicate value for unique index on ${unique.spec.fields.join(', ')}`);
        }
      }
    }
  }

  /** Build an index over the current documents; throws `conflict` if existing data breaks it. */
  addIndex(spec: IndexSpec): void {
    let unique: UniqueIndex | null = null;
    if (spec.unique) {
      unique = { spec, owners: new Map() };
      for (const doc of this.docs.values()) {
        for (const k of indexKeys(doc, spec.fields)) {
          if (unique.owners.has(k)) throw conflict(`existing documents share a value for unique index on ${spec.fields.join(', ')}`);
          unique.owners.set(k, doc.id);
        }
      }
    }
    this.indexes.set(specKey(spec), { spec: { fields: [...spec.fields], unique: !!spec.unique }, unique });
  }

  /** The smallest log that rebuilds this state: indexes first, then documents in write order. */
  snapshot(): string[] {
    const lines: string[] = [];
    for (const { spec } of this.indexes.values()) lines.push(JSON.stringify({ op: 'index', spec }));
    for (const doc of this.docs.values()) lines.push(JSON.stringify({ op: 'put', doc }));
    return lines;
  }
}

class EmbeddedStore implements DocumentStore {
  private readonly collections = new Map<string, EmbeddedCollection<object>>();
  private closed = false;
  private failure: unknown = null;

  constructor(
    private readonly dir: string,
    private readonly states: Map<string, CollectionState>,
    readonly clock: MonotonicClock,
    private readonly releaseLock: () => Promise<void>,
  ) {}

  /** Throws when the store may not be used: after `close()` or a failed disk write. */
  assertUsable(): void {
    if (this.closed) throw new AppError('unavailable', 'embedded store is closed');
    if (this.failure !== null) throw new AppError('unavailable', 'embedded store failed writing to disk', { cause: this.failure });
  }

  newLog(name: string): AppendLog {
    return new AppendLog(join(this.dir, `${name}.jsonl`), (err) => {
      this.failure ??= err;
    });
  }

  collection<T extends object>(name: string): Collection<T> {
    this.assertUsable();
    let coll = this.collections.get(name);
    if (!coll) {
      checkCollectionName(name);
      let state = this.states.get(name);
      if (!state) {
        state = new CollectionState(this.newLog(name));
        this.states.set(name, state);
      }
      coll = new EmbeddedCollection(this, state);
      this.collections.set(name, coll);
    }
    return coll as unknown as Collection<T>;
  }

  async ping(): Promise<void> {
    this.assertUsable();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.states.values()].map((s) => s.log.close()));
    await this.releaseLock();
  }
}

class EmbeddedCollection<T extends object> implements Collection<T> {
  constructor(
    private readonly store: EmbeddedStore,
    private readonly state: CollectionState,
  ) {}

  /**
   * Apply a write to memory at once (so the next operation sees it and unique checks stay
   * exact without locks) and resolve when its log line is durable. Serialising first and
   * keeping the parsed copy makes memory hold exactly what a replay would rebuild.
   */
  private async commit(rec: LogRecord): Promise<Doc | undefined> {
    const line = JSON.stringify(rec);
    const parsed = JSON.parse(line) as LogRecord;
    if (parsed.op === 'put') this.state.checkUnique(parsed.doc);
    this.state.apply(parsed);
    await this.state.log.append(line);
    return parsed.op === 'put' ? parsed.doc : undefined;
  }

  private async put(doc: Doc): Promise<Stored<T>> {
    const stored = (await this.commit({ op: 'put', doc })) as Doc;
    return structuredClone(stored) as Stored<T>;
  }

  /**
   * Reads wait until everything they could have seen is durable, so nobody (the indexer in
   * particular) acts on a write that a crash could still take back.
   */
  private async read<R>(result: R): Promise<R> {
    await this.state.log.barrier();
    return result;
  }

  private live(id: string, includeDeleted = false): Doc | undefined {
    const doc = this.state.docs.get(id);
    return doc && (includeDeleted || doc.deletedAt === null) ? doc : undefined;
  }

  async insert(doc: T & { id?: string }): Promise<Stored<T>> {
    this.store.assertUsable();
    const id = doc.id ?? randomUUID();
    if (this.state.docs.has(id)) throw conflict(`a document with id ${id} already exists`);
    const now = this.store.clock.next();
    return this.put({ ...withoutMeta(doc), id, version: 1, createdAt: now, updatedAt: now, deletedAt: null });
  }

  async get(id: string, options: { includeDeleted?: boolean } = {}): Promise<Stored<T> | null> {
    this.store.assertUsable();
    const doc = this.live(id, options.includeDeleted);
    return this.read(doc ? (structuredClone(doc) as Stored<T>) : null);
  }

  async find(filter: Filter = {}, options: FindOptions = {}): Promise<Stored<T>[]> {
    this.store.assertUsable();
    const match = compileFilter(filter);
    const { sort, after, limit } = options;
    const dir = sort?.direction === 'desc' ? -1 : 1;
    const field = sort?.field;
    // Order by (sort value, id) where the id always ascends, so keyset pages never overlap.
    const cmp = (a: { key: unknown; id: string }, b: { key: unknown; id: string }): number =>
      dir * compareValues(a.key, b.key) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    const cursor = after && { key: field === undefined ? null : after.value, id: after.id };
    const rows: Array<{ key: unknown; id: string; doc: Doc }> = [];
    for (const doc of this.state.candidates(filter)) {
      if (doc.deletedAt !== null && !options.includeDeleted) continue;
      if (!match(doc)) continue;
      const row = { key: field === undefined ? null : sortKey(doc, field, sort?.direction ?? 'asc'), id: doc.id, doc };
      if (cursor && cmp(row, cursor) <= 0) continue;
      rows.push(row);
    }
    rows.sort(cmp);
    const page = limit === undefined ? rows : rows.slice(0, Math.max(0, limit));
    return this.read(page.map((r) => structuredClone(r.doc) as Stored<T>));
  }

  async count(filter: Filter = {}): Promise<number> {
    this.store.assertUsable();
    const match = compileFilter(filter);
    let n = 0;
    for (const doc of this.state.candidates(filter)) if (doc.deletedAt === null && match(doc)) n++;
    return this.read(n);
  }

  async update(id: string, patch: Partial<T>, options: UpdateOptions = {}): Promise<Stored<T>> {
    this.store.assertUsable();
    const current = this.live(id);
    if (!current) throw notFound(`document ${id}`);
    if (options.ifVersion !== undefined && current.version !== options.ifVersion) {
      throw conflict(`document ${id} is at version ${current.version}, not ${options.ifVersion}`);
    }
    if (options.ifMatch && !compileFilter(options.ifMatch)(current)) {
      throw conflict(`document ${id} does not match the update's precondition`);
    }
    const { version, createdAt, deletedAt } = current;
    return this.put({ ...current, ...withoutMeta(patch), id, version: version + 1, createdAt, updatedAt: this.store.clock.next(), deletedAt });
  }

  async upsert(id: string, doc: T): Promise<Stored<T>> {
    this.store.assertUsable();
    const current = this.state.docs.get(id);
    const now = this.store.clock.next();
    return this.put({
      ...withoutMeta(doc),
      id,
      version: (current?.version ?? 0) + 1,
      createdAt: current?.createdAt ?? now,
      updatedAt: now,
      deletedAt: null,
    });
  }

  async softDelete(id: string): Promise<void> {
    this.store.assertUsable();
    const current = this.live(id);
    if (!current) return this.read(undefined);
    const now = this.store.clock.next();
    await this.commit({ op: 'put', doc: { ...current, version: current.version + 1, updatedAt: now, deletedAt: now } });
  }

  async purge(id: string): Promise<void> {
    this.store.assertUsable();
    if (!this.state.docs.has(id)) return this.read(undefined);
    await this.commit({ op: 'del', id });
  }

  async purgeWhere(filter: Filter): Promise<number> {
    this.store.assertUsable();
    const match = compileFilter(filter);
    const ids = [...this.state.candidates(filter)].filter((d) => match(d)).map((d) => d.id);
    await Promise.all(ids.map((id) => this.commit({ op: 'del', id })));
    return this.read(ids.length);
  }

  async changedSince(since: { updatedAt: string; id: string } | null, limit: number): Promise<Stored<T>[]> {
    this.store.assertUsable();
    const changed = this.state.writeOrder.after(since, limit, this.state.docs);
    return this.read(changed.map((doc) => structuredClone(doc) as Stored<T>));
  }

  async ensureIndex(spec: IndexSpec): Promise<void> {
    this.store.assertUsable();
    if (spec.fields.length === 0) throw new AppError('invalid', 'an index needs at least one field');
    const existing = this.state.indexes.get(specKey(spec));
    if (existing) {
      if (!!existing.spec.unique !== !!spec.unique) {
        throw conflict(`an index on ${spec.fields.join(', ')} already exists with unique=${!!existing.spec.unique}`);
      }
      return this.read(undefined);
    }
    await this.commit({ op: 'index', spec: { fields: spec.fields, unique: !!spec.unique } });
  }
}

/**
 * Open (or create) an embedded store in `options.dir`: take the directory's lock, replay
 * every collection log, and compact the logs that have grown much larger than their data.
 * Throws `unavailable` when another live process holds the directory.
 */
export async function openEmbeddedStore(options: EmbeddedStoreOptions): Promise<DocumentStore> {
  const { dir, compactMinRecords = 1000 } = options;
  await mkdir(dir, { recursive: true });
  const releaseLock = await acquireLock(join(dir, 'LOCK'));
  try {
    const clock = new MonotonicClock();
    const states = new Map<string, CollectionState>();
    const store = new EmbeddedStore(dir, states, clock, releaseLock);
    for (const file of await readdir(dir)) {
      const name = /^([a-z0-9_]+)\.jsonl$/.exec(file)?.[1];
      if (name === undefined) continue;
      const path = join(dir, file);
      await removeStaleTemp(path);
      const state = new CollectionState(store.newLog(name));
      const { records } = await loadLog(path);
      for (const rec of records as LogRecord[]) {
        // Replay trusts the log: the checks already ran when each line was written.
        if (rec.op === 'index') state.indexes.set(specKey(rec.spec), { spec: rec.spec, unique: null });
        else state.apply(rec);
        if (rec.op === 'put') clock.observe(rec.doc.updatedAt);
      }
      // Build unique indexes once over the final documents instead of at every record.
      for (const { spec } of [...state.indexes.values()]) state.addIndex(spec);
      const live = state.docs.size + state.indexes.size;
      if (records.length > compactMinRecords && records.length > 2 * live) await rewriteLog(path, state.snapshot());
      states.set(name, state);
    }
    return store;
  } catch (err) {
    await releaseLock();
    throw err;
  }
}
