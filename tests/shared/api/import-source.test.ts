import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSourceFile } from '../../../functions/import/read-file';
import { decodeText, textDecoder } from '../../../shared/import';
import { base64Bytes } from '../../../shared/import/base64';
import { parseCsvRecords } from '../../../shared/import/csv';
import { readTextSource } from '../../../shared/import/source';
import { FIXTURES } from '../import/fixture-import';

// The sidebar's reader (shared, no csv-parse) must read every file exactly as the CLI's reader (csv-parse) does.

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('readTextSource (the Import sidebar\'s reader) against the CLI\'s csv-parse reader', () => {
  const files = readdirSync(FIXTURES).filter((f) => /\.(csv|vcf|txt)$/.test(f));

  it.each(files)('%s: the same header and rows; each row on the line it starts on', async (file) => {
    const raw = new Uint8Array(readFileSync(path.join(FIXTURES, file)));
    const cli = await readSourceFile(file, raw);
    const mine = readTextSource(file, raw, textDecoder);
    expect(mine.ok).toBe(true);
    if (!mine.ok) return;
    expect({ ...mine.table, lines: [] }).toEqual({ ...cli, lines: [] });
    if (cli.format !== 'csv') {
      expect(mine.table.lines).toEqual(cli.lines);
      return;
    }
    // Line numbers checked against the file itself: the line a row is said to start on begins with its first cell.
    // (csv-parse counts a CRLF inside quotes as two lines, so the CLI's numbers drift after such a row.)
    const textLines = decodeText(raw).text.split(/\r\n|\r|\n/);
    mine.table.rows.forEach((cells, i) => {
      const line = textLines[(mine.table.lines[i] ?? 0) - 1] ?? '';
      expect(line.replace(/^"/, '').startsWith((cells[0] ?? '').split(/\r\n|\r|\n/)[0] ?? ''), `${file} row ${i}`).toBe(true);
    });
  });

  it('numbers rows after a quoted CRLF line break by the line they are on (Google Contacts address)', () => {
    const raw = new Uint8Array(readFileSync(path.join(FIXTURES, 'google-contacts.csv')));
    const mine = readTextSource('google-contacts.csv', raw, textDecoder);
    // Hand-counted: Thandi's record holds a five-line address (lines 2-6); Johan is on line 7, Lerato on 8.
    expect(mine.ok && mine.table.lines.slice(0, 3)).toEqual([2, 7, 8]);
  });

  it.each([
    ['quotes, doubled quotes, a quoted line break (CRLF) and a ragged row', 'Name,Note\r\n"Smith, Jo","He said ""hi""\r\nthen left"\r\nAnn\r\n\r\nBo,x,extra\r\n'],
    ['semicolons, an empty last field and no final line break', 'a;b;c\n1;;\n"2";"x;y";3'],
    ['a stray quote inside an unquoted field, CR line ends', 'a,b\r5" pipe,x\r"q",\r'],
    ['tabs and a quoted empty field', 'a\tb\n""\t2\n'],
  ])('%s', async (_what, text) => {
    const cli = await readSourceFile('t.csv', bytes(text));
    const mine = readTextSource('t.csv', bytes(text), textDecoder);
    expect(mine.ok && { ...mine.table, lines: [] }).toEqual({ ...cli, lines: [] });
  });

  it('gives each record the line it starts on, a CRLF inside quotes counted once', () => {
    // Hand-counted: "Smith, Jo" spans lines 2-3, Ann is on line 4, the blank line 5, Bo on line 6.
    expect(parseCsvRecords('Name,Note\r\n"Smith, Jo","a\r\nb"\r\nAnn\r\n\r\nBo\r\n', ',').lines).toEqual([1, 2, 4, 5, 6]);
    // Hand-counted: the record "x" starts on line 2 and spans three lines; "y" is on line 5.
    expect(parseCsvRecords('h\n"x\n\n"\ny\n', ',')).toEqual({ records: [['h'], ['x\n\n'], ['y']], lines: [1, 2, 5] });
  });

  it('refuses an empty file and a file with no header, with the file named', () => {
    expect(readTextSource('C:\\fakepath\\empty.csv', new Uint8Array(), textDecoder)).toEqual({ ok: false, reason: 'empty.csv is empty' });
    expect(readTextSource('blank.csv', bytes('\n\n'), textDecoder)).toEqual({ ok: false, reason: 'blank.csv has no header row' });
  });
});

describe('base64Bytes', () => {
  it('decodes what Node encodes, for every length mod 3 and every byte value', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    for (const n of [0, 1, 2, 3, 4, 5, 256]) {
      const data = all.subarray(0, n);
      expect(base64Bytes(Buffer.from(data).toString('base64'))).toEqual(new Uint8Array(data));
    }
  });

  it('refuses text that is not base64', () => {
    expect(base64Bytes('ab$d')).toBeUndefined();
    expect(base64Bytes('abcde')).toBeUndefined();
  });
});
