import { dayNumber } from '../kernel';
import { isCustomerContact, loyaltyStandings, nextTierGap, standingOf } from '../loyalty';
import type { Customer, Interaction, LoyaltyTier, Purchase } from '../workbook';
import { isOpenComplaint } from './timeline';

/** What the card says about a customer's value and risk, in words a shopkeeper reads. */
export interface CustomerInsight {
  tier: string;
  memberNo: string;
  /** Expected value over the next 12 months (clv_12m, from Score customers); null before scoring. */
  clv: number | null;
  churnRisk: number | null;
  /** low, medium, high; '' before scoring. */
  churnLevel: '' | 'low' | 'medium' | 'high';
  /** Why, in words: "Last purchase 210 days ago; usually buys every 45 days; 1 open complaint." */
  churnReason: string;
  openComplaints: { ref: string; date: string; subject: string }[];
  /** Where the customer stands today by the Loyalty tab; absent when there is no ladder or the contact is not a customer. */
  loyalty?: LoyaltyNow;
}

/** Today's standing on the Loyalty ladder: the tier earned, its discount, and what the next tier still needs. */
export interface LoyaltyNow {
  tier: string;
  /** The discount that applies now (the earned tier's discount_pct); 0 without a tier. */
  discountPct: number;
  spend12m: number;
  orders12m: number;
  nextTier: string;
  /** "1400 more spend and 2 more orders"; '' at the top tier. */
  nextTierGap: string;
}

/** The customer's standing from their own purchases (a merged row's purchases count for its survivor). */
function loyaltyNow(customer: Customer, purchases: readonly Purchase[], tiers: readonly LoyaltyTier[], today: string, currency: string): LoyaltyNow | undefined {
  if (tiers.length === 0 || !isCustomerContact(customer)) return undefined;
  const own = purchases.map((p) => ({ ...p, customer_id: 'self' }));
  const s = loyaltyStandings(own, tiers, today).get('self') ?? standingOf('self', 0, 0, tiers);
  return { tier: s.tier, discountPct: s.discountPct, spend12m: s.spend12m, orders12m: s.orders12m, nextTier: s.nextTier, nextTierGap: nextTierGap(s, currency) };
}

function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : Math.round(((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2);
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The card's value-and-risk summary; `today` is the business-local YYYY-MM-DD. */
export function customerInsight(customer: Customer, purchases: readonly Purchase[], interactions: readonly Interaction[], today: string, tiers: readonly LoyaltyTier[] = [], currency = ''): CustomerInsight {
  const open = interactions.filter(isOpenComplaint).sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''));
  const days = [...new Set(purchases.filter((p) => (p.amount ?? 0) >= 0 && p.date).map((p) => dayNumber(p.date ?? '')).filter((d): d is number => d !== undefined))].sort((a, b) => a - b);
  const gaps = days.slice(1).map((d, i) => d - (days[i] ?? d));
  const now = dayNumber(today);
  const last = days[days.length - 1];
  const reasons: string[] = [];
  if (last === undefined) reasons.push('No purchases yet');
  else if (now !== undefined) {
    const since = now - last;
    reasons.push(since === 0 ? 'Bought today' : `Last purchase ${plural(since, 'day')} ago`);
    const usual = median(gaps);
    if (usual !== undefined && usual > 0) reasons.push(since > usual * 2 ? `well past the usual ${plural(usual, 'day')} between purchases` : `usually buys every ${plural(usual, 'day')}`);
    else reasons.push('only one purchase so far');
  }
  if (open.length > 0) reasons.push(`${plural(open.length, 'open complaint')}`);
  if (customer.p_alive !== undefined && customer.p_alive < 0.5) reasons.push(`${Math.round(customer.p_alive * 100)} % chance still active`);
  const risk = customer.churn_risk ?? null;
  const loyalty = loyaltyNow(customer, purchases, tiers, today, currency);
  const level = risk === null ? '' : risk < 1 / 3 ? 'low' : risk < 2 / 3 ? 'medium' : 'high';
  return {
    tier: customer.membership_tier,
    memberNo: customer.membership_no,
    clv: customer.clv_12m ?? null,
    churnRisk: risk,
    churnLevel: level,
    churnReason: `${reasons.join('; ')}.${risk === null ? ' Not scored yet: run Score customers.' : ''}`,
    openComplaints: open.map((i) => ({ ref: i.id, date: i.date ?? '', subject: i.subject })),
    ...(loyalty ? { loyalty } : {}),
  };
}
