import { describe, expect, it } from 'vitest';
import { allocateIds, appendRecords, customersTab, MemoryWorkbook, migrateWorkbook, openTable, parseSettings, saveChanges, SCHEMA_VERSION, TABS, writeSettings } from '../../../shared/workbook';

describe('ids', () => {
  it('continue after both the highest id in use and the last one issued', () => {
    expect(allocateIds('C', ['C-000003', 'X-9', 'C-000010'], 4, 2)).toEqual({ ids: ['C-000011', 'C-000012'], last: 12 });
    expect(allocateIds('C', ['C-000003'], 40, 1)).toEqual({ ids: ['C-000041'], last: 41 });
  });

  it('are never reused after the highest row is deleted', () => {
    const wb = new MemoryWorkbook();
    migrateWorkbook(wb);
    appendRecords(wb, openTable(wb, customersTab), [{ first_name: 'A' }, { first_name: 'B' }]);
    const grid = wb.snapshot('Customers')!;
    wb.replaceRows('Customers', grid.rows.slice(0, 1));
    wb.clearCache();
    const [next] = appendRecords(wb, openTable(wb, customersTab), [{ first_name: 'C' }]);
    expect(next?.id).toBe('C-000003');
  });
});

describe('migrateWorkbook', () => {
  it('creates every tab with its header and records the schema version, once', () => {
    const wb = new MemoryWorkbook();
    expect(migrateWorkbook(wb)).toEqual({ from: 0, to: SCHEMA_VERSION });
    for (const def of TABS) expect(wb.snapshot(def.name)?.header).toEqual(Object.keys(def.columns));
    expect(wb.textColumns.get('Customers')?.has('phone')).toBe(true);
    expect(wb.textColumns.get('Customers')?.has('revenue')).toBe(false);
    expect(parseSettings(wb.read('Settings')).settings.schema_version).toBe(SCHEMA_VERSION);
    wb.clearCache();
    expect(migrateWorkbook(wb)).toEqual({ from: SCHEMA_VERSION, to: SCHEMA_VERSION });
  });

  it('keeps a user column and adds only missing fields to an existing tab', () => {
    const wb = new MemoryWorkbook({ Customers: { header: ['Surname', 'My notes'], rows: [['Botha', 'keep']] } });
    migrateWorkbook(wb);
    const header = wb.snapshot('Customers')!.header;
    expect(header.slice(0, 2)).toEqual(['Surname', 'My notes']);
    expect(header).not.toContain('last_name');
    expect(header).toContain('first_name');
    expect(wb.snapshot('Customers')!.rows[0]!.slice(0, 2)).toEqual(['Botha', 'keep']);
  });
});

describe('saveChanges', () => {
  it('costs one write call for one customer and one for a thousand, touching only changed cells', () => {
    const wb = new MemoryWorkbook();
    migrateWorkbook(wb);
    appendRecords(wb, openTable(wb, customersTab), Array.from({ length: 1000 }, (_, i) => ({ first_name: `N${i}`, city: 'Durban' })));
    wb.clearCache();
    const table = openTable(wb, customersTab);
    const before = wb.calls.write;
    saveChanges(wb, table, table.rows.filter((_, i) => i % 7 === 0).map((r) => ({ row: r.row, before: r.record, after: { ...r.record, city: 'eThekwini' } })));
    expect(wb.calls.write - before).toBe(1);
    const rows = wb.snapshot('Customers')!.rows;
    const cityCol = wb.snapshot('Customers')!.header.indexOf('city');
    expect(rows.filter((r) => r[cityCol] === 'eThekwini')).toHaveLength(143);
    expect(rows[1]![cityCol]).toBe('Durban');
  });
});

describe('settings', () => {
  it('reads defaults, keeps unknown keys and reports a bad value by row without losing the rest', () => {
    const wb = new MemoryWorkbook({ Settings: { header: ['key', 'value'], rows: [['country', 'za'], ['margin_pct', 'lots'], ['favourite', 'x'], ['time_zone', 'Africa/Johannesburg']] } });
    const { settings, extra, issues } = parseSettings(wb.read('Settings'));
    expect(settings.country).toBe('ZA');
    expect(settings.margin_pct).toBe(30);
    expect(settings.time_zone).toBe('Africa/Johannesburg');
    expect(extra).toEqual({ favourite: 'x' });
    expect(issues.map((i) => [i.row, i.key])).toEqual([[3, 'margin_pct']]);
    writeSettings(wb, { margin_pct: 40, business_name: 'Corner Shop' });
    wb.clearCache();
    expect(parseSettings(wb.read('Settings')).settings).toMatchObject({ margin_pct: 40, business_name: 'Corner Shop' });
  });
});
