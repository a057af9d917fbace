/**
 * Shared helpers for the e2e suites of accounts, profiles, vacancies and contact requests:
 * unique accounts per test and valid bodies to start from.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { seedAccount } from '../../core/domain/accounts.js';
import type { TestApp } from '../support/app.js';

export const PASSWORD = 'correct horse battery';

export interface Actor {
  token: string;
  accountId: string;
  email: string;
  organisationId?: string;
}

/** Register a fresh account with a unique e-mail; employers and intermediaries get an organisation. */
export async function register(app: TestApp, role: 'jobseeker' | 'employer' | 'intermediary', name = `${role} ${randomUUID().slice(0, 6)}`): Promise<Actor> {
  const email = `${role}-${randomUUID()}@example.nl`;
  const body: Record<string, unknown> = { email, password: PASSWORD, name, role };
  if (role !== 'jobseeker') body.organisationName = `${name} BV`;
  const res = await app.request('POST', '/api/v1/auth/register', { body });
  expect(res.status, res.text).toBe(201);
  return { token: res.body.token, accountId: res.body.account.id, email, organisationId: res.body.account.organisationIds[0] };
}

/** A municipality admin (admins cannot register themselves), seeded with a unique e-mail; returns its token. */
export async function adminToken(app: TestApp): Promise<string> {
  const email = `admin-${randomUUID()}@example.nl`;
  await seedAccount(app.deps, { email, password: PASSWORD, name: 'Gemeente', role: 'admin' });
  return (await app.request('POST', '/api/v1/auth/login', { body: { email, password: PASSWORD } })).body.token;
}

/** Await a response, assert its status (200 unless told), and return its body. */
export async function ok(pending: Promise<{ status: number; text: string; body: any }>, status = 200): Promise<any> {
  const res = await pending;
  expect(res.status, res.text).toBe(status);
  return res.body;
}

/** A complete, valid profile body. */
export function profileBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    desiredOccupations: ['Verzorgende IG'],
    desiredSectors: ['Zorg en welzijn'],
    skills: ['klantcontact', 'kassawerk'],
    experience: [{ title: 'Verkoopmedewerker', employerName: 'Supermarkt Zuid', start: '2019-03', end: null, sector: 'Detailhandel' }],
    education: [{ level: 'mbo-2', field: 'Retail', completed: true }],
    languages: [{ code: 'nl', level: 'native' }],
    place: 'Rotterdam',
    maxTravelKm: 15,
    hoursPerWeek: 32,
    availableFrom: '2025-02-01',
    drivingLicence: false,
    visibility: 'anonymous',
    contact: {
      name: 'Sanne Bakker',
      email: 'sanne.bakker@example.nl',
      phone: '+31 6 12345678',
      address: { street: 'Slinge', houseNumber: '12', postcode: '3085 EZ', city: 'Rotterdam' },
      birthDate: '1990-05-01',
    },
    ...overrides,
  };
}

/** A jobseeker with a saved profile; returns the actor and the profile id. */
export async function jobseekerWithProfile(app: TestApp, overrides: Record<string, unknown> = {}): Promise<Actor & { profileId: string }> {
  const actor = await register(app, 'jobseeker');
  const res = await app.request('PUT', '/api/v1/me/profile', { token: actor.token, body: profileBody(overrides) });
  expect(res.status, res.text).toBe(201);
  return { ...actor, profileId: res.body.id };
}

/** A complete, valid vacancy body. */
export function vacancyBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: 'Helpende Zorg en Welzijn',
    occupation: 'Helpende zorg en welzijn',
    sector: 'Zorg en welzijn',
    description: 'Bewoners helpen bij de dagelijkse verzorging.',
    mustHaveSkills: ['klantcontact'],
    niceToHaveSkills: [],
    place: 'Rotterdam',
    hoursPerWeek: { min: 24, max: 32 },
    salary: { min: 2300, max: 2800, period: 'month' },
    startDate: '2025-03-01',
    status: 'open',
    ...overrides,
  };
}

/** A complete, valid course body: Basiszorg, EUR 1200, 10 weeks, in Rijnmond. */
export function courseBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    provider: 'Zorgcollege (test)',
    title: 'Basiszorg',
    targetOccupations: ['Verzorgende IG'],
    skillsTaught: ['persoonlijke verzorging', 'medicatie-toedienen'],
    costEur: 1200,
    durationWeeks: 10,
    format: 'classroom',
    regions: ['rijnmond'],
    startDates: ['2099-03-01'],
    ...overrides,
  };
}

/** A complete, valid programme body for Rotterdam's care sector, reviewed by this organisation. */
export function programmeBody(reviewer: Actor, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: `Scholingsfonds ${randomUUID().slice(0, 6)}`,
    municipality: 'Rotterdam',
    incomeCeilingEur: 40000,
    maxPerParticipantEur: 3000,
    places: 10,
    budgetEur: 6000,
    eligibleSectors: ['zorg'],
    regions: ['rijnmond'],
    period: { start: '2026-01-01', end: '2099-12-31' },
    reviewerOrganisationIds: [reviewer.organisationId],
    ...overrides,
  };
}

/** Assert an RFC 9457 problem response with this status. */
export function expectProblem(res: { status: number; headers: Headers; body: any; text: string }, status: number): void {
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, title: expect.any(String), type: expect.any(String) });
}
