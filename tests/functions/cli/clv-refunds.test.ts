// `regulars clv` on logs with refunds: netted per customer and day before anything is summarised, so a log with
// refunds fits exactly as the same log netted by hand; a day that nets below zero is refused with exit 2.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { cdnowSampleRows } from '../../shared/clv/cdnow';
import { cli } from './run-cli';

let dir = '';
let rows: [string, string, string][] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'clv-refunds-'));
  rows = cdnowSampleRows();
  await writeFile(path.join(dir, 'base.csv'), `customer_id,date,amount\n${rows.map((r) => r.join(',')).join('\n')}\n`);
});

describe('regulars clv with refunds', () => {
  it('nets refunds per customer and day: the fit equals the fit of the log netted by hand', async () => {
    const withRefunds: string[] = [];
    rows.forEach(([id, date, amount], i) => {
      if (i % 10 === 0) {
        // The purchase was 5.00 more, and 5.00 came back the same day.
        withRefunds.push(`${id},${date},${(Number(amount) + 5).toFixed(2)}`, `${id},${date},-5.00`);
      } else withRefunds.push(`${id},${date},${amount}`);
      // Every 50th customer row gains a day whose purchase was returned whole: no purchase at all.
      if (i % 50 === 0) withRefunds.push(`${id},1997-06-15,12.50`, `${id},1997-06-15,-12.50`);
    });
    await writeFile(path.join(dir, 'refunds.csv'), `customer_id,date,amount\n${withRefunds.join('\n')}\n`);
    const base = await cli(['clv', 'fit', 'base.csv', '--end', '1997-09-30', '--json'], dir);
    const netted = await cli(['clv', 'fit', 'refunds.csv', '--end', '1997-09-30', '--json'], dir);
    expect(base.code).toBe(0);
    expect(netted.stderr).toBe('');
    expect(netted.code).toBe(0);
    const a = JSON.parse(base.stdout) as { customers: number; logLikelihood: number; spend: { logLikelihood: number } };
    const b = JSON.parse(netted.stdout) as typeof a;
    expect(b.customers).toBe(a.customers);
    expect(b.logLikelihood).toBeCloseTo(a.logLikelihood, 6);
    expect(b.spend.logLikelihood).toBeCloseTo(a.spend.logLikelihood, 6);
  });

  it('refuses a day whose refunds exceed its purchases, naming the customer and date, with exit 2', async () => {
    await writeFile(path.join(dir, 'negative.csv'), `customer_id,date,amount\n${rows.map((r) => r.join(',')).join('\n')}\nC-77,1997-05-01,20.00\nC-77,1997-05-01,-35.50\n`);
    for (const sub of [['fit'], ['score', '--end', '1997-09-30']]) {
      const r = await cli(['clv', ...sub, 'negative.csv'], dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('customer C-77 on 1997-05-01: refunds exceed purchases by 15.50');
      expect(r.stdout).toBe('');
    }
  });

  it('guards ids in the scores CSV like sheet cells: a leading apostrophe before = + - @ (tabs are trimmed on reading)', async () => {
    const hostile = ['=HYPERLINK("http://evil.example","x")', "=cmd|' /C calc'!A0", '+27 82', '-1', '@SUM(A1)'];
    const renamed = new Map<string, string>();
    const lines = rows.map(([id, date, amount]) => {
      if (!renamed.has(id) && renamed.size < hostile.length) renamed.set(id, hostile[renamed.size]!);
      const name = renamed.get(id) ?? id;
      return `"${name.replace(/"/g, '""')}",${date},${amount}`;
    });
    await writeFile(path.join(dir, 'hostile.csv'), `customer_id,date,amount\n${lines.join('\n')}\n`);
    const r = await cli(['clv', 'score', 'hostile.csv', '--end', '1997-09-30', '--out', 'scores.csv'], dir);
    expect(r.code).toBe(0);
    const scored = parse<{ customer_id: string }>(await readFile(path.join(dir, 'scores.csv'), 'utf8'), { columns: true });
    const ids = new Set(scored.map((s) => s.customer_id));
    for (const h of hostile) expect(ids.has(`'${h}`), h).toBe(true);
    expect([...ids].filter((id) => /^[=+\-@\t\r]/.test(id))).toEqual([]);
  });
});
