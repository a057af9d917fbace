/**
 * A form in steps (the profile builder, the Loopbaan-APK): one section per step headed
 * "Stap n van m", a progress list whose items jump to a step, Previous / Next / Submit, a
 * browser-side check of a step before moving on, and API field errors that switch to the step
 * holding the field. Submitting checks every step, then sends.
 */
import { h, type Child } from './dom.js';
import type { FieldErrors } from './forms.js';
import { t, type Key } from './i18n.js';

export interface Step {
  title: Key;
  intro: Key;
  /** The API paths this step's fields answer for (their sub-paths too). */
  prefixes: string[];
  body: Child[];
}

export interface StepperOptions {
  /** Prefix of the step headings' ids (unique on the page). */
  id: string;
  submitLabel: string;
  errors: FieldErrors;
  /** Check the fields of one step's section, set their messages on `errors`, focus the first bad one; true when fine. */
  check(section: HTMLElement): boolean;
  /** Send the answers once every step checks out (the API's refusals go to `errors`). */
  save(): Promise<void>;
}

export interface Stepper {
  /** The progress list, labelled as the steps' navigation. */
  nav: HTMLElement;
  /** The error summary, the steps, and Previous, Next and the submit button (shown on the last step). */
  form: HTMLFormElement;
}

export function stepper(steps: Step[], options: StepperOptions): Stepper {
  const { errors } = options;
  let current = 0;
  const sections = steps.map((s, i) =>
    h(
      'section',
      { class: 'step', hidden: i !== 0, 'aria-labelledby': `${options.id}-${i}` },
      h('h2', { id: `${options.id}-${i}`, tabindex: '-1' }, t('stepOf', { n: i + 1, total: steps.length }), ' ', t(s.title)),
      h('p', { class: 'hint' }, t(s.intro)),
      s.body,
    ),
  );
  const progress = h('ol', { class: 'steps' });
  const back = h('button', { type: 'button', class: 'secondary' }, t('previous'));
  const next = h('button', { type: 'button' }, t('next'));
  const submit = h('button', { type: 'submit' }, options.submitLabel);

  const show = (i: number, focus = true): void => {
    current = i;
    sections.forEach((s, j) => (s.hidden = j !== i));
    progress.replaceChildren(
      ...steps.map((s, j) =>
        h(
          'li',
          { 'aria-current': j === i ? 'step' : null, class: j < i ? 'done' : null },
          // Done is said in words too, not by the green line alone.
          h('button', { type: 'button', class: 'link', onclick: () => show(j) }, `${j + 1}. `, t(s.title), j < i && h('span', { class: 'visually-hidden' }, ` (${t('stepDone')})`), j < i && h('span', { 'aria-hidden': 'true' }, ' ✓')),
        ),
      ),
    );
    back.hidden = i === 0;
    next.hidden = i === steps.length - 1;
    submit.hidden = i !== steps.length - 1;
    if (focus) sections[i]!.querySelector('h2')!.focus();
  };
  const checkStep = (i: number): boolean => {
    errors.clear();
    return options.check(sections[i]!);
  };
  errors.onReveal = (path) => {
    const step = steps.findIndex((s) => s.prefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`)));
    if (step >= 0 && step !== current) show(step, false);
  };
  back.addEventListener('click', () => show(current - 1));
  next.addEventListener('click', () => {
    if (checkStep(current)) show(current + 1);
  });
  /** Check every step; on the first that fails, show that step with its messages. */
  const checkAll = (): boolean => {
    const bad = steps.findIndex((_, i) => !checkStep(i));
    if (bad < 0) return true;
    // Show the step first: its fields cannot take focus while hidden, so check it again.
    show(bad, false);
    checkStep(bad);
    return false;
  };
  show(0, false);
  const form = h(
    'form',
    {
      novalidate: true,
      onsubmit: async (e: Event) => {
        e.preventDefault();
        if (checkAll()) await errors.send(submit, options.save);
      },
    },
    errors.summary,
    sections,
    h('div', { class: 'actions' }, back, next, submit),
  );
  return { nav: h('nav', { 'aria-label': t('stepsLabel') }, progress), form };
}
