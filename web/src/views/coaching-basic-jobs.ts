/**
 * Wijkbasisbanen on the Leerwerkloket page: the jobs the organisation manages, the offers
 * made, and for an open job the eligible residents (anonymised, best first) to offer it to.
 */
import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { announce, problemText } from '../forms.js';
import { dateText, t, type Key } from '../i18n.js';
import type { BasicJob, BasicJobCandidate, BasicJobOffer } from '../types.js';
import { badge, statusClass } from './retraining.js';

const jobPath = (job: BasicJob, rest = ''): string => `/api/v1/basic-jobs/${encodeURIComponent(job.id)}${rest}`;

function offersList(offers: BasicJobOffer[]): HTMLElement {
  if (!offers.length) return h('p', { class: 'hint' }, t('bjNoOffers'));
  return h('ul', { class: 'plain' }, offers.map((o) => h('li', null, `${t('bjOfferTo', { id: o.profileId.slice(0, 8) })} · ${dateText(o.createdAt)} `, badge(statusClass(o.status), `bjStatus_${o.status}` as Key))));
}

/** Eligible residents with an offer button each; offering reloads the section. */
async function candidatesList(job: BasicJob, reload: () => void): Promise<HTMLElement> {
  const candidates = await api<BasicJobCandidate[]>('GET', jobPath(job, '/candidates'));
  if (!candidates.length) return h('p', { class: 'notice' }, t('bjNoCandidates'));
  return h(
    'ol',
    { class: 'plain list' },
    candidates.map((c) => {
      const note = h('p', { role: 'alert', class: 'field-error' });
      const who = c.candidate.desiredOccupations[0] ?? c.candidate.experience[0]?.title ?? t('candidate');
      const offer = async (): Promise<void> => {
        try {
          await api('POST', jobPath(job, '/offers'), { profileId: c.candidate.id });
          announce(t('bjOffered'));
          reload();
        } catch (e) {
          note.textContent = problemText(e);
        }
      };
      return h(
        'li',
        { class: 'card' },
        h('p', null, h('strong', null, who), ` · ${c.candidate.place}`, c.distanceKm !== null && ` · ${c.distanceKm} km`, ` · ${t('bjSkillsMatched', { n: c.skillsMatched, total: job.skills.length })}`),
        h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', onclick: offer, 'aria-label': `${t('bjOffer')}: ${who}, ${c.candidate.place}` }, t('bjOffer'))),
        note,
      );
    }),
  );
}

/** The section body: one card per basic job. */
export async function basicJobsSection(reload: () => void): Promise<HTMLElement> {
  const jobs = await api<BasicJob[]>('GET', '/api/v1/basic-jobs');
  if (!jobs.length) return h('p', { class: 'notice' }, t('bjNone'));
  const offers = await Promise.all(jobs.map((j) => api<BasicJobOffer[]>('GET', jobPath(j, '/offers'))));
  return h(
    'ul',
    { class: 'plain list' },
    jobs.map((job, i) => {
      const candidates = h('div', { class: 'candidates' });
      const show = h('button', { type: 'button', class: 'secondary', 'aria-expanded': 'false', 'aria-label': `${t('bjShowCandidates')}: ${job.title}` }, t('bjShowCandidates'));
      show.addEventListener('click', async () => {
        show.setAttribute('aria-expanded', 'true');
        show.hidden = true;
        try {
          replace(candidates, await candidatesList(job, reload));
        } catch (e) {
          replace(candidates, h('p', { role: 'alert', class: 'field-error' }, problemText(e)));
        }
      });
      return h(
        'li',
        { class: 'card' },
        h('h3', null, job.title, ' ', badge(statusClass(job.status), `bjJob_${job.status}` as Key)),
        h('p', { class: 'meta' }, `${job.hostName} · ${job.place} · ${job.hoursPerWeek} ${t('hoursShort')}`, job.startDate && ` · ${t('startDate')} ${dateText(job.startDate)}`),
        h('p', null, h('span', { class: 'label' }, `${t('bjPublicTask')}: `), job.publicTask),
        !job.signOff && h('p', { class: 'hint' }, t('bjAwaitingSignOff')),
        h('h4', null, t('bjOffers')),
        offersList(offers[i]!),
        job.status === 'open' && [show, candidates],
      );
    }),
  );
}
