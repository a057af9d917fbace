/**
 * One collection's append-only JSONL log with group commit.
 *
 * A write is acknowledged only after its line is written and fdatasync'ed, so acknowledged
 * writes survive `kill -9` and power loss. Lines appended while a batch is being written (or
 * in the same turn of the event loop) go out together in the next single write + fdatasync:
 * the cost of a sync is shared by every writer waiting for it, which is what makes thousands
 * of concurrent writes a second possible on an ordinary disk.
 */
import { open, readFile, rename, truncate, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { AppError } from '../../../core/errors.js';

interface Batch {
  lines: string[];
  done: Promise<void>;
  resolve: () => void;
  reject: (e: unknown) => void;
}

function newBatch(): Batch {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const done = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Every batch promise is also handed to its writers; this only keeps a batch nobody
  // waits for (all its writers gave up) from becoming an unhandled rejection.
  done.catch(() => undefined);
  return { lines: [], done, resolve, reject };
}

/** Make a directory entry (a new or renamed file) durable; a file's own fsync does not. */
export async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

async function writeAll(fh: FileHandle, data: Buffer): Promise<void> {
  let off = 0;
  while (off < data.length) {
    const { bytesWritten } = await fh.write(data, off, data.length - off);
    off += bytesWritten;
  }
}

export class AppendLog {
  private fh: FileHandle | null = null;
  /** Lines not yet handed to the disk; the next batch. */
  private pending: Batch | null = null;
  /** The batch being written and synced right now. */
  private inflight: Batch | null = null;
  private failure: unknown = null;

  /** @param onFailure called once when a write or sync fails; the store then refuses all work. */
  constructor(
    readonly path: string,
    private readonly onFailure: (err: unknown) => void,
  ) {}

  /** Queue one line (without its newline); resolves once it is on stable storage. */
  append(line: string): Promise<void> {
    if (this.failure !== null) return Promise.reject(new AppError('unavailable', 'embedded store log failed', { cause: this.failure }));
    if (this.pending === null) {
      this.pending = newBatch();
      // setImmediate rather than a microtask: writers that each await something first still
      // land in the same batch, at the cost of one event-loop turn of latency.
      if (this.inflight === null) setImmediate(() => void this.drain());
    }
    this.pending.lines.push(line + '\n');
    return this.pending.done;
  }

  /** Resolves once every line appended so far is durable (rejects if that failed). */
  barrier(): Promise<void> {
    return (this.pending ?? this.inflight)?.done ?? Promise.resolve();
  }

  private async handle(): Promise<FileHandle> {
    if (this.fh === null) {
      this.fh = await open(this.path, 'a');
      // The file may be new: its directory entry must be durable too, or a crash could
      // lose the whole file with its acknowledged lines.
      await syncDir(dirname(this.path));
    }
    return this.fh;
  }

  private async drain(): Promise<void> {
    while (this.pending !== null) {
      const batch = this.pending;
      this.pending = null;
      this.inflight = batch;
      try {
        if (this.failure !== null) throw this.failure;
        const fh = await this.handle();
        await writeAll(fh, Buffer.from(batch.lines.join(''), 'utf8'));
        await fh.datasync();
        batch.resolve();
      } catch (err) {
        // After a failed fsync the kernel may have dropped the dirty pages: nothing written
        // from now on could be trusted, so the log (and the store) stops accepting writes.
        if (this.failure === null) {
          this.failure = err;
          this.onFailure(err);
        }
        batch.reject(new AppError('unavailable', 'embedded store could not write its log', { cause: err }));
      }
      this.inflight = null;
    }
  }

  /** Wait for everything queued, then release the file handle. */
  async close(): Promise<void> {
    await this.barrier().catch(() => undefined);
    await this.fh?.close();
    this.fh = null;
  }
}

export interface LoadedLog {
  /** Parsed records in log order. */
  records: unknown[];
  /** Bytes after the last complete line: a write torn by a crash, never acknowledged. */
  tornBytes: number;
}

/**
 * Read a log, dropping a torn tail: a line counts only with its newline, because a batch's
 * sync (and so its acknowledgement) comes after the whole batch including the newline.
 * The torn tail is cut off on disk, so new lines do not get glued onto it.
 * A bad line anywhere else is corruption, not a crash artefact, and stops the open.
 */
export async function loadLog(path: string): Promise<LoadedLog> {
  let data: Buffer;
  try {
    data = await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], tornBytes: 0 };
    throw err;
  }
  const end = data.lastIndexOf(0x0a) + 1;
  const records: unknown[] = [];
  const text = data.subarray(0, end).toString('utf8');
  let lineNo = 0;
  for (const line of text.split('\n')) {
    lineNo++;
    if (line === '') continue;
    try {
      records.push(JSON.parse(line));
    } catch (err) {
      throw new AppError('internal', `embedded store: corrupt line ${lineNo} in ${basename(path)}`, { cause: err });
    }
  }
  const tornBytes = data.length - end;
  if (tornBytes > 0) {
    await truncate(path, end);
    const fh = await open(path, 'r+');
    await fh.datasync().finally(() => fh.close());
  }
  return { records, tornBytes };
}

/** Replace a log by one holding exactly `lines`, atomically: temp file, fsync, rename, fsync dir. */
export async function rewriteLog(path: string, lines: string[]): Promise<void> {
  const tmp = `${path}.tmp`;
  const fh = await open(tmp, 'w');
  try {
    await writeAll(fh, Buffer.from(lines.map((l) => l + '\n').join(''), 'utf8'));
    await fh.datasync();
  } finally {
    await fh.close();
  }
  await rename(tmp, path);
  await syncDir(dirname(path));
}

/** Remove a temp file left by a compaction that crashed before its rename. */
export async function removeStaleTemp(path: string): Promise<void> {
  await unlink(`${path}.tmp`).catch(() => undefined);
}
