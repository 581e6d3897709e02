// The customers that existed before an import, indexed by the keys a row can be matched on.
import { customersTab, foldHeader, cellText, type Customer, type DecodedTable, type Workbook, readTable, mapHeader } from '../workbook';
import type { PhoneNormaliser } from './values';
import { readPhone } from './values';

/** How rows find the customer they update: e-mail then phone (default), phone only, or an external id column. */
export type MatchKey = { kind: 'email' } | { kind: 'phone' } | { kind: 'column'; column: string };

/** A customer that existed before the import, as matching needs it. */
export interface ExistingCustomer {
  row: number;
  record: Customer;
}

/** Existing customers indexed by e-mail, phone and (when asked) an external id column of the Customers tab. */
export interface CustomerIndex {
  table: DecodedTable<typeof customersTab.columns> | undefined;
  byEmail: Map<string, ExistingCustomer>;
  byPhone: Map<string, ExistingCustomer>;
  byExternal: Map<string, ExistingCustomer>;
  /** 0-based index of the external key column in the Customers header, when it exists there. */
  externalAt: number | undefined;
}

/** Indexes the Customers tab (merged rows left out: they live on in their survivor). */
export function indexCustomers(wb: Workbook, key: MatchKey, country: string, normalise: PhoneNormaliser): CustomerIndex {
  const table = readTable(wb, customersTab);
  const byEmail = new Map<string, ExistingCustomer>();
  const byPhone = new Map<string, ExistingCustomer>();
  const byExternal = new Map<string, ExistingCustomer>();
  let externalAt: number | undefined;
  if (!table) return { table, byEmail, byPhone, byExternal, externalAt };
  if (key.kind === 'column') {
    const folded = foldHeader(key.column);
    const at = table.header.findIndex((h) => foldHeader(h) === folded);
    externalAt = at >= 0 ? at : mapHeader({ id: customersTab.columns.id }, table.header).indexOf.get('id');
    if (at < 0 && foldHeader(key.column) !== 'id') externalAt = undefined;
  }
  const grid = key.kind === 'column' && externalAt !== undefined ? wb.read(customersTab.name) : undefined;
  for (const r of table.rows) {
    if (r.record.status === 'merged') continue;
    const c: ExistingCustomer = { row: r.row, record: r.record };
    if (r.record.email !== '' && !byEmail.has(r.record.email)) byEmail.set(r.record.email, c);
    if (r.record.phone !== '') {
      const p = readPhone(r.record.phone, country, normalise) ?? r.record.phone;
      if (!byPhone.has(p)) byPhone.set(p, c);
    }
    if (grid && externalAt !== undefined) {
      const v = cellText(grid.rows[r.row - 2]?.[externalAt]);
      if (v !== '' && !byExternal.has(v)) byExternal.set(v, c);
    }
  }
  return { table, byEmail, byPhone, byExternal, externalAt };
}
