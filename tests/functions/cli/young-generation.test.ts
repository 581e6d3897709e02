// `regulars dedupe` runs again once with a larger young generation (functions/cli/young-generation.ts): when it
// does, and that the built bin then behaves as before (output, errors and exit code passed through).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { respawnArgs, YOUNG_GENERATION_FLAG } from '../../../functions/cli/young-generation';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CLI = path.resolve(HERE, '../../../dist/cli/regulars.mjs');
const FEBRL = path.resolve(HERE, '../../fixtures/dedupe/febrl3-800.csv');

describe('the young generation of regulars dedupe', () => {
  it('re-runs dedupe once with the flag, keeping node options and arguments in order', () => {
    expect(respawnArgs(['dedupe', 'a.csv', '--json'], ['--enable-source-maps'], '/x/regulars.mjs', {})).toEqual(['--enable-source-maps', YOUNG_GENERATION_FLAG, '/x/regulars.mjs', 'dedupe', 'a.csv', '--json']);
  });

  it('leaves other commands, help, a size already chosen and REGULARS_NO_RESPAWN alone', () => {
    expect(respawnArgs(['export', 'a.xlsx'], [], '/x/r.mjs', {})).toBeUndefined();
    expect(respawnArgs(['dedupe', '--help'], [], '/x/r.mjs', {})).toBeUndefined();
    expect(respawnArgs(['dedupe', 'a.csv'], ['--max-semi-space-size=32'], '/x/r.mjs', {})).toBeUndefined();
    expect(respawnArgs(['dedupe', 'a.csv'], [], '/x/r.mjs', { NODE_OPTIONS: '--max-semi-space-size=8' })).toBeUndefined();
    expect(respawnArgs(['dedupe', 'a.csv'], [], '/x/r.mjs', { REGULARS_NO_RESPAWN: '1' })).toBeUndefined();
    expect(respawnArgs([], [], '/x/r.mjs', {})).toBeUndefined();
  });

  it('gives the same clusters, errors and exit codes through the built bin as without the second run', () => {
    const run = (args: string[], env: Record<string, string> = {}) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
    const again = run(['dedupe', FEBRL]);
    const once = run(['dedupe', FEBRL], { REGULARS_NO_RESPAWN: '1' });
    expect(again.status).toBe(0);
    expect(again.stdout.split('\n')[0]).toBe('id,cluster,score');
    expect(again.stdout.trim().split('\n')).toHaveLength(801);
    expect(again.stdout).toBe(once.stdout);
    const wrong = run(['dedupe', FEBRL, '--engine', 'spark']);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(/--engine must be memory, duckdb or bigquery/);
  });
});
