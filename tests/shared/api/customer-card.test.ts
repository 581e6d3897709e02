// The card as the hub: validation of what a save changes, strict dates, phones in E.164, new customers,
// quick actions, the timeline, and the summary of value and risk (issue 9, items 2-3).
import { describe, expect, it } from 'vitest';
import { createServerApi, type ApiResult, type ServerApi } from '../../../shared/api';
import { appendRecords, customersTab, interactionsTab, mergeLogTab, openTable, outboxTab, purchasesTab, writeSettings, type MemoryWorkbook } from '../../../shared/workbook';
import { cellOf, smallWorkbook } from './fixture';

const NOW = '2026-11-23T09:30:00Z';

function shop(): MemoryWorkbook {
  const wb = smallWorkbook();
  writeSettings(wb, { country: 'ZA', time_zone: 'Africa/Johannesburg', date_order: 'dmy', currency: 'ZAR' });
  wb.clearCache();
  wb.calls.read = wb.calls.write = wb.calls.append = wb.calls.create = 0;
  return wb;
}

function apiOver(wb: MemoryWorkbook): ServerApi {
  return createServerApi({ workbook: () => wb, now: () => NOW, user: () => 'staff@shop.example' });
}

function value<T>(result: ApiResult<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.issues)}`);
  return result.value;
}

function rowsOf(wb: MemoryWorkbook, tab: string): Record<string, unknown>[] {
  const grid = wb.snapshot(tab);
  return grid ? grid.rows.map((cells) => Object.fromEntries(grid.header.map((h, i) => [h, cells[i] ?? null]))) : [];
}

const writes = (wb: MemoryWorkbook): number => wb.calls.write + wb.calls.append + wb.calls.create;

describe('saving dates typed on the card', () => {
  const BAD = ['31/02/2026', '02/31/2026', '2026-13-01', '00/01/2026', '29/02/2027', '1/1/20266', 'soon', '12/31/2025'];

  it.each(BAD)('refuses %s in every date field, next to the field, and writes nothing', (typed) => {
    const wb = shop();
    const before = JSON.stringify(wb.snapshot('Customers'));
    const result = apiOver(wb).saveCustomer({ id: 'C-000003', changes: { birth_date: typed, customer_since: typed, city: 'Durban' }, profile: { contract_renewal: typed } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.path.join('.')).sort()).toEqual(['changes.birth_date', 'changes.customer_since', 'profile.contract_renewal']);
    for (const issue of result.issues) expect(issue.message).toBe('Enter a real date as DD/MM/YYYY.');
    expect(writes(wb)).toBe(0);
    expect(JSON.stringify(wb.snapshot('Customers'))).toBe(before);
  });

  it('stores a date typed in the business order as ISO, and a birthday without a year as --MM-DD', () => {
    const wb = shop();
    value(apiOver(wb).saveCustomer({ id: 'C-000001', changes: { birth_date: '14/03', customer_since: '05/02/2019' }, profile: {} }));
    expect(cellOf(wb, 2, 'birth_date')).toBe('--03-14');
    expect(cellOf(wb, 2, 'customer_since')).toBe('2019-02-05');
  });
});

describe('what a save validates', () => {
  it('refuses to leave a customer without a first name, last name or company', () => {
    const wb = shop();
    const result = apiOver(wb).saveCustomer({ id: 'C-000001', changes: { first_name: '', last_name: ' ' }, profile: {} });
    expect(result).toMatchObject({ ok: false, issues: [{ path: ['changes', 'first_name'], code: 'no_name' }] });
    expect(writes(wb)).toBe(0);
  });

  it('saves a changed field while an unreadable untouched field stays a warning', () => {
    const wb = shop();
    const grid = wb.snapshot('Customers')!;
    wb.write('Customers', [{ row: 3, col: grid.header.indexOf('birth_date') + 1, value: '31/02/1990' }]);
    const api = apiOver(wb);
    const card = value(api.getCustomerCard({ id: 'C-000002' }));
    expect(card.warnings).toContainEqual(expect.objectContaining({ path: ['changes', 'birth_date'], code: 'not_a_date' }));
    const saved = value(api.saveCustomer({ id: 'C-000002', changes: { city: 'Durban' }, profile: {} }));
    expect(cellOf(wb, 3, 'city')).toBe('Durban');
    expect(cellOf(wb, 3, 'birth_date')).toBe('31/02/1990');
    expect(saved.card.warnings).toContainEqual(expect.objectContaining({ path: ['changes', 'birth_date'], code: 'not_a_date' }));
  });

  it('does not refuse a save over a required Profile field nobody touched, but warns about it', () => {
    const wb = shop();
    const api = apiOver(wb);
    // Acme is corporate and its required vat_number is set; blank it in the sheet as a person might.
    const grid = wb.snapshot('Customers')!;
    wb.write('Customers', [{ row: 4, col: grid.header.indexOf('VAT Number') + 1, value: null }]);
    const saved = value(api.saveCustomer({ id: 'C-000003', changes: { city: 'Pretoria' }, profile: {} }));
    expect(saved.written).toBe(2);
    expect(saved.card.warnings).toContainEqual(expect.objectContaining({ path: ['profile', 'vat_number'], code: 'required' }));
  });
});

describe('phones', () => {
  it('are stored in E.164 with the Settings country, shown nationally, and found however they are written', () => {
    const wb = shop();
    const api = apiOver(wb);
    const saved = value(api.saveCustomer({ id: 'C-000003', changes: { phone: '082 555 1234' }, profile: {} }));
    expect(cellOf(wb, 4, 'phone')).toBe('+27825551234');
    expect(saved.card.display.phone).toBe('082 555 1234');
    for (const query of ['+27 82 555 1234', '082 555 1234', '0825551234', '0027825551234']) {
      expect(value(api.searchCustomers({ query })).map((h) => h.id), query).toEqual(['C-000003']);
    }
    // A number typed by hand in the sheet ("021 555 7788" for Sipho) is found by its international form too.
    expect(value(api.searchCustomers({ query: '+27 21 555 7788' })).map((h) => h.id)).toEqual(['C-000002']);
    expect(value(api.searchCustomers({ query: '+27 21 555 7788' }))[0]?.phone).toBe('021 555 7788');
  });

  it('refuses a national number when Settings name no country', () => {
    const wb = smallWorkbook();
    const result = apiOver(wb).saveCustomer({ id: 'C-000003', changes: { phone: '082 555 1234' }, profile: {} });
    expect(result).toMatchObject({ ok: false, issues: [{ path: ['changes', 'phone'], code: 'phone_needs_country' }] });
  });
});

describe('createCustomer', () => {
  it('creates one row with a new id, created_at and source "card", and never reuses a deleted id', () => {
    const wb = shop();
    const api = apiOver(wb);
    // The last customer (C-000004) is deleted by hand: its id must not come back.
    const grid = wb.snapshot('Customers')!;
    wb.replaceRows('Customers', grid.rows.slice(0, 3));
    wb.clearCache();
    writeSettings(wb, { 'last_id.c': 4 });
    const made = value(api.createCustomer({ changes: { first_name: 'Thandi', last_name: 'Mokoena', phone: '083 123 4567', birth_date: '09/08/1991' }, profile: { riding_style: 'road' } }));
    expect(made.card.id).toBe('C-000005');
    const row = rowsOf(wb, 'Customers').find((r) => r.id === 'C-000005')!;
    expect(row).toMatchObject({ first_name: 'Thandi', last_name: 'Mokoena', phone: '+27831234567', birth_date: '1991-08-09', created_at: NOW, updated_at: NOW, source: 'card', status: 'active', riding_style: 'road' });
    expect(made.card.fields.first_name).toBe('Thandi');
  });

  it('validates the same way and writes nothing when anything is wrong', () => {
    const wb = shop();
    const api = apiOver(wb);
    const noName = api.createCustomer({ changes: { email: 'x@example.com' }, profile: {} });
    expect(noName).toMatchObject({ ok: false, issues: [{ path: ['changes', 'first_name'], code: 'no_name' }] });
    const badDate = api.createCustomer({ changes: { company: 'Ace Cycles', birth_date: '31/02/2026', category: 'corporate' }, profile: {} });
    expect(badDate.ok).toBe(false);
    if (!badDate.ok) expect(badDate.issues.map((i) => `${i.path.join('.')}:${i.code}`).sort()).toEqual(['changes.birth_date:not_a_date', 'profile.vat_number:required']);
    expect(writes(wb)).toBe(0);
  });

  it('offers a blank card with the Profile fields and the business settings', () => {
    const card = value(apiOver(shop()).getCustomerCard({ blank: true }));
    expect(card.id).toBe('');
    expect(card.settings).toEqual({ dateOrder: 'dmy', datePattern: 'DD/MM/YYYY', timeZone: 'Africa/Johannesburg', country: 'ZA', currency: 'ZAR' });
    expect(card.profile.map((p) => p.field)).toContain('vat_number');
  });
});

describe('quick actions', () => {
  it('log one row each, WhatsApp and SMS included, with the typed local date and time', () => {
    const wb = shop();
    const api = apiOver(wb);
    const before = rowsOf(wb, 'Interactions').length;
    wb.calls.append = 0;
    value(api.logInteraction({ id: 'C-000002', kind: 'whatsapp', subject: 'Asked about a bike', date: '', time: '' }));
    value(api.logInteraction({ id: 'C-000002', kind: 'sms', date: '20/11/2026', time: '14:05', subject: 'Reminder' }));
    const appt = value(api.logInteraction({ id: 'C-000002', kind: 'appointment', date: '02/12/2026', time: '9:30', subject: 'Service', follow_up_date: '05/12/2026' }));
    const rows = rowsOf(wb, 'Interactions');
    expect(rows.length).toBe(before + 3);
    expect(wb.calls.append).toBe(3);
    expect(rows.slice(-3).map((r) => [r.kind, r.date, r.follow_up_date, r.staff])).toEqual([
      ['whatsapp', NOW, null, 'staff@shop.example'],
      ['sms', '2026-11-20T14:05:00', null, 'staff@shop.example'],
      ['appointment', '2026-12-02T09:30:00', '2026-12-05', 'staff@shop.example'],
    ]);
    // Newest first in the business's time zone and date order: 09:30 UTC is 11:30 in Johannesburg.
    expect(appt.card.timeline.items.slice(0, 3).map((i) => i.when)).toEqual(['02/12/2026 09:30', '23/11/2026 11:30', '20/11/2026 14:05']);
  });

  it('refuse a bad date, a future visit or an unknown kind, each at its input path', () => {
    const wb = shop();
    const api = apiOver(wb);
    expect(api.logInteraction({ id: 'C-000002', kind: 'call', date: '31/02/2026', follow_up_date: '2026-13-01' })).toMatchObject({
      ok: false,
      issues: [{ path: ['date'], code: 'not_a_date' }, { path: ['follow_up_date'], code: 'not_a_date' }],
    });
    expect(api.logInteraction({ id: 'C-000002', kind: 'visit', date: '01/01/2027' })).toMatchObject({ ok: false, issues: [{ path: ['date'], code: 'out_of_range' }] });
    expect(api.logInteraction({ id: 'C-000002', kind: 'fax' as never })).toMatchObject({ ok: false, issues: [{ path: ['kind'], code: 'invalid_input' }] });
    expect(api.logInteraction({ id: 'C-000004', kind: 'call' })).toMatchObject({ ok: false, issues: [{ code: 'merged' }] });
    expect(writes(wb)).toBe(0);
  });

  it('log a complaint and resolve it: who, when, how; it is then no longer open', () => {
    const wb = shop();
    const api = apiOver(wb);
    const logged = value(api.logInteraction({ id: 'C-000002', kind: 'complaint', subject: 'Wheel wobbles', date: '21/11/2026' }));
    expect(logged.card.insight.openComplaints.map((c) => c.ref)).toEqual([logged.ref]);
    expect(api.resolveComplaint({ id: 'C-000002', ref: logged.ref, resolution: '', resolved_at: '30/02/2026' })).toMatchObject({
      ok: false,
      issues: [{ path: ['resolved_at'], code: 'not_a_date' }, { path: ['resolution'], code: 'required' }],
    });
    const resolved = value(api.resolveComplaint({ id: 'C-000002', ref: logged.ref, resolved_by: 'Nomsa', resolved_at: '22/11/2026', resolution: 'Trued the wheel' }));
    const complaint = rowsOf(wb, 'Interactions').find((r) => r.id === logged.ref)!;
    expect(complaint).toMatchObject({ status: 'resolved', resolved_at: '2026-11-22' });
    const log = rowsOf(wb, 'Interactions').find((r) => r.id === resolved.ref)!;
    expect(log).toMatchObject({ customer_id: 'C-000002', staff: 'Nomsa', notes: 'Trued the wheel', date: '2026-11-22', subject: 'Resolved: Wheel wobbles' });
    expect(resolved.card.insight.openComplaints).toEqual([]);
    expect(api.resolveComplaint({ id: 'C-000002', ref: logged.ref, resolution: 'again' })).toMatchObject({ ok: false, issues: [{ path: ['ref'], code: 'not_open' }] });
    expect(api.resolveComplaint({ id: 'C-000001', ref: logged.ref, resolution: 'x' })).toMatchObject({ ok: false, issues: [{ path: ['ref'], code: 'not_a_complaint' }] });
  });

  it('record a purchase with the amount as typed and the Settings currency', () => {
    const wb = shop();
    const api = apiOver(wb);
    const done = value(api.recordPurchase({ id: 'C-000002', date: '22/11/2026', amount: '1 250,50', description: 'Helmet' }));
    expect(rowsOf(wb, 'Purchases').find((r) => r.id === done.ref)).toMatchObject({ customer_id: 'C-000002', date: '2026-11-22', amount: 1250.5, currency: 'ZAR', description: 'Helmet' });
    expect(done.card.purchases.count).toBe(2);
    expect(api.recordPurchase({ id: 'C-000002', amount: 'lots' })).toMatchObject({ ok: false, issues: [{ path: ['amount'], code: 'not_a_number' }] });
  });

  it('archive and erase only when confirmed; erase blanks personal data and logs the withdrawal', () => {
    const wb = shop();
    const api = apiOver(wb);
    expect(api.archiveCustomer({ id: 'C-000002' } as never)).toMatchObject({ ok: false, issues: [{ path: ['confirm'], code: 'unconfirmed' }] });
    expect(api.eraseCustomerData({ id: 'C-000002', confirm: false } as never)).toMatchObject({ ok: false, issues: [{ path: ['confirm'], code: 'unconfirmed' }] });
    expect(writes(wb)).toBe(0);
    value(api.archiveCustomer({ id: 'C-000002', confirm: true }));
    expect(cellOf(wb, 3, 'status')).toBe('archived');
    const erased = value(api.eraseCustomerData({ id: 'C-000001', confirm: true }));
    expect(erased.card.fields).toMatchObject({ first_name: '', email: '', phone: '', email_consent: false, status: 'archived' });
    expect(rowsOf(wb, 'Consent log').at(-1)).toMatchObject({ customer_id: 'C-000001', change: 'withdrawn', source: 'erasure' });
  });
});

describe('the timeline and the summary', () => {
  it('pages through purchases, interactions, messages, consent changes and merges, newest first', () => {
    const wb = shop();
    appendRecords(wb, openTable(wb, outboxTab), [{ key: 'k1', campaign: 'Birthday', customer_id: 'C-000001', to: 'zoe@example.com', subject: 'Happy birthday', status: 'sent', sent_at: '2026-03-14T07:00:00Z' }]);
    appendRecords(wb, openTable(wb, mergeLogTab), [{ merge_id: 'G-1', survivor_id: 'C-000001', merged_ids: 'C-000004', tab: 'Customers', row_id: 'C-000004', by: 'staff', at: '2026-02-01T10:00:00Z' }]);
    const api = apiOver(wb);
    value(api.saveCustomer({ id: 'C-000001', changes: { email_consent: true }, profile: {} }));
    const card = value(api.getCustomerCard({ id: 'C-000001' }));
    const all = card.timeline;
    expect(all.total).toBe(7);
    expect(all.items.map((i) => `${i.kind}:${i.when}`)).toEqual([
      'consent:23/11/2026 11:30',
      'message:14/03/2026 09:00',
      'interaction:06/03/2026 12:00',
      'purchase:05/03/2026',
      'interaction:01/03/2026 12:00',
      'merge:01/02/2026 12:00',
      'purchase:10/01/2026',
    ]);
    const page = value(api.getCustomerTimeline({ id: 'C-000001', offset: 2, limit: 3 }));
    expect(page).toMatchObject({ total: 7, offset: 2 });
    expect(page.items.map((i) => i.ref)).toEqual(all.items.slice(2, 5).map((i) => i.ref));
    expect(value(api.getCustomerTimeline({ id: 'C-000001', offset: 6, limit: 3 })).items).toHaveLength(1);
    expect(api.getCustomerTimeline({ id: 'C-000404' })).toMatchObject({ ok: false, issues: [{ code: 'not_found' }] });
  });

  it('shows tier, member number, CLV, churn risk with a reason in words, and open complaints', () => {
    const wb = shop();
    const grid = wb.snapshot('Customers')!;
    const col = (name: string): number => grid.header.indexOf(name) + 1;
    wb.write('Customers', [
      { row: 2, col: col('membership_tier'), value: 'Gold' },
      { row: 2, col: col('membership_no'), value: 'G-0042' },
      { row: 2, col: col('clv_12m'), value: 1840.5 },
      { row: 2, col: col('churn_risk'), value: 0.82 },
    ]);
    const card = value(apiOver(wb).getCustomerCard({ id: 'C-000001' }));
    // Purchases on 10 Jan and 5 Mar 2026 (54 days apart); today is 23 Nov 2026, 263 days after the last one.
    expect(card.insight).toMatchObject({ tier: 'Gold', memberNo: 'G-0042', clv: 1840.5, churnRisk: 0.82, churnLevel: 'high' });
    expect(card.insight.churnReason).toBe('Last purchase 263 days ago; well past the usual 54 days between purchases; 1 open complaint.');
    expect(card.insight.openComplaints).toEqual([{ ref: 'I-000001', date: '2026-03-06T10:00:00Z', subject: 'Squeaky brakes' }]);
  });
});

describe('sheet calls', () => {
  /** The shop with `extra` more customers, each with a purchase and an interaction. */
  function bigger(extra: number): MemoryWorkbook {
    const wb = shop();
    appendRecords(wb, openTable(wb, customersTab), Array.from({ length: extra }, (_, i) => ({ first_name: `Extra${i}`, last_name: 'Rider', status: 'active' as const })));
    appendRecords(wb, openTable(wb, purchasesTab), Array.from({ length: extra }, (_, i) => ({ customer_id: `C-${String(i + 5).padStart(6, '0')}`, date: '2026-05-01', amount: 10 })));
    appendRecords(wb, openTable(wb, interactionsTab), Array.from({ length: extra }, (_, i) => ({ customer_id: `C-${String(i + 5).padStart(6, '0')}`, date: '2026-05-01', kind: 'visit' as const })));
    wb.clearCache();
    wb.calls.read = wb.calls.write = wb.calls.append = wb.calls.create = 0;
    return wb;
  }

  it('are the same for a shop of 4 customers and of 604: opening a card, saving, logging, resolving, creating', () => {
    const counts = [0, 600].map((extra) => {
      const run = (fn: (api: ServerApi) => unknown): string => {
        const wb = bigger(extra);
        fn(apiOver(wb));
        return JSON.stringify(wb.calls);
      };
      return [
        run((api) => api.getCustomerCard({ id: 'C-000001' })),
        run((api) => api.saveCustomer({ id: 'C-000001', changes: { city: 'Paarl', phone: '082 555 9999' }, profile: {} })),
        run((api) => api.logInteraction({ id: 'C-000001', kind: 'call', subject: 'x' })),
        run((api) => api.resolveComplaint({ id: 'C-000001', ref: 'I-000001', resolution: 'Fixed' })),
        run((api) => api.createCustomer({ changes: { first_name: 'New' }, profile: {} })),
      ];
    });
    expect(counts[1]).toEqual(counts[0]);
  });
});

