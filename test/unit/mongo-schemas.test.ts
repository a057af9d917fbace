/**
 * The mongoose schemas are derived from the zod schemas (adapters/store/mongo-schemas.ts).
 * No MongoDB is needed to prove they mirror each other: mongoose validates documents offline.
 */
import mongoose from 'mongoose';
import { afterAll, describe, expect, it } from 'vitest';
import { documentValidators, mongooseSchemaFromZod } from '../../adapters/store/mongo-schemas.js';
import { ProfileDoc, ProfileInput } from '../../core/domain/profiles.js';
import { VacancyDoc } from '../../core/domain/vacancies.js';
import { STORED_SCHEMAS } from '../../core/domain/stored-schemas.js';

const connection = mongoose.createConnection();
afterAll(() => connection.close());
const validators = documentValidators(connection, STORED_SCHEMAS);
const meta = { _id: 'p1', version: 1, createdAt: '2026-11-23T10:00:00.000Z', updatedAt: '2026-11-23T10:00:00.000Z', deletedAt: null };

const profile = {
  ...ProfileInput.omit({ place: true }).parse({
    maxTravelKm: 15,
    hoursPerWeek: 32,
    availableFrom: '2026-12-01',
    visibility: 'anonymous',
    skills: ['kassa', 'klantgericht werken'],
    experience: [{ title: 'Verkoopmedewerker', employerName: 'Albert Heijn', start: '2019-03', end: null }],
    languages: [{ code: 'nl', level: 'native' }],
    contact: { name: 'Fatima el Amrani', email: 'fatima@example.nl', phone: '+31612345678' },
  }),
  place: 'Rotterdam',
  region: 'rijnmond',
  geo: { lat: 51.9225, lng: 4.47917 },
  ownerId: 'a1',
  confirmedAt: '2026-11-23T10:00:00.000Z',
};

describe('mongoose schemas mirror the zod schemas', () => {
  it('has a mongoose path for every top-level zod field, plus the store bookkeeping', () => {
    for (const zodSchema of [ProfileDoc, VacancyDoc]) {
      const paths = Object.keys(mongooseSchemaFromZod(zodSchema).paths).map((p) => p.split('.')[0]!);
      expect(new Set(paths)).toEqual(new Set([...Object.keys(zodSchema.shape), '_id', 'version', 'createdAt', 'updatedAt', 'deletedAt']));
    }
  });

  it('accepts a document the zod schema accepts', () => {
    expect(ProfileDoc.safeParse(profile).success).toBe(true);
    expect(() => validators.get('profiles')!({ ...profile, ...meta })).not.toThrow();
  });

  it('rejects wrong types, enum values and limits, naming the path', () => {
    const check = (doc: Record<string, unknown>) => () => validators.get('profiles')!({ ...doc, ...meta });
    expect(check({ ...profile, hoursPerWeek: 'veel' })).toThrow(expect.objectContaining({ code: 'invalid', issues: [expect.objectContaining({ path: 'hoursPerWeek' })] }));
    expect(check({ ...profile, visibility: 'public' })).toThrow(expect.objectContaining({ issues: [expect.objectContaining({ path: 'visibility' })] }));
    expect(check({ ...profile, maxTravelKm: 5000 })).toThrow(/profiles schema/);
    expect(check({ ...profile, ownerId: undefined })).toThrow(expect.objectContaining({ issues: [expect.objectContaining({ path: 'ownerId' })] }));
  });

  it('rejects fields the zod schema does not know, also nested ones', () => {
    expect(() => validators.get('profiles')!({ ...profile, ...meta, role: 'admin' })).toThrow(/role/);
    expect(() => validators.get('profiles')!({ ...profile, ...meta, contact: { ...profile.contact, ssn: '123' } })).toThrow(/ssn/);
  });

  it('validates only the patched paths of a partial update', () => {
    expect(() => validators.get('profiles')!({ hoursPerWeek: 20 }, ['hoursPerWeek'])).not.toThrow();
    expect(() => validators.get('profiles')!({ hoursPerWeek: 0 }, ['hoursPerWeek'])).toThrow(/hoursPerWeek/);
  });
});
