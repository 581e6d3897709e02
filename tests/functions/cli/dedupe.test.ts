import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { febrlEntity, pairScores } from '../../../functions/dedupe/evaluate';
import { cli } from './run-cli';

const FIXTURES = path.resolve(__dirname, '../../fixtures/dedupe');

function parseOutput(text: string): { header: string; rows: { id: string; cluster: string; score: number }[] } {
  const lines = text.trimEnd().split('\n');
  const rows = lines.slice(1).map((l) => {
    const [id, cluster, score] = l.split(',') as [string, string, string];
    return { id, cluster, score: Number(score) };
  });
  return { header: lines[0] as string, rows };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dedupe-cli-'));
});

describe('regulars dedupe', () => {
  it('reads FEBRL\'s ", " separated file and writes id,cluster,score in UTF-8 without BOM, one line per record', async () => {
    const out = path.join(dir, 'febrl3.csv');
    const r = await cli(['dedupe', path.join(FIXTURES, 'febrl3-800.csv'), '--out', out], dir);
    expect(r.code).toBe(0);
    const bytes = await readFile(out);
    expect([...bytes.subarray(0, 3)]).not.toEqual([0xef, 0xbb, 0xbf]);
    const { header, rows } = parseOutput(bytes.toString('utf8'));
    expect(header).toBe('id,cluster,score');
    expect(rows).toHaveLength(800);
    // Ids are the rec_id column trimmed, in file order.
    const source = (await readFile(path.join(FIXTURES, 'febrl3-800.csv'), 'utf8')).trim().split('\n').slice(1);
    expect(rows.map((r) => r.id)).toEqual(source.map((l) => (l.split(',')[0] as string).trim()));
    // Against the truth in the ids (rec-N-…): the pairs it claims are right and it finds nearly all of them.
    const s = pairScores(rows.map((r) => r.cluster), rows.map((r) => febrlEntity(r.id)));
    expect(s.truePairs).toBeGreaterThan(100);
    expect(s.precision).toBeGreaterThanOrEqual(0.99);
    expect(s.recall).toBeGreaterThanOrEqual(0.95);
    // Singletons score 0; members of a cluster a probability in (0, 1].
    const sizes = new Map<string, number>();
    for (const row of rows) sizes.set(row.cluster, (sizes.get(row.cluster) ?? 0) + 1);
    for (const row of rows) {
      if (sizes.get(row.cluster) === 1) expect(row.score).toBe(0);
      else expect(row.score).toBeGreaterThan(0.5);
    }
  });

  it('links two files with --link: every cluster joins at most one record of each', async () => {
    const r = await cli(['dedupe', path.join(FIXTURES, 'febrl4a-300.csv'), '--link', path.join(FIXTURES, 'febrl4b-300.csv')], dir);
    expect(r.code).toBe(0);
    const { header, rows } = parseOutput(r.stdout);
    expect(header).toBe('id,cluster,score');
    expect(rows).toHaveLength(600);
    const source = rows.map((row) => (row.id.endsWith('-org') ? 0 : 1));
    const s = pairScores(rows.map((row) => row.cluster), rows.map((row) => febrlEntity(row.id)), source);
    expect(s.truePairs).toBe(300);
    expect(s.precision).toBeGreaterThanOrEqual(0.99);
    expect(s.recall).toBeGreaterThanOrEqual(0.97);
  });

  it('maps headers to roles and takes --field overrides; the truth column is never compared', async () => {
    const r = await cli(['dedupe', path.join(FIXTURES, 'fake_1000.csv'), '--json', '--field', 'city=city'], dir);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout) as { records: number; columns: { roles: Record<string, string[]>; ignored: string[]; generic: string[] }[] };
    expect(summary.records).toBe(1000);
    const columns = summary.columns[0]!;
    expect(columns.roles).toMatchObject({ id: ['unique_id'], first_name: ['first_name'], last_name: ['surname'], birth_date: ['dob'], city: ['city'], email: ['email'] });
    expect(columns.ignored).toEqual(['cluster']);
    expect(columns.generic).toEqual([]);
  });

  it('uses row numbers as ids when there is no id column, and reads .xlsx', async () => {
    const file = path.join(dir, 'people.xlsx');
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Customers');
    sheet.addRow(['Given name', 'Surname', 'E-mail', 'Mobile']);
    sheet.addRow(['Thandiwe', 'Nkosi', 'thandi.nkosi@example.co.za', '082 555 1234']);
    sheet.addRow(['Thandi', 'Nkosi', 'THANDI.NKOSI@example.co.za', '+27 82 555 1234']);
    sheet.addRow(['Pieter', 'Botha', 'pieter@botha.example', '021 444 9876']);
    await book.xlsx.writeFile(file);
    const r = await cli(['dedupe', file, '--country', 'ZA'], dir);
    expect(r.code).toBe(0);
    const { rows } = parseOutput(r.stdout);
    expect(rows.map((row) => row.id)).toEqual(['2', '3', '4']);
    expect(rows[0]!.cluster).toBe(rows[1]!.cluster);
    expect(rows[2]!.cluster).not.toBe(rows[0]!.cluster);
  });

  it('reads a Regulars workbook from its Customers tab, leaving merged rows and the scored columns out', async () => {
    const file = path.join(dir, 'workbook.xlsx');
    const book = new ExcelJS.Workbook();
    book.addWorksheet('Settings').addRow(['key', 'value']);
    const sheet = book.addWorksheet('Customers');
    sheet.addRow(['id', 'first_name', 'last_name', 'email', 'phone', 'status', 'merged_into', 'clv_12m', 'rfm_segment', 'notes']);
    sheet.addRow(['C-000001', 'Thandiwe', 'Nkosi', 'thandi.nkosi@example.co.za', '+27825551234', 'active', '', 1200, 'Champions', 'VIP']);
    sheet.addRow(['C-000002', 'Thandi', 'Nkosi', 'THANDI.NKOSI@example.co.za', '082 555 1234', 'active', '', 3, 'Lost', 'complained twice']);
    sheet.addRow(['C-000003', 'Thandi', 'Nkosi', 'thandi.nkosi@example.co.za', '082 555 1234', 'merged', 'C-000001', '', '', '']);
    sheet.addRow(['C-000004', 'Pieter', 'Botha', 'pieter@botha.example', '021 444 9876', 'active', '', 1200, 'Champions', 'VIP']);
    await book.xlsx.writeFile(file);
    const r = await cli(['dedupe', file, '--country', 'ZA', '--json'], dir);
    expect(r.code).toBe(0);
    const columns = JSON.stringify(JSON.parse(r.stdout));
    expect(columns).not.toMatch(/clv_12m|rfm_segment|merged_into/);
    const plain = await cli(['dedupe', file, '--country', 'ZA'], dir);
    const { rows } = parseOutput(plain.stdout);
    expect(rows.map((row) => row.id)).toEqual(['C-000001', 'C-000002', 'C-000004']);
    expect(rows[0]!.cluster).toBe(rows[1]!.cluster);
    expect(rows[2]!.cluster).not.toBe(rows[0]!.cluster);
  });

  it('fails with a clear message and exit 2 for a missing file, an unknown --field column and no usable columns', async () => {
    const missing = await cli(['dedupe', 'nope.csv'], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.csv.*cannot read/);

    const badField = await cli(['dedupe', path.join(FIXTURES, 'fake_1000.csv'), '--field', 'email=E-mail address'], dir);
    expect(badField.code).toBe(2);
    expect(badField.stderr).toMatch(/no column named "E-mail address"/);

    const onlyIds = path.join(dir, 'ids.csv');
    await writeFile(onlyIds, 'customer_id,cluster\n1,a\n2,b\n');
    const noColumns = await cli(['dedupe', onlyIds], dir);
    expect(noColumns.code).toBe(2);
    expect(noColumns.stderr).toMatch(/no usable columns/);

    const badRole = await cli(['dedupe', onlyIds, '--field', 'shoe_size=cluster'], dir);
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toMatch(/ROLE one of id, first_name/);

    const binary = path.join(dir, 'binary.csv');
    await writeFile(binary, Buffer.from([0x00, 0x01, 0x02, 0x03]));
    const notText = await cli(['dedupe', binary], dir);
    expect(notText.code).toBe(2);
    expect(notText.stderr).toMatch(/binary/);
  });
});
