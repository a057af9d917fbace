/**
 * A pid lock file: two processes appending to the same logs would interleave lines and
 * each keep a different picture in memory, so the second opener must fail.
 */
import { link, open, readFile, unlink } from 'node:fs/promises';
import { AppError } from '../../../core/errors.js';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Create the lock with its pid already inside: write a private file, then hard-link it into place (atomic, fails if taken). */
async function tryCreate(path: string): Promise<boolean> {
  const mine = `${path}.${process.pid}`;
  const fh = await open(mine, 'w');
  try {
    await fh.writeFile(String(process.pid));
    await fh.datasync();
  } finally {
    await fh.close();
  }
  try {
    await link(mine, path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    await unlink(mine).catch(() => undefined);
  }
}

/**
 * Take the lock at `path`, taking over one left by a dead process (a crash or `kill -9`).
 * Throws `unavailable` while a live process (this one included) holds it.
 * @returns a function that releases the lock.
 */
export async function acquireLock(path: string): Promise<() => Promise<void>> {
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await tryCreate(path)) return () => unlink(path).catch(() => undefined);
    const owner = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
    if (Number.isInteger(owner) && owner > 0 && isAlive(owner)) {
      throw new AppError('unavailable', `embedded store ${path} is locked by process ${owner}`);
    }
    // Stale: remove it and race for it again; link() makes sure only one contender wins.
    await unlink(path).catch(() => undefined);
  }
  throw new AppError('unavailable', `embedded store ${path}: could not take the lock`);
}
