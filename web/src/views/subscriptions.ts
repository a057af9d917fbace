/**
 * Digests for recruiters: e-mail with new matches for one of the organisation's vacancies or
 * for a saved candidate search, daily or weekly. List, create (checked inline before the API
 * sees it, the API's own field errors shown the same way), delete, and a preview of what the
 * next mail would hold.
 *
 * Other screens start a subscription with a link: `#/subscriptions?vacancy=<id>` or
 * `#/subscriptions?search=<the search's query string>`.
 */
import { api, session, type Page } from '../api.js';
import { h, replace, uid } from '../dom.js';
import { announce, FieldErrors, input, problemText, select, withSuggestions } from '../forms.js';
import { dateTimeText, locale, t, type Key } from '../i18n.js';
import { mailBody } from '../mail-frame.js';
import { hashQuery, navigate } from '../router.js';
import { namer, suggestPlaces } from '../taxonomy.js';
import type { Vacancy } from '../types.js';

interface Subscription {
  id: string;
  kind: 'vacancy' | 'search';
  vacancyId: string | null;
  search: Record<string, string | string[]> | null;
  frequency: 'daily' | 'weekly';
  weekday: number | null;
  timeOfDay: string;
  minScore: number;
  email: string;
  active: boolean;
  nextDigestAt: string | null;
}

interface DigestPreview {
  subject: string;
  html: string;
  text: string;
  from: string;
  to: string;
  matchCount: number;
}

/** The first digest of a subscription covers everything since this instant (core/digests). */
const BEGINNING = '1970-01-01T00:00:00.000Z';
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
/** Search parameters a saved search does not keep (the digest pages and orders itself). */
const NOT_SAVED = ['page', 'limit', 'sort', 'facets'];

/** A search's query string as the saved-search body: repeated keys become arrays. */
function savedSearch(query: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(query.keys())) {
    if (NOT_SAVED.includes(key)) continue;
    const values = query.getAll(key).filter((v) => v.trim());
    if (values.length) out[key] = values.length === 1 ? values[0]! : values;
  }
  return out;
}

async function searchDescriber(): Promise<(search: Record<string, string | string[]>) => string> {
  const [occupation, sector] = await Promise.all([namer('occupation'), namer('sector')]);
  return (search) =>
    Object.entries(search)
      .filter(([key]) => key !== 'radiusKm')
      .map(([key, value]) => {
        const values = [value].flat();
        if (key === 'q') return `“${values.join(' ')}”`;
        if (key === 'near') return t('nearPlace', { place: values.join(', '), km: String(search.radiusKm ?? 25) });
        const name = key === 'occupation' ? occupation : key === 'sector' ? sector : (v: string) => v;
        return values.map(name).join(', ');
      })
      .join(' · ');
}

/** ISO weekday 1 = Monday … 7 = Sunday, named in the UI language (1 January 2024 was a Monday). */
const weekdayName = (isoDay: number): string => new Date(Date.UTC(2024, 0, isoDay)).toLocaleDateString(locale(), { weekday: 'long', timeZone: 'UTC' });

const scheduleText = (s: Pick<Subscription, 'frequency' | 'weekday' | 'timeOfDay'>): string =>
  s.frequency === 'daily' ? t('everyDayAt', { time: s.timeOfDay }) : t('everyWeekdayAt', { day: weekdayName(s.weekday ?? 1), time: s.timeOfDay });


async function previewPanel(sub: Subscription): Promise<HTMLElement> {
  const preview = await api<DigestPreview>('GET', `/api/v1/subscriptions/${encodeURIComponent(sub.id)}/preview`);
  const since = preview.from === BEGINNING ? t('previewSinceStart') : t('previewSince', { date: dateTimeText(preview.from) });
  return h(
    'div',
    { class: 'preview' },
    h('h3', null, t('previewTitle')),
    preview.matchCount
      ? [
          h('p', null, h('strong', null, t('previewCount', { n: preview.matchCount })), ` ${since}`),
          h('p', { class: 'meta' }, h('span', { class: 'label' }, `${t('mailSubject')}: `), preview.subject),
          sub.vacancyId && h('p', null, h('a', { href: `#/vacancies/${encodeURIComponent(sub.vacancyId)}/matches` }, t('allMatchesInApp'))),
          mailBody(preview, 'open'),
        ]
      : h('p', { class: 'notice' }, t('previewEmpty')),
  );
}

function subscriptionCard(sub: Subscription, title: string): HTMLElement {
  const previewId = uid('preview');
  const previewBox = h('div', { id: previewId, 'aria-live': 'polite' });
  const note = h('p', { role: 'alert', class: 'field-error' });
  const previewButton = h('button', { type: 'button', class: 'secondary', 'aria-expanded': 'false', 'aria-controls': previewId, 'aria-label': `${t('dgPreview')}: ${title}` }, t('dgPreview'));
  previewButton.addEventListener('click', async () => {
    const open = previewButton.getAttribute('aria-expanded') === 'true';
    previewButton.setAttribute('aria-expanded', String(!open));
    if (open) return replace(previewBox);
    replace(previewBox, h('p', null, t('dgLoading')));
    try {
      replace(previewBox, await previewPanel(sub));
    } catch (e) {
      replace(previewBox, h('p', { class: 'field-error', role: 'alert' }, problemText(e)));
    }
  });
  const remove = async (): Promise<void> => {
    try {
      await api('DELETE', `/api/v1/subscriptions/${encodeURIComponent(sub.id)}`);
      navigate('/subscriptions');
      announce(t('subscriptionDeleted', { title }));
    } catch (e) {
      note.textContent = problemText(e);
    }
  };
  // Deleting asks once, inline, with focus on the confirming button (no modal dialog to trap anyone).
  const confirmBox = h(
    'div',
    { class: 'actions confirm', hidden: true },
    h('span', null, t('confirmDeleteSubscription')),
    h('button', { type: 'button', class: 'danger', onclick: remove }, t('yesDelete')),
    h('button', { type: 'button', class: 'secondary', onclick: () => { confirmBox.hidden = true; deleteButton.focus(); } }, t('cancel')),
  );
  const deleteButton = h('button', { type: 'button', class: 'link danger', 'aria-label': `${t('dgDelete')}: ${title}`, onclick: () => { confirmBox.hidden = false; confirmBox.querySelector<HTMLButtonElement>('button.danger')!.focus(); } }, t('dgDelete'));
  return h(
    'li',
    { class: 'card' },
    h('h2', { class: 'h3' }, title, ' ', h('span', { class: `badge ${sub.active ? 'open' : 'closed'}` }, t(sub.active ? 'digestActive' : 'digestStopped'))),
    h('p', { class: 'meta' }, [scheduleText(sub), t('fromScore', { score: Math.round(sub.minScore * 100) }), t('toAddress', { email: sub.email })].join(' · ')),
    sub.nextDigestAt && h('p', null, t('nextDigest', { date: dateTimeText(sub.nextDigestAt) })),
    h('div', { class: 'actions' }, previewButton, deleteButton),
    confirmBox,
    note,
    previewBox,
  );
}

/** The create form; `vacancies` are the organisation's own, the only ones it may follow. */
function createForm(vacancies: Vacancy[], describe: (search: Record<string, string | string[]>) => string): HTMLElement {
  const query = hashQuery();
  const prefilled = new URLSearchParams(query.get('search') ?? '');
  const fromSearch = savedSearch(prefilled);
  const errors = new FieldErrors();
  const kindName = uid('kind');
  const kindRadio = (value: 'vacancy' | 'search', label: Key): HTMLElement =>
    h('label', { class: 'check' }, h('input', { type: 'radio', name: kindName, value, checked: (query.has('search') ? 'search' : 'vacancy') === value }), t(label));
  const kindGroup = h('div', null, kindRadio('vacancy', 'digestKindVacancy'), kindRadio('search', 'digestKindSearch'));
  const vacancy = select([['', t('chooseVacancy')], ...vacancies.map((v): [string, string] => [v.id, v.status === 'open' ? v.title : `${v.title} (${t('statusClosed').toLowerCase()})`])], query.get('vacancy') ?? '');
  const q = input({ type: 'search', value: typeof fromSearch.q === 'string' ? fromSearch.q : '' });
  const near = input({ value: typeof fromSearch.near === 'string' ? fromSearch.near : '', autocomplete: 'off' });
  const radius = select(['5', '10', '25', '50', '100'].map((r) => [r, `${r} km`]), typeof fromSearch.radiusKm === 'string' ? fromSearch.radiusKm : '25');
  const { q: _q, near: _near, radiusKm: _r, ...filters } = fromSearch;
  const frequencyName = uid('freq');
  const frequencyRadio = (value: 'daily' | 'weekly', label: Key): HTMLElement =>
    h('label', { class: 'check' }, h('input', { type: 'radio', name: frequencyName, value, checked: value === 'daily' }), t(label));
  const frequency = h('div', null, frequencyRadio('daily', 'dgDaily'), frequencyRadio('weekly', 'dgWeekly'));
  const weekday = select([1, 2, 3, 4, 5, 6, 7].map((d): [string, string] => [String(d), weekdayName(d)]), '1');
  const time = input({ type: 'time', value: '08:00', required: true });
  const minScore = input({ type: 'number', min: 0, max: 100, step: 5, value: '50', inputmode: 'numeric' });
  const email = input({ type: 'email', autocomplete: 'email', placeholder: session()!.account.email });

  const vacancyField = errors.field('vacancyId', t('dgVacancy'), vacancy);
  const searchFields = h(
    'div',
    null,
    errors.field('search/q', t('searchLabel'), q, t('digestSearchHint')),
    h('div', { class: 'two' }, errors.field('search/near', t('near'), near, undefined, withSuggestions(near, suggestPlaces)), errors.field('search/radiusKm', t('radius'), radius)),
    Object.keys(filters).length ? h('p', { class: 'hint' }, `${t('filtersFromSearch')}: ${describe(filters)}`) : null,
  );
  const weekdayField = errors.field('weekday', t('dgWeekday'), weekday);
  const kind = (): string => kindGroup.querySelector<HTMLInputElement>('input:checked')!.value;
  const weekly = (): boolean => frequency.querySelector<HTMLInputElement>('input:checked')!.value === 'weekly';
  const sync = (): void => {
    vacancyField.hidden = kind() !== 'vacancy';
    searchFields.hidden = kind() !== 'search';
    weekdayField.hidden = !weekly();
  };

  const body = (): Record<string, unknown> => {
    const schedule = { frequency: weekly() ? 'weekly' : 'daily', ...(weekly() ? { weekday: Number(weekday.value) } : {}), timeOfDay: time.value, minScore: Number(minScore.value) / 100, ...(email.value.trim() ? { email: email.value.trim() } : {}) };
    if (kind() === 'vacancy') return { kind: 'vacancy', vacancyId: vacancy.value, ...schedule };
    const search: Record<string, unknown> = { ...filters };
    if (q.value.trim()) search.q = q.value.trim();
    if (near.value.trim()) Object.assign(search, { near: near.value.trim(), radiusKm: radius.value });
    return { kind: 'search', search, ...schedule };
  };

  /** The checks the API would make, so most mistakes show before anything is sent. */
  const problems = (): Array<[string, string]> => {
    const found: Array<[string, string]> = [];
    if (kind() === 'vacancy' && !vacancy.value) found.push(['vacancyId', t('chooseVacancyError')]);
    if (kind() === 'search' && !q.value.trim() && !near.value.trim() && !Object.keys(filters).length) found.push(['search/q', t('searchTermNeeded')]);
    if (!TIME.test(time.value)) found.push(['timeOfDay', t('timeInvalid')]);
    const score = Number(minScore.value);
    if (minScore.value.trim() === '' || !Number.isFinite(score) || score < 0 || score > 100) found.push(['minScore', t('scoreInvalid')]);
    if (email.value.trim() && !EMAIL.test(email.value.trim())) found.push(['email', t('emailInvalid')]);
    return found;
  };
  let attempted = false;
  const check = (focusFirst: boolean): boolean => {
    errors.clear();
    const found = problems();
    for (const [path, text] of found) errors.set(path, text);
    if (focusFirst && found[0]) form.querySelector<HTMLElement>(`[data-path="${found[0][0]}"] :is(input, select)`)?.focus();
    return found.length === 0;
  };

  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    attempted = true;
    if (!check(true)) return;
    try {
      await api('POST', '/api/v1/subscriptions', body());
      navigate('/subscriptions');
      announce(t('subscriptionCreated'));
    } catch (err) {
      errors.show(err);
    }
  };
  const form = h(
    'form',
    { onsubmit: submit, novalidate: true },
    errors.summary,
    errors.field('kind', t('digestAbout'), kindGroup),
    vacancyField,
    searchFields,
    errors.field('frequency', t('dgFrequency'), frequency),
    weekdayField,
    h('div', { class: 'two' }, errors.field('timeOfDay', t('dgTimeOfDay'), time, t('timeOfDayHint')), errors.field('minScore', t('minScorePercent'), minScore, t('minScoreHint'))),
    errors.field('email', t('digestEmail'), email, t('digestEmailHint', { email: session()!.account.email })),
    h('button', { type: 'submit' }, t('createSubscription')),
  );
  form.addEventListener('change', sync);
  // Once a submit has shown what is wrong, each fix clears its message as it is made.
  form.addEventListener('input', () => attempted && check(false));
  sync();
  return h('section', { class: 'card', 'aria-labelledby': 'new-digest' }, h('h2', { id: 'new-digest' }, t('newSubscription')), form);
}

export async function subscriptionsView(): Promise<HTMLElement> {
  const org = session()!.account.organisationIds[0];
  const [subs, vacancies, describe] = await Promise.all([
    api<Page<Subscription>>('GET', '/api/v1/subscriptions?limit=100'),
    api<Page<Vacancy>>('GET', `/api/v1/vacancies?organisationId=${encodeURIComponent(org ?? '')}&limit=100`),
    searchDescriber(),
  ]);
  const titles = new Map(vacancies.items.map((v) => [v.id, v.title]));
  const titleOf = (s: Subscription): string => (s.kind === 'vacancy' ? t('digestForVacancy', { title: titles.get(s.vacancyId!) ?? s.vacancyId! }) : t('digestForSearch', { terms: describe(s.search ?? {}) }));
  const list = subs.items.length ? h('ul', { class: 'plain list' }, subs.items.map((s) => subscriptionCard(s, titleOf(s)))) : h('p', { class: 'notice' }, t('noSubscriptions'));
  const form = createForm(vacancies.items, describe);
  // Arriving from a vacancy or a search means "subscribe to this": the form comes first then.
  const prefilled = hashQuery().has('vacancy') || hashQuery().has('search');
  return h('div', null, h('h1', null, t('navDigests')), h('p', { class: 'hint' }, t('digestsIntro')), prefilled ? [form, list] : [list, form]);
}
