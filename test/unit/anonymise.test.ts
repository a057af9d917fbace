import { describe, expect, it } from 'vitest';
import type { Stored } from '../../core/ports/store.js';
import { anonymise, ProfileInput, type ProfileDoc } from '../../core/domain/profiles.js';
import { isStale } from '../../core/domain/freshness.js';

const contact = {
  name: 'Fatima Zahra Ouali',
  email: 'fatima.ouali@example.nl',
  phone: '+31 6 98765432',
  address: { street: 'Mathenesserlaan', houseNumber: '301B', postcode: '3021HK', city: 'Rotterdam' },
  birthDate: '1987-04-12',
};

function storedProfile(overrides: Partial<ProfileDoc> = {}): Stored<ProfileDoc> {
  const input = ProfileInput.parse({
    desiredOccupations: ['Verzorgende IG'],
    skills: ['klantcontact'],
    experience: [{ title: 'Caissière', employerName: 'Supermarkt West', start: '2018-01', end: null }],
    languages: [{ code: 'nl', level: 'C1' }],
    place: 'Rotterdam',
    maxTravelKm: 10,
    hoursPerWeek: 24,
    availableFrom: '2025-02-01',
    visibility: 'anonymous',
    contact,
  });
  const { place, ...rest } = input;
  return {
    ...rest,
    place,
    region: 'Rijnmond',
    geo: { lat: 51.92, lng: 4.48 },
    ownerId: 'account-secret-id',
    confirmedAt: '2025-01-01T00:00:00.000Z',
    id: 'profile1',
    version: 1,
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
    deletedAt: null,
    ...overrides,
  };
}

describe('anonymise', () => {
  it('carries no name, e-mail, phone, street address, birth date or account id anywhere', () => {
    const view = anonymise(storedProfile());
    const json = JSON.stringify(view);
    for (const secret of ['Fatima', 'Ouali', 'fatima.ouali@example.nl', '98765432', 'Mathenesserlaan', '301B', '3021', '1987-04-12', 'account-secret-id']) {
      expect(json).not.toContain(secret);
    }
    expect(view.contact).toBeNull();
    expect(view).not.toHaveProperty('ownerId');
  });

  it('keeps what an employer needs to judge fit', () => {
    const view = anonymise(storedProfile());
    expect(view.id).toBe('profile1');
    expect(view.place).toBe('Rotterdam');
    expect(view.skills).toEqual(['klantcontact']);
    expect(view.experience[0]).toMatchObject({ title: 'Caissière', employerName: 'Supermarkt West', start: '2018-01', end: null });
  });

  it('drops fields it does not know, so a new private field never leaks by default', () => {
    const profile = storedProfile() as Stored<ProfileDoc> & { nationalId?: string };
    profile.nationalId = '123456782';
    (profile.experience[0] as Record<string, unknown>).managerPhone = '+31 10 1234567';
    const json = JSON.stringify(anonymise(profile));
    expect(json).not.toContain('123456782');
    expect(json).not.toContain('1234567');
  });
});

describe('isStale', () => {
  const confirmedAt = '2025-01-01T00:00:00.000Z';
  it('is fresh for 90 days after confirmation and stale after', () => {
    expect(isStale({ confirmedAt }, new Date('2025-03-31T23:59:59.000Z'))).toBe(false);
    expect(isStale({ confirmedAt }, new Date('2025-04-02T00:00:00.000Z'))).toBe(true);
  });
  it('treats a never-confirmed profile as stale', () => {
    expect(isStale({ confirmedAt: null }, new Date())).toBe(true);
  });
});
