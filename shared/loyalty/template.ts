import type { Customer, LoyaltyTier } from '../workbook';
import { sortTiers } from './tiers';
import type { LoyaltyStanding } from './tiers';

/** An amount with thousands grouped, as the card shows its other sums ("2,570.32"); whole amounts without cents. */
function grouped(amount: number): string {
  const digits = Number.isInteger(Math.round(amount * 100) / 100) ? 0 : 2;
  return amount.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: 2 });
}

/** How far a customer is from the next tier, in words: "1400 more spend and 2 more orders"; '' at the top. */
export function nextTierGap(standing: Pick<LoyaltyStanding, 'nextTier' | 'spendToNext' | 'ordersToNext'> | undefined, currency = ''): string {
  if (!standing || standing.nextTier === '') return '';
  const parts: string[] = [];
  if (standing.spendToNext > 0) parts.push(`${currency === '' ? '' : `${currency} `}${grouped(standing.spendToNext)} more spend`);
  if (standing.ordersToNext > 0) parts.push(`${standing.ordersToNext} more order${standing.ordersToNext === 1 ? '' : 's'}`);
  return parts.join(' and ');
}

/** The discount of the tier a customer holds (the Loyalty tab's discount_pct), 0 without a tier. */
export function tierDiscount(tiers: readonly LoyaltyTier[], tier: string): number {
  const name = tier.trim().toLowerCase();
  return sortTiers(tiers).find((t) => t.tier.trim().toLowerCase() === name)?.discount_pct ?? 0;
}

/**
 * The loyalty placeholders of a template: {{tier}}, {{membership_no}}, {{discount_pct}}, {{next_tier}} and
 * {{next_tier_gap}}; the tier held is the one scoring wrote, the gap is measured from today's standing.
 */
export function loyaltyTemplateValues(customer: Pick<Customer, 'membership_tier' | 'membership_no'>, standing: LoyaltyStanding | undefined, tiers: readonly LoyaltyTier[], currency = ''): Record<string, string> {
  const tier = customer.membership_tier.trim();
  const ladder = sortTiers(tiers);
  // Without a standing (no purchases in 12 months) the next tier is the first rung above the one held.
  const held = ladder.findIndex((t) => t.tier.trim().toLowerCase() === tier.toLowerCase());
  const next = standing?.nextTier ?? ladder[held + 1]?.tier ?? '';
  return {
    tier,
    membership_no: customer.membership_no.trim(),
    discount_pct: tier === '' ? '0' : String(tierDiscount(tiers, tier)),
    next_tier: next,
    next_tier_gap: standing ? nextTierGap(standing, currency) : '',
  };
}
