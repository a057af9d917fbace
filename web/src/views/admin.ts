/**
 * Admin (gemeente): replace the sector-demand table with a CSV upload (validation feedback
 * by line number), see the table's tension per label as a chart, and failed background jobs.
 */
import { api, ApiError, qs } from '../api.js';
import { barChart } from '../charts.js';
import { h, replace } from '../dom.js';
import { announce, problemText, select } from '../forms.js';
import { dateText, t } from '../i18n.js';
import { allRegions } from '../taxonomy.js';

interface DemandRow {
  group: string;
  region: string;
  quarter: string;
  openVacancies: number;
  wwRecipientsUpTo6Months: number;
  tension: number;
  label: string;
  source: string;
  sourceDate: string;
}

const LABELS = ['zeer ruim', 'ruim', 'gemiddeld', 'krap', 'zeer krap'];
const LABEL_COLOURS = ['#1d6b34', '#4f8a3a', '#6b7785', '#a85b00', '#b3261e'];

async function demandSection(): Promise<HTMLElement> {
  const regions = await allRegions();
  const region = select([['', t('allRegions')], ...[...regions].map(([id, name]): [string, string] => [id, name])], 'rijnmond', { id: 'demand-region' });
  const body = h('div');
  const load = async (): Promise<void> => {
    const { items } = await api<{ items: DemandRow[] }>('GET', `/api/v1/demand${qs({ region: region.value })}`);
    const latest = items.reduce((q, r) => (r.quarter > q ? r.quarter : q), '');
    const rows = items.filter((r) => r.quarter === latest);
    const counts = LABELS.map((label, i) => ({ label, value: rows.filter((r) => r.label === label).length, colour: LABEL_COLOURS[i]! }));
    const tightest = [...rows].sort((a, b) => b.tension - a.tension).slice(0, 10);
    replace(
      body,
      rows.length
        ? [
            barChart(t('demandChartTitle', { quarter: latest, n: rows.length }), counts),
            h('h3', null, t('tightest')),
            h(
              'div',
              { class: 'table-wrap' },
              h(
                'table',
                null,
                h('thead', null, h('tr', null, [t('groupCol'), t('region'), t('vacanciesCol'), t('wwCol'), t('tensionCol')].map((c) => h('th', { scope: 'col' }, c)))),
                h('tbody', null, tightest.map((r) => h('tr', null, h('td', null, r.group), h('td', null, regions.get(r.region) ?? r.region), h('td', null, String(r.openVacancies)), h('td', null, String(r.wwRecipientsUpTo6Months)), h('td', null, `${r.tension.toFixed(2)} (${r.label})`)))),
              ),
            ),
            h('p', { class: 'hint' }, `${t('source')}: ${rows[0]!.source}, ${rows[0]!.sourceDate}`),
          ]
        : h('p', null, t('noDemandRows')),
    );
  };
  region.addEventListener('change', () => void load());
  await load();
  return h('section', { class: 'card' }, h('h2', null, t('demandTableTitle')), h('div', { class: 'field' }, h('label', { for: region.id }, t('region')), region), body);
}

function uploadSection(onDone: () => void): HTMLElement {
  const file = h('input', { type: 'file', accept: '.csv,text/csv', id: 'demand-file', 'aria-describedby': 'demand-file-hint' });
  const result = h('div', { role: 'status', 'aria-live': 'polite' });
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    const chosen = file.files?.[0];
    if (!chosen) {
      replace(result, h('p', { class: 'field-error', role: 'alert' }, t('chooseFile')));
      return;
    }
    replace(result, h('p', null, t('uploading')));
    try {
      const r = await api<{ rows: number; changed: number; removed: number; affectedSectors: string[] }>('PUT', '/api/v1/demand', await chosen.text(), { contentType: 'text/csv' });
      replace(result, h('div', { class: 'notice ok' }, h('p', null, h('strong', null, t('uploadOk', { rows: r.rows, changed: r.changed, removed: r.removed }))), r.affectedSectors.length ? h('p', null, t('rescoring', { sectors: r.affectedSectors.join(', ') })) : null));
      announce(t('uploadOk', { rows: r.rows, changed: r.changed, removed: r.removed }));
      onDone();
    } catch (err) {
      const issues = err instanceof ApiError ? (err.problem.errors ?? []) : [];
      replace(
        result,
        h(
          'div',
          { class: 'error-summary', role: 'alert' },
          h('p', null, t('uploadRejected')),
          issues.length ? h('ul', { class: 'upload-errors' }, issues.map((i) => h('li', null, h('strong', null, lineText(i.path)), ` ${i.message}`))) : h('p', null, problemText(err)),
        ),
      );
    }
  };
  return h(
    'section',
    { class: 'card' },
    h('h2', null, t('uploadTitle')),
    h(
      'form',
      { onsubmit: submit, novalidate: true },
      h('div', { class: 'field' }, h('label', { for: file.id }, t('csvFile')), h('p', { class: 'hint', id: 'demand-file-hint' }, t('csvHint')), file),
      h('button', { type: 'submit' }, t('upload')),
    ),
    result,
  );
}

/** `line 4/openVacancies` → "Regel 4, openVacancies:". */
function lineText(path: string): string {
  const m = /^line (\d+)(?:\/(.+))?$/.exec(path);
  return m ? `${t('lineN', { n: m[1]! })}${m[2] ? `, ${m[2]}` : ''}:` : `${path}:`;
}

interface FailedJob {
  id: string;
  name: string;
  attempts: number;
  error: string;
  failedAt: string;
}

async function failedJobsSection(): Promise<HTMLElement> {
  let items: FailedJob[];
  try {
    items = (await api<{ items: FailedJob[] }>('GET', '/api/v1/admin/jobs/failed?limit=20')).items;
  } catch (e) {
    return h('section', { class: 'card' }, h('h2', null, t('failedJobs')), h('p', null, problemText(e)));
  }
  return h(
    'section',
    { class: 'card' },
    h('h2', null, t('failedJobs')),
    items.length ? h('ul', { class: 'plain' }, items.map((j) => h('li', null, h('strong', null, j.name), ` — ${j.error} (${t('attempts', { n: j.attempts })}, ${dateText(j.failedAt)})`))) : h('p', null, t('noFailedJobs')),
  );
}

export async function adminView(): Promise<HTMLElement> {
  const demandHolder = h('div');
  const reload = async (): Promise<void> => replace(demandHolder, await demandSection());
  const [failed] = await Promise.all([failedJobsSection(), reload()]);
  return h('div', null, h('h1', null, t('navDemand')), uploadSection(() => void reload()), demandHolder, failed);
}
