/**
 * Form building blocks: labelled controls with a hint and an error slot tied by
 * aria-describedby, a form-level error summary that shows the API's problem+json field
 * errors next to the fields they name, suggestion lists, and chip lists.
 */
import { ApiError } from './api.js';
import { h, uid, type Attrs, type Child } from './dom.js';
import { t } from './i18n.js';

interface Slot {
  control: HTMLElement;
  message: HTMLElement;
}

/**
 * Collects a form's fields by API path (`experience/0/start`) so a 400's `errors[]` can be
 * shown next to the right field. Paths the form does not show go to the summary.
 */
export class FieldErrors {
  readonly summary = h('div', { class: 'error-summary', role: 'alert', tabindex: '-1', hidden: true });
  private slots = new Map<string, Slot>();
  /** Called before focusing a field, so a step-by-step form can switch to the right step. */
  onReveal: (path: string, control: HTMLElement) => void = () => {};

  /**
   * A labelled field for `path`. `control` may be any element; when it is not a form control,
   * it is treated as a group (radio/checkbox set) and labelled as such. `shown` is what goes on
   * the page when it wraps the control (an input with its suggestion list).
   */
  field(path: string, label: string, control: HTMLElement, hint?: string, shown: HTMLElement = control): HTMLElement {
    const id = control.id || uid();
    control.id = id;
    const message = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
    const hintEl = hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null;
    control.setAttribute('aria-describedby', [hintEl?.id, message.id].filter(Boolean).join(' '));
    this.slots.set(path, { control, message });
    const isControl = control instanceof HTMLInputElement || control instanceof HTMLSelectElement || control instanceof HTMLTextAreaElement;
    if (isControl) return h('div', { class: 'field', 'data-path': path }, h('label', { for: id }, label), hintEl, message, shown);
    const legendId = `${id}-legend`;
    control.setAttribute('role', control.getAttribute('role') ?? 'group');
    control.setAttribute('aria-labelledby', legendId);
    return h('div', { class: 'field', 'data-path': path }, h('span', { class: 'label', id: legendId }, label), hintEl, message, shown);
  }

  /** Forget fields whose element left the document (removed repeater rows). */
  private prune(): void {
    for (const [path, slot] of this.slots) if (!slot.control.isConnected) this.slots.delete(path);
  }

  clear(): void {
    for (const { control, message } of this.slots.values()) {
      control.removeAttribute('aria-invalid');
      message.hidden = true;
      message.textContent = '';
    }
    this.summary.hidden = true;
    this.summary.replaceChildren();
  }

  /** Show one message on one field (client-side checks). */
  set(path: string, text: string): boolean {
    const slot = this.slots.get(path);
    if (!slot) return false;
    slot.control.setAttribute('aria-invalid', 'true');
    slot.message.textContent = text;
    slot.message.hidden = false;
    return true;
  }

  /**
   * Send a form: `submit` is disabled while `work` runs, and what the API refuses is shown
   * as `show` does.
   */
  async send(submit: HTMLButtonElement, work: () => Promise<void>): Promise<void> {
    submit.disabled = true;
    try {
      await work();
    } catch (error) {
      this.show(error);
    } finally {
      submit.disabled = false;
    }
  }

  /**
   * Show an error from the API: field errors next to their fields (a path the form lacks goes
   * to the nearest field above it, e.g. `experience/0` for `experience/0/end/x`), the rest in
   * the summary; then focus the first invalid field. Non-API errors are re-thrown.
   */
  show(error: unknown): void {
    if (!(error instanceof ApiError)) throw error;
    this.prune();
    this.clear();
    const problem = error.problem;
    const unplaced: Child[] = [];
    let first: { path: string; control: HTMLElement } | undefined;
    for (const issue of problem.errors ?? []) {
      let path = issue.path;
      while (path && !this.slots.has(path)) path = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
      const suggestions = problem.suggestions?.length ? ` ${t('didYouMean')} ${problem.suggestions.join(', ')}?` : '';
      const text = localiseMessage(issue.message) + (suggestions ? `.${suggestions}` : '');
      if (path && this.set(path, text)) first ??= { path, control: this.slots.get(path)!.control };
      else unplaced.push(h('li', null, `${issue.path}: ${text}`));
    }
    this.summary.hidden = false;
    this.summary.append(h('p', null, problemText(error)), unplaced.length ? h('ul', null, unplaced) : '');
    if (first) {
      this.onReveal(first.path, first.control);
      const target = first.control.matches('input,select,textarea') ? first.control : first.control.querySelector<HTMLElement>('input,select,textarea,button');
      (target ?? this.summary).focus();
    } else this.summary.focus();
  }
}

/** A sentence for any failed call: the API's detail for 4xx, a friendly line for network or 5xx. */
export function problemText(error: unknown): string {
  if (!(error instanceof ApiError)) return t('errorUnexpected');
  if (error.status === 0) return t('errorNetwork');
  if (error.status >= 500) return t('errorServer');
  if (error.status === 429) return t('errorRateLimited');
  if (error.status === 400 && error.problem.errors?.length) return t('errorFix');
  return error.problem.detail ?? error.problem.title ?? t('errorUnexpected');
}

// The API speaks English; the commonest validation messages get a Dutch face.
const NL_MESSAGES: Array<[RegExp, string]> = [
  [/^must not be empty$|^Invalid input|^Required$/i, 'Vul dit veld in'],
  [/^at least (\d+) characters$/, 'minstens $1 tekens'],
  [/^at most (\d+) characters$/, 'hoogstens $1 tekens'],
  [/^must not be before start$/, 'mag niet vóór de begindatum liggen'],
  [/^must not be below min$/, 'mag niet lager zijn dan het minimum'],
  [/^a month as YYYY-MM$/, 'een maand als JJJJ-MM'],
  [/^not a known Dutch place$/, 'deze plaats kennen we niet'],
  [/^not a known occupation$/, 'dit beroep kennen we niet'],
  [/^not a known sector$/, 'deze sector kennen we niet'],
  [/^Invalid email/i, 'geen geldig e-mailadres'],
  [/^a phone number/, 'een telefoonnummer zoals +31 6 12345678'],
  [/^Too small: expected number to be >=(\d+)/, 'minimaal $1'],
  [/^Too big: expected number to be <=(\d+)/, 'maximaal $1'],
];

function localiseMessage(message: string): string {
  if (document.documentElement.lang !== 'nl') return message;
  for (const [re, nl] of NL_MESSAGES) if (re.test(message)) return message.replace(re, nl);
  return message;
}

/** An `<input>` with sensible defaults. */
export const input = (attrs: Attrs = {}): HTMLInputElement => h('input', { type: 'text', ...attrs });

/** A `<select>` from [value, label] pairs. */
export function select(options: Array<[string, string]>, value: string | undefined, attrs: Attrs = {}): HTMLSelectElement {
  return h('select', attrs, options.map(([v, label]) => h('option', { value: v, selected: v === value }, label)));
}

/**
 * Attach live suggestions to an input through a `<datalist>` (native, keyboard-accessible,
 * announced by screen readers). `fetcher` gets the typed text and returns names.
 */
export function withSuggestions(el: HTMLInputElement, fetcher: (q: string) => Promise<string[]>): HTMLElement {
  const list = h('datalist', { id: uid('dl') });
  el.setAttribute('list', list.id);
  el.autocomplete = 'off';
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last = '';
  el.addEventListener('input', () => {
    clearTimeout(timer);
    const q = el.value.trim();
    if (!q || q === last) return;
    timer = setTimeout(async () => {
      last = q;
      try {
        const names = await fetcher(q);
        list.replaceChildren(...names.map((n) => h('option', { value: n })));
      } catch {
        // Suggestions are a convenience; typing still works without them.
      }
    }, 150);
  });
  return h('span', { class: 'suggest' }, el, list);
}

/**
 * A list of short values (skills, occupations) as removable chips, with an input to add more.
 * Enter or the add button adds; each chip has a labelled remove button.
 */
export function chipList(values: string[], options: { label: string; suggest?: (q: string) => Promise<string[]> }): { element: HTMLElement; values: () => string[]; input: HTMLInputElement } {
  const items = [...values];
  const listEl = h('ul', { class: 'chips', 'aria-live': 'polite' });
  const entry = input({ 'aria-label': options.label, enterkeyhint: 'done' });
  const render = (): void => {
    listEl.replaceChildren(
      ...items.map((v, i) =>
        h('li', { class: 'chip' }, v, h('button', { type: 'button', class: 'chip-remove', 'aria-label': t('removeItem', { item: v }), onclick: () => { items.splice(i, 1); render(); entry.focus(); } }, '×')),
      ),
    );
  };
  const add = (): void => {
    const v = entry.value.trim();
    if (v && !items.some((x) => x.toLowerCase() === v.toLowerCase())) items.push(v);
    entry.value = '';
    render();
  };
  entry.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      add();
    }
  });
  // Picking a datalist option fires `input` with inputType undefined in Chromium: add it at once.
  entry.addEventListener('input', (e) => {
    if (!(e as InputEvent).inputType && entry.value.trim()) add();
  });
  render();
  const box = h('div', { class: 'chip-input' }, options.suggest ? withSuggestions(entry, options.suggest) : entry, h('button', { type: 'button', class: 'secondary', onclick: add }, t('add')));
  const element = h('div', { class: 'chip-field' }, listEl, box);
  return { element, values: () => (entry.value.trim() ? (add(), items) : items), input: entry };
}

/** Status messages for screen readers and sighted users alike (the page-level live region). */
export function announce(text: string): void {
  const region = document.getElementById('status');
  if (!region) return;
  region.textContent = '';
  // A fresh text node after clearing makes screen readers announce a repeated message too.
  setTimeout(() => (region.textContent = text), 30);
}
