// The Loyalty sidebar's calls over an in-memory workbook: the ladder read lowest first with members per tier,
// edits and new tiers saved (each replaced value reported), bad values refused per field with nothing written,
// recent upgrades newest first, and a membership card found by id or number.
import { describe, expect, it } from 'vitest';
import { createServerApi, type LoyaltyOverview } from '../../../shared/api';
import { loyaltyTab, MemoryWorkbook, readTable } from '../../../shared/workbook';

function book(): MemoryWorkbook {
  return new MemoryWorkbook({
    Settings: { header: ['key', 'value'], rows: [['business_name', 'Corner Café'], ['currency', 'ZAR']] },
    Loyalty: {
      header: ['id', 'tier', 'min_spend_12m', 'min_orders_12m', 'discount_pct', 'perks'],
      rows: [
        ['L-000002', 'Gold', 5000, 10, 10, 'free delivery'],
        ['L-000001', 'Silver', 1000, 3, 5, ''],
      ],
    },
    Customers: {
      header: ['id', 'contact_type', 'first_name', 'last_name', 'company', 'status', 'membership_tier', 'membership_no', 'tier_upgraded_at', 'customer_since'],
      rows: [
        ['C-000001', '', 'Ann', 'Lee', '', 'active', 'Gold', 'RG-0000001-8', '2026-03-01', '2020-01-05'],
        ['C-000002', 'customer', 'Bo', 'Ng', '', 'active', 'silver', '', '2026-03-09', ''],
        ['C-000003', '', 'Cy', 'Oh', '', 'archived', 'Gold', 'RG-0000002-6', '2026-03-10', ''],
        ['C-000004', 'supplier', '', '', 'Beans Ltd', 'active', 'Gold', '', '', ''],
        ['C-000005', '', 'Di', 'Py', '', 'active', 'Platinum', '', '', ''],
        ['C-000006', '', 'Ed', 'Qu', '', 'active', '', '', '', ''],
        ['C-000007', '', 'Flo', 'Ray', '', 'merged', 'Gold', 'RG-0000003-4', '', ''],
      ],
    },
  });
}

function setup() {
  const wb = book();
  return { wb, api: createServerApi({ workbook: () => wb, now: () => '2026-03-14T12:00:00Z', user: () => 'Owner' }) };
}

function overview(api: ReturnType<typeof setup>['api']): LoyaltyOverview {
  const r = api.getLoyaltyOverview({});
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}

const typed = (id: string, tier: string, spend: string, orders: string, discount: string, perks = '') => ({ id, tier, min_spend_12m: spend, min_orders_12m: orders, discount_pct: discount, perks });

describe('Loyalty sidebar calls', () => {
  it('lists the ladder lowest first with members per tier among active customers only', () => {
    const view = overview(setup().api);
    expect(view.tiers.map((t) => [t.tier, t.members])).toEqual([
      ['Silver', 1], // Bo ("silver" typed in lower case)
      ['Gold', 1], // Ann only: Cy archived, Flo merged, Beans Ltd a supplier
    ]);
    expect(view.otherTiers).toEqual([{ tier: 'Platinum', members: 1 }]);
    expect(view.noTier).toBe(1); // Ed
    expect(view.withNumber).toBe(1); // Ann
    expect(view.upgrades.map((u) => [u.date, u.name, u.tier])).toEqual([
      ['2026-03-09', 'Bo Ng', 'silver'],
      ['2026-03-01', 'Ann Lee', 'Gold'],
    ]);
    expect(view).toMatchObject({ currency: 'ZAR', businessName: 'Corner Café' });
  });

  it('saves an edit and a new tier, reporting each replaced value', () => {
    const { wb, api } = setup();
    const r = api.saveLoyaltyTiers({ tiers: [typed('L-000001', 'Silver', '1 000', '3', '5'), typed('L-000002', 'Gold', '5000', '10', '12,5', 'free delivery'), typed('', 'Platinum', 'R 20 000', '24', '15', 'a coffee a week')] });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.value.replaced).toEqual(['Gold: discount % 10 → 12.5']);
    expect(r.notes).toEqual(['Replaced Gold: discount % 10 → 12.5']);
    const rows = readTable(wb, loyaltyTab, 'dmy')!.rows.map((x) => [x.record.tier, x.record.min_spend_12m, x.record.min_orders_12m, x.record.discount_pct, x.record.perks]);
    expect(rows).toEqual([
      ['Gold', 5000, 10, 12.5, 'free delivery'],
      ['Silver', 1000, 3, 5, ''],
      ['Platinum', 20000, 24, 15, 'a coffee a week'],
    ]);
    expect(readTable(wb, loyaltyTab, 'dmy')!.rows[2]!.record.id).toMatch(/^L-\d{6}$/);
    // Platinum, typed by hand before, is now on the ladder with its member.
    expect(r.value.overview.tiers.map((t) => [t.tier, t.members])).toEqual([['Silver', 1], ['Gold', 1], ['Platinum', 1]]);
    expect(r.value.overview.otherTiers).toEqual([]);
  });

  it('refuses bad values next to their field and writes nothing', () => {
    const { wb, api } = setup();
    const before = JSON.stringify(wb.read('Loyalty'));
    const r = api.saveLoyaltyTiers({
      tiers: [
        typed('L-000001', 'Silver', 'lots', '2.5', '5'),
        typed('L-000002', 'gold', '5000', '10', '120'),
        typed('', 'GOLD', '-1', '', ''),
        typed('', '', '1', '', ''),
      ],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['tiers.0.min_spend_12m', 'Enter a number, or leave it blank.'],
      ['tiers.0.min_orders_12m', 'Orders are whole purchase days: enter a whole number.'],
      ['tiers.1.discount_pct', 'A discount is a percentage from 0 to 100.'],
      ['tiers.2.tier', 'Another tier is already called gold: each tier needs its own name.'],
      ['tiers.2.min_spend_12m', 'This cannot be below 0.'],
      ['tiers.3.tier', 'Name the tier.'],
    ]);
    expect(JSON.stringify(wb.read('Loyalty'))).toBe(before);
  });

  it('refuses a ladder whose discount falls as the tier rises, or two tiers with the same minimums', () => {
    const { api } = setup();
    const falling = api.saveLoyaltyTiers({ tiers: [typed('L-000001', 'Silver', '1000', '3', '8'), typed('L-000002', 'Gold', '5000', '10', '6')] });
    expect(falling.ok).toBe(false);
    if (!falling.ok) expect(falling.issues).toEqual([{ path: ['tiers', '1', 'discount_pct'], code: 'invalid_input', message: "Lower than Silver's 8 %, a lower tier: a higher tier must not lose discount." }]);
    const same = api.saveLoyaltyTiers({ tiers: [typed('L-000001', 'Silver', '1000', '3', '5'), typed('L-000002', 'Gold', '1000', '3', '10')] });
    expect(same.ok).toBe(false);
    if (!same.ok) expect(same.issues.map((i) => i.path.join('.'))).toEqual(['tiers.1.min_spend_12m']);
  });

  it('gives the card of a member by id or by number, and says why not for the others', () => {
    const { api } = setup();
    const byId = api.getMembershipCard({ id: 'C-000001' });
    expect(byId).toEqual({ ok: true, value: { customerId: 'C-000001', name: 'Ann Lee', tier: 'Gold', membershipNo: 'RG-0000001-8', businessName: 'Corner Café', memberSince: '2020-01-05' } });
    expect(api.getMembershipCard({ id: 'rg-0000001-8' })).toEqual(byId);
    const none = api.getMembershipCard({ id: 'C-000002' });
    expect(none.ok).toBe(false);
    if (!none.ok) expect(none.issues[0]!.message).toMatch(/Join membership/);
    const merged = api.getMembershipCard({ id: 'C-000007' });
    expect(merged.ok || merged.issues[0]!.code).toBe('merged');
    expect(api.getMembershipCard({ id: 'C-999999' }).ok).toBe(false);
  });
});
