/**
 * Horizontal bar charts without a chart library. Each row is its label and its exact figure as
 * HTML text (so long labels wrap on a phone instead of shrinking), above a bar drawn in inline
 * SVG with percentage widths (so it stretches with the screen). Several series stack left to
 * right in one bar. The drawing is hidden from screen readers; a visually-hidden table with the
 * same figures is the text alternative, and also what people copy.
 */
import { h, svg, uid } from './dom.js';
import { numberText } from './i18n.js';

export interface Series {
  name: string;
  colour: string;
}

export interface StackedRow {
  label: string;
  /** One value per series, in series order. */
  values: number[];
  /** Overrides the series colours for this row (e.g. each tension label its own colour). */
  colours?: string[];
}

export interface ChartOptions {
  /** How a number is written (default: a plain number in the UI language). */
  format?: (n: number) => string;
  /** The visible figure of a row (default: its values, formatted, joined by " + "). */
  valueText?: (row: StackedRow) => string;
  /** The length of a full bar (default: the largest row total). */
  max?: number;
  /** Heading of the label column in the text alternative. */
  labelHeading?: string;
}

const sum = (values: number[]): number => values.reduce((s, v) => s + v, 0);

function bar(row: StackedRow, series: Series[], max: number): SVGElement {
  let x = 0;
  const rects = row.values.map((value, i) => {
    const width = (100 * value) / max;
    const rect = svg('rect', { x: `${x}%`, y: 0, width: `${width}%`, height: '100%', fill: row.colours?.[i] ?? series[i]!.colour });
    x += width;
    return rect;
  });
  // A zero still gets a sliver, so the row visibly belongs to the chart.
  if (x === 0 && rects[0]) rects[0].setAttribute('width', '0.4%');
  return svg('svg', { class: 'chart', width: '100%', height: 18, focusable: 'false' }, rects);
}

/** Bars with one stacked segment per series, a legend when there is more than one series, and the table. */
export function stackedBarChart(title: string, series: Series[], rows: StackedRow[], options: ChartOptions = {}): HTMLElement {
  const format = options.format ?? numberText;
  const valueText = options.valueText ?? ((row: StackedRow) => row.values.map(format).join(' + '));
  const max = Math.max(1, options.max ?? 0, ...rows.map((r) => sum(r.values)));
  const titleId = uid('chart');
  const legend =
    series.length > 1 &&
    h('ul', { class: 'legend', 'aria-hidden': 'true' }, series.map((s) => h('li', null, h('span', { class: 'swatch', style: `background:${s.colour}` }), s.name)));
  const drawing = h(
    'div',
    { class: 'bar-chart', 'aria-hidden': 'true' },
    rows.map((row) => h('div', { class: 'chart-row' }, h('span', { class: 'chart-label' }, row.label), h('span', { class: 'chart-value' }, valueText(row)), bar(row, series, max))),
  );
  // Wrapped: a table cannot be shrunk to 1px (tables grow to fit their content), its clipping wrapper can.
  const table = h(
    'table',
    null,
    h('caption', null, title),
    series.length > 1 && h('thead', null, h('tr', null, h('th', { scope: 'col' }, options.labelHeading ?? ''), series.map((s) => h('th', { scope: 'col' }, s.name)))),
    h('tbody', null, rows.map((row) => h('tr', null, h('th', { scope: 'row' }, row.label), row.values.map((v) => h('td', null, format(v)))))),
  );
  return h('figure', { class: 'figure', 'aria-labelledby': titleId }, h('figcaption', { id: titleId }, title), legend, drawing, h('div', { class: 'visually-hidden' }, table));
}

/** One bar per row, each in its own colour if given. */
export function barChart(title: string, data: Array<{ label: string; value: number; colour?: string }>, options: ChartOptions = {}): HTMLElement {
  const rows = data.map((d): StackedRow => ({ label: d.label, values: [d.value], ...(d.colour ? { colours: [d.colour] } : {}) }));
  return stackedBarChart(title, [{ name: title, colour: '#0b5aa6' }], rows, options);
}
