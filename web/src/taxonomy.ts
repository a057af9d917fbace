/** Names for taxonomy ids (occupations, sectors, regions) and suggestion fetchers for forms. */
import { api, qs } from './api.js';
import { lang } from './i18n.js';

interface Named {
  id: string;
  name: { nl: string; en: string };
}

let occupations: Promise<Named[]> | undefined;
let skills: Promise<Named[]> | undefined;
let sectors: Promise<Named[]> | undefined;
let regions: Promise<Map<string, string>> | undefined;

/** Every occupation (about 200; fetched once, then from memory). */
export const allOccupations = (): Promise<Named[]> =>
  (occupations ??= api<{ items: Named[] }>('GET', '/api/v1/taxonomy/occupations?limit=500').then((r) => r.items));
/** Every skill (about 350; fetched once, then from memory). */
export const allSkills = (): Promise<Named[]> => (skills ??= api<{ items: Named[] }>('GET', '/api/v1/taxonomy/skills?limit=500').then((r) => r.items));
export const allSectors = (): Promise<Named[]> => (sectors ??= api<{ items: Named[] }>('GET', '/api/v1/taxonomy/sectors').then((r) => r.items));
export const allRegions = (): Promise<Map<string, string>> =>
  (regions ??= api<{ items: Array<{ id: string; name: string }> }>('GET', '/api/v1/regions').then((r) => new Map(r.items.map((x) => [x.id, x.name]))));

/** The display name of a taxonomy entry in the current language. */
export const nameOf = (entry: Named): string => entry.name[lang()];

/** A lookup id → display name; unknown ids show as they are (free text stays free text). */
export async function namer(kind: 'occupation' | 'sector' | 'skill'): Promise<(id: string) => string> {
  const list = await (kind === 'occupation' ? allOccupations() : kind === 'skill' ? allSkills() : allSectors());
  const map = new Map(list.map((e) => [e.id, nameOf(e)]));
  return (id) => map.get(id) ?? id;
}

/** The id of an occupation typed or picked by name; the API resolves anything else (and says so when it cannot). */
export async function occupationIdFor(text: string): Promise<string> {
  const key = text.trim().toLowerCase();
  const hit = (await allOccupations()).find((o) => o.id === key || o.name.nl.toLowerCase() === key || o.name.en.toLowerCase() === key);
  return hit?.id ?? text.trim();
}

const suggest = (path: string) => async (q: string): Promise<string[]> =>
  (await api<{ items: Named[] }>('GET', `${path}${qs({ q, limit: 8 })}`)).items.map(nameOf);

export const suggestSkills = suggest('/api/v1/taxonomy/skills');
export const suggestOccupations = suggest('/api/v1/taxonomy/occupations');
export const suggestPlaces = async (q: string): Promise<string[]> =>
  (await api<{ items: Array<{ name: string }> }>('GET', `/api/v1/places${qs({ q })}`)).items.map((p) => p.name);
