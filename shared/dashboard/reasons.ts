import type { Defection } from '../workbook';
import type { DashboardTable } from './model';

/** Why people left, as the owner recorded it when closing a defection, '' meaning not asked yet. */
interface ReasonTotal {
  type: string;
  reason: string;
  count: number;
  lostProfit: number;
}

const NOT_ASKED = 'not asked yet';

/**
 * Defections by type and the reason recorded when they were closed (price, service, moved… from Settings
 * defection_reasons), with their lost profit: recorded rows only, open ones counted as "not asked yet". Lost profit
 * is the row's lost_profit_estimate, else the customer's value from the retention engine.
 */
export function defectionReasonTable(recorded: readonly Defection[], valueOf: (customerId: string) => number, typeLabel: (type: string) => string): DashboardTable {
  const totals = new Map<string, ReasonTotal>();
  for (const d of recorded) {
    const closed = d.outcome.trim() !== '';
    const reason = closed ? d.reason.trim().toLowerCase() || 'unknown' : NOT_ASKED;
    const key = `${d.type}|${reason}`;
    let t = totals.get(key);
    if (!t) totals.set(key, (t = { type: d.type, reason, count: 0, lostProfit: 0 }));
    t.count++;
    t.lostProfit += d.lost_profit_estimate ?? valueOf(d.customer_id.trim());
  }
  const rows = [...totals.values()].sort((a, b) => (a.reason === NOT_ASKED ? 1 : 0) - (b.reason === NOT_ASKED ? 1 : 0) || b.lostProfit - a.lostProfit || a.type.localeCompare(b.type) || a.reason.localeCompare(b.reason));
  return {
    id: 'defection_reasons',
    title: 'Why customers left: reasons by type',
    header: ['Type', 'Reason', 'Defections', 'Lost profit'],
    formats: ['text', 'text', 'integer', 'currency'],
    rows: rows.map((t) => [typeLabel(t.type), t.reason, t.count, Math.round(t.lostProfit * 100) / 100]),
    note: rows.length === 0 ? 'No defections recorded yet.' : 'Reasons are recorded when a "Stopped buying" task is done (This week); the list is Settings defection_reasons.',
  };
}
