/**
 * "Omscholing": the jobseeker's pathways into shortage occupations, each course with a
 * voucher application when a programme could pay for it, "Mijn vouchers", and the
 * wijkbasisbanen offered to them (only when there are any).
 */
import { api, orNull, qs, type Page } from '../api.js';
import { h, replace } from '../dom.js';
import { announce, problemText } from '../forms.js';
import { t, type Key } from '../i18n.js';
import { allOccupations } from '../taxonomy.js';
import type { BasicJobOffer, Course, Pathway, PathwayCourse, PathwayReport, Programme, Voucher } from '../types.js';
import { badge, pathwayCard, statusClass, voucherFacts } from './retraining.js';
import { coveringProgrammes, targetOf, voucherForm } from './voucher-form.js';

/** The catalogue courses given in a region (nationwide ones included), by id. */
async function catalogue(region: string | null): Promise<Map<string, Course>> {
  const out = new Map<string, Course>();
  let cursor: string | null = null;
  do {
    const page: Page<Course> = await api<Page<Course>>('GET', `/api/v1/courses${qs({ region, limit: 100, cursor })}`);
    for (const c of page.items) out.set(c.id, c);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

/** Occupation id → sector id (the taxonomy list carries the sector besides the names). */
async function occupationSectors(): Promise<Map<string, string>> {
  const list = (await allOccupations()) as unknown as Array<{ id: string; sector: string }>;
  return new Map(list.map((o) => [o.id, o.sector]));
}

const OPEN: Voucher['status'][] = ['pending', 'approved'];

/** "Mijn vouchers": status, the reason when rejected, withdraw while pending. */
export function vouchersList(vouchers: Voucher[], onChange: () => void): HTMLElement {
  if (!vouchers.length) return h('p', { class: 'notice' }, t('voNone'));
  return h(
    'ul',
    { class: 'plain list' },
    vouchers.map((v) => {
      const note = h('p', { role: 'alert', class: 'field-error' });
      const withdraw = async (): Promise<void> => {
        try {
          await api('POST', `/api/v1/vouchers/${encodeURIComponent(v.id)}/withdraw`);
          announce(t('voWithdrawn'));
          onChange();
        } catch (e) {
          note.textContent = problemText(e);
        }
      };
      return h(
        'li',
        { class: 'card voucher' },
        h('h3', null, v.courseTitle, ' ', badge(statusClass(v.status), `voStatus_${v.status}` as Key)),
        voucherFacts(v),
        v.reason && h('div', { class: v.status === 'rejected' ? 'notice warn' : 'notice' }, h('p', { class: 'label' }, v.status === 'rejected' ? t('voRejectReason') : t('voNote')), h('p', null, v.reason)),
        v.status === 'pending' && h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', onclick: withdraw }, t('voWithdraw'))),
        note,
      );
    }),
  );
}

/** Wijkbasisbanen offered to the person: accept or decline the open ones. */
function offersSection(offers: BasicJobOffer[], onChange: () => void): HTMLElement {
  return h(
    'section',
    { class: 'offers', 'aria-labelledby': 'offers-title' },
    h('h2', { id: 'offers-title' }, t('bjOffersTitle')),
    h('p', { class: 'hint' }, t('bjOffersIntro')),
    h(
      'ul',
      { class: 'plain list' },
      offers.map((o) => {
        const note = h('p', { role: 'alert', class: 'field-error' });
        const answer = async (accept: boolean): Promise<void> => {
          try {
            await api('POST', `/api/v1/me/basic-job-offers/${encodeURIComponent(o.id)}/answer`, { accept });
            announce(accept ? t('bjAccepted') : t('bjDeclined'));
            onChange();
          } catch (e) {
            note.textContent = problemText(e);
          }
        };
        return h(
          'li',
          { class: 'card' },
          h('h3', null, o.title, ' ', badge(statusClass(o.status), `bjStatus_${o.status}` as Key)),
          h('p', { class: 'meta' }, `${o.hostName} · ${o.place} · ${o.hoursPerWeek} ${t('hoursShort')}`),
          h('p', null, h('span', { class: 'label' }, `${t('bjPublicTask')}: `), o.publicTask),
          o.message && h('blockquote', null, o.message),
          o.status === 'offered' &&
            h(
              'div',
              { class: 'actions' },
              h('button', { type: 'button', onclick: () => answer(true), 'aria-label': `${t('bjAccept')}: ${o.title}` }, t('bjAccept')),
              h('button', { type: 'button', class: 'secondary', onclick: () => answer(false), 'aria-label': `${t('bjDecline')}: ${o.title}` }, t('bjDecline')),
            ),
          note,
        );
      }),
    ),
  );
}

export async function pathwaysView(): Promise<HTMLElement> {
  const report = await orNull(api<PathwayReport>('GET', '/api/v1/me/pathways'));
  if (!report) {
    return h('div', null, h('h1', null, t('navPathways')), h('div', { class: 'notice' }, h('p', null, t('noProfileYet')), h('a', { class: 'button', href: '#/profile/edit' }, t('buildProfile'))));
  }
  const [programmes, courses, sectors, offers, myVouchers] = await Promise.all([
    api<Programme[]>('GET', '/api/v1/programmes'),
    catalogue(report.region),
    occupationSectors(),
    orNull(api<BasicJobOffer[]>('GET', '/api/v1/me/basic-job-offers')),
    api<Voucher[]>('GET', '/api/v1/me/vouchers'),
  ]);
  let vouchers = myVouchers;
  const today = new Date().toISOString().slice(0, 10);
  const startDates = new Map([...courses.values()].map((c) => [c.id, c.startDates.filter((d) => d >= today)]));

  const vouchersBox = h('div');
  const offersBox = h('div');
  const refreshVouchers = async (): Promise<void> => {
    vouchers = await api<Voucher[]>('GET', '/api/v1/me/vouchers');
    replace(vouchersBox, vouchersList(vouchers, () => void refreshVouchers()));
  };
  const refreshOffers = async (): Promise<void> => {
    const list = (await orNull(api<BasicJobOffer[]>('GET', '/api/v1/me/basic-job-offers'))) ?? [];
    replace(offersBox, list.length ? offersSection(list, () => void refreshOffers()) : null);
  };
  replace(vouchersBox, vouchersList(vouchers, () => void refreshVouchers()));
  if (offers?.length) replace(offersBox, offersSection(offers, () => void refreshOffers()));

  /** The voucher button of one course, which opens the application form in its place. */
  const courseAction = (course: PathwayCourse, pathway: Pathway): HTMLElement => {
    const box = h('div', { class: 'course-action' });
    const existing = vouchers.find((v) => v.courseId === course.id && OPEN.includes(v.status));
    const cat = courses.get(course.id);
    const target = targetOf(cat, pathway);
    const payers = coveringProgrammes(programmes, course, (target && sectors.get(target)) ?? pathway.occupation.sector, report.region);
    const dates = startDates.get(course.id) ?? (course.nextStart ? [course.nextStart] : []);
    const button = h('button', { type: 'button', class: 'secondary', 'aria-label': `${t('voApply')}: ${course.title}` }, t('voApply'));
    const showButton = (): void => replace(box, button);
    button.addEventListener('click', () => {
      const form = voucherForm({
        course,
        catalogue: cat,
        pathway,
        programmes: payers,
        startDates: dates,
        onCancel: () => {
          showButton();
          button.focus();
        },
        onApplied: (v) => {
          replace(box, h('p', { class: 'notice ok', tabindex: '-1' }, t('voAppliedFor', { programme: v.programmeName })));
          (box.firstElementChild as HTMLElement).focus();
          void refreshVouchers();
        },
      });
      replace(box, form);
      form.querySelector<HTMLElement>('select, input')?.focus();
    });
    if (existing) replace(box, h('p', { class: 'hint' }, t('voAlready', { programme: existing.programmeName }), ' ', badge(statusClass(existing.status), `voStatus_${existing.status}` as Key)));
    else if (!payers.length) replace(box, h('p', { class: 'hint' }, t('voNoProgramme')));
    else if (!dates.length) replace(box, h('p', { class: 'hint' }, t('pwNoStartDates')));
    else showButton();
    return box;
  };

  return h(
    'div',
    { class: 'pathways' },
    h('h1', null, t('navPathways')),
    h('p', { class: 'lead' }, t('pwIntro')),
    h('p', { class: 'hint' }, t('pwCareerCheckLink'), ' ', h('a', { href: '#/career-check' }, t('navCareerCheck'))),
    offersBox,
    report.pathways.length
      ? h('section', { 'aria-label': t('pwListLabel') }, report.pathways.map((p, i) => pathwayCard(p, { startDates, courseAction, open: i === 0 })))
      : h('p', { class: 'notice' }, t('pwNone')),
    h('section', { class: 'my-vouchers', 'aria-labelledby': 'vouchers-title' }, h('h2', { id: 'vouchers-title' }, t('voMine')), vouchersBox),
  );
}
