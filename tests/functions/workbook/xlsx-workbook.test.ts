import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { crc32, inflateRawSync } from 'node:zlib';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createXlsxWorkbook, openXlsxWorkbook } from '../../../functions/workbook/xlsx-workbook';
import { readZip } from '../../../functions/workbook/zip';
import { toLocal } from '../../../shared/kernel';
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


describe('xlsx workbook as a store shared by processes', () => {
  async function userBook(file: string): Promise<void> {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Customers');
    sheet.addRow(['id', 'first_name', 'email', 'Joined', 'Spend x2', 'Website']);
    sheet.addRow(['C-000001', 'Ann', 'ann@example.com', new Date(Date.UTC(2024, 2, 5)), { formula: 'LEN(B2)*2', result: 6 }, { text: 'ann.example', hyperlink: 'https://ann.example/' }]);
    sheet.addRow(['C-000002', 'Ben', 'ben@example.com', new Date(Date.UTC(2023, 10, 30)), { formula: 'LEN(B3)*2', result: 6 }, { text: 'ben.example', hyperlink: 'https://ben.example/' }]);
    sheet.getColumn(4).numFmt = 'yyyy-mm-dd';
    const other = book.addWorksheet('Purchases');
    other.addRow(['id', 'customer_id', 'amount']);
    other.addRow(['P-1', 'C-000001', 120]);
    await book.xlsx.writeFile(file);
  }

  it('merges the writes of two sessions that read the same file: neither overwrites the other', async () => {
    const file = tmp('two.xlsx');
    await userBook(file);
    const a = await openXlsxWorkbook(file);
    const b = await openXlsxWorkbook(file);
    // Both read before either writes (as the workbench and a CLI run would).
    expect(a.read('Customers')!.rows).toHaveLength(2);
    expect(b.read('Customers')!.rows).toHaveLength(2);
    b.withLock(() => {
      b.write('Customers', [{ row: 2, col: 2, value: 'Anna' }]);
      b.append('Purchases', [['P-2', 'C-000002', 80]]);
    });
    a.withLock(() => {
      a.write('Customers', [{ row: 3, col: 3, value: 'ben@new.example' }]);
      a.append('Purchases', [['P-3', 'C-000001', 5]]);
    });
    const back = await openXlsxWorkbook(file);
    expect(back.read('Customers')!.rows.map((r) => r.slice(0, 3))).toEqual([
      ['C-000001', 'Anna', 'ann@example.com'],
      ['C-000002', 'Ben', 'ben@new.example'],
    ]);
    expect(back.read('Purchases')!.rows.map((r) => r[0])).toEqual(['P-1', 'P-2', 'P-3']);
    // Session a saw b's write once it took the lock: no stale copy.
    expect(a.read('Customers')!.rows[0]![1]).toBe('Anna');
  });

  it('a change made outside withLock is saved by save(), replayed on what another session saved meanwhile', async () => {
    const file = tmp('replay.xlsx');
    await userBook(file);
    const a = await openXlsxWorkbook(file);
    a.read('Customers');
    a.write('Customers', [{ row: 2, col: 3, value: 'ann@new.example' }]);
    const b = await openXlsxWorkbook(file);
    b.withLock(() => b.write('Customers', [{ row: 2, col: 2, value: 'Annie' }]));
    await a.save();
    const row = (await openXlsxWorkbook(file)).read('Customers')!.rows[0]!;
    expect(row.slice(0, 3)).toEqual(['C-000001', 'Annie', 'ann@new.example']);
  });

  it('writes back only the changed sheet: other parts are copied byte for byte, and a user’s dates, formulas and links stay', async () => {
    const file = tmp('bytes.xlsx');
    await userBook(file);
    const before = readZip(readFileSync(file));
    const wb = await openXlsxWorkbook(file);
    wb.withLock(() => wb.append('Purchases', [['P-2', 'C-000002', 80]]));
    const after = readZip(readFileSync(file));
    const changed = [...after.keys()].filter((k) => !before.has(k) || Buffer.compare(Buffer.from(before.get(k)!.data), Buffer.from(after.get(k)!.data)) !== 0);
    expect(changed).toEqual(['xl/worksheets/sheet2.xml']);
    // The user's cells, read by ExcelJS, are as they were: a date, a formula with its result, a hyperlink.
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const s = book.getWorksheet('Customers')!;
    expect(s.getCell('D2').value).toEqual(new Date(Date.UTC(2024, 2, 5)));
    expect(s.getCell('E2').value).toEqual({ formula: 'LEN(B2)*2', result: 6 });
    expect(s.getCell('F2').value).toEqual({ text: 'ann.example', hyperlink: 'https://ann.example/' });
    expect(book.getWorksheet('Purchases')!.getCell('C3').value).toBe(80);
  });

  it('readTyped gives dates, formulas and links as typed; writeTyped puts them back after plain values replaced them', async () => {
    const file = tmp('typed.xlsx');
    await userBook(file);
    const wb = await openXlsxWorkbook(file);
    const typed = wb.readTyped('Customers', [2, 3]);
    expect(typed[0]).toEqual([
      'C-000001',
      'Ann',
      'ann@example.com',
      { kind: 'date', iso: '2024-03-05' },
      { kind: 'formula', formula: '=LEN(B2)*2', value: 6 },
      { kind: 'link', url: 'https://ann.example/', text: 'ann.example' },
    ]);
    // A merge writes plain values over them …
    wb.withLock(() => wb.write('Customers', [{ row: 2, col: 4, value: 'x' }, { row: 2, col: 5, value: 6 }, { row: 2, col: 6, value: 'plain' }]));
    let book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    expect(book.getWorksheet('Customers')!.getCell('F2').value).toBe('plain');
    expect(book.getWorksheet('Customers')!.getCell('E2').value).toBe(6);
    // … and undo restores each cell with its type.
    wb.withLock(() => wb.writeTyped('Customers', typed[0]!.map((value, i) => ({ row: 2, col: i + 1, value })).slice(3)));
    const again = await openXlsxWorkbook(file);
    expect(again.readTyped('Customers', [2])).toEqual([typed[0]]);
    expect(again.read('Customers')!.rows[0]!.slice(3)).toEqual(['2024-03-05', 6, 'ann.example']);
    book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const s = book.getWorksheet('Customers')!;
    expect(s.getCell('D2').value).toEqual(new Date(Date.UTC(2024, 2, 5)));
    expect(s.getCell('E2').value).toEqual({ formula: 'LEN(B2)*2', result: 6 });
    expect(s.getCell('F2').value).toEqual({ text: 'ann.example', hyperlink: 'https://ann.example/' });
  });

  it('a workbook written from scratch opens in ExcelJS with its tabs, a bold frozen header and text columns', async () => {
    const file = tmp('new.xlsx');
    const wb = createXlsxWorkbook();
    wb.ensureTab('People', { header: ['id', 'phone', 'joined'], textColumns: ['phone'] });
    wb.append('People', [['P-1', '0821234567', 3], ['P-2', "'=1+1", true]]);
    wb.ensureTab('Empty', { header: ['a'], textColumns: [] });
    await wb.save(file);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    expect(book.worksheets.map((s) => s.name)).toEqual(['People', 'Empty']);
    const s = book.getWorksheet('People')!;
    expect(s.getCell('A1').font?.bold).toBe(true);
    expect(s.getColumn(2).numFmt).toBe('@');
    expect(s.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect([s.getCell('B2').value, s.getCell('C2').value, s.getCell('B3').value, s.getCell('C3').value]).toEqual(['0821234567', 3, "'=1+1", true]);
  });
});

describe('rowCount', () => {
  it('counts data rows without reading the tab, as read() would count them', async () => {
    const file = tmp('count.xlsx');
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('People');
    sheet.addRow(['id', 'name']);
    for (let i = 1; i <= 25; i++) sheet.addRow([`P-${i}`, i % 3 === 0 ? null : `Name ${i}`]);
    // A styled but empty row at the end is formatting, not data.
    sheet.getCell('A40').fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFF0000' } };
    await book.xlsx.writeFile(file);
    const wb = await openXlsxWorkbook(file);
    expect(wb.rowCount('People')).toBe(25);
    expect(wb.calls.read).toBe(0);
    expect(wb.read('People')!.rows).toHaveLength(25);
    expect(wb.rowCount('Nope')).toBeUndefined();
  });
});

describe('large sheets', () => {
  it('a sheet over a megabyte is stored in separately compressed pieces that every reader reads back whole', async () => {
    const file = tmp('large.xlsx');
    const wb = createXlsxWorkbook();
    wb.ensureTab('Big', { header: ['id', 'name', 'note', 'n'], textColumns: [] });
    const rows = Array.from({ length: 12_000 }, (_, i) => [`B-${i + 1}`, `Person number ${i + 1}`, `a note that makes the row longer ${i % 97}`, i]);
    wb.append('Big', rows);
    await wb.save(file);
    for (const [row, value] of [[6_001, 'changed in the middle'], [12_001, 'changed at the end'], [2, 'changed at the start']] as const) {
      wb.withLock(() => wb.write('Big', [{ row, col: 2, value }]));
    }
    wb.withLock(() => wb.append('Big', [['B-new', 'appended', null, -1]]));
    const entry = readZip(readFileSync(file)).get('xl/worksheets/sheet1.xml')!;
    expect(entry.size).toBeGreaterThan(1_048_576);
    // The stream inflates to the full sheet and its checksum is right (what unzip and Excel check).
    const xml = inflateRawSync(entry.data);
    expect(xml.length).toBe(entry.size);
    expect(crc32(xml)).toBe(entry.crc);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const s = book.getWorksheet('Big')!;
    expect([s.getCell('B2').value, s.getCell('B6001').value, s.getCell('B12001').value, s.getCell('A12002').value, s.getCell('B7000').value]).toEqual([
      'changed at the start',
      'changed in the middle',
      'changed at the end',
      'B-new',
      'Person number 6999',
    ]);
    expect((await openXlsxWorkbook(file)).read('Big')!.rows).toHaveLength(12_001);
  });
});
