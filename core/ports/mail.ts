/**
 * The mail port: send one e-mail.
 *
 * Adapters: `adapters/mail/smtp.ts` (nodemailer over SMTP; mailpit in docker-compose) and
 * `adapters/mail/outbox.ts` (writes each message to a folder on disk, readable through the
 * admin API). Both pass `test/contract/mail.contract.ts`.
 */

export interface MailMessage {
  to: string;
  subject: string;
  html: string;
  text: string;
  /**
   * Stable Message-ID (`<key@domain>`) derived from an idempotency key: a resend after a
   * crash carries the same id, so mail clients and our outbox see the same message.
   */
  messageId: string;
  headers?: Record<string, string>;
}

export interface SentMail extends MailMessage {
  from: string;
  sentAt: string;
}

export interface Mailer {
  /** Deliver; resolves once the server (or the outbox) accepted it. Throws `unavailable` otherwise. */
  send(message: MailMessage): Promise<{ messageId: string }>;
  /** Messages sent, newest first. Only the outbox keeps them; SMTP returns what it can't know as []. */
  outbox(limit?: number): Promise<SentMail[]>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
