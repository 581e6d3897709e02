/** Value tiers by percentile when no tier is given: the top 5%, the next 15%, the next 30% and the rest. */
export const PERCENTILE_TIERS = [
  { name: 'Top 5%', upTo: 0.05 },
  { name: 'Next 15%', upTo: 0.2 },
  { name: 'Next 30%', upTo: 0.5 },
  { name: 'Bottom 50%', upTo: 1 },
] as const;

/** Each id's percentile tier by value, largest first; ties share the tier of the first of them. */
export function percentileTiers(values: ReadonlyMap<string, number>): Map<string, string> {
  const sorted = [...values].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const n = sorted.length;
  const out = new Map<string, string>();
  let tier = 0;
  let previous = Number.NaN;
  let previousTier = 0;
  sorted.forEach(([id, value], rank) => {
    while (tier < PERCENTILE_TIERS.length - 1 && rank >= Math.round(PERCENTILE_TIERS[tier]!.upTo * n)) tier++;
    const t = value === previous ? previousTier : tier;
    out.set(id, PERCENTILE_TIERS[t]!.name);
    previous = value;
    previousTier = t;
  });
  return out;
}
