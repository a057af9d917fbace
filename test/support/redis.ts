import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const REDIS_SERVER = '/usr/bin/redis-server';

export interface TestRedis {
  /** `redis://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** The server's private data directory (the AOF lives here). */
  dir: string;
  /** The end: graceful shutdown, then `dir` is deleted (a later `restart()` starts empty). */
  stop(): Promise<void>;
  /** Graceful shutdown if running (the AOF is flushed), then start again on the same port and dir. */
  restart(): Promise<void>;
  /** SIGKILL, as a crash would; keeps `dir`, so `restart()` shows what reached the AOF. */
  kill(): Promise<void>;
}

// Servers and dirs of this test process, so that an aborted test run leaves no redis-server
// behind (best effort: a worker killed by signal skips 'exit').
const live = new Set<ChildProcess>();
const dirs = new Set<string>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/**
 * Start a private `redis-server` for one test file: a free port chosen by the OS, its own temp
 * dir, no RDB snapshots, bound to 127.0.0.1. It never touches another Redis (a shared one on
 * 6379 may hold someone else's data), so tests may do anything to it.
 */
export async function startRedis(options: { appendonly?: boolean } = {}): Promise<TestRedis> {
  if (!existsSync(REDIS_SERVER)) {
    throw new Error(`${REDIS_SERVER} not found: apt-get install -y redis-server`);
  }
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'kansrijk-redis-'));
  dirs.add(dir);
  const appendonly = options.appendonly ?? false;
  let child: ChildProcess | null = null;

  const start = async (): Promise<void> => {
    await mkdir(dir, { recursive: true });
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--daemonize', 'no'];
    // fsync on every write so that a job acknowledged before kill() is really on disk.
    args.push('--appendonly', appendonly ? 'yes' : 'no', '--appendfsync', 'always');
    const proc = spawn(REDIS_SERVER, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    proc.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    proc.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    live.add(proc);
    proc.once('exit', () => live.delete(proc));
    child = proc;
    const deadline = Date.now() + 10_000;
    while (!(await ping(port))) {
      if (proc.exitCode !== null || proc.signalCode !== null) {
        throw new Error(`redis-server on port ${port} exited during start-up:\n${output}`);
      }
      if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not answer PING:\n${output}`);
      await sleep(20);
    }
  };

  const end = async (signal: NodeJS.Signals): Promise<void> => {
    const proc = child;
    child = null;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill(signal);
    await exited;
  };

  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    stop: async () => {
      await end('SIGTERM');
      await rm(dir, { recursive: true, force: true });
      dirs.delete(dir);
    },
    kill: () => end('SIGKILL'),
    restart: async () => {
      await end('SIGTERM');
      await start();
    },
  };
}

/** Ask the OS for a free port: listen on 0, read it, close. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no port from the OS'))));
    });
  });
}

/** True when a server on `port` answers PING with PONG (while loading the AOF it answers LOADING). */
async function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    let reply = '';
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
    socket.once('connect', () => socket.write('*1\r\n$4\r\nPING\r\n'));
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
