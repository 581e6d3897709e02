import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CliIO } from '../../../functions/cli/command';
import { main } from '../../../functions/cli/main';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/clv');

async function cli(args: string[], cwd = fixtures): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), isTTY: false, cwd, env: {} };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

describe('regulars clv fit', () => {
  it('prints the DESIGN §4 JSON for BG/NBD and Gamma-Gamma fitted on the raw CDNOW sample log', async () => {
    const { code, stdout, stderr } = await cli(['clv', 'fit', 'CDNOW_sample.txt', '--end', '1997-09-30', '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['model', 'params', 'logLikelihood', 'customers', 'spend']);
    expect(out.model).toBe('bgnbd');
    expect(out.customers).toBe(2357);
    const params = out.params as Record<string, number>;
    expect(Object.keys(params)).toEqual(['r', 'alpha', 'a', 'b']);
    // Fader, Hardie & Lee (2005): r = 0.2426, α = 4.4136, a = 0.7929, b = 2.4259, LL = −9582.43.
    expect(rel(params.r!, 0.2426)).toBeLessThan(0.002);
    expect(rel(params.alpha!, 4.4136)).toBeLessThan(0.002);
    expect(rel(params.a!, 0.7929)).toBeLessThan(0.002);
    expect(rel(params.b!, 2.4259)).toBeLessThan(0.002);
    expect(Math.abs((out.logLikelihood as number) - -9582.43)).toBeLessThan(0.05);
    const spend = out.spend as Record<string, number>;
    expect(Object.keys(spend)).toEqual(['p', 'q', 'gamma', 'logLikelihood']);
    expect(Math.abs(spend.logLikelihood! - -4055.92)).toBeLessThan(0.05);
  });

  it('fits Pareto/NBD with params {r, alpha, s, beta}', async () => {
    const { code, stdout } = await cli(['clv', 'fit', 'CDNOW_sample.txt', '--end=1997-09-30', '--model', 'pareto', '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as { model: string; params: Record<string, number>; logLikelihood: number };
    expect(out.model).toBe('pareto');
    expect(Object.keys(out.params)).toEqual(['r', 'alpha', 's', 'beta']);
    expect(rel(out.params.s!, 0.6063)).toBeLessThan(0.002);
    expect(Math.abs(out.logLikelihood - -9594.98)).toBeLessThan(0.05);
  });

  it('measures time in days with --unit day: α and γ-free shapes rescale exactly (α_day = 7 α_week)', async () => {
    const week = JSON.parse((await cli(['clv', 'fit', 'CDNOW_sample.txt', '--end', '1997-09-30', '--json'])).stdout) as { params: Record<string, number> };
    const day = JSON.parse((await cli(['clv', 'fit', 'CDNOW_sample.txt', '--end', '1997-09-30', '--unit', 'day', '--json'])).stdout) as { params: Record<string, number> };
    expect(rel(day.params.alpha!, 7 * week.params.alpha!)).toBeLessThan(1e-5);
    for (const k of ['r', 'a', 'b']) expect(rel(day.params[k]!, week.params[k]!)).toBeLessThan(1e-5);
  });

  it('reads a ready-made summary (x, t_x, T, zbar) and prints a readable report without --json', async () => {
    const { code, stdout } = await cli(['clv', 'fit', 'cdnow_customers_summary_with_transactions.csv']);
    expect(code).toBe(0);
    expect(stdout).toContain('BG/NBD on 2357 customers');
    expect(stdout).toContain('r = 0.2426  alpha = 4.4135  a = 0.7929  b = 2.4258');
    expect(stdout).toContain('Gamma-Gamma on 946 repeat buyers');
    expect(stdout).toMatch(/p = 6\.2\d+ {2}q = 3\.7\d+ {2}gamma = 15\.4\d+/);
  });

  it('explains bad input with exit code 2', async () => {
    const cases: [string[], RegExp][] = [
      [['clv', 'fit', 'CDNOW_sample.txt', '--bogus'], /unknown option --bogus/],
      [['clv', 'fit', 'CDNOW_sample.txt', '--end', '30/09/1997'], /--end must be a date as YYYY-MM-DD, got "30\/09\/1997"/],
      [['clv', 'fit', 'CDNOW_sample.txt', '--model', 'nbd'], /--model must be one of bgnbd, mbgnbd, pareto, got "nbd"/],
      [['clv', 'fit', 'CDNOW_sample.txt', '--unit', 'month'], /--unit must be week or day/],
      [['clv', 'fit', 'missing.csv'], /cannot read missing.csv/],
      [['clv', 'fit'], /give exactly one FILE/],
      [['clv', 'fit', 'CDNOW_sample.txt', '--end', '1997-01-02'], /cannot fit: need at least/],
      [['clv', 'score', 'CDNOW_sample.txt'], /score needs --end YYYY-MM-DD/],
      [['clv', 'score', 'CDNOW_sample.txt', '--end', '1997-09-30', '--horizon', '-3'], /--horizon must be a number of weeks above 0/],
      [['clv', 'predict'], /unknown subcommand "predict"/],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await cli(args);
      expect(code, args.join(' ')).toBe(2);
      expect(stderr).toMatch(message);
      expect(stderr).toMatch(/^regulars clv: /);
    }
  });

  it('names the line of a malformed purchase', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'clv-cli-'));
    await writeFile(path.join(dir, 'bad.csv'), 'customer_id,date,amount\nA,2024-01-02,10\nB,2024-13-01,5\n');
    const { code, stderr } = await cli(['clv', 'fit', 'bad.csv'], dir);
    expect(code).toBe(2);
    expect(stderr).toContain('bad.csv: line 3: the date is not YYYY-MM-DD or YYYYMMDD');
  });

  it('prints help with exit 0', async () => {
    const { code, stdout } = await cli(['clv', 'fit', '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('regulars clv fit FILE [--end YYYY-MM-DD] [--unit week|day] [--model bgnbd|mbgnbd|pareto] [--json]');
  });
});

describe('regulars clv score', () => {
  it('writes one row per customer with P(alive), expected purchases and spend, and CLV', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'clv-cli-'));
    const out = path.join(dir, 'scores.csv');
    const { code, stderr } = await cli(['clv', 'score', 'CDNOW_sample.txt', '--end', '1997-09-30', '--horizon', '39', '--discount', '0', '--out', out]);
    expect(code).toBe(0);
    expect(stderr).toContain('scored 2357 customers');
    const lines = (await readFile(out, 'utf8')).trim().split('\n');
    expect(lines[0]).toBe('customer_id,frequency,recency,T,p_alive,expected_purchases,expected_spend,clv');
    expect(lines).toHaveLength(2358);
    // Master id 00004 is sample customer 1, FHL 2005's example (x = 2, t_x = 30.43, T = 38.86): 1.226 in 39 weeks.
    const row = lines.find((l) => l.startsWith('00004,'))!.split(',').map(Number);
    expect(row[1]).toBe(2);
    expect(row[5]).toBeCloseTo(1.226, 2);
    expect(row[4]).toBeCloseTo(0.7266, 2);
    // Without discounting, CLV is expected purchases times expected spend.
    expect(row[7]).toBeCloseTo(row[5]! * row[6]!, 3);
    for (const line of lines.slice(1)) expect(line.split(',').slice(1).every((v) => Number.isFinite(Number(v)))).toBe(true);
  });

  it('discounts: a positive rate lowers every CLV', async () => {
    const plain = await cli(['clv', 'score', 'cdnow_customers_summary_with_transactions.csv', '--discount', '0']);
    const discounted = await cli(['clv', 'score', 'cdnow_customers_summary_with_transactions.csv', '--discount', '0.5']);
    const clv = (text: string): number[] => text.trim().split('\n').slice(1).map((l) => Number(l.split(',')[7]));
    const a = clv(plain.stdout);
    const b = clv(discounted.stdout);
    expect(a).toHaveLength(2357);
    a.forEach((v, i) => expect(b[i]!).toBeLessThanOrEqual(v));
    expect(b.reduce((s, v) => s + v, 0)).toBeLessThan(0.9 * a.reduce((s, v) => s + v, 0));
  });
});
