/**
 * The Loopbaan-APK: a four-step self-assessment (work wishes, interests, skills, constraints)
 * that the API turns into a personal report. A finished check shows the report first, with a
 * way to do the check again (the form starts from the earlier answers).
 */
import { api, ApiError } from '../api.js';
import { h, replace, type Child } from '../dom.js';
import { announce, chipList, FieldErrors, input } from '../forms.js';
import { t, type Key } from '../i18n.js';
import { allSectors, nameOf, suggestOccupations, suggestSkills } from '../taxonomy.js';
import type { CareerCheckInput, CareerCheckReport } from '../types.js';
import { careerReport } from './career-report.js';

/** The API's interests (core/career-check INTERESTS), in the order the form shows them. */
const INTERESTS = ['mensen-helpen', 'lesgeven', 'techniek', 'met-je-handen', 'buiten-werken', 'duurzaamheid', 'computers', 'veiligheid', 'klantcontact', 'organiseren'];

const BLANK: CareerCheckInput = { workWishes: { occupations: [], sectors: [] }, interests: [], skills: [], constraints: { physicalLimitations: false, canLearnWhileWorking: true } };

const checkbox = (name: string, value: string, checked: boolean, label: string): HTMLElement =>
  h('label', { class: 'check' }, h('input', { type: 'checkbox', name, value, checked }), label);

const checkedValues = (box: HTMLElement): string[] => [...box.querySelectorAll<HTMLInputElement>('input:checked')].map((c) => c.value);

async function careerCheckForm(previous: CareerCheckInput, onDone: (report: CareerCheckReport) => void): Promise<HTMLElement> {
  const sectors = await allSectors();
  const errors = new FieldErrors();
  const occupations = chipList(previous.workWishes.occupations, { label: t('addOccupation'), suggest: suggestOccupations });
  const sectorBox = h('div', { class: 'checks' }, sectors.map((s) => checkbox('sectors', s.id, previous.workWishes.sectors.includes(s.id), nameOf(s))));
  const hours = input({ type: 'number', min: 1, max: 60, inputmode: 'numeric', value: previous.workWishes.hoursPerWeek ? String(previous.workWishes.hoursPerWeek) : '' });
  const interestBox = h('div', { class: 'checks' }, INTERESTS.map((i) => checkbox('interests', i, previous.interests.includes(i), t(`ccInterest_${i.replace(/-/g, '_')}` as Key))));
  const skills = chipList(previous.skills, { label: t('addSkill'), suggest: suggestSkills });
  const maxWeeks = input({ type: 'number', min: 1, max: 260, inputmode: 'numeric', value: previous.constraints.maxTrainingWeeks ? String(previous.constraints.maxTrainingWeeks) : '' });
  const physical = h('input', { type: 'checkbox', checked: previous.constraints.physicalLimitations });
  const whileWorking = h('input', { type: 'checkbox', checked: previous.constraints.canLearnWhileWorking });
  const note = h('textarea', { rows: 3, maxlength: 500, value: previous.constraints.note ?? '' });

  const steps: Array<{ title: Key; intro: Key; prefix: string; body: Child[] }> = [
    {
      title: 'ccStepWishes',
      intro: 'ccStepWishesIntro',
      prefix: 'workWishes',
      body: [
        errors.field('workWishes/occupations', t('ccOccupations'), occupations.element, t('ccOccupationsHint')),
        errors.field('workWishes/sectors', t('desiredSectors'), sectorBox),
        errors.field('workWishes/hoursPerWeek', t('hoursPerWeek'), hours, t('ccOptional')),
      ],
    },
    { title: 'ccStepInterests', intro: 'ccStepInterestsIntro', prefix: 'interests', body: [errors.field('interests', t('ccInterests'), interestBox)] },
    { title: 'ccStepSkills', intro: 'ccStepSkillsIntro', prefix: 'skills', body: [errors.field('skills', t('skills'), skills.element, t('ccSkillsHint'))] },
    {
      title: 'ccStepConstraints',
      intro: 'ccStepConstraintsIntro',
      prefix: 'constraints',
      body: [
        errors.field('constraints/maxTrainingWeeks', t('ccMaxWeeks'), maxWeeks, t('ccMaxWeeksHint')),
        h('label', { class: 'check' }, physical, t('ccPhysical')),
        h('label', { class: 'check' }, whileWorking, t('ccWhileWorking')),
        errors.field('constraints/note', t('ccNote'), note, t('ccOptional')),
      ],
    },
  ];
  let current = 0;
  const sections = steps.map((s, i) =>
    h('section', { class: 'step', hidden: i !== 0, 'aria-labelledby': `cc-step-${i}` }, h('h2', { id: `cc-step-${i}`, tabindex: '-1' }, t('stepOf', { n: i + 1, total: steps.length }), ' ', t(s.title)), h('p', { class: 'hint' }, t(s.intro)), s.body),
  );
  const progress = h('ol', { class: 'steps' });
  const back = h('button', { type: 'button', class: 'secondary' }, t('previous'));
  const next = h('button', { type: 'button' }, t('next'));
  const submit = h('button', { type: 'submit' }, t('ccSubmit'));
  const show = (i: number, focus = true): void => {
    current = i;
    sections.forEach((s, j) => (s.hidden = j !== i));
    progress.replaceChildren(...steps.map((s, j) => h('li', { 'aria-current': j === i ? 'step' : null, class: j < i ? 'done' : null }, h('button', { type: 'button', class: 'link', onclick: () => show(j) }, `${j + 1}. `, t(s.title)))));
    back.hidden = i === 0;
    next.hidden = i === steps.length - 1;
    submit.hidden = i !== steps.length - 1;
    if (focus) sections[i]!.querySelector('h2')!.focus();
  };
  errors.onReveal = (path) => {
    const step = steps.findIndex((s) => path === s.prefix || path.startsWith(`${s.prefix}/`));
    if (step >= 0 && step !== current) show(step, false);
  };
  /** Number fields are the only ones the browser can check; an empty one is fine (optional). */
  const checkStep = (i: number): boolean => {
    errors.clear();
    const bad = [...sections[i]!.querySelectorAll<HTMLInputElement>('input[type=number]')].find((el) => !el.checkValidity());
    if (!bad) return true;
    errors.set(bad.closest<HTMLElement>('[data-path]')!.dataset.path!, bad.validationMessage);
    bad.focus();
    return false;
  };
  back.addEventListener('click', () => show(current - 1));
  next.addEventListener('click', () => checkStep(current) && show(current + 1));

  const collect = (): CareerCheckInput => ({
    workWishes: { occupations: occupations.values(), sectors: checkedValues(sectorBox), ...(hours.value ? { hoursPerWeek: Number(hours.value) } : {}) },
    interests: checkedValues(interestBox),
    skills: skills.values(),
    constraints: { physicalLimitations: physical.checked, canLearnWhileWorking: whileWorking.checked, ...(maxWeeks.value ? { maxTrainingWeeks: Number(maxWeeks.value) } : {}), ...(note.value.trim() ? { note: note.value.trim() } : {}) },
  });
  const form = h(
    'form',
    {
      novalidate: true,
      onsubmit: async (e: Event) => {
        e.preventDefault();
        const bad = steps.findIndex((_, i) => !checkStep(i));
        if (bad >= 0) {
          show(bad, false);
          checkStep(bad);
          return;
        }
        submit.disabled = true;
        try {
          const report = await api<CareerCheckReport>('POST', '/api/v1/me/career-check', collect());
          announce(t('ccDone'));
          onDone(report);
        } catch (err) {
          errors.show(err);
        } finally {
          submit.disabled = false;
        }
      },
    },
    errors.summary,
    sections,
    h('div', { class: 'actions' }, back, next, submit),
  );
  show(0, false);
  return h('div', { class: 'builder' }, h('p', { class: 'lead' }, t('ccIntro')), h('nav', { 'aria-label': t('stepsLabel') }, progress), form);
}

export async function careerCheckView(): Promise<HTMLElement> {
  let report: CareerCheckReport | null = null;
  try {
    report = await api<CareerCheckReport>('GET', '/api/v1/me/career-check/report');
  } catch (e) {
    // 404: no check-up yet (or no profile yet, which the POST will say in words).
    if (!(e instanceof ApiError && e.status === 404)) throw e;
  }
  const body = h('div');
  const page = h('div', { class: 'career-check' }, h('h1', null, t('navCareerCheck')), body);
  const showReport = async (r: CareerCheckReport): Promise<void> => {
    replace(body, await careerReport(r, () => void showForm(r.answers)));
    body.querySelector<HTMLElement>('h2')?.focus();
  };
  const showForm = async (answers: CareerCheckInput): Promise<void> => {
    replace(body, await careerCheckForm(answers, (r) => void showReport(r)));
    body.querySelector<HTMLElement>('h2')?.focus();
  };
  if (report) replace(body, await careerReport(report, () => void showForm(report.answers)));
  else replace(body, await careerCheckForm(BLANK, (r) => void showReport(r)));
  return page;
}
