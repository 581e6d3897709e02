import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const made: string[] = [];

/** A fresh temporary folder; removeTempDirs() (in the test file's afterAll) deletes it. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `regulars-${prefix}-`));
  made.push(dir);
  return dir;
}

/** Deletes every folder tempDir() made in this test file. */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Runs the real build (scripts/build.mjs) for these targets with its output in `dist` instead of ./dist. */
export function buildInto(dist: string, targets: readonly string[], env: Readonly<Record<string, string>> = {}): string {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs'), ...targets], {
    cwd: ROOT,
    env: { ...process.env, ...env, REGULARS_DIST: dist },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return dist;
}

/**
 * Builds into a fresh temporary dist folder, so tests check exactly what ships without racing anything that
 * reads dist/ while they run. Returns that folder.
 */
export function buildToTemp(targets: readonly string[], env: Readonly<Record<string, string>> = {}): string {
  return buildInto(tempDir('dist'), targets, env);
}
