/**
 * The mail port on a folder: every message becomes one JSON file. The embedded default, so a
 * laptop or a test sees exactly what would have been sent without an SMTP server.
 */
import { createHash, randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError, invalid, unavailable } from '../../core/errors.js';
import type { MailMessage, Mailer, SentMail } from '../../core/ports/mail.js';

/** What `outbox()` returns when no limit is given: enough for an admin page, bounded for a big folder. */
export const DEFAULT_OUTBOX_LIMIT = 50;

// The port's `<key@domain>` form; both adapters reject anything else, so a caller's mistake shows
// up with the outbox in tests instead of as a rewritten id (nodemailer adds missing brackets).
const MESSAGE_ID = /^<[^<>\s@]+@[^<>\s@]+>$/;
const TEMP_PREFIX = '.tmp-';

/**
 * The file name for a Message-ID: a readable, filesystem-safe part plus a hash of the exact
 * id. The hash keeps ids apart that sanitise to the same text (`a/b` and `a_b`) and bounds the
 * length; the same id always gives the same name, so a resend overwrites instead of duplicating.
 */
export function outboxFileName(messageId: string): string {
  const readable = messageId
    .replace(/^<|>$/g, '')
    .replace(/[^A-Za-z0-9._@-]+/g, '_')
    .replace(/^\.+/, '')
    .slice(0, 100);
  const hash = createHash('sha256').update(messageId).digest('hex').slice(0, 16);
  return `${readable}-${hash}.json`;
}

/** Write `data` so that readers see the old file or the new one, never half of one, even after a crash. */
async function writeAtomic(dir: string, name: string, data: string, mtime: Date): Promise<void> {
  const temp = path.join(dir, `${TEMP_PREFIX}${randomBytes(6).toString('hex')}-${name}`);
  try {
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(data, 'utf8');
      await handle.utimes(mtime, mtime);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path.join(dir, name));
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  // The rename is durable only once the directory entry is; not every platform can open a
  // directory for fsync (Windows), and the file itself is already safe, so failure is ignored.
  const dirHandle = await open(dir, 'r').catch(() => undefined);
  await dirHandle?.sync().catch(() => undefined);
  await dirHandle?.close();
}

/**
 * Open (creating if needed) an outbox in `dir`. `send` resolves once the file is on disk;
 * `outbox(limit)` lists the newest first by `sentAt`, which a resend refreshes.
 */
export async function openOutboxMailer(options: { dir: string; from: string }): Promise<Mailer> {
  const { dir, from } = options;
  await mkdir(dir, { recursive: true });
  let closed = false;
  let lastSentAt = 0;

  // Each file's mtime is set to its sentAt, so `outbox()` can order by a cheap stat instead of
  // reading every file. The kernel's own mtime is too coarse for that (one clock tick, several
  // ms), so sentAt is made strictly increasing within this mailer: two mails sent in the same
  // millisecond still have an order.
  const nextSentAt = (): Date => {
    lastSentAt = Math.max(Date.now(), lastSentAt + 1);
    return new Date(lastSentAt);
  };

  const ensureOpen = (): void => {
    if (closed) throw new AppError('unavailable', 'mail outbox is closed');
  };

  return {
    async send(message: MailMessage): Promise<{ messageId: string }> {
      ensureOpen();
      if (!MESSAGE_ID.test(message.messageId)) {
        throw invalid(`messageId must look like <key@domain>, got "${message.messageId}"`);
      }
      const sentAt = nextSentAt();
      const sent: SentMail = {
        from,
        to: message.to,
        subject: message.subject,
        html: message.html,
        text: message.text,
        messageId: message.messageId,
        ...(message.headers ? { headers: message.headers } : {}),
        sentAt: sentAt.toISOString(),
      };
      try {
        await writeAtomic(dir, outboxFileName(message.messageId), `${JSON.stringify(sent, null, 2)}\n`, sentAt);
      } catch (err) {
        throw unavailable('mail outbox', err);
      }
      return { messageId: message.messageId };
    },

    async outbox(limit = DEFAULT_OUTBOX_LIMIT): Promise<SentMail[]> {
      ensureOpen();
      const names = (await readdir(dir)).filter((n) => n.endsWith('.json') && !n.startsWith(TEMP_PREFIX));
      // Stat first and read only the newest `limit`: the folder grows with every mail sent.
      // mtime is sentAt (see nextSentAt); a file deleted between readdir and stat is left out.
      const stats = await Promise.all(
        names.map(async (name) => {
          const s = await stat(path.join(dir, name)).catch(() => undefined);
          return s ? { name, mtime: s.mtimeMs } : undefined;
        }),
      );
      const newest = stats
        .filter((s): s is { name: string; mtime: number } => s !== undefined)
        .sort((a, b) => b.mtime - a.mtime || a.name.localeCompare(b.name))
        .slice(0, Math.max(0, limit));
      const mails = await Promise.all(
        newest.map(async ({ name }) => {
          try {
            return JSON.parse(await readFile(path.join(dir, name), 'utf8')) as SentMail;
          } catch {
            return undefined; // removed meanwhile, or a foreign file: not a mail we sent
          }
        }),
      );
      return mails.filter((m): m is SentMail => m !== undefined);
    },

    async ping(): Promise<void> {
      ensureOpen();
      try {
        await access(dir, constants.W_OK);
      } catch (err) {
        throw unavailable('mail outbox', err);
      }
    },

    async close(): Promise<void> {
      closed = true;
    },
  };
}
