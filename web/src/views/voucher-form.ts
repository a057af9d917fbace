/**
 * Applying for a voucher for one course: which programme pays (only those whose rules fit the
 * course and the person's region), the start date, the income band (seen only by the person
 * and the programme's reviewers) and an optional motivation. Checked in the browser first;
 * whatever the API still refuses (problem+json) is shown next to the field it names or in the
 * summary above the form.
 */
import { api } from '../api.js';
import { h, uid } from '../dom.js';
import { announce, FieldErrors, select } from '../forms.js';
import { dateText, euroText, t } from '../i18n.js';
import type { Course, Pathway, PathwayCourse, Programme, Voucher } from '../types.js';

/** The API's income bands, lowest first (`upTo` is the band's upper bound). */
const INCOME_BANDS: Array<{ band: string; upTo: number }> = [
  { band: 'below-20000', upTo: 20_000 },
  { band: '20000-30000', upTo: 30_000 },
  { band: '30000-40000', upTo: 40_000 },
  { band: '40000-50000', upTo: 50_000 },
  { band: '50000-or-more', upTo: Infinity },
];

function bandLabelAt(i: number): string {
  const b = INCOME_BANDS[i]!;
  if (i === 0) return t('voBandBelow', { amount: euroText(b.upTo) });
  const from = euroText(INCOME_BANDS[i - 1]!.upTo);
  return b.upTo === Infinity ? t('voBandAbove', { amount: from }) : t('voBandRange', { from, to: euroText(b.upTo) });
}

/** The occupation a voucher for this course would lead to: the pathway's when the course targets it. */
export function targetOf(course: Course | undefined, pathway: Pathway): string | undefined {
  if (!course || course.targetOccupations.includes(pathway.occupation.id)) return pathway.occupation.id;
  return course.targetOccupations[0];
}

/**
 * Programmes that could pay for the course, by the rules the API checks on applying (open,
 * places left, region, maximum per participant, sector of the target occupation); income is
 * asked in the form.
 */
export function coveringProgrammes(programmes: Programme[], course: PathwayCourse, targetSector: string, region: string | null): Programme[] {
  return programmes.filter(
    (p) =>
      p.open &&
      p.placesLeft > 0 &&
      (p.regions.length === 0 || (region !== null && p.regions.includes(region))) &&
      course.costEur <= p.maxPerParticipantEur &&
      (p.eligibleSectors.length === 0 || p.eligibleSectors.includes(targetSector)),
  );
}

export interface VoucherFormInput {
  course: PathwayCourse;
  catalogue: Course | undefined;
  pathway: Pathway;
  programmes: Programme[];
  startDates: string[];
  onApplied: (voucher: Voucher) => void;
  onCancel: () => void;
}

export function voucherForm(input: VoucherFormInput): HTMLFormElement {
  const { course, programmes, startDates } = input;
  const errors = new FieldErrors();
  const programme = select(
    programmes.map((p) => [p.id, `${p.name} (${t('voMaxPer', { amount: euroText(p.maxPerParticipantEur) })})`]),
    programmes[0]?.id,
  );
  const start = select(
    startDates.map((d) => [d, dateText(d)]),
    startDates[0],
  );
  const bandName = uid('band');
  const bands = h(
    'div',
    { class: 'choices' },
    INCOME_BANDS.map((b, i) => h('label', { class: 'check' }, h('input', { type: 'radio', name: bandName, value: b.band }), bandLabelAt(i))),
  );
  const motivation = h('textarea', { rows: 3, maxlength: 2000 });
  const chosen = (): Programme => programmes.find((p) => p.id === programme.value) ?? programmes[0]!;
  const ceilingHint = h('p', { class: 'hint', id: uid('ceiling') });
  const showCeiling = (): void => {
    const ceiling = chosen().incomeCeilingEur;
    ceilingHint.textContent = ceiling === null ? t('voNoCeiling') : t('voCeiling', { amount: euroText(ceiling) });
  };
  programme.addEventListener('change', showCeiling);
  showCeiling();

  const submit = h('button', { type: 'submit' }, t('voSubmit'));
  const form = h(
    'form',
    {
      class: 'voucher-form',
      novalidate: true,
      'aria-label': t('voFormLabel', { course: course.title }),
      onsubmit: async (e: Event) => {
        e.preventDefault();
        errors.clear();
        const band = bands.querySelector<HTMLInputElement>('input:checked')?.value;
        const ceiling = chosen().incomeCeilingEur;
        const upTo = INCOME_BANDS.find((b) => b.band === band)?.upTo ?? 0;
        const problem = !band ? t('required') : ceiling !== null && upTo > ceiling ? t('voAboveCeiling', { amount: euroText(ceiling) }) : null;
        if (problem) {
          errors.set('incomeBand', problem);
          bands.querySelector<HTMLInputElement>('input:checked, input')!.focus();
          return;
        }
        await errors.send(submit, async () => {
          const target = targetOf(input.catalogue, input.pathway);
          const voucher = await api<Voucher>('POST', `/api/v1/programmes/${encodeURIComponent(chosen().id)}/vouchers`, {
            courseId: course.id,
            ...(target ? { targetOccupation: target } : {}),
            startDate: start.value,
            incomeBand: band,
            ...(motivation.value.trim() ? { motivation: motivation.value.trim() } : {}),
          });
          announce(t('voApplied'));
          input.onApplied(voucher);
        });
      },
    },
    h('p', { class: 'label' }, t('voFormTitle', { course: course.title, cost: euroText(course.costEur) })),
    errors.summary,
    errors.field('programmeId', t('voProgramme'), programme),
    errors.field('startDate', t('startDate'), start),
    errors.field('incomeBand', t('voIncome'), bands, t('voIncomeHint')),
    ceilingHint,
    errors.field('motivation', t('voMotivation'), motivation, t('voMotivationHint')),
    h('div', { class: 'actions' }, submit, h('button', { type: 'button', class: 'secondary', onclick: input.onCancel }, t('cancel'))),
  );
  return form;
}

/** The income band as people read it ("minder dan € 20.000"). */
export function bandLabel(band: string): string {
  const i = INCOME_BANDS.findIndex((b) => b.band === band);
  return i < 0 ? band : bandLabelAt(i);
}
