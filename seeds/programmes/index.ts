/**
 * Demo retraining programmes (Utrecht's omscholingsregeling, Rotterdam's scholingsfonds),
 * seeded when missing (the demo wijkbasisbaan is in `seeds/demo-basic-jobs.ts`). Reviewing
 * organisations are named in the JSON and resolved to ids here, since organisation ids are
 * generated per install.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Deps } from '../../core/deps.js';
import { organisations } from '../../core/domain/organisations.js';
import { createProgramme, programmes, ProgrammeInput } from '../../core/programmes/index.js';
import { findRepoPath } from '../../core/taxonomy/index.js';
import { seedDemoCourses } from '../../core/training/index.js';

const SeedFile = z.object({
  $comment: z.string().optional(),
  programmes: z.array(ProgrammeInput.omit({ reviewerOrganisationIds: true }).extend({ id: z.string(), reviewerOrganisationNames: z.array(z.string()) })),
});

/** Seed the training catalogue and the demo programmes that are missing. Idempotent. */
export async function seedDemoProgrammes(deps: Deps): Promise<void> {
  await seedDemoCourses(deps);
  const file = SeedFile.parse(JSON.parse(readFileSync(findRepoPath('seeds/programmes/programmes.json'), 'utf8')));
  const orgs = await organisations(deps.store).find({ kind: 'intermediary' });
  for (const { reviewerOrganisationNames, ...p } of file.programmes) {
    if (await programmes(deps.store).get(p.id)) continue;
    const reviewerOrganisationIds = orgs.filter((o) => reviewerOrganisationNames.includes(o.name)).map((o) => o.id);
    await createProgramme(deps, null, { ...p, reviewerOrganisationIds });
    deps.logger.info({ programme: p.id }, 'demo programme added');
  }
}
