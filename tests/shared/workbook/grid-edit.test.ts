import { describe, expect, it } from 'vitest';
import { applyGridEdit, gridAccess, MemoryWorkbook, type CellValue, type GridEdit } from '../../../shared/workbook';

const NOW = '2026-11-23T10:00:00Z';

/** A small workbook as a person might have typed it: Customers with their own "Shoe size" column, Settings day-first. */
function workbook(dateOrder = 'dmy'): MemoryWorkbook {
  return new MemoryWorkbook({
    Customers: {
      header: ['id', 'first_name', 'last_name', 'birth_date', 'email_consent', 'status', 'updated_at', 'Shoe size'],
      rows: [
        ['C-000001', 'Ann', 'Smith', '1980-05-01', true, 'active', '2026-01-01T00:00:00Z', '38'],
        ['C-000007', 'Ben', 'Jones', null, null, 'active', null, null],
      ],
    },
    Purchases: { header: ['id', 'customer_id', 'date', 'amount'], rows: [['P-000001', 'C-000001', '2026-02-03', 120]] },
    'Merge log': { header: ['id', 'merge_id'], rows: [] },
    Settings: { header: ['key', 'value'], rows: [['date_order', dateOrder], ['last_id.c', '9'], ['country', 'ZA']] },
  });
}

const edit = (e: Partial<GridEdit> & Pick<GridEdit, 'col' | 'header' | 'value'>): GridEdit => ({ tab: 'Customers', row: 2, ...e });

describe('applyGridEdit', () => {
  it('reads a date in the business order, writes it as ISO and stamps updated_at', () => {
    const wb = workbook();
    const result = applyGridEdit(wb, edit({ row: 3, col: 4, header: 'birth_date', value: '3/11/1985' }), NOW);
    expect(result).toMatchObject({ ok: true, row: 3, written: 2 });
    const after = wb.snapshot('Customers')!;
    expect(after.rows[1]!.slice(0, 8)).toEqual(['C-000007', 'Ben', 'Jones', '1985-11-03', null, 'active', NOW, null]);
    // Opened for writing as every writer opens it: missing contract columns are added after the person's own.
    expect(after.header.slice(0, 9)).toEqual(['id', 'first_name', 'last_name', 'birth_date', 'email_consent', 'status', 'updated_at', 'Shoe size', 'contact_type']);
  });

  it('reads the same text month first when Settings say mdy', () => {
    const wb = workbook('mdy');
    applyGridEdit(wb, edit({ row: 3, col: 4, header: 'birth_date', value: '3/11/1985' }), NOW);
    expect(wb.snapshot('Customers')!.rows[1]![3]).toBe('1985-03-11');
  });

  it.each([
    ['02/31/2026', 'birth_date', 4, 'not_a_date'],
    ['31/02/2026', 'birth_date', 4, 'not_a_date'],
    ['maybe', 'email_consent', 5, 'not_a_boolean'],
    ['gone', 'status', 6, 'not_a_choice'],
  ])('refuses %s in %s with the codec fault and writes nothing', (value, header, col, fault) => {
    const wb = workbook();
    const before = wb.snapshot('Customers');
    const result = applyGridEdit(wb, edit({ col, header, value }), NOW);
    expect(result).toMatchObject({ ok: false, fault });
    expect(wb.snapshot('Customers')).toEqual(before);
    expect(wb.calls.write).toBe(0);
  });

  it('keeps a formula-looking string as the text typed (the adapters guard it)', () => {
    const wb = workbook();
    applyGridEdit(wb, edit({ col: 3, header: 'last_name', value: '=IMPORTXML("http://x")' }), NOW);
    expect(wb.snapshot('Customers')!.rows[0]![2]).toBe('=IMPORTXML("http://x")');
  });

  it('keeps your own column as typed: a leading zero and all', () => {
    const wb = workbook();
    applyGridEdit(wb, edit({ col: 8, header: 'Shoe size', value: '040' }), NOW);
    expect(wb.snapshot('Customers')!.rows[0]![7]).toBe('040');
  });

  it('finds the row by id when rows moved since the grid was drawn', () => {
    const wb = workbook();
    const result = applyGridEdit(wb, edit({ row: 2, id: 'C-000007', col: 2, header: 'first_name', value: 'Benjamin', seen: 'Ben' }), NOW);
    expect(result).toMatchObject({ ok: true, row: 3 });
    expect(wb.snapshot('Customers')!.rows.map((r) => r[1])).toEqual(['Ann', 'Benjamin']);
  });

  it('refuses a cell someone changed since it was shown, and a column that moved', () => {
    const wb = workbook();
    expect(applyGridEdit(wb, edit({ col: 2, header: 'first_name', value: 'Anne', seen: 'Annie' }), NOW)).toMatchObject({ ok: false, fault: 'conflict' });
    expect(applyGridEdit(wb, edit({ col: 3, header: 'first_name', value: 'Anne' }), NOW)).toMatchObject({ ok: false, fault: 'no_such_column' });
    expect(applyGridEdit(wb, edit({ row: 9, col: 2, header: 'first_name', value: 'Anne' }), NOW)).toMatchObject({ ok: false, fault: 'no_such_row' });
    expect(wb.calls.write).toBe(0);
  });

  it('refuses ids, the header row, logs and a blank in a required column', () => {
    const wb = workbook();
    expect(applyGridEdit(wb, edit({ col: 1, header: 'id', value: 'C-999999' }), NOW)).toMatchObject({ ok: false, fault: 'read_only_column' });
    expect(applyGridEdit(wb, edit({ row: 1, col: 2, header: 'first_name', value: 'Name' }), NOW)).toMatchObject({ ok: false, fault: 'header_row' });
    expect(applyGridEdit(wb, { tab: 'Merge log', row: 'new', col: 2, header: 'merge_id', value: 'X' }, NOW)).toMatchObject({ ok: false, fault: 'read_only_tab' });
    expect(applyGridEdit(wb, { tab: 'Purchases', row: 2, col: 3, header: 'date', value: '' }, NOW)).toMatchObject({ ok: false, fault: 'required' });
    expect(wb.calls.write).toBe(0);
  });

  it('adds a row with the next id after both the highest in use and the last issued, and remembers it', () => {
    const wb = workbook();
    const result = applyGridEdit(wb, { tab: 'Customers', row: 'new', col: 2, header: 'first_name', value: 'Cara' }, NOW);
    expect(result).toMatchObject({ ok: true, row: 4 });
    // Settings say C-000009 was issued (and deleted since): the new customer is C-000010, never a reused id.
    const added = wb.snapshot('Customers')!.rows[2]!;
    const header = wb.snapshot('Customers')!.header;
    const record = Object.fromEntries(header.map((h, i) => [h, added[i] ?? null])) as Record<string, CellValue>;
    expect(record).toMatchObject({ id: 'C-000010', first_name: 'Cara', status: 'active', updated_at: NOW, created_at: NOW });
    expect(wb.snapshot('Settings')!.rows.find((r) => r[0] === 'last_id.c')![1]).toBe(10);
  });

  it('adds a row from your own column too, and a blank typed into the new row adds nothing', () => {
    const wb = workbook();
    expect(applyGridEdit(wb, { tab: 'Customers', row: 'new', col: 8, header: 'Shoe size', value: '  ' }, NOW)).toMatchObject({ ok: true, written: 0 });
    expect(wb.snapshot('Customers')!.rows).toHaveLength(2);
    applyGridEdit(wb, { tab: 'Customers', row: 'new', col: 8, header: 'Shoe size', value: '44' }, NOW);
    const rows = wb.snapshot('Customers')!.rows;
    expect(rows).toHaveLength(3);
    expect([rows[2]![0], rows[2]![7]]).toEqual(['C-000010', '44']);
  });

  it('checks a Settings value against its setting', () => {
    const wb = workbook();
    expect(applyGridEdit(wb, { tab: 'Settings', row: 2, col: 2, header: 'value', value: 'ydm' }, NOW)).toMatchObject({ ok: false, fault: 'bad_setting' });
    expect(applyGridEdit(wb, { tab: 'Settings', row: 4, col: 2, header: 'value', value: 'gb' }, NOW)).toMatchObject({ ok: true });
    expect(wb.snapshot('Settings')!.rows[2]).toEqual(['country', 'gb']);
    // The id counter is what keeps ids from being reused: neither its key nor its value may be typed over.
    expect(applyGridEdit(wb, { tab: 'Settings', row: 3, col: 2, header: 'value', value: '1' }, NOW)).toMatchObject({ ok: false, fault: 'read_only_column' });
    expect(applyGridEdit(wb, { tab: 'Settings', row: 3, col: 1, header: 'key', value: 'x' }, NOW)).toMatchObject({ ok: false, fault: 'read_only_column' });
    expect(wb.snapshot('Settings')!.rows[1]).toEqual(['last_id.c', '9']);
  });
});

describe('gridAccess', () => {
  it('names the read-only columns of a contract tab and every column of a log', () => {
    const customers = gridAccess('Customers', ['id', 'first_name', 'updated_at', 'Shoe size']);
    expect(customers.tab).toBeNull();
    expect(customers.columns.map((c) => c !== null)).toEqual([true, false, true, false]);
    const log = gridAccess('Merge log', ['id', 'merge_id']);
    expect(log.tab).not.toBeNull();
    expect(log.columns.every((c) => c === log.tab)).toBe(true);
  });
});
