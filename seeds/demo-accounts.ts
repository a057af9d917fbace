/**
 * Demo accounts for every role, so someone trying Kansrijk can log in as each kind of user.
 * The passwords are printed on start and are for demos only.
 *
 * Idempotent: whatever exists is kept, whatever is missing (a profile, an organisation, its
 * vacancies) is added, so a seed interrupted half-way completes on the next start.
 */
import type { Deps } from '../core/deps.js';
import { seedAccount, type Role } from '../core/domain/accounts.js';
import { createOrganisation } from '../core/domain/organisations.js';
import { findOwnProfile, ProfileInput, saveMyProfile } from '../core/domain/profiles.js';
import { createVacancy, VacancyInput, vacancies } from '../core/domain/vacancies.js';

export interface DemoLogin {
  role: Role;
  email: string;
  password: string;
}

const JOBSEEKER = { email: 'werkzoekende@demo.kansrijk.nl', password: 'demo-werkzoekende-1', name: 'Sanne Bakker', role: 'jobseeker' as const };
const EMPLOYER = { email: 'werkgever@demo.kansrijk.nl', password: 'demo-werkgever-1', name: 'Karim El Amrani', role: 'employer' as const };
const INTERMEDIARY = { email: 'leerwerkloket@demo.kansrijk.nl', password: 'demo-leerwerkloket-1', name: 'Ingrid Verhoeven', role: 'intermediary' as const };
const ADMIN = { email: 'admin@demo.kansrijk.nl', password: 'demo-gemeente-1', name: 'Gemeente Rotterdam, team Werk', role: 'admin' as const };

/** Every demo log-in, as printed on start and offered on the web app's login page while they work. */
export const DEMO_LOGINS: DemoLogin[] = [JOBSEEKER, EMPLOYER, INTERMEDIARY, ADMIN].map(({ role, email, password }) => ({ role, email, password }));

/** The demo log-ins' e-mail addresses, for seeds that add to what these accounts have. */
export const DEMO_EMAILS = { jobseeker: JOBSEEKER.email, employer: EMPLOYER.email, intermediary: INTERMEDIARY.email, admin: ADMIN.email } as const;

/** Sanne: years in retail until her supermarket closed, wants to move into care; her skills as she would type them. */
export const DEMO_PROFILE = ProfileInput.parse({
  desiredOccupations: ['Helpende zorg en welzijn', 'Verkoopmedewerker'],
  desiredSectors: ['Zorg en welzijn', 'Detailhandel'],
  skills: ['klantcontact', 'kassawerk', 'voorraadbeheer', 'teamwerk', 'plannen', 'Nederlands', 'Engels'],
  experience: [
    {
      title: 'Verkoopmedewerker',
      occupation: 'Verkoopmedewerker',
      sector: 'Detailhandel',
      employerName: 'Supermarkt Zuidplein',
      start: '2019-03',
      end: '2025-09',
      description: 'Kassa, vakkenvullen, klanten helpen en nieuwe collega’s inwerken, tot de vestiging sloot.',
    },
    {
      title: 'Medewerker vulploeg',
      occupation: 'Vakkenvuller',
      sector: 'Detailhandel',
      employerName: 'Drogisterij Beijerlandselaan',
      start: '2016-09',
      end: '2019-02',
    },
  ],
  education: [{ level: 'mbo-2', field: 'Verkoopmedewerker', institution: 'Albeda', completed: true, year: 2016 }],
  languages: [
    { code: 'nl', level: 'native' },
    { code: 'en', level: 'B1' },
  ],
  place: 'Rotterdam',
  maxTravelKm: 15,
  hoursPerWeek: 32,
  availableFrom: '2025-01-06',
  drivingLicence: false,
  visibility: 'anonymous',
  contact: { name: 'Sanne Bakker', email: JOBSEEKER.email, phone: '+31 6 12345678', address: { street: 'Slinge', houseNumber: '120', postcode: '3085 EZ', city: 'Rotterdam' } },
});

/** The demo employer's care vacancies; skills in recruiters' words, each resolving to a taxonomy skill (test/unit/demo-skills.test.ts). */
export const DEMO_VACANCIES = [
  {
    title: 'Helpende Zorg en Welzijn (niveau 2)',
    occupation: 'Helpende zorg en welzijn',
    sector: 'Zorg en welzijn',
    description: 'In ons woonzorgcentrum in Charlois help je bewoners bij de dagelijkse verzorging. Je volgt je opleiding bij ons in deeltijd.',
    mustHaveSkills: ['persoonlijke verzorging', 'Nederlands'],
    niceToHaveSkills: ['observeren en rapporteren', 'ouderenzorg', 'teamwerk'],
    place: 'Rotterdam',
    hoursPerWeek: { min: 24, max: 32 },
    salary: { min: 2300, max: 2800, period: 'month' },
    startDate: '2025-02-01',
    status: 'open',
  },
  {
    title: 'Medewerker huishouding en facilitair',
    occupation: 'Schoonmaker zorginstelling',
    sector: 'Zorg en welzijn',
    description: 'Je zorgt voor een schone, gezellige woonomgeving en helpt bij de maaltijden.',
    mustHaveSkills: ['schoonmaken', 'hygiëne en infectiepreventie'],
    niceToHaveSkills: ['huishoudelijke hulp', 'klantcontact'],
    place: 'Rotterdam',
    hoursPerWeek: { min: 16, max: 28 },
    startDate: '2025-01-15',
    status: 'open',
  },
  {
    title: 'Verzorgende IG (leerwerktraject)',
    occupation: 'Verzorgende IG',
    sector: 'Zorg en welzijn',
    description: 'Leren en werken tegelijk: in twee jaar haal je je mbo-3 diploma Verzorgende IG, met salaris vanaf dag één.',
    mustHaveSkills: ['teamwerk', 'Nederlands'],
    niceToHaveSkills: ['persoonlijke verzorging', 'ouderenzorg', 'plannen'],
    place: 'Rotterdam',
    hoursPerWeek: { min: 28, max: 36 },
    salary: { min: 2500, max: 3300, period: 'month' },
    startDate: '2025-03-01',
    status: 'open',
  },
].map((v) => VacancyInput.parse(v));

/**
 * Add the demo accounts (and the jobseeker's profile, the organisations and the employer's
 * vacancies) that are missing. Returns every demo log-in, created now or before.
 */
export async function seedDemoAccounts(deps: Deps): Promise<DemoLogin[]> {
  const jobseeker = await seedAccount(deps, JOBSEEKER);
  if (!(await findOwnProfile(deps, jobseeker.account.id))) await saveMyProfile(deps, jobseeker.account.id, DEMO_PROFILE);

  const employer = await seedAccount(deps, EMPLOYER);
  let employerOrgId = employer.account.organisationIds[0];
  if (!employerOrgId) {
    employerOrgId = (await createOrganisation(deps, employer.account.id, { name: 'Zorggroep Maasoever', kind: 'employer', place: 'Rotterdam' })).id;
  }
  if ((await vacancies(deps.store).count({ organisationId: employerOrgId })) === 0) {
    const principal = { accountId: employer.account.id, role: 'employer' as const, organisationIds: [employerOrgId], sessionId: 'seed' };
    for (const vacancy of DEMO_VACANCIES) await createVacancy(deps, principal, employerOrgId, vacancy);
  }

  const intermediary = await seedAccount(deps, INTERMEDIARY);
  if (intermediary.account.organisationIds.length === 0) {
    await createOrganisation(deps, intermediary.account.id, { name: 'Leerwerkloket Rijnmond', kind: 'intermediary', place: 'Rotterdam' });
  }

  await seedAccount(deps, ADMIN);
  return DEMO_LOGINS;
}
