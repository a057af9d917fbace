/**
 * Validates the shipped taxonomy (seeds/taxonomy/*.json): prints every problem and exits 1
 * if there is any. Run: `npx tsx scripts/validate-taxonomy.ts`.
 */
import { loadTaxonomy, validateTaxonomy } from '../core/taxonomy/index.js';

const taxonomy = loadTaxonomy();
const problems = validateTaxonomy(taxonomy);
for (const problem of problems) console.error(problem);
console.log(
  `${taxonomy.sectors.length} sectors, ${taxonomy.occupations.length} occupations, ${taxonomy.skills.length} skills: ` +
    (problems.length === 0 ? 'no problems' : `${problems.length} problem(s)`),
);
process.exitCode = problems.length === 0 ? 0 : 1;
