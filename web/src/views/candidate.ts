/**
 * One candidate as an organisation sees it: anonymised until the jobseeker accepts this
 * organisation's contact request, then with contact details. Opening it is logged by the API.
 */
import { api, qs, session, type Page } from '../api.js';
import { h } from '../dom.js';
import { announce, FieldErrors, select } from '../forms.js';
import { dateText, monthText, t } from '../i18n.js';
import { navigate } from '../router.js';
import { namer } from '../taxonomy.js';
import type { AnonymousProfile, ContactRequest, Vacancy } from '../types.js';

export async function candidateView(params: Record<string, string>): Promise<HTMLElement> {
  const id = params.id!;
  const org = session()!.account.organisationIds[0];
  const [p, occupation, sector, skill, requests, vacancies] = await Promise.all([
    api<AnonymousProfile>('GET', `/api/v1/profiles/${encodeURIComponent(id)}`),
    namer('occupation'),
    namer('sector'),
    namer('skill'),
    api<Page<ContactRequest>>('GET', '/api/v1/contact-requests?limit=100'),
    api<Page<Vacancy>>('GET', `/api/v1/vacancies${qs({ organisationId: org, status: 'open', limit: 100 })}`),
  ]);
  const request = requests.items.find((r) => r.profileId === id && r.status !== 'declined');
  const errors = new FieldErrors();
  const vacancy = select([['', t('noVacancyChosen')], ...vacancies.items.map((v): [string, string] => [v.id, v.title])], undefined);
  const message = h('textarea', { rows: 4, maxlength: 2000 });
  const contactBox = p.contact
    ? h('section', { class: 'card ok' }, h('h2', null, t('contactDetails')), h('dl', { class: 'facts' }, h('dt', null, t('name')), h('dd', null, p.contact.name), h('dt', null, t('email')), h('dd', null, h('a', { href: `mailto:${p.contact.email}` }, p.contact.email)), h('dt', null, t('phone')), h('dd', null, p.contact.phone)))
    : request
      ? h('p', { class: 'notice' }, t('requestPendingText'))
      : h(
          'form',
          {
            class: 'card',
            novalidate: true,
            onsubmit: async (e: Event) => {
              e.preventDefault();
              try {
                await api('POST', '/api/v1/contact-requests', { profileId: id, ...(vacancy.value ? { vacancyId: vacancy.value } : {}), ...(message.value.trim() ? { message: message.value } : {}) });
                navigate(`/candidates/${encodeURIComponent(id)}`);
                announce(t('requestSent'));
              } catch (err) {
                errors.show(err);
              }
            },
          },
          h('h2', null, t('askContact')),
          h('p', { class: 'hint' }, t('askContactText')),
          errors.summary,
          errors.field('vacancyId', t('aboutVacancy'), vacancy),
          errors.field('message', t('message'), message),
          h('button', { type: 'submit' }, t('sendRequest')),
        );
  return h(
    'div',
    null,
    h('h1', null, p.contact ? p.contact.name : t('candidateTitle')),
    h('p', { class: 'meta' }, `${p.place} · ${t('withinKm', { km: p.maxTravelKm })} · ${p.hoursPerWeek} ${t('hoursShort')} · ${t('availableFrom')} ${dateText(p.availableFrom)}`),
    h(
      'section',
      { class: 'card' },
      h('h2', null, t('stepWishes')),
      h('p', null, [...p.desiredOccupations.map(occupation), ...p.desiredSectors.map(sector)].join(', ') || '—'),
      h('h3', null, t('skills')),
      h('ul', { class: 'chips' }, p.skills.map((s) => h('li', { class: 'chip' }, skill(s)))),
      h('h3', null, t('stepExperience')),
      h('ul', { class: 'plain' }, p.experience.map((e) => h('li', null, h('strong', null, e.title), ` — ${e.employerName}, ${monthText(e.start)} – ${e.end ? monthText(e.end) : t('now')}`))),
      p.drivingLicence && h('p', null, t('drivingLicence')),
    ),
    contactBox,
  );
}
