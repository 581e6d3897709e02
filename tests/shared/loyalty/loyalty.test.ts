import { describe, expect, it } from 'vitest';
import { discountedTotal, isUpgrade, isValidMembershipNumber, loyaltyStandings, luhnDigit, membershipNumber, volumeDiscount } from '../../../shared/loyalty';
import { blankRecord, loyaltyTab, purchasesTab, type LoyaltyTier, type Purchase } from '../../../shared/workbook';

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
