/**
 * Digest subscriptions over HTTP on a real embedded stack: CRUD, who may touch what, the
 * preview (nothing recorded), a forced run into the outbox, signed unsubscribe links, and an
 * erased jobseeker disappearing from digests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchVacancy } from '../../core/matching/matches.js';
import { synonymGroups } from '../../core/taxonomy/index.js';
import { composeDigest, deliverDigest, digests, SETTLE_MS } from '../../core/digests/compose.js';
import { signUnsubscribeToken } from '../../core/digests/unsubscribe.js';
import { subscriptions } from '../../core/digests/subscriptions.js';
import { Indexer } from '../../indexer/sync.js';
import { searchFeeds } from '../../indexer/feeds.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { waitForStoreClock } from '../support/digest-world.js';
import { adminToken, expectProblem, jobseekerWithProfile, register, vacancyBody, type Actor } from './fixtures.js';

const CARE = {
  skills: ['klantcontact', 'teamwerk', 'persoonlijke verzorging'],
  experience: [{ title: 'Verzorgende IG', occupation: 'Verzorgende IG', sector: 'Zorg en welzijn', employerName: 'Zorggroep', start: '2021-01', end: null }],
};

describe('subscriptions', () => {
  let app: TestApp;
  let indexer: Indexer;
  let admin: string;
  let employer: Actor;
  let other: Actor;
  let vacancyId: string;

  const newVacancy = async (actor: Actor): Promise<string> => {
    const v = await app.request('POST', '/api/v1/vacancies', {
      token: actor.token,
      body: vacancyBody({ title: 'Verzorgende IG', occupation: 'Verzorgende IG', mustHaveSkills: ['klantcontact', 'teamwerk'], startDate: null }),
    });
    expect(v.status, v.text).toBe(201);
    return v.body.id;
  };
  const subscribe = async (actor: Actor, body: Record<string, unknown>) => app.request('POST', '/api/v1/subscriptions', { token: actor.token, body });
  const vacancySub = async (actor: Actor, vId: string, extra: Record<string, unknown> = {}): Promise<string> => {
    const res = await subscribe(actor, { kind: 'vacancy', vacancyId: vId, frequency: 'daily', minScore: 0, ...extra });
    expect(res.status, res.text).toBe(201);
    return res.body.id;
  };
  const isActive = async (id: string) => (await subscriptions(app.deps.store).get(id))?.active;

  beforeAll(async () => {
    app = await startTestApp({ AUTH_RATE_LIMIT: '1000', PUBLIC_URL: 'https://kansrijk.example.nl' });
    indexer = new Indexer(app.deps, searchFeeds(synonymGroups()), 500);
    await indexer.start();
    admin = await adminToken(app);
    employer = await register(app, 'employer');
    other = await register(app, 'employer');
    vacancyId = await newVacancy(employer);
    await jobseekerWithProfile(app, CARE);
    await jobseekerWithProfile(app, { ...CARE, place: 'Schiedam' });
    await indexer.syncAll();
    const run = await matchVacancy(app.deps, vacancyId);
    expect(run).toBeTruthy();
  });
  afterAll(() => app?.close());

  it('creates, lists and deletes subscriptions, with the account e-mail and 08:00 as defaults', async () => {
    const created = await subscribe(employer, { kind: 'vacancy', vacancyId, frequency: 'weekly', weekday: 1 });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({ kind: 'vacancy', vacancyId, frequency: 'weekly', weekday: 1, timeOfDay: '08:00', minScore: 0.5, email: employer.email, active: true });
    // Monday 08:00 in Amsterdam is 06:00 or 07:00 UTC, depending on the season.
    const next = new Date(created.body.nextDigestAt);
    expect(next.getUTCDay()).toBe(1);
    expect([6, 7]).toContain(next.getUTCHours());

    const search = await subscribe(employer, { kind: 'search', search: { q: 'verzorgende', region: 'rijnmond' }, frequency: 'daily', timeOfDay: '17:30', email: 'team@zorg.example.nl' });
    expect(search.status, search.text).toBe(201);
    expect(search.body).toMatchObject({ kind: 'search', search: { q: 'verzorgende', region: 'rijnmond' }, email: 'team@zorg.example.nl', timeOfDay: '17:30' });

    const list = await app.request('GET', '/api/v1/subscriptions', { token: employer.token });
    expect(list.status).toBe(200);
    expect(list.body.items.map((s: any) => s.id)).toEqual(expect.arrayContaining([created.body.id, search.body.id]));

    expect((await app.request('DELETE', `/api/v1/subscriptions/${created.body.id}`, { token: employer.token })).status).toBe(204);
    const after = await app.request('GET', '/api/v1/subscriptions', { token: employer.token });
    expect(after.body.items.map((s: any) => s.id)).not.toContain(created.body.id);
    expectProblem(await app.request('DELETE', `/api/v1/subscriptions/${created.body.id}`, { token: employer.token }), 404);
  });

  it('rejects bad subscriptions with field-level 400s', async () => {
    const base = { kind: 'vacancy', vacancyId, frequency: 'daily' };
    const bad: Array<[Record<string, unknown>, string]> = [
      [{ ...base, frequency: 'weekly' }, 'weekday'],
      [{ ...base, weekday: 3 }, 'weekday'],
      [{ ...base, weekday: 8, frequency: 'weekly' }, 'weekday'],
      [{ ...base, timeOfDay: '24:00' }, 'timeOfDay'],
      [{ ...base, timeOfDay: '8:00' }, 'timeOfDay'],
      [{ ...base, minScore: 1.5 }, 'minScore'],
      [{ ...base, email: 'not-an-address' }, 'email'],
      [{ ...base, organisationId: other.organisationId }, '(body)'],
      [{ ...base, active: false }, '(body)'],
      [{ kind: 'search', search: {}, frequency: 'daily' }, 'search'],
      [{ kind: 'search', search: { q: 'zorg', sort: 'updated' }, frequency: 'daily' }, 'search/sort'],
      [{ kind: 'search', search: { hoursMin: 'veel' }, frequency: 'daily' }, 'search/hoursMin'],
      [{ kind: 'elsewhere', frequency: 'daily' }, 'kind'],
    ];
    for (const [body, path] of bad) {
      const res = await subscribe(employer, body);
      expectProblem(res, 400);
      expect(res.body.errors.map((e: any) => e.path).join(' '), JSON.stringify(body)).toContain(path);
    }
  });

  it('keeps subscriptions to their maker: other organisations, roles and strangers get 401/403/404', async () => {
    const mine = await vacancySub(employer, vacancyId);
    // Another organisation's (open, public) vacancy cannot be followed.
    expectProblem(await subscribe(other, { kind: 'vacancy', vacancyId, frequency: 'daily' }), 404);
    expectProblem(await app.request('DELETE', `/api/v1/subscriptions/${mine}`, { token: other.token }), 404);
    expectProblem(await app.request('GET', `/api/v1/subscriptions/${mine}/preview`, { token: other.token }), 404);
    expect((await app.request('GET', '/api/v1/subscriptions', { token: other.token })).body.items).toEqual([]);
    const jobseeker = await register(app, 'jobseeker');
    expectProblem(await subscribe(jobseeker, { kind: 'vacancy', vacancyId, frequency: 'daily' }), 403);
    expectProblem(await app.request('GET', '/api/v1/subscriptions'), 401);
    expectProblem(await app.request('GET', '/api/v1/admin/outbox', { token: employer.token }), 403);
    expectProblem(await app.request('POST', '/api/v1/admin/digests/run', { token: employer.token }), 403);
    expectProblem(await app.request('GET', '/api/v1/subscriptions/..%2Fx/preview', { token: employer.token }), 404);
    expect(await isActive(mine)).toBe(true);
  });

  it('previews the next digest without recording or sending anything, then a forced run mails it once', async () => {
    const id = await vacancySub(employer, vacancyId);
    // Digest windows end SETTLE_MS before now (writes in flight elsewhere are not skipped); let the matches settle.
    await new Promise((r) => setTimeout(r, SETTLE_MS + 50));
    const preview = await app.request('GET', `/api/v1/subscriptions/${id}/preview`, { token: employer.token });
    expect(preview.status, preview.text).toBe(200);
    expect(preview.body.matchCount).toBeGreaterThanOrEqual(2);
    expect(preview.body.subject).toMatch(/nieuwe matches voor vacature Verzorgende IG/);
    expect(preview.body.html).toContain('<table role="presentation"');
    expect(preview.body.html).not.toMatch(/<link|<script|<img|<style/i);
    expect(preview.body.text).toContain(`https://kansrijk.example.nl/#/vacatures/${vacancyId}/matches`);
    expect(preview.body.text).toContain('/api/v1/subscriptions/unsubscribe?token=');
    // Anonymised: no names from the profiles.
    expect(preview.body.html).not.toContain('Sanne');
    expect(await digests(app.deps.store).count({ subscriptionId: id })).toBe(0);
    const before = (await app.request('GET', '/api/v1/admin/outbox', { token: admin })).body.items.length;

    const run = await app.request('POST', '/api/v1/admin/digests/run', { token: admin });
    expect(run.status, run.text).toBe(200);
    expect(run.body.sent).toBeGreaterThanOrEqual(1);
    const outbox = (await app.request('GET', '/api/v1/admin/outbox', { token: admin })).body.items as any[];
    const mail = outbox.find((m) => m.messageId === `<digest-${id}--${run.body.periodKey}@kansrijk>`);
    expect(mail, JSON.stringify(outbox.map((m) => m.messageId))).toBeDefined();
    expect(mail.to).toBe(employer.email);
    expect(mail.subject).toBe(preview.body.subject);
    expect(mail.headers['List-Unsubscribe']).toMatch(/^<https:\/\/kansrijk\.example\.nl\/api\/v1\/subscriptions\/unsubscribe\?token=.+>$/);
    expect(outbox.length).toBeGreaterThan(before);

    // Nothing new since: the next forced run records an empty digest and sends no mail.
    const again = await app.request('POST', '/api/v1/admin/digests/run', { token: admin });
    const count = (await app.request('GET', '/api/v1/admin/outbox', { token: admin })).body.items.length;
    expect(count).toBe(outbox.length);
    expect(await digests(app.deps.store).get(`${id}--${again.body.periodKey}`)).toMatchObject({ status: 'empty', matchIds: [] });
    expect((await app.request('GET', `/api/v1/subscriptions/${id}/preview`, { token: employer.token })).body.matchCount).toBe(0);
  });

  it('unsubscribes with a good token; a bad, tampered, missing or expired one gets a clear page and changes nothing', async () => {
    const id = await vacancySub(employer, vacancyId);
    const secret = app.deps.config.APP_SECRET;
    const good = signUnsubscribeToken(secret, id, new Date(Date.now() + 86_400_000));
    const expired = signUnsubscribeToken(secret, id, new Date(Date.now() - 1000));
    const forged = signUnsubscribeToken('some-other-secret-of-32-characters!!', id, new Date(Date.now() + 86_400_000));
    const otherSub = await vacancySub(employer, vacancyId);
    const [, , mac] = good.split('.');
    const swapped = `${otherSub}.${good.split('.')[1]}.${mac}`;

    for (const [token, says] of [
      [expired, 'verlopen'],
      [forged, 'niet geldig'],
      [swapped, 'niet geldig'],
      ['nonsense', 'onvolledig'],
      ['', 'onvolledig'],
    ] as const) {
      const res = await app.request('GET', `/api/v1/subscriptions/unsubscribe?token=${encodeURIComponent(token)}`);
      expect(res.status, token).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect(res.text).toContain(says);
      expect(res.text).toContain('Er is niets gewijzigd');
    }
    expect(await isActive(id)).toBe(true);
    expect(await isActive(otherSub)).toBe(true);

    const ok = await app.request('GET', `/api/v1/subscriptions/unsubscribe?token=${encodeURIComponent(good)}`);
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('U bent afgemeld');
    expect(await isActive(id)).toBe(false);
    expect(await isActive(otherSub)).toBe(true);
    // Following the link twice is fine; one-click POST (RFC 8058) works the same way.
    expect((await app.request('GET', `/api/v1/subscriptions/unsubscribe?token=${encodeURIComponent(good)}`)).status).toBe(200);
    const oneClick = signUnsubscribeToken(secret, otherSub, new Date(Date.now() + 86_400_000));
    const post = await app.request('POST', `/api/v1/subscriptions/unsubscribe?token=${encodeURIComponent(oneClick)}`, {
      body: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(post.status, post.text).toBe(200);
    expect(await isActive(otherSub)).toBe(false);
    const listed = (await app.request('GET', '/api/v1/subscriptions', { token: employer.token })).body.items.find((s: any) => s.id === id);
    expect(listed).toMatchObject({ active: false, nextDigestAt: null });
  });

  it('an erased jobseeker never appears in a digest composed before or after the erasure', async () => {
    const own = await register(app, 'employer');
    const vId = await newVacancy(own);
    const leaving = await jobseekerWithProfile(app, CARE);
    const staying = await jobseekerWithProfile(app, { ...CARE, place: 'Vlaardingen' });
    await indexer.syncAll();
    await matchVacancy(app.deps, vId);
    const subId = await vacancySub(own, vId);
    // Composed (the window holds both) but not yet sent when the jobseeker leaves. Windows end
    // before `now` (exclusive), so let the clock pass the last match write's timestamp first.
    await waitForStoreClock(app.deps);
    const record = await composeDigest(app.deps, subId, '2030-01-01', { settleMs: 0 });
    expect(record!.items.map((i) => i.profileId)).toEqual(expect.arrayContaining([leaving.profileId, staying.profileId]));

    expect((await app.request('DELETE', '/api/v1/me', { token: leaving.token })).status).toBe(204);
    await indexer.syncAll();
    expect(await deliverDigest(app.deps, record!.id)).toBe('sent');
    const mail = (await app.deps.mail.outbox(200)).find((m) => m.messageId === record!.messageId)!;
    expect(mail.text).toContain(staying.profileId);
    expect(mail.text).not.toContain(leaving.profileId);

    // A later rescoring run and a later digest do not bring the erased person back.
    await matchVacancy(app.deps, vId);
    await waitForStoreClock(app.deps);
    const later = await composeDigest(app.deps, subId, '2030-01-02', { settleMs: 0 });
    expect(later!.items.map((i) => i.profileId)).not.toContain(leaving.profileId);
    const preview = await app.request('GET', `/api/v1/subscriptions/${subId}/preview`, { token: own.token });
    expect(preview.text).not.toContain(leaving.profileId);
  });
});
