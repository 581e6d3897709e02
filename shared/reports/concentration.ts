/** How concentrated a figure (revenue or profit) is among customers: the 80/20 view. */
export interface Concentration {
  /** Customers in the population (the denominator of the shares). */
  customers: number;
  /** The figure summed over every customer (losses included). */
  total: number;
  /** The fewest customers whose figures together reach 80 % of the total; null when the total is not positive. */
  count_for_80: number | null;
  /** count_for_80 ÷ customers. */
  share_for_80: number | null;
  /** The share of the total brought by the top 20 % of customers (rounded down to whole customers). */
  top20_share: number | null;
}

/** Customers who cost more than they bring: a negative profit over the last 12 months. */
export interface LossMakers {
  customers: number;
  /** Their profits summed (a negative number, or 0). */
  loss: number;
  /** The ten largest losses, largest first (ties by id). */
  worst: { id: string; profit_12m: number }[];
}

/** The 80/20 view of `values` (one per customer), largest first. */
export function concentration(values: Float64Array): Concentration {
  const n = values.length;
  const sorted = Float64Array.from(values).sort().reverse();
  let total = 0;
  for (let i = 0; i < n; i++) total += sorted[i]!;
  if (!(total > 0)) return { customers: n, total, count_for_80: null, share_for_80: null, top20_share: null };
  const goal = 0.8 * total * (1 - 1e-12);
  let running = 0;
  let count = 0;
  while (count < n && running < goal) running += sorted[count++]!;
  const top = Math.floor(0.2 * n);
  let topSum = 0;
  for (let i = 0; i < top; i++) topSum += sorted[i]!;
  return { customers: n, total, count_for_80: count, share_for_80: count / n, top20_share: topSum / total };
}

/** Counts the negative profits, sums them and names the ten largest (ids[i] is the customer of profits[i]). */
export function lossMakers(profits: Float64Array, ids: readonly string[]): LossMakers {
  let customers = 0;
  let loss = 0;
  const losing: number[] = [];
  profits.forEach((p, i) => {
    if (p < 0) {
      customers++;
      loss += p;
      losing.push(i);
    }
  });
  losing.sort((a, b) => profits[a]! - profits[b]! || (ids[a] ?? '').localeCompare(ids[b] ?? ''));
  return { customers, loss, worst: losing.slice(0, 10).map((i) => ({ id: ids[i] ?? '', profit_12m: profits[i]! })) };
}
