import type { Customer } from '../workbook';
import type { AtRiskCustomer } from './analyze';

/**
 * The customers at risk worth a call: the at-risk list, in its order, without those there is no way to reach (no
 * phone and no e-mail). The Dashboard's list and the Tasks tab both use it, so they never disagree.
 */
export function callList(atRisk: readonly AtRiskCustomer[], customers: readonly Pick<Customer, 'id' | 'phone' | 'email' | 'status'>[]): AtRiskCustomer[] {
  const reachable = new Set<string>();
  for (const c of customers) if (c.status !== 'merged' && (c.phone.trim() !== '' || c.email.trim() !== '')) reachable.add(c.id.trim());
  return atRisk.filter((r) => reachable.has(r.customerId));
}
