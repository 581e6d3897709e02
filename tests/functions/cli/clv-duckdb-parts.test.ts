// `regulars clv fit --engine duckdb` on a log large enough to be totalled in parts split by customer
// (functions/sql/duckdb-customer-totals.ts): it says so, and fits what the in-memory engine fits.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cdnowSampleRows } from '../../shared/clv/cdnow';
import { cli } from './run-cli';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'clv-parts-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('regulars clv fit --engine duckdb on a log totalled in parts', () => {
  it('says so and fits what the in-memory engine fits', async () => {
    // The CDNOW sample 90 times over (ids told apart): about 620,000 rows, in parts of 250,000 under 64 MB.
    const sample = cdnowSampleRows();
    const lines: string[] = ['customer_id,date,amount'];
    for (let copy = 0; copy < 90; copy++) for (const [id, date, amount] of sample) lines.push(`${copy}-${id},${date},${amount}`);
    await writeFile(path.join(dir, 'big.csv'), `${lines.join('\n')}\n`);
    const memory = await cli(['clv', 'fit', 'big.csv', '--end', '1997-09-30', '--json'], dir);
    const duck = await cli(['clv', 'fit', 'big.csv', '--end', '1997-09-30', '--json', '--engine', 'duckdb', '--memory-limit', '64MB'], dir);
    expect(memory.code, memory.stderr).toBe(0);
    expect(duck.code, duck.stderr).toBe(0);
    expect(duck.stderr).toMatch(/in 3 parts by customer/);
    const a = JSON.parse(memory.stdout) as { customers: number; params: Record<string, number>; spend: Record<string, number> };
    const b = JSON.parse(duck.stdout) as typeof a;
    expect(b.customers).toBe(a.customers);
    for (const [k, v] of Object.entries({ ...a.params, ...a.spend })) expect(Math.abs(({ ...b.params, ...b.spend })[k]! / v - 1), k).toBeLessThan(1e-6);
  }, 60_000);
});
