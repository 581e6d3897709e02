import type { Customer } from '../workbook';

/** What a task shows about its customer. */
export interface Contact {
  name: string;
  phone: string;
  email: string;
  manager: string;
}

/** A customer's name as a person would say it: first and last name, else the company, else the id. */
export function displayName(c: Pick<Customer, 'id' | 'first_name' | 'last_name' | 'company'>): string {
  const name = `${c.first_name} ${c.last_name}`.trim();
  return name !== '' ? name : c.company.trim() !== '' ? c.company.trim() : c.id.trim();
}

/** The contact line of a task; the customer's account manager, else the fallback (the staff member involved). */
export function contactOf(c: Customer, fallbackManager = ''): Contact {
  const manager = c.account_manager.trim();
  return { name: displayName(c), phone: c.phone.trim(), email: c.email.trim(), manager: manager !== '' ? manager : fallbackManager.trim() };
}

/**
 * Staff are often typed by first name ("Aisha") where account managers carry full names ("Aisha Davids"): a staff
 * name that is the first name of exactly one account manager is that manager, so each person's tasks stay together.
 */
export function staffResolver(customers: Iterable<Pick<Customer, 'account_manager'>>): (staff: string) => string {
  const byFirst = new Map<string, Set<string>>();
  for (const c of customers) {
    const full = c.account_manager.trim();
    if (full === '') continue;
    const first = full.split(/\s+/)[0]!.toLowerCase();
    let set = byFirst.get(first);
    if (!set) byFirst.set(first, (set = new Set()));
    set.add(full);
  }
  return (staff) => {
    const s = staff.trim();
    const matches = byFirst.get(s.toLowerCase());
    return matches?.size === 1 ? [...matches][0]! : s;
  };
}

/** True when there is a phone number or an e-mail address to reach them by. */
export function reachable(c: Pick<Customer, 'phone' | 'email'>): boolean {
  return c.phone.trim() !== '' || c.email.trim() !== '';
}
