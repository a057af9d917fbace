import { describe, expect, it } from 'vitest';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import {
  findRepoPath,
  loadTaxonomy,
  occupationById,
  resolveOccupation,
  resolveSkill,
  skillById,
  synonymGroups,
  validateTaxonomy,
  type Taxonomy,
} from '../../core/taxonomy/index.js';
import { arbeidsmarktregios } from '../../core/places/index.js';

describe('shipped taxonomy', () => {
  const t = loadTaxonomy();

  it('validates with zero problems', () => {
    expect(validateTaxonomy(t)).toEqual([]);
  });

  it('has the expected size', () => {
    expect(t.sectors.length).toBeGreaterThanOrEqual(13);
    expect(t.occupations.length).toBeGreaterThanOrEqual(140);
    expect(t.skills.length).toBeGreaterThanOrEqual(280);
    expect(arbeidsmarktregios()).toHaveLength(35);
  });

  it('has the sectors the municipalities fund retraining for', () => {
    const ids = t.sectors.map((s) => s.id);
    for (const id of ['zorg', 'onderwijs', 'ict', 'bouw', 'techniek', 'energietransitie', 'handhaving-veiligheid', 'circulaire-economie', 'logistiek', 'horeca', 'detailhandel', 'schoonmaak', 'overheid']) {
      expect(ids).toContain(id);
    }
  });

  it('uses real ISCO-08 codes for well-known occupations', () => {
    const isco = (id: string): string | undefined => occupationById(id)?.isco08;
    expect(isco('verpleegkundige')).toBe('2221');
    expect(isco('verzorgende-ig')).toBe('5321');
    expect(isco('leraar-basisonderwijs')).toBe('2341');
    expect(isco('elektromonteur')).toBe('7411');
    expect(isco('loodgieter')).toBe('7126');
    expect(isco('software-developer')).toBe('2512');
    expect(isco('servicedeskmedewerker')).toBe('3512');
    expect(isco('beveiliger')).toBe('5414');
    expect(isco('timmerman')).toBe('7115');
    expect(isco('verkoopmedewerker')).toBe('5223');
    expect(isco('magazijnmedewerker')).toBe('4321');
    expect(isco('chauffeur')).toBe('8322');
    expect(isco('kok')).toBe('5120');
    expect(isco('schoonmaker')).toBe('9112');
  });

  it('has the certificates jobseekers mention', () => {
    for (const text of ['VCA-basis', 'VCA-VOL', 'BHV', 'rijbewijs B', 'Rijbewijs C', 'rijbewijs CE', 'heftruckcertificaat', 'NEN 3140', 'BIG-registratie', 'sociale hygiëne', 'HACCP']) {
      expect(resolveSkill(text), text).not.toBeNull();
    }
    expect(skillById('vca-basis')?.kind).toBe('certificate');
    expect(skillById('rijbewijs-b')?.kind).toBe('licence');
  });
});

describe('findRepoPath', () => {
  it('finds the seeds from the source and from the compiled dist layout', () => {
    const fromSource = findRepoPath('seeds/taxonomy/occupations.json');
    const root = fromSource.slice(0, -'seeds/taxonomy/occupations.json'.length);
    const fromDist = findRepoPath('seeds/taxonomy/occupations.json', pathToFileURL(join(root, 'dist/core/taxonomy/index.js')).href);
    expect(fromDist).toBe(fromSource);
    expect(() => findRepoPath('no/such/folder-anywhere')).toThrow(/could not find/);
  });
});

describe('resolveOccupation / resolveSkill', () => {
  it('maps synonyms to the occupation, ignoring case and diacritics', () => {
    expect(resolveOccupation('programmeur')).toBe('software-developer');
    expect(resolveOccupation('Ontwikkelaar')).toBe('software-developer');
    expect(resolveOccupation('developer')).toBe('software-developer');
    expect(resolveOccupation('zorgmedewerker')).toBe('verzorgende-ig');
    expect(resolveOccupation('verzorgende')).toBe('verzorgende-ig');
    expect(resolveOccupation('CAISSIÈRE')).toBe('kassamedewerker');
    expect(resolveOccupation('boa')).toBe('handhaver');
    expect(resolveOccupation('nonsense occupation')).toBeNull();
  });

  it('maps skill synonyms', () => {
    expect(resolveSkill('B-VCA')).toBe('vca-basis');
    expect(resolveSkill('vorkheftruck')).toBe('heftruckcertificaat');
    expect(resolveSkill('Sociale Hygiëne')).toBe('svh-sociale-hygiene');
    expect(resolveSkill('unknown skill')).toBeNull();
  });

  it('offers synonym groups for search', () => {
    const groups = synonymGroups();
    const dev = groups.find((g) => g.includes('programmeur'));
    expect(dev).toEqual(expect.arrayContaining(['ontwikkelaar', 'developer', 'programmeur']));
    const care = groups.find((g) => g.includes('zorgmedewerker'));
    expect(care).toEqual(expect.arrayContaining(['verzorgende', 'zorgmedewerker']));
  });
});

describe('validateTaxonomy on a broken fixture', () => {
  const fixture = (): Taxonomy => ({
    sectors: [{ id: 'zorg', name: { nl: 'Zorg', en: 'Care' } }],
    skills: [{ id: 'bhv', name: { nl: 'BHV', en: 'Emergency response' }, synonyms: [], kind: 'certificate' }],
    occupations: [
      {
        id: 'verzorgende',
        name: { nl: 'Verzorgende', en: 'Carer' },
        synonyms: ['zorgmedewerker'],
        isco08: '5321',
        brc2014: { group: '1032', name: 'Verzorgenden' },
        sector: 'zorg',
        essentialSkills: ['bhv'],
        optionalSkills: [],
      },
    ],
  });

  it('accepts the valid fixture', () => {
    expect(validateTaxonomy(fixture())).toEqual([]);
  });

  it('reports an unknown skill reference', () => {
    const t = fixture();
    t.occupations[0]!.optionalSkills.push('vliegen');
    expect(validateTaxonomy(t)).toEqual(['occupation verzorgende: unknown skill vliegen']);
  });

  it('reports duplicate ids, bad ISCO codes, unknown sectors and synonym collisions', () => {
    const t = fixture();
    const copy = structuredClone(t.occupations[0]!);
    t.occupations.push({ ...copy, isco08: '532', sector: 'ruimtevaart', name: { nl: 'Zorghulp', en: 'Care helper' } });
    const problems = validateTaxonomy(t);
    expect(problems).toContain('duplicate occupation id: verzorgende');
    expect(problems.some((p) => p.includes('ISCO-08'))).toBe(true);
    expect(problems).toContain('occupation verzorgende: unknown sector ruimtevaart');
    const t2 = fixture();
    t2.occupations.push({ ...structuredClone(t2.occupations[0]!), id: 'zorghulp', name: { nl: 'Zorghulp', en: 'Care helper' } });
    expect(validateTaxonomy(t2)).toContain('occupation synonym collision: "zorgmedewerker" is used by verzorgende and zorghulp');
  });
});
