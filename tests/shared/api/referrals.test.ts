// referred_by on the card (a customer id of this workbook, not the customer, not a merged row; refused next to the
// field, nothing saved) and on import (an unknown id reported at its row and column), and the referral count the
// referrer's card shows.
import { describe, expect, it } from 'vitest';
import { createServerApi } from '../../../shared/api';
import { applyImport, planImport } from '../../../shared/import';
import { customersTab, MemoryWorkbook, readTable } from '../../../shared/workbook';

function book(): MemoryWorkbook {
  return new MemoryWorkbook({
    Settings: { header: ['key', 'value'], rows: [['country', 'ZA']] },
    Customers: {
      header: ['id', 'contact_type', 'first_name', 'last_name', 'email', 'status', 'referred_by'],
      rows: [
        ['C-000001', '', 'Rita', 'Ramos', 'rita@example.com', 'active', ''],
        ['C-000002', '', 'Nia', 'Ncube', 'nia@example.com', 'active', ''],
        ['C-000003', '', 'Old', 'Row', 'old@example.com', 'merged', ''],
        ['C-000004', '', 'Ola', 'Olsen', 'ola@example.com', 'active', 'C-000001'],
        ['C-000005', '', 'Arch', 'Ived', 'arch@example.com', 'archived', 'C-000001'],
      ],
    },
  });
}

function setup() {
  const wb = book();
  return { wb, api: createServerApi({ workbook: () => wb, now: () => '2026-03-14T12:00:00Z', user: () => 'Owner' }) };
}

const referredBy = (wb: MemoryWorkbook, id: string): string | undefined => readTable(wb, customersTab, 'dmy')!.rows.find((r) => r.record.id === id)?.record.referred_by;

describe('referred_by on the card', () => {
  it('refuses an unknown id, the customer themself and a merged customer, next to the field, saving nothing', () => {
    const { wb, api } = setup();
    for (const [value, code] of [['C-000099', 'not_found'], ['C-000002', 'invalid_input'], ['C-000003', 'merged']] as const) {
      const r = api.saveCustomer({ id: 'C-000002', changes: { referred_by: value, city: 'Durban' }, profile: {} });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.issues.map((i) => [i.path.join('.'), i.code])).toEqual([['changes.referred_by', code]]);
    }
    expect(referredBy(wb, 'C-000002')).toBe('');
  });

  it('stores a referrer typed in lower case as its id, and counts the referral on the referrer\'s card', () => {
    const { wb, api } = setup();
    const saved = api.saveCustomer({ id: 'C-000002', changes: { referred_by: ' c-000001 ' }, profile: {} });
    expect(saved.ok).toBe(true);
    expect(referredBy(wb, 'C-000002')).toBe('C-000001');
    const card = api.getCustomerCard({ id: 'C-000001' });
    if (!card.ok) throw new Error(JSON.stringify(card.issues));
    // Ola and now Nia; Arch is archived.
    expect(card.value.referrals).toEqual({ count: 2, referred: [{ id: 'C-000002', name: 'Nia Ncube' }, { id: 'C-000004', name: 'Ola Olsen' }] });
    const none = api.getCustomerCard({ id: 'C-000004' });
    expect(none.ok && none.value.referrals).toEqual({ count: 0, referred: [] });
  });

  it('checks a new customer\'s referrer too', () => {
    const { api } = setup();
    const r = api.createCustomer({ changes: { first_name: 'Zed', referred_by: 'C-123456' }, profile: {} });
    expect(r.ok).toBe(false);
    const good = api.createCustomer({ changes: { first_name: 'Zed', referred_by: 'C-000004' }, profile: {} });
    expect(good.ok && good.value.card.fields.referred_by).toBe('C-000004');
  });
});

describe('referred_by on import', () => {
  it('keeps a known referrer, and reports an unknown one or the row itself at its row and column', () => {
    const wb = book();
    const rows = [
      ['Tom Tau', 'tom@example.com', 'c-000001'],
      ['Una Ulu', 'una@example.com', 'C-777777'],
      ['Nia Ncube', 'nia@example.com', 'C-000002'],
    ];
    const plan = planImport(wb, [{ file: 'r.csv', format: 'csv', header: ['Name', 'Email', 'Referred by'], rows, lines: [2, 3, 4] }], { country: 'ZA' });
    expect(plan.files[0]!.issues).toEqual([
      { row: 3, column: 'Referred by', reason: 'no customer in the workbook has this id; referred_by left blank' },
      { row: 4, column: 'Referred by', reason: 'a customer cannot refer themself; referred_by left blank' },
    ]);
    applyImport(wb, plan, { importId: 'I-1', at: '2026-03-14T12:00:00Z', by: 'test' });
    const records = readTable(wb, customersTab, 'dmy')!.rows.map((r) => r.record);
    expect(records.find((r) => r.email === 'tom@example.com')?.referred_by).toBe('C-000001');
    expect(records.find((r) => r.email === 'una@example.com')?.referred_by).toBe('');
    expect(records.find((r) => r.email === 'nia@example.com')?.referred_by).toBe('');
  });
});
