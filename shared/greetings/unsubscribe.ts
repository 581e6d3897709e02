import { appendRecords, consentLogTab, customersTab, openTable, parseSettings, readTable, saveChanges, SETTINGS_TAB, type Customer, type Workbook } from '../workbook';
import type { UnsubscribeClaim } from './token';

/** What recording an unsubscribe did. */
export interface UnsubscribeOutcome {
  /** `unsubscribed`: at least one row changed; `already`: nothing left to change; `unknown`: no such customer (erased, or another document). */
  status: 'unsubscribed' | 'already' | 'unknown';
  /** The customers now marked (the token's one, and the row it was merged into). */
  customerIds: string[];
}

/**
 * Records an unsubscribe from a verified token, under the document lock: `unsubscribed_at` set on the
 * customer — and on the survivor, if that row has since been merged into another — and one `withdrawn`
 * row per customer appended to the Consent log. Running it twice changes nothing the second time.
 */
export function recordUnsubscribe(wb: Workbook, claim: UnsubscribeClaim, actor: { at: string; source: string; by: string }): UnsubscribeOutcome {
  return wb.withLock(() => {
    const order = parseSettings(wb.read(SETTINGS_TAB)).settings.date_order;
    const customers = readTable(wb, customersTab, order);
    if (!customers) return { status: 'unknown', customerIds: [] };
    const byId = new Map<string, { row: number; record: Customer }>();
    for (const r of customers.rows) if (!byId.has(r.record.id.trim())) byId.set(r.record.id.trim(), r);
    const chain: { row: number; record: Customer }[] = [];
    let next = byId.get(claim.customerId.trim());
    // Follow merged_into to the surviving row (bounded, in case of a cycle typed by hand).
    while (next && chain.length < 10 && !chain.includes(next)) {
      chain.push(next);
      const into = next.record.merged_into.trim();
      next = into === '' ? undefined : byId.get(into);
    }
    if (chain.length === 0) return { status: 'unknown', customerIds: [] };
    const open = chain.filter((c) => !c.record.unsubscribed_at);
    if (open.length === 0) return { status: 'already', customerIds: chain.map((c) => c.record.id.trim()) };
    saveChanges(
      wb,
      customers,
      open.map((c) => ({ row: c.row, before: c.record, after: { ...c.record, unsubscribed_at: actor.at, updated_at: actor.at } })),
    );
    const log = openTable(wb, consentLogTab, order);
    appendRecords(
      wb,
      log,
      open.map((c) => ({ customer_id: c.record.id.trim(), at: actor.at, change: 'withdrawn' as const, basis: '', wording_version: '', source: actor.source, by: actor.by })),
    );
    return { status: 'unsubscribed', customerIds: chain.map((c) => c.record.id.trim()) };
  });
}
