import { link, mkdir, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildMime, stableHash, type Mailer, type OutgoingMessage, type SendResult } from '../../shared/greetings';

/** The .eml file name of a message: derived from its Message-ID, so one message is one file. */
export function emlName(message: OutgoingMessage): string {
  const local = message.messageId.replace(/^<|>$/g, '').replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80);
  return `${local}-${stableHash(message.messageId).slice(0, 8)}.eml`;
}

/**
 * The local default transport: each message is written as an .eml file (the exact MIME bytes an SMTP
 * server would receive) into `dir`. The file appears atomically (written aside, then linked in under its
 * final name, which fails if it exists), so a half-written message is never mistaken for a sent one.
 */
export function fileMailer(dir: string): Mailer {
  let ready: Promise<unknown> | undefined;
  return {
    name: `file:${dir}`,
    async send(message): Promise<SendResult> {
      const target = path.join(dir, emlName(message));
      const tmp = path.join(dir, `.${emlName(message)}.${process.pid}.tmp`);
      try {
        ready ??= mkdir(dir, { recursive: true });
        await ready;
        await writeFile(tmp, buildMime(message));
      } catch (error) {
        ready = undefined;
        return { ok: false, fault: 'transient', scope: 'transport', code: `file_${(error as NodeJS.ErrnoException).code ?? 'error'}`.toLowerCase() };
      }
      try {
        await link(tmp, target);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        await unlink(tmp).catch(() => undefined);
        // An existing file means this message was written before: never write it twice.
        if (code === 'EEXIST') return { ok: false, fault: 'uncertain', scope: 'message', code: 'already_in_outbox' };
        return { ok: false, fault: 'transient', scope: 'transport', code: `file_${code ?? 'error'}`.toLowerCase() };
      }
      await unlink(tmp).catch(() => undefined);
      return { ok: true, messageId: message.messageId };
    },
  };
}
