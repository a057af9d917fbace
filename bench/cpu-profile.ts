/**
 * `tsx bench/cpu-profile.ts PROFILE.cpuprofile [top=30] [lastSeconds]`: where a `node --cpu-prof`
 * profile spent its time, as self time per function and per source file, biggest first. Self
 * time is what a function did itself (not its callees), so the top rows are what to make
 * cheaper. `lastSeconds` keeps only the end of the profile (a load phase after start-up).
 */
import { readFileSync } from 'node:fs';
import { ROOT } from '../test/support/process.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topArg, lastArg] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: tsx bench/cpu-profile.ts PROFILE.cpuprofile [top=30] [lastSeconds]\n');
  process.exit(2);
}
const top = Number(topArg ?? 30);
const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;

const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
const parentOf = new Map<number, ProfileNode>();
for (const n of profile.nodes) for (const child of n.children ?? []) parentOf.set(child, n);

/** A function's name; an anonymous one is named after its nearest named caller (a callback's owner). */
function nameOf(node: ProfileNode): string {
  if (node.callFrame.functionName) return node.callFrame.functionName;
  for (let p = parentOf.get(node.id); p !== undefined; p = parentOf.get(p.id)) {
    if (p.callFrame.functionName) return `(anonymous in ${p.callFrame.functionName})`;
  }
  return '(anonymous)';
}
const offsets: number[] = [];
profile.timeDeltas.reduce((at, delta, i) => (offsets[i] = at + delta), 0);
const from = lastArg === undefined ? -Infinity : (offsets.at(-1) ?? 0) - Number(lastArg) * 1e6;
const selfMicros = new Map<number, number>();
profile.samples.forEach((nodeId, i) => {
  if (offsets[i]! >= from) selfMicros.set(nodeId, (selfMicros.get(nodeId) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const total = [...selfMicros.values()].reduce((a, b) => a + b, 0);

/** Short source location: the path from the project or package root, as people read it. */
function where(url: string): string {
  if (url === '') return '(native)';
  const tail = url.replace(/^file:\/\//, '');
  const modules = tail.lastIndexOf('node_modules/');
  if (modules >= 0) return tail.slice(modules + 'node_modules/'.length);
  return tail.startsWith(`${ROOT}/`) ? tail.slice(ROOT.length + 1) : tail;
}

function tally(key: (n: ProfileNode) => string): Array<[string, number]> {
  const sums = new Map<string, number>();
  for (const [nodeId, micros] of selfMicros) {
    const node = byNode.get(nodeId);
    if (node) sums.set(key(node), (sums.get(key(node)) ?? 0) + micros);
  }
  return [...sums].sort((a, b) => b[1] - a[1]).slice(0, top);
}

const rows = (entries: Array<[string, number]>): string[] =>
  entries.map(([name, micros]) => `${((100 * micros) / total).toFixed(1).padStart(5)} %  ${(micros / 1000).toFixed(0).padStart(7)} ms  ${name}`);

process.stdout.write(
  [
    `${file}: ${(total / 1e6).toFixed(1)} s sampled`,
    '',
    'self time by function:',
    ...rows(tally((n) => `${nameOf(n)}  ${where(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`)),
    '',
    'self time by file:',
    ...rows(tally((n) => where(n.callFrame.url))),
  ].join('\n') + '\n',
);
