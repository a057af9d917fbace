import { describe, expect, it } from 'vitest';
import { DemandIndex, parseDemandCsv, tensionLabel, tensionOf, withTension, type DemandRowInput } from '../../core/demand/index.js';
import { demoDemandRows } from '../../seeds/demand/index.js';
import { demoDemandCsv } from '../../seeds/demand/generate-demo.js';
import { readFileSync } from 'node:fs';
import { arbeidsmarktregios, regionOf } from '../../core/places/index.js';
import { isAppError } from '../../core/errors.js';
import { loadTaxonomy, validateTaxonomy } from '../../core/taxonomy/index.js';

const HEADER = 'group,region,quarter,openVacancies,wwRecipientsUpTo6Months,source,sourceDate';
const row = (over: Partial<DemandRowInput> = {}): DemandRowInput => ({
  group: '1032', region: 'rijnmond', quarter: '2026-Q3', openVacancies: 300, wwRecipientsUpTo6Months: 100, source: 'UWV', sourceDate: '2026-11-02', ...over,
});

function issuesOf(csv: string): Array<{ path: string; message: string }> {
  try {
    parseDemandCsv(csv);
  } catch (e) {
    if (isAppError(e)) return e.issues ?? [];
    throw e;
  }
  throw new Error('expected the upload to be rejected');
}

describe('tension and labels', () => {
  it('labels on UWV thresholds (lower bounds inclusive)', () => {
    expect([0, 0.24, 0.25, 0.66, 0.67, 1.49, 1.5, 3.99, 4, 9].map(tensionLabel)).toEqual([
      'zeer ruim', 'zeer ruim', 'ruim', 'ruim', 'gemiddeld', 'gemiddeld', 'krap', 'krap', 'zeer krap', 'zeer krap',
    ]);
  });

  it('divides by at least one recipient', () => {
    expect(tensionOf(300, 100)).toBe(3);
    expect(tensionOf(5, 0)).toBe(5);
  });
});

describe('parseDemandCsv', () => {
  it('reads quoted fields, semicolons and CRLF', () => {
    const rows = parseDemandCsv(`${HEADER.replace(/,/g, ';')}\r\n1032;rijnmond;2026-Q3;300;100;"Demo; ""gemodelleerd""";2026-11-02\r\n`);
    expect(rows).toEqual([{ ...row({ source: 'Demo; "gemodelleerd"' }), tension: 3, label: 'krap' }]);
  });

  it('rejects the whole upload, naming every bad row by line number and column', () => {
    const csv = [HEADER, '1032,rijnmond,2026-Q3,300,100,UWV,2026-11-02', '', '1032,rijnmond,2026-Q3,1,1,UWV,2026-11-02', '9999,atlantis,2026-Q5,-1,x,,yesterday'].join('\n');
    const issues = issuesOf(csv);
    expect(issues).toContainEqual({ path: 'line 4', message: 'duplicates line 2 (same group, region and quarter)' });
    for (const col of ['group', 'region', 'quarter', 'openVacancies', 'wwRecipientsUpTo6Months', 'source', 'sourceDate']) {
      expect(issues.map((i) => i.path)).toContain(`line 5/${col}`);
    }
  });

  it('rejects missing and unknown columns, an empty table and ragged rows', () => {
    expect(issuesOf('group,region,quarter\n')).toContainEqual({ path: 'line 1/openVacancies', message: 'missing column' });
    expect(issuesOf(`${HEADER},extra\n`)).toContainEqual({ path: 'line 1/extra', message: 'unknown column' });
    expect(issuesOf(`${HEADER}\n`)[0]!.path).toBe('line 2');
    expect(issuesOf('')[0]!.path).toBe('line 1');
    expect(issuesOf(`${HEADER}\n1032,rijnmond\n`)[0]!.path).toBe('line 2');
    expect(issuesOf(`${HEADER}\n1032,rijnmond,2026-Q3,1,1,"open,2026-11-02\n`)[0]!.message).toMatch(/never closed/);
  });
});

describe('DemandIndex lookup', () => {
  const index = new DemandIndex([
    withTension(row({ quarter: '2026-Q2', openVacancies: 10 })),
    withTension(row()),
    withTension(row({ group: 'zorg', openVacancies: 150 })),
    withTension(row({ group: 'zorg', region: 'groot-amsterdam', openVacancies: 20 })),
    withTension(row({ group: 'detailhandel', region: 'nederland', openVacancies: 40 })),
  ]);

  it('prefers the BRC group in the region, latest quarter', () => {
    expect(index.lookup({ occupationGroup: '1032', sector: 'zorg', region: 'rijnmond' })).toMatchObject({ group: '1032', quarter: '2026-Q3', tension: 3, scope: 'occupation-group', regionName: 'Rijnmond' });
  });

  it('falls back to the sector in the region, then national', () => {
    expect(index.lookup({ occupationGroup: '1012', sector: 'zorg', region: 'rijnmond' })).toMatchObject({ group: 'zorg', scope: 'sector', tension: 1.5 });
    expect(index.lookup({ occupationGroup: '1032', sector: 'zorg', region: 'twente' })).toMatchObject({ group: '1032', scope: 'national-occupation-group', region: 'nederland', tension: 3 });
    // No explicit national row for zorg: the sum over regions (150 + 20) / (100 + 100).
    expect(index.lookup({ occupationGroup: null, sector: 'zorg', region: 'twente' })).toMatchObject({ scope: 'national-sector', tension: 0.85, label: 'gemiddeld' });
    expect(index.lookup({ occupationGroup: '0332', sector: 'detailhandel', region: null })).toMatchObject({ scope: 'national-sector', tension: 0.4 });
    expect(index.lookup({ occupationGroup: '0761', sector: 'techniek', region: 'rijnmond' })).toBeNull();
  });
});

describe('shipped demo table', () => {
  const rows = demoDemandRows();

  it('is the generator output, valid, and covers all 35 regions × every group and sector', () => {
    expect(readFileSync(new URL('../../seeds/demand/spanningsindicator-demo.csv', import.meta.url), 'utf8')).toBe(demoDemandCsv());
    const t = loadTaxonomy();
    expect(validateTaxonomy(t)).toEqual([]);
    const groups = new Set([...t.occupations.map((o) => o.brc2014.group), ...t.sectors.map((s) => s.id)]);
    expect(rows).toHaveLength(arbeidsmarktregios().length * groups.size);
    expect(new Set(rows.map((r) => r.region)).size).toBe(35);
  });

  it('has care, education, ICT and technical trades tight; retail, logistics and hospitality loose', () => {
    const median = (group: string) => {
      const ts = rows.filter((r) => r.group === group).map((r) => r.tension).sort((a, b) => a - b);
      return ts[Math.floor(ts.length / 2)]!;
    };
    for (const tight of ['1032', '1021', '0114', '0811', '0761', '0734', 'zorg', 'onderwijs', 'ict', 'techniek']) expect(median(tight), tight).toBeGreaterThanOrEqual(1.5);
    for (const loose of ['0332', '0333', '1221', '1113', '1122', 'detailhandel', 'logistiek', 'horeca']) expect(median(loose), loose).toBeLessThan(1.5);
    expect(rows.every((r) => r.source === 'Demo, gemodelleerd naar UWV spanningsindicator' && r.sourceDate === '2026-11-02')).toBe(true);
  });

  it("maps a place to its region through the gazetteer (the documented rule)", () => {
    expect(regionOf('Rotterdam')).toBe('rijnmond');
    expect(regionOf('Schiedam')).toBe('rijnmond');
    expect(regionOf('Utrecht')).toBe('midden-utrecht');
  });
});
