/** An organisation's vacancies: list with open/close, and one form for creating and editing. */
import { api, qs, session, type Page } from '../api.js';
import { h } from '../dom.js';
import { announce, chipList, FieldErrors, input, problemText, select, withSuggestions } from '../forms.js';
import { dateText, t, type Key } from '../i18n.js';
import { navigate } from '../router.js';
import { namer, suggestOccupations, suggestPlaces, suggestSkills } from '../taxonomy.js';
import type { Vacancy } from '../types.js';

const STATUS: Record<Vacancy['status'], Key> = { draft: 'statusDraft', open: 'statusOpen', closed: 'statusClosed' };

/** Extra links per vacancy row (matches, subscriptions) from screens that need other APIs. */
export const vacancyLinks: Array<(v: Vacancy) => HTMLElement | null> = [];

export async function vacanciesView(): Promise<HTMLElement> {
  const org = session()!.account.organisationIds[0];
  const occupation = await namer('occupation');
  const list = h('ul', { class: 'plain list' });
  const more = h('button', { type: 'button', class: 'secondary', hidden: true }, t('loadMore'));
  let cursor: string | null = null;
  const row = (v: Vacancy): HTMLElement => {
    const note = h('p', { role: 'alert', class: 'field-error' });
    const setStatus = async (status: Vacancy['status']): Promise<void> => {
      try {
        await api('PATCH', `/api/v1/vacancies/${v.id}`, { status });
        navigate('/vacancies');
        announce(status === 'open' ? t('vacancyOpened', { title: v.title }) : t('vacancyClosed', { title: v.title }));
      } catch (e) {
        note.textContent = problemText(e);
      }
    };
    return h(
      'li',
      { class: 'card' },
      h('h2', { class: 'h3' }, v.title, ' ', h('span', { class: `badge ${v.status}` }, t(STATUS[v.status]))),
      h('p', { class: 'meta' }, `${occupation(v.occupation)} · ${v.place} · ${v.hoursPerWeek.min}–${v.hoursPerWeek.max} ${t('hoursShort')}`, v.publishedAt && ` · ${t('publishedOn', { date: dateText(v.publishedAt) })}`),
      h(
        'div',
        { class: 'actions' },
        h('a', { class: 'button secondary', href: `#/vacancies/${v.id}/edit`, 'aria-label': `${t('edit')}: ${v.title}` }, t('edit')),
        v.status !== 'open' && h('button', { type: 'button', onclick: () => setStatus('open'), 'aria-label': `${t('openVacancy')}: ${v.title}` }, t('openVacancy')),
        v.status === 'open' && h('button', { type: 'button', class: 'secondary', onclick: () => setStatus('closed'), 'aria-label': `${t('closeVacancy')}: ${v.title}` }, t('closeVacancy')),
        vacancyLinks.map((link) => link(v)),
      ),
      note,
    );
  };
  const load = async (): Promise<void> => {
    const page = await api<Page<Vacancy>>('GET', `/api/v1/vacancies${qs({ organisationId: org, limit: 50, cursor })}`);
    list.append(...page.items.map(row));
    cursor = page.nextCursor;
    more.hidden = !cursor;
    if (!list.children.length) list.append(h('li', null, t('noVacancies')));
  };
  more.addEventListener('click', () => void load());
  await load();
  return h('div', null, h('h1', null, t('navVacancies')), h('div', { class: 'actions' }, h('a', { class: 'button', href: '#/vacancies/new' }, t('vacancyNew'))), list, more);
}

export async function vacancyFormView(params: Record<string, string>): Promise<HTMLElement> {
  const existing = params.id ? await api<Vacancy>('GET', `/api/v1/vacancies/${encodeURIComponent(params.id)}`) : null;
  const occupation = await namer('occupation');
  const errors = new FieldErrors();
  const v = existing;
  const title = input({ required: true, value: v?.title ?? '' });
  const occ = input({ required: true, value: v ? occupation(v.occupation) : '' });
  const description = h('textarea', { rows: 6, required: true }, v?.description ?? '');
  const must = chipList(v?.mustHaveSkills ?? [], { label: t('addSkill'), suggest: suggestSkills });
  const nice = chipList(v?.niceToHaveSkills ?? [], { label: t('addSkill'), suggest: suggestSkills });
  const place = input({ required: true, value: v?.place ?? '' });
  const hoursMin = input({ type: 'number', min: 1, max: 60, required: true, value: String(v?.hoursPerWeek.min ?? 32) });
  const hoursMax = input({ type: 'number', min: 1, max: 60, required: true, value: String(v?.hoursPerWeek.max ?? 38) });
  const salaryMin = input({ type: 'number', min: 0, value: v?.salary ? String(v.salary.min) : '' });
  const salaryMax = input({ type: 'number', min: 0, value: v?.salary ? String(v.salary.max) : '' });
  const period = select([['month', t('perMonth')], ['hour', t('perHour')], ['year', t('perYear')]], v?.salary?.period ?? 'month');
  const startDate = input({ type: 'date', value: v?.startDate ?? '' });
  const status = select([['draft', t('statusDraft')], ['open', t('statusOpen')], ['closed', t('statusClosed')]], v?.status ?? 'open');
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    errors.clear();
    const body = {
      title: title.value,
      occupation: occ.value,
      description: description.value,
      mustHaveSkills: must.values(),
      niceToHaveSkills: nice.values(),
      place: place.value,
      hoursPerWeek: { min: Number(hoursMin.value), max: Number(hoursMax.value) },
      salary: salaryMin.value || salaryMax.value ? { min: Number(salaryMin.value), max: Number(salaryMax.value || salaryMin.value), period: period.value } : null,
      startDate: startDate.value || null,
      status: status.value,
    };
    try {
      if (v) await api('PATCH', `/api/v1/vacancies/${v.id}`, body);
      else await api('POST', '/api/v1/vacancies', body);
      navigate('/vacancies');
      announce(t('vacancySaved'));
    } catch (err) {
      errors.show(err);
    }
  };
  return h(
    'div',
    { class: 'narrow' },
    h('h1', null, v ? t('vacancyEdit') : t('vacancyNew')),
    h(
      'form',
      { onsubmit: submit, novalidate: true },
      errors.summary,
      errors.field('title', t('vacancyTitle'), title),
      errors.field('occupation', t('occupation'), occ, t('occupationHint'), withSuggestions(occ, suggestOccupations)),
      errors.field('description', t('description'), description),
      errors.field('mustHaveSkills', t('mustHaveSkills'), must.element),
      errors.field('niceToHaveSkills', t('niceToHaveSkills'), nice.element),
      errors.field('place', t('place'), place, undefined, withSuggestions(place, suggestPlaces)),
      h('div', { class: 'two' }, errors.field('hoursPerWeek/min', t('hoursMin'), hoursMin), errors.field('hoursPerWeek/max', t('hoursMax'), hoursMax)),
      h('div', { class: 'three' }, errors.field('salary/min', t('salaryMin'), salaryMin), errors.field('salary/max', t('salaryMax'), salaryMax), errors.field('salary/period', t('salaryPeriod'), period)),
      h('div', { class: 'two' }, errors.field('startDate', t('startDate'), startDate), errors.field('status', t('status'), status)),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('save')), h('a', { class: 'button secondary', href: '#/vacancies' }, t('cancel'))),
    ),
  );
}
