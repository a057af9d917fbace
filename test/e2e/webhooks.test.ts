/**
 * Webhooks over real HTTP: registration rules (https, SSRF guard), delivery of a contact
 * request acceptance to a local receiver through the queue with a verifiable signature,
 * retries after a 500, a held receiver that never holds up the API, and authorisation.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Worker } from '../../core/ports/queue.js';
import { verifySignature } from '../../core/webhooks/deliver.js';
import { webhookJobHandlers } from '../../core/webhooks/jobs.js';
import { matchVacancy } from '../../core/matching/matches.js';
import { synonymGroups } from '../../core/taxonomy/index.js';
import { searchFeeds } from '../../indexer/feeds.js';
import { Indexer } from '../../indexer/sync.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { expectProblem, jobseekerWithProfile, register, vacancyBody, type Actor } from './fixtures.js';

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

/** A local receiver whose answer each test decides; records every request it gets. */
class Receiver {
  readonly received: Received[] = [];
  respond: (req: Received, res: ServerResponse) => void = (_req, res) => res.writeHead(204).end();
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const got = { headers: req.headers, body };
        this.received.push(got);
        this.respond(got, res);
      });
    });
    this.server.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => this.server.once('listening', () => resolve()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }

  async waitFor(count: number, timeoutMs = 20_000): Promise<Received[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length < count) {
      if (Date.now() > deadline) throw new Error(`receiver got ${this.received.length} of ${count} requests`);
      await new Promise((r) => setTimeout(r, 25));
    }
    return this.received;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

let app: TestApp;
let worker: Worker;
let receiver: Receiver;

beforeAll(async () => {
  app = await startTestApp({ AUTH_RATE_LIMIT: '1000' });
  worker = app.deps.queue.work(webhookJobHandlers(app.deps), { concurrency: 4 });
  receiver = new Receiver();
  await receiver.start();
});
afterAll(async () => {
  await receiver?.close();
  await worker?.close();
  await app?.close();
});

async function hookFor(employer: Actor, url = receiver.url): Promise<{ id: string; secret: string }> {
  const res = await app.request('POST', '/api/v1/webhooks', { token: employer.token, body: { url, events: ['contact_request.accepted'] } });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

/** An employer's contact request, accepted by the jobseeker; returns the accept answer. */
async function acceptedContactRequest(employer: Actor) {
  const jobseeker = await jobseekerWithProfile(app);
  const sent = await app.request('POST', '/api/v1/contact-requests', { token: employer.token, body: { profileId: jobseeker.profileId } });
  expect(sent.status, sent.text).toBe(201);
  return app.request('POST', `/api/v1/contact-requests/${sent.body.id}/accept`, { token: jobseeker.token });
}

async function deliveriesOf(employer: Actor, hookId: string, until: (items: any[]) => boolean): Promise<any[]> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const res = await app.request('GET', `/api/v1/webhooks/${hookId}/deliveries`, { token: employer.token });
    expect(res.status, res.text).toBe(200);
    if (until(res.body.items)) return res.body.items;
    if (Date.now() > deadline) throw new Error(`delivery log never satisfied the condition: ${JSON.stringify(res.body.items)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('registering webhooks', () => {
  it('accepts only https to public addresses (the local receiver only in tests)', async () => {
    const employer = await register(app, 'employer');
    for (const url of ['http://example.nl/hook', 'https://10.0.0.8/hook', 'https://169.254.169.254/latest', 'https://[::1]/x', 'https://localhost/x', 'https://user:pw@example.nl/x', 'not a url', 'http://127.0.0.2/x']) {
      const res = await app.request('POST', '/api/v1/webhooks', { token: employer.token, body: { url, events: ['digest.sent'] } });
      expectProblem(res, 400);
      expect(res.body.errors?.[0]?.path, url).toBe('url');
    }
    expectProblem(await app.request('POST', '/api/v1/webhooks', { token: employer.token, body: { url: receiver.url, events: ['nope'] } }), 400);
    expectProblem(await app.request('POST', '/api/v1/webhooks', { token: employer.token, body: { url: receiver.url, events: ['digest.sent'], secret: 'mine' } }), 400);
  });

  it('shows the secret once and never in the list', async () => {
    const employer = await register(app, 'employer');
    const created = await hookFor(employer);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9_-]{40,}$/);
    const list = await app.request('GET', '/api/v1/webhooks', { token: employer.token });
    expect(list.body.items.map((h: any) => h.id)).toEqual([created.id]);
    expect(list.text).not.toContain(created.secret);
  });
});

describe('delivering events', () => {
  it('delivers a contact request acceptance signed with the endpoint secret', async () => {
    const employer = await register(app, 'employer');
    const hook = await hookFor(employer);
    const before = receiver.received.length;
    const accepted = await acceptedContactRequest(employer);
    expect(accepted.status, accepted.text).toBe(200);
    const [got] = (await receiver.waitFor(before + 1)).slice(before);
    const event = JSON.parse(got!.body);
    expect(event).toMatchObject({ type: 'contact_request.accepted', organisationId: employer.organisationId, data: { contactRequest: { id: accepted.body.id, status: 'accepted' } } });
    expect(got!.headers['kansrijk-event']).toBe('contact_request.accepted');
    const signature = String(got!.headers['kansrijk-signature']);
    const now = Math.floor(Date.now() / 1000);
    expect(verifySignature(hook.secret, signature, got!.body, now)).toBe(true);
    // A different secret, a changed body or a stale timestamp must not verify.
    expect(verifySignature(`${hook.secret}x`, signature, got!.body, now)).toBe(false);
    expect(verifySignature(hook.secret, signature, got!.body.replace('accepted', 'declined'), now)).toBe(false);
    expect(verifySignature(hook.secret, signature, got!.body, now + 3600)).toBe(false);
    const [delivery] = await deliveriesOf(employer, hook.id, (items) => items[0]?.status === 'delivered');
    expect(delivery).toMatchObject({ event: 'contact_request.accepted', eventId: event.id, attempts: [{ status: 204, error: null }] });
  });

  it('retries with backoff after the receiver answers 500, and logs every attempt', { timeout: 30_000 }, async () => {
    const employer = await register(app, 'employer');
    const hook = await hookFor(employer);
    let failuresLeft = 1;
    receiver.respond = (_req, res) => {
      if (failuresLeft-- > 0) res.writeHead(500).end('down for maintenance');
      else res.writeHead(200).end('ok');
    };
    try {
      await acceptedContactRequest(employer);
      const [delivery] = await deliveriesOf(employer, hook.id, (items) => items[0]?.status === 'delivered');
      expect(delivery.attempts.map((a: any) => a.status)).toEqual([500, 200]);
      expect(delivery.attempts[0].error).toBe('receiver answered 500');
    } finally {
      receiver.respond = (_req, res) => res.writeHead(204).end();
    }
  });

  it('answers the API request while the receiver is still holding its answer', async () => {
    const employer = await register(app, 'employer');
    const hook = await hookFor(employer);
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    receiver.respond = (_req, res) => void held.then(() => res.writeHead(200).end());
    try {
      const before = receiver.received.length;
      const accepted = await acceptedContactRequest(employer);
      // The accept answered; had it waited for the receiver, it could not have, since the receiver is held.
      expect(accepted.status, accepted.text).toBe(200);
      await receiver.waitFor(before + 1);
      const pending = await app.request('GET', `/api/v1/webhooks/${hook.id}/deliveries`, { token: employer.token });
      expect(pending.body.items[0].status).toBe('pending');
      release();
      await deliveriesOf(employer, hook.id, (items) => items[0]?.status === 'delivered');
    } finally {
      release();
      receiver.respond = (_req, res) => res.writeHead(204).end();
    }
  });
});

describe('match.created', () => {
  it('announces the new matches of a matching run once, in one event for the organisation', async () => {
    const employer = await register(app, 'employer');
    const res = await app.request('POST', '/api/v1/webhooks', { token: employer.token, body: { url: receiver.url, events: ['match.created'] } });
    expect(res.status, res.text).toBe(201);
    const vacancy = await app.request('POST', '/api/v1/vacancies', {
      token: employer.token,
      body: vacancyBody({ title: 'Verzorgende IG', occupation: 'Verzorgende IG', mustHaveSkills: ['klantcontact'], startDate: null }),
    });
    expect(vacancy.status, vacancy.text).toBe(201);
    const candidate = await jobseekerWithProfile(app, {
      skills: ['klantcontact', 'teamwerk'],
      experience: [{ title: 'Verzorgende IG', occupation: 'Verzorgende IG', sector: 'Zorg en welzijn', employerName: 'Zorggroep', start: '2021-01', end: null }],
    });
    const indexer = new Indexer(app.deps, searchFeeds(synonymGroups()), 500);
    await indexer.start();
    await indexer.syncAll();
    const before = receiver.received.length;
    const run = await matchVacancy(app.deps, vacancy.body.id);
    expect(run.written).toBeGreaterThan(0);
    const [got] = (await receiver.waitFor(before + 1)).slice(before);
    const event = JSON.parse(got!.body);
    expect(event.type).toBe('match.created');
    expect(event.data.matches.map((m: { profileId: string }) => m.profileId)).toContain(candidate.profileId);
    expect(event.data.matches.every((m: { vacancyId: string }) => m.vacancyId === vacancy.body.id)).toBe(true);
    // A rerun (a retried job) finds the records and announces nothing again.
    await matchVacancy(app.deps, vacancy.body.id);
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.received.length).toBe(before + 1);
  });
});

describe('webhook authorisation', () => {
  it("answers 404 for another organisation's webhook and 403 for jobseekers", async () => {
    const owner = await register(app, 'employer');
    const other = await register(app, 'employer');
    const hook = await hookFor(owner);
    expectProblem(await app.request('GET', `/api/v1/webhooks/${hook.id}/deliveries`, { token: other.token }), 404);
    expectProblem(await app.request('DELETE', `/api/v1/webhooks/${hook.id}`, { token: other.token }), 404);
    expect((await app.request('GET', '/api/v1/webhooks', { token: other.token })).body.items).toEqual([]);
    const jobseeker = await register(app, 'jobseeker');
    expectProblem(await app.request('GET', '/api/v1/webhooks', { token: jobseeker.token }), 403);
    expectProblem(await app.request('GET', '/api/v1/webhooks'), 401);
    expect((await app.request('DELETE', `/api/v1/webhooks/${hook.id}`, { token: owner.token })).status).toBe(204);
    expectProblem(await app.request('GET', `/api/v1/webhooks/${hook.id}/deliveries`, { token: owner.token }), 404);
  });
});
