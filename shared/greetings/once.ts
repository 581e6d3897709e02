import type { Campaign } from '../workbook';
import { isDeliverableAddress } from './address';
import { dayNumber } from '../kernel';
import type { CustomerInput } from './data';

/**
 * Days after its send_date a one-off campaign is still planned: the runner's own limit for a message left
 * unsent (maxLateDays), so a newsletter is not sent weeks late to customers who joined since.
 */
export const ONCE_LATE_DAYS = 7;

/** True when a `once` campaign is due on this date: on its send_date or up to ONCE_LATE_DAYS after it. */
export function onceDue(campaign: Campaign, today: string): boolean {
  const from = campaign.send_date;
  if (!from) return false;
  const late = (dayNumber(today) ?? NaN) - (dayNumber(from) ?? NaN);
  return late >= 0 && late <= ONCE_LATE_DAYS;
}

/** Why a one-off campaign is not due on a date ('' when it is): for the CLI's message. */
export function onceNotDueReason(campaign: Campaign, today: string): '' | 'no_send_date' | 'before_send_date' | 'too_late' {
  if (!campaign.send_date) return 'no_send_date';
  const late = (dayNumber(today) ?? NaN) - (dayNumber(campaign.send_date) ?? NaN);
  if (late < 0) return 'before_send_date';
  return late > ONCE_LATE_DAYS ? 'too_late' : '';
}

/** The occasion of a one-off campaign's messages: its send date, so every run of it shares one key per address. */
export function onceOccasion(campaign: Campaign): string {
  return `once:${campaign.send_date ?? ''}`;
}

/** A mailbox as compared for sharing: trimmed and lower-cased. */
function mailbox(customer: CustomerInput): string {
  return customer.record.email.trim().toLowerCase();
}

/**
 * Who owns a one-off message's idempotency key: the mailbox (`@` + address), not the customer, so two
 * customers sharing a mailbox share one key and a re-run that picks the other of them still sends nothing.
 */
export function onceKeyOwner(customer: CustomerInput): string {
  const address = mailbox(customer);
  return address === '' ? customer.record.id.trim() : `@${address}`;
}

/**
 * One recipient per mailbox among these (already active, in-segment) customers: a member who unsubscribed
 * speaks for the mailbox (the message is then skipped as unsubscribed), else the first member who may be
 * mailed, else the first member (skipped with that member's reason). Customers without a deliverable address
 * are left out: there is nobody to send to and nothing to record.
 */
export function onceRecipients(members: readonly CustomerInput[]): CustomerInput[] {
  const groups = new Map<string, CustomerInput[]>();
  for (const c of members) {
    const address = mailbox(c);
    if (c.emailInvalid || !isDeliverableAddress(address)) continue;
    const list = groups.get(address);
    if (list) list.push(c);
    else groups.set(address, [c]);
  }
  const out: CustomerInput[] = [];
  for (const list of groups.values()) {
    const unsubscribed = list.find((c) => (c.record.unsubscribed_at ?? '') !== '');
    const consenting = list.find((c) => c.record.email_consent === true);
    out.push(unsubscribed ?? consenting ?? list[0]!);
  }
  return out;
}
