import { describe, expect, it } from 'vitest';
import { planGreetings, readGreetingsData } from '../../../shared/greetings';
import { applyImport, planImport } from '../../../shared/import';
import { campaignsTab, MemoryWorkbook, openTable, appendRecords, customersTab, readTable } from '../../../shared/workbook';

// A birthday imported without a year (`--MM-DD`) is read back without an issue and still greeted every year.
describe('yearless birthdays from an import', () => {
  function workbookWith(birthdays: string[]) {
    const wb = new MemoryWorkbook();
    const rows = birthdays.map((b, i) => [`P${i}`, `p${i}@example.com`, b, 'yes']);
    applyImport(wb, planImport(wb, [{ file: 'b.csv', format: 'csv', header: ['First Name', 'Email', 'Birthday', 'Accepts Email Marketing'], rows, lines: rows.map((_, i) => i + 2) }], { country: 'ZA' }), { importId: 'I', at: '2026-01-01T00:00:00Z', by: 't' });
    appendRecords(wb, openTable(wb, campaignsTab), [{ name: 'Birthday', trigger: 'birthday', subject: 'Happy birthday', body: 'Hi {{first_name}}', active: true }]);
    return wb;
  }

  function due(wb: MemoryWorkbook, date: string): string[] {
    const data = readGreetingsData(wb);
    const plan = planGreetings({ date, timeZone: 'UTC', coolDownDays: 0, customers: data.customers, purchases: data.purchases, interactions: data.interactions, campaigns: data.campaigns, outbox: data.outbox, loyalty: data.loyalty });
    return plan.messages.filter((m) => m.decision === 'send').map((m) => `${m.customer.record.first_name}${m.context.age ? `:${m.context.age}` : ''}`).sort();
  }

  it('stores --MM-DD and reads it back without an issue', () => {
    const wb = workbookWith(['--03-14', '0000-07-01', '1990-03-14']);
    const table = readTable(wb, customersTab)!;
    expect(table.rows.map((r) => r.record.birth_date)).toEqual(['--03-14', '--07-01', '1990-03-14']);
    expect(table.issues).toEqual([]);
  });

  it('greets a yearless birthday on its day every year, with no age; a dated one with its age', () => {
    const wb = workbookWith(['--03-14', '1990-03-14', '--03-15']);
    expect(due(wb, '2026-03-14')).toEqual(['P0', 'P1:36']);
    expect(due(wb, '2031-03-14')).toEqual(['P0', 'P1:41']);
    expect(due(wb, '2026-03-15')).toEqual(['P2']);
  });

  it('greets a yearless Feb 29 on Feb 28 in other years', () => {
    const wb = workbookWith(['--02-29']);
    expect(due(wb, '2027-02-28')).toEqual(['P0']);
    expect(due(wb, '2028-02-28')).toEqual([]);
    expect(due(wb, '2028-02-29')).toEqual(['P0']);
  });
});
