import type { LoyaltyTier, Purchase } from '../workbook';

/** What the last 12 months earned one customer. */
export interface LoyaltyStanding {
  customerId: string;
  spend12m: number;
  orders12m: number;
  tier: string;
  discountPct: number;
  /** The next tier up and the spend still needed to reach it (0 when only orders are missing). */
  nextTier: string;
  spendToNext: number;
}

function addMonths(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, last));
  return target.toISOString().slice(0, 10);
}

/** Tiers from lowest to highest threshold; blank minimums count as 0. */
export function sortTiers(tiers: readonly LoyaltyTier[]): LoyaltyTier[] {
  return [...tiers]
    .filter((t) => t.tier.trim() !== '')
    .sort((a, b) => (a.min_spend_12m ?? 0) - (b.min_spend_12m ?? 0) || (a.min_orders_12m ?? 0) - (b.min_orders_12m ?? 0));
}

/** The highest tier whose every set minimum (spend and orders over 12 months) is met; '' when none. */
export function tierFor(tiers: readonly LoyaltyTier[], spend12m: number, orders12m: number): LoyaltyTier | undefined {
  let reached: LoyaltyTier | undefined;
  for (const t of sortTiers(tiers)) if (spend12m >= (t.min_spend_12m ?? 0) && orders12m >= (t.min_orders_12m ?? 0)) reached = t;
  return reached;
}

/**
 * Each customer's standing from purchases in the 12 months up to and including `today` (orders are
 * distinct purchase days, so one visit rung up as three lines is one order).
 */
export function loyaltyStandings(purchases: readonly Purchase[], tiers: readonly LoyaltyTier[], today: string): Map<string, LoyaltyStanding> {
  const from = addMonths(today, -12);
  const spend = new Map<string, number>();
  const days = new Map<string, Set<string>>();
  for (const p of purchases) {
    if (!p.customer_id || !p.date || p.date <= from || p.date > today) continue;
    spend.set(p.customer_id, (spend.get(p.customer_id) ?? 0) + (p.amount ?? 0));
    const set = days.get(p.customer_id) ?? new Set<string>();
    set.add(p.date);
    days.set(p.customer_id, set);
  }
  const ladder = sortTiers(tiers);
  const standings = new Map<string, LoyaltyStanding>();
  for (const [customerId, total] of spend) {
    const orders = days.get(customerId)?.size ?? 0;
    const tier = tierFor(ladder, total, orders);
    const next = ladder[tier ? ladder.indexOf(tier) + 1 : 0];
    standings.set(customerId, {
      customerId,
      spend12m: Math.round(total * 100) / 100,
      orders12m: orders,
      tier: tier?.tier ?? '',
      discountPct: tier?.discount_pct ?? 0,
      nextTier: next?.tier ?? '',
      spendToNext: next ? Math.max(0, Math.round(((next.min_spend_12m ?? 0) - total) * 100) / 100) : 0,
    });
  }
  return standings;
}

/** True when `to` is a higher tier than `from` on this ladder (from '' counts as below every tier). */
export function isUpgrade(tiers: readonly LoyaltyTier[], from: string, to: string): boolean {
  const names = sortTiers(tiers).map((t) => t.tier.toLowerCase());
  return names.indexOf(to.toLowerCase()) > names.indexOf(from.toLowerCase());
}
