/** How a match is shown: the score, each component as a labelled bar, and the reason in words. */
import { h } from '../dom.js';
import { t, type Key } from '../i18n.js';

export interface MatchCore {
  id: string;
  vacancyId: string;
  status: 'new' | 'seen' | 'contacted' | 'dismissed';
  score: number;
  components: Record<string, number>;
  weights: Record<string, number>;
  reason: string;
  demand: { regionName: string; quarter: string; tension: number; label: string; source: string; sourceDate: string } | null;
}

const COMPONENT_LABEL: Record<string, Key> = {
  relevance: 'cRelevance',
  skills: 'cSkills',
  recentExperience: 'cRecentExperience',
  sectorDemand: 'cSectorDemand',
  distance: 'cDistance',
  availability: 'cAvailability',
};

export const percent = (x: number): string => `${Math.round(x * 100)}%`;

/** Each score component as a bar with its value and weight in text (the bar itself is decoration). */
export function componentBars(m: MatchCore): HTMLElement {
  const rows = Object.entries(m.components).map(([name, value]) => {
    const label = COMPONENT_LABEL[name] ? t(COMPONENT_LABEL[name]) : name;
    const fill = h('span', { class: 'bar-fill' });
    fill.style.width = percent(Math.max(0, Math.min(1, value)));
    // One <div> per name/value pair is valid in a <dl> and lets the grid lay pairs out.
    return h(
      'div',
      null,
      h('dt', null, label),
      h('dd', null, h('span', { class: 'bar', 'aria-hidden': 'true' }, fill), h('span', { class: 'bar-text' }, `${percent(value)} `, h('span', { class: 'hint' }, t('weight', { w: percent(m.weights[name] ?? 0) })))),
    );
  });
  return h('dl', { class: 'bars' }, rows);
}

/** The score, the one-line reason, and where the sector-demand figure came from. */
export function matchSummary(m: MatchCore): HTMLElement[] {
  return [
    h('p', { class: 'score' }, h('strong', null, t('matchScore', { score: percent(m.score) }))),
    h('p', { class: 'reason' }, m.reason),
    m.demand
      ? h('p', { class: 'hint' }, t('demandSource', { label: m.demand.label, region: m.demand.regionName, quarter: m.demand.quarter, source: m.demand.source, date: m.demand.sourceDate }))
      : h('span'),
  ];
}
