/**
 * A digest world written straight into the ports, without HTTP or the matching engine:
 * recruiters with an organisation and a vacancy each, one subscription per vacancy, anonymous
 * candidates in the search index, and match records as the matching workers write them.
 * Used by the digest unit tests, the SIGKILL fault test's child and bench/digests.ts.
 */
import type { Deps } from '../../core/deps.js';
import { accounts } from '../../core/domain/accounts.js';
import { organisations } from '../../core/domain/organisations.js';
import { vacancies, type VacancyDoc } from '../../core/domain/vacancies.js';
import { matchesOf, matchId, type MatchDoc } from '../../core/matching/matches.js';
import { DEFAULT_WEIGHTS } from '../../core/matching/weights.js';
import { candidateIndexSettings, CANDIDATES_INDEX, type CandidateDocument } from '../../core/search/documents.js';
import { subscriptions } from '../../core/digests/subscriptions.js';

type WorldPorts = Pick<Deps, 'store' | 'search'>;

export interface DigestWorld {
  subscriptionIds: string[];
  vacancyIds: string[];
  profileIds: string[];
}

const pad = (n: number): string => String(n).padStart(6, '0');
export const subscriptionIdOf = (n: number): string => `sub-${pad(n)}`;
export const vacancyIdOf = (n: number): string => `vac-${pad(n)}`;
export const profileIdOf = (n: number): string => `prof-${pad(n)}`;

/** Put `ids` into the candidate index (configured on first use), as the indexer would. */
export async function indexCandidates(deps: Pick<Deps, 'search'>, ids: string[]): Promise<void> {
  const index = deps.search.index<CandidateDocument>(CANDIDATES_INDEX);
  await index.configure(candidateIndexSettings([]));
  const now = new Date().toISOString();
  await index.upsert(
    ids.map((id) => ({
      id,
      occupations: ['verzorgende-ig'],
      occupationNames: ['Verzorgende IG'],
      titles: ['Verzorgende'],
      skills: ['klantcontact'],
      skillNames: ['klantcontact'],
      sectors: ['zorg-en-welzijn'],
      experienceText: 'Verzorgende in een woonzorgcentrum',
      education: ['mbo-3 Verzorgende IG'],
      place: 'Rotterdam',
      region: 'rijnmond',
      languages: ['nl'],
      hoursPerWeek: 32,
      availableFromDay: 20_000,
      drivingLicence: false,
      experienceMonths: 30,
      freshUntil: Date.now() + 365 * 86_400_000,
      updatedAt: now,
    })),
  );
}

/**
 * `subscriptions` recruiters, each with an organisation, one open vacancy and a daily
 * subscription to it (created `createdAt`), and `profiles` candidates in the index.
 */
export async function seedDigestWorld(
  deps: WorldPorts,
  options: { subscriptions: number; profiles: number; concurrency?: number; onProgress?: (done: number) => void },
): Promise<DigestWorld> {
  const world: DigestWorld = { subscriptionIds: [], vacancyIds: [], profileIds: [] };
  const seedOne = async (n: number): Promise<void> => {
    const accountId = `acc-${pad(n)}`;
    const orgId = `org-${pad(n)}`;
    const vacancyId = vacancyIdOf(n);
    const subId = subscriptionIdOf(n);
    if (await subscriptions(deps.store).get(subId)) return;
    await accounts(deps.store).upsert(accountId, { email: `recruiter-${n}@example.nl`, name: `Recruiter ${n}`, role: 'employer', organisationIds: [orgId], passwordHash: 'x', lastLoginAt: null });
    await organisations(deps.store).upsert(orgId, { name: `Werkgever ${n}`, kind: 'employer', memberIds: [accountId] });
    const vacancy = {
      title: `Verzorgende IG ${n}`,
      occupation: 'verzorgende-ig',
      sector: 'zorg-en-welzijn',
      description: 'Zorg voor bewoners.',
      mustHaveSkills: ['klantcontact'],
      niceToHaveSkills: [],
      hoursPerWeek: { min: 24, max: 32 },
      salary: null,
      startDate: null,
      status: 'open',
      place: 'Rotterdam',
      region: 'rijnmond',
      geo: null,
      organisationId: orgId,
      createdBy: accountId,
      publishedAt: new Date().toISOString(),
    } as unknown as VacancyDoc;
    await vacancies(deps.store).upsert(vacancyId, vacancy);
    await subscriptions(deps.store).insert({
      id: subId,
      kind: 'vacancy',
      vacancyId,
      search: null,
      frequency: 'daily',
      weekday: null,
      timeOfDay: '08:00',
      minScore: 0.3,
      email: `recruiter-${n}@example.nl`,
      organisationId: orgId,
      createdBy: accountId,
      active: true,
      deactivatedAt: null,
    });
  };
  // Several recruiters at once, so the embedded store's group commit batches their writes.
  const step = options.concurrency ?? 1;
  for (let n = 0; n < options.subscriptions; n += step) {
    const batch = Array.from({ length: Math.min(step, options.subscriptions - n) }, (_, i) => n + i);
    await Promise.all(batch.map(seedOne));
    for (const i of batch) {
      world.subscriptionIds.push(subscriptionIdOf(i));
      world.vacancyIds.push(vacancyIdOf(i));
    }
    options.onProgress?.(n + batch.length);
  }
  world.profileIds = Array.from({ length: options.profiles }, (_, n) => profileIdOf(n));
  await indexCandidates(deps, world.profileIds);
  return world;
}

/** Upsert the match of a vacancy and a profile with this total, as a matching worker would (status kept). */
export async function writeMatch(deps: Pick<Deps, 'store'>, vacancyId: string, profileId: string, total: number): Promise<string> {
  const id = matchId(vacancyId, profileId);
  const existing = await matchesOf(deps.store).get(id);
  const components = { relevance: total, skills: total, recentExperience: total, sectorDemand: 0.5, distance: 1, availability: total };
  const doc = {
    vacancyId,
    profileId,
    organisationId: 'org',
    sector: 'zorg-en-welzijn',
    status: existing?.status ?? 'new',
    total,
    components,
    weights: DEFAULT_WEIGHTS,
    reason: 'Heeft recente ervaring als verzorgende en de gevraagde vaardigheden.',
    facts: {},
    demand: null,
    scoredAt: new Date().toISOString(),
  } as unknown as MatchDoc;
  await matchesOf(deps.store).upsert(id, doc);
  return id;
}

/**
 * Wait until the wall clock has passed every timestamp the store handed out. The embedded
 * store's clock is strictly increasing, so a burst of writes runs it a few ms ahead of
 * Date.now(); a window closed "now" would rightly leave those writes to the next window.
 */
export async function waitForStoreClock(deps: Pick<Deps, 'store'>): Promise<void> {
  const probe = await deps.store.collection<{ n: number }>('clock_probe').upsert('probe', { n: 1 });
  while (Date.now() <= Date.parse(probe.updatedAt)) await new Promise((r) => setTimeout(r, 1));
}
