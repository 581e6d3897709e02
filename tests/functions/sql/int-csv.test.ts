// Integer CSV files: what IntFile writes DuckDB reads back exactly (up to 2^53, the block numbers), and readIntRows
// reads what DuckDB writes, naming a malformed line.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMA, IntFile, NEWLINE } from '../../../functions/sql/int-csv';
import { readIntRows } from '../../../functions/sql';
import { duckDbForTests } from './comparison-harness';

const db = duckDbForTests();
let folder: string;
beforeAll(async () => void (folder = await mkdtemp(path.join(tmpdir(), 'regulars-int-csv-test-'))));
afterAll(() => rm(folder, { recursive: true, force: true }));

describe('integer CSV files', () => {
  it('writes safe integers that DuckDB reads back exactly, across the 2^31 and 2^53 edges', async () => {
    const file = path.join(folder, 'ints.csv');
    const edges = [0, 1, 9, 10, -1, -10, 2 ** 31 - 1, 2 ** 31, 2 ** 31 + 9, 2 ** 32, 10 ** 15, 2 ** 53 - 1, -(2 ** 53 - 1)];
    // Seeded values spread over every magnitude up to 2^53, beside the edges.
    let seed = 11;
    const random = (): number => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const values = [...edges, ...Array.from({ length: 20_000 }, () => Math.floor(random() * 2 ** Math.floor(random() * 54)))];
    const out = new IntFile(file);
    values.forEach((v, k) => {
      out.int(k, COMMA);
      out.int(v, NEWLINE);
    });
    out.close();
    const rows = await db.session.rows(`SELECT k, CAST(v AS VARCHAR) AS v FROM read_csv('${file}', header = false, auto_detect = false, columns = {'k': 'INTEGER', 'v': 'BIGINT'}) ORDER BY k`);
    expect(rows.map((r) => r.v)).toEqual(values.map((v) => String(v)));
  });

  it('reads the integer lines DuckDB writes, and names a malformed line', async () => {
    const file = path.join(folder, 'rows-test.csv');
    await db.session.run(`COPY (SELECT CAST(v AS INTEGER) AS a, CAST(v * 7 + 1 AS INTEGER) AS b, CAST(v % 3 - 1 AS TINYINT) AS c FROM range(0, 300000, 3) AS t(v)) TO '${file}' (FORMAT csv, HEADER false)`);
    const seen = new Set<number>();
    let wrong = 0;
    const lines = readIntRows(file, 3, (v) => {
      const [a, b, c] = [v[0] as number, v[1] as number, v[2] as number];
      seen.add(a);
      // DuckDB may write the rows in any order: each is checked against the rule it was made by.
      if (a % 3 !== 0 || b !== a * 7 + 1 || c !== (a % 3) - 1) wrong++;
    });
    expect(lines).toBe(100_000);
    expect(seen.size).toBe(100_000);
    expect(wrong).toBe(0);
    for (const [text, error] of [
      ['1,2,3\n4,5\n', /line 2 has 2 values/],
      ['1,2,3\n4,,6\n', /line 2 has an empty value/],
      ['1,2,3\n4;5;6\n', /line 2 holds byte 59/],
      ['1,2,3,4\n', /line 1 has too many values/],
      ['1,2,3\n4,5,6', /line 2 does not end with a line break/],
    ] as const) {
      await writeFile(file, text);
      expect(() => readIntRows(file, 3, () => undefined)).toThrow(error);
    }
    await writeFile(file, '-1,-20,3\r\n');
    const got: number[] = [];
    readIntRows(file, 3, (v) => got.push(...v));
    expect(got).toEqual([-1, -20, 3]);
  });
});
