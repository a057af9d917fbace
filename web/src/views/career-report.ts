/**
 * The Loopbaan-APK report: summary, pathways, matching vacancies, courses, programmes and the
 * next step — an appointment with the adviser (the Leerwerkloket) and the answers to earlier
 * requests. Printable: the print stylesheet hides the navigation, buttons and forms.
 */
import { api } from '../api.js';
import { h, replace, uid, type Child } from '../dom.js';
import { announce, FieldErrors, input, select } from '../forms.js';
import { dateText, euroText, t } from '../i18n.js';
import type { Appointment, CareerCheckReport } from '../types.js';
import { APPOINTMENT_TOPICS, appointmentCard, pathwayCard, topicKey } from './retraining.js';

const section = (id: string, title: string, ...body: Child[]): HTMLElement =>
  h('section', { class: 'card report-section', 'aria-labelledby': id }, h('h2', { id }, title), ...body);

/** Asking the adviser for an appointment; the report is shared unless they untick it. */
function appointmentForm(report: CareerCheckReport, onRequested: () => void): HTMLElement {
  const errors = new FieldErrors();
  const topic = select(APPOINTMENT_TOPICS.map((x) => [x, t(topicKey(x))]), 'loopbaan-apk');
  const message = h('textarea', { rows: 3, maxlength: 2000 });
  const today = new Date().toISOString().slice(0, 10);
  const preferred = input({ type: 'date', min: today });
  const share = h('input', { type: 'checkbox', checked: true });
  const submit = h('button', { type: 'submit' }, t('apRequest'));
  const adviser = report.nextStep.adviser;
  return h(
    'form',
    {
      class: 'no-print',
      novalidate: true,
      'aria-label': t('apFormLabel'),
      onsubmit: async (e: Event) => {
        e.preventDefault();
        errors.clear();
        if (preferred.value && preferred.value < today) {
          errors.set('preferredDates', t('apDateInPast'));
          preferred.focus();
          return;
        }
        await errors.send(submit, async () => {
          await api<Appointment>('POST', '/api/v1/me/appointments', {
            ...(adviser ? { organisationId: adviser.organisationId } : {}),
            topic: topic.value,
            ...(message.value.trim() ? { message: message.value.trim() } : {}),
            preferredDates: preferred.value ? [preferred.value] : [],
            shareReport: share.checked,
          });
          announce(t('apRequested'));
          onRequested();
        });
      },
    },
    h('h3', null, adviser ? t('apWithAdviser', { name: adviser.name }) : t('apWithLeerwerkloket')),
    errors.summary,
    errors.field('topic', t('apTopic'), topic),
    errors.field('message', t('apMessage'), message, t('apMessageHint')),
    errors.field('preferredDates', t('apPreferredDate'), preferred, t('ccOptional')),
    h('label', { class: 'check' }, share, t('apShare')),
    h('p', { class: 'hint' }, t('apConsent')),
    h('div', { class: 'actions' }, submit),
  );
}

/** "Mijn afspraken": the requests and the adviser's answers; the form when none is open. */
async function appointmentsBlock(report: CareerCheckReport): Promise<HTMLElement> {
  const box = h('div', { class: 'appointments' });
  const load = async (focus: boolean): Promise<void> => {
    const mine = await api<Appointment[]>('GET', '/api/v1/me/appointments');
    const open = mine.some((a) => a.status === 'requested');
    const listId = uid('appts');
    replace(
      box,
      mine.length > 0 && [h('h3', { id: listId, tabindex: '-1' }, t('apMine')), h('ul', { class: 'plain list', 'aria-labelledby': listId }, mine.map((a) => appointmentCard(a)))],
      open ? h('p', { class: 'hint no-print' }, t('apOpenRequest')) : appointmentForm(report, () => void load(true)),
    );
    if (focus) box.querySelector<HTMLElement>('h3')?.focus();
  };
  await load(false);
  return box;
}

export async function careerReport(report: CareerCheckReport, redo: () => void): Promise<HTMLElement> {
  const fits = report.vacancies.filter((v) => v.fits).length;
  return h(
    'div',
    { class: 'report' },
    h('h2', { tabindex: '-1' }, t('ccReportTitle')),
    h('p', { class: 'meta' }, t('ccCompletedOn', { date: dateText(report.completedAt) })),
    h('p', { class: 'lead' }, report.summary),
    h(
      'div',
      { class: 'actions no-print' },
      h('button', { type: 'button', onclick: () => window.print() }, t('ccPrint')),
      h('button', { type: 'button', class: 'secondary', onclick: redo }, t('ccRedo')),
      h('a', { class: 'button secondary', href: '#/pathways' }, t('navPathways')),
    ),
    section(
      'rep-next',
      t('ccNextStep'),
      h('p', { class: 'next-step' }, report.nextStep.text),
      await appointmentsBlock(report),
    ),
    section(
      'rep-pathways',
      t('ccPathways'),
      report.pathways.length ? report.pathways.map((p) => pathwayCard(p, { level: 3 })) : h('p', null, t('pwNone')),
    ),
    section(
      'rep-vacancies',
      t('ccVacancies'),
      h('p', { class: 'hint' }, t('ccVacanciesIntro', { n: fits, total: report.vacancies.length })),
      report.vacancies.length
        ? h('ul', { class: 'plain list' }, report.vacancies.map((v) => h('li', null, h('strong', null, v.title), ` · ${v.place} · ${v.hoursPerWeek.min}–${v.hoursPerWeek.max} ${t('hoursShort')} `, h('span', { class: `badge ${v.fits ? 'accepted' : 'pending'}` }, v.fits ? t('ccFitsNow') : t('ccFitsAfter')))))
        : h('p', null, t('noMatchesYet')),
    ),
    section(
      'rep-courses',
      t('ccCourses'),
      report.courses.length
        ? h('ul', { class: 'plain list' }, report.courses.map((c) => h('li', null, h('strong', null, c.title), ` — ${c.provider} · ${euroText(c.costEur)} · ${t('pwWeeks', { n: c.durationWeeks })} · ${t('ccForOccupation', { occupation: c.forOccupation })}`)))
        : h('p', null, '—'),
    ),
    section(
      'rep-programmes',
      t('ccProgrammes'),
      report.programmes.length
        ? h('ul', { class: 'plain list' }, report.programmes.map((p) => h('li', null, h('strong', null, p.name), ` — ${t('voMaxPer', { amount: euroText(p.maxPerParticipantEur) })}`, p.incomeCeilingEur !== null && ` · ${t('voCeiling', { amount: euroText(p.incomeCeilingEur) })}`, ` · ${t('ccPlacesLeft', { n: p.placesLeft })}`)))
        : h('p', null, t('ccNoProgrammes')),
    ),
  );
}
