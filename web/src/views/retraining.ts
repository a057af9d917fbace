/**
 * Building blocks shared by the retraining screens (Omscholing, Loopbaan-APK, Leerwerkloket):
 * date-time and status texts, a pathway card, an appointment card, and a small inline form for
 * actions that need a confirmation or a reason.
 */
import { h, type Child } from '../dom.js';
import { dateText, euroText, locale, t, type Key } from '../i18n.js';
import type { Appointment, Pathway, PathwayCourse, Voucher } from '../types.js';

/** "14 november 2026 om 10:00". */
export function dateTimeText(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const time = d.toLocaleTimeString(locale(), { hour: '2-digit', minute: '2-digit' });
  return t('rtDateAtTime', { date: dateText(iso), time });
}

/** A status badge; the CSS class carries the colour, the text says it (colour is never the only cue). */
export const badge = (kind: string, key: Key): HTMLElement => h('span', { class: `badge ${kind}` }, t(key));

/** Badge colours per status family: waiting, good, bad. */
export function statusClass(status: string): string {
  if (['pending', 'requested', 'offered', 'draft'].includes(status)) return 'pending';
  if (['approved', 'accepted', 'spent', 'open', 'filled'].includes(status)) return 'accepted';
  return 'declined';
}

/** A definition list from [term, description] pairs; null pairs are left out. */
export const facts = (rows: Array<[string, Child] | null | false>): HTMLElement =>
  h('dl', { class: 'facts' }, rows.filter((r): r is [string, Child] => !!r).map(([term, value]) => [h('dt', null, term), h('dd', null, value)]));

/** What the applicant and the reviewer both read about a voucher; `extra` rows go before the dates. */
export const voucherFacts = (v: Voucher, extra: Array<[string, Child]> = []): HTMLElement =>
  facts([
    [t('voProgramme'), v.programmeName],
    [t('pwProvider'), v.provider],
    [t('voAmount'), euroText(v.amountEur)],
    [t('startDate'), dateText(v.startDate)],
    ...extra,
    [t('voAppliedOn'), dateText(v.createdAt)],
    !!v.decidedAt && [t('voDecidedOn'), dateText(v.decidedAt)],
  ]);

const tensionKey = (label: string): Key => (label === 'zeer krap' ? 'pwVeryTight' : 'pwTight');
const formatKey = (format: PathwayCourse['format']): Key => (format === 'online' ? 'pwFormatOnline' : format === 'classroom' ? 'pwFormatClassroom' : 'pwFormatWorkBased');

const skillChips = (skills: Array<{ name: string }>): HTMLElement =>
  skills.length ? h('ul', { class: 'chips' }, skills.map((s) => h('li', { class: 'chip' }, s.name))) : h('p', null, '—');

/** One course of a pathway: facts, the gap skills it covers, and an optional action (voucher). */
function courseItem(course: PathwayCourse, startDates: string[] | undefined, action: Child, sub: 'h3' | 'h4'): HTMLElement {
  const dates = startDates?.length ? startDates.map(dateText).join(', ') : course.nextStart ? dateText(course.nextStart) : t('pwNoStartDates');
  return h(
    'li',
    { class: 'course' },
    h(sub, { class: 'course-title' }, course.title),
    h(
      'dl',
      { class: 'facts' },
      h('dt', null, t('pwProvider')),
      h('dd', null, course.provider),
      h('dt', null, t('pwCost')),
      h('dd', null, euroText(course.costEur), course.demo && h('span', { class: 'hint' }, ` (${t('pwDemoPrice')})`)),
      h('dt', null, t('pwDuration')),
      h('dd', null, t('pwWeeks', { n: course.durationWeeks }), ' · ', t(formatKey(course.format))),
      h('dt', null, t('pwStartDates')),
      h('dd', null, dates),
      h('dt', null, t('pwCovers')),
      h('dd', null, course.covers.map((s) => s.name).join(', ')),
    ),
    action,
  );
}

export interface PathwayCardOptions {
  /** Start dates per course id, from the catalogue (the pathway has only the next one). */
  startDates?: Map<string, string[]>;
  /** What to put under a course: the voucher button on the jobseeker's own page. */
  courseAction?: (course: PathwayCourse, pathway: Pathway) => Child;
  /** Show the course list unfolded. */
  open?: boolean;
  /** Heading level of the card title (2 on its own page, 3 inside a report section). */
  level?: 2 | 3;
}

/** A shortage occupation the person can reach: tension, overlap, gap, courses and the one step. */
export function pathwayCard(p: Pathway, options: PathwayCardOptions = {}): HTMLElement {
  const sub = options.level === 3 ? 'h4' : 'h3';
  const title = h(options.level === 3 ? 'h3' : 'h2', { class: 'h3' }, p.occupation.name, ' ', h('span', { class: `badge tension ${p.demand.label === 'zeer krap' ? 'very' : ''}` }, t(tensionKey(p.demand.label))));
  const cheapest = p.plans.cheapest;
  return h(
    'article',
    { class: 'card pathway' },
    title,
    h('p', { class: 'meta' }, t('pwDemandLine', { region: p.demand.regionName, quarter: p.demand.quarter }), ' · ', t('pwVacancies', { passend: p.vacancies.passend, total: p.vacancies.total })),
    p.oneStep && h('p', { class: 'one-step' }, h('strong', null, `${t('pwOneStep')}: `), p.oneStep.text),
    h('p', null, h('span', { class: 'label' }, `${t('pwTransfer')}: `), `${Math.round(p.transfer * 100)}%`),
    h('div', { class: 'two' }, h('div', null, h(sub, null, t('pwHave')), skillChips(p.have)), h('div', null, h(sub, null, t('pwGap')), skillChips(p.gap))),
    h('p', null, h('span', { class: 'label' }, `${t('pwCheapestPlan')}: `), t('pwPlanText', { n: cheapest.courseIds.length, cost: euroText(cheapest.totalCostEur), weeks: cheapest.totalWeeks })),
    h(
      'details',
      { open: options.open ?? false },
      h('summary', null, t('pwCourses', { n: p.courses.length })),
      h('ul', { class: 'plain courses' }, p.courses.map((c) => courseItem(c, options.startDates?.get(c.id), options.courseAction?.(c, p), sub))),
    ),
  );
}

const topicKey = (topic: Appointment['topic']): Key => `apTopic_${topic.replace('-', '_')}` as Key;
const appointmentStatusKey = (status: Appointment['status']): Key => `apStatus_${status}` as Key;

/** An appointment request with its answer; `extra` for the adviser's answer form. */
export function appointmentCard(a: Appointment, options: { adviserView?: boolean; extra?: Child } = {}): HTMLElement {
  return h(
    'li',
    { class: 'card appointment' },
    h('h3', null, options.adviserView ? a.requesterName : a.organisationName, ' ', badge(statusClass(a.status), appointmentStatusKey(a.status))),
    h(
      'dl',
      { class: 'facts' },
      options.adviserView && [h('dt', null, t('email')), h('dd', null, h('a', { href: `mailto:${a.requesterEmail}` }, a.requesterEmail))],
      h('dt', null, t('apTopic')),
      h('dd', null, t(topicKey(a.topic))),
      h('dt', null, t('apRequestedOn')),
      h('dd', null, dateText(a.createdAt)),
      a.preferredDates.length > 0 && [h('dt', null, t('apPreferredDates')), h('dd', null, a.preferredDates.map(dateText).join(', '))],
      a.answer?.proposedAt && [h('dt', null, t('apWhen')), h('dd', null, dateTimeText(a.answer.proposedAt))],
      a.answer?.location && [h('dt', null, t('apWhere')), h('dd', null, a.answer.location)],
    ),
    a.message && h('blockquote', null, a.message),
    a.answer && h('div', { class: 'answer' }, h('p', { class: 'label' }, t('apAnswer')), h('blockquote', null, a.answer.message)),
    options.extra,
  );
}

/** Topics the appointment form offers, in order. */
export const APPOINTMENT_TOPICS: Appointment['topic'][] = ['loopbaan-apk', 'scholing', 'voucher', 'wijkbasisbaan', 'anders'];
export { topicKey };
