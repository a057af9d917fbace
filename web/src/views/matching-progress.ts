/**
 * "Matches are still being computed": matching runs in background jobs a few seconds after a
 * profile or vacancy changes (and for minutes after the demo data is first seeded). While jobs
 * are queued the match pages say so and poll; when they are done an empty list reloads by
 * itself, a filled one offers a button (so the list never jumps under someone reading it).
 */
import { appStatus } from '../app-status.js';
import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { navigate } from '../router.js';

const POLL_MS = 2_500;

/** The notice for the page at `route`, or null when no matching is queued. */
export async function matchingProgress(route: string, listEmpty: boolean): Promise<HTMLElement | null> {
  const { matchingPending } = await appStatus();
  if (!matchingPending) return null;
  const notice = h('div', { class: 'notice', role: 'status' }, h('p', null, t('matchingBusy', { n: matchingPending })));
  const poll = async (): Promise<void> => {
    // Left the page (the notice is no longer shown): stop asking.
    if (!notice.isConnected) return;
    const { matchingPending: pending } = await appStatus();
    // The queue did not answer: keep the notice as it is rather than guess.
    if (!notice.isConnected || pending === null) return;
    if (pending) {
      replace(notice, h('p', null, t('matchingBusy', { n: pending })));
      setTimeout(() => void poll(), POLL_MS);
    } else if (listEmpty) navigate(route);
    else {
      notice.classList.add('ok');
      replace(notice, h('p', null, t('matchingDone')), h('button', { type: 'button', onclick: () => navigate(route) }, t('showUpdatedMatches')));
    }
  };
  setTimeout(() => void poll(), POLL_MS);
  return notice;
}
