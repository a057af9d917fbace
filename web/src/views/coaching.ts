/**
 * "Leerwerkloket" for intermediaries: voucher applications to review in the programmes their
 * organisation reviews, appointment requests to answer, and the wijkbasisbanen they manage
 * (coaching-basic-jobs.ts). Also the pathways of a person they coach.
 */
import { api, session } from '../api.js';
import { h, replace, uid } from '../dom.js';
import { announce, FieldErrors, input, problemText } from '../forms.js';
import { t } from '../i18n.js';
import type { Appointment, PathwayReport, Programme, Voucher } from '../types.js';
import { basicJobsSection } from './coaching-basic-jobs.js';
import { appointmentCard, pathwayCard, voucherFacts } from './retraining.js';
import { bandLabel } from './voucher-form.js';

const pathwaysLink = (profileId: string): HTMLElement => h('a', { href: `#/coaching/profiles/${encodeURIComponent(profileId)}` }, t('coPathwaysLink'));

/** A section whose list reloads in place after each decision, focus back on its heading. */
function liveSection(id: string, title: string, intro: string, load: (reload: () => void) => Promise<HTMLElement>): { element: HTMLElement; reload: (focus: boolean) => Promise<void> } {
  const heading = h('h2', { id, tabindex: '-1' }, title);
  const body = h('div');
  const reload = async (focus: boolean): Promise<void> => {
    try {
      replace(body, await load(() => void reload(true)));
    } catch (e) {
      replace(body, h('p', { role: 'alert', class: 'field-error' }, problemText(e)));
    }
    if (focus) heading.focus();
  };
  return { element: h('section', { class: 'coaching-section', 'aria-labelledby': id }, heading, h('p', { class: 'hint' }, intro), body), reload };
}

/** Approve, or reject with a reason (asked inline, required). */
function voucherDecision(v: Voucher, done: () => void): HTMLElement {
  const errors = new FieldErrors();
  const box = h('div', { class: 'decision' });
  const decide = async (action: 'approve' | 'reject', body: object): Promise<void> => {
    try {
      await api('POST', `/api/v1/vouchers/${encodeURIComponent(v.id)}/${action}`, body);
      announce(action === 'approve' ? t('coApproved') : t('coRejected'));
      done();
    } catch (e) {
      errors.show(e);
    }
  };
  const reason = h('textarea', { rows: 2, maxlength: 1000 });
  const rejectForm = h(
    'form',
    {
      novalidate: true,
      'aria-label': t('coRejectLabel', { course: v.courseTitle }),
      onsubmit: (e: Event) => {
        e.preventDefault();
        errors.clear();
        if (!reason.value.trim()) {
          errors.set('reason', t('coReasonRequired'));
          reason.focus();
          return;
        }
        void decide('reject', { reason: reason.value.trim() });
      },
    },
    errors.field('reason', t('voRejectReason'), reason, t('coReasonHint')),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'danger' }, t('coRejectConfirm')), h('button', { type: 'button', class: 'secondary', onclick: () => showButtons() }, t('cancel'))),
  );
  const buttons = h(
    'div',
    { class: 'actions' },
    h('button', { type: 'button', 'aria-label': `${t('coApprove')}: ${v.courseTitle}`, onclick: () => void decide('approve', {}) }, t('coApprove')),
    h('button', { type: 'button', class: 'secondary', 'aria-label': `${t('coReject')}: ${v.courseTitle}`, onclick: () => { replace(box, errors.summary, rejectForm); reason.focus(); } }, t('coReject')),
  );
  const showButtons = (): void => {
    replace(box, errors.summary, buttons);
    buttons.querySelector('button')!.focus();
  };
  replace(box, errors.summary, buttons);
  return box;
}

async function pendingVouchers(reload: () => void): Promise<HTMLElement> {
  const orgs = session()?.account.organisationIds ?? [];
  const mine = (await api<Programme[]>('GET', '/api/v1/programmes')).filter((p) => p.reviewerOrganisationIds.some((o) => orgs.includes(o)));
  const lists = await Promise.all(mine.map((p) => api<Voucher[]>('GET', `/api/v1/programmes/${encodeURIComponent(p.id)}/vouchers?status=pending`)));
  const pending = lists.flat();
  if (!mine.length) return h('p', { class: 'notice' }, t('coNoProgrammes'));
  if (!pending.length) return h('p', { class: 'notice' }, t('coNoPending'));
  return h(
    'ul',
    { class: 'plain list' },
    pending.map((v) =>
      h(
        'li',
        { class: 'card voucher' },
        h('h3', null, v.courseTitle),
        voucherFacts(v, [[t('voIncome'), bandLabel(v.incomeBand)]]),
        v.motivation && h('blockquote', null, v.motivation),
        h('p', null, pathwaysLink(v.profileId)),
        voucherDecision(v, reload),
      ),
    ),
  );
}

/** Accept with a time (and place) or decline; a message is always sent. */
function answerForm(a: Appointment, done: () => void): HTMLElement {
  const errors = new FieldErrors();
  const name = uid('answer');
  const choice = h(
    'div',
    { class: 'choices' },
    h('label', { class: 'check' }, h('input', { type: 'radio', name, value: 'accepted', checked: true }), t('coAccept')),
    h('label', { class: 'check' }, h('input', { type: 'radio', name, value: 'declined' }), t('coDecline')),
  );
  const when = input({ type: 'datetime-local' });
  const where = input({ maxlength: 300 });
  const message = h('textarea', { rows: 3, maxlength: 2000 });
  const submit = h('button', { type: 'submit' }, t('coSendAnswer'));
  return h(
    'form',
    {
      class: 'answer-form',
      novalidate: true,
      'aria-label': t('coAnswerLabel', { name: a.requesterName }),
      onsubmit: async (e: Event) => {
        e.preventDefault();
        errors.clear();
        const status = choice.querySelector<HTMLInputElement>('input:checked')!.value;
        const missingWhen = status === 'accepted' && !when.value;
        if (missingWhen) errors.set('proposedAt', t('coWhenRequired'));
        if (!message.value.trim()) errors.set('message', t('required'));
        if (missingWhen || !message.value.trim()) {
          (missingWhen ? when : message).focus();
          return;
        }
        await errors.send(submit, async () => {
          await api('POST', `/api/v1/appointments/${encodeURIComponent(a.id)}/answer`, {
            status,
            message: message.value.trim(),
            ...(status === 'accepted' ? { proposedAt: new Date(when.value).toISOString() } : {}),
            ...(status === 'accepted' && where.value.trim() ? { location: where.value.trim() } : {}),
          });
          announce(t('coAnswered'));
          done();
        });
      },
    },
    errors.summary,
    errors.field('status', t('coYourAnswer'), choice),
    h('div', { class: 'two' }, errors.field('proposedAt', t('coWhen'), when, t('coWhenHint')), errors.field('location', t('apWhere'), where)),
    errors.field('message', t('apMessage'), message),
    h('div', { class: 'actions' }, submit),
  );
}

async function appointmentRequests(reload: () => void): Promise<HTMLElement> {
  const all = await api<Appointment[]>('GET', '/api/v1/appointments');
  if (!all.length) return h('p', { class: 'notice' }, t('coNoAppointments'));
  // Open requests first, the answered ones after them for reference.
  const sorted = [...all.filter((a) => a.status === 'requested'), ...all.filter((a) => a.status !== 'requested').reverse()];
  return h(
    'ul',
    { class: 'plain list' },
    sorted.map((a) => appointmentCard(a, { adviserView: true, extra: [h('p', null, pathwaysLink(a.profileId)), a.status === 'requested' && answerForm(a, reload)] })),
  );
}

export async function coachingView(): Promise<HTMLElement> {
  const vouchers = liveSection('co-vouchers', t('coVouchersTitle'), t('coVouchersIntro'), pendingVouchers);
  const appointments = liveSection('co-appointments', t('coAppointmentsTitle'), t('coAppointmentsIntro'), appointmentRequests);
  const basicJobs = liveSection('co-basic-jobs', t('bjTitle'), t('bjIntro'), basicJobsSection);
  await Promise.all([vouchers.reload(false), appointments.reload(false), basicJobs.reload(false)]);
  return h('div', { class: 'coaching' }, h('h1', null, t('navCoaching')), h('p', { class: 'lead' }, t('coIntro')), vouchers.element, appointments.element, basicJobs.element);
}

/** The pathways of someone the intermediary coaches (the API answers 404 for anyone else). */
export async function coachedPathwaysView(params: Record<string, string>): Promise<HTMLElement> {
  const report = await api<PathwayReport>('GET', `/api/v1/profiles/${encodeURIComponent(params.id!)}/pathways`);
  return h(
    'div',
    null,
    h('p', null, h('a', { href: '#/coaching' }, `← ${t('navCoaching')}`)),
    h('h1', null, t('coPathwaysTitle')),
    h('p', { class: 'hint' }, t('coPathwaysIntro', { skills: report.skills.map((s) => s.name).join(', ') || '—' })),
    report.pathways.length ? report.pathways.map((p, i) => pathwayCard(p, { open: i === 0 })) : h('p', { class: 'notice' }, t('pwNone')),
  );
}
