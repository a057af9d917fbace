import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { createSmtpMailer } from '../../adapters/mail/smtp.js';
import { AppError } from '../../core/errors.js';
import { mailContract, sampleMessage, type ReceivedMail } from './mail.contract.js';

const FROM = 'Kansrijk <noreply@kansrijk.local>';

interface Delivery {
  rcptTo: string[];
  raw: string;
}

/**
 * A real SMTP server in this process on a free port: the adapter talks the actual protocol
 * (EHLO, MAIL FROM, RCPT TO, DATA) to it, so this runs always, in CI too, without mailpit.
 */
async function startSmtp(options: { rejectRcpt?: string } = {}): Promise<{ url: string; deliveries: Delivery[]; stop(): Promise<void> }> {
  const deliveries: Delivery[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address === options.rejectRcpt) {
        const err = Object.assign(new Error('mailbox unavailable'), { responseCode: 550 });
        return callback(err);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        deliveries.push({ rcptTo: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('latin1') });
        callback();
      });
    },
  });
  // Port 0: the OS picks a free port, read back from the listening socket (no race with a probe).
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    deliveries,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// --- A minimal MIME reader: enough for what nodemailer writes (RFC 2047 subjects, multipart/alternative,
// quoted-printable or base64 parts). Raw messages are read as latin1 so bytes survive until decoded.

function splitHeaders(raw: string): { headers: Map<string, string>; body: string } {
  const at = raw.search(/\r?\n\r?\n/);
  const head = at < 0 ? raw : raw.slice(0, at);
  const body = at < 0 ? '' : raw.slice(at).replace(/^\r?\n\r?\n/, '');
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body };
}

/** Decode `=?UTF-8?Q?…?=` / `=?UTF-8?B?…?=` words; whitespace between adjacent words is dropped (RFC 2047 §6.2). */
function decodeWords(value: string): string {
  return value
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_m, _charset: string, enc: string, text: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('latin1')
        : qpBytes(text.replace(/_/g, ' ')),
    )
    .replace(/[\x80-\xff]+/g, (bytes) => Buffer.from(bytes, 'latin1').toString('utf8'));
}

/** Quoted-printable to a latin1 string of the raw bytes. */
function qpBytes(text: string): string {
  return text.replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function decodeBody(body: string, encoding: string | undefined): string {
  const bytes = encoding?.toLowerCase() === 'base64' ? Buffer.from(body, 'base64') : Buffer.from(encoding?.toLowerCase() === 'quoted-printable' ? qpBytes(body) : body, 'latin1');
  return bytes.toString('utf8');
}

function parseMail(delivery: Delivery): ReceivedMail {
  const { headers, body } = splitHeaders(delivery.raw);
  const parts = { html: '', text: '' };
  const boundary = /boundary="?([^";]+)"?/i.exec(headers.get('content-type') ?? '')?.[1];
  const sections = boundary
    ? body.split(`--${boundary}`).slice(1, -1).map(splitHeaders)
    : [{ headers, body }];
  for (const section of sections) {
    const type = section.headers.get('content-type') ?? 'text/plain';
    const content = decodeBody(section.body.replace(/\r?\n$/, ''), section.headers.get('content-transfer-encoding'));
    if (type.startsWith('text/html')) parts.html = content;
    else if (type.startsWith('text/plain')) parts.text = content;
  }
  return {
    to: delivery.rcptTo.join(', '),
    subject: decodeWords(headers.get('subject') ?? ''),
    messageId: headers.get('message-id') ?? '',
    ...parts,
  };
}

let smtp: Awaited<ReturnType<typeof startSmtp>>;
beforeAll(async () => {
  smtp = await startSmtp({ rejectRcpt: 'bounce@example.nl' });
});
afterAll(async () => {
  await smtp?.stop();
});

mailContract('smtp', async () => ({
  mailer: createSmtpMailer({ url: smtp.url, from: FROM }),
  received: async () => smtp.deliveries.map(parseMail),
  cleanup: async () => undefined,
}));

describe('smtp adapter', () => {
  it('sends the sender, the extra headers and both alternatives', async () => {
    const mailer = createSmtpMailer({ url: smtp.url, from: FROM });
    try {
      const message = sampleMessage({ headers: { 'List-Unsubscribe': '<https://kansrijk.example/u/abc>' } });
      await mailer.send(message);
      const delivery = smtp.deliveries.find((d) => d.raw.includes(message.messageId))!;
      const { headers } = splitHeaders(delivery.raw);
      expect(headers.get('from')).toBe('Kansrijk <noreply@kansrijk.local>');
      expect(headers.get('list-unsubscribe')).toBe('<https://kansrijk.example/u/abc>');
      expect(headers.get('content-type')).toMatch(/^multipart\/alternative/);
      expect(await mailer.outbox()).toEqual([]);
    } finally {
      await mailer.close();
    }
  });

  it('a recipient the server refuses permanently (550) is invalid, not unavailable', async () => {
    const mailer = createSmtpMailer({ url: smtp.url, from: FROM });
    try {
      await expect(mailer.send(sampleMessage({ to: 'bounce@example.nl' }))).rejects.toMatchObject({ code: 'invalid' });
    } finally {
      await mailer.close();
    }
  });

  it('a stopped SMTP server makes send and ping fail with unavailable', async () => {
    const stopped = await startSmtp();
    await stopped.stop();
    const mailer = createSmtpMailer({ url: stopped.url, from: FROM });
    try {
      const sendError = await mailer.send(sampleMessage()).catch((e: unknown) => e);
      expect(sendError).toBeInstanceOf(AppError);
      expect((sendError as AppError).code).toBe('unavailable');
      await expect(mailer.ping()).rejects.toMatchObject({ code: 'unavailable' });
    } finally {
      await mailer.close();
    }
  });
});
