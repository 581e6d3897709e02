import { describe, expect, it } from 'vitest';
import { customerInsight } from '../../../shared/customers';
import { blankRecord, customersTab, loyaltyTab, purchasesTab, type LoyaltyTier, type Purchase } from '../../../shared/workbook';

const tier = (name: string, spend: number, orders: number, pct: number): LoyaltyTier => ({ ...blankRecord(loyaltyTab), tier: name, min_spend_12m: spend, min_orders_12m: orders, discount_pct: pct });
const ladder = [tier('Bronze', 0, 1, 0), tier('Silver', 1500, 3, 5), tier('Gold', 5000, 6, 10)];
const buy = (date: string, amount: number): Purchase => ({ ...blankRecord(purchasesTab), customer_id: 'C-9', date, amount });

describe('the card\'s loyalty standing', () => {
  const ann = { ...blankRecord(customersTab), id: 'C-1', status: 'active' as const, membership_tier: 'Bronze' };

  it('shows the discount that applies now and the gap to the next tier, from the last 12 months only', () => {
    // Purchases of a merged row carry its own id; they count for the card's customer all the same.
    const purchases = [buy('2025-11-23', 4000), buy('2026-02-01', 1000), buy('2026-03-01', 900), buy('2026-03-01', -100), buy('2026-06-01', 300)];
    // In the window: 1,000 + 800 (net that day) + 300 = 2,100 over 3 days → Silver (5 %); Gold needs 2,900 and 3 orders more.
    expect(customerInsight(ann, purchases, [], '2026-11-23', ladder, 'ZAR').loyalty).toEqual({
      tier: 'Silver', discountPct: 5, spend12m: 2100, orders12m: 3, nextTier: 'Gold', nextTierGap: 'ZAR 2,900 more spend and 3 more orders',
    });
  });

  it('shows the first tier to aim for without purchases, and nothing for a supplier or without a ladder', () => {
    expect(customerInsight(ann, [], [], '2026-11-23', ladder).loyalty).toEqual({ tier: '', discountPct: 0, spend12m: 0, orders12m: 0, nextTier: 'Bronze', nextTierGap: '1 more order' });
    expect(customerInsight({ ...ann, contact_type: 'supplier' }, [buy('2026-06-01', 300)], [], '2026-11-23', ladder).loyalty).toBeUndefined();
    expect(customerInsight(ann, [buy('2026-06-01', 300)], [], '2026-11-23').loyalty).toBeUndefined();
  });
});
