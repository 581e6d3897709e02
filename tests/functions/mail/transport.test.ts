import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mailerFor } from '../../../functions/mail/transport';

describe('mailerFor', () => {
  it('refuses file: naming a regular file with a message that says so', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'transport-'));
    await writeFile(path.join(dir, 'notes.txt'), 'x');
    expect(() => mailerFor('file:notes.txt', dir)).toThrow('file:notes.txt names a file, not a folder: give a folder for the .eml files, as in file:outbox');
    expect(mailerFor('file:outbox', dir).name).toBe(`file:${path.join(dir, 'outbox')}`);
  });
});
