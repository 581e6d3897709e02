// Issue 9 item 2: rows typed or pasted into a tab without an id get one on the first call that reads the tab,
// under the lock, never reusing an id, and the call says so.
import { describe, expect, it } from 'vitest';
import { createServerApi, type ApiResult, type ServerApi } from '../../../shared/api';
import { appendRecords, campaignsTab, customersTab, MemoryWorkbook, openTable, writeSettings, type CellValue } from '../../../shared/workbook';
import { smallWorkbook } from './fixture';

const NOW = '2026-11-23T09:30:00Z';

function apiOver(wb: MemoryWorkbook): ServerApi {
  return createServerApi({ workbook: () => wb, now: () => NOW, user: () => 'staff@shop.example' });
}

function value<T>(result: ApiResult<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.issues)}`);
  return result.value;
}

/** Pastes rows into Customers by header name, as a person would (no id column filled). */
function paste(wb: MemoryWorkbook, rows: Record<string, CellValue>[]): void {
  const header = wb.snapshot(customersTab.name)!.header;
  wb.append(customersTab.name, rows.map((r) => header.map((h) => r[h] ?? null)));
  wb.clearCache();
}

function ids(wb: MemoryWorkbook, tab = 'Customers'): string[] {
  const grid = wb.snapshot(tab)!;
  const at = grid.header.indexOf('id');
  return grid.rows.map((r) => String(r[at] ?? ''));
}

describe('ids for rows typed by hand', () => {
  it('gives new, unique ids past the counter on the first read, says so, and then the card opens and saves them', () => {
    const wb = smallWorkbook();
    writeSettings(wb, { country: 'ZA', 'last_id.c': 9 }); // ids up to C-000009 were issued once (some deleted since)
    paste(wb, [
      { first_name: 'Lerato', last_name: 'Dlamini', email: 'lerato@example.com', phone: '072 111 2222' },
      { company: 'Karoo Cycles', email: 'shop@karoo.example' },
    ]);
    const api = apiOver(wb);
    const found = api.searchCustomers({ query: 'lerato' });
    expect(found).toMatchObject({ ok: true, notes: ['Gave new ids to 2 rows typed by hand in Customers (rows 6, 7): C-000010, C-000011.'] });
    expect(value(found).map((h) => h.id)).toEqual(['C-000010']);
    expect(ids(wb)).toEqual(['C-000001', 'C-000002', 'C-000003', 'C-000004', 'C-000010', 'C-000011']);
    expect(new Set(ids(wb)).size).toBe(6);

    // The second call finds nothing left to do and carries no note.
    const card = api.getCustomerCard({ id: 'C-000011' });
    expect(card).toMatchObject({ ok: true, value: { row: 7, fields: { company: 'Karoo Cycles' } } });
    expect('notes' in card).toBe(false);
    const saved = value(api.saveCustomer({ id: 'C-000010', changes: { city: 'Soweto' }, profile: {} }));
    expect(saved.card.fields.city).toBe('Soweto');

    // A later paste continues after the counter, even after the newest row is deleted.
    const grid = wb.snapshot('Customers')!;
    wb.replaceRows('Customers', grid.rows.slice(0, 5));
    paste(wb, [{ first_name: 'Pieter', last_name: 'van der Merwe' }]);
    const again = api.getCustomerCard({ row: 7 });
    expect(again).toMatchObject({ ok: true, value: { id: 'C-000012' }, notes: ['Gave new ids to 1 row typed by hand in Customers (row 7): C-000012.'] });
  });

  it('lets Duplicates see pasted rows: they are compared as customers', () => {
    const wb = smallWorkbook();
    paste(wb, [{ first_name: 'Zoe', last_name: 'Odegard', email: 'zoe@example.com', status: 'active' }]);
    const report = apiOver(wb).findDuplicates({});
    expect(report.ok).toBe(true);
    if (!report.ok) return;
    expect(report.notes).toEqual(['Gave new ids to 1 row typed by hand in Customers (row 6): C-000005.']);
    const members = report.value.clusters.flatMap((c) => c.members.map((m) => m.id));
    expect(members).toEqual(expect.arrayContaining(['C-000001', 'C-000005']));
  });

  it("lets today's greetings plan see pasted rows: a pasted birthday is planned under its new id, not skipped as no_id", () => {
    const wb = smallWorkbook();
    appendRecords(wb, openTable(wb, campaignsTab), [{ name: 'Birthday', trigger: 'birthday', offset_days: 0, subject: 'Happy birthday', body: 'Hi {{first_name}}', active: true }]);
    paste(wb, [{ first_name: 'Lindiwe', email: 'lindiwe@example.com', email_consent: 'yes', birth_date: '23/11/1990', status: 'active' }]);
    const plan = apiOver(wb).getTodayPlan({});
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    // MessagesResult does not declare ApiResult's notes; every ServerApi answer carries them all the same. This
    // workbook has no time_zone setting, so the plan also says its dates are in UTC (no host zone is given here).
    expect((plan as { notes?: string[] }).notes).toEqual([
      'Settings time_zone is blank, so dates are in UTC: set it to your time zone (for example Africa/Johannesburg).',
      'Gave new ids to 1 row typed by hand in Customers (row 6): C-000005.',
    ]);
    const lines = plan.value.messages.filter((m) => m.campaign === 'Birthday').map((m) => [m.customer_id, m.decision, m.reason]);
    expect(lines).toEqual([['C-000005', 'send', '']]);
  });

  it('also gives ids in the other id tabs a call reads (Purchases typed under a customer)', () => {
    const wb = smallWorkbook();
    const header = wb.snapshot('Purchases')!.header;
    const row = header.map((h) => ({ customer_id: 'C-000002', date: '2026-11-01', amount: 40 })[h] ?? null);
    wb.append('Purchases', [row]);
    wb.clearCache();
    const card = apiOver(wb).getCustomerCard({ id: 'C-000002' });
    expect(card).toMatchObject({ ok: true, notes: ['Gave new ids to 1 row typed by hand in Purchases (row 5): P-000004.'] });
    expect(ids(wb, 'Purchases')).toEqual(['P-000001', 'P-000002', 'P-000003', 'P-000004']);
  });

  it('gives a Customers list pasted without an id column one, and leaves blank rows and set-up tabs alone', () => {
    // A fresh sheet where the person typed their own headers, without an id column.
    const plain = new MemoryWorkbook();
    plain.ensureTab('Customers', { header: ['First name', 'Surname', 'E-mail'], textColumns: [] });
    plain.append('Customers', [['Ann', 'Lee', 'ann@example.com'], [null, null, null], ['Bob', 'Ngu', 'bob@example.com']]);
    plain.ensureTab('Campaigns', { header: ['name', 'trigger'], textColumns: [] });
    plain.append('Campaigns', [['Birthday', 'birthday']]);
    const hits = apiOver(plain).searchCustomers({ query: 'ann' });
    expect(hits).toMatchObject({ ok: true, value: [{ id: 'C-000001', name: 'Ann Lee' }], notes: ['Gave new ids to 2 rows typed by hand in Customers (rows 2, 4): C-000001, C-000002.'] });
    expect(plain.snapshot('Customers')!.header[0]).toBe('First name');
    expect(plain.snapshot('Customers')!.header).toContain('id');
    expect(ids(plain)).toEqual(['C-000001', '', 'C-000002']);
    expect(apiOver(plain).listCampaigns({}).ok).toBe(true);
    expect(plain.snapshot('Campaigns')!.header).toEqual(['name', 'trigger']);
  });
});
