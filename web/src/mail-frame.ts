/**
 * Showing an e-mail's HTML inside the app without trusting it: the markup is parsed inertly
 * (DOMParser runs nothing), scripts and embedded content are dropped, and the result goes into
 * an iframe's `srcdoc` with `sandbox`, so even what slips through cannot run script, submit
 * forms or reach the app's session. The plain-text version sits next to it.
 */
import { h } from './dom.js';
import { t } from './i18n.js';

/**
 * `open`: links open in a new tab (a recruiter's own digest preview).
 * `inert`: links keep their text but lead nowhere, so an admin reading someone else's mail
 * cannot follow, say, its one-click unsubscribe link on the recipient's behalf.
 */
export type LinkMode = 'open' | 'inert';

const DROPPED = 'script, iframe, frame, object, embed, form, base, meta[http-equiv], link';

function cleanHtml(html: string, links: LinkMode): string {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  doc.querySelectorAll(DROPPED).forEach((el) => el.remove());
  for (const el of doc.querySelectorAll('*')) {
    for (const attr of [...el.attributes]) if (attr.name.startsWith('on')) el.removeAttribute(attr.name);
  }
  for (const a of doc.querySelectorAll('a[href]')) {
    const href = a.getAttribute('href')!;
    if (links === 'inert' || !/^https?:/i.test(href)) {
      a.removeAttribute('href');
      a.setAttribute('title', href);
    } else {
      a.setAttribute('target', '_blank');
      a.setAttribute('rel', 'noopener noreferrer');
    }
  }
  return `<!doctype html>\n${doc.documentElement.outerHTML}`;
}

/** The mail's HTML in a sandboxed frame, and its plain text behind a disclosure. */
export function mailBody(mail: { subject: string; html: string; text: string }, links: LinkMode): HTMLElement {
  const frame = h('iframe', {
    class: 'mail-frame',
    title: t('mailHtmlFrame', { subject: mail.subject }),
    // No allow-scripts, no allow-same-origin, no allow-forms: nothing in the mail can act.
    sandbox: links === 'open' ? 'allow-popups allow-popups-to-escape-sandbox' : '',
    referrerpolicy: 'no-referrer',
  });
  frame.srcdoc = cleanHtml(mail.html, links);
  return h('div', { class: 'mail-body' }, frame, h('details', null, h('summary', null, t('mailPlainText')), h('pre', { class: 'mail-text' }, mail.text)));
}
