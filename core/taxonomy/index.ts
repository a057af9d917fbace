/**
 * The occupation/skill taxonomy: reviewable JSON in `seeds/taxonomy/`, validated by the
 * zod schemas below (the single source of truth for its types), plus the lookups that
 * matching and search need (by id, by free text, synonym groups).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** A short kebab-case ASCII identifier, stable across releases (ids are stored in profiles and vacancies). */
export const TaxonomyIdSchema = z.string().regex(ID, 'id must be kebab-case ascii');

/** A name in the two product languages. */
export const LocalizedNameSchema = z.object({ nl: z.string().min(1), en: z.string().min(1) }).strict();

/** A sector, e.g. `{ id: 'zorg', name: { nl: 'Zorg en welzijn', en: 'Health care and social work' } }`. */
export const SectorSchema = z.object({ id: TaxonomyIdSchema, name: LocalizedNameSchema }).strict();

/** What a skill entry is: a competence, a diploma/certificate, a body of knowledge, a language or a licence. */
export const SkillKindSchema = z.enum(['skill', 'certificate', 'knowledge', 'language', 'licence']);

/** A skill, certificate, knowledge area, language or licence, with Dutch/English synonyms for search. */
export const SkillSchema = z
  .object({
    id: TaxonomyIdSchema,
    name: LocalizedNameSchema,
    synonyms: z.array(z.string().min(1)),
    kind: SkillKindSchema,
  })
  .strict();

/** CBS Beroepenclassificatie 2014 beroepsgroep: 4-digit code and its Dutch name. */
export const Brc2014Schema = z.object({ group: z.string(), name: z.string().min(1) }).strict();

/** An occupation with its ISCO-08 unit group, BRC 2014 group, sector and skill references. */
export const OccupationSchema = z
  .object({
    id: TaxonomyIdSchema,
    name: LocalizedNameSchema,
    synonyms: z.array(z.string().min(1)),
    isco08: z.string(),
    brc2014: Brc2014Schema,
    sector: z.string(),
    essentialSkills: z.array(z.string()),
    optionalSkills: z.array(z.string()),
  })
  .strict();

/** The whole taxonomy as loaded from the three seed files. */
export const TaxonomySchema = z
  .object({
    sectors: z.array(SectorSchema),
    occupations: z.array(OccupationSchema),
    skills: z.array(SkillSchema),
  })
  .strict();

export type LocalizedName = z.infer<typeof LocalizedNameSchema>;
export type Sector = z.infer<typeof SectorSchema>;
export type SkillKind = z.infer<typeof SkillKindSchema>;
export type Skill = z.infer<typeof SkillSchema>;
export type Occupation = z.infer<typeof OccupationSchema>;
export type Taxonomy = z.infer<typeof TaxonomySchema>;

const SectorsFileSchema = z.object({ $comment: z.string().optional(), sectors: z.array(SectorSchema) }).strict();
const SkillsFileSchema = z.object({ $comment: z.string().optional(), skills: z.array(SkillSchema) }).strict();
const OccupationsFileSchema = z
  .object({ $comment: z.string().optional(), occupations: z.array(OccupationSchema) })
  .strict();

/**
 * Finds `relative` (e.g. `seeds/taxonomy`) by walking up from this module's folder.
 * Walking up (instead of a fixed `../..`) makes the same code work from `tsx` on
 * `core/taxonomy/index.ts` and from the compiled `dist/core/taxonomy/index.js`.
 *
 * @throws Error when no ancestor folder contains `relative`.
 */
export function findRepoPath(relative: string, from: string = import.meta.url): string {
  let dir = dirname(fileURLToPath(from));
  for (;;) {
    const candidate = join(dir, relative);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`could not find ${relative} above ${fileURLToPath(from)}`);
    dir = parent;
  }
}

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

let cached: Taxonomy | undefined;

/**
 * Reads and schema-checks `seeds/taxonomy/{sectors,occupations,skills}.json` (once; later
 * calls return the same object, which callers must not mutate). Referential checks
 * (unknown skills, duplicates, ...) are {@link validateTaxonomy}'s job.
 *
 * @throws ZodError when a file does not match the schema.
 */
export function loadTaxonomy(): Taxonomy {
  if (cached) return cached;
  const dir = dirname(findRepoPath('seeds/taxonomy/occupations.json'));
  const { sectors } = SectorsFileSchema.parse(readJson(join(dir, 'sectors.json')));
  const { skills } = SkillsFileSchema.parse(readJson(join(dir, 'skills.json')));
  const { occupations } = OccupationsFileSchema.parse(readJson(join(dir, 'occupations.json')));
  cached = { sectors, occupations, skills };
  return cached;
}

/**
 * Normalises a term for matching: case, diacritics (é → e), curly quotes, and punctuation
 * and whitespace runs (which become one space). `+` and `#` survive for C++/C#.
 */
export function normalizeTerm(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’‘`´]/g, '')
    .replace(/[^a-z0-9+#]+/g, ' ')
    .trim();
}

function termsOf(entry: { id: string; name: LocalizedName; synonyms: string[] }): string[] {
  return [entry.id, entry.name.nl, entry.name.en, ...entry.synonyms];
}

function duplicates(ids: string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const id of ids) (seen.has(id) ? dup : seen).add(id);
  return [...dup];
}

/** Reports terms (names, synonyms, ids) that normalise equally but belong to different entries. */
function collisions(kind: string, entries: { id: string; name: LocalizedName; synonyms: string[] }[]): string[] {
  const owner = new Map<string, string>();
  const problems: string[] = [];
  for (const entry of entries) {
    for (const term of termsOf(entry)) {
      const key = normalizeTerm(term);
      if (!key) {
        problems.push(`${kind} ${entry.id}: empty term "${term}"`);
        continue;
      }
      const other = owner.get(key);
      if (other === undefined) owner.set(key, entry.id);
      else if (other !== entry.id) problems.push(`${kind} synonym collision: "${term}" is used by ${other} and ${entry.id}`);
    }
  }
  return problems;
}

/**
 * Checks what the schema cannot: duplicate ids, ids that are not kebab-case, unknown skill
 * and sector references, a skill both essential and optional, ISCO-08 codes that are not 4
 * digits, BRC 2014 groups outside beroepsklassen 01–13, occupations without essential
 * skills, and synonym collisions (one term naming two occupations, or two skills).
 *
 * @returns human-readable problems; empty when the taxonomy is sound.
 */
export function validateTaxonomy(t: Taxonomy): string[] {
  const problems: string[] = [];
  for (const [kind, list] of [
    ['sector', t.sectors],
    ['skill', t.skills],
    ['occupation', t.occupations],
  ] as const) {
    for (const id of duplicates(list.map((e) => e.id))) problems.push(`duplicate ${kind} id: ${id}`);
    for (const e of list) if (!ID.test(e.id)) problems.push(`${kind} id is not kebab-case ascii: ${e.id}`);
  }
  const skillIds = new Set(t.skills.map((s) => s.id));
  const sectorIds = new Set(t.sectors.map((s) => s.id));
  for (const o of t.occupations) {
    if (!/^\d{4}$/.test(o.isco08)) problems.push(`occupation ${o.id}: ISCO-08 code must be 4 digits, got "${o.isco08}"`);
    if (!/^(0[1-9]|1[0-3])\d{2}$/.test(o.brc2014.group)) {
      problems.push(`occupation ${o.id}: BRC 2014 group must be 4 digits starting with beroepsklasse 01-13, got "${o.brc2014.group}"`);
    }
    if (!sectorIds.has(o.sector)) problems.push(`occupation ${o.id}: unknown sector ${o.sector}`);
    if (o.essentialSkills.length === 0) problems.push(`occupation ${o.id}: no essential skills`);
    for (const ref of [...o.essentialSkills, ...o.optionalSkills]) {
      if (!skillIds.has(ref)) problems.push(`occupation ${o.id}: unknown skill ${ref}`);
    }
    for (const id of duplicates([...o.essentialSkills, ...o.optionalSkills])) {
      problems.push(`occupation ${o.id}: skill ${id} listed twice`);
    }
  }
  problems.push(...collisions('occupation', t.occupations), ...collisions('skill', t.skills));
  return problems;
}

interface Indexes {
  occupationById: Map<string, Occupation>;
  skillById: Map<string, Skill>;
  occupationByTerm: Map<string, string>;
  skillByTerm: Map<string, string>;
}

const indexes = new WeakMap<Taxonomy, Indexes>();

function termIndex(entries: { id: string; name: LocalizedName; synonyms: string[] }[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const e of entries) for (const term of termsOf(e)) if (!map.has(normalizeTerm(term))) map.set(normalizeTerm(term), e.id);
  return map;
}

function indexesOf(t: Taxonomy): Indexes {
  let ix = indexes.get(t);
  if (!ix) {
    ix = {
      occupationById: new Map(t.occupations.map((o) => [o.id, o])),
      skillById: new Map(t.skills.map((s) => [s.id, s])),
      occupationByTerm: termIndex(t.occupations),
      skillByTerm: termIndex(t.skills),
    };
    indexes.set(t, ix);
  }
  return ix;
}

/** The occupation with this id, or undefined. */
export function occupationById(id: string, t: Taxonomy = loadTaxonomy()): Occupation | undefined {
  return indexesOf(t).occupationById.get(id);
}

/** The skill with this id, or undefined. */
export function skillById(id: string, t: Taxonomy = loadTaxonomy()): Skill | undefined {
  return indexesOf(t).skillById.get(id);
}

/**
 * Maps free text ("VCA basis", "heftruck rijbewijs", "Rijbewijs B") to a skill id by exact
 * match on id, Dutch or English name or a synonym, ignoring case, diacritics and punctuation.
 *
 * @returns the skill id, or null when nothing matches exactly.
 */
export function resolveSkill(text: string, t: Taxonomy = loadTaxonomy()): string | null {
  return indexesOf(t).skillByTerm.get(normalizeTerm(text)) ?? null;
}

/**
 * Maps free text ("programmeur", "zorgmedewerker", "Caissière") to an occupation id, like
 * {@link resolveSkill}.
 *
 * @returns the occupation id, or null when nothing matches exactly.
 */
export function resolveOccupation(text: string, t: Taxonomy = loadTaxonomy()): string | null {
  return indexesOf(t).occupationByTerm.get(normalizeTerm(text)) ?? null;
}

/**
 * Synonym groups for the search engine: one group per occupation and per skill that has
 * more than one distinct term (Dutch name, English name, synonyms), lower-cased and
 * de-duplicated by normalised form. Each term in a group is a synonym of every other.
 */
export function synonymGroups(t: Taxonomy = loadTaxonomy()): string[][] {
  const groups: string[][] = [];
  for (const e of [...t.occupations, ...t.skills]) {
    const byKey = new Map<string, string>();
    for (const term of [e.name.nl, e.name.en, ...e.synonyms]) {
      const key = normalizeTerm(term);
      if (key && !byKey.has(key)) byKey.set(key, term.toLowerCase());
    }
    if (byKey.size > 1) groups.push([...byKey.values()]);
  }
  return groups;
}
