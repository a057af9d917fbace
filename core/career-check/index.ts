/**
 * The Loopbaan-APK (career check-up): a short guided self-assessment (work wishes,
 * interests, skills, constraints) and the personal report built from it and the profile:
 * pathways into shortage occupations, matching vacancies, courses, the programmes that could
 * pay for them, and the next step (an appointment with an adviser).
 *
 * The report is computed when asked, never stored: it always reflects today's demand table,
 * catalogue and vacancies. Only the answers are stored, one set per person.
 */
import { z } from 'zod';
import type { Deps } from '../deps.js';
import { notFound } from '../errors.js';
import type { Collection, DocumentStore, Stored } from '../ports/store.js';
import type { Principal } from '../domain/accounts.js';
import { text } from '../domain/fields.js';
import { findOwnProfile, profiles, requireProfile, type ProfileDoc } from '../domain/profiles.js';
import { publicVacancy, Vacancy, vacancies } from '../domain/vacancies.js';
import { sectorId } from '../domain/terms.js';
import { matchesOf } from '../matching/matches.js';
import { computePathways, fitsMustHaves, Pathway, personSkills } from '../pathways/index.js';
import { listProgrammes, Programme } from '../programmes/index.js';
import { occupationById } from '../taxonomy/index.js';
import { advisersFor, Appointment, appointments, publicAppointment } from './appointments.js';

/** Interests, each pointing at the sectors it usually leads to. */
export const INTERESTS = {
  'mensen-helpen': ['zorg', 'onderwijs'],
  lesgeven: ['onderwijs'],
  techniek: ['techniek', 'energietransitie'],
  'met-je-handen': ['bouw', 'techniek'],
  'buiten-werken': ['bouw', 'agrarisch-groen', 'energietransitie'],
  duurzaamheid: ['energietransitie', 'circulaire-economie'],
  computers: ['ict'],
  veiligheid: ['handhaving-veiligheid'],
  klantcontact: ['detailhandel', 'zakelijke-dienstverlening', 'horeca'],
  organiseren: ['logistiek', 'overheid'],
} as const satisfies Record<string, readonly string[]>;
export const Interest = z.enum(Object.keys(INTERESTS) as [keyof typeof INTERESTS, ...Array<keyof typeof INTERESTS>]);

/** Essential skills that a physical limitation rules out. */
const PHYSICAL = new Set(['fysiek-werk', 'tillen-transfers', 'veilig-werken-hoogte', 'steigerbouw']);

export const CareerCheckInput = z.strictObject({
  workWishes: z
    .strictObject({
      occupations: z.array(text(120)).max(10).default([]),
      sectors: z.array(text(120)).max(10).default([]),
      hoursPerWeek: z.number().int().min(1).max(60).optional(),
    })
    .default({ occupations: [], sectors: [] }),
  interests: z.array(Interest).max(10).default([]),
  /** Things you can do that your profile may not say yet. */
  skills: z.array(text(120)).max(50).default([]),
  constraints: z
    .strictObject({
      /** Longest training you can follow (weeks). */
      maxTrainingWeeks: z.number().int().min(1).max(260).optional(),
      physicalLimitations: z.boolean().default(false),
      canLearnWhileWorking: z.boolean().default(true),
      note: text(500).optional(),
    })
    .default({ physicalLimitations: false, canLearnWhileWorking: true }),
});
export type CareerCheckInput = z.infer<typeof CareerCheckInput>;

export type CareerCheckDoc = CareerCheckInput & { profileId: string; ownerId: string; completedAt: string };

export const careerChecks = (store: DocumentStore): Collection<CareerCheckDoc> => store.collection<CareerCheckDoc>('career_checks');
const checkId = (profileId: string) => `cc-${profileId}`;

export const CareerCheckReport = z.object({
  completedAt: z.string(),
  answers: CareerCheckInput,
  region: z.string().nullable(),
  summary: z.string().describe('one paragraph of Dutch'),
  pathways: z.array(Pathway),
  vacancies: z.array(Vacancy.extend({ fits: z.boolean() })).describe('matching open vacancies, best first'),
  courses: z.array(z.object({ id: z.string(), title: z.string(), provider: z.string(), costEur: z.number(), durationWeeks: z.number(), forOccupation: z.string() })),
  programmes: z.array(Programme.pick({ id: true, name: true, municipality: true, maxPerParticipantEur: true, incomeCeilingEur: true, placesLeft: true })),
  nextStep: z.object({
    text: z.string(),
    adviser: z.object({ organisationId: z.string(), name: z.string() }).nullable(),
    appointment: Appointment.nullable(),
  }),
});
export type CareerCheckReport = z.infer<typeof CareerCheckReport>;

/** Save the answers (replacing earlier ones). */
export async function submitCareerCheck(deps: Pick<Deps, 'store' | 'clock'>, principal: Principal, input: CareerCheckInput): Promise<CareerCheckReport> {
  const profile = requireProfile(await findOwnProfile(deps, principal.accountId));
  // Sector names are resolved now, so a typo is a 400 on the form, not a silent no-op in the report.
  const answers = { ...input, workWishes: { ...input.workWishes, sectors: input.workWishes.sectors.map((s, i) => sectorId(s, `workWishes/sectors/${i}`)) } };
  await careerChecks(deps.store).upsert(checkId(profile.id), { ...answers, profileId: profile.id, ownerId: principal.accountId, completedAt: deps.clock.now().toISOString() });
  return buildReport(deps, profile);
}

/** The report of the caller's latest check-up; 404 before the first one. */
export async function myCareerReport(deps: Pick<Deps, 'store' | 'clock'>, principal: Principal): Promise<CareerCheckReport> {
  return buildReport(deps, requireProfile(await findOwnProfile(deps, principal.accountId)));
}

/** The report of a profile, for an adviser the person shared it with (the caller checks that). */
export async function reportOfProfile(deps: Pick<Deps, 'store' | 'clock'>, profileId: string): Promise<CareerCheckReport> {
  const profile = await profiles(deps.store).get(profileId);
  if (!profile) throw notFound('Profile');
  return buildReport(deps, profile);
}

async function matchingVacancies(deps: Pick<Deps, 'store'>, profile: Stored<ProfileDoc>, have: Set<string>): Promise<Array<Vacancy & { fits: boolean }>> {
  const scored = await matchesOf(deps.store).find({ profileId: profile.id }, { sort: { field: 'total', direction: 'desc' }, limit: 10 });
  const docs = (await Promise.all(scored.map((m) => vacancies(deps.store).get(m.vacancyId)))).filter((v) => v?.status === 'open');
  return docs.map((v) => ({ ...publicVacancy(v!), fits: fitsMustHaves(v!, have) }));
}

async function buildReport(deps: Pick<Deps, 'store' | 'clock'>, profile: Stored<ProfileDoc>): Promise<CareerCheckReport> {
  const check = await careerChecks(deps.store).get(checkId(profile.id));
  if (!check) throw notFound('Career check (do POST /api/v1/me/career-check first)');
  const answers = CareerCheckInput.parse({ workWishes: check.workWishes, interests: check.interests, skills: check.skills, constraints: check.constraints });
  const prefer = [...new Set([...answers.workWishes.sectors, ...answers.interests.flatMap((i) => INTERESTS[i])])];
  const report = await computePathways(deps, profile, {
    extraSkills: answers.skills,
    preferSectors: prefer,
    ...(answers.constraints.maxTrainingWeeks ? { maxWeeks: answers.constraints.maxTrainingWeeks } : {}),
    limit: 20,
  });
  const pathways = report.pathways
    .filter((p) => !answers.constraints.physicalLimitations || !(occupationById(p.occupation.id)?.essentialSkills ?? []).some((s) => PHYSICAL.has(s)))
    .slice(0, 8);
  const today = deps.clock.now().toISOString().slice(0, 10);
  const have = personSkills(profile, today, answers.skills);
  const courses = pathways.slice(0, 3).flatMap((p) =>
    p.plans.cheapest.courseIds.map((id) => {
      const c = p.courses.find((x) => x.id === id)!;
      return { id: c.id, title: c.title, provider: c.provider, costEur: c.costEur, durationWeeks: c.durationWeeks, forOccupation: p.occupation.name };
    }),
  );
  const programmes = (await listProgrammes(deps))
    .filter((p) => p.open && p.placesLeft > 0 && (p.regions.length === 0 || (profile.region !== null && p.regions.includes(profile.region))))
    .map(({ id, name, municipality, maxPerParticipantEur, incomeCeilingEur, placesLeft }) => ({ id, name, municipality, maxPerParticipantEur, incomeCeilingEur, placesLeft }));
  const adviser = (await advisersFor(deps, profile.region))[0] ?? null;
  const [appointment] = await appointments(deps.store).find({ profileId: profile.id }, { sort: { field: 'createdAt', direction: 'desc' }, limit: 1 });
  const best = pathways[0];
  const summary = best
    ? `Met je ervaring en vaardigheden kun je doorgroeien naar ${pathways.length} beroepen waar in ${best.demand.regionName} veel vraag naar is. ` +
      `De beste aansluiting: ${best.occupation.name} (${best.demand.label}); daarvoor mis je nog ${best.gap.length} ${best.gap.length === 1 ? 'vaardigheid' : 'vaardigheden'}` +
      (best.plans.cheapest.courseIds.length ? `, te halen met ${best.plans.cheapest.courseIds.length} ${best.plans.cheapest.courseIds.length === 1 ? 'opleiding' : 'opleidingen'} (samen EUR ${best.plans.cheapest.totalCostEur}, ${best.plans.cheapest.totalWeeks} weken).` : '.')
    : 'We vonden nu geen beroep met veel vraag dat dicht bij je ervaring ligt. Een adviseur kijkt graag met je mee.';
  const nextText = appointment
    ? appointment.status === 'accepted'
      ? `Je afspraak met ${appointment.organisationName} staat${appointment.answer?.proposedAt ? ` op ${appointment.answer.proposedAt.slice(0, 16).replace('T', ' om ')}` : ''}.`
      : `Je verzoek aan ${appointment.organisationName} is ${appointment.status === 'requested' ? 'verstuurd; je krijgt snel antwoord' : appointment.status}.`
    : adviser
      ? `Maak een afspraak met een adviseur van ${adviser.name} om je keuze te bespreken${programmes.length ? ` en een scholingsvoucher aan te vragen (${programmes[0]!.name})` : ''}.`
      : 'Vraag een gesprek aan met een adviseur van het Leerwerkloket.';
  return {
    completedAt: check.completedAt,
    answers,
    region: profile.region,
    summary,
    pathways,
    vacancies: await matchingVacancies(deps, profile, have),
    courses,
    programmes,
    nextStep: { text: nextText, adviser: adviser ? { organisationId: adviser.id, name: adviser.name } : null, appointment: appointment ? publicAppointment(appointment) : null },
  };
}

export { renderReportHtml } from './html.js';
