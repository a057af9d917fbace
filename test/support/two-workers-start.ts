/** Start the counting worker (`two-workers-child.ts`) as a real process and wait until it works. */
import { spawnTs, type NodeProcess } from './process.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Spawn a counting worker with this environment, remember it in `children`, wait for `ready`. */
export async function startCountingWorker(env: Record<string, string>, children: NodeProcess[]): Promise<NodeProcess> {
  const child = spawnTs('test/support/two-workers-child.ts', env);
  children.push(child);
  const deadline = Date.now() + 60_000;
  while (!child.output().includes('ready\n')) {
    if (child.child.exitCode !== null) throw new Error(`worker exited early:\n${child.output()}`);
    if (Date.now() > deadline) throw new Error(`worker not ready:\n${child.output()}`);
    await sleep(50);
  }
  return child;
}
