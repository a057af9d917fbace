/** Matches: the jobseeker's matched vacancies, and an organisation's ranked candidates per vacancy. */
import { api, ApiError, qs, type Page } from '../api.js';
import { h } from '../dom.js';
import { announce, problemText } from '../forms.js';
import { dateText, monthText, t, type Key } from '../i18n.js';
import { navigate } from '../router.js';
import { namer } from '../taxonomy.js';
import type { AnonymousProfile, Vacancy } from '../types.js';
import { componentBars, matchSummary, type MatchCore } from './explain.js';
import { matchingProgress } from './matching-progress.js';

/** The retraining flag as the API gives it (core/matching/views.ts); `label` is the server's Dutch wording. */
type RetrainingFlag =
  | { kind: 'in-training'; courseId: string; courseTitle: string; endsOn: string; label: string }
  | { kind: 'funded-course'; courseId: string; courseTitle: string; durationWeeks: number; programmeId: string; label: string };
type Retraining = { retraining?: RetrainingFlag | null };
type VacancyMatch = MatchCore & Retraining & { vacancy: Vacancy };
type CandidateMatch = MatchCore & Retraining & { candidate: AnonymousProfile };

/**
 * "In omscholing" or "Kandidaat + gefinancierde opleiding" as a badge, then the course in
 * words: the badge is text, not colour alone, so it reads the same aloud. Built from the
 * flag's fields rather than its Dutch label, so it follows the chosen language.
 */
function retrainingNote(m: Retraining): HTMLElement | null {
  const flag = m.retraining;
  if (!flag) return null;
  const [badgeKey, detail]: [Key, string] =
    flag.kind === 'in-training'
      ? ['retrainingInTraining', t('retrainingInTrainingDetail', { course: flag.courseTitle, month: monthText(flag.endsOn.slice(0, 7)) })]
      : ['retrainingFundedCourse', t('retrainingFundedCourseDetail', { course: flag.courseTitle, duration: t('pwWeeks', { n: flag.durationWeeks }) })];
  return h('p', { class: 'retraining' }, h('span', { class: `badge accepted ${flag.kind}` }, t(badgeKey)), ' ', detail);
}

async function setStatus(m: MatchCore, status: 'seen' | 'contacted' | 'dismissed', back: string, note: HTMLElement): Promise<void> {
  try {
    await api('PATCH', `/api/v1/matches/${m.id}`, { status });
    navigate(back);
    announce(t('matchDismissed'));
  } catch (e) {
    note.textContent = problemText(e);
  }
}

/** "Mijn matches": vacancies that fit the jobseeker, best first, each explained. */
export async function myMatchesView(): Promise<HTMLElement> {
  let page: Page<VacancyMatch>;
  try {
    page = await api<Page<VacancyMatch>>('GET', '/api/v1/me/matches?limit=50');
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) {
      return h('div', null, h('h1', null, t('navMatches')), h('div', { class: 'notice' }, h('p', null, t('noProfileYet')), h('a', { class: 'button', href: '#/profile/edit' }, t('buildProfile'))));
    }
    throw e;
  }
  const occupation = await namer('occupation');
  const items = page.items.filter((m) => m.status !== 'dismissed');
  return h(
    'div',
    null,
    h('h1', null, t('navMatches')),
    h('p', { class: 'hint' }, t('myMatchesIntro')),
    await matchingProgress('/matches', items.length === 0),
    items.length
      ? h(
          'ol',
          { class: 'plain list' },
          items.map((m) => {
            const note = h('p', { role: 'alert', class: 'field-error' });
            const v = m.vacancy;
            return h(
              'li',
              { class: 'card match' },
              h('h2', { class: 'h3' }, v.title),
              retrainingNote(m),
              h('p', { class: 'meta' }, `${occupation(v.occupation)} · ${v.place} · ${v.hoursPerWeek.min}–${v.hoursPerWeek.max} ${t('hoursShort')}`, v.startDate && ` · ${t('startDate')} ${dateText(v.startDate)}`),
              matchSummary(m),
              h('details', null, h('summary', null, t('whyThisMatch')), componentBars(m), h('p', null, v.description)),
              h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', onclick: () => setStatus(m, 'dismissed', '/matches', note) }, t('notInterested'))),
              note,
            );
          }),
        )
      : h('p', { class: 'notice' }, t('noMatchesYet')),
  );
}

/** Ranked candidates for one of the organisation's vacancies, 20 at a time. */
export async function vacancyMatchesView(params: Record<string, string>): Promise<HTMLElement> {
  const id = encodeURIComponent(params.id!);
  const back = `/vacancies/${params.id}/matches`;
  const [vacancy, occupation, skill] = await Promise.all([api<Vacancy>('GET', `/api/v1/vacancies/${id}`), namer('occupation'), namer('skill')]);
  const list = h('ol', { class: 'plain list' });
  const more = h('button', { type: 'button', class: 'secondary', hidden: true }, t('loadMore'));
  let cursor: string | null = null;
  let rank = 0;
  const item = (m: CandidateMatch): HTMLElement => {
    const c = m.candidate;
    const note = h('p', { role: 'alert', class: 'field-error' });
    return h(
      'li',
      { class: 'card match' },
      h('h2', { class: 'h3' }, `${++rank}. `, c.desiredOccupations.map(occupation).join(', ') || c.experience[0]?.title || t('candidate'), ' ', h('span', { class: `badge ${m.status}` }, t(`match_${m.status}` as Key))),
      retrainingNote(m),
      h('p', { class: 'meta' }, `${c.place} · ${c.hoursPerWeek} ${t('hoursShort')} · ${t('availableFrom')} ${dateText(c.availableFrom)}`, c.experience[0] && ` · ${c.experience[0].title}`),
      matchSummary(m),
      componentBars(m),
      h('p', null, h('span', { class: 'label' }, `${t('skills')}: `), c.skills.slice(0, 10).map(skill).join(', ') || '—'),
      h(
        'div',
        { class: 'actions' },
        h('a', { class: 'button', href: `#/candidates/${encodeURIComponent(c.id)}` }, t('viewCandidate')),
        h('button', { type: 'button', class: 'secondary', onclick: () => setStatus(m, 'dismissed', back, note) }, t('notSuitable')),
      ),
      note,
    );
  };
  const load = async (): Promise<void> => {
    const page: Page<CandidateMatch> = await api<Page<CandidateMatch>>('GET', `/api/v1/vacancies/${id}/matches${qs({ limit: 20, cursor })}`);
    list.append(...page.items.filter((m) => m.status !== 'dismissed').map(item));
    cursor = page.nextCursor;
    more.hidden = !cursor;
  };
  more.addEventListener('click', () => void load());
  await load();
  return h(
    'div',
    null,
    h('h1', null, t('matchesFor', { title: vacancy.title })),
    h('p', { class: 'hint' }, t('vacancyMatchesIntro')),
    h('p', null, h('a', { class: 'button secondary', href: `#/subscriptions?vacancy=${id}` }, t('digestForThisVacancy'))),
    await matchingProgress(back, list.children.length === 0),
    list.children.length ? [list, more] : h('p', { class: 'notice' }, vacancy.status === 'open' ? t('noCandidateMatchesYet') : t('openVacancyForMatches')),
  );
}
