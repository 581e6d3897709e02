import type { Customer } from '../workbook';

/** What a printed membership card shows: who, which tier, the number (also as a QR code) and whose card it is. */
export interface MembershipCard {
  customerId: string;
  name: string;
  tier: string;
  membershipNo: string;
  businessName: string;
  /** The customer's customer_since (ISO), or null when unknown. */
  memberSince: string | null;
}

/** The name a card prints: first and last name, else the company, else the customer id. */
export function cardName(customer: Pick<Customer, 'id' | 'first_name' | 'last_name' | 'company'>): string {
  const person = `${customer.first_name.trim()} ${customer.last_name.trim()}`.trim();
  return person || customer.company.trim() || customer.id.trim();
}

/** The card of a customer who holds a membership number; undefined for one who has none yet (join first). */
export function membershipCardOf(customer: Customer, businessName: string): MembershipCard | undefined {
  const membershipNo = customer.membership_no.trim();
  if (membershipNo === '') return undefined;
  return {
    customerId: customer.id.trim(),
    name: cardName(customer),
    tier: customer.membership_tier.trim(),
    membershipNo,
    businessName: businessName.trim(),
    memberSince: customer.customer_since ?? null,
  };
}
