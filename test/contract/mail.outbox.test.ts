import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openOutboxMailer, outboxFileName } from '../../adapters/mail/outbox.js';
import type { SentMail } from '../../core/ports/mail.js';
import { mailContract, sampleMessage } from './mail.contract.js';

const FROM = 'Kansrijk <noreply@kansrijk.local>';
const tempDir = (): Promise<string> => mkdtemp(path.join(tmpdir(), 'kansrijk-outbox-'));

/** Read the folder directly rather than through outbox(), so the contract checks what is on disk. */
async function filesIn(dir: string): Promise<SentMail[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.json'));
  return Promise.all(names.map(async (n) => JSON.parse(await readFile(path.join(dir, n), 'utf8')) as SentMail));
}

mailContract('outbox', async () => {
  const dir = await tempDir();
  return {
    mailer: await openOutboxMailer({ dir, from: FROM }),
    received: () => filesIn(dir),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
});

describe('outbox adapter on disk', () => {
  it('writes one file per Message-ID, and a resend overwrites it without leaving temp files', async () => {
    const dir = await tempDir();
    try {
      const mailer = await openOutboxMailer({ dir, from: FROM });
      const message = sampleMessage({ headers: { 'List-Unsubscribe': '<https://kansrijk.example/u/abc>' } });
      await mailer.send(message);
      await mailer.send({ ...message, subject: 'tweede poging' });
      expect(await readdir(dir)).toEqual([outboxFileName(message.messageId)]);
      const [mail] = await filesIn(dir);
      expect(mail).toMatchObject({ from: FROM, subject: 'tweede poging', headers: message.headers });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('names files safely and keeps ids apart that sanitise alike', () => {
    const a = outboxFileName('<a/b..\\c@x>');
    const b = outboxFileName('<a_b.._c@x>');
    expect(a).toMatch(/^[A-Za-z0-9._@-]+\.json$/);
    expect(a.startsWith('.')).toBe(false);
    expect(a).not.toBe(b);
    expect(outboxFileName('<a/b..\\c@x>')).toBe(a);
    expect(outboxFileName(`<${'x'.repeat(1000)}@x>`).length).toBeLessThan(130);
  });

  it('outbox() skips foreign and half-written files, and a resend moves a mail to the front', async () => {
    const dir = await tempDir();
    try {
      const mailer = await openOutboxMailer({ dir, from: FROM });
      const first = sampleMessage();
      const second = sampleMessage();
      await mailer.send(first);
      await mailer.send(second);
      await writeFile(path.join(dir, 'notes.json'), 'not json');
      await writeFile(path.join(dir, '.tmp-123-x.json'), '{');
      await mailer.send(first);
      expect((await mailer.outbox()).map((m) => m.messageId)).toEqual([first.messageId, second.messageId]);
      expect(await mailer.outbox(0)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a mailer opened later on the same folder sees the earlier mails', async () => {
    const dir = path.join(await tempDir(), 'nested', 'outbox');
    try {
      const message = sampleMessage();
      await (await openOutboxMailer({ dir, from: FROM })).send(message);
      const reopened = await openOutboxMailer({ dir, from: FROM });
      expect((await reopened.outbox()).map((m) => m.messageId)).toEqual([message.messageId]);
    } finally {
      await rm(path.dirname(path.dirname(dir)), { recursive: true, force: true });
    }
  });
});
