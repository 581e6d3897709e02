// `regulars dedupe --engine duckdb` end to end: the same id,cluster,score lines as the in-memory engine on FEBRL 3
// and when linking FEBRL 4a with 4b, the engine and its SQL/fallback fields in --json, a progress bar on a terminal,
// and clear refusals of bad engine flags.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { febrlEntity, pairScores } from '../../../functions/dedupe/evaluate';
import { cli } from './run-cli';

const FIXTURES = path.resolve(__dirname, '../../fixtures/dedupe');

/** The CSV's rows as [id, cluster, score]. */
const rows = (csv: string): string[][] =>
  csv
    .trimEnd()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dedupe-duckdb-cli-'));
});

describe('regulars dedupe --engine duckdb', { timeout: 120_000 }, () => {
  it('writes the in-memory engine\'s lines for FEBRL 3 and says in --json how it ran', async () => {
    const file = path.join(FIXTURES, 'febrl3-800.csv');
    const memory = await cli(['dedupe', file], dir);
    const out = path.join(dir, 'duck.csv');
    const duck = await cli(['dedupe', file, '--engine', 'duckdb', '--memory-limit', '512MB', '--out', out, '--json'], dir);
    expect(memory.code).toBe(0);
    expect(duck.code).toBe(0);
    const csv = await readFile(out, 'utf8');
    expect(csv.split('\n')[0]).toBe('id,cluster,score');
    const [m, d] = [rows(memory.stdout), rows(csv)];
    expect(d).toHaveLength(800);
    expect(d.map((r) => r[0])).toEqual(m.map((r) => r[0]));
    // Near-identical: the clusters' pairwise F1 against the truth within 0.005, and nearly every line the same.
    const f1 = (x: string[][]): number => pairScores(x.map((r) => r[1] as string), x.map((r) => febrlEntity(r[0] as string))).f1;
    expect(Math.abs(f1(d) - f1(m))).toBeLessThanOrEqual(0.005);
    expect(d.filter((r, k) => r.join(',') === m[k]!.join(',')).length).toBeGreaterThanOrEqual(790);
    const summary = JSON.parse(duck.stdout) as Record<string, unknown>;
    expect(summary.engine).toBe('duckdb');
    expect(summary.records).toBe(800);
    const fields = summary.fields as string[];
    expect([...(summary.sqlFields as string[]), ...(summary.fallbackFields as string[])].sort()).toEqual([...fields].sort());
    expect(Object.keys(summary.phaseSeconds as object)).toEqual(['prepare', 'block', 'compare', 'learn', 'score', 'cluster']);
    const plain = JSON.parse((await cli(['dedupe', file, '--json'], dir)).stdout) as Record<string, unknown>;
    expect(plain.engine).toBe('memory');
    expect(plain.sqlFields).toBeUndefined();
  });

  it('links two files as the in-memory engine does', async () => {
    const args = ['dedupe', path.join(FIXTURES, 'febrl4a-300.csv'), '--link', path.join(FIXTURES, 'febrl4b-300.csv')];
    const memory = await cli(args, dir);
    const duck = await cli([...args, '--engine=duckdb'], dir);
    expect(duck.code).toBe(0);
    const [m, d] = [rows(memory.stdout), rows(duck.stdout)];
    expect(d).toHaveLength(600);
    const f1 = (x: string[][]): number => pairScores(x.map((r) => r[1] as string), x.map((r) => febrlEntity(r[0] as string)), Uint8Array.from(x, (_, k) => (k < 300 ? 0 : 1))).f1;
    expect(f1(m)).toBeGreaterThan(0.9);
    expect(Math.abs(f1(d) - f1(m))).toBeLessThanOrEqual(0.005);
  });

  it('draws a progress bar through the phases on a terminal and clears it', async () => {
    const r = await cli(['dedupe', path.join(FIXTURES, 'febrl4a-300.csv'), '--engine', 'duckdb', '--out', path.join(dir, 'tty.csv')], dir, { isTTY: true });
    expect(r.code).toBe(0);
    for (const phase of ['normalise', 'block', 'compare', 'learn', 'score', 'cluster', 'done']) expect(r.stderr).toContain(phase);
    expect(r.stderr).toContain('####################');
  });

  it('refuses an unknown engine, a malformed memory limit and a memory limit without DuckDB, with exit 2', async () => {
    const file = path.join(FIXTURES, 'febrl4a-300.csv');
    const bad = await cli(['dedupe', file, '--engine', 'spark'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--engine must be memory, duckdb or bigquery, got "spark"');
    const size = await cli(['dedupe', file, '--engine', 'duckdb', '--memory-limit', 'lots'], dir);
    expect(size.code).toBe(2);
    expect(size.stderr).toContain('--memory-limit must be a size such as 2GB or 512MB, got "lots"');
    const alone = await cli(['dedupe', file, '--memory-limit', '2GB'], dir);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain('--memory-limit goes with --engine duckdb');
    const help = await cli(['dedupe', '--help'], dir);
    expect(help.stdout).toContain('--engine ENGINE');
    expect(help.stdout).toContain('--memory-limit SIZE');
  });
});
