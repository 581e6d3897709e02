// Loyalty on every scoring at scale: tiers for 100,000 customers from 1,000,000 purchases, with membership
// numbers for all of them (Settings membership_rule first_purchase on a sheet that had none). `node bench/run.mjs loyalty`
import { planLoyalty } from '../shared/loyalty';
import { blankRecord, customersTab, loyaltyTab, type Customer, type LoyaltyTier, type Purchase } from '../shared/workbook';
import { mulberry32 } from '../shared/kernel';

/** The same data on every run. */
const random = mulberry32;

const CUSTOMERS = 100_000;
const PURCHASES = 1_000_000;
const next = random(11);
const blank = blankRecord(customersTab);
const customers = Array.from({ length: CUSTOMERS }, (_, i): { row: number; record: Customer } => ({ row: i + 2, record: { ...blank, id: `C-${i}`, status: 'active', contact_type: i % 20 === 0 ? 'supplier' : 'customer' } }));
const purchases: Purchase[] = [];
const start = Date.UTC(2024, 0, 1);
for (let i = 0; i < PURCHASES; i++) {
  const date = new Date(start + Math.floor(next() * 1060) * 86_400_000).toISOString().slice(0, 10);
  purchases.push({ id: `P-${i}`, customer_id: `C-${Math.floor(next() * CUSTOMERS)}`, date, amount: Math.round((next() * 400 - 20) * 100) / 100, currency: '', description: '', channel: '', staff: '' });
}
const tier = (name: string, spend: number, orders: number, pct: number): LoyaltyTier => ({ ...blankRecord(loyaltyTab), tier: name, min_spend_12m: spend, min_orders_12m: orders, discount_pct: pct });
const tiers = [tier('Bronze', 0, 1, 0), tier('Silver', 1000, 3, 5), tier('Gold', 2500, 6, 10), tier('Platinum', 5000, 10, 15)];

for (let run = 0; run < 3; run++) {
  const t0 = performance.now();
  const plan = planLoyalty({ customers, purchases, tiers, today: '2026-11-23', rule: 'first_purchase', prefix: 'RG', lastIssued: 0 });
  const ms = performance.now() - t0;
  console.log(`planLoyalty: ${CUSTOMERS.toLocaleString('en')} customers, ${PURCHASES.toLocaleString('en')} purchases: ${ms.toFixed(0)} ms (${plan.members.toLocaleString('en')} with a tier, ${plan.issued.toLocaleString('en')} numbers issued, ${plan.changes.length.toLocaleString('en')} rows changed)`);
}
