// `referral_thanks` campaigns: the customer who referred someone (the referred customer's `referred_by`) is thanked
// on the day the referred customer's first purchase is recorded — the referral brought business, not just a name.
// The occasion names the referred customer, so each referral is thanked once, however often the run repeats.
import type { Customer, Purchase } from '../workbook';

/** One thank-you due: who referred, whom, and the first purchase that made it due. */
export interface ReferralDue {
  referrerId: string;
  referredId: string;
  occasion: string;
  context: Record<string, string>;
}

/** The occasion key of a referral: the referred customer's id, so one referrer is thanked once per person. */
export function referralOccasion(referredId: string): string {
  return `referral:${referredId}`;
}

/** Each customer's first purchase day (a line with a positive amount, or no amount; refunds do not count). */
export function firstPurchaseDays(purchases: readonly Purchase[]): Map<string, string> {
  const first = new Map<string, string>();
  for (const p of purchases) {
    const id = p.customer_id.trim();
    const day = p.date?.slice(0, 10);
    if (id === '' || !day || (p.amount !== undefined && p.amount <= 0)) continue;
    const known = first.get(id);
    if (known === undefined || day < known) first.set(id, day);
  }
  return first;
}

/**
 * The referrals to thank on `event`: referred customers (active, not the referrer themself) whose first purchase
 * falls on that day, with the template's `referred_first_name` and `referral_date`. `active` maps ids to the
 * active customers; a referrer who is merged, archived or unknown is not thanked.
 */
export function referralsDue(active: ReadonlyMap<string, Customer>, firstPurchase: ReadonlyMap<string, string>, event: string): ReferralDue[] {
  const due: ReferralDue[] = [];
  for (const [id, referred] of active) {
    const referrerId = referred.referred_by.trim();
    if (referrerId === '' || referrerId === id || !active.has(referrerId)) continue;
    if (firstPurchase.get(id) !== event) continue;
    due.push({ referrerId, referredId: id, occasion: referralOccasion(id), context: { referred_first_name: referred.first_name.trim(), referral_date: event } });
  }
  return due;
}
