/**
 * Sector demand in use: storing the table, reading it back with filters, and looking up the
 * tension that applies to a vacancy.
 *
 * **Which row applies to a vacancy** (first hit wins, always the latest quarter of that
 * group and region):
 * 1. the BRC 2014 group of the vacancy's occupation, in the vacancy's arbeidsmarktregio;
 * 2. the vacancy's sector, in that region;
 * 3. the BRC group nationally (a `nederland` row, else the sum over all regions);
 * 4. the sector nationally (likewise).
 *
 * **Which region a place is in**: the vacancy's stored `region`, which the gazetteer set when
 * the place was saved (core/places `regionOf`: the gemeente of the place, and the
 * arbeidsmarktregio UWV assigns that gemeente in its werkgebieden indeling). A vacancy without
 * a region (should not happen for Dutch places) falls through to the national rows.
 */
import type { Deps } from '../deps.js';
import { announceChange } from '../changes.js';
import type { DocumentStore, Filter, Stored } from '../ports/store.js';
import { arbeidsmarktregios } from '../places/index.js';
import { loadTaxonomy } from '../taxonomy/index.js';
import { demandRowId, NATIONAL, quarterOrdinal, tensionLabel, tensionOf, type DemandRow, type TensionLabel } from './table.js';

export * from './table.js';

/** What a score says about the market it used: shown with every match. */
export interface DemandFact {
  /** The row's group: a BRC 2014 code or a sector id. */
  group: string;
  /** Which step of the lookup found it. */
  scope: 'occupation-group' | 'sector' | 'national-occupation-group' | 'national-sector';
  region: string;
  regionName: string;
  quarter: string;
  tension: number;
  label: TensionLabel;
  source: string;
  sourceDate: string;
}

const rowsOf = (store: DocumentStore) => store.collection<DemandRow>('demand_rows');
const metaOf = (store: DocumentStore) => store.collection<{ rows: number; uploadedBy: string | null }>('demand_meta');
const META_ID = 'table';

const regionNames = (): Map<string, string> => new Map([...arbeidsmarktregios().map((r) => [r.id, r.name] as const), [NATIONAL, 'Nederland']]);

/** An in-memory view of the table for fast lookups (a worker scores hundreds of matches per job). */
export class DemandIndex {
  private readonly latest = new Map<string, DemandRow>();
  private readonly names = regionNames();

  constructor(rows: readonly DemandRow[]) {
    for (const row of rows) {
      const key = `${row.group}|${row.region}`;
      const have = this.latest.get(key);
      if (!have || quarterOrdinal(row.quarter) > quarterOrdinal(have.quarter)) this.latest.set(key, row);
    }
  }

  get size(): number {
    return this.latest.size;
  }

  private fact(row: DemandRow, scope: DemandFact['scope']): DemandFact {
    return {
      group: row.group,
      scope,
      region: row.region,
      regionName: this.names.get(row.region) ?? row.region,
      quarter: row.quarter,
      tension: row.tension,
      label: row.label,
      source: row.source,
      sourceDate: row.sourceDate,
    };
  }

  /** Sum of a group's latest rows over all regions, when no explicit national row exists. */
  private national(group: string, scope: DemandFact['scope']): DemandFact | null {
    const explicit = this.latest.get(`${group}|${NATIONAL}`);
    if (explicit) return this.fact(explicit, scope);
    let vacancies = 0;
    let recipients = 0;
    let newest: DemandRow | undefined;
    for (const r of arbeidsmarktregios()) {
      const row = this.latest.get(`${group}|${r.id}`);
      if (!row) continue;
      vacancies += row.openVacancies;
      recipients += row.wwRecipientsUpTo6Months;
      if (!newest || quarterOrdinal(row.quarter) > quarterOrdinal(newest.quarter)) newest = row;
    }
    if (!newest) return null;
    const tension = tensionOf(vacancies, recipients);
    return this.fact({ ...newest, region: NATIONAL, openVacancies: vacancies, wwRecipientsUpTo6Months: recipients, tension, label: tensionLabel(tension) }, scope);
  }

  /** The demand that applies to a vacancy (see the module comment for the order), or null without any row. */
  lookup(vacancy: { occupationGroup: string | null; sector: string; region: string | null }): DemandFact | null {
    const { occupationGroup: brc, sector, region } = vacancy;
    const local = (group: string | null) => (group && region ? this.latest.get(`${group}|${region}`) : undefined);
    const byGroup = local(brc);
    if (byGroup) return this.fact(byGroup, 'occupation-group');
    const bySector = local(sector);
    if (bySector) return this.fact(bySector, 'sector');
    return (brc ? this.national(brc, 'national-occupation-group') : null) ?? this.national(sector, 'national-sector');
  }
}

const cache = new WeakMap<DocumentStore, { stamp: string; index: DemandIndex }>();

/**
 * The current table as a {@link DemandIndex}. Cached per store and rebuilt only when an
 * upload changed the table's stamp, so a job costs one small read, not a table scan.
 */
export async function loadDemandIndex(deps: Pick<Deps, 'store'>): Promise<DemandIndex> {
  const meta = await metaOf(deps.store).get(META_ID);
  const stamp = meta ? `${meta.updatedAt}|${meta.version}` : 'none';
  const hit = cache.get(deps.store);
  if (hit && hit.stamp === stamp) return hit.index;
  const index = new DemandIndex(await rowsOf(deps.store).find({}));
  cache.set(deps.store, { stamp, index });
  return index;
}

/** The sectors a row is about: its own sector id, or every sector with an occupation in its BRC group. */
export function sectorsOfGroup(group: string): string[] {
  const t = loadTaxonomy();
  if (t.sectors.some((s) => s.id === group)) return [group];
  return [...new Set(t.occupations.filter((o) => o.brc2014.group === group).map((o) => o.sector))];
}

const sameFigures = (a: DemandRow, b: DemandRow): boolean =>
  a.openVacancies === b.openVacancies && a.wwRecipientsUpTo6Months === b.wwRecipientsUpTo6Months && a.source === b.source && a.sourceDate === b.sourceDate;

/**
 * Replace the whole table with `rows` (already validated by `parseDemandCsv`). Unchanged rows
 * are not rewritten; the sectors whose figures changed get their matches rescored
 * (a `demand` change), and nothing else does.
 *
 * @returns how many rows the table has now and which sectors were affected.
 */
export async function replaceDemandTable(
  deps: Pick<Deps, 'store' | 'queue' | 'logger'>,
  rows: readonly DemandRow[],
  uploadedBy: string | null,
): Promise<{ rows: number; changed: number; removed: number; affectedSectors: string[] }> {
  const col = rowsOf(deps.store);
  const old = new Map((await col.find({})).map((r) => [r.id, r]));
  const affected = new Set<string>();
  const writes: Array<() => Promise<unknown>> = [];
  for (const row of rows) {
    const id = demandRowId(row);
    const before = old.get(id);
    old.delete(id);
    if (before && sameFigures(before, row)) continue;
    writes.push(() => col.upsert(id, row));
    for (const s of sectorsOfGroup(row.group)) affected.add(s);
  }
  const changed = writes.length;
  for (const [id, row] of old) {
    writes.push(() => col.purge(id));
    for (const s of sectorsOfGroup(row.group)) affected.add(s);
  }
  // Several writes in flight let the store commit them in groups (one fsync per group, not per row).
  for (let i = 0; i < writes.length; i += 256) await Promise.all(writes.slice(i, i + 256).map((w) => w()));
  await metaOf(deps.store).upsert(META_ID, { rows: rows.length, uploadedBy });
  const affectedSectors = [...affected].sort();
  if (affectedSectors.length) await announceChange(deps, 'demand', affectedSectors.join(','));
  return { rows: rows.length, changed, removed: old.size, affectedSectors };
}

/** Seed the table from rows when it is empty (demo data); an admin's upload is never overwritten. */
export async function seedDemandTable(deps: Pick<Deps, 'store' | 'queue' | 'logger'>, rows: () => DemandRow[]): Promise<boolean> {
  if (await metaOf(deps.store).get(META_ID)) return false;
  await replaceDemandTable(deps, rows(), null);
  return true;
}

/** Filters of `GET /api/v1/demand`. */
export interface DemandQuery {
  region?: string | undefined;
  /** A sector id: matches rows of the sector itself and of the BRC groups of its occupations. */
  sector?: string | undefined;
  group?: string | undefined;
  quarter?: string | undefined;
  label?: TensionLabel | undefined;
}

/** Rows matching the filters, ordered by region, group and quarter. */
export async function listDemand(deps: Pick<Deps, 'store'>, query: DemandQuery): Promise<DemandRow[]> {
  const filter: Filter = {};
  if (query.region) filter.region = query.region;
  if (query.quarter) filter.quarter = query.quarter;
  if (query.label) filter.label = query.label;
  if (query.group) filter.group = query.group;
  else if (query.sector) {
    const groups = loadTaxonomy().occupations.filter((o) => o.sector === query.sector).map((o) => o.brc2014.group);
    filter.group = { in: [...new Set([query.sector, ...groups])] };
  }
  const docs: Stored<DemandRow>[] = await rowsOf(deps.store).find(filter, { sort: { field: 'id', direction: 'asc' } });
  return docs.map(({ group, region, quarter, openVacancies, wwRecipientsUpTo6Months, source, sourceDate, tension, label }) => ({
    group,
    region,
    quarter,
    openVacancies,
    wwRecipientsUpTo6Months,
    source,
    sourceDate,
    tension,
    label,
  }));
}
