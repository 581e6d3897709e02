import type { Customer, Purchase } from '../workbook';

/** A blank contact type is a customer; prospects, suppliers and partners are not (issue 13 §6). */
export function isCustomerContact(customer: Pick<Customer, 'contact_type'>): boolean {
  const type = customer.contact_type.trim().toLowerCase();
  return type === '' || type === 'customer';
}

/**
 * The customers and their purchases only, for analytics and the Dashboard: rows of another contact type are
 * dropped with their purchases, so a supplier's invoices neither count as revenue nor make them a customer.
 */
export function customersOnly<C extends Pick<Customer, 'id' | 'contact_type'>, P extends Pick<Purchase, 'customer_id'>>(customers: readonly C[], purchases: readonly P[]): { customers: C[]; purchases: P[] } {
  const others = new Set(customers.filter((c) => !isCustomerContact(c)).map((c) => c.id.trim()));
  if (others.size === 0) return { customers: [...customers], purchases: [...purchases] };
  return { customers: customers.filter((c) => !others.has(c.id.trim())), purchases: purchases.filter((p) => !others.has(p.customer_id.trim())) };
}
