import { link, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { SecretStore } from './secret-store';

/** The git-ignored folder next to a workbook where the CLI and the workbench keep their secrets. */
export function localSecretsFile(workbookPath: string): string {
  return path.join(path.dirname(path.resolve(workbookPath)), '.regulars', 'secrets.json');
}

async function readAll(file: string): Promise<Record<string, string>> {
  try {
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`${file} is not a JSON object`);
    return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
}

/**
 * Secrets in a local JSON file (mode 0600), kept out of the workbook. The folder `.regulars/` is
 * git-ignored; the file is replaced atomically so a crash never leaves half a secret.
 */
export function fileSecretStore(file: string): SecretStore {
  return {
    async get(name) {
      return (await readAll(file))[name];
    },
    async create(name, value) {
      const all = await readAll(file);
      const existing = all[name];
      if (existing !== undefined) return existing;
      await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
      await writeFile(tmp, `${JSON.stringify({ ...all, [name]: value }, null, 2)}\n`, { mode: 0o600 });
      if (Object.keys(all).length > 0) {
        await rename(tmp, file);
        return value;
      }
      // A new file appears only if none exists, so two processes creating the key at once agree on one.
      try {
        await link(tmp, file);
        return value;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        return (await readAll(file))[name] ?? value;
      } finally {
        await unlink(tmp).catch(() => undefined);
      }
    },
  };
}
