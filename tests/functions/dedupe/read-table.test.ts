import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeText, parseCsv, parseCsvBytes, readTable, TableError } from '../../../functions/dedupe/read-table';

const FIXTURES = path.join(__dirname, '../../fixtures/dedupe');

describe('parseCsv', () => {
  it('refuses a file whose first row is a record, not column names, and says so', () => {
    const text = 'Ann Lee,ann@example.com,082 555 0101\nBo Chen,bo@example.com,082 555 0102\n';
    expect(() => parseCsv(text)).toThrow(TableError);
    expect(() => parseCsv(text)).toThrow('the file has no header row: its first row (Ann Lee, ann@example.com, 082 555 0101) holds values, not column names');
    // A date or a web address in the first row is data too.
    expect(() => parseCsv('Ann,1990-03-04\nBo,1985-11-12\n')).toThrow('no header row');
    expect(() => parseCsv('Shop,https://shop.example\nCafe,https://cafe.example\n')).toThrow('no header row');
  });

  it("still reads FEBRL's published headerless layout under its known column names", () => {
    const line = (n: number) => `rec-${n}-org, ann, lee, 12, main road, , sea point, 8005, wc, 19900304, 1234567`;
    const table = parseCsv(`${line(1)}\n${line(2)}\n`);
    expect(table.headerless).toBe(true);
    expect(table.headers[0]).toBe('rec_id');
    expect(table.rows.map((r) => r[0])).toEqual(['rec-1-org', 'rec-2-org']);
  });

  it('reads CR-only, LF and CRLF line endings alike', () => {
    const lines = ['id,name,email', '1,Ann Lee,ann@example.com', '2,Bo Chen,bo@example.com', '3,Cy Dube,cy@example.com'];
    const expected = { headers: ['id', 'name', 'email'], rows: lines.slice(1).map((l) => l.split(',')), headerless: false };
    for (const eol of ['\r', '\n', '\r\n']) {
      expect(parseCsv(lines.join(eol) + eol), JSON.stringify(eol)).toEqual(expected);
      // And the quoted path (csv-parse) the same.
      expect(parseCsv(lines.map((l) => l.replace('Ann Lee', '"Ann Lee"')).join(eol) + eol), JSON.stringify(eol)).toEqual(expected);
    }
  });
});

describe('decodeText and readTable', () => {
  it('refuses random bytes as not text, and reads a Windows-1252 export', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'read-table-'));
    // Random bytes without NUL (the binary check would catch those first) still hold control bytes.
    const noise = Buffer.from([...randomBytes(4096)].map((b) => (b === 0 ? 1 : b)));
    await writeFile(path.join(dir, 'noise.csv'), noise);
    await expect(readTable(path.join(dir, 'noise.csv'))).rejects.toThrow('the file is not text');
    const latin = Buffer.concat([Buffer.from('id,name\n1,'), Buffer.from([0x52, 0x65, 0x6e, 0xe9, 0x65]), Buffer.from('\n')]);
    expect(decodeText(latin)).toBe('id,name\n1,Renée\n');
  });
});

describe('parseCsvBytes (files larger than one text, read in pieces)', () => {
  /** Pieces of every size from one byte: lines, quotes, CRLF pairs and characters are cut at every place. */
  const PIECES = [1, 2, 3, 7, 64, 1000, 1 << 20];

  it('reads the published fixtures in pieces as it reads them whole (plain and quoted CSV)', async () => {
    for (const name of ['febrl3-800.csv', 'fake_1000.csv', 'restaurants-240.csv', 'early-childhood-60651-60624.csv']) {
      const bytes = await readFile(path.join(FIXTURES, name));
      const whole = parseCsv(decodeText(bytes));
      for (const size of [7, 64, 4096]) expect(await parseCsvBytes(bytes, size), `${name} in pieces of ${size}`).toEqual(whole);
    }
  });

  it('keeps a BOM, CRLF and CR lines, quoted line breaks, several-byte characters and Windows-1252 apart from the cuts', async () => {
    const texts = [
      '\ufeffid;name;city\r\n1;Zoë Nkosi;Knysna\r\n2;Søren;Århus\r\n3;李;北京 🎉\r\n',
      'id,name,note\r1,Ann,plain\r2,Bo,plain\r',
      'id,name,note\n1,"Lee, Ann","two\nlines"\n2,"Bo ""B"" Chen",🙂\n3,Cy,"ends\r\nhere"\n',
    ];
    for (const text of texts) {
      const bytes = Buffer.from(text, 'utf8');
      const whole = parseCsv(decodeText(bytes));
      for (const size of PIECES) expect(await parseCsvBytes(bytes, size), `${JSON.stringify(text.slice(0, 20))} in pieces of ${size}`).toEqual(whole);
    }
    const latin = Buffer.concat([Buffer.from('id,name\n1,'), Buffer.from([0x52, 0x65, 0x6e, 0xe9, 0x65]), Buffer.from('\n2,"Fran'), Buffer.from([0xe7]), Buffer.from('ois"\n')]);
    for (const size of PIECES) expect((await parseCsvBytes(latin, size)).rows).toEqual([['1', 'Renée'], ['2', 'François']]);
  });

  it('refuses bytes that are not text, and an unreadable quoted file, with the whole-file reasons', async () => {
    const noise = Buffer.concat([Buffer.from('id,name\n'), Buffer.from([0xff, 0x01, 0x02, 0x41]), Buffer.from('\n')]);
    await expect(parseCsvBytes(noise, 4)).rejects.toThrow('the file is not text');
    expect(() => parseCsv(decodeText(noise))).toThrow('the file is not text');
    await expect(parseCsvBytes(Buffer.from('id,name\n1,"Ann\n2,Bo\n'), 4)).rejects.toThrow(/not a readable CSV file/);
    expect(() => parseCsv('id,name\n1,"Ann\n2,Bo\n')).toThrow(/not a readable CSV file/);
  });
});
