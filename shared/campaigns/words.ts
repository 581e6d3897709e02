import type { CampaignResults } from './results';

/** A money amount as the results sentence writes it: the Settings currency, no decimals past 1,000. */
export function money(value: number, currency: string): string {
  const digits = Math.abs(value) >= 1000 ? 0 : 2;
  const text = Math.abs(value).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const sign = value < 0 && text.replace(/[0.,]/g, '') !== '' ? '−' : '';
  return `${sign}${currency === '' ? '' : `${currency} `}${text}`;
}

/** Percentage points from a difference of two rates (0.042 → "4.2 points"). */
function points(value: number): string {
  const text = Math.abs(value * 100).toFixed(1);
  return `${value < 0 && text !== '0.0' ? '−' : ''}${text} points`;
}

/**
 * One sentence saying whether the campaign pays — what the mailed customers did beyond the control group, with
 * the 95% interval — or, with no control group, what followed the messages and why that is not proof.
 */
export function resultsSentence(r: CampaignResults, currency: string): string {
  const window = `within ${r.attributionDays} days`;
  if (r.sent === 0) return 'Nothing sent yet: results start with the first message.';
  const followed = `${r.mailed.converted} of ${r.mailed.customers} customers mailed bought ${window} (${money(r.mailed.revenue, currency)})`;
  if (!r.lift || !r.control) return `${followed}; with no control group (Campaigns holdout_pct) this is what followed the mail, not what it caused.`;
  const perCustomer = r.lift.revenuePerCustomer;
  if (r.verdict === 'too_few' || perCustomer.estimate === null || perCustomer.low === null || perCustomer.high === null) return `${followed}; the control group (${r.control.customers}) is too small to measure a lift yet.`;
  const conv = r.lift.conversion;
  const convText = conv.estimate === null || conv.low === null || conv.high === null ? '' : `, buying rate ${conv.estimate >= 0 ? '+' : ''}${points(conv.estimate)} (95% CI ${points(conv.low)} to ${points(conv.high)})`;
  const lift = `Against the control group of ${r.control.customers}: revenue per customer ${perCustomer.estimate >= 0 ? '+' : ''}${money(perCustomer.estimate, currency)} (95% CI ${money(perCustomer.low, currency)} to ${money(perCustomer.high, currency)})${convText}`;
  const verdict = r.verdict === 'pays' ? 'the campaign pays' : r.verdict === 'hurts' ? 'customers mailed spent less than those held out: look at the message' : 'not yet distinguishable from chance';
  const open = r.openWindows > 0 ? ` (${r.openWindows} windows still open)` : '';
  return `${lift}: ${verdict}${open}.`;
}
