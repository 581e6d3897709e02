import type { Customer, LoyaltyTier, Purchase } from '../workbook';
import { isCustomerContact } from './contacts';
import { allocateMembershipNumbers } from './membership';
import { loyaltyStandings, sortTiers, type LoyaltyStanding } from './tiers';

/** When a customer is given a membership number without asking: never, on a first purchase, or on e-mail consent. */
export const MEMBERSHIP_RULES = ['none', 'first_purchase', 'email_consent'] as const;
export type MembershipRule = (typeof MEMBERSHIP_RULES)[number];


/** An active row of the Customers tab: not merged, not archived, with an id. */
function isActive(customer: Customer): boolean {
  return customer.id.trim() !== '' && customer.status !== 'merged' && customer.status !== 'archived' && customer.merged_into.trim() === '';
}

/** One Customers row's loyalty cells after scoring; only the fields that change are set. */
export interface LoyaltyChange {
  row: number;
  customerId: string;
  membership_tier?: string;
  /** Set when the tier went up: the tier-upgrade campaign fires on this date. */
  tier_upgraded_at?: string;
  membership_no?: string;
}

/** What one scoring does to loyalty: the changed rows, the new counter value, and counts for the report. */
export interface LoyaltyPlan {
  changes: LoyaltyChange[];
  standings: Map<string, LoyaltyStanding>;
  /** The membership counter to store (unchanged when no number was issued). */
  lastIssued: number;
  /** Active customers holding a tier after this scoring. */
  members: number;
  upgrades: number;
  downgrades: number;
  issued: number;
}

/** Everything planLoyalty needs; no I/O, today is a parameter. */
export interface LoyaltyInput {
  customers: readonly { row: number; record: Customer }[];
  /** Purchases with merged customers' ids already pointed at their survivors. */
  purchases: readonly Purchase[];
  tiers: readonly LoyaltyTier[];
  today: string;
  rule: MembershipRule;
  prefix: string;
  lastIssued: number;
}

/**
 * Every active customer's tier from their own last 12 months (none without qualifying purchases; prospects,
 * suppliers and partners are not in the programme), when the tier went up, and membership numbers for those
 * the Settings rule admits.
 */
export function planLoyalty(input: LoyaltyInput): LoyaltyPlan {
  const standings = loyaltyStandings(input.purchases, input.tiers, input.today);
  const bought = new Set<string>();
  for (const p of input.purchases) if (p.date && p.date.slice(0, 10) <= input.today && (p.amount ?? 0) > 0) bought.add(p.customer_id.trim());
  const changes: LoyaltyChange[] = [];
  const joining: LoyaltyChange[] = [];
  // Rank of each tier name on the ladder ('' below all), so an upgrade is one lookup per customer.
  const rank = new Map(sortTiers(input.tiers).map((t, i) => [t.tier.trim().toLowerCase(), i]));
  const rankOf = (name: string): number => rank.get(name.trim().toLowerCase()) ?? -1;
  let members = 0;
  let upgrades = 0;
  let downgrades = 0;
  for (const { row, record } of input.customers) {
    if (!isActive(record)) continue;
    const id = record.id.trim();
    const member = isCustomerContact(record);
    const before = record.membership_tier.trim();
    const after = member && input.tiers.length > 0 ? (standings.get(id)?.tier ?? '') : before;
    const change: LoyaltyChange = { row, customerId: id };
    if (member && after !== '') members++;
    if (after !== before) {
      change.membership_tier = after;
      // The same tier typed in other letters ("silver") is only spelt as on the Loyalty tab.
      if (rankOf(after) > rankOf(before)) {
        change.tier_upgraded_at = input.today;
        upgrades++;
      } else if (after.toLowerCase() !== before.toLowerCase()) downgrades++;
    }
    const joined = member && record.membership_no.trim() === '' && joins(input.rule, record, bought.has(id));
    if (joined) joining.push(change);
    if (change.membership_tier !== undefined || joined) changes.push(change);
  }
  const allocated = allocateMembershipNumbers(input.prefix, input.customers.map((c) => c.record.membership_no), input.lastIssued, joining.length);
  joining.forEach((change, i) => (change.membership_no = allocated.numbers[i]));
  return { changes, standings, lastIssued: joining.length > 0 ? allocated.last : input.lastIssued, members, upgrades, downgrades, issued: joining.length };
}

function joins(rule: MembershipRule, customer: Customer, hasBought: boolean): boolean {
  if (rule === 'first_purchase') return hasBought;
  if (rule === 'email_consent') return customer.email_consent === true && !customer.unsubscribed_at;
  return false;
}
