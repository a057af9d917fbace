/**
 * Programme figures for the municipality, as charts first: places and budget of every
 * programme side by side, then for one programme the same per sector and per course, and for
 * every krap / zeer krap occupation of its regions how many available candidates are one or two
 * bridging skills away. Exact figures are printed on every bar.
 */
import { api } from '../api.js';
import { stackedBarChart, type Series, type StackedRow } from '../charts.js';
import { h, replace } from '../dom.js';
import { announce, select } from '../forms.js';
import { euroText, numberText, t } from '../i18n.js';
import { hashQuery, setHashQuery } from '../router.js';
import { allRegions, namer } from '../taxonomy.js';

interface ProgrammeName {
  id: string;
  name: string;
}

interface Tally {
  vouchers: number;
  participants: number;
  committedEur: number;
  spentEur: number;
  pending: number;
}

interface Bridge {
  occupation: { id: string; name: string; sector: string };
  region: string;
  label: string;
  tension: number;
  withinOne: number;
  withinTwo: number;
  bridgingSkills: Array<{ id: string; name: string; candidates: number }>;
}

interface Figures {
  programmeId: string;
  participants: number;
  places: number;
  placesLeft: number;
  budgetEur: number;
  committedEur: number;
  spentEur: number;
  budgetLeftEur: number;
  perSector: Record<string, Tally>;
  perCourse: Record<string, Tally & { title: string }>;
  bridges: Bridge[];
}

// Dark for what is used, lighter for what is promised, grey for what is left; all >= 3:1 on white.
const PARTICIPANTS = '#0b5aa6';
const SPENT = '#1d6b34';
const COMMITTED = '#0b5aa6';
const LEFT = '#7a8794';
const WITHIN_ONE = '#083f75';
const WITHIN_TWO = '#4f86c6';

const placesSeries = (): Series[] => [
  { name: t('pfParticipants'), colour: PARTICIPANTS },
  { name: t('pfPlacesLeft'), colour: LEFT },
];
/** Committed money is split into what is spent and what is still only promised, so the bar adds up. */
const moneySeries = (): Series[] => [
  { name: t('budgetSpent'), colour: SPENT },
  { name: t('budgetCommittedOnly'), colour: COMMITTED },
];
const moneyRow = (label: string, committedEur: number, spentEur: number, leftEur?: number): StackedRow => ({ label, values: leftEur === undefined ? [spentEur, committedEur - spentEur] : [spentEur, committedEur - spentEur, leftEur] });
const moneyText = (row: StackedRow): string => {
  const [spent = 0, promised = 0, left] = row.values;
  const text = t('committedSpentText', { committed: euroText(spent + promised), spent: euroText(spent) });
  return left === undefined ? text : `${text} · ${t('leftText', { left: euroText(left) })}`;
};

/** Places and budget of every programme, on one scale each. */
function overview(programmes: ProgrammeName[], figures: Figures[]): HTMLElement {
  const places = figures.map((f, i): StackedRow => ({ label: programmes[i]!.name, values: [f.participants, f.placesLeft] }));
  const money = figures.map((f, i) => moneyRow(programmes[i]!.name, f.committedEur, f.spentEur, f.budgetLeftEur));
  return h(
    'section',
    { class: 'card' },
    h('h2', null, t('allProgrammes')),
    h(
      'div',
      null,
      stackedBarChart(t('placesChart'), placesSeries(), places, { labelHeading: t('pfProgramme'), valueText: (r) => t('participantsOfPlaces', { n: numberText(r.values[0]!), places: numberText(r.values[0]! + r.values[1]!) }) }),
      stackedBarChart(t('budgetChart'), [...moneySeries(), { name: t('budgetLeft'), colour: LEFT }], money, { labelHeading: t('pfProgramme'), format: euroText, valueText: moneyText }),
    ),
  );
}

/** Per sector or per course: participants, and committed / spent money. */
function tallyCharts(heading: string, labelHeading: string, tallies: Array<[string, Tally]>): HTMLElement {
  if (!tallies.length) return h('section', { class: 'card' }, h('h3', null, heading), h('p', null, t('noVouchersYet')));
  const sorted = [...tallies].sort((a, b) => b[1].committedEur - a[1].committedEur || a[0].localeCompare(b[0]));
  return h(
    'section',
    { class: 'card' },
    h('h3', null, heading),
    h(
      'div',
      { class: 'chart-grid' },
      stackedBarChart(t('participantsChart'), [{ name: t('pfParticipants'), colour: PARTICIPANTS }, { name: t('pendingApplications'), colour: LEFT }], sorted.map(([label, x]) => ({ label, values: [x.participants, x.pending] })), {
        labelHeading,
        valueText: (r) => `${r.values[0] === 1 ? t('participantsOne') : t('participantsN', { n: numberText(r.values[0]!) })}${r.values[1] ? ` · ${t('pendingN', { n: numberText(r.values[1]) })}` : ''}`,
      }),
      stackedBarChart(t('moneyChart'), moneySeries(), sorted.map(([label, x]) => moneyRow(label, x.committedEur, x.spentEur)), { labelHeading, format: euroText, valueText: moneyText }),
    ),
  );
}

/** The chart opens with the occupations most within reach; the rest is one click away. */
const TOP_BRIDGES = 12;

function bridgesChart(bridges: Bridge[], regionName: (id: string) => string, multiRegion: boolean): HTMLElement {
  const heading = h('h3', null, t('bridgesTitle'));
  if (!bridges.length) return h('section', { class: 'card' }, heading, h('p', null, t('noBridges')));
  const label = (b: Bridge): string => `${b.occupation.name} (${b.label}${multiRegion ? `, ${regionName(b.region)}` : ''})`;
  const chartOf = (shown: Bridge[]): HTMLElement =>
    stackedBarChart(
      t('bridgesChart', { shown: shown.length, total: bridges.length }),
      [
        { name: t('withinOneSkill'), colour: WITHIN_ONE },
        { name: t('withinTwoSkills'), colour: WITHIN_TWO },
      ],
      shown.map((b) => ({ label: label(b), values: [b.withinOne, b.withinTwo] })),
      { labelHeading: t('occupation'), valueText: (r) => t('withinText', { one: numberText(r.values[0]!), two: numberText(r.values[1]!) }) },
    );
  const holder = h('div', { id: 'bridges-chart' }, chartOf(bridges.slice(0, TOP_BRIDGES)));
  const toggle = bridges.length > TOP_BRIDGES && h('button', { type: 'button', class: 'secondary', 'aria-expanded': 'false', 'aria-controls': holder.id }, t('showAllBridges', { n: bridges.length }));
  if (toggle) {
    toggle.addEventListener('click', () => {
      const all = toggle.getAttribute('aria-expanded') !== 'true';
      toggle.setAttribute('aria-expanded', String(all));
      toggle.textContent = all ? t('showTopBridges', { n: TOP_BRIDGES }) : t('showAllBridges', { n: bridges.length });
      replace(holder, chartOf(all ? bridges : bridges.slice(0, TOP_BRIDGES)));
    });
  }
  return h(
    'section',
    { class: 'card' },
    heading,
    h('p', { class: 'hint' }, t('bridgesIntro')),
    holder,
    toggle && h('div', { class: 'actions' }, toggle),
    h(
      'details',
      null,
      h('summary', null, t('bridgingSkillsTitle')),
      h('ul', null, bridges.map((b) => h('li', null, h('strong', null, label(b)), ': ', b.bridgingSkills.map((s) => `${s.name} (${numberText(s.candidates)})`).join(', ')))),
    ),
  );
}

async function programmeDetail(figures: Figures): Promise<HTMLElement[]> {
  const [sector, regions] = await Promise.all([namer('sector'), allRegions()]);
  const multiRegion = new Set(figures.bridges.map((b) => b.region)).size > 1;
  return [
    tallyCharts(t('perSector'), t('pfSector'), Object.entries(figures.perSector).map(([id, x]) => [sector(id), x])),
    tallyCharts(t('perCourse'), t('pfCourse'), Object.values(figures.perCourse).map((x) => [x.title, x])),
    bridgesChart(figures.bridges, (id) => regions.get(id) ?? id, multiRegion),
  ];
}

export async function programmeFiguresView(): Promise<HTMLElement> {
  const programmes = await api<ProgrammeName[]>('GET', '/api/v1/programmes');
  const heading = h('h1', null, t('navProgrammeFigures'));
  if (!programmes.length) return h('div', null, heading, h('p', { class: 'notice' }, t('noProgrammes')));
  const figures = await Promise.all(programmes.map((p) => api<Figures>('GET', `/api/v1/programmes/${encodeURIComponent(p.id)}/figures`)));
  const state = hashQuery();
  const chosen = programmes.some((p) => p.id === state.get('programme')) ? state.get('programme')! : programmes[0]!.id;
  const picker = select(programmes.map((p): [string, string] => [p.id, p.name]), chosen, { id: 'programme-picker' });
  const detail = h('div');
  const show = async (): Promise<void> => {
    state.set('programme', picker.value);
    setHashQuery(state);
    replace(detail, await programmeDetail(figures[programmes.findIndex((p) => p.id === picker.value)]!));
  };
  picker.addEventListener('change', () => void show().then(() => announce(t('showingProgramme', { name: picker.selectedOptions[0]?.textContent ?? '' }))));
  await show();
  return h(
    'div',
    null,
    heading,
    h('p', { class: 'hint' }, t('programmeFiguresIntro')),
    overview(programmes, figures),
    h('section', { 'aria-labelledby': 'programme-detail' }, h('h2', { id: 'programme-detail' }, t('oneProgramme')), h('div', { class: 'field' }, h('label', { for: picker.id }, t('pfProgramme')), picker), detail),
  );
}
