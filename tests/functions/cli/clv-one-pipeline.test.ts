import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CliIO } from '../../../functions/cli/command';
import { main } from '../../../functions/cli/main';
import { handleClv } from '../../../functions/http/clv';
import { CLV_YEAR_DAYS, fitAndScore, scoreCustomerColumns } from '../../../shared/clv';
import { dayNumber } from '../../../shared/kernel';

// One CLV pipeline: the CLI, the HTTP function and the sheet's scoring give every customer the same CLV for the
// same log (12 months = CLV_YEAR_DAYS everywhere), each only rounding its output its own way.

const fixture = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/clv/CDNOW_sample.txt');

/** The CDNOW sample's purchases with ISO dates (its second column, the sample id, as the customer). */
function purchases(): { customer_id: string; date: string; amount: number }[] {
  return readFileSync(fixture, 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const [, id, ymd, , dollars] = line.trim().split(/\s+/) as [string, string, string, string, string];
      return { customer_id: String(Number(id)), date: `${ymd.slice(0, 4)}-${ymd.slice(4, 6)}-${ymd.slice(6, 8)}`, amount: Number(dollars) };
    });
}

async function cliScores(log: ReturnType<typeof purchases>, end: string): Promise<Map<string, number>> {
  const dir = await mkdtemp(path.join(tmpdir(), 'clv-one-'));
  await writeFile(path.join(dir, 'log.csv'), ['customer_id,date,amount', ...log.map((p) => `${p.customer_id},${p.date},${p.amount}`)].join('\n') + '\n');
  let stderr = '';
  const io: CliIO = { stdout: () => undefined, stderr: (t) => void (stderr += t), isTTY: false, cwd: dir, env: {} };
  const code = await main(['clv', 'score', 'log.csv', '--end', end, '--out', 'scores.csv'], io);
  expect(stderr).toContain('scored 2357 customers');
  expect(code).toBe(0);
  const [header, ...rows] = (await readFile(path.join(dir, 'scores.csv'), 'utf8')).trim().split('\n');
  const at = header!.split(',').indexOf('clv');
  return new Map(rows.map((r) => [r.split(',')[0]!, Number(r.split(',')[at])]));
}

describe('one CLV pipeline for the CLI, the function and the sheet', () => {
  it('gives the same clv per customer for the same log (margin 1, 10% a year, 12 months)', async () => {
    const log = purchases();
    const end = '1997-09-30';
    const cli = await cliScores(log, end);
    const response = await handleClv({ body: { purchases: log, end, discountRate: 0.1 }, query: {}, caller: { kind: 'addon', email: 'owner@shop.example' }, deadlineMs: 60_000 });
    expect(response.status).toBe(200);
    const body = response.body as { horizon: number; scores: { customer_id: string; clv: number }[] };
    expect(body.horizon).toBeCloseTo(CLV_YEAR_DAYS / 7, 12);
    const sheet = scoreCustomerColumns(log, { today: end, margin: 1, discountRate: 0.1 }).columns;
    expect(body.scores).toHaveLength(2357);
    expect(cli.size).toBe(2357);
    expect(sheet.size).toBe(2357);
    for (const { customer_id: id, clv } of body.scores) {
      // The function and the CLI round to 1e-6, the sheet to cents.
      expect(Math.abs(cli.get(id)! - clv)).toBeLessThanOrEqual(2e-6);
      expect(Math.abs(sheet.get(id)!.clv_12m - clv)).toBeLessThanOrEqual(0.005 + 1e-6);
    }

    // The comparison can tell horizons apart: 364 days (the function's old "52 weeks") moves customers by more
    // than a cent, so any adapter with its own "12 months" would fail the loop above.
    const source = { kind: 'log' as const, log: { customer: log.map((p) => p.customer_id), day: log.map((p) => dayNumber(p.date)!), amount: log.map((p) => p.amount) }, end: dayNumber(end)!, hasAmounts: true };
    const year = fitAndScore(source, { discountRate: 0.1 }).scores!.clv;
    const weeks52 = fitAndScore(source, { discountRate: 0.1, horizonDays: 364 }).scores!.clv;
    let moved = 0;
    for (let i = 0; i < year.length; i++) if (Math.abs(year[i]! - weeks52[i]!) > 0.01) moved++;
    expect(moved).toBeGreaterThan(100);
  });
});
