// `regulars dedupe` runs again once with a larger young generation (functions/cli/young-generation.ts): when it
// does, and that the built bin then behaves as before (output, errors and exit code passed through).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LARGE_INPUT_BYTES, oldSpaceFlag, respawnArgs, YOUNG_GENERATION_FLAG } from '../../../functions/cli/young-generation';
import { generateSaExport, saExportCsv } from '../../../functions/dedupe/generate-sa';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CLI = path.resolve(HERE, '../../../dist/cli/regulars.mjs');
const FEBRL = path.resolve(HERE, '../../fixtures/dedupe/febrl3-800.csv');

/** Sizes of pretend files: a.csv and b.csv large together, small.csv and out.csv small. */
const SIZES: Record<string, number> = { 'a.csv': LARGE_INPUT_BYTES / 2, 'b.csv': LARGE_INPUT_BYTES / 2, 'small.csv': 1000, 'big-out.csv': LARGE_INPUT_BYTES };
const sizeOf = (file: string): number => SIZES[file] ?? 0;
/** A 16 GiB machine: the heap may grow to 12 GiB. */
const MEMORY = 16 * 2 ** 30;

describe('the young generation of regulars dedupe', () => {
  it('re-runs dedupe once with the flag when its input is large, keeping node options and arguments in order', () => {
    expect(respawnArgs(['dedupe', 'a.csv', '--link', 'b.csv', '--json'], ['--enable-source-maps'], '/x/regulars.mjs', {}, sizeOf, MEMORY)).toEqual([
      '--enable-source-maps',
      YOUNG_GENERATION_FLAG,
      '--max-old-space-size=12288',
      '/x/regulars.mjs',
      'dedupe',
      'a.csv',
      '--link',
      'b.csv',
      '--json',
    ]);
  });

  it('leaves a heap size already chosen as it is', () => {
    expect(oldSpaceFlag(MEMORY)).toBe('--max-old-space-size=12288');
    const large = ['dedupe', 'a.csv', '--link', 'b.csv'];
    expect(respawnArgs(large, ['--max-old-space-size=3000'], '/x/r.mjs', {}, sizeOf, MEMORY)).toEqual(['--max-old-space-size=3000', YOUNG_GENERATION_FLAG, '/x/r.mjs', ...large]);
    expect(respawnArgs(large, [], '/x/r.mjs', { NODE_OPTIONS: '--max-old-space-size=3000' }, sizeOf, MEMORY)).toEqual([YOUNG_GENERATION_FLAG, '/x/r.mjs', ...large]);
  });

  it('leaves small input (the output file not counted), other commands, help, a size already chosen and REGULARS_NO_RESPAWN alone', () => {
    expect(respawnArgs(['dedupe', 'a.csv'], [], '/x/r.mjs', {}, sizeOf, MEMORY)).toBeUndefined();
    expect(respawnArgs(['dedupe', 'small.csv', '--out', 'big-out.csv'], [], '/x/r.mjs', {}, sizeOf, MEMORY)).toBeUndefined();
    const large = ['dedupe', 'a.csv', '--link', 'b.csv'];
    expect(respawnArgs(['export', 'a.csv', 'b.csv'], [], '/x/r.mjs', {}, sizeOf, MEMORY)).toBeUndefined();
    expect(respawnArgs([...large, '--help'], [], '/x/r.mjs', {}, sizeOf, MEMORY)).toBeUndefined();
    expect(respawnArgs(large, ['--max-semi-space-size=32'], '/x/r.mjs', {}, sizeOf, MEMORY)).toBeUndefined();
    expect(respawnArgs(large, [], '/x/r.mjs', { NODE_OPTIONS: '--max-semi-space-size=8' }, sizeOf, MEMORY)).toBeUndefined();
    expect(respawnArgs(large, [], '/x/r.mjs', { REGULARS_NO_RESPAWN: '1' }, sizeOf, MEMORY)).toBeUndefined();
    expect(respawnArgs([], [], '/x/r.mjs', {}, sizeOf, MEMORY)).toBeUndefined();
  });

  it('gives the same clusters, errors and exit codes through the built bin as without the second run', () => {
    // A generated export just over the size that makes dedupe run again.
    const dir = mkdtempSync(path.join(tmpdir(), 'regulars-young-'));
    const big = path.join(dir, 'export.csv');
    writeFileSync(big, saExportCsv(generateSaExport({ people: 75_000, seed: 5 })));
    expect(statSync(big).size).toBeGreaterThan(LARGE_INPUT_BYTES);
    const run = (args: string[], env: Record<string, string> = {}) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20, env: { ...process.env, ...env } });
    const again = run(['dedupe', big, '--country', 'ZA']);
    const once = run(['dedupe', big, '--country', 'ZA'], { REGULARS_NO_RESPAWN: '1' });
    expect(again.status).toBe(0);
    expect(again.stdout.split('\n')[0]).toBe('id,cluster,score');
    expect(again.stdout).toBe(once.stdout);
    const wrong = run(['dedupe', big, '--engine', 'spark']);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(/--engine must be memory, duckdb or bigquery/);
    const small = run(['dedupe', FEBRL]);
    expect(small.status).toBe(0);
    expect(small.stdout.trim().split('\n')).toHaveLength(801);
  }, 60_000);
});
