import { access, copyFile, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { createDemoWorkbook } from '../../../functions/demo';
import { openXlsxWorkbook } from '../../../functions/workbook/xlsx-workbook';
import { customersTab, readTable, type Grid } from '../../../shared/workbook';
import { cli } from './run-cli';

const FIXTURES = path.resolve(__dirname, '../../fixtures/import');

async function dir(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'regulars-import-'));
}

async function tabs(file: string): Promise<Record<string, Grid>> {
  const wb = await openXlsxWorkbook(file);
  return Object.fromEntries(wb.tabNames().map((t) => [t, structuredClone(wb.read(t)!)]));
}

/** Every data cell of every tab with its type (dates, formulas, links), as undo must put them back. */
async function typedTabs(file: string, except: readonly string[]): Promise<Record<string, unknown>> {
  const wb = await openXlsxWorkbook(file);
  const out: Record<string, unknown> = {};
  for (const t of wb.tabNames()) {
    if (except.includes(t)) continue;
    out[t] = wb.readTyped(t, wb.read(t)!.rows.map((_, i) => i + 2));
  }
  return out;
}

const exists = (file: string): Promise<boolean> => access(file).then(() => true, () => false);

describe('regulars import', () => {
  it('prints its help', async () => {
    const d = await dir();
    const r = await cli(['import', '--help'], d);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('regulars import undo IMPORT_ID --workbook WORKBOOK.xlsx');
  });

  it('creates the workbook, prints the contract JSON, and a re-import updates instead of duplicating', async () => {
    const d = await dir();
    const files = ['google-contacts.csv', 'outlook.csv', 'android-2.1.vcf'].map((f) => path.join(FIXTURES, f));
    const r = await cli(['import', ...files, '--into', 'wb.xlsx', '--country', 'ZA', '--json'], d);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { importId: string; files: { file: string; format: string; rows: number; created: number; updated: number; skipped: number; issues: unknown[] }[]; possibleDuplicates: unknown[] };
    expect(Object.keys(json)).toEqual(['importId', 'files', 'possibleDuplicates']);
    expect(json.importId).toMatch(/^IMP-\d{8}-\d{6}-[0-9a-f]{4}$/);
    expect(json.files.map((f) => [f.file, f.format, f.rows, f.created, f.updated, f.skipped])).toEqual([
      ['google-contacts.csv', 'csv', 3, 3, 0, 0],
      ['outlook.csv', 'csv', 2, 2, 0, 0],
      ['android-2.1.vcf', 'vcf', 2, 2, 0, 0],
    ]);
    const again = JSON.parse((await cli(['import', ...files, '--into', 'wb.xlsx', '--country', 'ZA', '--json'], d)).stdout) as typeof json;
    expect(again.files.map((f) => f.created)).toEqual([0, 0, 0]);
    const wb = await openXlsxWorkbook(path.join(d, 'wb.xlsx'));
    expect(readTable(wb, customersTab)!.rows).toHaveLength(7);
  });

  it('--dry-run shows the mapping with samples and writes nothing', async () => {
    const d = await dir();
    const r = await cli(['import', path.join(FIXTURES, 'square-customers.csv'), '--into', 'wb.xlsx', '--country', 'ZA', '--dry-run'], d);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('square-customers.csv (Square, csv): 2 rows');
    expect(r.stdout).toMatch(/birth_date +← "Birthday" +e\.g\. "0000-03-14", "1992-08-09"/);
    expect(r.stdout).toContain('dry run: nothing was written');
    expect(await exists(path.join(d, 'wb.xlsx'))).toBe(false);
  });

  it('asks for --date-order when a column is ambiguous, and takes it', async () => {
    const d = await dir();
    const file = path.join(FIXTURES, 'plain-ambiguous.csv');
    const dry = await cli(['import', file, '--into', 'wb.xlsx', '--country', 'ZA', '--dry-run'], d);
    expect(dry.stdout).toContain('dates in "Birthday" read as DMY (country) — ambiguous: --date-order to choose');
    await cli(['import', file, '--into', 'wb.xlsx', '--country', 'ZA', '--date-order', 'mdy'], d);
    const wb = await openXlsxWorkbook(path.join(d, 'wb.xlsx'));
    expect(readTable(wb, customersTab)!.rows.map((r) => r.record.birth_date)).toEqual(['1990-03-04', '1985-11-12']);
  });

  it('reads an .xlsx export with real date cells, and --map overrides a column', async () => {
    const d = await dir();
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Customers');
    sheet.addRow(['Reference ID', 'First Name', 'Surname', 'Email Address', 'Phone Number', 'Birthday', 'Memo', 'Alt mail']);
    sheet.addRow(['', 'Bongani', 'Zulu', 'bongani@example.co.za', '+27 83 555 0401', new Date(Date.UTC(1980, 2, 14)), 'VIP', 'b@alt.example.com']);
    await book.xlsx.writeFile(path.join(d, 'square.xlsx'));
    const r = await cli(['import', 'square.xlsx', '--into', 'wb.xlsx', '--map', 'email=Alt mail', '--map', 'notes=', '--json'], d);
    expect(r.code).toBe(0);
    const wb = await openXlsxWorkbook(path.join(d, 'wb.xlsx'));
    expect(readTable(wb, customersTab)!.rows[0]!.record).toMatchObject({ first_name: 'Bongani', last_name: 'Zulu', email: 'b@alt.example.com', birth_date: '1980-03-14', notes: '', phone: '+27835550401' });
  });

  it('keeps formula-looking input as text in the workbook', async () => {
    const d = await dir();
    await writeFile(path.join(d, 'evil.csv'), 'First Name,Last Name,Email,Notes\n=1+1,@SUM(A1),evil@example.com,"=HYPERLINK(""http://x"",""y"")"\n');
    expect((await cli(['import', 'evil.csv', '--into', 'wb.xlsx'], d)).code).toBe(0);
    const wb = await openXlsxWorkbook(path.join(d, 'wb.xlsx'));
    const header = wb.read('Customers')!.header;
    const [row] = wb.readTyped('Customers', [2]);
    expect([row![header.indexOf('first_name')], row![header.indexOf('last_name')], row![header.indexOf('notes')]]).toEqual(['=1+1', '@SUM(A1)', '=HYPERLINK("http://x","y")']);
  });

  it.each([
    [['import', 'missing.csv', '--into', 'wb.xlsx'], /cannot read .*missing\.csv: no such file/],
    [['import', 'list.csv'], /--into WORKBOOK\.xlsx is required/],
    [['import', 'list.csv', '--into', 'wb.xlsx', '--map', 'shoe_size=Name'], /"shoe_size" is not a field we import/],
    [['import', 'list.csv', '--into', 'wb.xlsx', '--map', 'email=Mail'], /list\.csv has no column "Mail" \(--map email\)/],
    [['import', 'list.csv', '--into', 'wb.xlsx', '--key', 'Member No'], /list\.csv has no column "Member No" \(--key\)/],
    [['import', 'list.csv', '--into', 'wb.xlsx', '--date-order', 'dym'], /--date-order must be dmy, mdy or ymd/],
    [['import', 'odd.csv', '--into', 'wb.xlsx'], /odd\.csv: no column could be mapped/],
    [['import', 'undo', 'IMP-x', '--workbook', 'none.xlsx'], /no such file/],
  ])('exits 2 with one line for unusable input: %j', async (args, message) => {
    const d = await dir();
    await writeFile(path.join(d, 'list.csv'), 'Name,Email\nAnn Lee,ann@example.com\n');
    await writeFile(path.join(d, 'odd.csv'), 'Colour,Size\nred,9\n');
    const r = await cli(args, d);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(await exists(path.join(d, 'wb.xlsx'))).toBe(false);
  });

  it('import then undo on the demo workbook: every cell of every tab as before', async () => {
    const d = await dir();
    const file = path.join(d, 'demo.xlsx');
    await createDemoWorkbook(file, { customers: 60, seed: 4, today: '2026-12-01' });
    // A date cell, a formula and a link typed by a person, which undo must leave as they are.
    const demo = await openXlsxWorkbook(file);
    demo.withLock(() => {
      const header = demo.read('Customers')!.header;
      const rows = demo.read('Customers')!.rows.length;
      demo.writeTyped('Customers', [
        { row: rows + 1, col: header.indexOf('customer_since') + 1, value: { kind: 'date', iso: '2019-05-01' } },
        { row: 2, col: header.indexOf('notes') + 1, value: { kind: 'link', url: 'https://example.com/a', text: 'see file' } },
      ]);
    });
    await demo.save();
    await copyFile(file, path.join(d, 'copy.xlsx'));
    const before = await tabs(file);
    const typedBefore = await typedTabs(file, ['Settings']);
    const inputs = ['shopify-customers.csv', 'google-contacts-legacy.csv', 'apple-3.0.vcf', 'mailchimp-subscribed.csv'].map((f) => path.join(FIXTURES, f));
    const imported = JSON.parse((await cli(['import', ...inputs, '--into', 'demo.xlsx', '--overwrite', '--json'], d)).stdout) as { importId: string };
    const bought = JSON.parse((await cli(['import', 'purchases', path.join(FIXTURES, 'purchases', 'shopify-orders.csv'), '--into', 'demo.xlsx', '--json'], d)).stdout) as { importId: string };
    expect(await tabs(file)).not.toEqual(before);
    const u1 = await cli(['import', 'undo', bought.importId, '--workbook', 'demo.xlsx'], d);
    expect(u1.code).toBe(0);
    const u2 = await cli(['import', 'undo', imported.importId, '--workbook', 'demo.xlsx'], d);
    expect(u2.stdout).toMatch(/undid import IMP-.*: 0 rows put back, \d+ created rows removed/);
    const after = await tabs(file);
    delete after['Import log'];
    const counters = (g: Grid | undefined): unknown[] => (g?.rows ?? []).filter((r) => !String(r[0]).startsWith('last_id.'));
    expect(counters(after.Settings)).toEqual(counters(before.Settings));
    delete after.Settings;
    delete before.Settings;
    expect(after).toEqual(before);
    expect(await typedTabs(file, ['Settings', 'Import log'])).toEqual(typedBefore);
    expect((await cli(['import', 'undo', imported.importId, '--workbook', 'demo.xlsx'], d)).code).toBe(2);
  }, 60_000);
});
