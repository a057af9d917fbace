/**
 * The sector-demand table, modelled on UWV's spanningsindicator: per occupation group (a BRC
 * 2014 beroepsgroep code such as `1032`, or a taxonomy sector id such as `zorg`), per
 * arbeidsmarktregio and per quarter, the open vacancies and the WW recipients with at most six
 * months of benefit. Tension = vacancies / those recipients.
 *
 * Admins replace the whole table with a CSV upload; one bad row rejects the upload, and every
 * problem is reported with its line number, so a spreadsheet can be fixed in one pass.
 */
import { z } from 'zod';
import { AppError, type FieldIssue } from '../errors.js';
import { arbeidsmarktregios } from '../places/index.js';
import { loadTaxonomy } from '../taxonomy/index.js';

/** Region id for rows that describe the whole country (the last fallback of a lookup). */
export const NATIONAL = 'nederland';

/** UWV's five labels, with the lower bound of each (upper bound exclusive). */
export const TENSION_LABELS = [
  { label: 'zeer ruim', from: 0 },
  { label: 'ruim', from: 0.25 },
  { label: 'gemiddeld', from: 0.67 },
  { label: 'krap', from: 1.5 },
  { label: 'zeer krap', from: 4.0 },
] as const;
export type TensionLabel = (typeof TENSION_LABELS)[number]['label'];

/** Most rows an upload may hold: 35 regions × every BRC group and sector × a few quarters. */
export const MAX_DEMAND_ROWS = 50_000;

const QUARTER = /^(20\d{2})-Q([1-4])$/;
const BRC_GROUP = /^(0[1-9]|1[0-3])\d{2}$/;

let groupIds: Set<string> | undefined;
/** BRC 2014 groups the taxonomy uses and every sector id: the only groups a row may name. */
function knownGroups(): Set<string> {
  if (!groupIds) {
    const t = loadTaxonomy();
    groupIds = new Set([...t.occupations.map((o) => o.brc2014.group), ...t.sectors.map((s) => s.id)]);
  }
  return groupIds;
}

const count = z.coerce.number({ message: 'must be a whole number' }).int('must be a whole number').min(0, 'must not be negative').max(10_000_000, 'is implausibly large');

/** One row of the table as uploaded (and as stored, without the derived fields). */
export const DemandRowInput = z.strictObject({
  group: z
    .string()
    .refine((g) => BRC_GROUP.test(g) || /^[a-z-]+$/.test(g), 'a BRC 2014 group code (4 digits) or a sector id')
    .refine((g) => knownGroups().has(g), 'not a BRC 2014 group or sector the taxonomy knows'),
  region: z
    .string()
    .refine((r) => r === NATIONAL || arbeidsmarktregios().some((a) => a.id === r), `an arbeidsmarktregio id (e.g. rijnmond) or "${NATIONAL}"`),
  quarter: z.string().regex(QUARTER, 'a quarter such as 2026-Q3'),
  openVacancies: count,
  wwRecipientsUpTo6Months: count,
  source: z.string().trim().min(1, 'must not be empty').max(200, 'at most 200 characters'),
  sourceDate: z.iso.date('a date as YYYY-MM-DD'),
});
export type DemandRowInput = z.infer<typeof DemandRowInput>;

/** A row with its tension and label, as the API returns it and the scorer uses it. */
export interface DemandRow extends DemandRowInput {
  tension: number;
  label: TensionLabel;
}

export const DemandRowSchema = DemandRowInput.extend({ tension: z.number(), label: z.enum(TENSION_LABELS.map((l) => l.label) as [TensionLabel, ...TensionLabel[]]) });

/**
 * Vacancies per short-term WW recipient. With no recipients at all the market cannot be
 * looser than "one vacancy per recipient", so we divide by at least 1 instead of by zero.
 */
export function tensionOf(openVacancies: number, wwRecipients: number): number {
  return openVacancies / Math.max(1, wwRecipients);
}

/** UWV's label for a tension: zeer ruim < 0.25 ≤ ruim < 0.67 ≤ gemiddeld < 1.5 ≤ krap < 4.0 ≤ zeer krap. */
export function tensionLabel(tension: number): TensionLabel {
  let label: TensionLabel = 'zeer ruim';
  for (const l of TENSION_LABELS) if (tension >= l.from) label = l.label;
  return label;
}

/** A validated input row with its derived tension and label. */
export function withTension(row: DemandRowInput): DemandRow {
  const tension = tensionOf(row.openVacancies, row.wwRecipientsUpTo6Months);
  return { ...row, tension, label: tensionLabel(tension) };
}

/** The id a row is stored under: one row per group, region and quarter. */
export const demandRowId = (row: Pick<DemandRowInput, 'group' | 'region' | 'quarter'>): string => `${row.group}--${row.region}--${row.quarter}`;

/** Comparable number for a quarter label: later quarters are larger. */
export function quarterOrdinal(quarter: string): number {
  const m = QUARTER.exec(quarter);
  return m ? Number(m[1]) * 4 + Number(m[2]) - 1 : -1;
}

export const DEMAND_COLUMNS = ['group', 'region', 'quarter', 'openVacancies', 'wwRecipientsUpTo6Months', 'source', 'sourceDate'] as const;

/**
 * Split CSV text into records of fields (RFC 4180: commas or semicolons — Dutch spreadsheets
 * export with `;` — double-quoted fields with `""` escapes and embedded separators), keeping
 * each record's 1-based line number for error messages. Blank lines are skipped.
 */
export function parseCsvRecords(text: string): Array<{ line: number; fields: string[] }> {
  const body = text.replace(/^\uFEFF/, '');
  const firstLine = body.slice(0, body.search(/\r?\n|$/));
  const sep = firstLine.split(';').length > firstLine.split(',').length ? ';' : ',';
  const records: Array<{ line: number; fields: string[] }> = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let fieldStarted = false;
  const endRecord = (): void => {
    fields.push(field);
    if (fields.length > 1 || fields[0]!.trim() !== '') records.push({ line: recordLine, fields });
    fields = [];
    field = '';
    fieldStarted = false;
  };
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
    } else if (ch === sep) {
      fields.push(field);
      field = '';
      fieldStarted = false;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && body[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      field += ch;
      if (ch.trim() !== '') fieldStarted = true;
    }
  }
  if (quoted) throw new AppError('invalid', 'The CSV is not valid', { issues: [{ path: `line ${recordLine}`, message: 'a quoted field is never closed' }] });
  if (field !== '' || fields.length > 0) endRecord();
  return records;
}

/**
 * Parse and validate a whole demand CSV (header row with {@link DEMAND_COLUMNS}, any order).
 * Either every row is valid and they are all returned with tension and label, or an
 * `invalid` AppError lists every problem as `line N/column`.
 */
export function parseDemandCsv(text: string): DemandRow[] {
  const records = parseCsvRecords(text);
  const header = records.shift();
  const fail = (issues: FieldIssue[]): never => {
    throw new AppError('invalid', `The demand table was rejected: ${issues.length} problem${issues.length === 1 ? '' : 's'}, nothing was changed`, { issues: issues.slice(0, 200) });
  };
  if (!header) return fail([{ path: 'line 1', message: `empty upload: expected a header row ${DEMAND_COLUMNS.join(',')}` }]);
  const names = header.fields.map((f) => f.trim());
  const missing = DEMAND_COLUMNS.filter((c) => !names.includes(c));
  const unknown = names.filter((n) => !(DEMAND_COLUMNS as readonly string[]).includes(n));
  if (missing.length || unknown.length) {
    return fail([
      ...missing.map((c) => ({ path: `line ${header.line}/${c}`, message: 'missing column' })),
      ...unknown.map((c) => ({ path: `line ${header.line}/${c}`, message: 'unknown column' })),
    ]);
  }
  if (records.length === 0) return fail([{ path: `line ${header.line + 1}`, message: 'no data rows: the table would be empty' }]);
  if (records.length > MAX_DEMAND_ROWS) return fail([{ path: `line ${header.line}`, message: `at most ${MAX_DEMAND_ROWS} rows` }]);

  const issues: FieldIssue[] = [];
  const rows: DemandRow[] = [];
  const seen = new Map<string, number>();
  for (const { line, fields } of records) {
    if (fields.length !== names.length) {
      issues.push({ path: `line ${line}`, message: `has ${fields.length} fields, the header has ${names.length}` });
      continue;
    }
    const raw = Object.fromEntries(names.map((n, i) => [n, fields[i]!.trim()]));
    const parsed = DemandRowInput.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) issues.push({ path: `line ${line}/${issue.path.join('/')}`, message: issue.message });
      continue;
    }
    const key = demandRowId(parsed.data);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      issues.push({ path: `line ${line}`, message: `duplicates line ${earlier} (same group, region and quarter)` });
      continue;
    }
    seen.set(key, line);
    rows.push(withTension(parsed.data));
  }
  if (issues.length) fail(issues);
  return rows;
}
