/**
 * Candidate search for organisations: a search box, place + radius, facet filters with
 * counts, and anonymised result cards. The search lives in the URL (`#/search?q=…`), so
 * reloading or going back keeps it.
 */
import { api, ApiError, qs, session } from '../api.js';
import { h, replace } from '../dom.js';
import { FieldErrors, input, problemText, select, withSuggestions } from '../forms.js';
import { dateText, t, type Key } from '../i18n.js';
import { hashQuery, setHashQuery } from '../router.js';
import { suggestPlaces } from '../taxonomy.js';

interface Named {
  id: string;
  name: string;
}
interface CandidateHit {
  id: string;
  occupations: Named[];
  titles: string[];
  skills: Named[];
  sectors: string[];
  place: string;
  hoursPerWeek: number;
  availableFrom: string;
  drivingLicence: boolean;
  experienceMonths: number;
  distanceKm?: number;
  highlights: Record<string, string>;
}
interface FacetValue {
  value: string;
  label: string;
  count: number;
}
interface SearchResult {
  hits: CandidateHit[];
  total: number;
  page: number;
  pages: number;
  facets: Record<string, FacetValue[]>;
}

/** Facet → the query parameter that filters on it, and its heading. */
const FACETS: Array<{ facet: string; param: string; title: Key }> = [
  { facet: 'occupations', param: 'occupation', title: 'occupation' },
  { facet: 'sectors', param: 'sector', title: 'desiredSectors' },
  { facet: 'region', param: 'region', title: 'region' },
  { facet: 'skills', param: 'skills', title: 'skills' },
  { facet: 'languages', param: 'languages', title: 'languages' },
  { facet: 'drivingLicence', param: 'drivingLicence', title: 'drivingLicenceShort' },
];
const FILTER_PARAMS = FACETS.map((f) => f.param);

/** A snippet with `<mark>` from the API (HTML-escaped) as DOM nodes, never as innerHTML. */
export function highlighted(snippet: string): Node[] {
  const unescape = (s: string): string => s.replace(/&(lt|gt|quot|#39|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[e]!);
  return snippet.split(/(<mark>.*?<\/mark>)/).map((part) => (part.startsWith('<mark>') ? h('mark', null, unescape(part.slice(6, -7))) : document.createTextNode(unescape(part))));
}

export function searchView(): HTMLElement {
  const state = hashQuery();
  const errors = new FieldErrors();
  const q = input({ type: 'search', name: 'q', value: state.get('q') ?? '', placeholder: t('searchPlaceholder') });
  const near = input({ name: 'near', value: state.get('near') ?? '', autocomplete: 'off' });
  const radius = select(['5', '10', '25', '50', '100'].map((r) => [r, `${r} km`]), state.get('radiusKm') ?? '25');
  const results = h('div', { class: 'results', 'aria-live': 'polite', 'aria-busy': 'false' });
  const facetBox = h('div', { class: 'facets' });
  // Recruiters can get this search's new candidates by e-mail (views/subscriptions.ts); admins cannot subscribe.
  const subscribe = session()?.account.role === 'admin' ? null : h('a', { class: 'button secondary', href: '#/subscriptions' }, t('subscribeToSearch'));

  const run = async (page = 1): Promise<void> => {
    errors.clear();
    const params: Record<string, string | string[] | undefined> = { q: q.value.trim() || undefined, page: String(page), limit: '20', facets: FACETS.map((f) => f.facet).join(',') };
    if (near.value.trim()) {
      params.near = near.value.trim();
      params.radiusKm = radius.value;
    }
    for (const p of FILTER_PARAMS) {
      const values = state.getAll(p);
      if (values.length) params[p] = values;
    }
    const url = new URLSearchParams(qs(params).slice(1));
    url.delete('facets');
    url.delete('limit');
    setHashQuery(url);
    if (subscribe) subscribe.href = `#/subscriptions?${new URLSearchParams({ search: url.toString() }).toString()}`;
    results.setAttribute('aria-busy', 'true');
    try {
      const r = await api<SearchResult>('GET', `/api/v1/search/candidates${qs(params)}`);
      renderFacets(r);
      renderHits(r);
    } catch (e) {
      if (e instanceof ApiError && e.problem.errors?.length) errors.show(e);
      else replace(results, h('p', { role: 'alert', class: 'field-error' }, problemText(e)));
    } finally {
      results.setAttribute('aria-busy', 'false');
    }
  };

  const renderFacets = (r: SearchResult): void => {
    replace(
      facetBox,
      FACETS.map(({ facet, param, title }) => {
        const values = r.facets[facet] ?? [];
        const chosen = state.getAll(param);
        if (!values.length && !chosen.length) return null;
        return h(
          'fieldset',
          { class: 'facet' },
          h('legend', null, t(title)),
          values.slice(0, 8).map((v) =>
            h(
              'label',
              { class: 'check' },
              h('input', {
                type: 'checkbox',
                checked: chosen.includes(v.value),
                onchange: (e: Event) => {
                  const on = (e.target as HTMLInputElement).checked;
                  const rest = state.getAll(param).filter((x) => x !== v.value);
                  state.delete(param);
                  for (const x of on ? [...rest, v.value] : rest) state.append(param, x);
                  void run();
                },
              }),
              `${v.label} (${v.count})`,
            ),
          ),
        );
      }),
    );
  };

  const card = (c: CandidateHit): HTMLElement => {
    const title = c.occupations.map((o) => o.name).join(', ') || c.titles[0] || t('candidate');
    const snippet = Object.values(c.highlights)[0];
    return h(
      'li',
      { class: 'card hit' },
      h('h3', null, h('a', { href: `#/candidates/${encodeURIComponent(c.id)}` }, title)),
      h('p', { class: 'meta' }, [c.place, c.distanceKm !== undefined ? t('kmAway', { km: Math.round(c.distanceKm) }) : null, `${c.hoursPerWeek} ${t('hoursShort')}`, `${t('availableFrom')} ${dateText(c.availableFrom)}`, t('yearsExperience', { n: Math.round(c.experienceMonths / 12) })].filter(Boolean).join(' · ')),
      c.titles.length ? h('p', null, h('span', { class: 'label' }, `${t('stepExperience')}: `), c.titles.slice(0, 3).join(', ')) : null,
      snippet ? h('p', { class: 'snippet' }, highlighted(snippet)) : null,
      h('ul', { class: 'chips' }, c.skills.slice(0, 8).map((s) => h('li', { class: 'chip' }, s.name))),
    );
  };

  const renderHits = (r: SearchResult): void => {
    const pager = h(
      'div',
      { class: 'actions' },
      r.page > 1 && h('button', { type: 'button', class: 'secondary', onclick: () => run(r.page - 1) }, t('previous')),
      r.page < r.pages && h('button', { type: 'button', class: 'secondary', onclick: () => run(r.page + 1) }, t('next')),
    );
    replace(results, h('p', { class: 'count' }, r.total === 1 ? t('resultsCountOne') : t('resultsCount', { n: r.total })), r.hits.length ? h('ol', { class: 'plain list' }, r.hits.map(card)) : h('p', null, t('noResults')), pager);
  };

  const form = h(
    'form',
    { role: 'search', class: 'search-form', novalidate: true, onsubmit: (e: Event) => { e.preventDefault(); void run(); } },
    errors.summary,
    errors.field('q', t('searchLabel'), q),
    h('div', { class: 'two' }, errors.field('near', t('near'), near, undefined, withSuggestions(near, suggestPlaces)), errors.field('radiusKm', t('radius'), radius)),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('search')), subscribe),
  );
  // On a phone the filters come before the results: folded, so the results are one scroll away.
  const narrow = window.matchMedia('(max-width: 48rem)').matches;
  const filters = h('details', { class: 'filters', open: !narrow }, h('summary', null, t('filters')), facetBox);
  void run(Number(state.get('page') ?? '1') || 1);
  return h('div', null, h('h1', null, t('navSearch')), h('p', { class: 'hint' }, t('searchIntro')), form, h('div', { class: 'search-layout' }, h('aside', { 'aria-label': t('filters') }, filters), results));
}
