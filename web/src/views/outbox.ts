/**
 * The outbox for admins: the mail the platform sent (newest first), and one opened with its
 * HTML in a sandboxed frame and its plain text. Only the outbox mail driver keeps sent mail;
 * with SMTP the list stays empty. A button sends every digest now, to see one without waiting.
 */
import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { announce, problemText } from '../forms.js';
import { dateTimeText, t } from '../i18n.js';
import { mailBody } from '../mail-frame.js';
import { navigate } from '../router.js';

interface SentMail {
  to: string;
  from: string;
  subject: string;
  html: string;
  text: string;
  messageId: string;
  sentAt: string;
}

interface DigestRun {
  subscriptions: number;
  sent: number;
  empty: number;
  queued: number;
}


function mailView(mail: SentMail): HTMLElement {
  return h(
    'article',
    { class: 'card mail', 'aria-labelledby': 'open-mail' },
    h('h2', { id: 'open-mail', tabindex: '-1' }, mail.subject),
    h('dl', { class: 'facts' }, h('dt', null, t('mailFrom')), h('dd', null, mail.from), h('dt', null, t('mailTo')), h('dd', null, mail.to), h('dt', null, t('mailSentAt')), h('dd', null, dateTimeText(mail.sentAt))),
    mailBody(mail, 'inert'),
  );
}

function runDigestsButton(): HTMLElement {
  const result = h('p', { role: 'status' });
  const button = h('button', { type: 'button', class: 'secondary' }, t('runDigestsNow'));
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const run = await api<DigestRun>('POST', '/api/v1/admin/digests/run');
      navigate('/admin/outbox');
      announce(t('digestRunDone', { sent: run.sent, subscriptions: run.subscriptions }));
    } catch (e) {
      result.textContent = problemText(e);
      button.disabled = false;
    }
  });
  return h('div', { class: 'actions' }, button, result);
}

export async function outboxView(): Promise<HTMLElement> {
  const { items } = await api<{ items: SentMail[] }>('GET', '/api/v1/admin/outbox?limit=100');
  const opened = h('div');
  const open = (mail: SentMail, button: HTMLButtonElement): void => {
    list.querySelectorAll('[aria-pressed="true"]').forEach((b) => b.setAttribute('aria-pressed', 'false'));
    button.setAttribute('aria-pressed', 'true');
    replace(opened, mailView(mail));
    // Keyboard and screen-reader users land on the mail they opened, also when it is below the list on a phone.
    opened.querySelector<HTMLElement>('h2')!.focus();
  };
  const list = h(
    'ol',
    { class: 'plain mail-list' },
    items.map((mail) => {
      const button = h(
        'button',
        { type: 'button', class: 'mail-item', 'aria-pressed': 'false' },
        h('span', { class: 'mail-subject' }, mail.subject),
        h('span', { class: 'mail-meta' }, `${t('mailTo')} ${mail.to} · ${dateTimeText(mail.sentAt)}`),
      );
      button.addEventListener('click', () => open(mail, button));
      return h('li', null, button);
    }),
  );
  return h(
    'div',
    null,
    h('h1', null, t('navOutbox')),
    h('p', { class: 'hint' }, t('outboxIntro')),
    runDigestsButton(),
    items.length
      ? h('div', { class: 'outbox' }, h('section', { 'aria-label': t('navOutbox') }, h('p', { class: 'count' }, items.length === 1 ? t('mailCountOne') : t('mailCount', { n: items.length })), list), opened)
      : h('p', { class: 'notice' }, t('outboxEmpty')),
  );
}
