import { addDays, addMonths } from '../kernel';
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
  /** The orders (purchase days) still needed to reach the next tier. */
  ordersToNext: number;
}

/** Tiers from lowest to highest threshold; blank minimums count as 0. */
export function sortTiers(tiers: readonly LoyaltyTier[]): LoyaltyTier[] {
  return [...tiers]
    .filter((t) => t.tier.trim() !== '')
    .sort((a, b) => (a.min_spend_12m ?? 0) - (b.min_spend_12m ?? 0) || (a.min_orders_12m ?? 0) - (b.min_orders_12m ?? 0));
}

/** The highest tier whose every set minimum (spend and orders over 12 months) is met; '' when none. */
export function tierFor(tiers: readonly LoyaltyTier[], spend12m: number, orders12m: number): LoyaltyTier | undefined {
  return highestReached(sortTiers(tiers), spend12m, orders12m);
}

/** tierFor on a ladder already sorted by sortTiers (scoring sorts once, not once per customer). */
function highestReached(ladder: readonly LoyaltyTier[], spend12m: number, orders12m: number): LoyaltyTier | undefined {
  let reached: LoyaltyTier | undefined;
  for (const t of ladder) if (spend12m >= (t.min_spend_12m ?? 0) && orders12m >= (t.min_orders_12m ?? 0)) reached = t;
  return reached;
}

/** The first day of "the last 12 months" up to `today`: the day after the same date a year earlier (DESIGN §3). */
export function windowStart(today: string): string {
  return addDays(addMonths(today, -12), 1);
}

/**
 * Each customer's standing from purchases in the 12 months up to and including `today`. Lines are netted per
 * customer and day first, so a refund lowers the spend and a day whose net is not positive is no order; orders
 * are distinct purchase days, so one visit rung up as three lines is one order.
 */
export function loyaltyStandings(purchases: readonly Purchase[], tiers: readonly LoyaltyTier[], today: string): Map<string, LoyaltyStanding> {
  const from = windowStart(today);
  const net = new Map<string, Map<string, number>>();
  for (const p of purchases) {
    const id = p.customer_id.trim();
    const day = p.date?.slice(0, 10);
    if (!id || !day || day < from || day > today) continue;
    const days = net.get(id) ?? new Map<string, number>();
    days.set(day, (days.get(day) ?? 0) + (p.amount ?? 0));
    net.set(id, days);
  }
  const ladder = sortTiers(tiers);
  const standings = new Map<string, LoyaltyStanding>();
  for (const [customerId, days] of net) {
    let total = 0;
    let orders = 0;
    for (const amount of days.values()) {
      total += amount;
      if (amount > 0) orders++;
    }
    standings.set(customerId, standingOnLadder(customerId, total, orders, ladder));
  }
  return standings;
}

/** The standing for a 12-month spend and order count: no tier without an order, else the highest tier reached. */
export function standingOf(customerId: string, spend12m: number, orders12m: number, tiers: readonly LoyaltyTier[]): LoyaltyStanding {
  return standingOnLadder(customerId, spend12m, orders12m, sortTiers(tiers));
}

function standingOnLadder(customerId: string, spend12m: number, orders12m: number, ladder: readonly LoyaltyTier[]): LoyaltyStanding {
  const tier = orders12m > 0 ? highestReached(ladder, spend12m, orders12m) : undefined;
  const next = ladder[tier ? ladder.indexOf(tier) + 1 : 0];
  return {
    customerId,
    spend12m: Math.round(spend12m * 100) / 100,
    orders12m,
    tier: tier?.tier ?? '',
    discountPct: tier?.discount_pct ?? 0,
    nextTier: next?.tier ?? '',
    spendToNext: next ? Math.max(0, Math.round(((next.min_spend_12m ?? 0) - spend12m) * 100) / 100) : 0,
    ordersToNext: next ? Math.max(0, (next.min_orders_12m ?? 0) - orders12m) : 0,
  };
}

/** True when `to` is a higher tier than `from` on this ladder (from '' counts as below every tier). */
export function isUpgrade(tiers: readonly LoyaltyTier[], from: string, to: string): boolean {
  const names = sortTiers(tiers).map((t) => t.tier.toLowerCase());
  return names.indexOf(to.toLowerCase()) > names.indexOf(from.toLowerCase());
}
