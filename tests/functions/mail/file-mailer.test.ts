import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import { fileMailer } from '../../../functions/mail/file-mailer';
import { mailerFor } from '../../../functions/mail/transport';
import type { OutgoingMessage } from '../../../shared/greetings';

const message = (id: string): OutgoingMessage => ({
  from: { name: 'Corner Café', address: 'hello@corner.example' },
  to: 'ann@example.com',
  subject: 'Thank you, Ann',
  text: 'Thanks!\n\n--\nUnsubscribe: http://localhost:8080/unsubscribe?token=v1.x.y\n',
  html: '<p>Thanks!</p>',
  messageId: `<${id}.00ff@corner.example>`,
  date: '2026-03-14T08:00:00.000Z',
  headers: { 'List-Unsubscribe': '<http://localhost:8080/unsubscribe?token=v1.x.y>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
});

describe('file outbox mailer', () => {
  it('writes one .eml per message that a mail reader parses back, and never overwrites one', async () => {
    const dir = path.join(await mkdtemp(path.join(tmpdir(), 'eml-')), 'outbox');
    const mailer = mailerFor('file:outbox', path.dirname(dir));
    expect(await mailer.send(message('O-1'))).toEqual({ ok: true, messageId: '<O-1.00ff@corner.example>' });
    expect(await mailer.send(message('O-2'))).toMatchObject({ ok: true });
    const files = (await readdir(dir)).sort();
    expect(files).toHaveLength(2);
    expect(files.every((f) => f.endsWith('.eml'))).toBe(true);
    const mail = await simpleParser(await readFile(path.join(dir, files[0]!)));
    expect(mail.subject).toBe('Thank you, Ann');
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.value[0]?.address : '').toBe('ann@example.com');
    expect(mail.text).toContain('Unsubscribe: http://localhost:8080/unsubscribe?token=v1.x.y');
    expect(mail.headers.get('list')).toMatchObject({ unsubscribe: { url: 'http://localhost:8080/unsubscribe?token=v1.x.y' } });
    // The same message again is refused as uncertain, and the first file stays as it was.
    const before = await readFile(path.join(dir, files[0]!), 'utf8');
    expect(await fileMailer(dir).send(message('O-1'))).toEqual({ ok: false, fault: 'uncertain', scope: 'message', code: 'already_in_outbox' });
    expect(await readFile(path.join(dir, files[0]!), 'utf8')).toBe(before);
    expect((await readdir(dir)).length).toBe(2);
  });

  it('a folder that cannot be created is a transient transport fault', async () => {
    const base = await mkdtemp(path.join(tmpdir(), 'eml-'));
    await writeFile(path.join(base, 'taken'), 'a file, not a folder');
    expect(await fileMailer(path.join(base, 'taken', 'outbox')).send(message('O-1'))).toMatchObject({ ok: false, fault: 'transient', scope: 'transport' });
  });

  it('rejects an unknown transport', () => {
    expect(() => mailerFor('pigeon://coop', '/')).toThrow(/unknown transport/);
    expect(() => mailerFor('file:', '/')).toThrow(/needs a folder/);
  });
});
