import type { Interaction, OutboxEntry, Purchase, Settings } from '../workbook';
import { costRatesOf } from './costs';
import { ReportLedger, type ReportCustomer } from './ledger';

/** The rows a ledger counts; interactions and messages are asked for only when some of them cost something. */
export interface LedgerSources {
  customers: readonly ReportCustomer[];
  purchases: Iterable<Pick<Purchase, 'customer_id' | 'date' | 'amount'>>;
  interactions: () => Iterable<Pick<Interaction, 'customer_id' | 'date' | 'kind'>>;
  messages: () => Iterable<Pick<OutboxEntry, 'customer_id' | 'status' | 'sent_at'>>;
}

/**
 * The ledger of a workbook's rows as of `date` with the Settings' margin and costs: what `regulars report` and
 * scoring both count, so a report's cost and profit and the Customers columns agree. Throws a RangeError when
 * `date` is not YYYY-MM-DD.
 */
export function ledgerOf(date: string, settings: Settings, sources: LedgerSources): ReportLedger {
  const rates = costRatesOf(settings);
  const ledger = new ReportLedger(date, sources.customers, rates, settings.time_zone);
  for (const p of sources.purchases) ledger.addPurchase(p.customer_id, p.date, p.amount);
  // A tab whose rows would all cost 0 is not read: the biggest tabs of a workbook, and no setting asks for them.
  if (rates.otherInteraction > 0 || Object.values(rates.interaction).some((c) => c > 0)) {
    for (const i of sources.interactions()) ledger.addInteraction(i.customer_id, i.date, i.kind);
  }
  if (rates.message > 0) {
    for (const m of sources.messages()) if (m.status === 'sent') ledger.addMessage(m.customer_id, m.sent_at);
  }
  return ledger;
}
