import type { PurchaseHistory } from './history';

/** One point of the concentration curve: the top `customerShare` of buyers bring `revenueShare` of revenue. */
export interface ParetoPoint {
  customerShare: number;
  revenueShare: number;
}

/** How concentrated revenue is among buyers. */
export interface Pareto {
  /** Customers with at least one purchase (the denominator). */
  customers: number;
  revenue: number;
  /** The target share of revenue (0.8 for "80/20"). */
  target: number;
  /** The fewest customers whose revenue together reaches the target. */
  count: number;
  /** count ÷ customers: the smallest share of customers that brings the target share of revenue; null without revenue. */
  share: number | null;
  /** The share of revenue brought by the top 20% of customers. */
  top20: number | null;
  /** The curve at each `step` of customer share, from 0 to 1 (linear between whole customers). */
  curve: ParetoPoint[];
}

/**
 * The Pareto (80/20) share: buyers sorted by revenue, largest first; `share` is the fewest of them, as a fraction of
 * all buyers, whose revenue reaches `target` of the total. Customers with net revenue below zero count as zero.
 */
export function paretoShare(history: PurchaseHistory, options: { target?: number; step?: number } = {}): Pareto {
  const target = options.target ?? 0.8;
  const step = options.step ?? 0.05;
  const n = history.customers.size;
  const revenues = new Float64Array(n);
  let i = 0;
  for (const h of history.customers.values()) revenues[i++] = Math.max(0, h.revenue);
  revenues.sort().reverse();
  const cumulative = new Float64Array(n + 1);
  for (let k = 0; k < n; k++) cumulative[k + 1] = cumulative[k]! + revenues[k]!;
  const total = cumulative[n]!;
  const curve: ParetoPoint[] = [];
  const points = Math.round(1 / step);
  for (let j = 0; j <= points; j++) {
    const customerShare = j / points;
    curve.push({ customerShare, revenueShare: total > 0 ? topShare(cumulative, revenues, customerShare * n) / total : 0 });
  }
  if (total <= 0) return { customers: n, revenue: total, target, count: 0, share: null, top20: null, curve };
  // The tolerance keeps a cumulative sum that equals the target exactly from missing it by rounding.
  const goal = target * total * (1 - 1e-12);
  let lo = 1;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid]! >= goal) hi = mid;
    else lo = mid + 1;
  }
  return { customers: n, revenue: total, target, count: lo, share: lo / n, top20: topShare(cumulative, revenues, 0.2 * n) / total, curve };
}

function topShare(cumulative: Float64Array, revenues: Float64Array, x: number): number {
  const whole = Math.floor(x);
  const part = x - whole;
  return cumulative[whole]! + (part > 0 ? part * (revenues[whole] ?? 0) : 0);
}
