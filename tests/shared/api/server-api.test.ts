import { describe, expect, it } from 'vitest';
import { createServerApi, SERVER_API_METHODS, type ApiResult, type ServerApi } from '../../../shared/api';
import type { Workbook } from '../../../shared/workbook';
import { cellOf, smallWorkbook } from './fixture';

const NOW = '2026-11-23T09:30:00Z';

function apiOver(wb: Workbook, selection?: { tab: string; row: number }): ServerApi {
  return createServerApi({ workbook: () => wb, now: () => NOW, user: () => 'staff@shop.example', selection: () => selection });
}

function value<T>(result: ApiResult<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.issues)}`);
  return result.value;
}

describe('searchCustomers', () => {
  it('finds by name ignoring accents and case, active customers before merged ones', () => {
    const api = apiOver(smallWorkbook());
    const hits = value(api.searchCustomers({ query: 'ZOE' }));
    expect(hits.map((h) => h.id)).toEqual(['C-000001', 'C-000004']);
    expect(hits[0]).toMatchObject({ name: 'Zoë Ødegård', row: 2, email: 'zoe@example.com', status: 'active' });
    expect(value(api.searchCustomers({ query: 'odegard zo' })).map((h) => h.id)).toEqual(['C-000001']);
  });

  it('finds by e-mail, by company and by phone with or without the trunk 0', () => {
    const api = apiOver(smallWorkbook());
    expect(value(api.searchCustomers({ query: 'sipho@nkosi' })).map((h) => h.id)).toEqual(['C-000002']);
    expect(value(api.searchCustomers({ query: 'acme' })).map((h) => h.name)).toEqual(['Acme Fleet (Pty) Ltd']);
    expect(value(api.searchCustomers({ query: '082 555 0100' })).map((h) => h.id)).toEqual(['C-000001']);
    expect(value(api.searchCustomers({ query: '+27825550100' })).map((h) => h.id)).toEqual(['C-000001']);
    expect(value(api.searchCustomers({ query: '555 7788' })).map((h) => h.id)).toEqual(['C-000002']);
  });

  it('honours the limit, returns nothing for a blank query and refuses a bad limit', () => {
    const api = apiOver(smallWorkbook());
    expect(value(api.searchCustomers({ query: 'o', limit: 2 }))).toHaveLength(2);
    expect(value(api.searchCustomers({ query: '   ' }))).toEqual([]);
    const bad = api.searchCustomers({ query: 'x', limit: 1000 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.issues[0]).toMatchObject({ path: ['limit'], code: 'invalid_input' });
  });

  it('reads the Customers tab once (and Settings) and writes nothing', () => {
    const wb = smallWorkbook();
    apiOver(wb).searchCustomers({ query: 'zoe' });
    // Customers, and Settings for the business's country (phones are compared in E.164).
    expect(wb.calls).toEqual({ read: 2, write: 0, append: 0, create: 0 });
  });
});

describe('getCustomerCard', () => {
  it('shows the fields, the Profile values from columns named after the field, and the history', () => {
    const api = apiOver(smallWorkbook());
    const card = value(api.getCustomerCard({ id: 'C-000003' }));
    expect(card.row).toBe(4);
    expect(card.fields.company).toBe('Acme Fleet (Pty) Ltd');
    expect(card.fields.birth_date).toBeNull();
    const vat = card.profile.find((p) => p.field === 'vat_number');
    expect(vat).toMatchObject({ type: 'text', required: true, categories: ['corporate', 'reseller'], value: '4123456789' });
    expect(card.profile.find((p) => p.field === 'fleet_size')).toMatchObject({ categories: ['corporate'], value: null });
    expect(card.profile.find((p) => p.field === 'riding_style')?.choices).toEqual(['road', 'mountain', 'gravel']);
    expect(card.purchases.count).toBe(0);

    const zoe = value(api.getCustomerCard({ row: 2 }));
    expect(zoe.id).toBe('C-000001');
    expect(zoe.purchases).toMatchObject({ count: 2, total: 350.5, first: '2026-01-10', last: '2026-03-05' });
    expect(zoe.purchases.recent.map((p) => p.description)).toEqual(['Service', 'Tube']);
    expect(zoe.interactions).toMatchObject({ count: 2, openComplaints: 1, last: '2026-03-06T10:00:00Z' });
  });

  it('is JSON-only: no undefined values and no Dates survive a round trip unchanged', () => {
    const card = value(apiOver(smallWorkbook()).getCustomerCard({ id: 'C-000001' }));
    expect(JSON.parse(JSON.stringify(card))).toEqual(card);
  });

  it('answers not_found for an unknown id or the header row', () => {
    const api = apiOver(smallWorkbook());
    expect(api.getCustomerCard({ id: 'C-999999' })).toMatchObject({ ok: false, issues: [{ code: 'not_found' }] });
    expect(api.getCustomerCard({ row: 1 })).toMatchObject({ ok: false, issues: [{ code: 'invalid_input' }] });
  });

  it('warns about cells that cannot be read instead of hiding them', () => {
    const wb = smallWorkbook();
    const header = wb.snapshot('Customers')!.header;
    wb.write('Customers', [{ row: 2, col: header.indexOf('birth_date') + 1, value: '31/02/1990' }]);
    const card = value(apiOver(wb).getCustomerCard({ id: 'C-000001' }));
    expect(card.fields.birth_date).toBeNull();
    expect(card.warnings).toEqual([expect.objectContaining({ path: ['changes', 'birth_date'], code: 'not_a_date' })]);
  });

  it('opens the selected row when the host knows it, and says so when none is selected', () => {
    const wb = smallWorkbook();
    expect(value(apiOver(wb, { tab: 'Customers', row: 3 }).getSelectedCustomer({})).id).toBe('C-000002');
    expect(apiOver(wb, { tab: 'Purchases', row: 3 }).getSelectedCustomer({})).toMatchObject({ ok: false, issues: [{ code: 'no_selection' }] });
  });
});

describe('saveCustomer', () => {
  it('writes only the changed cells and updated_at, in one write call', () => {
    const wb = smallWorkbook();
    const before = wb.snapshot('Customers')!;
    const result = value(apiOver(wb).saveCustomer({ id: 'C-000002', changes: { city: 'Durban', phone: '021 555 7788' }, profile: { riding_style: 'Gravel' } }));
    expect(wb.calls.write).toBe(1);
    expect(wb.calls.append).toBe(0);
    // city, riding_style (a new column) and updated_at; the unchanged phone is not rewritten.
    expect(result.written).toBe(3);
    const after = wb.snapshot('Customers')!;
    expect(after.header).toEqual([...before.header, 'riding_style']);
    expect(cellOf(wb, 3, 'city')).toBe('Durban');
    expect(cellOf(wb, 3, 'riding_style')).toBe('gravel');
    expect(cellOf(wb, 3, 'updated_at')).toBe(NOW);
    const changed: string[] = [];
    after.rows.forEach((cells, r) => cells.forEach((v, c) => {
      if ((before.rows[r]?.[c] ?? null) !== v) changed.push(`${r + 2}:${after.header[c]}`);
    }));
    expect(changed.sort()).toEqual(['3:city', '3:riding_style', '3:updated_at']);
    expect(result.card.fields.city).toBe('Durban');
    expect(result.card.profile.find((p) => p.field === 'riding_style')?.value).toBe('gravel');
  });

  it('writes nothing when nothing changed', () => {
    const wb = smallWorkbook();
    const result = value(apiOver(wb).saveCustomer({ id: 'C-000001', changes: { first_name: 'Zoë', email: 'ZOE@example.com' }, profile: {} }));
    expect(result.written).toBe(0);
    expect(wb.calls.write).toBe(0);
  });

  it('names each bad field and writes nothing when any field is wrong', () => {
    const wb = smallWorkbook();
    const result = apiOver(wb).saveCustomer({
      id: 'C-000003',
      changes: { email: 'not-an-email', birth_date: '2030-01-01', phone: 'call me', revenue: 5, status: 'merged', shoe_size: '9' },
      profile: { fleet_size: 'twelve', vat_number: '  ', contract_renewal: '31/02/2027', po_required: 'maybe', riding_style: 'bmx', nope: 'x' },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const byPath = Object.fromEntries(result.issues.map((i) => [i.path.join('.'), i.code]));
    expect(byPath).toEqual({
      'changes.email': 'not_an_email',
      'changes.birth_date': 'out_of_range',
      'changes.phone': 'not_a_phone',
      'changes.revenue': 'read_only',
      'changes.status': 'not_a_choice',
      'changes.shoe_size': 'unknown_field',
      'profile.fleet_size': 'not_a_number',
      'profile.vat_number': 'required',
      'profile.contract_renewal': 'not_a_date',
      'profile.po_required': 'not_a_boolean',
      'profile.riding_style': 'not_a_choice',
      'profile.nope': 'unknown_field',
    });
    for (const issue of result.issues) expect(issue.message).not.toMatch(/not-an-email|call me|twelve/);
    expect(wb.calls.write + wb.calls.append + wb.calls.create).toBe(0);
  });

  it('requires the Profile fields of the new category when the category changes', () => {
    const api = apiOver(smallWorkbook());
    const result = api.saveCustomer({ id: 'C-000002', changes: { category: 'Reseller' }, profile: {} });
    expect(result).toMatchObject({ ok: false, issues: [{ path: ['profile', 'vat_number'], code: 'required' }] });
    const fixed = value(api.saveCustomer({ id: 'C-000002', changes: { category: 'Reseller' }, profile: { vat_number: 'VAT-77' } }));
    expect(fixed.card.fields.category).toBe('Reseller');
    expect(fixed.card.profile.find((p) => p.field === 'vat_number')?.value).toBe('VAT-77');
  });

  it('stores typed Profile values: numbers, ISO dates in the business date order, yes/no', () => {
    const wb = smallWorkbook();
    value(apiOver(wb).saveCustomer({ id: 'C-000003', changes: {}, profile: { fleet_size: '1,250', contract_renewal: '05/03/2027', po_required: 'yes' } }));
    expect(cellOf(wb, 4, 'fleet_size')).toBe(1250);
    expect(cellOf(wb, 4, 'contract_renewal')).toBe('2027-03-05');
    expect(cellOf(wb, 4, 'po_required')).toBe(true);
    expect(wb.textColumns.get('Customers')?.has('fleet_size')).toBe(false);
  });

  it('keeps formula-looking input as the very string typed (the adapters guard it)', () => {
    const wb = smallWorkbook();
    const evil = '=HYPERLINK("http://evil.example","click")';
    value(apiOver(wb).saveCustomer({ id: 'C-000001', changes: { first_name: evil, notes: '+1 call back', tags: '@vip' }, profile: { vat_number: '-42' } }));
    expect(cellOf(wb, 2, 'first_name')).toBe(evil);
    expect(cellOf(wb, 2, 'notes')).toBe('+1 call back');
    expect(cellOf(wb, 2, 'tags')).toBe('@vip');
    expect(cellOf(wb, 2, 'VAT Number')).toBe('-42');
  });

  it('finds the row by id when rows moved since the card was opened', () => {
    const wb = smallWorkbook();
    const grid = wb.snapshot('Customers')!;
    wb.replaceRows('Customers', [grid.rows[1]!, grid.rows[0]!, grid.rows[2]!, grid.rows[3]!]);
    wb.clearCache();
    value(apiOver(wb).saveCustomer({ id: 'C-000001', changes: { city: 'Paarl' }, profile: {} }));
    expect(cellOf(wb, 3, 'city')).toBe('Paarl');
    expect(cellOf(wb, 2, 'city')).toBe('');
  });

  it('refuses a field someone else changed since the card was opened, and accepts it when seen matches', () => {
    const wb = smallWorkbook();
    const api = apiOver(wb);
    const stale = api.saveCustomer({ id: 'C-000001', changes: { city: 'Stellenbosch' }, profile: {}, seen: { changes: { city: 'Somewhere else' } } });
    expect(stale).toMatchObject({ ok: false, issues: [{ path: ['changes', 'city'], code: 'conflict' }] });
    value(api.saveCustomer({ id: 'C-000001', changes: { city: 'Stellenbosch' }, profile: {}, seen: { changes: { city: 'Cape Town' } } }));
    expect(cellOf(wb, 2, 'city')).toBe('Stellenbosch');
  });

  it('logs a consent change in the Consent log and stamps the unsubscribe time', () => {
    const wb = smallWorkbook();
    value(apiOver(wb).saveCustomer({ id: 'C-000002', changes: { email_consent: false }, profile: {} }));
    expect(cellOf(wb, 3, 'email_consent')).toBe(false);
    expect(cellOf(wb, 3, 'unsubscribed_at')).toBe(NOW);
    const log = wb.snapshot('Consent log')!;
    expect(log.rows).toHaveLength(1);
    const entry = Object.fromEntries(log.header.map((h, i) => [h, log.rows[0]![i]]));
    expect(entry).toMatchObject({ customer_id: 'C-000002', change: 'withdrawn', by: 'staff@shop.example', source: 'customer card', at: NOW });
  });

  it('refuses to edit a merged customer and an unknown id', () => {
    const api = apiOver(smallWorkbook());
    expect(api.saveCustomer({ id: 'C-000004', changes: { city: 'X' }, profile: {} })).toMatchObject({ ok: false, issues: [{ code: 'merged' }] });
    expect(api.saveCustomer({ id: 'C-000404', changes: {}, profile: {} })).toMatchObject({ ok: false, issues: [{ code: 'not_found' }] });
    expect(api.saveCustomer({ id: 42 } as never)).toMatchObject({ ok: false, issues: [{ path: ['id'], code: 'invalid_input' }] });
  });
});

describe('SERVER_API_METHODS', () => {
  it('lists exactly the methods createServerApi implements', () => {
    const api = apiOver(smallWorkbook());
    expect(Object.keys(api).sort()).toEqual([...SERVER_API_METHODS].sort());
  });
});
