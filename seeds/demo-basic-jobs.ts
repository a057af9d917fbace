/**
 * The demo wijkbasisbaan: the demo jobseeker marked eligible by the gemeente, and one basic
 * job of the Leerwerkloket Rijnmond that the gemeente signed off and that is open, so the
 * leerwerkloket can offer it and the jobseeker can accept it right after `npm start`.
 *
 * Idempotent: the basic job has a fixed id and is only added when missing; the eligibility
 * is only set when the gemeente has not decided about the jobseeker yet (a later "not
 * eligible" by an admin is kept).
 */
import type { Deps } from '../core/deps.js';
import { accounts } from '../core/domain/accounts.js';
import { findOwnProfile } from '../core/domain/profiles.js';
import { resolvePlace } from '../core/domain/location.js';
import { basicJobs, eligibility } from '../core/basic-jobs/index.js';
import { DEMO_EMAILS } from './demo-accounts.js';

export const DEMO_BASIC_JOB_ID = 'demo-basic-job-speelpleinen';

/** Skills in the words a wijkteam would use; test/unit/demo-skills.test.ts checks they resolve. */
export const DEMO_BASIC_JOB_SKILLS = ['schoonmaken', 'teamwerk', 'klantcontact'];

const accountByEmail = async (deps: Pick<Deps, 'store'>, email: string) => (await accounts(deps.store).find({ email }, { limit: 1 }))[0];

/** Seed what is missing; a no-op when the demo accounts are absent. */
export async function seedDemoBasicJobs(deps: Pick<Deps, 'store' | 'clock'>): Promise<void> {
  const [jobseeker, intermediary, admin] = await Promise.all([DEMO_EMAILS.jobseeker, DEMO_EMAILS.intermediary, DEMO_EMAILS.admin].map((e) => accountByEmail(deps, e)));
  const organisationId = intermediary?.organisationIds[0];
  if (!jobseeker || !admin || !intermediary || !organisationId) return;
  const at = deps.clock.now().toISOString();

  const profile = await findOwnProfile(deps, jobseeker.id);
  if (profile && !(await eligibility(deps.store).get(profile.id))) {
    await eligibility(deps.store).upsert(profile.id, {
      profileId: profile.id,
      eligible: true,
      reason: 'Aangemeld door het wijkteam: een wijkbasisbaan als opstap naar werk in de zorg (demo).',
      markedBy: admin.id,
      markedAt: at,
    });
  }

  if (await basicJobs(deps.store).get(DEMO_BASIC_JOB_ID)) return;
  await basicJobs(deps.store).insert({
    id: DEMO_BASIC_JOB_ID,
    title: 'Beheerder speelpleinen Charlois',
    description: 'Je houdt drie speelpleinen in Charlois schoon en veilig, spreekt kinderen en ouders aan en meldt kapotte speeltoestellen bij de gemeente.',
    publicTask: 'Schone en veilige speelpleinen in Charlois',
    hostName: 'Wijkteam Charlois',
    ...resolvePlace('Rotterdam'),
    hoursPerWeek: 24,
    skills: DEMO_BASIC_JOB_SKILLS,
    startDate: null,
    organisationId,
    createdBy: intermediary.id,
    status: 'open',
    signOff: { by: admin.id, at, statement: 'Dit werk werd niet door een betaalde kracht gedaan; het verdringt geen reguliere baan (demo).' },
    filledBy: null,
  });
}
