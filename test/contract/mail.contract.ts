import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.js';
import type { MailMessage, Mailer } from '../../core/ports/mail.js';

/** A mail as the far side saw it: read back from disk, or parsed from what an SMTP server received. */
export interface ReceivedMail {
  to: string;
  subject: string;
  messageId: string;
  html: string;
  text: string;
}

export interface MailFixture {
  mailer: Mailer;
  /** Everything delivered so far by this fixture's mailer, in any order. */
  received(): Promise<ReceivedMail[]>;
  cleanup(): Promise<void>;
}

/** A unique, well-formed Message-ID, so tests never see each other's mail. */
export const messageIdFor = (key: string): string => `<${key}-${randomUUID()}@test.kansrijk.local>`;

/** A digest-like message with non-ASCII in every part, the way real Dutch digests look. */
export function sampleMessage(overrides: Partial<MailMessage> = {}): MailMessage {
  return {
    to: 'recruiter@example.nl',
    subject: 'Nieuwe matches voor ‘Verpleegkundige’ – week 47',
    html: '<h1>3 nieuwe matches</h1><p>Zorgmedewerker in Utrecht – 92% match, één jaar ervaring.</p>',
    text: '3 nieuwe matches\n\nZorgmedewerker in Utrecht – 92% match, één jaar ervaring.\n',
    messageId: messageIdFor('digest'),
    ...overrides,
  };
}

/** Mail servers and parsers may normalise line endings and trailing newlines; content is what counts. */
const normalise = (s: string): string => s.replace(/\r\n/g, '\n').trimEnd();

/**
 * The mail port's contract, run once per adapter. `makeMailer` returns a fresh mailer and a way
 * to see what it delivered, for every test.
 */
export function mailContract(name: string, makeMailer: () => Promise<MailFixture>): void {
  describe(`mail contract: ${name}`, () => {
    let fixture: MailFixture;
    let mailer: Mailer;

    const receivedWith = async (messageId: string): Promise<ReceivedMail[]> =>
      (await fixture.received()).filter((m) => m.messageId === messageId);

    beforeEach(async () => {
      fixture = await makeMailer();
      mailer = fixture.mailer;
    });

    afterEach(async () => {
      await mailer.close();
      await fixture.cleanup();
    });

    it('delivers to, subject, html and text, and answers with the Message-ID', async () => {
      const message = sampleMessage({ subject: 'Uw match-overzicht', to: 'werkgever@example.nl' });
      await expect(mailer.send(message)).resolves.toEqual({ messageId: message.messageId });

      const [mail, ...rest] = await receivedWith(message.messageId);
      expect(rest).toEqual([]);
      expect(mail).toBeDefined();
      expect(mail!.to).toBe('werkgever@example.nl');
      expect(mail!.subject).toBe('Uw match-overzicht');
      expect(normalise(mail!.html)).toBe(normalise(message.html));
      expect(normalise(mail!.text)).toBe(normalise(message.text));
    });

    it('keeps the Message-ID exactly as given', async () => {
      const messageId = '<digest.sub-42.2024-W47+weekly@kansrijk.example>';
      await mailer.send(sampleMessage({ messageId }));
      expect((await receivedWith(messageId)).map((m) => m.messageId)).toEqual([messageId]);
    });

    it('a resend with the same Message-ID is recognisably the same mail', async () => {
      const message = sampleMessage();
      await mailer.send(message);
      await mailer.send(message); // as after a crash between sending and recording it
      const copies = await receivedWith(message.messageId);
      // The outbox keeps one copy, SMTP delivers two; either way a client can tell they are one mail.
      expect(copies.length).toBeGreaterThanOrEqual(1);
      expect(copies.length).toBeLessThanOrEqual(2);
      for (const copy of copies) {
        expect(copy).toMatchObject({ messageId: message.messageId, subject: message.subject, to: message.to });
      }
    });

    it('keeps a Dutch subject with typographic quotes and dashes intact', async () => {
      const message = sampleMessage({ subject: 'Nieuwe matches voor ‘Verpleegkundige’ – week 47' });
      await mailer.send(message);
      const [mail] = await receivedWith(message.messageId);
      expect(mail?.subject).toBe('Nieuwe matches voor ‘Verpleegkundige’ – week 47');
      expect(normalise(mail!.text)).toContain('één jaar ervaring');
    });

    it('rejects a Message-ID that is not <key@domain> as invalid, and sends nothing', async () => {
      const before = (await fixture.received()).length;
      await expect(mailer.send(sampleMessage({ messageId: 'no-brackets@kansrijk.local' }))).rejects.toMatchObject({
        code: 'invalid',
      });
      expect((await fixture.received()).length).toBe(before);
    });

    it('pings while up, and refuses to send once closed', async () => {
      await expect(mailer.ping()).resolves.toBeUndefined();
      await mailer.close();
      const error = await mailer.send(sampleMessage()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('unavailable');
    });

    it('outbox() lists only sent mails with their sender, newest first (or nothing, if it keeps none)', async () => {
      const first = sampleMessage();
      const second = sampleMessage();
      await mailer.send(first);
      await mailer.send(second);
      const listed = await mailer.outbox(10);
      if (listed.length === 0) return; // SMTP keeps nothing: the port allows that
      expect(listed.map((m) => m.messageId).slice(0, 2)).toEqual([second.messageId, first.messageId]);
      for (const mail of listed) {
        expect(mail.from).toBeTruthy();
        expect(Number.isNaN(Date.parse(mail.sentAt))).toBe(false);
      }
      expect(await mailer.outbox(1)).toHaveLength(1);
    });
  });
}
