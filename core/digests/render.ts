/**
 * The digest e-mail in Dutch, as HTML and as plain text.
 *
 * The HTML is what mail clients render reliably: nested tables for layout, inline styles only
 * (Gmail and Outlook drop <style> blocks and ignore flexbox), no external images or CSS, and
 * a width that fits a phone. Every value from the data is escaped.
 */
import type { DigestItem } from './source.js';

/** Digests show at most this many matches; the app has the full list. */
export const MAX_SHOWN = 25;

export const COMPONENT_LABELS: Record<string, string> = {
  relevance: 'Past bij de tekst',
  skills: 'Vaardigheden',
  recentExperience: 'Recente ervaring',
  sectorDemand: 'Vraag in de sector',
  distance: 'Reisafstand',
  availability: 'Uren en startdatum',
};

export interface DigestContent {
  /** What the subscription follows, e.g. "vacature Helpende Zorg en Welzijn". */
  subject: string;
  /** Link to the full list in the app. */
  appUrl: string;
  unsubscribeUrl: string;
  items: DigestItem[];
  /** Link for one item. */
  itemUrl(item: DigestItem): string;
}

export interface RenderedDigest {
  subject: string;
  html: string;
  text: string;
}

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const pct = (v: number): string => `${Math.round(v * 100)}%`;
const label = (component: string): string => COMPONENT_LABELS[component] ?? component;

function experience(months: number): string {
  if (months < 12) return `${months} maanden ervaring`;
  const years = Math.floor(months / 12);
  return `${years} jaar ervaring`;
}

function headline(item: DigestItem): string {
  const occ = item.candidate.occupations.length ? item.candidate.occupations.join(', ') : 'Kandidaat';
  return `${occ} uit ${item.candidate.place}`;
}

const facts = (item: DigestItem): string => `${experience(item.candidate.experienceMonths)} · ${item.candidate.hoursPerWeek} uur per week`;
const reasonsText = (item: DigestItem): string => item.reasons.map((r) => `${label(r.component)} ${pct(r.value)}`).join(', ');

/** Render a digest; the same content always gives the same mail. */
export function renderDigest(content: DigestContent): RenderedDigest {
  const shown = content.items.slice(0, MAX_SHOWN);
  const more = content.items.length - shown.length;
  const count = content.items.length;
  const subject = `${count} ${count === 1 ? 'nieuwe match' : 'nieuwe matches'} voor ${content.subject}`;

  const rows = shown
    .map(
      (item) => `<tr><td style="padding:12px 16px;border-bottom:1px solid #e3e6ea;font-family:Arial,Helvetica,sans-serif;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"><tr>
<td style="font-size:16px;font-weight:bold;color:#1b1b1b;">${esc(headline(item))}</td>
<td align="right" style="font-size:16px;font-weight:bold;color:#0b6e4f;white-space:nowrap;">${pct(item.score)}</td></tr>
<tr><td colspan="2" style="font-size:13px;color:#555555;padding-top:2px;">${esc(facts(item))}</td></tr>
<tr><td colspan="2" style="font-size:14px;color:#1b1b1b;padding-top:6px;">${esc(item.reason)}</td></tr>
${item.reasons.length ? `<tr><td colspan="2" style="font-size:13px;color:#555555;padding-top:4px;">Sterkste punten: ${esc(reasonsText(item))}</td></tr>` : ''}
<tr><td colspan="2" style="padding-top:8px;"><a href="${esc(content.itemUrl(item))}" style="color:#0b5cad;font-size:14px;text-decoration:underline;">Bekijk deze kandidaat</a></td></tr>
</table></td></tr>`,
    )
    .join('\n');

  const html = `<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(subject)}</title></head>
<body style="margin:0;padding:0;background-color:#f3f4f6;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f3f4f6;"><tr><td align="center" style="padding:16px 8px;">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" style="max-width:600px;width:100%;background-color:#ffffff;border:1px solid #e3e6ea;">
<tr><td style="padding:16px;background-color:#0b6e4f;color:#ffffff;font-family:Arial,Helvetica,sans-serif;font-size:20px;font-weight:bold;">Kansrijk</td></tr>
<tr><td style="padding:16px;font-family:Arial,Helvetica,sans-serif;font-size:15px;color:#1b1b1b;">Er ${count === 1 ? 'is 1 nieuwe match' : `zijn ${count} nieuwe matches`} voor ${esc(content.subject)}. Kandidaten zijn geanonimiseerd; contactgegevens krijgt u nadat de werkzoekende uw contactverzoek accepteert.</td></tr>
${rows}
${more > 0 ? `<tr><td style="padding:12px 16px;font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#1b1b1b;">En nog ${more} ${more === 1 ? 'match' : 'matches'} in de app.</td></tr>` : ''}
<tr><td align="center" style="padding:16px;"><a href="${esc(content.appUrl)}" style="display:inline-block;padding:10px 18px;background-color:#0b5cad;color:#ffffff;font-family:Arial,Helvetica,sans-serif;font-size:15px;text-decoration:none;">Alle matches bekijken</a></td></tr>
<tr><td style="padding:12px 16px;font-family:Arial,Helvetica,sans-serif;font-size:12px;color:#6b7280;border-top:1px solid #e3e6ea;">U ontvangt deze e-mail omdat u een overzicht van nieuwe matches heeft aangevraagd. <a href="${esc(content.unsubscribeUrl)}" style="color:#6b7280;text-decoration:underline;">Afmelden</a></td></tr>
</table></td></tr></table>
</body></html>`;

  const lines = [
    `Kansrijk: ${subject}`,
    '',
    'Kandidaten zijn geanonimiseerd; contactgegevens krijgt u nadat de werkzoekende uw contactverzoek accepteert.',
    '',
    ...shown.flatMap((item, n) => [
      `${n + 1}. ${headline(item)} (${pct(item.score)})`,
      `   ${facts(item)}`,
      `   ${item.reason}`,
      ...(item.reasons.length ? [`   Sterkste punten: ${reasonsText(item)}`] : []),
      `   ${content.itemUrl(item)}`,
      '',
    ]),
    ...(more > 0 ? [`En nog ${more} ${more === 1 ? 'match' : 'matches'} in de app.`, ''] : []),
    `Alle matches: ${content.appUrl}`,
    '',
    `Afmelden: ${content.unsubscribeUrl}`,
  ];
  return { subject, html, text: lines.join('\n') };
}
