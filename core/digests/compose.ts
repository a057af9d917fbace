/**
 * Digests: compose once per subscription and period, then deliver until the mail server
 * accepts it.
 *
 * Compose is one atomic insert of the digest record (id `${subscriptionId}--${periodKey}`)
 * holding its window [from, to) and every match it settles, so a crash before the insert left
 * nothing and a crash after it left everything; a second composer of the same period meets the
 * id and reuses the record. Windows chain: `from` is the previous record's `to`, and a unique
 * index on (subscriptionId, from) lets only one of two concurrent composers (of different
 * periods) take a window; the other retries after it. So each match lands in one record.
 *
 * Delivery reads the record, renders it and sends it with a Message-ID derived from the record
 * id: a resend after a crash between acceptance and recording is the same message. The record
 * moves composed → sent (or → empty when nothing is left to say, e.g. everyone was erased).
 */
import { metrics } from '../metrics.js';
import { emitEvent } from '../webhooks/index.js';
import type { Deps } from '../deps.js';
import { AppError, isAppError } from '../errors.js';
import { JOBS } from '../jobs.js';
import type { Collection, DocumentStore, Stored } from '../ports/store.js';
import type { Principal } from '../domain/accounts.js';
import { vacancies } from '../domain/vacancies.js';
import { renderDigest, type RenderedDigest } from './render.js';
import { duePeriod, forcedPeriodKey } from './schedule.js';
import { itemsFor, stillPresent, type DigestItem, type DigestWindow } from './source.js';
import { deactivateSubscription, getOwnSubscription, subscriptions, subscriptionStillValid, type SubscriptionDoc } from './subscriptions.js';
import { unsubscribeUrl } from './unsubscribe.js';

export type DigestStatus = 'composed' | 'sent' | 'empty' | 'cancelled';

export interface DigestDoc {
  subscriptionId: string;
  periodKey: string;
  /** The window [from, to): matches updated in it belong to this digest. */
  from: string;
  to: string;
  /** Every match (or search hit) this digest settles, shown or not. */
  matchIds: string[];
  items: DigestItem[];
  /** What the subscription follows, for the subject line. */
  title: string;
  recipient: string;
  appPath: string;
  status: DigestStatus;
  messageId: string;
  composedAt: string;
  sentAt: string | null;
  sendAttempts: number;
  lastError: string | null;
}

export const digests = (store: DocumentStore): Collection<DigestDoc> => store.collection<DigestDoc>('digests');

/** The first window of a subscription starts here: every match it has so far is new to the recruiter. */
export const BEGINNING = '1970-01-01T00:00:00.000Z';
/**
 * Windows end this long before "now", so a match stamped just before `to` but not yet visible
 * to this reader (another process's write in flight) is still ahead of the window, not lost.
 */
export const SETTLE_MS = 2_000;
/** Tries per send-digest job; the due-digests sweep re-queues what is still unsent after that. */
export const SEND_ATTEMPTS = 8;
export const SEND_BACKOFF_MS = 5_000;

export const digestId = (subscriptionId: string, periodKey: string): string => `${subscriptionId}--${periodKey}`;
export const messageIdOf = (id: string): string => `<digest-${id}@kansrijk>`;
export const sendJobId = (subscriptionId: string, periodKey: string): string => `digest-${subscriptionId}-${periodKey}`;

const indexed = new WeakSet<DocumentStore>();
/** The unique (subscriptionId, from) index is what serialises windows; declared once per store. */
export async function ensureDigestIndexes(store: DocumentStore): Promise<void> {
  if (indexed.has(store)) return;
  await digests(store).ensureIndex({ fields: ['subscriptionId', 'from'], unique: true });
  await digests(store).ensureIndex({ fields: ['status'] });
  indexed.add(store);
}

type DigestPorts = Pick<Deps, 'store' | 'search' | 'clock' | 'config'>;

const appBase = (deps: Pick<Deps, 'config'>): string => deps.config.PUBLIC_URL.replace(/\/$/, '');

async function describe(deps: Pick<Deps, 'store'>, sub: Stored<SubscriptionDoc>): Promise<{ title: string; appPath: string }> {
  if (sub.kind === 'vacancy') {
    const vacancy = await vacancies(deps.store).get(sub.vacancyId!);
    return { title: `vacature ${vacancy?.title ?? sub.vacancyId}`, appPath: `/#/vacatures/${sub.vacancyId}/matches` };
  }
  const parts = Object.entries(sub.search!).map(([k, v]) => (k === 'q' ? `"${String(v)}"` : [v].flat().join(', ')));
  const query = new URLSearchParams(Object.entries(sub.search!).flatMap(([k, v]) => [v].flat().map((x): [string, string] => [k, x]))).toString();
  return { title: `uw zoekopdracht ${parts.join(', ')}`, appPath: `/#/kandidaten?${query}` };
}

async function lastDigest(deps: Pick<Deps, 'store'>, subscriptionId: string): Promise<Stored<DigestDoc> | undefined> {
  const [last] = await digests(deps.store).find({ subscriptionId }, { sort: { field: 'to', direction: 'desc' }, limit: 1 });
  return last;
}

/** The window a digest composed at `now` would cover. */
async function nextWindow(deps: Pick<Deps, 'store'>, subscriptionId: string, now: Date, settleMs: number): Promise<DigestWindow> {
  const from = (await lastDigest(deps, subscriptionId))?.to ?? BEGINNING;
  const end = now.getTime() - settleMs;
  // A window is never empty, or the next one would start at the same `from` and clash forever.
  const to = new Date(Math.max(end, Date.parse(from) + 1)).toISOString();
  return { from, to };
}

export interface ComposeOptions {
  /** Compose as of this instant (default: the clock). */
  now?: Date;
  settleMs?: number;
}

/**
 * Compose the digest of one subscription for one period, exactly once. Returns the record
 * (new, or the one an earlier try or another worker made), or null when the subscription is
 * gone or stopped. Throws a retryable `conflict` when a digest of another period of the same
 * subscription took the window at the same moment.
 */
export async function composeDigest(deps: DigestPorts, subscriptionId: string, periodKey: string, options: ComposeOptions = {}): Promise<Stored<DigestDoc> | null> {
  await ensureDigestIndexes(deps.store);
  const id = digestId(subscriptionId, periodKey);
  const existing = await digests(deps.store).get(id);
  if (existing) return existing;
  const sub = await subscriptions(deps.store).get(subscriptionId);
  if (!sub || !sub.active) return null;
  if (!(await subscriptionStillValid(deps, sub))) {
    // The recruiter left the organisation or the vacancy went: stop rather than mail a stranger.
    await deactivateSubscription(deps, sub.id);
    return null;
  }
  const now = options.now ?? deps.clock.now();
  const window = await nextWindow(deps, sub.id, now, options.settleMs ?? SETTLE_MS);
  const items = await itemsFor(deps, sub, window);
  const { title, appPath } = await describe(deps, sub);
  try {
    return await digests(deps.store).insert({
      id,
      subscriptionId: sub.id,
      periodKey,
      ...window,
      matchIds: items.map((i) => i.id),
      items,
      title,
      recipient: sub.email,
      appPath,
      status: items.length ? 'composed' : 'empty',
      messageId: messageIdOf(id),
      composedAt: now.toISOString(),
      sentAt: null,
      sendAttempts: 0,
      lastError: null,
    });
  } catch (e) {
    if (!isAppError(e) || e.code !== 'conflict') throw e;
    const winner = await digests(deps.store).get(id);
    if (winner) return winner;
    throw new AppError('conflict', `another digest of subscription ${sub.id} took the window from ${window.from}; compose again`, { cause: e });
  }
}

/** Render a record's items (as they are now) into the mail. */
function renderRecord(deps: Pick<Deps, 'config'>, record: Pick<DigestDoc, 'subscriptionId' | 'title' | 'appPath' | 'composedAt'>, items: DigestItem[]): RenderedDigest {
  const base = appBase(deps);
  return renderDigest({
    subject: record.title,
    appUrl: base + record.appPath,
    // Signed from composedAt, not from now: a resend renders the very same mail.
    unsubscribeUrl: unsubscribeUrl(deps, record.subscriptionId, new Date(record.composedAt)),
    items,
    itemUrl: (item) => (item.vacancyId ? `${base}/#/vacatures/${item.vacancyId}/matches/${item.profileId}` : `${base}/#/kandidaten/${item.profileId}`),
  });
}

/**
 * Send a composed digest until the mail port accepts it; a no-op for one already sent, empty
 * or cancelled. Throws (for the job to retry with backoff) while the mail server refuses.
 */
export async function deliverDigest(deps: DigestPorts & Pick<Deps, 'mail' | 'queue' | 'logger'>, id: string): Promise<DigestStatus> {
  const record = await digests(deps.store).get(id);
  if (!record) throw new AppError('not_found', `digest ${id} was never composed`);
  if (record.status !== 'composed') return record.status;
  const sub = await subscriptions(deps.store).get(record.subscriptionId);
  if (!sub || !sub.active) {
    await digests(deps.store).update(id, { status: 'cancelled' });
    return 'cancelled';
  }
  // Someone erased or hidden since composing is left out; if nobody is left there is nothing to say.
  const items = await stillPresent(deps, record.items);
  if (items.length === 0) {
    await digests(deps.store).update(id, { status: 'empty' });
    return 'empty';
  }
  const mail = renderRecord(deps, record, items);
  const unsubscribe = unsubscribeUrl(deps, record.subscriptionId, new Date(record.composedAt));
  try {
    await deps.mail.send({
      to: record.recipient,
      subject: mail.subject,
      html: mail.html,
      text: mail.text,
      messageId: record.messageId,
      headers: { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    });
  } catch (err) {
    await digests(deps.store)
      .update(id, { sendAttempts: record.sendAttempts + 1, lastError: err instanceof Error ? err.message : String(err) })
      .catch(() => undefined);
    throw err;
  }
  const sentAt = deps.clock.now().toISOString();
  await digests(deps.store).update(id, { status: 'sent', sentAt, sendAttempts: record.sendAttempts + 1, lastError: null });
  metrics().digestsSent.inc();
  // Only enqueues: the organisation's receiver never delays the digest run.
  await emitEvent(deps, sub.organisationId, 'digest.sent', { digestId: id, subscriptionId: sub.id, periodKey: record.periodKey, itemCount: items.length, sentAt });
  return 'sent';
}

/** What the next digest would hold, rendered, with nothing recorded. */
export async function previewDigest(
  deps: DigestPorts,
  principal: Principal,
  subscriptionId: string,
): Promise<{ subject: string; html: string; text: string; from: string; to: string; matchCount: number }> {
  const sub = await getOwnSubscription(deps, principal, subscriptionId);
  const now = deps.clock.now();
  const window = await nextWindow(deps, sub.id, now, SETTLE_MS);
  const items = await itemsFor(deps, sub, window);
  const described = await describe(deps, sub);
  const mail = renderRecord(deps, { subscriptionId: sub.id, ...described, composedAt: now.toISOString() }, items);
  return { ...mail, ...window, matchCount: items.length };
}

/** Enqueue the compose-and-send job of one subscription and period (deduplicated by job id). */
export async function enqueueDigest(deps: Pick<Deps, 'queue'>, subscriptionId: string, periodKey: string): Promise<void> {
  await deps.queue.add(JOBS.sendDigest, { subscriptionId, periodKey }, { jobId: sendJobId(subscriptionId, periodKey), attempts: SEND_ATTEMPTS, backoffMs: SEND_BACKOFF_MS });
}

const PAGE = 500;

/** Every active subscription, in id order, a page at a time. */
async function* activeSubscriptions(deps: Pick<Deps, 'store'>): AsyncGenerator<Stored<SubscriptionDoc>> {
  let after: { value: string; id: string } | undefined;
  for (;;) {
    const page = await subscriptions(deps.store).find({ active: true }, { sort: { field: 'id', direction: 'asc' }, limit: PAGE, ...(after ? { after } : {}) });
    yield* page;
    if (page.length < PAGE) return;
    const last = page[page.length - 1]!;
    after = { value: last.id, id: last.id };
  }
}

/**
 * The recurring sweep: enqueue a digest for every subscription whose period is due and not yet
 * composed, and re-enqueue composed digests still unsent (their job may have used up its tries).
 */
export async function enqueueDueDigests(deps: Pick<Deps, 'store' | 'queue' | 'clock'>): Promise<{ due: number; resent: number }> {
  await ensureDigestIndexes(deps.store);
  const now = deps.clock.now();
  let due = 0;
  for await (const sub of activeSubscriptions(deps)) {
    const period = duePeriod({ frequency: sub.frequency, weekday: sub.weekday ?? undefined, timeOfDay: sub.timeOfDay }, sub.createdAt, now);
    if (!period || (await digests(deps.store).get(digestId(sub.id, period.periodKey)))) continue;
    await enqueueDigest(deps, sub.id, period.periodKey);
    due++;
  }
  const unsent = await digests(deps.store).find({ status: 'composed' });
  for (const record of unsent) await enqueueDigest(deps, record.subscriptionId, record.periodKey);
  return { due, resent: unsent.length };
}

export interface ForcedRun {
  periodKey: string;
  subscriptions: number;
  sent: number;
  empty: number;
  /** Composed, but the mail server refused: queued for delivery with retries. */
  queued: number;
}

/**
 * Compose and send every active subscription's digest now, under one forced period key
 * (`npm run digests:run`). Delivery failures are left to the send-digest job's retries.
 */
export async function runAllDigestsNow(deps: DigestPorts & Pick<Deps, 'mail' | 'queue' | 'logger'>, onProgress?: (done: number) => void): Promise<ForcedRun> {
  const periodKey = forcedPeriodKey(deps.clock.now());
  const run: ForcedRun = { periodKey, subscriptions: 0, sent: 0, empty: 0, queued: 0 };
  for await (const sub of activeSubscriptions(deps)) {
    run.subscriptions++;
    const record = await composeDigest(deps, sub.id, periodKey);
    if (record) {
      try {
        const status = await deliverDigest(deps, record.id);
        if (status === 'sent') run.sent++;
        else run.empty++;
      } catch (err) {
        deps.logger.warn({ err, digest: record.id }, 'digest not accepted by the mail server; queued for retries');
        await enqueueDigest(deps, sub.id, periodKey);
        run.queued++;
      }
    }
    onProgress?.(run.subscriptions);
  }
  return run;
}
