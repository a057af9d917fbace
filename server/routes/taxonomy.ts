/**
 * Public look-ups for forms: skills, occupations and sectors from the taxonomy, and Dutch
 * places from the gazetteer. The web app's suggestion lists use them as people type; they
 * carry no personal data, so they need no token.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { Deps } from '../../core/deps.js';
import { arbeidsmarktregios, lookupPlace, suggestPlaces } from '../../core/places/index.js';
import { loadTaxonomy, normalizeTerm, type LocalizedName } from '../../core/taxonomy/index.js';
import { route } from '../openapi.js';

const SuggestQuery = z.strictObject({
  q: z.string().max(100).optional().describe('What the person typed; empty lists everything, alphabetically'),
  limit: z.coerce.number().int().min(1).max(500).default(10),
});

const Name = z.object({ nl: z.string(), en: z.string() });
const SkillItem = z.object({ id: z.string(), name: Name, kind: z.string() });
const OccupationItem = z.object({ id: z.string(), name: Name, sector: z.string() });
const SectorItem = z.object({ id: z.string(), name: Name });
const PlaceItem = z.object({ name: z.string(), region: z.string().nullable(), regionName: z.string().nullable() });
const RegionItem = z.object({ id: z.string(), name: z.string() });
const list = <S extends z.ZodType>(item: S) => z.object({ items: z.array(item) });

interface Entry {
  id: string;
  name: LocalizedName;
  synonyms: string[];
}

/**
 * Rank taxonomy entries for what someone typed: an exact name or synonym first, then names
 * that start with it, then any term that starts with it, then a word inside a term, then a
 * substring. Case, accents and punctuation are ignored (as `resolveSkill` ignores them), so a
 * suggestion the person picks always resolves.
 *
 * @returns up to `limit` entries, best first; all entries alphabetically when `q` is empty.
 */
export function suggestTerms<T extends Entry>(entries: readonly T[], q: string | undefined, limit: number): T[] {
  const key = normalizeTerm(q ?? '');
  const byName = (a: T, b: T): number => a.name.nl.localeCompare(b.name.nl, 'nl');
  if (!key) return [...entries].sort(byName).slice(0, limit);
  const scored: { entry: T; score: number }[] = [];
  for (const entry of entries) {
    const names = [entry.name.nl, entry.name.en].map(normalizeTerm);
    const terms = [...names, ...entry.synonyms.map(normalizeTerm)];
    let score: number;
    if (terms.includes(key)) score = 0;
    else if (names.some((t) => t.startsWith(key))) score = 1;
    else if (terms.some((t) => t.startsWith(key))) score = 2;
    else if (terms.some((t) => t.split(' ').some((w) => w.startsWith(key)))) score = 3;
    else if (terms.some((t) => t.includes(key))) score = 4;
    else continue;
    scored.push({ entry, score });
  }
  scored.sort((a, b) => a.score - b.score || byName(a.entry, b.entry));
  return scored.slice(0, limit).map((s) => s.entry);
}

/** `GET /api/v1/taxonomy/*`, `GET /api/v1/places` and `GET /api/v1/regions`. */
export function taxonomyRoutes(deps: Deps): Router {
  const router = Router();
  const tag = 'taxonomy';

  route(
    router,
    deps,
    {
      method: 'get',
      path: '/api/v1/taxonomy/skills',
      tag,
      summary: 'Skills, certificates and licences matching what was typed (for suggestions)',
      auth: 'public',
      query: SuggestQuery,
      response: list(SkillItem),
    },
    async ({ query }) => ({
      items: suggestTerms(loadTaxonomy().skills, query.q, query.limit).map((s) => ({ id: s.id, name: s.name, kind: s.kind })),
    }),
  );

  route(
    router,
    deps,
    {
      method: 'get',
      path: '/api/v1/taxonomy/occupations',
      tag,
      summary: 'Occupations matching what was typed (for suggestions)',
      auth: 'public',
      query: SuggestQuery,
      response: list(OccupationItem),
    },
    async ({ query }) => ({
      items: suggestTerms(loadTaxonomy().occupations, query.q, query.limit).map((o) => ({ id: o.id, name: o.name, sector: o.sector })),
    }),
  );

  route(
    router,
    deps,
    { method: 'get', path: '/api/v1/taxonomy/sectors', tag, summary: 'All sectors', auth: 'public', response: list(SectorItem) },
    async () => ({ items: loadTaxonomy().sectors.map((s) => ({ id: s.id, name: s.name })) }),
  );

  route(
    router,
    deps,
    {
      method: 'get',
      path: '/api/v1/places',
      tag,
      summary: 'Dutch places matching what was typed, with their arbeidsmarktregio',
      auth: 'public',
      query: z.strictObject({ q: z.string().min(1).max(100), limit: z.coerce.number().int().min(1).max(20).default(8) }),
      response: list(PlaceItem),
    },
    async ({ query }) => {
      const regionName = new Map(arbeidsmarktregios().map((r) => [r.id, r.name]));
      return {
        items: suggestPlaces(query.q, query.limit).map((name) => {
          const region = lookupPlace(name)?.region ?? null;
          return { name, region, regionName: region ? (regionName.get(region) ?? null) : null };
        }),
      };
    },
  );

  route(
    router,
    deps,
    { method: 'get', path: '/api/v1/regions', tag, summary: "The 35 arbeidsmarktregio's", auth: 'public', response: list(RegionItem) },
    async () => ({ items: arbeidsmarktregios() }),
  );
  return router;
}
