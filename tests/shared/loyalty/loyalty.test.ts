import { describe, expect, it } from 'vitest';
import { discountedTotal, isUpgrade, isValidMembershipNumber, loyaltyStandings, loyaltyTemplateValues, luhnDigit, membershipNumber, nextTierGap, planLoyalty, volumeDiscount } from '../../../shared/loyalty';
import { blankRecord, customersTab, loyaltyTab, purchasesTab, type Customer, type LoyaltyTier, type Purchase } from '../../../shared/workbook';

const tier = (name: string, spend: number, orders: number, pct: number): LoyaltyTier => ({ ...blankRecord(loyaltyTab), tier: name, min_spend_12m: spend, min_orders_12m: orders, discount_pct: pct });
const tiers = [tier('Gold', 5000, 6, 10), tier('Bronze', 0, 1, 0), tier('Silver', 1500, 3, 5)];
const buy = (customer_id: string, date: string, amount: number): Purchase => ({ ...blankRecord(purchasesTab), customer_id, date, amount });

describe('loyalty tiers', () => {
  const purchases = [
    buy('A', '2026-01-10', 2000), buy('A', '2026-03-01', 2000), buy('A', '2026-03-01', 500), buy('A', '2026-09-01', 1000), // 5,500 on 3 days
    buy('B', '2025-11-23', 9000), buy('B', '2025-11-24', 100), // first is exactly 12 months back: outside
    buy('C', '2026-02-01', 1000), buy('C', '2026-04-01', 1000), buy('C', '2026-06-01', 1000), buy('C', '2026-12-01', 5000), // last is in the future
  ];
  const standings = loyaltyStandings(purchases, tiers, '2026-11-23');

  it('counts spend and distinct purchase days over the last 12 months, today included', () => {
    expect(standings.get('A')).toMatchObject({ spend12m: 5500, orders12m: 3, tier: 'Silver', discountPct: 5, nextTier: 'Gold', spendToNext: 0 });
    expect(standings.get('B')).toMatchObject({ spend12m: 100, orders12m: 1, tier: 'Bronze', nextTier: 'Silver', spendToNext: 1400 });
    expect(standings.get('C')).toMatchObject({ spend12m: 3000, orders12m: 3, tier: 'Silver' });
  });

  it('knows an upgrade from a downgrade', () => {
    expect(isUpgrade(tiers, 'Silver', 'Gold')).toBe(true);
    expect(isUpgrade(tiers, '', 'Bronze')).toBe(true);
    expect(isUpgrade(tiers, 'Gold', 'Silver')).toBe(false);
  });
});

describe('volume discounts', () => {
  const ladder = [{ from: 10, pct: 5 }, { from: 1, pct: 0 }, { from: 50, pct: 12.5 }];
  it('takes the highest step reached', () => {
    expect(volumeDiscount(ladder, 9)).toBe(0);
    expect(volumeDiscount(ladder, 10)).toBe(5);
    expect(volumeDiscount(ladder, 200)).toBe(12.5);
    expect(discountedTotal(ladder, 50, 19.99)).toBe(874.56);
  });
});

describe('membership numbers', () => {
  it('carry a Luhn check digit (7992739871 → 3, the textbook example)', () => {
    expect(luhnDigit('7992739871')).toBe(3);
    expect(membershipNumber('RG', 123)).toBe(`RG-0000123-${luhnDigit('0000123')}`);
    expect(isValidMembershipNumber(membershipNumber('RG', 98765))).toBe(true);
    const good = membershipNumber('RG', 4242);
    const typo = good.replace('4242', '4224');
    expect(isValidMembershipNumber(typo)).toBe(false);
  });
});

describe('planLoyalty', () => {
  const ladder = [tier('Bronze', 0, 1, 0), tier('Silver', 1000, 3, 5), tier('Gold', 5000, 6, 10)];
  const person = (id: string, fields: Partial<Customer> = {}): { row: number; record: Customer } => ({ row: Number(id.slice(2)) + 1, record: { ...blankRecord(customersTab), id, status: 'active', ...fields } });
  const base = { tiers: ladder, today: '2026-11-23', rule: 'none' as const, prefix: 'RG', lastIssued: 0 };

  it('moves tiers up and down, dates only the upgrades, and leaves archived rows and other contact types alone', () => {
    const plan = planLoyalty({
      ...base,
      customers: [person('C-1', { membership_tier: 'Bronze' }), person('C-2', { membership_tier: 'Gold' }), person('C-6', { membership_tier: 'bronze' }), person('C-3', { membership_tier: 'Gold', status: 'archived' }), person('C-4', { contact_type: 'supplier' }), person('C-5', { membership_tier: 'Silver' })],
      purchases: [
        buy('C-1', '2026-01-01', 600), buy('C-1', '2026-02-01', 600), buy('C-1', '2026-03-01', 600), // Silver
        buy('C-2', '2026-05-01', 300), // Bronze now: down from Gold
        buy('C-6', '2026-05-01', 30), // Bronze as before, typed in lower case
        buy('C-3', '2026-05-01', 300),
        buy('C-4', '2026-05-01', 9000),
        buy('C-5', '2025-11-23', 5000), // exactly a year back: outside, so no tier
      ],
    });
    expect(plan.changes).toEqual([
      { row: 2, customerId: 'C-1', membership_tier: 'Silver', tier_upgraded_at: '2026-11-23' },
      { row: 3, customerId: 'C-2', membership_tier: 'Bronze' },
      { row: 7, customerId: 'C-6', membership_tier: 'Bronze' },
      { row: 6, customerId: 'C-5', membership_tier: '' },
    ]);
    expect(plan).toMatchObject({ members: 3, upgrades: 1, downgrades: 2, issued: 0 });
  });

  it('keeps hand-set tiers when the Loyalty tab has no tiers, and issues numbers by the rule', () => {
    const customers = [person('C-1', { membership_tier: 'VIP', email_consent: true }), person('C-2', { email_consent: false }), person('C-3', { email_consent: true, membership_no: 'RG-0000007-5' })];
    const plan = planLoyalty({ ...base, tiers: [], rule: 'email_consent', customers, purchases: [] });
    // 8 → rightmost digit doubled: 16 → 7, so the check digit is 3.
    expect(plan.changes).toEqual([{ row: 2, customerId: 'C-1', membership_no: 'RG-0000008-3' }]);
    expect(plan.lastIssued).toBe(8);
    const byPurchase = planLoyalty({ ...base, tiers: [], rule: 'first_purchase', customers, purchases: [buy('C-2', '2026-11-24', 50), buy('C-1', '2026-11-01', 50)] });
    // C-2's purchase is after the scoring date: not yet a buyer.
    expect(byPurchase.changes.map((c) => [c.customerId, c.membership_no])).toEqual([['C-1', 'RG-0000008-3']]);
  });
});

describe('loyalty template values', () => {
  it('fill {{tier}}, {{membership_no}}, {{discount_pct}}, {{next_tier}} and {{next_tier_gap}}', () => {
    const standing = loyaltyStandings([buy('A', '2026-10-01', 1200), buy('A', '2026-10-02', 300)], tiers, '2026-11-23').get('A');
    // 1,500 over 2 days: Bronze (Silver needs 1,500 and 3 orders); Silver is one order away.
    expect(standing).toMatchObject({ tier: 'Bronze', nextTier: 'Silver', spendToNext: 0, ordersToNext: 1 });
    const values = loyaltyTemplateValues({ membership_tier: 'Bronze', membership_no: 'RG-0000001-8' }, standing, tiers, 'ZAR');
    expect(values).toEqual({ tier: 'Bronze', membership_no: 'RG-0000001-8', discount_pct: '0', next_tier: 'Silver', next_tier_gap: '1 more order' });
    expect(nextTierGap({ nextTier: 'Gold', spendToNext: 1234.5, ordersToNext: 2 }, 'ZAR')).toBe('ZAR 1,234.50 more spend and 2 more orders');
    expect(loyaltyTemplateValues({ membership_tier: 'Silver', membership_no: '' }, undefined, tiers).discount_pct).toBe('5');
  });
});
