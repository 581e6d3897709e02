import { describe, expect, it } from 'vitest';
import { eraseCustomer } from '../../../shared/privacy';
import { appendRecords, customersTab, MemoryWorkbook, migrateWorkbook, openTable, outboxTab, interactionsTab, mergeLogTab, consentLogTab } from '../../../shared/workbook';

function workbook(): MemoryWorkbook {
  const wb = new MemoryWorkbook();
  migrateWorkbook(wb);
  appendRecords(wb, openTable(wb, customersTab), [
    { first_name: 'Zanele', last_name: 'Khumalo', email: 'zanele@example.co.za', phone: '+27825550100', birth_date: '1988-04-02', email_consent: true, status: 'active', revenue: 900 },
    { first_name: 'Pieter', last_name: 'Botha', email: 'pieter@example.co.za', status: 'active' },
    { first_name: 'Zanele', last_name: 'Khumalo', email: 'z@old.example', status: 'merged', merged_into: 'C-000001' },
  ]);
  appendRecords(wb, openTable(wb, outboxTab), [
    { key: 'k1', customer_id: 'C-000001', to: 'zanele@example.co.za', subject: 'Happy birthday, Zanele', status: 'sent' },
    { key: 'k2', customer_id: 'C-000002', to: 'pieter@example.co.za', subject: 'Welcome, Pieter', status: 'sent' },
  ]);
  appendRecords(wb, openTable(wb, interactionsTab), [{ customer_id: 'C-000001', date: '2026-01-01', kind: 'complaint', subject: 'Zanele called', notes: 'lives at 5 Oak St' }]);
  appendRecords(wb, openTable(wb, mergeLogTab), [
    { merge_id: 'M1', survivor_id: 'C-000001', tab: 'Customers', row_id: 'C-000003', before: JSON.stringify({ id: 'C-000003', first_name: 'Zanele', email: 'z@old.example', merged_into: '' }) },
    { merge_id: 'M2', survivor_id: 'C-000002', tab: 'Customers', row_id: 'C-000004', before: JSON.stringify({ id: 'C-000004', first_name: 'Piet' }) },
  ]);
  wb.clearCache();
  return wb;
}

describe('eraseCustomer', () => {
  it('clears their personal data everywhere and keeps the opt-out, leaving others untouched', () => {
    const wb = workbook();
    const result = eraseCustomer(wb, 'C-000001', { by: 'owner@shop.example', at: '2026-11-23T10:00:00Z' });
    expect(result).toEqual({ ok: true, value: { customerId: 'C-000001', cleared: { Customers: 9 + 6, Outbox: 2, Interactions: 2, 'Merge log': 1 } } });
    wb.clearCache();
    const customers = openTable(wb, customersTab).rows.map((r) => r.record);
    expect(customers[0]).toMatchObject({ id: 'C-000001', first_name: '', last_name: '', email: '', phone: '', birth_date: undefined, email_consent: false, unsubscribed_at: '2026-11-23T10:00:00Z', status: 'archived', revenue: 900 });
    expect(customers[1]).toMatchObject({ first_name: 'Pieter', email: 'pieter@example.co.za' });
    expect(customers[2]).toMatchObject({ first_name: '', last_name: '', email: '', status: 'merged', merged_into: 'C-000001', email_consent: false });
    const outbox = openTable(wb, outboxTab).rows.map((r) => r.record);
    expect(outbox[0]).toMatchObject({ key: 'k1', to: '', subject: '', status: 'sent' });
    expect(outbox[1]).toMatchObject({ to: 'pieter@example.co.za' });
    expect(openTable(wb, interactionsTab).rows[0]!.record).toMatchObject({ kind: 'complaint', subject: '', notes: '' });
    const log = openTable(wb, mergeLogTab).rows.map((r) => r.record);
    expect(JSON.parse(log[0]!.before)).toEqual({ id: 'C-000003', first_name: null, email: null, merged_into: '' });
    expect(JSON.parse(log[1]!.before)).toEqual({ id: 'C-000004', first_name: 'Piet' });
    const consent = openTable(wb, consentLogTab).rows.map((r) => r.record);
    expect(consent).toEqual([expect.objectContaining({ customer_id: 'C-000001', change: 'withdrawn', basis: 'erasure request' })]);
    expect(JSON.stringify(wb.snapshot('Customers'))).not.toContain('Zanele');
    expect(JSON.stringify(wb.snapshot('Outbox'))).not.toContain('zanele');
  });

  it('says so when the customer does not exist', () => {
    expect(eraseCustomer(workbook(), 'C-999999', { by: 'x', at: '2026-11-23T10:00:00Z' })).toEqual({ ok: false, code: 'customer_missing' });
  });
});
