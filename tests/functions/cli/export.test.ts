import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { createXlsxWorkbook, openXlsxWorkbook } from '../../../functions/workbook/xlsx-workbook';
import { customersTab, readTable } from '../../../shared/workbook';
import { cli } from './run-cli';

describe('regulars export', () => {
  it('writes the contract names as header, ISO dates, --MM-DD birthdays and guarded formulas; user columns kept', async () => {
    const d = await mkdtemp(path.join(tmpdir(), 'regulars-export-'));
    const wb = createXlsxWorkbook();
    wb.ensureTab('Customers', { header: ['ID', 'Given name', 'Surname', 'DOB', 'Customer since', 'phone', 'notes', 'Shoe size'], textColumns: [] });
    wb.append('Customers', [
      ['C-000001', 'Ann', 'Lee', '--03-14', '05/04/2021', '+27825550000', '=HYPERLINK("http://x")', 42],
      ['C-000002', '@bob', 'O"Neil, Jr', '1980-02-29', '2020-01-01', '-5', 'line1\nline2', null],
    ]);
    wb.ensureTab('Settings', { header: ['key', 'value'], textColumns: [] });
    wb.append('Settings', [['date_order', 'dmy']]);
    await wb.save(path.join(d, 'wb.xlsx'));
    const r = await cli(['export', 'wb.xlsx', '--tab', 'customers', '--out', 'c.csv'], d);
    expect(r.code).toBe(0);
    const text = await readFile(path.join(d, 'c.csv'), 'utf8');
    const rows: string[][] = parse(text, {});
    expect(rows).toEqual([
      ['id', 'first_name', 'last_name', 'birth_date', 'customer_since', 'phone', 'notes', 'Shoe size'],
      ['C-000001', 'Ann', 'Lee', '--03-14', '2021-04-05', "'+27825550000", `'=HYPERLINK("http://x")`, '42'],
      ['C-000002', "'@bob", 'O"Neil, Jr', '1980-02-29', '2020-01-01', "'-5", 'line1\nline2', ''],
    ]);
    expect(text.startsWith('\ufeff')).toBe(false);
  });

  it('prints to stdout and refuses an unknown tab with exit 2', async () => {
    const d = await mkdtemp(path.join(tmpdir(), 'regulars-export-'));
    const wb = createXlsxWorkbook();
    wb.ensureTab('Purchases', { header: ['id', 'customer_id', 'date', 'amount'], textColumns: [] });
    wb.append('Purchases', [['P-000001', 'C-000001', '2024-03-09', -75]]);
    await wb.save(path.join(d, 'wb.xlsx'));
    const ok = await cli(['export', 'wb.xlsx', '--tab', 'Purchases'], d);
    expect(ok.stdout).toBe('id,customer_id,date,amount\r\nP-000001,C-000001,2024-03-09,-75\r\n');
    const bad = await cli(['export', 'wb.xlsx', '--tab', 'Nope'], d);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/no tab "Nope"/);
  });

  it('round trip: an exported Customers tab imports into a new workbook with every field as it was', async () => {
    const d = await mkdtemp(path.join(tmpdir(), 'regulars-export-'));
    const fixtures = path.resolve(__dirname, '../../fixtures/import');
    const inputs = ['google-contacts.csv', 'shopify-customers.csv', 'apple-3.0.vcf'].map((f) => path.join(fixtures, f));
    expect((await cli(['import', ...inputs, '--into', 'a.xlsx', '--country', 'ZA'], d)).code).toBe(0);
    expect((await cli(['export', 'a.xlsx', '--tab', 'Customers', '--out', 'customers.csv'], d)).code).toBe(0);
    expect((await cli(['import', 'customers.csv', '--into', 'b.xlsx', '--country', 'ZA'], d)).code).toBe(0);
    const fields = ['first_name', 'last_name', 'company', 'email', 'phone', 'street', 'city', 'region', 'postcode', 'country', 'birth_date', 'tags', 'notes', 'email_consent'] as const;
    const view = async (file: string) => readTable(await openXlsxWorkbook(path.join(d, file)), customersTab)!.rows.map((r) => fields.map((f) => r.record[f]));
    const a = await view('a.xlsx');
    expect(a).toHaveLength(7);
    expect(await view('b.xlsx')).toEqual(a);
  });
});
