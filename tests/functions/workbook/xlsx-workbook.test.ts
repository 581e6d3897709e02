import ExcelJS from 'exceljs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createXlsxWorkbook, openXlsxWorkbook } from '../../../functions/workbook/xlsx-workbook';
import { toLocal } from '../../../shared/greetings';
import { appendRecords, customersTab, migrateWorkbook, openTable, parseSettings, saveChanges } from '../../../shared/workbook';

const tmp = (name: string): string => path.join(mkdtempSync(path.join(tmpdir(), 'regulars-xlsx-')), name);

describe('xlsx workbook adapter', () => {
  it('round-trips customers through a file, keeping formula-looking text and leading zeros as text', async () => {
    const file = tmp('book.xlsx');
    const wb = createXlsxWorkbook();
    migrateWorkbook(wb);
    const table = openTable(wb, customersTab);
    appendRecords(wb, table, [
      { first_name: '=HYPERLINK("http://evil","x")', last_name: 'Nkosi', phone: '0821234567', postcode: '0081', birth_date: '1990-02-28', email_consent: true, revenue: 12.5 },
      { first_name: '+27 82 555 0100', last_name: '-Dlamini', email: 'a@b.co' },
    ]);
    await wb.save(file);

    const reopened = await openXlsxWorkbook(file);
    const back = openTable(reopened, customersTab);
    expect(back.issues).toEqual([]);
    expect(back.rows.map((r) => r.record.id)).toEqual(['C-000001', 'C-000002']);
    const first = back.rows[0]!.record;
    expect(first.first_name).toBe('=HYPERLINK("http://evil","x")');
    expect(first.phone).toBe('0821234567');
    expect(first.postcode).toBe('0081');
    expect(first.birth_date).toBe('1990-02-28');
    expect(first.email_consent).toBe(true);
    expect(first.revenue).toBe(12.5);
    expect(back.rows[1]!.record.first_name).toBe('+27 82 555 0100');
    expect(parseSettings(reopened.read('Settings')).settings.schema_version).toBe(1);

    // The raw cell in the file is a text cell, never a formula.
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const sheet = book.getWorksheet('Customers')!;
    const nameCol = (sheet.getRow(1).values as unknown[]).indexOf('first_name');
    expect(sheet.getRow(2).getCell(nameCol).type).toBe(ExcelJS.ValueType.String);
  });

  it('keeps a user column and writes only changed cells on save', async () => {
    const file = tmp('user.xlsx');
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Customers');
    sheet.addRow(['ID', 'First Name', 'Surname', 'Favourite colour', 'E-mail']);
    sheet.addRow(['C-000007', 'thandi', 'Mokoena', 'green', 'T@EXAMPLE.com']);
    sheet.getCell('D2').font = { italic: true };
    await book.xlsx.writeFile(file);

    const wb = await openXlsxWorkbook(file);
    const table = openTable(wb, customersTab);
    const row = table.rows[0]!;
    expect(row.record).toMatchObject({ id: 'C-000007', first_name: 'thandi', last_name: 'Mokoena', email: 't@example.com' });
    saveChanges(wb, table, [{ row: row.row, before: row.record, after: { ...row.record, first_name: 'Thandi' } }]);
    const [added] = appendRecords(wb, table, [{ first_name: 'Sipho' }]);
    expect(added?.id).toBe('C-000008');
    await wb.save();

    const check = new ExcelJS.Workbook();
    await check.xlsx.readFile(file);
    const s = check.getWorksheet('Customers')!;
    expect(s.getCell('B2').value).toBe('Thandi');
    expect(s.getCell('D2').value).toBe('green');
    expect(s.getCell('D2').font?.italic).toBe(true);
    expect(s.getCell('E2').value).toBe('T@EXAMPLE.com');
    expect(s.getCell('A1').value).toBe('ID');
  });

  it('names the file when it cannot be read', async () => {
    await expect(openXlsxWorkbook(tmp('missing.xlsx'))).rejects.toThrow(/missing\.xlsx/);
  });

  it('reads Excel dates as dates and date-times as wall-clock time without a zone', async () => {
    const file = tmp('times.xlsx');
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Interactions');
    sheet.addRow(['id', 'customer_id', 'date', 'kind']);
    // Excel keeps what was typed; ExcelJS hands a typed "24/11/2026 09:30" over as 09:30 UTC.
    sheet.addRow(['I-1', 'C-1', new Date(Date.UTC(2026, 10, 24, 9, 30)), 'appointment']);
    sheet.addRow(['I-2', 'C-1', new Date(Date.UTC(2026, 10, 25)), 'call']);
    await book.xlsx.writeFile(file);
    const grid = (await openXlsxWorkbook(file)).read('Interactions')!;
    expect(grid.rows.map((r) => r[2])).toEqual(['2026-11-24T09:30:00', '2026-11-25']);
    // Read in the business's zone, the appointment is still at 09:30 (not 11:30 in Johannesburg).
    expect(toLocal(String(grid.rows[0]![2]), 'Africa/Johannesburg')).toEqual({ date: '2026-11-24', time: '09:30' });
  });
});

