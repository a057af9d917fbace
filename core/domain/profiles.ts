/**
 * A jobseeker's profile (one per account) and its anonymised view.
 *
 * The anonymised view is built from an allow-list, not by deleting fields: a field added to
 * the profile later stays private until someone decides it may be shown.
 */
import { z } from 'zod';
import type { Deps } from '../deps.js';
import { AppError, notFound } from '../errors.js';
import type { Collection, DocumentStore, Stored } from '../ports/store.js';
import { announceChange } from '../changes.js';
import { email, isoDate, longText, month, phone, term, text } from './fields.js';
import { isStale, staleAt } from './freshness.js';
import { placeName, resolvePlace, ResolvedPlace } from './location.js';
import { occupationId, sectorId } from './terms.js';

export const WorkExperience = z
  .strictObject({
    title: text(120),
    occupation: term.optional(),
    sector: term.optional(),
    employerName: text(160),
    start: month,
    /** null: this is the current job. */
    end: month.nullable(),
    description: longText(2000).optional(),
  })
  .refine((e) => e.end === null || e.end >= e.start, { path: ['end'], message: 'must not be before start' });

export const EducationLevel = z.enum(['basisonderwijs', 'vmbo', 'havo', 'vwo', 'mbo-1', 'mbo-2', 'mbo-3', 'mbo-4', 'hbo', 'wo', 'other']);

export const Education = z.strictObject({
  level: EducationLevel,
  field: text(160),
  institution: text(160).optional(),
  completed: z.boolean(),
  year: z.number().int().min(1940).max(2100).optional(),
});

export const Language = z.strictObject({
  /** ISO 639-1/-3 code such as `nl`, `en`, `ar`, `tir`. */
  code: z.string().regex(/^[a-z]{2,3}$/, 'an ISO 639 language code such as nl'),
  level: z.enum(['A1', 'A2', 'B1', 'B2', 'C1', 'C2', 'native']),
});

export const Address = z.strictObject({
  street: text(120),
  houseNumber: z.string().regex(/^[0-9]{1,5}[A-Za-z0-9 -]{0,6}$/, 'a house number such as 12 or 12-A'),
  postcode: z
    .string()
    .regex(/^[1-9][0-9]{3} ?[A-Za-z]{2}$/, 'a Dutch postcode such as 3011 AB')
    .transform((v) => `${v.slice(0, 4)} ${v.slice(-2).toUpperCase()}`),
  city: text(100),
});

/** What an organisation sees only after the jobseeker accepted its contact request. */
export const Contact = z.strictObject({
  name: text(120),
  email,
  phone,
  address: Address.optional(),
  birthDate: isoDate.optional(),
});
export type Contact = z.infer<typeof Contact>;

export const Visibility = z.enum(['hidden', 'anonymous']);

/**
 * The body of `PUT /api/v1/me/profile`: the whole profile, replaced at once. Occupations and
 * sectors may be given as taxonomy ids or names/synonyms; they are stored as ids.
 */
export const ProfileInput = z.strictObject({
  desiredOccupations: z.array(term).max(20).default([]),
  desiredSectors: z.array(term).max(20).default([]),
  skills: z.array(term).max(100).default([]),
  experience: z.array(WorkExperience).max(50).default([]),
  education: z.array(Education).max(20).default([]),
  languages: z.array(Language).max(20).default([]),
  place: placeName,
  maxTravelKm: z.number().int().min(0).max(300),
  hoursPerWeek: z.number().int().min(1).max(60),
  availableFrom: isoDate,
  drivingLicence: z.boolean().default(false),
  /** Private by default: a jobseeker opts in to being found (anonymously). */
  visibility: Visibility.default('hidden'),
  contact: Contact,
});
export type ProfileInput = z.infer<typeof ProfileInput>;

/**
 * A profile as stored. The Mongo adapter derives its mongoose schema from this zod schema
 * (adapters/store/mongo-schemas.ts), so the two cannot drift apart.
 */
export const ProfileDoc = ProfileInput.omit({ place: true }).extend({
  ...ResolvedPlace.shape,
  ownerId: z.string(),
  /** When the owner last saved or confirmed the profile; stale 90 days later. */
  confirmedAt: z.string().nullable(),
  /** The `confirmedAt` the owner was last reminded about (reminders.ts), so each is reminded once. */
  remindedFor: z.string().optional(),
});
export type ProfileDoc = z.infer<typeof ProfileDoc>;

/** The owner's view of their profile. */
export const Profile = ProfileInput.omit({ place: true }).extend({
  id: z.string(),
  ...ResolvedPlace.shape,
  confirmedAt: z.string().nullable(),
  staleAt: z.string().nullable(),
  stale: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Profile = z.infer<typeof Profile>;

/** What organisations see before contact is accepted: no name, e-mail, phone, address or birth date. */
export const AnonymousProfile = Profile.omit({ contact: true, confirmedAt: true, staleAt: true, stale: true, createdAt: true }).extend({
  contact: Contact.nullable().describe('null until the jobseeker accepts your contact request'),
});
export type AnonymousProfile = z.infer<typeof AnonymousProfile>;

export const profiles = (store: DocumentStore): Collection<ProfileDoc> => store.collection<ProfileDoc>('profiles');

/**
 * The profile without anything that identifies the person. Work experience keeps the
 * employer's name (it says what someone can do); everything in `contact` goes.
 */
export function anonymise(profile: Stored<ProfileDoc>): AnonymousProfile {
  return {
    id: profile.id,
    desiredOccupations: profile.desiredOccupations,
    desiredSectors: profile.desiredSectors,
    skills: profile.skills,
    experience: profile.experience.map((e) => ({
      title: e.title,
      occupation: e.occupation,
      sector: e.sector,
      employerName: e.employerName,
      start: e.start,
      end: e.end,
      description: e.description,
    })),
    education: profile.education.map((e) => ({ level: e.level, field: e.field, institution: e.institution, completed: e.completed, year: e.year })),
    languages: profile.languages.map((l) => ({ code: l.code, level: l.level })),
    place: profile.place,
    region: profile.region,
    geo: profile.geo,
    maxTravelKm: profile.maxTravelKm,
    hoursPerWeek: profile.hoursPerWeek,
    availableFrom: profile.availableFrom,
    drivingLicence: profile.drivingLicence,
    visibility: profile.visibility,
    updatedAt: profile.updatedAt,
    contact: null,
  };
}

/** The owner's view: everything, plus when it goes stale. */
export function ownerView(profile: Stored<ProfileDoc>, now: Date): Profile {
  const { version: _v, deletedAt: _d, ownerId: _o, remindedFor: _r, ...rest } = profile;
  return { ...rest, staleAt: staleAt(profile), stale: isStale(profile, now) };
}

/** The caller's own stored profile, or null. */
export async function findOwnProfile(deps: Pick<Deps, 'store'>, ownerId: string): Promise<Stored<ProfileDoc> | null> {
  const [profile] = await profiles(deps.store).find({ ownerId }, { limit: 1 });
  return profile ?? null;
}

/** The jobseeker's profile; 404 until they saved one. */
export async function getMyProfile(deps: Pick<Deps, 'store' | 'clock'>, ownerId: string): Promise<Profile> {
  const profile = await findOwnProfile(deps, ownerId);
  if (!profile) throw notFound('Profile');
  return ownerView(profile, deps.clock.now());
}

/** Create or replace the jobseeker's profile. Saving counts as confirming it is current. */
export async function saveMyProfile(
  deps: Pick<Deps, 'store' | 'clock' | 'queue' | 'logger'>,
  ownerId: string,
  input: ProfileInput,
): Promise<{ profile: Profile; created: boolean }> {
  const { place, ...rest } = input;
  const doc: ProfileDoc = {
    ...rest,
    desiredOccupations: input.desiredOccupations.map((o, i) => occupationId(o, `desiredOccupations/${i}`)),
    desiredSectors: input.desiredSectors.map((s, i) => sectorId(s, `desiredSectors/${i}`)),
    experience: input.experience.map((e, i) => ({
      ...e,
      ...(e.occupation === undefined ? {} : { occupation: occupationId(e.occupation, `experience/${i}/occupation`) }),
      ...(e.sector === undefined ? {} : { sector: sectorId(e.sector, `experience/${i}/sector`) }),
    })),
    ...resolvePlace(place),
    ownerId,
    confirmedAt: deps.clock.now().toISOString(),
  };
  const existing = await findOwnProfile(deps, ownerId);
  const saved = existing
    ? await profiles(deps.store).upsert(existing.id, doc)
    : await profiles(deps.store).insert(doc);
  await announceChange(deps, 'profile', saved.id);
  return { profile: ownerView(saved, deps.clock.now()), created: !existing };
}

/** "My profile is still current": resets the 90-day clock so it returns to search and matches. */
export async function confirmMyProfile(deps: Pick<Deps, 'store' | 'clock' | 'queue' | 'logger'>, ownerId: string): Promise<Profile> {
  const existing = await findOwnProfile(deps, ownerId);
  if (!existing) throw notFound('Profile');
  const saved = await profiles(deps.store).update(existing.id, { confirmedAt: deps.clock.now().toISOString() });
  await announceChange(deps, 'profile', saved.id);
  return ownerView(saved, deps.clock.now());
}

/**
 * A profile an organisation may reach: visible (not hidden) and fresh. Anything else is
 * "not found", so an organisation cannot even learn that a hidden profile exists.
 */
export async function getReachableProfile(deps: Pick<Deps, 'store' | 'clock'>, profileId: string): Promise<Stored<ProfileDoc>> {
  const profile = await profiles(deps.store).get(profileId);
  if (!profile || profile.visibility === 'hidden' || isStale(profile, deps.clock.now())) throw notFound('Profile');
  return profile;
}

/** Guard for jobseeker-only actions that need a profile to exist. */
export function requireProfile(profile: Stored<ProfileDoc> | null): Stored<ProfileDoc> {
  if (!profile) throw new AppError('not_found', 'Create your profile first (PUT /api/v1/me/profile)');
  return profile;
}
