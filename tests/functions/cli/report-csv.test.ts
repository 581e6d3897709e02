import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ByteIdIndex, scanCsv } from '../../../functions/cli/commands/report-csv';

/** Every row as strings, through the fast scanner. */
function scanned(file: string): string[][] {
  const rows: string[][] = [];
  scanCsv(
    file,
    (header) => rows.push(header),
    (row) => rows.push(Array.from({ length: row.count }, (_, k) => row.text(k))),
  );
  return rows;
}

describe('scanCsv against csv-parse', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'regulars-scan-'));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('reads quotes, doubled quotes, line breaks inside quotes, CRLF, a BOM and semicolons as csv-parse does', async () => {
    const file = path.join(dir, 'tricky.csv');
    await writeFile(file, '\uFEFFid;name;notes\r\nC-1;"Smith; Jo";"said ""hi""\r\nthen left"\r\nC-2;Émile;\r\n\r\nC-3;"";x\r\n');
    const expected = parse('id;name;notes\r\nC-1;"Smith; Jo";"said ""hi""\r\nthen left"\r\nC-2;Émile;\r\nC-3;"";x\r\n', { delimiter: ';', relax_column_count: true });
    expect(scanned(file)).toEqual(expected);
  });

  it('agrees with csv-parse on random files, including rows split across the 8 MB chunk boundary', async () => {
    const cell = fc.oneof(fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', ' ', 'é', '1') }), fc.constant(''));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 30 }), async (rows) => {
        const quote = (v: string): string => (/[",\n]/.test(v) || v === '' ? `"${v.replaceAll('"', '""')}"` : v);
        const text = [['a', 'b', 'c'], ...rows].map((r) => r.map(quote).join(',')).join('\n') + '\n';
        const file = path.join(dir, 'random.csv');
        await writeFile(file, text);
        expect(scanned(file)).toEqual(parse(text, { skip_empty_lines: true }));
      }),
      { numRuns: 100 },
    );
    // A long file whose rows straddle the chunk boundary at every offset of a quoted field.
    const line = 'C-000001,"quoted, with ""quotes""",2025-01-01\n';
    const big = `customer_id,notes,date\n${line.repeat(Math.ceil((9 << 20) / line.length))}`;
    const file = path.join(dir, 'big.csv');
    await writeFile(file, big);
    let count = 0;
    let wrong = 0;
    scanCsv(file, () => undefined, (row) => {
      count++;
      if (row.text(1) !== 'quoted, with "quotes"' || row.text(2) !== '2025-01-01') wrong++;
    });
    expect([count, wrong]).toEqual([Math.ceil((9 << 20) / line.length), 0]);
  });
});

describe('ByteIdIndex', () => {
  const find = (index: ByteIdIndex, id: string): number => {
    const buf = Buffer.from(`xx${id}yy`);
    return index.find(buf, 2, 2 + Buffer.byteLength(id));
  };

  it('finds ids of any shape by their bytes, the first of equal ids winning', () => {
    const ids: [string, number][] = [['A-1', 0], ['Émile', 1], ['C-000123', 2], ['A-1', 3], ['', 4], ['42', 5]];
    const index = new ByteIdIndex(ids);
    expect(['A-1', 'Émile', 'C-000123', '', '42', 'A-2', 'C-00012'].map((id) => find(index, id))).toEqual([0, 1, 2, 4, 5, -1, -1]);
  });

  it('reads prefix-and-digits ids by number, refusing other widths and prefixes', () => {
    const index = new ByteIdIndex([['C-000002', 7], ['C-000010', 0], ['C-000002', 9], ['C-000001', 3]]);
    expect(['C-000001', 'C-000002', 'C-000010', 'C-00002', 'C-0000002', 'D-000002', 'C-00000x', 'C-000011'].map((id) => find(index, id))).toEqual([3, 7, 0, -1, -1, -1, -1, -1]);
  });
});
