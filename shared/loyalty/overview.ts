import type { Customer } from '../workbook';
import { cardName } from './card';
import { isCustomerContact } from './contacts';

/** How many active customers hold each tier (as written on Customers), members with a number, and those with none. */
export interface TierCounts {
  byTier: Record<string, number>;
  noTier: number;
  withNumber: number;
}

/** One recent move up the ladder, for the Loyalty sidebar. */
export interface TierUpgrade {
  customerId: string;
  name: string;
  tier: string;
  date: string;
  membershipNo: string;
}

function isActiveCustomer(c: Customer): boolean {
  return c.status !== 'merged' && c.status !== 'archived' && c.merged_into.trim() === '' && c.id.trim() !== '' && isCustomerContact(c);
}

/** Members per tier among active customers; tier names are matched case-blind to `ladder` and spelled as it spells them. */
export function tierCounts(customers: readonly Customer[], ladder: readonly string[]): TierCounts {
  const spelled = new Map(ladder.map((t) => [t.trim().toLowerCase(), t.trim()]));
  const byTier: Record<string, number> = Object.fromEntries(ladder.map((t) => [t.trim(), 0]));
  let noTier = 0;
  let withNumber = 0;
  for (const c of customers) {
    if (!isActiveCustomer(c)) continue;
    if (c.membership_no.trim() !== '') withNumber++;
    const tier = c.membership_tier.trim();
    if (tier === '') {
      noTier++;
      continue;
    }
    const name = spelled.get(tier.toLowerCase()) ?? tier;
    byTier[name] = (byTier[name] ?? 0) + 1;
  }
  return { byTier, noTier, withNumber };
}

/** The latest upgrades (tier_upgraded_at), newest first, at most `limit`. */
export function recentUpgrades(customers: readonly Customer[], limit: number): TierUpgrade[] {
  return customers
    .filter((c) => isActiveCustomer(c) && c.tier_upgraded_at !== undefined && c.membership_tier.trim() !== '')
    .map((c) => ({ customerId: c.id.trim(), name: cardName(c), tier: c.membership_tier.trim(), date: c.tier_upgraded_at!.slice(0, 10), membershipNo: c.membership_no.trim() }))
    .sort((a, b) => b.date.localeCompare(a.date) || a.customerId.localeCompare(b.customerId))
    .slice(0, limit);
}
