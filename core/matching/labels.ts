/**
 * Taxonomy names as they read in the middle of a Dutch sentence ("ervaring in zorg en
 * welzijn", "ervaring als verzorgende IG", "ervaring in ICT").
 */
import { loadTaxonomy, occupationById } from '../taxonomy/index.js';

/**
 * Lower-case the first letter, unless the first word is an abbreviation: "Zorg en welzijn" →
 * "zorg en welzijn", but "ICT", "GGZ-agoog" and "UX-designer" stay as written (a capital after
 * the first letter of the first word marks one).
 */
export function midSentence(name: string): string {
  const firstWord = name.split(/[\s-]/, 1)[0] ?? '';
  return /\p{Lu}/u.test(firstWord.slice(1)) ? name : name.charAt(0).toLowerCase() + name.slice(1);
}

export const occupationLabel = (id: string): string => midSentence(occupationById(id)?.name.nl ?? id);

export const sectorLabel = (id: string): string => midSentence(loadTaxonomy().sectors.find((s) => s.id === id)?.name.nl ?? id);

/** The occupation's BRC 2014 group, e.g. "verzorgenden" or "gebruikersondersteuning ICT". */
export const occupationGroupLabel = (id: string): string => midSentence(occupationById(id)?.brc2014.name ?? '');
