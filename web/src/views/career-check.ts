/**
 * The Loopbaan-APK: a four-step self-assessment (work wishes, interests, skills, constraints)
 * that the API turns into a personal report. A finished check shows the report first, with a
 * way to do the check again (the form starts from the earlier answers).
 */
import { api, orNull } from '../api.js';
import { h, replace } from '../dom.js';
import { announce, chipList, FieldErrors, input } from '../forms.js';
import { t, type Key } from '../i18n.js';
import { allSectors, nameOf, suggestOccupations, suggestSkills } from '../taxonomy.js';
import type { CareerCheckInput, CareerCheckReport } from '../types.js';
import { careerReport } from './career-report.js';
import { stepper, type Step } from '../stepper.js';

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

  const steps: Step[] = [
    {
      title: 'ccStepWishes',
      intro: 'ccStepWishesIntro',
      prefixes: ['workWishes'],
      body: [
        errors.field('workWishes/occupations', t('ccOccupations'), occupations.element, t('ccOccupationsHint')),
        errors.field('workWishes/sectors', t('desiredSectors'), sectorBox),
        errors.field('workWishes/hoursPerWeek', t('hoursPerWeek'), hours, t('ccOptional')),
      ],
    },
    { title: 'ccStepInterests', intro: 'ccStepInterestsIntro', prefixes: ['interests'], body: [errors.field('interests', t('ccInterests'), interestBox)] },
    { title: 'ccStepSkills', intro: 'ccStepSkillsIntro', prefixes: ['skills'], body: [errors.field('skills', t('skills'), skills.element, t('ccSkillsHint'))] },
    {
      title: 'ccStepConstraints',
      intro: 'ccStepConstraintsIntro',
      prefixes: ['constraints'],
      body: [
        errors.field('constraints/maxTrainingWeeks', t('ccMaxWeeks'), maxWeeks, t('ccMaxWeeksHint')),
        h('label', { class: 'check' }, physical, t('ccPhysical')),
        h('label', { class: 'check' }, whileWorking, t('ccWhileWorking')),
        errors.field('constraints/note', t('ccNote'), note, t('ccOptional')),
      ],
    },
  ];
  /** Number fields are the only ones the browser can check; an empty one is fine (optional). */
  const check = (section: HTMLElement): boolean => {
    const bad = [...section.querySelectorAll<HTMLInputElement>('input[type=number]')].find((el) => !el.checkValidity());
    if (!bad) return true;
    errors.set(bad.closest<HTMLElement>('[data-path]')!.dataset.path!, bad.validationMessage);
    bad.focus();
    return false;
  };
  const collect = (): CareerCheckInput => ({
    workWishes: { occupations: occupations.values(), sectors: checkedValues(sectorBox), ...(hours.value ? { hoursPerWeek: Number(hours.value) } : {}) },
    interests: checkedValues(interestBox),
    skills: skills.values(),
    constraints: { physicalLimitations: physical.checked, canLearnWhileWorking: whileWorking.checked, ...(maxWeeks.value ? { maxTrainingWeeks: Number(maxWeeks.value) } : {}), ...(note.value.trim() ? { note: note.value.trim() } : {}) },
  });
  const save = async (): Promise<void> => {
    const report = await api<CareerCheckReport>('POST', '/api/v1/me/career-check', collect());
    announce(t('ccDone'));
    onDone(report);
  };
  const wizard = stepper(steps, { id: 'cc-step', submitLabel: t('ccSubmit'), errors, check, save });
  return h('div', { class: 'builder' }, h('p', { class: 'lead' }, t('ccIntro')), wizard.nav, wizard.form);
}

export async function careerCheckView(): Promise<HTMLElement> {
  // 404: no check-up yet (or no profile yet, which the POST will say in words).
  const report = await orNull(api<CareerCheckReport>('GET', '/api/v1/me/career-check/report'));
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
  // Not in the document yet, so nothing takes focus on the first showing.
  await (report ? showReport(report) : showForm(BLANK));
  return page;
}
