/**
 * Reminding jobseekers that their profile is about to go stale (see freshness.ts): one
 * e-mail a week before it drops out of search and matches, and again once it has.
 * Meant for the periodic housekeeping job; safe to run as often as one likes.
 */
import type { Deps } from '../deps.js';
import { STALE_AFTER_DAYS } from './freshness.js';
import { profiles } from './profiles.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Remind this many days before a profile goes stale, so the jobseeker can confirm in time. */
export const REMIND_DAYS_BEFORE = 7;

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * Send one reminder per confirmation to every profile within a week of going stale (or
 * already stale). Idempotent: the profile remembers which confirmation it was reminded
 * about, and the Message-ID is derived from it, so a crash between send and write resends
 * the same message rather than a second one. Returns how many reminders were sent.
 */
export async function sendStaleProfileReminders(deps: Pick<Deps, 'store' | 'clock' | 'mail' | 'config' | 'logger'>, batch = 500): Promise<number> {
  const threshold = new Date(deps.clock.now().getTime() - (STALE_AFTER_DAYS - REMIND_DAYS_BEFORE) * DAY_MS).toISOString();
  const due = await profiles(deps.store).find({ confirmedAt: { lt: threshold } }, { sort: { field: 'confirmedAt', direction: 'asc' }, limit: batch * 4 });
  let sent = 0;
  for (const profile of due) {
    if (sent >= batch) break;
    if (!profile.confirmedAt || profile.remindedFor === profile.confirmedAt) continue;
    const link = `${deps.config.PUBLIC_URL}/profiel`;
    const name = profile.contact.name;
    await deps.mail.send({
      to: profile.contact.email,
      subject: 'Klopt je Kansrijk-profiel nog?',
      text: `Beste ${name},\n\nJe hebt je profiel al bijna drie maanden niet bevestigd. Een profiel dat 90 dagen niet is bevestigd, zien werkgevers niet meer en krijgt geen matches, totdat je het weer bevestigt.\n\nBevestig of werk je profiel bij: ${link}\n\nGroet,\nKansrijk`,
      html: `<p>Beste ${escapeHtml(name)},</p><p>Je hebt je profiel al bijna drie maanden niet bevestigd. Een profiel dat 90 dagen niet is bevestigd, zien werkgevers niet meer en krijgt geen matches, totdat je het weer bevestigt.</p><p><a href="${escapeHtml(link)}">Bevestig of werk je profiel bij</a></p><p>Groet,<br>Kansrijk</p>`,
      messageId: `<stale-${profile.id}-${Date.parse(profile.confirmedAt)}@kansrijk>`,
    });
    await profiles(deps.store).update(profile.id, { remindedFor: profile.confirmedAt });
    sent++;
  }
  if (sent) deps.logger.info({ sent }, 'stale-profile reminders sent');
  return sent;
}
