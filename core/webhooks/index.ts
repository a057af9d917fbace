/**
 * Webhooks: organisations register HTTPS endpoints for events, and other code calls
 * `emitEvent` when one happens. Emitting only writes a delivery record and enqueues a job
 * (JOBS.deliverWebhook), so a receiver that is down or slow never slows the request that
 * caused the event; the worker delivers with retries and exponential backoff
 * (`core/webhooks/deliver.ts`).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Deps } from '../deps.js';
import { conflict, notFound } from '../errors.js';
import { JOBS } from '../jobs.js';
import type { Principal } from '../domain/accounts.js';
import { actingOrganisationId } from '../domain/organisations.js';
import { findPage, pageOf, pageQuery, type Page } from '../domain/pagination.js';
import type { Collection, DocumentStore, Stored } from '../ports/store.js';
import { checkWebhookUrl } from './url-guard.js';

export const WEBHOOK_EVENTS = ['match.created', 'contact_request.accepted', 'digest.sent'] as const;
export const WebhookEvent = z.enum(WEBHOOK_EVENTS);
export type WebhookEvent = z.infer<typeof WebhookEvent>;

/** Tries per delivery, and the backoff base: 2 s, 4 s, 8 s, ... about a minute in all. */
export const DELIVERY_ATTEMPTS = 6;
export const DELIVERY_BACKOFF_MS = 2_000;
/** At most this many endpoints per organisation, so one event fans out to a bounded number of jobs. */
export const MAX_WEBHOOKS_PER_ORGANISATION = 10;

export const WebhookInput = z.strictObject({
  url: z.string().min(8).max(2000),
  events: z.array(WebhookEvent).min(1).max(WEBHOOK_EVENTS.length).refine((e) => new Set(e).size === e.length, 'list each event once'),
  description: z.string().trim().max(200).optional(),
  /** The organisation the endpoint belongs to; only needed by members of several. */
  organisationId: z.string().max(64).optional(),
});
export type WebhookInput = z.infer<typeof WebhookInput>;

export const WebhookListQuery = z.strictObject({ organisationId: z.string().max(64).optional(), ...pageQuery });
export const DeliveryListQuery = z.strictObject({ ...pageQuery });

export const Webhook = z.object({
  id: z.string(),
  organisationId: z.string(),
  url: z.string(),
  events: z.array(WebhookEvent),
  description: z.string().nullable(),
  createdAt: z.string(),
});
export type Webhook = z.infer<typeof Webhook>;

/** Only the creation answer carries the secret: it is never shown again. */
export const CreatedWebhook = Webhook.extend({ secret: z.string() });

export const DeliveryStatus = z.enum(['pending', 'delivered', 'retrying', 'failed', 'cancelled']);
export const DeliveryAttempt = z.object({ at: z.string(), status: z.number().nullable(), error: z.string().nullable(), durationMs: z.number() });
export const Delivery = z.object({
  id: z.string(),
  webhookId: z.string(),
  event: WebhookEvent,
  eventId: z.string(),
  status: DeliveryStatus,
  attempts: z.array(DeliveryAttempt),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
});
export type Delivery = z.infer<typeof Delivery>;
export const DeliveryPage = pageOf(Delivery);

export interface WebhookDoc {
  organisationId: string;
  url: string;
  events: WebhookEvent[];
  description: string | null;
  secret: string;
  createdBy: string;
}

export interface DeliveryDoc {
  webhookId: string;
  organisationId: string;
  event: WebhookEvent;
  eventId: string;
  /** The exact JSON body sent (and signed), so every retry sends the same bytes. */
  body: string;
  status: z.infer<typeof DeliveryStatus>;
  attempts: Array<z.infer<typeof DeliveryAttempt>>;
  deliveredAt: string | null;
}

export const webhooks = (store: DocumentStore): Collection<WebhookDoc> => store.collection<WebhookDoc>('webhooks');
export const deliveries = (store: DocumentStore): Collection<DeliveryDoc> => store.collection<DeliveryDoc>('webhook_deliveries');

const publicWebhook = (doc: Stored<WebhookDoc>): Webhook => ({
  id: doc.id,
  organisationId: doc.organisationId,
  url: doc.url,
  events: doc.events,
  description: doc.description,
  createdAt: doc.createdAt,
});

const publicDelivery = (doc: Stored<DeliveryDoc>): Delivery => ({
  id: doc.id,
  webhookId: doc.webhookId,
  event: doc.event,
  eventId: doc.eventId,
  status: doc.status,
  attempts: doc.attempts,
  createdAt: doc.createdAt,
  deliveredAt: doc.deliveredAt,
});

/** Register an endpoint for the caller's organisation; the answer is the only time the secret is shown. */
export async function createWebhook(
  deps: Pick<Deps, 'store' | 'config'>,
  principal: Principal,
  input: WebhookInput,
): Promise<z.infer<typeof CreatedWebhook>> {
  const organisationId = actingOrganisationId(principal, input.organisationId);
  const url = await checkWebhookUrl(deps.config, input.url);
  const existing = await webhooks(deps.store).count({ organisationId });
  if (existing >= MAX_WEBHOOKS_PER_ORGANISATION) {
    throw conflict(`An organisation can have at most ${MAX_WEBHOOKS_PER_ORGANISATION} webhooks: delete one first`);
  }
  const secret = `whsec_${randomBytes(32).toString('base64url')}`;
  const doc = await webhooks(deps.store).insert({
    organisationId,
    url: url.toString(),
    events: input.events,
    description: input.description ?? null,
    secret,
    createdBy: principal.accountId,
  });
  return { ...publicWebhook(doc), secret };
}

/** The caller's organisations' endpoints (or one named organisation's), newest first. */
export async function listWebhooks(
  deps: Pick<Deps, 'store'>,
  principal: Principal,
  query: z.infer<typeof WebhookListQuery>,
): Promise<Page<Webhook>> {
  const organisationId = query.organisationId ? actingOrganisationId(principal, query.organisationId) : { in: principal.organisationIds };
  const page = await findPage(webhooks(deps.store), { organisationId }, query);
  return { items: page.items.map(publicWebhook), nextCursor: page.nextCursor };
}

/** One of the caller's organisations' endpoints; anyone else's is "not found". */
export async function getOwnWebhook(deps: Pick<Deps, 'store'>, principal: Principal, id: string): Promise<Stored<WebhookDoc>> {
  const doc = await webhooks(deps.store).get(id);
  if (!doc || !principal.organisationIds.includes(doc.organisationId)) throw notFound('Webhook');
  return doc;
}

/** Remove an endpoint and its delivery log; deliveries still queued are cancelled when they run. */
export async function deleteWebhook(deps: Pick<Deps, 'store'>, principal: Principal, id: string): Promise<void> {
  const doc = await getOwnWebhook(deps, principal, id);
  await webhooks(deps.store).purge(doc.id);
  await deliveries(deps.store).purgeWhere({ webhookId: doc.id });
}

/** The delivery log of one of the caller's endpoints, newest first. */
export async function listDeliveries(
  deps: Pick<Deps, 'store'>,
  principal: Principal,
  webhookId: string,
  query: z.infer<typeof DeliveryListQuery>,
): Promise<Page<Delivery>> {
  const hook = await getOwnWebhook(deps, principal, webhookId);
  const page = await findPage(deliveries(deps.store), { webhookId: hook.id }, query);
  return { items: page.items.map(publicDelivery), nextCursor: page.nextCursor };
}

/**
 * Tell an organisation's endpoints that `type` happened. Writes one delivery per subscribed
 * endpoint and enqueues it; never calls a receiver itself. Safe to call after a committed
 * write: a failure to enqueue is logged, not thrown, because the write that caused the event
 * already happened and must not be reported as failed.
 */
export async function emitEvent(
  deps: Pick<Deps, 'store' | 'queue' | 'logger' | 'clock'>,
  organisationId: string,
  type: WebhookEvent,
  payload: Record<string, unknown>,
): Promise<number> {
  try {
    const targets = (await webhooks(deps.store).find({ organisationId, events: type })).filter((w) => w.events.includes(type));
    if (targets.length === 0) return 0;
    const eventId = `evt_${randomUUID().replace(/-/g, '')}`;
    const body = JSON.stringify({ id: eventId, type, createdAt: deps.clock.now().toISOString(), organisationId, data: payload });
    for (const hook of targets) {
      const delivery = await deliveries(deps.store).insert({
        webhookId: hook.id,
        organisationId,
        event: type,
        eventId,
        body,
        status: 'pending',
        attempts: [],
        deliveredAt: null,
      });
      await deps.queue.add(
        JOBS.deliverWebhook,
        { deliveryId: delivery.id },
        { jobId: `webhook-${delivery.id}`, attempts: DELIVERY_ATTEMPTS, backoffMs: DELIVERY_BACKOFF_MS },
      );
    }
    return targets.length;
  } catch (err) {
    deps.logger.warn({ err, organisationId, type }, 'could not emit webhook event');
    return 0;
  }
}

/** A match record that did not exist before this run. */
export interface CreatedMatch {
  id: string;
  vacancyId: string;
  profileId: string;
  organisationId: string;
  score: number;
}

/**
 * Announce new matches: one `match.created` event per organisation per matching run, listing
 * its new matches (a vacancy that gains 200 candidates is one delivery, not 200). Profiles
 * appear by their anonymous id only, as in the matches API.
 */
export async function emitMatchesCreated(deps: Pick<Deps, 'store' | 'queue' | 'logger' | 'clock'>, created: CreatedMatch[]): Promise<void> {
  const byOrganisation = new Map<string, CreatedMatch[]>();
  for (const m of created) byOrganisation.set(m.organisationId, [...(byOrganisation.get(m.organisationId) ?? []), m]);
  for (const [organisationId, matches] of byOrganisation) {
    await emitEvent(deps, organisationId, 'match.created', {
      matches: matches.map((m) => ({ matchId: m.id, vacancyId: m.vacancyId, profileId: m.profileId, score: Math.round(m.score * 1000) / 1000 })),
    });
  }
}
