/** Start worker children (`two-workers-child.ts`, `worker-child.ts`) as real processes and wait until they work. */
import { spawnTs, type NodeProcess } from './process.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Spawn a counting worker with this environment, remember it in `children`, wait for `ready`. */
export function startCountingWorker(env: Record<string, string>, children: NodeProcess[]): Promise<NodeProcess> {
  return startUntilReady('test/support/two-workers-child.ts', env, children);
}

/** Spawn a child script that prints `ready` once it works, remember it in `children`, and wait for that line. */
export async function startUntilReady(script: string, env: Record<string, string>, children: NodeProcess[]): Promise<NodeProcess> {
  const child = spawnTs(script, env);
  children.push(child);
  const deadline = Date.now() + 60_000;
  while (!child.output().includes('ready\n')) {
    if (child.child.exitCode !== null) throw new Error(`worker exited early:\n${child.output()}`);
    if (Date.now() > deadline) throw new Error(`worker not ready:\n${child.output()}`);
    await sleep(50);
  }
  return child;
}
