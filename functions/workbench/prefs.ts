import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Per-user preferences of the workbench (the test address of "Send a test"), a JSON file kept out of the sheet. */
export function localPrefs(file: string): { get(key: string): string | undefined; set(key: string, value: string): void } {
  const readAll = (): Record<string, string> => {
    try {
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
      return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, string>) : {};
    } catch {
      // No file yet (or one a person broke): nothing remembered.
      return {};
    }
  };
  return {
    get: (key) => {
      const value = readAll()[key];
      return typeof value === 'string' ? value : undefined;
    },
    set(key, value) {
      const all = { ...readAll(), [key]: value };
      mkdirSync(path.dirname(file), { recursive: true });
      // Written beside and renamed, so a crash never leaves half a file.
      writeFileSync(`${file}.tmp`, `${JSON.stringify(all, null, 2)}\n`);
      renameSync(`${file}.tmp`, file);
    },
  };
}

/** Where the workbench keeps its preferences: .regulars/prefs.json next to the workbook (git-ignored). */
export function localPrefsFile(workbookPath: string): string {
  return path.join(path.dirname(path.resolve(workbookPath)), '.regulars', 'prefs.json');
}
