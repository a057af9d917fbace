/** The start page, log-in and sign-up. */
import { api, saveSession, session, type Session } from '../api.js';
import { appStatus, type DemoLogin } from '../app-status.js';
import { h } from '../dom.js';
import { FieldErrors, input, select } from '../forms.js';
import { t, type Key } from '../i18n.js';
import { hashQuery, homeFor, navigate } from '../router.js';

export async function homeView(): Promise<HTMLElement> {
  const s = session();
  if (s) queueMicrotask(() => navigate(homeFor(s.account.role)));
  const demoLogins = s ? [] : (await appStatus()).demoLogins;
  return h(
    'div',
    { class: 'home' },
    h('h1', null, t('homeTitle')),
    h('p', { class: 'lead' }, t('homeLead')),
    h(
      'div',
      { class: 'cards' },
      h('section', { class: 'card' }, h('h2', null, t('homeJobseekerTitle')), h('p', null, t('homeJobseekerText')), h('a', { class: 'button', href: '#/register?role=jobseeker' }, t('homeJobseekerCta'))),
      h('section', { class: 'card' }, h('h2', null, t('homeEmployerTitle')), h('p', null, t('homeEmployerText')), h('a', { class: 'button', href: '#/register?role=employer' }, t('homeEmployerCta'))),
      h('section', { class: 'card' }, h('h2', null, t('homeLoginTitle')), h('p', null, t('homeLoginText')), h('a', { class: 'button secondary', href: '#/login' }, t('login'))),
    ),
    demoLogins.length > 0 && h('p', { class: 'demo-hint' }, t('homeDemo'), ' ', h('a', { href: '#/login' }, t('homeDemoLink'))),
  );
}

/** One-click log-ins for the demo accounts, shown only while the server says they work. */
function demoAccounts(logins: DemoLogin[], logIn: (login: DemoLogin) => void): HTMLElement | null {
  if (logins.length === 0) return null;
  return h(
    'section',
    { class: 'demo-logins', 'aria-labelledby': 'demo-title' },
    h('h2', { id: 'demo-title' }, t('demoTitle')),
    h('p', { class: 'hint' }, t('demoText')),
    h(
      'ul',
      { class: 'plain' },
      logins.map((login) =>
        h('li', null, h('button', { type: 'button', class: 'secondary', onclick: () => logIn(login) }, t(`demoAs_${login.role}` as Key)), h('span', { class: 'hint' }, `${login.email} · ${login.password}`)),
      ),
    ),
  );
}

function afterLogin(s: Session): void {
  saveSession(s);
  const next = hashQuery().get('next');
  navigate(next && next.startsWith('/') ? next : homeFor(s.account.role));
}

export async function loginView(): Promise<HTMLElement> {
  const errors = new FieldErrors();
  const email = input({ type: 'email', name: 'email', autocomplete: 'username', required: true });
  const password = input({ type: 'password', name: 'password', autocomplete: 'current-password', required: true });
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    errors.clear();
    try {
      afterLogin(await api<Session>('POST', '/api/v1/auth/login', { email: email.value.trim(), password: password.value }));
    } catch (err) {
      errors.show(err);
    }
  };
  const form = h(
    'form',
    { onsubmit: submit, novalidate: true },
    errors.summary,
    errors.field('email', t('email'), email),
    errors.field('password', t('password'), password),
    h('button', { type: 'submit' }, t('login')),
  );
  // The demo log-in goes through the form, so a newcomer sees which address and password it used.
  const logInAs = (login: DemoLogin): void => {
    email.value = login.email;
    password.value = login.password;
    form.requestSubmit();
  };
  return h(
    'div',
    { class: 'narrow' },
    h('h1', null, t('login')),
    form,
    h('p', null, t('noAccount'), ' ', h('a', { href: '#/register' }, t('register'))),
    demoAccounts((await appStatus()).demoLogins, logInAs),
  );
}

export function registerView(): HTMLElement {
  const errors = new FieldErrors();
  const initialRole = hashQuery().get('role') === 'employer' ? 'employer' : 'jobseeker';
  const role = select(
    [
      ['jobseeker', t('roleJobseeker')],
      ['employer', t('roleEmployer')],
      ['intermediary', t('roleIntermediary')],
    ],
    initialRole,
    { name: 'role' },
  );
  const name = input({ name: 'name', autocomplete: 'name', required: true });
  const email = input({ type: 'email', name: 'email', autocomplete: 'email', required: true });
  const password = input({ type: 'password', name: 'password', autocomplete: 'new-password', required: true, minlength: 10 });
  const organisation = input({ name: 'organisationName', autocomplete: 'organization' });
  const orgField = errors.field('organisationName', t('organisationName'), organisation);
  const syncRole = (): void => {
    orgField.hidden = role.value === 'jobseeker';
  };
  role.addEventListener('change', syncRole);
  syncRole();
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    errors.clear();
    const body: Record<string, string> = { role: role.value, name: name.value, email: email.value.trim(), password: password.value };
    if (role.value !== 'jobseeker') body.organisationName = organisation.value;
    try {
      const s = await api<Session>('POST', '/api/v1/auth/register', body);
      saveSession(s);
      navigate(s.account.role === 'jobseeker' ? '/profile/edit' : homeFor(s.account.role));
    } catch (err) {
      errors.show(err);
    }
  };
  return h(
    'div',
    { class: 'narrow' },
    h('h1', null, t('register')),
    h(
      'form',
      { onsubmit: submit, novalidate: true },
      errors.summary,
      errors.field('role', t('iAm'), role),
      errors.field('name', t('name'), name),
      errors.field('email', t('email'), email),
      errors.field('password', t('password'), password, t('passwordHint')),
      orgField,
      h('button', { type: 'submit' }, t('createAccount')),
    ),
    h('p', null, t('haveAccount'), ' ', h('a', { href: '#/login' }, t('login'))),
  );
}
