/**
 * Contact requests. Jobseekers accept or decline; organisations see what they sent and, once
 * accepted, open the candidate (whose contact details the API then releases).
 */
import { api, session, type Page } from '../api.js';
import { h } from '../dom.js';
import { announce, problemText } from '../forms.js';
import { dateText, t, type Key } from '../i18n.js';
import { navigate } from '../router.js';
import type { ContactRequest } from '../types.js';

const STATUS: Record<ContactRequest['status'], Key> = { pending: 'statusPending', accepted: 'statusAccepted', declined: 'statusDeclined' };

export async function contactRequestsView(): Promise<HTMLElement> {
  const jobseeker = session()!.account.role === 'jobseeker';
  const page = await api<Page<ContactRequest>>('GET', '/api/v1/contact-requests?limit=100');
  const respond = async (r: ContactRequest, action: 'accept' | 'decline', note: HTMLElement): Promise<void> => {
    try {
      await api('POST', `/api/v1/contact-requests/${r.id}/${action}`);
      navigate('/contact-requests');
      announce(action === 'accept' ? t('acceptedNow', { org: r.organisationName }) : t('declinedNow'));
    } catch (e) {
      note.textContent = problemText(e);
    }
  };
  const item = (r: ContactRequest): HTMLElement => {
    const note = h('p', { role: 'alert', class: 'field-error' });
    return h(
      'li',
      { class: 'card' },
      h('h2', { class: 'h3' }, jobseeker ? r.organisationName : t('candidate'), r.vacancyTitle && ` — ${r.vacancyTitle}`),
      h('p', null, h('span', { class: `badge ${r.status}` }, t(STATUS[r.status])), ' ', t('sentOn', { date: dateText(r.createdAt) })),
      r.message && h('blockquote', null, r.message),
      jobseeker && r.status === 'pending' && h('p', { class: 'hint' }, t('acceptExplain', { org: r.organisationName })),
      jobseeker && r.status === 'pending' && h('div', { class: 'actions' }, h('button', { type: 'button', onclick: () => respond(r, 'accept', note) }, t('accept')), h('button', { type: 'button', class: 'secondary', onclick: () => respond(r, 'decline', note) }, t('decline'))),
      !jobseeker && h('a', { href: `#/candidates/${encodeURIComponent(r.profileId)}` }, r.status === 'accepted' ? t('viewContact') : t('viewCandidate')),
      note,
    );
  };
  return h(
    'div',
    null,
    h('h1', null, t('navContacts')),
    page.items.length ? h('ul', { class: 'plain list' }, page.items.map(item)) : h('p', null, jobseeker ? t('noRequestsJobseeker') : t('noRequestsOrg')),
  );
}
