/**
 * Signed unsubscribe links that work without logging in: the token names the subscription and
 * an expiry, and carries an HMAC-SHA256 over both with the app secret, so nobody can forge
 * one for another subscription or stretch its lifetime.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Deps } from '../deps.js';
import { deactivateSubscription } from './subscriptions.js';

/** How long an unsubscribe link in a mail keeps working. */
export const UNSUBSCRIBE_TTL_MS = 90 * 24 * 60 * 60 * 1000;

const mac = (secret: string, subscriptionId: string, expiresAt: number): string =>
  createHmac('sha256', secret).update(`unsubscribe\n${subscriptionId}\n${expiresAt}`).digest('base64url');

/** A token `${subscriptionId}.${expiresAtSeconds}.${hmac}` that unsubscribes until it expires. */
export function signUnsubscribeToken(secret: string, subscriptionId: string, expiresAt: Date): string {
  const seconds = Math.floor(expiresAt.getTime() / 1000);
  return `${subscriptionId}.${seconds}.${mac(secret, subscriptionId, seconds)}`;
}

export type TokenCheck = { ok: true; subscriptionId: string } | { ok: false; reason: 'malformed' | 'signature' | 'expired' };

/** Check a token: shape, then signature (constant time), then expiry. */
export function verifyUnsubscribeToken(secret: string, token: string, now: Date): TokenCheck {
  const m = /^([A-Za-z0-9_-]{1,64})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return { ok: false, reason: 'malformed' };
  const [, subscriptionId, secondsText, given] = m as unknown as [string, string, string, string];
  const seconds = Number(secondsText);
  const expected = Buffer.from(mac(secret, subscriptionId, seconds));
  if (!timingSafeEqual(expected, Buffer.from(given))) return { ok: false, reason: 'signature' };
  if (seconds * 1000 <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, subscriptionId };
}

/** The public unsubscribe URL for a subscription, valid for UNSUBSCRIBE_TTL_MS from `now`. */
export function unsubscribeUrl(deps: Pick<Deps, 'config'>, subscriptionId: string, now: Date): string {
  const token = signUnsubscribeToken(deps.config.APP_SECRET, subscriptionId, new Date(now.getTime() + UNSUBSCRIBE_TTL_MS));
  return `${deps.config.PUBLIC_URL.replace(/\/$/, '')}/api/v1/subscriptions/unsubscribe?token=${encodeURIComponent(token)}`;
}

export interface UnsubscribeOutcome {
  status: 200 | 400;
  html: string;
}

const page = (title: string, body: string): string => `<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#1b1b1b;line-height:1.5">
<h1 style="font-size:1.4rem">${title}</h1>${body}</body></html>`;

const REASONS: Record<Exclude<TokenCheck, { ok: true }>['reason'], string> = {
  malformed: 'Deze afmeldlink is onvolledig of beschadigd. Kopieer de hele link uit de e-mail, of meld u af via uw instellingen in Kansrijk.',
  signature: 'Deze afmeldlink is niet geldig. Gebruik de link uit de e-mail zelf, of meld u af via uw instellingen in Kansrijk.',
  expired: 'Deze afmeldlink is verlopen. Gebruik de link uit een recentere e-mail, of meld u af via uw instellingen in Kansrijk.',
};

/**
 * Unsubscribe by token. A bad or expired token changes nothing and gets a page saying why;
 * a good one stops the subscription (again is fine: the page says the same).
 */
export async function unsubscribeByToken(deps: Pick<Deps, 'store' | 'clock' | 'config'>, token: string): Promise<UnsubscribeOutcome> {
  const check = verifyUnsubscribeToken(deps.config.APP_SECRET, token, deps.clock.now());
  if (!check.ok) {
    return { status: 400, html: page('Afmelden is niet gelukt', `<p>${REASONS[check.reason]}</p><p>Er is niets gewijzigd.</p>`) };
  }
  await deactivateSubscription(deps, check.subscriptionId);
  return {
    status: 200,
    html: page('U bent afgemeld', '<p>U ontvangt geen overzichten van nieuwe matches meer voor dit abonnement.</p><p>Wilt u ze toch weer ontvangen? Maak in Kansrijk een nieuw abonnement aan.</p>'),
  };
}
