import { callList, resolveOptions, type RetentionAnalysis } from '../retention';
import { addDays, addMonths, dayNumber } from '../kernel';
import { money, type RuleContext } from './context';
import { taskKey, type DerivedTask } from './model';
import { contactOf } from './people';

const TYPE_WORDS: Record<string, string> = {
  no_repurchase: 'no repurchase',
  missed_appointment: 'missed appointment',
  not_returning: 'not back after a complaint',
  complaint_unresolved: 'complaint unresolved',
  cancelled: 'cancelled',
};

/**
 * The Dashboard's "at risk worth a call" list as tasks, one per customer who can be reached (the others are stale
 * records): due on the day they would count as overdue, keyed by their last purchase so a task done stays done
 * until they buy again and slip again.
 */
export function atRiskTasks(ctx: RuleContext, atRisk: RetentionAnalysis['atRisk']): DerivedTask[] {
  const options = resolveOptions();
  const out: DerivedTask[] = [];
  for (const r of callList(atRisk, [...ctx.customers.values()])) {
    const customer = ctx.customers.get(r.customerId)!;
    const limit = r.medianGap === null ? options.noRepurchaseDays : Math.max(options.overdueFactor * r.medianGap, options.minOverdueDays);
    const overdue = addDays(r.lastPurchase, Math.floor(limit) + 1);
    const usual = r.medianGap === null ? 'one purchase so far' : `usually every ${Math.round(r.medianGap)} days`;
    out.push({
      key: taskKey('at_risk', r.customerId, r.lastPurchase),
      reason: 'at_risk',
      customerId: r.customerId,
      ...contactOf(customer),
      detail: `last bought ${r.lastPurchase}, ${r.daysSinceLast} days ago (${usual}); churn risk ${Math.round(r.churnRisk * 100)}%`,
      value: money(r.profitAtStake),
      due: overdue < ctx.today ? ctx.today : overdue,
    });
  }
  return out;
}

/**
 * One task per customer with open defections detected in the last 12 months (older ones stay on the Defections tab
 * and the Dashboard): keyed by the earliest, due a week after it was detected.
 */
export function defectionTasks(ctx: RuleContext, defections: RetentionAnalysis['defections']): DerivedTask[] {
  const since = addMonths(ctx.today, -12);
  const byCustomer = new Map<string, RetentionAnalysis['defections']>();
  for (const d of defections) {
    if (!ctx.customers.has(d.customerId) || d.detectedAt <= since || d.detectedAt > ctx.today || dayNumber(d.detectedAt) === undefined) continue;
    let list = byCustomer.get(d.customerId);
    if (!list) byCustomer.set(d.customerId, (list = []));
    list.push(d);
  }
  const out: DerivedTask[] = [];
  for (const [id, list] of byCustomer) {
    // By date then type, so the same defections always read the same (a changed detail is a refreshed row).
    list.sort((a, b) => (a.detectedAt < b.detectedAt ? -1 : a.detectedAt > b.detectedAt ? 1 : a.type < b.type ? -1 : 1));
    const earliest = list[0]!;
    const detail = list.map((d) => `${TYPE_WORDS[d.type] ?? d.type} (found ${d.detectedAt}): ${d.reason}`).join('; ');
    out.push({
      key: taskKey('defection', id, earliest.detectedAt),
      reason: 'defection',
      customerId: id,
      ...contactOf(ctx.customers.get(id)!),
      detail,
      value: money(Math.max(...list.map((d) => d.lostProfit))),
      due: addDays(earliest.detectedAt, 7),
    });
  }
  return out;
}
