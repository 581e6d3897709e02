import { describe, expect, it } from 'vitest';
import { createServerApi, type JoinedMembership } from '../../../shared/api';
import { customersTab, MemoryWorkbook, parseSettings, readTable } from '../../../shared/workbook';

function book(): MemoryWorkbook {
  return new MemoryWorkbook({
    Settings: { header: ['key', 'value'], rows: [['membership_prefix', 'AB'], ['last_id.membership', 41]] },
    // No membership_no column yet: Join adds it.
    Customers: { header: ['id', 'contact_type', 'first_name', 'status'], rows: [['C-000001', '', 'Ann', 'active'], ['C-000002', 'supplier', 'Sam', 'active'], ['C-000003', 'customer', 'Cy', 'active']] },
  });
}

describe('joinMembership (the card\'s Join)', () => {
  const wb = book();
  const api = createServerApi({ workbook: () => wb, now: () => '2026-03-14T12:00:00Z', user: () => 'Owner' });
  const join = (id: string): JoinedMembership => {
    const r = api.joinMembership({ id });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    return r.value;
  };

  it('issues the next number after the Settings counter, Luhn-checked, and keeps it on a second Join', () => {
    // 42 → body 0000042; Luhn from the right: 2×2=4, 4, 0… → sum 8, check digit 2.
    expect(join('C-000001')).toMatchObject({ membershipNo: 'AB-0000042-2', issued: true });
    expect(join('C-000001')).toMatchObject({ membershipNo: 'AB-0000042-2', issued: false });
    expect(join('C-000003').membershipNo).toBe('AB-0000043-0');
    expect(parseSettings(wb.read('Settings')).extra['last_id.membership']).toBe('43');
    const rows = readTable(wb, customersTab, 'dmy')!.rows.map((r) => r.record.membership_no);
    expect(rows).toEqual(['AB-0000042-2', '', 'AB-0000043-0']);
  });

  it('never reuses a cleared number and refuses other contact types with a reason', () => {
    const table = readTable(wb, customersTab, 'dmy')!;
    wb.write('Customers', [{ row: 4, col: table.map.indexOf.get('membership_no')! + 1, value: null }]);
    expect(join('C-000003').membershipNo).toBe('AB-0000044-8');
    const refused = api.joinMembership({ id: 'C-000002' });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.issues[0]).toMatchObject({ path: ['id'], code: 'invalid_input' });
    expect(api.joinMembership({ id: 'C-999999' }).ok).toBe(false);
  });
});
