/**
 * The mail port over SMTP with nodemailer: mailpit in docker-compose, a real relay in
 * production. Driver errors become `AppError`s here so job handlers decide on retries by code.
 */
import nodemailer from 'nodemailer';
import { AppError, invalid, unavailable } from '../../core/errors.js';
import type { MailMessage, Mailer, SentMail } from '../../core/ports/mail.js';

// Same rule as the outbox adapter: nodemailer would silently add missing brackets, and then the
// id in the mail would differ from the one the caller stored as its idempotency key.
const MESSAGE_ID = /^<[^<>\s@]+@[^<>\s@]+>$/;

/**
 * A rejection the server gave for this message (5xx to MAIL FROM, RCPT TO or DATA): sending it
 * again will fail again, so it is `invalid`, which a job handler treats as permanent. Everything
 * else (refused connection, timeout, TLS, auth, a 4xx "try later") is `unavailable` and retried.
 */
function translate(err: unknown): AppError {
  const e = err as { code?: unknown; responseCode?: unknown; message?: unknown };
  const permanent =
    (e.code === 'EENVELOPE' || e.code === 'EMESSAGE') && typeof e.responseCode === 'number' && e.responseCode >= 500;
  if (permanent) return new AppError('invalid', `mail rejected: ${String(e.message)}`, { cause: err });
  return unavailable('SMTP server', err);
}

/**
 * A mailer that delivers through the SMTP server at `url` (`smtp://` or `smtps://`, credentials
 * in the URL). It pools connections, because a digest run sends many mails in a row, and uses
 * short timeouts, because nodemailer's two-minute defaults would hold a worker slot that long
 * for a server that is down. Nothing is kept, so `outbox()` is always empty.
 */
export function createSmtpMailer(options: { url: string; from: string }): Mailer {
  const transporter = nodemailer.createTransport({
    url: options.url,
    pool: true,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  let closed = false;

  const ensureOpen = (): void => {
    if (closed) throw new AppError('unavailable', 'SMTP mailer is closed');
  };

  return {
    async send(message: MailMessage): Promise<{ messageId: string }> {
      ensureOpen();
      if (!MESSAGE_ID.test(message.messageId)) {
        throw invalid(`messageId must look like <key@domain>, got "${message.messageId}"`);
      }
      try {
        await transporter.sendMail({
          from: options.from,
          to: message.to,
          subject: message.subject,
          // Both given: nodemailer builds multipart/alternative with text first, HTML preferred.
          text: message.text,
          html: message.html,
          messageId: message.messageId,
          ...(message.headers ? { headers: message.headers } : {}),
        });
      } catch (err) {
        throw translate(err);
      }
      // The caller's id, not the server's answer: it is the idempotency key the caller stored.
      return { messageId: message.messageId };
    },

    async outbox(): Promise<SentMail[]> {
      return [];
    },

    async ping(): Promise<void> {
      ensureOpen();
      try {
        await transporter.verify();
      } catch (err) {
        throw unavailable('SMTP server', err);
      }
    },

    async close(): Promise<void> {
      closed = true;
      transporter.close();
    },
  };
}
