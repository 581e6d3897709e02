import type { Customer, Interaction, OutboxEntry, Purchase } from '../workbook';
import { dayNumber, offsetMinutes, toLocal } from '../kernel';
import { newcombeDifference, welchDifference, type Estimate } from '../stats';
import { summariseScores, surveyAnswerOf, type ScoreSummary } from '../satisfaction';

/** What results are computed from: one campaign's Outbox rows and what the customers did after. */
export interface ResultsInput {
  campaign: string;
  /** Results as of this business-local date (YYYY-MM-DD): nothing later counts. */
  asOf: string;
  /** Settings attribution_days: purchases within this many days after the message count for it. */
  attributionDays: number;
  /** The business's time zone, to date a message by the local day it went out. */
  timeZone: string;
  /** The campaign's holdout_pct as set now (for the report; the Outbox says who was held out). */
  holdoutPct?: number;
  outbox: readonly OutboxEntry[];
  purchases: readonly Purchase[];
  interactions: readonly Interaction[];
  customers: readonly Pick<Customer, 'id' | 'unsubscribed_at'>[];
}

/** An estimate as JSON can carry it: null where the data give none (NaN). */
export interface Interval {
  estimate: number | null;
  low: number | null;
  high: number | null;
}

/** What one group (those mailed, or the control group) did within its attribution windows. */
export interface GroupOutcome {
  customers: number;
  /** Customers with purchases netting above zero in their window. */
  converted: number;
  conversionRate: number | null;
  revenue: number;
  revenuePerCustomer: number | null;
}

/** The lift of the mailed group over the control group, each with its 95% interval. */
export interface Lift {
  /** Difference in conversion rate (mailed − control), Newcombe's hybrid score interval. */
  conversion: Interval;
  /** Difference in revenue per customer (mailed − control), Welch's interval. */
  revenuePerCustomer: Interval & { df: number | null };
  /** The revenue the campaign added: the per-customer difference times the customers mailed. */
  incrementalRevenue: Interval;
}

/**
 * How to read the lift: `no_control` (no holdout), `too_few` (a group under 2 customers), `pays` (revenue per
 * customer higher, interval above 0), `hurts` (interval below 0), or `unclear` (the interval spans 0).
 */
export type LiftVerdict = 'no_control' | 'too_few' | 'pays' | 'hurts' | 'unclear';

/** One campaign's results: what was sent, what happened after, and (with a holdout) what the campaign itself caused. */
export interface CampaignResults {
  campaign: string;
  asOf: string;
  attributionDays: number;
  holdoutPct: number | null;
  sent: number;
  failed: number;
  review: number;
  holdout: number;
  /** Planned, waiting for approval, held or being sent. */
  waiting: number;
  skipped: Record<string, number>;
  /** Customers mailed who unsubscribed within the attribution window of their message. */
  unsubscribed: number;
  /** Survey answers to this campaign's messages (by the Interaction subject the survey page writes). */
  survey: ScoreSummary;
  mailed: GroupOutcome;
  control: GroupOutcome | null;
  /** Messages (mailed or held out) whose attribution window ends after asOf: their figures may still grow. */
  openWindows: number;
  lift: Lift | null;
  verdict: LiftVerdict;
}

const fold = (s: string): string => s.trim().toLowerCase();
const orNull = (x: number): number | null => (Number.isFinite(x) ? x : null);
const interval = (e: Estimate): Interval => ({ estimate: orNull(e.estimate), low: orNull(e.low), high: orNull(e.high) });
const WAITING = new Set(['planned', 'needs_approval', 'held', 'sending']);

/** The local day a row's message went out (sent_at in the business's zone), else the day it was planned for. */
function messageDay(row: OutboxEntry, zone: string): number | undefined {
  if (row.status === 'sent' && row.sent_at) {
    // The runner writes sent_at as UTC ("…Z"): the zone's offset is cached per quarter hour, one Intl call at most.
    const ms = /Z$/i.test(row.sent_at) ? Date.parse(row.sent_at) : NaN;
    if (!Number.isNaN(ms)) return Math.floor((ms + offsetMinutes(ms, zone) * 60_000) / 86_400_000);
    const local = toLocal(row.sent_at, zone)?.date;
    if (local) return dayNumber(local);
  }
  return dayNumber(row.planned_for);
}

/** Net purchases per customer and day (refunds are negative amounts), for windows summed in one pass each. */
function purchasesByCustomer(purchases: readonly Purchase[]): Map<string, { day: number; amount: number }[]> {
  const out = new Map<string, { day: number; amount: number }[]>();
  for (const p of purchases) {
    const day = dayNumber(p.date);
    if (day === undefined || p.amount === undefined || !Number.isFinite(p.amount)) continue;
    const id = p.customer_id.trim();
    const list = out.get(id);
    if (list) list.push({ day, amount: p.amount });
    else out.set(id, [{ day, amount: p.amount }]);
  }
  return out;
}

function outcome(revenues: readonly number[]): GroupOutcome {
  const converted = revenues.filter((r) => r > 0).length;
  const revenue = revenues.reduce((s, r) => s + r, 0);
  const n = revenues.length;
  return { customers: n, converted, conversionRate: n === 0 ? null : converted / n, revenue, revenuePerCustomer: n === 0 ? null : revenue / n };
}

/**
 * One campaign's results as of a date. A message's window runs from the day after it went out (a purchase on the
 * same day may have come first, and a thank-you is sent for that very purchase) through `attributionDays` days
 * after, cut at asOf; a held-out customer's window starts from the day their message was planned for, so both
 * groups are measured alike. Revenue nets refunds; a customer converts when their window's purchases net above 0.
 */
export function campaignResults(input: ResultsInput): CampaignResults {
  const name = fold(input.campaign);
  const asOf = dayNumber(input.asOf) ?? Number.POSITIVE_INFINITY;
  const days = Math.max(1, Math.round(input.attributionDays));
  const rows = input.outbox.filter((o) => o.key.trim() !== '' && fold(o.campaign) === name);
  const bought = purchasesByCustomer(input.purchases);
  const unsubscribedOn = new Map<string, number | undefined>();
  for (const c of input.customers) if (c.unsubscribed_at) unsubscribedOn.set(c.id.trim(), dayNumber(c.unsubscribed_at));

  const skipped: Record<string, number> = {};
  let failed = 0;
  let review = 0;
  let waiting = 0;
  let unsubscribed = 0;
  let openWindows = 0;
  const mailed: number[] = [];
  const control: number[] = [];
  for (const row of rows) {
    if (row.status === 'failed') failed++;
    else if (row.status === 'review') review++;
    else if (WAITING.has(row.status)) waiting++;
    else if (row.status === 'skipped') skipped[row.reason || 'skipped'] = (skipped[row.reason || 'skipped'] ?? 0) + 1;
    if (row.status !== 'sent' && row.status !== 'holdout') continue;
    const day = messageDay(row, input.timeZone);
    if (day === undefined || day > asOf) continue;
    const end = Math.min(day + days, asOf);
    if (day + days > asOf) openWindows++;
    const id = row.customer_id.trim();
    let revenue = 0;
    for (const p of bought.get(id) ?? []) if (p.day > day && p.day <= end) revenue += p.amount;
    if (row.status === 'sent') {
      mailed.push(revenue);
      const unsub = unsubscribedOn.get(id);
      if (unsub !== undefined && unsub >= day && unsub <= Math.min(day + days, asOf)) unsubscribed++;
    } else {
      control.push(revenue);
    }
  }

  const answers = input.interactions
    .filter((i) => fold(i.subject).startsWith(`${name} (`) && (dayNumber(i.date) ?? asOf) <= asOf)
    .map(surveyAnswerOf)
    .filter((a) => a !== undefined);
  const mailedOutcome = outcome(mailed);
  const controlOutcome = control.length > 0 ? outcome(control) : null;
  let lift: Lift | null = null;
  let verdict: LiftVerdict = 'no_control';
  if (controlOutcome) {
    const perCustomer = welchDifference(mailed, control);
    lift = {
      conversion: interval(newcombeDifference(mailedOutcome.converted, mailed.length, controlOutcome.converted, control.length)),
      revenuePerCustomer: { ...interval(perCustomer), df: orNull(perCustomer.df) },
      incrementalRevenue: interval({ estimate: perCustomer.estimate * mailed.length, low: perCustomer.low * mailed.length, high: perCustomer.high * mailed.length }),
    };
    const { low, high } = lift.revenuePerCustomer;
    verdict = low === null || high === null ? 'too_few' : low > 0 ? 'pays' : high < 0 ? 'hurts' : 'unclear';
  }
  const pct = input.holdoutPct;
  return {
    campaign: input.campaign.trim(),
    asOf: input.asOf,
    attributionDays: days,
    holdoutPct: pct === undefined || !Number.isFinite(pct) ? null : pct,
    sent: rows.filter((r) => r.status === 'sent').length,
    failed,
    review,
    holdout: rows.filter((r) => r.status === 'holdout').length,
    waiting,
    skipped,
    unsubscribed,
    survey: summariseScores(answers),
    mailed: mailedOutcome,
    control: controlOutcome,
    openWindows,
    lift,
    verdict,
  };
}
