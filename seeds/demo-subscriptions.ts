/**
 * The demo recruiter's digest subscription: the demo employer follows its first vacancy,
 * daily at 08:00, so a forced run (`npm run digests:run`) puts a digest in the outbox.
 * Idempotent: nothing is added when the employer already has a subscription.
 */
import type { Deps } from '../core/deps.js';
import { accounts } from '../core/domain/accounts.js';
import { vacancies } from '../core/domain/vacancies.js';
import { createSubscription, subscriptions } from '../core/digests/subscriptions.js';

export const DEMO_RECRUITER_EMAIL = 'werkgever@demo.kansrijk.nl';

/** Add the demo subscription when missing; returns its id (or null when the demo employer is absent). */
export async function seedDemoSubscriptions(deps: Pick<Deps, 'store' | 'clock'>): Promise<string | null> {
  const [employer] = await accounts(deps.store).find({ email: DEMO_RECRUITER_EMAIL }, { limit: 1 });
  const organisationId = employer?.organisationIds[0];
  if (!employer || !organisationId) return null;
  const [existing] = await subscriptions(deps.store).find({ createdBy: employer.id }, { limit: 1 });
  if (existing) return existing.id;
  const [vacancy] = await vacancies(deps.store).find({ organisationId, status: 'open' }, { sort: { field: 'createdAt', direction: 'asc' }, limit: 1 });
  if (!vacancy) return null;
  const principal = { accountId: employer.id, role: employer.role, organisationIds: employer.organisationIds, sessionId: 'seed' };
  const created = await createSubscription(deps, principal, organisationId, { kind: 'vacancy', vacancyId: vacancy.id, frequency: 'daily', timeOfDay: '08:00', minScore: 0.3 });
  return created.id;
}
