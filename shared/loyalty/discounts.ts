/** One step of a frequent-buyer ladder: from this many units (or this much spend) on, this discount. */
export interface DiscountStep {
  from: number;
  pct: number;
}

/** The discount for a quantity or amount: the step with the highest `from` not above it; 0 below the first. */
export function volumeDiscount(ladder: readonly DiscountStep[], quantity: number): number {
  let pct = 0;
  let best = -Infinity;
  for (const step of ladder) if (quantity >= step.from && step.from > best) [best, pct] = [step.from, step.pct];
  return pct;
}

/** The price after the ladder's discount, rounded to cents. */
export function discountedTotal(ladder: readonly DiscountStep[], quantity: number, unitPrice: number): number {
  return Math.round(quantity * unitPrice * (100 - volumeDiscount(ladder, quantity))) / 100;
}
