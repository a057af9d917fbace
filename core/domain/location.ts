/**
 * Turning a place name typed by a person into a place the platform can reason about: the
 * arbeidsmarktregio (for sector demand) and coordinates (for travel distance).
 */
import { z } from 'zod';
import { AppError } from '../errors.js';
import { lookupPlace, suggestPlaces } from '../places/index.js';
import { text } from './fields.js';

/** A place as stored on profiles and vacancies. `region` and `geo` come from the gazetteer. */
export const ResolvedPlace = z.object({
  place: z.string(),
  region: z.string().nullable(),
  geo: z.object({ lat: z.number(), lng: z.number() }).nullable(),
});
export type ResolvedPlace = z.infer<typeof ResolvedPlace>;

/** A Dutch place name as typed (e.g. "Rotterdam", "den bosch", "'s-Hertogenbosch"). */
export const placeName = text(100);

/**
 * Resolve a place name through the gazetteer and store its canonical spelling. An unknown
 * place is a 400 with `suggestions`, so a client can offer "did you mean …".
 */
export function resolvePlace(name: string, field = 'place'): ResolvedPlace {
  const match = lookupPlace(name);
  if (!match) {
    throw new AppError('invalid', `Unknown place "${name}"`, {
      issues: [{ path: field, message: 'not a known Dutch place' }],
      extra: { suggestions: suggestPlaces(name) },
    });
  }
  return { place: match.name, region: match.region, geo: { lat: match.lat, lng: match.lng } };
}
