import { describe, expect, it } from 'vitest';
import { customersTab, decodeTable, describeIssue, diffRecord, encodeRow, mapHeader, purchasesTab, foldHeader } from '../../../shared/workbook';

describe('header mapping', () => {
  it('finds columns by name or synonym, ignoring case, spacing and punctuation', () => {
    const map = mapHeader(customersTab.columns, ['Customer ID', 'Given Name', 'SURNAME', 'E-mail Address', 'Mobile', 'DOB', 'Shoe size']);
    expect(map.indexOf.get('id')).toBe(0);
    expect(map.indexOf.get('first_name')).toBe(1);
    expect(map.indexOf.get('last_name')).toBe(2);
    expect(map.indexOf.get('email')).toBe(3);
    expect(map.indexOf.get('phone')).toBe(4);
    expect(map.indexOf.get('birth_date')).toBe(5);
    expect(map.unknown).toEqual([6]);
  });

  it('prefers an exact name over a synonym elsewhere, and honours overrides', () => {
    const map = mapHeader(customersTab.columns, ['mail', 'email']);
    expect(map.indexOf.get('email')).toBe(1);
    const overridden = mapHeader(customersTab.columns, ['Cell A', 'Cell B'], { phone: 'cell b' });
    expect(overridden.indexOf.get('phone')).toBe(1);
  });

  it('folds accents', () => {
    expect(foldHeader('Prénom ')).toBe('prenom');
  });
});

describe('decodeTable', () => {
  const grid = {
    header: ['id', 'customer_id', 'date', 'amount', 'till note'],
    rows: [
      ['P-000001', 'C-000001', '05/03/2024', '1,250.00', 'x'],
      ['P-000002', 'C-000002', 'next tuesday', 'lots', null],
      [null, null, null, null, null],
      ['P-000004', '', '2024-03-07', 3, null],
    ],
  };

  it('reads typed records and reports each bad cell by sheet row and column', () => {
    const table = decodeTable(purchasesTab, grid);
    expect(table.rows.map((r) => r.row)).toEqual([2, 3, 5]);
    expect(table.rows[0]!.record).toMatchObject({ id: 'P-000001', date: '2024-03-05', amount: 1250, currency: '' });
    expect(table.rows[1]!.record.date).toBeUndefined();
    expect(table.issues).toEqual([
      { tab: 'Purchases', row: 3, column: 'date', code: 'not_a_date', value: 'next tuesday' },
      { tab: 'Purchases', row: 3, column: 'amount', code: 'not_a_number', value: 'lots' },
      { tab: 'Purchases', row: 5, column: 'customer_id', code: 'required', value: '' },
    ]);
    expect(describeIssue(table.issues[0]!)).toBe('Purchases row 3, column "date": is not a date (use YYYY-MM-DD or DD/MM/YYYY)');
  });

  it('decodes only the rows of one customer when asked, keeping their sheet rows and issues', () => {
    const table = decodeTable(purchasesTab, grid, 'dmy', { field: 'customer_id', equals: ' C-000002 ' });
    expect(table.rows.map((r) => r.row)).toEqual([3]);
    expect(table.issues.map((i) => `${i.row}:${i.column}`)).toEqual(['3:date', '3:amount']);
    expect(decodeTable(purchasesTab, grid, 'dmy', { field: 'no_such_field', equals: 'C-000001' }).rows).toEqual([]);
  });

  it('writes back only changed cells, and leaves unknown columns alone on append', () => {
    const table = decodeTable(purchasesTab, grid);
    const row = table.rows[0]!;
    const updates = diffRecord(table, row.row, row.record, { ...row.record, amount: 99, description: 'Vinyl' });
    expect(updates).toEqual([{ row: 2, col: 4, value: 99 }]);
    expect(encodeRow(table, { id: 'P-000009', amount: 5 })).toEqual(['P-000009', null, null, 5, null]);
  });
});
