/**
 * `tsx bench/cpu-profile.ts PROFILE.cpuprofile [top=30]`: where a `node --cpu-prof` profile
 * spent its time, as self time per function and per source file, biggest first. Self time is
 * what a function did itself (not its callees), so the top rows are what to make cheaper.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topArg] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: tsx bench/cpu-profile.ts PROFILE.cpuprofile [top=30]\n');
  process.exit(2);
}
const top = Number(topArg ?? 30);
const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;

const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
const selfMicros = new Map<number, number>();
profile.samples.forEach((nodeId, i) => selfMicros.set(nodeId, (selfMicros.get(nodeId) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = [...selfMicros.values()].reduce((a, b) => a + b, 0);

/** Short source location: the path from the project or package root, as people read it. */
function where(url: string): string {
  if (url === '') return '(native)';
  const tail = url.replace(/^file:\/\//, '');
  const modules = tail.lastIndexOf('node_modules/');
  if (modules >= 0) return tail.slice(modules + 'node_modules/'.length);
  const project = tail.indexOf('/work/main/');
  return project >= 0 ? tail.slice(project + '/work/main/'.length) : tail;
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
    ...rows(tally((n) => `${n.callFrame.functionName || '(anonymous)'}  ${where(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`)),
    '',
    'self time by file:',
    ...rows(tally((n) => where(n.callFrame.url))),
  ].join('\n') + '\n',
);
