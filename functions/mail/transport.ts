import { statSync } from 'node:fs';
import path from 'node:path';
import type { Mailer } from '../../shared/greetings';
import { fileMailer } from './file-mailer';
import { smtpMailer } from './smtp-mailer';

/** A mailer from a transport spec: `file:DIR` (relative to cwd) or `smtp://HOST:PORT` / `smtps://…`. */
export function mailerFor(spec: string, cwd: string): Mailer {
  if (spec.startsWith('file:')) {
    const dir = spec.slice('file:'.length);
    if (dir.trim() === '') throw new Error('file: needs a folder, as in file:outbox');
    const folder = path.resolve(cwd, dir);
    // Checked here, once, so the sender does not meet it as "file_eexist" on every message.
    const kind = statSync(folder, { throwIfNoEntry: false });
    if (kind && !kind.isDirectory()) throw new Error(`file:${dir} names a file, not a folder: give a folder for the .eml files, as in file:outbox`);
    return fileMailer(folder);
  }
  if (/^smtps?:\/\//i.test(spec)) return smtpMailer(spec);
  throw new Error(`unknown transport "${spec}": use file:DIR or smtp://HOST:PORT`);
}
