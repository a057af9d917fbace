/**
 * Occupations and sectors typed by people ("zorgmedewerker", "Zorg en welzijn") resolved to
 * taxonomy ids, so that matching, sector demand and search all speak about the same thing.
 * Skills stay free text: people have skills the taxonomy does not list, and the matcher
 * resolves what it can through synonyms.
 */
import { AppError } from '../errors.js';
import { loadTaxonomy, normalizeTerm, occupationById, resolveOccupation } from '../taxonomy/index.js';

const invalidTerm = (what: string, value: string, path: string, suggestions: string[]): AppError =>
  new AppError('invalid', `Unknown ${what} "${value}"`, {
    issues: [{ path, message: `not a known ${what}` }],
    extra: { suggestions },
  });

/** Up to five names that contain the typed words, for "did you mean". */
function suggest(value: string, names: string[]): string[] {
  const words = normalizeTerm(value).split(' ').filter((w) => w.length >= 3);
  if (!words.length) return [];
  return names.filter((name) => words.some((w) => normalizeTerm(name).includes(w))).slice(0, 5);
}

/** An occupation id from an id, a Dutch or English name or a synonym; unknown is a 400 with suggestions. */
export function occupationId(value: string, path = 'occupation'): string {
  const id = resolveOccupation(value);
  if (id) return id;
  throw invalidTerm('occupation', value, path, suggest(value, loadTaxonomy().occupations.map((o) => o.name.nl)));
}

/** A sector id from an id or its Dutch or English name; unknown is a 400 listing the sectors. */
export function sectorId(value: string, path = 'sector'): string {
  const key = normalizeTerm(value);
  const { sectors } = loadTaxonomy();
  const hit = sectors.find((s) => [s.id, s.name.nl, s.name.en].some((n) => normalizeTerm(n) === key));
  if (hit) return hit.id;
  throw invalidTerm('sector', value, path, sectors.map((s) => s.name.nl));
}

/** The sector an occupation belongs to (a vacancy without a sector takes its occupation's). */
export function sectorOfOccupation(id: string): string {
  const occupation = occupationById(id);
  // Only reached with ids `occupationId` returned, and every taxonomy occupation has a sector.
  if (!occupation) throw new AppError('internal', `Occupation ${id} vanished from the taxonomy`);
  return occupation.sector;
}
