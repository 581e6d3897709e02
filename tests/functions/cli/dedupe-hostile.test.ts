// `regulars dedupe` on files that are not a customer list with a header, and on ids that are formulas.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from './run-cli';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dedupe-hostile-'));
});

describe('regulars dedupe on hostile files', () => {
  it('refuses a headerless file and random bytes with exit 2 and the reason, writing nothing', async () => {
    await writeFile(path.join(dir, 'noheader.csv'), 'Ann Lee,ann@example.com\nAnn Lee,ann@example.com\nBo Chen,bo@example.com\n');
    const headerless = await cli(['dedupe', 'noheader.csv', '--out', 'a.csv'], dir);
    expect(headerless.code).toBe(2);
    expect(headerless.stderr).toContain('noheader.csv: the file has no header row');
    await writeFile(path.join(dir, 'noise.csv'), Buffer.from(Array.from({ length: 2000 }, (_, i) => ((i * 7919) % 255) + 1)));
    const noise = await cli(['dedupe', 'noise.csv', '--out', 'b.csv'], dir);
    expect(noise.code).toBe(2);
    expect(noise.stderr).toContain('noise.csv: the file is not text');
    await expect(readFile(path.join(dir, 'a.csv'))).rejects.toThrow();
    await expect(readFile(path.join(dir, 'b.csv'))).rejects.toThrow();
  });

  it('refuses a headerless .xlsx whose first row holds e-mail addresses, as it does a CSV', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('People');
    sheet.addRow(['Ann Lee', 'ann@example.com']);
    sheet.addRow(['Ann Lee', 'ann@example.com']);
    sheet.addRow(['Bo Chen', 'bo@example.com']);
    await book.xlsx.writeFile(path.join(dir, 'noheader.xlsx'));
    const r = await cli(['dedupe', 'noheader.xlsx'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('noheader.xlsx: the file has no header row');
  });

  it('reads a CR-only file as all its records', async () => {
    await writeFile(path.join(dir, 'cr.csv'), 'id,name,email\r1,Ann Lee,ann@example.com\r2,Ann Lee,ann@example.com\r3,Bo Chen,bo@example.com\r');
    const r = await cli(['dedupe', 'cr.csv'], dir);
    expect(r.code).toBe(0);
    expect((parse<{ id: string }>(r.stdout, { columns: true })).map((row) => row.id)).toEqual(['1', '2', '3']);
  });

  it('writes formula-like ids with a leading apostrophe, in --out as on standard output', async () => {
    const ids = ['=HYPERLINK("http://evil.example","x")', "=cmd|' /C calc'!A0", '+27825550101', '-5', '@SUM(A1)', 'plain-1'];
    const names = ['Ann Lee', 'Ann Lee', 'Bo Chen', 'Cy Dube', 'Di Eze', 'Fay Gold'];
    const csv = `id,name\n${ids.map((id, i) => `"${id.replace(/"/g, '""')}",${names[i]!}`).join('\n')}\n`;
    await writeFile(path.join(dir, 'formulas.csv'), csv);
    const r = await cli(['dedupe', 'formulas.csv', '--out', 'clusters.csv'], dir);
    expect(r.code).toBe(0);
    const written = parse<{ id: string }>(await readFile(path.join(dir, 'clusters.csv'), 'utf8'), { columns: true });
    expect(written.map((w) => w.id)).toEqual(ids.map((id) => (id === 'plain-1' ? id : `'${id}`)));
  });
});
