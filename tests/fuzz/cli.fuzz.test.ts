// Random and hostile input files at every CLI command: it answers 0 or refuses with exit 2 and a reason, never
// a crash or a stack trace; a refused run writes nothing (no --out file, the workbook byte for byte as it was).
import { createHash } from 'node:crypto';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIO } from '../../functions/cli/command';
import { main } from '../../functions/cli/main';
import { createDemoWorkbook } from '../../functions/demo';
import { expectNoLeak, HOSTILE_STRINGS, printTally, tally } from './harness';

let dir = '';
let demo: Buffer;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'regulars-clifuzz-'));
  await createDemoWorkbook(path.join(dir, 'demo.xlsx'), { customers: 30, seed: 3, today: '2026-11-23' });
  demo = await readFile(path.join(dir, 'demo.xlsx'));
}, 60_000);
afterAll(() => printTally('cli'));

async function cli(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const io: CliIO = { stdout: (t) => void (out += t), stderr: (t) => void (out += t), isTTY: false, cwd: dir, env: {} };
  const code = await main(args, io);
  return { code, out };
}

const sha = async (file: string): Promise<string> => createHash('sha256').update(await readFile(file)).digest('hex');

const hostile = fc.oneof(fc.constantFrom(...HOSTILE_STRINGS.filter((s) => s.length < 100)), fc.string({ maxLength: 12 }));
const headerNames = fc.constantFrom('id', 'customer_id', 'date', 'amount', 'name', 'first_name', 'email', 'phone', 'birth_date', 'frequency', 'recency', 'T', 'monetary', 'E-mail 1 - Value', 'x', '');
/** CSV-shaped text: a header of known and odd names and rows of hostile cells, any delimiter and line ending. */
const csvText = fc
  .record({
    header: fc.array(headerNames, { minLength: 1, maxLength: 5 }),
    rows: fc.array(fc.array(fc.oneof(hostile, fc.constantFrom('2024-01-01', '20240101', '-12.50', '1e308', '0', '31/02/2024')), { maxLength: 6 }), { maxLength: 8 }),
    delimiter: fc.constantFrom(',', ';', '\t', '|', ' '),
    eol: fc.constantFrom('\n', '\r\n', '\r'),
    quote: fc.boolean(),
  })
  .map(({ header, rows, delimiter, eol, quote }) => [header, ...rows].map((r) => r.map((c) => (quote ? `"${c.replace(/"/g, '""')}"` : c)).join(delimiter)).join(eol));
const textFile = fc.oneof(
  csvText.map((t) => Buffer.from(t)),
  fc.uint8Array({ maxLength: 600 }).map((b) => Buffer.from(b)),
  fc.string({ unit: 'binary', maxLength: 300 }).map((s) => Buffer.from(s)),
  fc.constant(Buffer.alloc(0)),
  fc.constant(Buffer.from('BEGIN:VCARD\nVERSION:3.0\nFN:=cmd|x\nEMAIL:not-an-email\nEND:VCARD\n')),
);
/** A workbook slot: random bytes, a zip signature over garbage, or the demo workbook cut short. */
const xlsxFile = () =>
  fc.oneof(
    fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.from(b)),
    fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from(b)])),
    fc.integer({ min: 0, max: 100 }).map((p) => demo.subarray(0, Math.floor((demo.length * p) / 101))),
  );

type Case = { entry: string; args: (file: string) => string[]; file: () => fc.Arbitrary<Buffer>; ext: string; out?: string; runs: number; workbook?: boolean };
const CASES: Case[] = [
  { entry: 'dedupe FILE --out', args: (f) => ['dedupe', f, '--out', 'out.csv'], file: () => textFile, ext: 'csv', out: 'out.csv', runs: 150 },
  { entry: 'dedupe FILE.xlsx', args: (f) => ['dedupe', f], file: xlsxFile, ext: 'xlsx', runs: 20 },
  { entry: 'clv fit FILE', args: (f) => ['clv', 'fit', f, '--json'], file: () => textFile, ext: 'csv', runs: 150 },
  { entry: 'clv score FILE --out', args: (f) => ['clv', 'score', f, '--end', '2024-06-30', '--out', 'scores.csv'], file: () => textFile, ext: 'csv', out: 'scores.csv', runs: 150 },
  { entry: 'report --customers FILE --purchases FILE', args: (f) => ['report', '--customers', f, '--purchases', f, '--date', '2026-11-23', '--by', 'segment'], file: () => textFile, ext: 'csv', runs: 40 },
  { entry: 'import FILE --into WORKBOOK', args: (f) => ['import', f, '--into', 'book.xlsx'], file: () => textFile, ext: 'csv', runs: 40, workbook: true },
  { entry: 'import purchases FILE --into WORKBOOK', args: (f) => ['import', 'purchases', f, '--into', 'book.xlsx'], file: () => textFile, ext: 'csv', runs: 15, workbook: true },
  { entry: 'import FILE.xlsx --into WORKBOOK', args: (f) => ['import', f, '--into', 'book.xlsx'], file: xlsxFile, ext: 'xlsx', runs: 10, workbook: true },
  { entry: 'export WORKBOOK', args: (f) => ['export', f, '--tab', 'Customers', '--out', 'export.csv'], file: xlsxFile, ext: 'xlsx', out: 'export.csv', runs: 15 },
  { entry: 'score --workbook WORKBOOK', args: (f) => ['score', '--workbook', f, '--date', '2026-11-23'], file: xlsxFile, ext: 'xlsx', runs: 10 },
  { entry: 'tasks --workbook WORKBOOK', args: (f) => ['tasks', '--workbook', f, '--date', '2026-11-23'], file: xlsxFile, ext: 'xlsx', runs: 10 },
  { entry: 'greetings run --workbook WORKBOOK', args: (f) => ['greetings', 'run', '--workbook', f, '--date', '2026-11-23', '--transport', 'file:outbox'], file: xlsxFile, ext: 'xlsx', runs: 10 },
  { entry: 'report --workbook WORKBOOK', args: (f) => ['report', '--workbook', f, '--date', '2026-11-23', '--by', 'segment'], file: xlsxFile, ext: 'xlsx', runs: 10 },
];

describe('every CLI command under random and hostile input files', () => {
  for (const c of CASES) {
    it(`${c.entry}: exit 0 or 2 with a reason, no stack, nothing written when refused`, async () => {
      await fc.assert(
        fc.asyncProperty(c.file(), async (bytes) => {
          tally(c.entry);
          const input = `input.${c.ext}`;
          await writeFile(path.join(dir, input), bytes);
          if (c.out) await rm(path.join(dir, c.out), { force: true });
          if (c.workbook) await copyFile(path.join(dir, 'demo.xlsx'), path.join(dir, 'book.xlsx'));
          const before = c.workbook ? await sha(path.join(dir, 'book.xlsx')) : '';
          const { code, out } = await cli(c.args(input));
          expect([0, 2], `${c.entry}: exit ${code}: ${out.slice(0, 300)}`).toContain(code);
          expectNoLeak(out, [], c.entry, true);
          if (code !== 0) {
            expect(out, c.entry).toMatch(/^regulars \w+: \S/m);
            if (c.out) expect(existsSync(path.join(dir, c.out)), `${c.entry} left a partial ${c.out}`).toBe(false);
            if (c.workbook) expect(await sha(path.join(dir, 'book.xlsx')), `${c.entry} changed the workbook though refused`).toBe(before);
          }
        }),
        { numRuns: c.runs },
      );
    }, 60_000);
  }
});
