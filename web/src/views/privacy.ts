/** "Mijn gegevens": download everything as JSON, or erase the account after a confirmation. */
import { api, download, saveSession, session } from '../api.js';
import { h } from '../dom.js';
import { announce, problemText } from '../forms.js';
import { t } from '../i18n.js';
import { navigate } from '../router.js';

export function privacyView(): HTMLElement {
  const status = h('p', { role: 'alert', class: 'field-error', hidden: true });
  const fail = (e: unknown): void => {
    status.hidden = false;
    status.textContent = problemText(e);
  };
  const confirmBox = h(
    'div',
    { class: 'notice warn', hidden: true },
    h('h3', null, t('deleteConfirmTitle')),
    h('p', null, t('deleteConfirmText', { email: session()?.account.email ?? '' })),
    h(
      'div',
      { class: 'actions' },
      h('button', {
        type: 'button',
        class: 'danger',
        onclick: async () => {
          try {
            await api('DELETE', '/api/v1/me');
            saveSession(null);
            navigate('/');
            announce(t('deleted'));
          } catch (e) {
            fail(e);
          }
        },
      }, t('deleteYes')),
      h('button', { type: 'button', class: 'secondary', onclick: () => { confirmBox.hidden = true; askDelete.focus(); } }, t('cancel')),
    ),
  );
  const askDelete = h('button', { type: 'button', class: 'danger', onclick: () => { confirmBox.hidden = false; confirmBox.querySelector<HTMLButtonElement>('button')!.focus(); } }, t('deleteMyData'));
  return h(
    'div',
    null,
    h('h1', null, t('navPrivacy')),
    status,
    h(
      'section',
      { class: 'card' },
      h('h2', null, t('exportTitle')),
      h('p', null, t('exportText')),
      h('button', { type: 'button', onclick: () => download('/api/v1/me/export', 'kansrijk-export.json').then(() => announce(t('exportDone')), fail) }, t('exportButton')),
    ),
    h('section', { class: 'card' }, h('h2', null, t('deleteTitle')), h('p', null, t('deleteText')), askDelete, confirmBox),
  );
}
