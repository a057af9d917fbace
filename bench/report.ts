/** Where every benchmark writes its figures: one `## ` section each of docs/BENCHMARKS.md. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Replace (or append) the `## ` section with this heading in docs/BENCHMARKS.md, keeping every other section. */
export function writeBenchSection(section: string, file = path.join('docs', 'BENCHMARKS.md')): void {
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const heading = section.slice(0, section.indexOf('\n'));
  const parts = current.split(/\n(?=## )/);
  const at = parts.findIndex((p) => p.startsWith(heading));
  if (at >= 0) parts[at] = section.trimEnd();
  else parts.push(section.trimEnd());
  writeFileSync(file, `${parts.map((p) => p.trimEnd()).join('\n\n')}\n`);
}
