/**
 * Digest windows, delivery and schedules on the real embedded ports: each match lands in
 * exactly one digest record (also under retries and concurrent composers), delivery is
 * retried until the mail port accepts, with one Message-ID, and due periods follow the
 * Amsterdam wall clock across the DST switches.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../core/deps.js';
import { AppError } from '../../core/errors.js';
import { JOBS } from '../../core/jobs.js';
import type { Mailer, MailMessage } from '../../core/ports/mail.js';
import type { JobQueue } from '../../core/ports/queue.js';
import { composeDigest, deliverDigest, digests, enqueueDueDigests, messageIdOf, type DigestDoc } from '../../core/digests/compose.js';
import { digestJobHandlers } from '../../core/digests/jobs.js';
import { duePeriod, latestOccurrence, localDate, nextOccurrence, zonedInstant } from '../../core/digests/schedule.js';
import { subscriptions } from '../../core/digests/subscriptions.js';
import { matchesOf } from '../../core/matching/matches.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { seedDigestWorld, waitForStoreClock, writeMatch, type DigestWorld } from '../support/digest-world.js';

let app: TestApp;
let world: DigestWorld;
beforeAll(async () => {
  app = await startTestApp();
  world = await seedDigestWorld(app.deps, { subscriptions: 4, profiles: 60 });
});
afterAll(() => app?.close());

const recordsOf = async (subscriptionId: string) => digests(app.deps.store).find({ subscriptionId }, { sort: { field: 'from', direction: 'asc' } });

/** Every match id of the subscription's vacancy that qualifies, and how many records hold it. */
async function assertExactlyOnce(subscriptionId: string, vacancyId: string): Promise<DigestDoc[]> {
  const records = await recordsOf(subscriptionId);
  for (let i = 1; i < records.length; i++) expect(records[i]!.from, 'windows are contiguous').toBe(records[i - 1]!.to);
  const held = new Map<string, number>();
  for (const r of records) for (const id of r.matchIds) held.set(id, (held.get(id) ?? 0) + 1);
  for (const [id, times] of held) expect(times, `match ${id}`).toBe(1);
  const qualifying = (await matchesOf(app.deps.store).find({ vacancyId })).filter((m) => m.total >= 0.3 && m.status === 'new');
  for (const m of qualifying) expect(held.get(m.id), `match ${m.id} (total ${m.total}) is in no digest`).toBe(1);
  return records;
}

const settle = () => waitForStoreClock(app.deps);

describe('digest windows', () => {
  it('puts every match in exactly one record across rounds, rescoring, thresholds and dismissals', async () => {
    const sub = world.subscriptionIds[0]!;
    const vacancy = world.vacancyIds[0]!;
    for (let round = 0; round < 6; round++) {
      for (let p = round * 8; p < round * 8 + 8; p++) await writeMatch(app.deps, vacancy, world.profileIds[p]!, p % 4 === 0 ? 0.2 : 0.4 + (p % 5) / 10);
      // Rescore older matches: some cross the threshold upwards, some stay above (must not be resent).
      if (round > 0) for (let p = 0; p < round * 8; p += 3) await writeMatch(app.deps, vacancy, world.profileIds[p]!, 0.35 + round / 20);
      await settle();
      const record = await composeDigest(app.deps, sub, `2030-01-0${round + 1}`, { settleMs: 0 });
      expect(record).not.toBeNull();
    }
    const dismissedId = (await matchesOf(app.deps.store).find({ vacancyId: vacancy }, { limit: 1 }))[0]!.id;
    await matchesOf(app.deps.store).update(dismissedId, { status: 'dismissed' });
    await settle();
    const last = await composeDigest(app.deps, sub, '2030-01-09', { settleMs: 0 });
    expect(last!.matchIds).not.toContain(dismissedId);
    const records = await assertExactlyOnce(sub, vacancy);
    expect(records).toHaveLength(7);
    // The threshold is honoured: nothing under minScore is ever in a record.
    const all = await matchesOf(app.deps.store).find({ vacancyId: vacancy });
    const below = new Set(all.filter((m) => m.total < 0.3).map((m) => m.id));
    expect(records.flatMap((r) => r.matchIds).filter((id) => below.has(id))).toEqual([]);
  });

  it('a retried compose of the same period reuses its record instead of taking a second window', async () => {
    const sub = world.subscriptionIds[1]!;
    for (let p = 0; p < 5; p++) await writeMatch(app.deps, world.vacancyIds[1]!, world.profileIds[p]!, 0.8);
    await settle();
    const first = await composeDigest(app.deps, sub, '2030-02-01', { settleMs: 0 });
    await writeMatch(app.deps, world.vacancyIds[1]!, world.profileIds[10]!, 0.9);
    await settle();
    const again = await composeDigest(app.deps, sub, '2030-02-01', { settleMs: 0 });
    expect(again).toEqual(first);
    expect(await recordsOf(sub)).toHaveLength(1);
    // The match written after the first compose goes into the next period, not lost.
    const next = await composeDigest(app.deps, sub, '2030-02-02', { settleMs: 0 });
    expect(next!.matchIds).toHaveLength(1);
    await assertExactlyOnce(sub, world.vacancyIds[1]!);
  });

  it('concurrent composers of different periods never share a window: losers retry after the winner', async () => {
    const sub = world.subscriptionIds[2]!;
    const vacancy = world.vacancyIds[2]!;
    const writers = (async () => {
      for (let p = 0; p < 40; p++) {
        await writeMatch(app.deps, vacancy, world.profileIds[p]!, 0.7);
        if (p % 5 === 0) await settle();
      }
    })();
    let conflicts = 0;
    const composer = async (key: string) => {
      for (;;) {
        try {
          return await composeDigest(app.deps, sub, key, { settleMs: 0 });
        } catch (e) {
          if (!(e instanceof AppError && e.code === 'conflict')) throw e;
          conflicts++;
        }
      }
    };
    await Promise.all([writers, ...Array.from({ length: 8 }, (_, i) => composer(`2030-03-0${i + 1}`))]);
    await settle();
    await composer('2030-03-20');
    expect(conflicts).toBeGreaterThan(0);
    const records = await assertExactlyOnce(sub, vacancy);
    expect(records).toHaveLength(9);
  });
});

/** A mail port that refuses the first `failures` sends, then hands over to the real one. */
function flakyMailer(real: Mailer, failures: number): Mailer & { attempts: MailMessage[] } {
  const attempts: MailMessage[] = [];
  return {
    attempts,
    async send(message) {
      attempts.push(message);
      if (attempts.length <= failures) throw new AppError('unavailable', `mail server said 421 (try ${attempts.length})`);
      return real.send(message);
    },
    outbox: (limit) => real.outbox(limit),
    ping: () => real.ping(),
    close: async () => undefined,
  };
}

describe('digest delivery', () => {
  it('is retried by the send-digest job with backoff until the mail server accepts, under one Message-ID', async () => {
    const sub = world.subscriptionIds[3]!;
    for (let p = 0; p < 3; p++) await writeMatch(app.deps, world.vacancyIds[3]!, world.profileIds[p]!, 0.9);
    await new Promise((r) => setTimeout(r, 2_100));
    const mail = flakyMailer(app.deps.mail, 3);
    const worker = app.deps.queue.work(digestJobHandlers({ ...app.deps, mail }));
    try {
      await app.deps.queue.add(JOBS.sendDigest, { subscriptionId: sub, periodKey: '2030-04-01' }, { jobId: `digest-${sub}-2030-04-01`, attempts: 6, backoffMs: 20 });
      const id = `${sub}--2030-04-01`;
      const deadline = Date.now() + 10_000;
      while ((await digests(app.deps.store).get(id))?.status !== 'sent' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      const record = (await digests(app.deps.store).get(id))!;
      expect(record).toMatchObject({ status: 'sent', sendAttempts: 4, lastError: null });
      expect(mail.attempts).toHaveLength(4);
      expect(new Set(mail.attempts.map((m) => m.messageId))).toEqual(new Set([messageIdOf(id)]));
      // Every try rendered the same mail.
      expect(new Set(mail.attempts.map((m) => m.html)).size).toBe(1);
      expect(await recordsOf(sub)).toHaveLength(1);
      // Delivering a sent digest again is a no-op.
      expect(await deliverDigest({ ...app.deps, mail }, id)).toBe('sent');
      expect(mail.attempts).toHaveLength(4);
    } finally {
      await worker.close();
    }
  });

  it('a crash after the server accepted, before recording, resends the same message (same Message-ID, one outbox entry)', async () => {
    const sub = world.subscriptionIds[0]!;
    await writeMatch(app.deps, world.vacancyIds[0]!, world.profileIds[59]!, 0.95);
    await settle();
    const record = (await composeDigest(app.deps, sub, '2030-05-01', { settleMs: 0 }))!;
    expect(record.status).toBe('composed');
    const crashing: Mailer = {
      ...app.deps.mail,
      send: async (m) => {
        await app.deps.mail.send(m);
        throw new Error('process died before recording');
      },
    };
    await expect(deliverDigest({ ...app.deps, mail: crashing }, record.id)).rejects.toThrow('died');
    expect((await digests(app.deps.store).get(record.id))!.status).toBe('composed');
    expect(await deliverDigest(app.deps, record.id)).toBe('sent');
    const copies = (await app.deps.mail.outbox(500)).filter((m) => m.messageId === `<digest-${record.id}@kansrijk>`);
    expect(copies).toHaveLength(1);
  });

  it('cancels a composed digest whose subscription was stopped before sending', async () => {
    const sub = world.subscriptionIds[1]!;
    await writeMatch(app.deps, world.vacancyIds[1]!, world.profileIds[30]!, 0.95);
    await settle();
    const record = (await composeDigest(app.deps, sub, '2030-06-01', { settleMs: 0 }))!;
    await subscriptions(app.deps.store).update(sub, { active: false });
    const before = (await app.deps.mail.outbox(500)).length;
    expect(await deliverDigest(app.deps, record.id)).toBe('cancelled');
    expect((await app.deps.mail.outbox(500)).length).toBe(before);
    await subscriptions(app.deps.store).update(sub, { active: true });
  });
});

/** The last Sunday of a month: where the EU switches clocks. */
const lastSunday = (year: number, month: number): string => {
  const d = new Date(Date.UTC(year, month, 0));
  d.setUTCDate(d.getUTCDate() - d.getUTCDay());
  return d.toISOString().slice(0, 10);
};

describe('digest schedules in Europe/Amsterdam', () => {
  it('maps local times to instants across both DST switches, gaps moving forward and repeats taking the first', () => {
    expect(zonedInstant('2025-03-29', '08:00').toISOString()).toBe('2025-03-29T07:00:00.000Z');
    expect(zonedInstant('2025-03-30', '08:00').toISOString()).toBe('2025-03-30T06:00:00.000Z');
    expect(zonedInstant('2025-10-25', '08:00').toISOString()).toBe('2025-10-25T06:00:00.000Z');
    expect(zonedInstant('2025-10-26', '08:00').toISOString()).toBe('2025-10-26T07:00:00.000Z');
    // 02:30 does not exist on 30 March 2025: it runs at 03:30 CEST.
    expect(zonedInstant('2025-03-30', '02:30').toISOString()).toBe('2025-03-30T01:30:00.000Z');
    // 02:30 happens twice on 26 October 2025: the first (CEST) one.
    expect(zonedInstant('2025-10-26', '02:30').toISOString()).toBe('2025-10-26T00:30:00.000Z');
    expect(zonedInstant('2025-10-26', '00:00').toISOString()).toBe('2025-10-25T22:00:00.000Z');
    expect(localDate(new Date('2025-10-25T22:30:00Z'))).toBe('2025-10-26');
  });

  it('finds the latest and next run; weekly ones on their weekday; a subscription is not due before it existed', () => {
    const daily = { frequency: 'daily' as const, timeOfDay: '08:00' };
    expect(latestOccurrence(daily, new Date('2025-03-30T05:59:00Z')).periodKey).toBe('2025-03-29');
    expect(latestOccurrence(daily, new Date('2025-03-30T06:00:00Z')).periodKey).toBe('2025-03-30');
    expect(nextOccurrence(daily, new Date('2025-03-30T06:00:00Z')).at.toISOString()).toBe('2025-03-31T06:00:00.000Z');
    const monday = { frequency: 'weekly' as const, weekday: 1, timeOfDay: '07:30' };
    expect(latestOccurrence(monday, new Date('2025-03-30T12:00:00Z')).periodKey).toBe('2025-03-24');
    expect(nextOccurrence(monday, new Date('2025-03-30T12:00:00Z')).at.toISOString()).toBe('2025-03-31T05:30:00.000Z');
    expect(duePeriod(daily, '2025-03-30T10:00:00.000Z', new Date('2025-03-30T12:00:00Z'))).toBeNull();
    expect(duePeriod(daily, '2025-03-30T10:00:00.000Z', new Date('2025-03-31T06:00:00Z'))?.periodKey).toBe('2025-03-31');
  });

  it('the due-digests sweep, ticking every 5 minutes through both switches, enqueues each day once at 08:00 local', async () => {
    const year = new Date().getUTCFullYear() + 1;
    const clock: Clock & { t: number } = { t: 0, now: () => new Date(clock.t) };
    const firstSeen = new Map<string, number>();
    const queue = {
      add: async (name: string, _data: unknown, options: { jobId: string }) => {
        expect(name).toBe(JOBS.sendDigest);
        if (!firstSeen.has(options.jobId)) firstSeen.set(options.jobId, clock.t);
        return { id: options.jobId };
      },
    } as unknown as JobQueue;
    const sub = world.subscriptionIds[0]!;
    const others = world.subscriptionIds.slice(1);
    for (const o of others) await subscriptions(app.deps.store).update(o, { active: false });
    try {
      for (const switchDay of [lastSunday(year, 3), lastSunday(year, 10)]) {
        firstSeen.clear();
        const start = Date.parse(`${switchDay}T00:00:00Z`) - 2 * 86_400_000;
        for (clock.t = start; clock.t < start + 5 * 86_400_000; clock.t += 5 * 60_000) await enqueueDueDigests({ store: app.deps.store, queue, clock });
        const days = [...firstSeen.entries()].filter(([jobId]) => jobId.startsWith(`digest-${sub}-${year}-`)).map(([jobId, t]) => [jobId.slice(`digest-${sub}-`.length), t] as const);
        // The day before the window started is due at once; then each day exactly once at its local 08:00.
        for (const [day, t] of days.slice(1)) {
          expect(new Date(t).toISOString(), day).toBe(zonedInstant(day, '08:00').toISOString());
          expect(new Intl.DateTimeFormat('nl-NL', { timeZone: 'Europe/Amsterdam', hour: '2-digit', minute: '2-digit' }).format(t)).toBe('08:00');
        }
        expect(days.map(([d]) => d)).toContain(switchDay);
        expect(new Set(days.map(([d]) => d)).size).toBe(days.length);
        expect(days.length).toBe(6);
      }
    } finally {
      for (const o of others) await subscriptions(app.deps.store).update(o, { active: true });
    }
  });
});
