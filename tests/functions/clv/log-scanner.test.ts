// The WebAssembly scanner gives, bit for bit, what the TypeScript readers give (parseClvInput → summarise →
// compress, and the spend pairs), on simulated logs and on every shape of file it accepts; on anything it leaves
// to them (quotes, refunds, a log out of order, odd dates and amounts, text that is not UTF-8) it answers undefined.
// The built CLI gives the same `clv fit` with the scanner and without it.
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compress, parseClvInput, summarise, type LogScanExports, type TimeUnit } from '../../../shared/clv';
import { isoFromDay } from '../../../shared/kernel';
import { instantiate, scanLogFile, SCANNER_FILE } from '../../../functions/clv';
import { compileScanner } from '../../../scripts/scan-log-wasm.mjs';
import { SIM_START_DAY, simulateBg } from '../../shared/clv/simulate';
import { removeTempDirs, ROOT, tempDir } from '../../build/build-to-temp';

const DIST_CLI = path.join(ROOT, 'dist/cli');

let scanner: LogScanExports;
beforeAll(async () => {
  scanner = instantiate(await compileScanner());
}, 120_000);
afterAll(removeTempDirs);

/** What the TypeScript path fits: the compressed rows and the spend pairs, from the same text. */
function typescriptPath(text: string, end: number | undefined, unit: TimeUnit) {
  const input = parseClvInput(text);
  if (input.kind !== 'transactions') throw new Error('not a purchase log');
  const summary = summarise(input.log, end ?? input.lastDay, unit);
  return { data: compress(summary.x, summary.tx, summary.T), spend: input.hasAmounts ? { x: summary.x, mean: summary.monetary } : undefined, end: end ?? input.lastDay };
}

function expectSame(text: string, end: number | undefined, unit: TimeUnit = 'week'): void {
  const scanned = scanLogFile(scanner, Buffer.from(text, 'utf8'), { end, unit });
  expect(scanned, 'the scanner read it').toBeDefined();
  const reference = typescriptPath(text, end, unit);
  expect(scanned!.end).toBe(reference.end);
  // toEqual on typed arrays compares every element with Object.is: the same doubles, not merely close ones.
  expect(scanned!.data).toEqual(reference.data);
  expect(scanned!.spend).toEqual(reference.spend);
}

const scanText = (text: string, end?: number): unknown => scanLogFile(scanner, Buffer.from(text, 'utf8'), { end, unit: 'week' });

function simulatedLog(customers: number, seed: number): { text: string; lastDay: number } {
  const log = simulateBg({ r: 0.25, alpha: 4, a: 0.8, b: 2.5 }, { customers, seed, acquisitionWeeks: 12, endWeek: 39, spend: { p: 6, q: 4, gamma: 15 } });
  const lines = log.customer.map((c, i) => `${c},${isoFromDay(log.day[i]!)},${log.amount[i]!}`);
  return { text: `customer_id,date,amount\n${lines.join('\n')}\n`, lastDay: SIM_START_DAY + 39 * 7 };
}

describe('the WebAssembly purchase-log scanner', () => {
  it('matches the TypeScript readers on simulated logs, with and without an end, in weeks and in days', () => {
    const { text, lastDay } = simulatedLog(3_000, 5);
    expectSame(text, lastDay);
    expectSame(text, lastDay - 60);
    expectSame(text, undefined);
    expectSame(text, lastDay, 'day');
    expectSame(simulatedLog(500, 9).text, undefined, 'day');
  });

  it('matches on every layout it accepts: other column orders and delimiters, CRLF, no final line break, no amount, no header, times, UTF-8 ids', () => {
    const rows = [
      ['Zoë1', '2024-01-03', '10'],
      ['Zoë1', '2024-01-03', '2.5'],
      ['Zoë1', '2024-02-10', '7.25'],
      ['B-2', '2024-01-05', '100.10'],
      ['C3', '2024-03-01', '0'],
      ['C3', '2024-03-09', '12.000'],
    ];
    expectSame(`customer_id,date,amount\n${rows.map((r) => r.join(',')).join('\n')}\n`, undefined);
    expectSame(`customer_id,date,amount\r\n${rows.map((r) => r.join(',')).join('\r\n')}`, undefined);
    expectSame(`amount;note;date;customer\n${rows.map((r) => `${r[2]};x;${r[1]};${r[0]}`).join('\n')}\n`, undefined);
    expectSame(`customer\tdate\n${rows.map((r) => `${r[0]}\t${r[1]}`).join('\n')}\n`, undefined);
    // No header (CDNOW's layout): numeric ids, YYYYMMDD dates.
    expectSame(`${rows.map((r) => `${r[0]!.length * 7},${r[1]!.replace(/-/g, '')},${r[2]}`).join('\n')}\n`, undefined);
    expectSame(`customer_id,date,amount\n${rows.map((r) => `${r[0]},${r[1]} 10:00:00,${r[2]}`).join('\n')}\n`, Math.floor(Date.UTC(2024, 1, 15) / 86_400_000));
  });

  it('leaves every case the TypeScript readers decide to them', () => {
    const header = 'customer_id,date,amount\n';
    expect(scanText(`${header}"A",2024-01-01,1\n`)).toBeUndefined();
    expect(scanText(`${header}A,2024-01-01,-1\nA,2024-01-01,3\n`)).toBeUndefined();
    expect(scanText(`${header}A,2024-01-01,1\nB,2024-01-02,1\nA,2024-01-03,1\n`)).toBeUndefined();
    expect(scanText(`${header}A,2024-01-05,1\nA,2024-01-03,1\n`)).toBeUndefined();
    expect(scanText(`${header}A,2024-02-30,1\n`)).toBeUndefined();
    expect(scanText(`${header}A,2024-01-01,1e3\n`)).toBeUndefined();
    expect(scanText(`${header}A,2024-01-01\n`)).toBeUndefined();
    expect(scanText(`${header}A,2024-01-01,1\n\nB,2024-01-02,1\n`)).toBeUndefined();
    expect(scanText(`\n${header}A,2024-01-01,1\n`)).toBeUndefined();
    expect(scanText(`${header} A,2024-01-01,1\n`)).toBeUndefined();
    expect(scanText(`frequency,recency,T\n1,2,3\n`)).toBeUndefined();
    expect(scanText(`${header}A,2024-01-01,1\n`, Math.floor(Date.UTC(2023, 0, 1) / 86_400_000))).toBeUndefined();
    const latin1 = Buffer.concat([Buffer.from(`${header}Zo`), Buffer.from([0xeb]), Buffer.from(',2024-01-01,1\n')]);
    expect(scanLogFile(scanner, latin1, { unit: 'week' })).toBeUndefined();
    // Each of these is also refused or read by the TypeScript path on its own terms (not the scanner's business).
    expect(() => parseClvInput(`${header}A,2024-02-30,1\n`)).toThrow(/line 2/);
  });

  it('on random files, either reads exactly what the TypeScript readers read or leaves the file to them', () => {
    // Mostly good values, now and then one the scanner must leave to the TypeScript readers.
    const mostly = (good: string[], bad: string[]) => fc.oneof({ arbitrary: fc.constantFrom(...good), weight: 40 }, { arbitrary: fc.constantFrom(...bad), weight: 1 });
    const id = mostly(['A', 'B7', 'Zoë1', 'c-9'], [' D', 'E ', '"F"', '']);
    const date = mostly(['2024-01-03', '2024-01-09', '2024-02-29', '20240105', '2024-01-10 08:00', '2024-03-01T09:00Z'], ['2023-02-29', '2024-1-5', 'x']);
    const amount = mostly(['10', '2.5', '0', '12.', '.5', '7.125', '1234567890.12345'], ['-3', '1e2', '', '1234567890123456']);
    const row = fc.tuple(id, date, amount, fc.constantFrom('', ',extra', ',,')).map(([c, d, a, more]) => `${c},${d},${a}${more}`);
    const file = fc.tuple(fc.array(row, { minLength: 1, maxLength: 12 }), fc.constantFrom('\n', '\r\n'), fc.boolean()).map(([rows, nl, last]) => `customer_id,date,amount${nl}${rows.join(nl)}${last ? nl : ''}`);
    let read = 0;
    fc.assert(
      fc.property(file, fc.option(fc.constantFrom(19_725, 19_740, 19_800), { nil: undefined }), (text, end) => {
        const scanned = scanLogFile(scanner, Buffer.from(text, 'utf8'), { end, unit: 'week' });
        if (scanned === undefined) return;
        read++;
        const reference = typescriptPath(text, end, 'week');
        expect(scanned.data).toEqual(reference.data);
        expect(scanned.spend).toEqual(reference.spend);
      }),
      { numRuns: 3_000, seed: 42 },
    );
    // Enough files were read by the scanner for the comparison to mean something.
    expect(read).toBeGreaterThan(100);
  });

  it('gives the built CLI the same clv fit as the TypeScript readers', () => {
    // npm test builds dist/ first; the CLI there finds its packages in the repository's node_modules.
    expect(existsSync(path.join(DIST_CLI, SCANNER_FILE)), 'the build wrote the scanner beside the CLI').toBe(true);
    const cli = path.join(DIST_CLI, 'regulars.mjs');
    const dir = tempDir('scan');
    const file = path.join(dir, 'log.csv');
    const { text, lastDay } = simulatedLog(2_000, 21);
    writeFileSync(file, text);
    const run = (env: Record<string, string>): string => execFileSync(process.execPath, [cli, 'clv', 'fit', file, '--end', isoFromDay(lastDay), '--json'], { env: { ...process.env, ...env }, encoding: 'utf8' });
    const withScanner = run({});
    expect((JSON.parse(withScanner) as { customers: number }).customers).toBe(2_000);
    expect(withScanner).toBe(run({ REGULARS_CLV_SCANNER: 'off' }));
  }, 120_000);
});
