/**
 * Writes `seeds/demand/spanningsindicator-demo.csv`: a demo sector-demand table for all 35
 * arbeidsmarktregio's × every BRC 2014 group the taxonomy uses and every sector, for one
 * quarter. The figures are modelled, not measured: national tensions per group in the order
 * of magnitude UWV's spanningsindicator reports (care, education, ICT and the technical
 * trades krap to zeer krap; retail, logistics, hospitality and office work ruim to
 * gemiddeld), shifted per region (the Randstad and Brabant tighter, the north and
 * Zuid-Limburg looser) and jittered deterministically so the table looks like data.
 *
 * Deterministic: running it again writes the same file. `npx tsx seeds/demand/generate-demo.ts`
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { arbeidsmarktregios } from '../../core/places/index.js';
import { loadTaxonomy } from '../../core/taxonomy/index.js';
import { DEMAND_COLUMNS } from '../../core/demand/table.js';

export const DEMO_QUARTER = '2026-Q3';
export const DEMO_SOURCE = 'Demo, gemodelleerd naar UWV spanningsindicator';
export const DEMO_SOURCE_DATE = '2026-11-02';

/** National tension per BRC 2014 group (vacancies per short-term WW recipient). */
const GROUP_TENSION: Record<string, number> = {
  // Onderwijs
  '0111': 3.4, '0112': 3.0, '0113': 1.0, '0114': 4.3, '0115': 1.6, '0121': 0.8, '0131': 1.9,
  // Creatief, commercieel, bedrijfseconomisch en administratief
  '0212': 0.3, '0221': 0.3, '0311': 0.5, '0321': 0.9, '0331': 0.9, '0332': 0.45, '0333': 0.32, '0334': 0.28,
  '0411': 2.6, '0414': 0.9, '0415': 0.7, '0421': 0.8, '0422': 0.8, '0423': 0.5, '0431': 0.22, '0432': 0.3,
  '0433': 0.38, '0434': 0.85, '0435': 0.75,
  // Managers, openbaar bestuur, veiligheid
  '0521': 0.9, '0531': 1.6, '0532': 1.2, '0535': 1.4, '0541': 0.9, '0542': 1.0,
  '0612': 1.2, '0621': 1.0, '0632': 2.0, '0633': 1.0,
  // Techniek
  '0711': 4.1, '0712': 5.2, '0713': 1.2, '0721': 2.6, '0722': 3.1, '0723': 2.5, '0731': 2.2, '0732': 3.0,
  '0733': 2.0, '0734': 5.6, '0735': 1.8, '0741': 3.6, '0742': 3.2, '0743': 4.1, '0744': 4.6, '0751': 1.5,
  '0752': 1.4, '0753': 1.7, '0754': 1.1, '0755': 0.6, '0761': 6.2, '0771': 1.6, '0772': 1.0, '0781': 0.9,
  // ICT
  '0811': 3.9, '0812': 4.6, '0821': 1.6,
  // Agrarisch
  '0911': 1.5, '0912': 1.4, '0921': 0.7,
  // Zorg en welzijn
  '1011': 3.0, '1012': 4.6, '1013': 1.2, '1014': 2.1, '1015': 2.5, '1021': 4.4, '1022': 2.6, '1023': 3.5,
  '1031': 2.6, '1032': 3.3,
  // Dienstverlening
  '1112': 1.4, '1113': 0.6, '1114': 0.6, '1115': 0.8, '1116': 0.5, '1121': 0.9, '1122': 0.42,
  // Transport en logistiek
  '1212': 1.3, '1213': 3.0, '1214': 2.3, '1215': 1.8, '1221': 0.5, '1222': 0.7,
};

/** National tension per sector (the fallback when a vacancy's group has no row). */
const SECTOR_TENSION: Record<string, number> = {
  zorg: 2.9, onderwijs: 2.7, ict: 3.0, bouw: 2.4, techniek: 3.1, energietransitie: 4.6, 'handhaving-veiligheid': 1.2,
  'circulaire-economie': 1.0, logistiek: 0.8, horeca: 0.7, detailhandel: 0.45, schoonmaak: 0.9, overheid: 1.1,
  'zakelijke-dienstverlening': 0.6, 'agrarisch-groen': 1.0, 'persoonlijke-dienstverlening': 0.6,
};

/** Relative size of each region's labour market (scales the counts) and how tight it runs. */
const REGION: Record<string, { size: number; tight: number }> = {
  groningen: { size: 1.6, tight: 0.8 }, friesland: { size: 1.8, tight: 0.85 }, 'noord-holland-noord': { size: 1.8, tight: 0.95 },
  drenthe: { size: 1.4, tight: 0.8 }, 'regio-zwolle': { size: 1.9, tight: 1.05 }, flevoland: { size: 1.3, tight: 0.95 },
  'zaanstreek-waterland': { size: 0.9, tight: 1.0 }, 'zuid-kennemerland-en-ijmond': { size: 1.5, tight: 1.05 },
  twente: { size: 1.8, tight: 0.95 }, 'groot-amsterdam': { size: 4.3, tight: 1.15 },
  'stedendriehoek-en-noordwest-veluwe': { size: 1.9, tight: 1.0 }, 'gooi-en-vechtstreek': { size: 0.8, tight: 1.1 },
  'holland-rijnland': { size: 1.6, tight: 1.05 }, 'midden-utrecht': { size: 2.9, tight: 1.2 }, amersfoort: { size: 1.0, tight: 1.1 },
  foodvalley: { size: 1.1, tight: 1.1 }, achterhoek: { size: 1.0, tight: 1.0 }, 'zuid-holland-centraal': { size: 0.7, tight: 1.05 },
  'midden-holland': { size: 0.8, tight: 1.05 }, haaglanden: { size: 3.1, tight: 1.0 }, 'midden-gelderland': { size: 2.1, tight: 1.0 },
  rijnmond: { size: 3.9, tight: 0.95 }, rivierenland: { size: 0.7, tight: 1.05 }, gorinchem: { size: 0.5, tight: 1.05 },
  'rijk-van-nijmegen': { size: 1.4, tight: 1.0 }, drechtsteden: { size: 0.9, tight: 0.95 }, 'noordoost-brabant': { size: 2.0, tight: 1.15 },
  'west-brabant': { size: 2.0, tight: 1.05 }, zeeland: { size: 1.4, tight: 1.0 }, 'midden-brabant': { size: 1.7, tight: 1.05 },
  'noord-limburg': { size: 1.0, tight: 1.05 }, 'helmond-de-peel': { size: 0.9, tight: 1.15 }, 'zuidoost-brabant': { size: 2.5, tight: 1.2 },
  'midden-limburg': { size: 0.8, tight: 0.95 }, 'zuid-limburg': { size: 2.2, tight: 0.85 },
};

/** A stable number in [0, 1) from a string (FNV-1a), so the "noise" is the same on every run. */
function unit(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0;
  return h / 2 ** 32;
}

const csvField = (v: string | number): string => (typeof v === 'string' && /[",;\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : String(v));

/** The demo table as CSV text. */
export function demoDemandCsv(): string {
  const t = loadTaxonomy();
  const groups = [...new Set(t.occupations.map((o) => o.brc2014.group))].sort();
  const missing = groups.filter((g) => GROUP_TENSION[g] === undefined);
  if (missing.length) throw new Error(`no demo tension for BRC groups ${missing.join(', ')}`);
  const lines = [DEMAND_COLUMNS.join(',')];
  for (const region of arbeidsmarktregios()) {
    const r = REGION[region.id];
    if (!r) throw new Error(`no demo size for region ${region.id}`);
    for (const [group, national] of [...groups.map((g) => [g, GROUP_TENSION[g]!] as const), ...t.sectors.map((s) => [s.id, SECTOR_TENSION[s.id] ?? 1] as const)]) {
      const jitter = 0.85 + 0.3 * unit(`${region.id}|${group}|t`);
      const tension = national * r.tight * jitter;
      // Sector rows cover many groups, so they count more people than one group's row.
      const scale = /^\d/.test(group) ? 1 : 8;
      const recipients = Math.max(5, Math.round(r.size * scale * (40 + 160 * unit(`${region.id}|${group}|n`)) / Math.sqrt(national)));
      const vacancies = Math.round(recipients * tension);
      lines.push([group, region.id, DEMO_QUARTER, vacancies, recipients, DEMO_SOURCE, DEMO_SOURCE_DATE].map(csvField).join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}

if (process.argv[1]?.endsWith('generate-demo.ts')) {
  const file = join(import.meta.dirname, 'spanningsindicator-demo.csv');
  const csv = demoDemandCsv();
  writeFileSync(file, csv);
  process.stdout.write(`wrote ${csv.split('\n').length - 2} rows to ${file}\n`);
}
