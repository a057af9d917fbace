/**
 * Delivering one webhook event to one endpoint (the JOBS.deliverWebhook handler's use-case).
 *
 * The body is signed Stripe-style: `Kansrijk-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256
 * of "<t>.<body>" with the endpoint's secret>`, so a receiver can check both who sent it and
 * that it is fresh (reject old timestamps against replays). A non-2xx answer, a timeout or a
 * network error throws, and the queue retries with exponential backoff; every attempt is
 * written to the delivery log.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import type { Deps } from '../deps.js';
import { metrics } from '../metrics.js';
import { deliveries, webhooks, type DeliveryDoc } from './index.js';
import { guardedLookup, isPrivateAddress, isTestReceiver } from './url-guard.js';

/** A receiver gets this long to answer; a slow one costs a worker slot, never an API request. */
export const DELIVERY_TIMEOUT_MS = 5_000;
const MAX_LOGGED_ATTEMPTS = 20;

/** The `Kansrijk-Signature` header value for `body` sent at `timestamp` (unix seconds). */
export function signPayload(secret: string, timestamp: number, body: string): string {
  const v1 = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `t=${timestamp},v1=${v1}`;
}

/**
 * What a receiver does: check a `Kansrijk-Signature` header against the raw body, rejecting
 * timestamps older than `toleranceSeconds`. Exported for receivers written in TypeScript and
 * for the tests.
 */
export function verifySignature(secret: string, header: string, body: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=', 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !parts.v1 || Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = Buffer.from(signPayload(secret, t, body).split('v1=')[1]!, 'hex');
  const given = Buffer.from(parts.v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

interface PostResult {
  status: number;
}

/** POST `body` with a hard overall timeout; the guarded lookup refuses private addresses. */
function post(url: URL, body: string, headers: Record<string, string>, guard: boolean): Promise<PostResult> {
  return new Promise((resolve, reject) => {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    // A literal IP skips DNS, so the lookup guard would never see it: check it here.
    if (guard && isIP(host) && isPrivateAddress(host)) {
      reject(new Error(`refused: ${host} is not a public address`));
      return;
    }
    const transport = url.protocol === 'https:' ? https : http;
    const req = transport.request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        ...(guard ? { lookup: guardedLookup as never } : {}),
        timeout: DELIVERY_TIMEOUT_MS,
      },
      (res) => {
        // Drain and ignore the answer: only the status counts, and a huge body must not be buffered.
        res.resume();
        res.once('end', () => resolve({ status: res.statusCode ?? 0 }));
        res.once('error', reject);
      },
    );
    // `timeout` above is for an idle socket; this bounds the whole exchange (a trickling receiver).
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${DELIVERY_TIMEOUT_MS} ms`)), DELIVERY_TIMEOUT_MS);
    req.once('timeout', () => req.destroy(new Error(`no answer within ${DELIVERY_TIMEOUT_MS} ms`)));
    req.once('close', () => clearTimeout(timer));
    req.once('error', reject);
    req.end(body);
  });
}

/**
 * Try to deliver one delivery. Resolves when the receiver answered 2xx, or when there is
 * nothing left to do (the endpoint was deleted); throws otherwise so the queue retries.
 * `finalAttempt` marks the delivery failed for good instead of retrying.
 */
export async function deliverWebhook(
  deps: Pick<Deps, 'store' | 'clock' | 'config' | 'logger'>,
  deliveryId: string,
  finalAttempt: boolean,
): Promise<{ status: DeliveryDoc['status'] }> {
  const delivery = await deliveries(deps.store).get(deliveryId);
  if (!delivery || delivery.status === 'delivered' || delivery.status === 'cancelled') return { status: delivery?.status ?? 'cancelled' };
  const hook = await webhooks(deps.store).get(delivery.webhookId);
  if (!hook) {
    await deliveries(deps.store).update(delivery.id, { status: 'cancelled' });
    return { status: 'cancelled' };
  }
  const url = new URL(hook.url);
  const timestamp = Math.floor(deps.clock.now().getTime() / 1000);
  const started = performance.now();
  let status: number | null = null;
  let error: string | null = null;
  try {
    const res = await post(
      url,
      delivery.body,
      {
        'content-type': 'application/json',
        'user-agent': 'Kansrijk-Webhooks/1',
        'kansrijk-event': delivery.event,
        'kansrijk-delivery': delivery.id,
        'kansrijk-signature': signPayload(hook.secret, timestamp, delivery.body),
      },
      !isTestReceiver(deps.config, url),
    );
    status = res.status;
    if (status < 200 || status >= 300) error = `receiver answered ${status}`;
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
  }
  const attempt = { at: deps.clock.now().toISOString(), status, error, durationMs: Math.round(performance.now() - started) };
  const attempts = [...delivery.attempts, attempt].slice(-MAX_LOGGED_ATTEMPTS);
  if (!error) {
    metrics().webhooksDelivered.inc();
    await deliveries(deps.store).update(delivery.id, { status: 'delivered', attempts, deliveredAt: attempt.at });
    return { status: 'delivered' };
  }
  metrics().webhookFailures.inc();
  await deliveries(deps.store).update(delivery.id, { status: finalAttempt ? 'failed' : 'retrying', attempts });
  deps.logger.info({ deliveryId, webhookId: hook.id, error, finalAttempt }, 'webhook delivery failed');
  throw new Error(`webhook delivery ${delivery.id} failed: ${error}`);
}
