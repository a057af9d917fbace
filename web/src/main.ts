/**
 * The app shell: header with role-based navigation and the language switch, hash routing
 * (works behind the server's SPA fallback and from any static host), focus management on
 * navigation, and the page-level live region.
 */
import './styles.css';
import { api, saveSession, session, setUnauthenticatedHandler, type Account } from './api.js';
import { h, replace } from './dom.js';
import { lang, setLang, t, type Key } from './i18n.js';
import { problemText } from './forms.js';
import { loginView, registerView, homeView } from './views/auth.js';
import { profileView, profileBuilderView } from './views/profile.js';
import { privacyView } from './views/privacy.js';
import { contactRequestsView } from './views/contacts.js';
import { vacanciesView, vacancyFormView, vacancyLinks } from './views/vacancies.js';
import { candidateView } from './views/candidate.js';
import { currentPath, homeFor, navigate } from './router.js';
import { myMatchesView, vacancyMatchesView } from './views/matches.js';
import { searchView } from './views/search.js';
import { adminView } from './views/admin.js';
import { subscriptionsView } from './views/subscriptions.js';
import { programmeFiguresView } from './views/programme-figures.js';
import { outboxView } from './views/outbox.js';
import { queuesView } from './views/queues.js';
import { pathwaysView } from './views/pathways.js';
import { careerCheckView } from './views/career-check.js';
import { coachedPathwaysView, coachingView } from './views/coaching.js';

type Role = Account['role'];
type View = (params: Record<string, string>) => Promise<HTMLElement> | HTMLElement;

interface Route {
  pattern: string;
  view: View;
  /** Who may open it; undefined: everyone. */
  roles?: Role[];
  title: Key;
}

const ORG: Role[] = ['employer', 'intermediary'];

/** Routes in match order; `:name` captures one path segment. */
const ROUTES: Route[] = [
  { pattern: '/', view: homeView, title: 'appName' },
  { pattern: '/login', view: loginView, title: 'login' },
  { pattern: '/register', view: registerView, title: 'register' },
  { pattern: '/profile', view: profileView, roles: ['jobseeker'], title: 'navProfile' },
  { pattern: '/profile/edit', view: profileBuilderView, roles: ['jobseeker'], title: 'builderTitle' },
  { pattern: '/contact-requests', view: contactRequestsView, roles: ['jobseeker', ...ORG], title: 'navContacts' },
  { pattern: '/privacy', view: privacyView, roles: ['jobseeker', ...ORG, 'admin'], title: 'navPrivacy' },
  { pattern: '/vacancies', view: vacanciesView, roles: ORG, title: 'navVacancies' },
  { pattern: '/vacancies/new', view: vacancyFormView, roles: ORG, title: 'vacancyNew' },
  { pattern: '/vacancies/:id/edit', view: vacancyFormView, roles: ORG, title: 'vacancyEdit' },
  { pattern: '/candidates/:id', view: candidateView, roles: ORG, title: 'candidateTitle' },
  { pattern: '/matches', view: myMatchesView, roles: ['jobseeker'], title: 'navMatches' },
  { pattern: '/vacancies/:id/matches', view: vacancyMatchesView, roles: ORG, title: 'navMatches' },
  { pattern: '/search', view: searchView, roles: [...ORG, 'admin'], title: 'navSearch' },
  { pattern: '/admin', view: adminView, roles: ['admin'], title: 'navDemand' },
  { pattern: '/subscriptions', view: subscriptionsView, roles: ORG, title: 'navDigests' },
  { pattern: '/admin/programmes', view: programmeFiguresView, roles: ['admin'], title: 'navProgrammeFigures' },
  { pattern: '/admin/outbox', view: outboxView, roles: ['admin'], title: 'navOutbox' },
  { pattern: '/admin/queues', view: queuesView, roles: ['admin'], title: 'navQueues' },
  // Digest mails link with Dutch paths (core/digests/compose.ts); they open the same screens.
  { pattern: '/vacatures/:id/matches', view: vacancyMatchesView, roles: ORG, title: 'navMatches' },
  { pattern: '/vacatures/:vacancyId/matches/:id', view: candidateView, roles: ORG, title: 'candidateTitle' },
  { pattern: '/kandidaten/:id', view: candidateView, roles: ORG, title: 'candidateTitle' },
  { pattern: '/kandidaten', view: searchView, roles: ORG, title: 'navSearch' },
  { pattern: '/pathways', view: pathwaysView, roles: ['jobseeker'], title: 'navPathways' },
  { pattern: '/career-check', view: careerCheckView, roles: ['jobseeker'], title: 'navCareerCheck' },
  { pattern: '/coaching', view: coachingView, roles: ['intermediary'], title: 'navCoaching' },
  { pattern: '/coaching/profiles/:id', view: coachedPathwaysView, roles: ['intermediary'], title: 'coPathwaysTitle' },
];

/** Navigation per role: [route, label]. */
const NAV: Record<Role, Array<[string, Key]>> = {
  jobseeker: [['/profile', 'navProfile'], ['/matches', 'navMatches'], ['/pathways', 'navPathways'], ['/career-check', 'navCareerCheck'], ['/contact-requests', 'navContacts'], ['/privacy', 'navPrivacy']],
  employer: [['/vacancies', 'navVacancies'], ['/search', 'navSearch'], ['/subscriptions', 'navDigests'], ['/contact-requests', 'navContacts']],
  intermediary: [['/coaching', 'navCoaching'], ['/vacancies', 'navVacancies'], ['/search', 'navSearch'], ['/subscriptions', 'navDigests'], ['/contact-requests', 'navContacts']],
  admin: [['/admin', 'navDemand'], ['/admin/programmes', 'navProgrammeFigures'], ['/admin/outbox', 'navOutbox'], ['/admin/queues', 'navQueues'], ['/search', 'navSearch']],
};

function match(path: string): { route: Route; params: Record<string, string> } | null {
  const parts = path.split('/').filter(Boolean);
  for (const route of ROUTES) {
    const pp = route.pattern.split('/').filter(Boolean);
    if (pp.length !== parts.length) continue;
    const params: Record<string, string> = {};
    if (pp.every((p, i) => (p.startsWith(':') ? ((params[p.slice(1)] = decodeURIComponent(parts[i]!)), true) : p === parts[i]))) return { route, params };
  }
  return null;
}

function header(): HTMLElement {
  const s = session();
  const path = currentPath();
  // The deepest entry containing the page is current (on /admin/outbox that is not /admin too).
  const current = s && NAV[s.account.role].map(([to]) => to).filter((to) => path === to || path.startsWith(`${to}/`)).sort((a, b) => b.length - a.length)[0];
  const nav = s
    ? NAV[s.account.role].map(([to, key]) => h('li', null, h('a', { href: `#${to}`, 'aria-current': to === current ? 'page' : null }, t(key))))
    : [h('li', null, h('a', { href: '#/login', 'aria-current': path === '/login' ? 'page' : null }, t('login'))), h('li', null, h('a', { href: '#/register', 'aria-current': path === '/register' ? 'page' : null }, t('register')))];
  const logout = async (): Promise<void> => {
    try {
      await api('POST', '/api/v1/auth/logout');
    } catch {
      // The token may already be gone; logging out locally is what matters.
    }
    saveSession(null);
    navigate('/');
  };
  return h(
    'header',
    { class: 'top' },
    h('a', { class: 'brand', href: s ? `#${homeFor(s.account.role)}` : '#/' }, 'Kansrijk'),
    h('nav', { 'aria-label': t('navMain') }, h('ul', null, nav)),
    h(
      'div',
      { class: 'top-actions' },
      s && h('span', { class: 'who' }, s.account.name),
      h('button', { type: 'button', class: 'link', lang: lang() === 'nl' ? 'en' : 'nl', onclick: () => { setLang(lang() === 'nl' ? 'en' : 'nl'); void render(); } }, t('otherLanguage')),
      s && h('button', { type: 'button', class: 'link', onclick: logout }, t('logout')),
    ),
  );
}

/** On every page: where the place data comes from, as its licence asks. */
function footer(): HTMLElement {
  return h(
    'footer',
    { class: 'site' },
    h('p', null, t('footerPlaces'), ' ', h('a', { href: 'https://www.geonames.org/' }, 'GeoNames'), ' (', h('a', { href: 'https://creativecommons.org/licenses/by/4.0/' }, t('footerLicence')), ')'),
  );
}

/** To the login page, coming back to the whole current route (path and query) afterwards. */
function toLogin(): void {
  const here = location.hash.replace(/^#/, '') || '/';
  navigate(here.startsWith('/login') ? here : `/login?next=${encodeURIComponent(here)}`);
}

let renderId = 0;

async function render(): Promise<void> {
  const id = ++renderId;
  const app = document.getElementById('app')!;
  const path = currentPath();
  const found = match(path);
  const s = session();
  const main = h('main', { id: 'main', tabindex: '-1' });
  const status = h('div', { id: 'status', class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
  replace(app, header(), main, footer(), status);
  if (!found) {
    replace(main, h('h1', null, t('notFound')), h('p', null, h('a', { href: '#/' }, t('toHome'))));
    return;
  }
  const { route, params } = found;
  if (route.roles && (!s || !route.roles.includes(s.account.role))) {
    if (!s) return toLogin();
    replace(main, h('h1', null, t('notFound')), h('p', null, h('a', { href: `#${homeFor(s.account.role)}` }, t('toHome'))));
    return;
  }
  document.title = `${t(route.title)} · Kansrijk`;
  main.setAttribute('aria-busy', 'true');
  let content: HTMLElement;
  try {
    content = await route.view(params);
  } catch (e) {
    content = h('div', null, h('h1', null, t('errorTitle')), h('p', { role: 'alert' }, problemText(e)));
  }
  if (id !== renderId) return; // a newer navigation won
  main.removeAttribute('aria-busy');
  replace(main, content);
  // Move focus to the new page's heading so keyboard and screen-reader users start there; not
  // on the first page load, where Tab should start at the top (skip link, then the menu).
  const heading = main.querySelector('h1');
  if (heading && id > 1) {
    heading.tabIndex = -1;
    heading.focus({ preventScroll: true });
  }
  window.scrollTo(0, 0);
}

setUnauthenticatedHandler(toLogin);
vacancyLinks.push((v) => h('a', { class: 'button secondary', href: `#/vacancies/${encodeURIComponent(v.id)}/matches`, 'aria-label': `${t('matchesLink')}: ${v.title}` }, t('matchesLink')));
window.addEventListener('hashchange', () => void render());
document.documentElement.lang = lang();
void render();
