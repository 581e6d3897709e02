import { blankRecord, customersTab, type Campaign, type Task } from '../workbook';
import { isDeliverableAddress } from './address';
import { civilFromDays, dayNumber, daysFromCivil, weekdayOfDay } from '../kernel';
import type { CustomerInput } from './data';
import type { DigestTask, PlannedMessage } from './planned-message';

/** An account manager from Settings `manager_emails`: the name as the Tasks tab writes it, and an address. */
export interface ManagerAddress {
  name: string;
  address: string;
}

const fold = (text: string): string => text.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * Settings `manager_emails` read: `Name=address` pairs separated by `;` or new lines
 * ("Aisha Davids=aisha@shop.example; Ben=ben@shop.example"), by folded name. A pair without a deliverable
 * address is left out, so that manager is skipped with a reason.
 */
export function parseManagerEmails(text: string): Map<string, ManagerAddress> {
  const out = new Map<string, ManagerAddress>();
  for (const part of text.split(/[;\n]/)) {
    const at = part.lastIndexOf('=');
    if (at <= 0) continue;
    const name = part.slice(0, at).trim().replace(/\s+/g, ' ');
    const address = part.slice(at + 1).trim().toLowerCase();
    if (name !== '' && isDeliverableAddress(address) && !out.has(fold(name))) out.set(fold(name), { name, address });
  }
  return out;
}

/** The weekday of an ISO date, 0 = Monday … 6 = Sunday (a weekly_digest campaign's offset_days). */
export function weekdayOf(iso: string): number {
  return weekdayOfDay(dayNumber(iso) ?? NaN);
}

/** The ISO 8601 week of a date, as `2026-W49`: the digest's occasion, one per manager and week. */
export function isoWeek(iso: string): string {
  const day = dayNumber(iso) ?? NaN;
  const thursday = day - weekdayOfDay(day) + 3;
  const year = civilFromDays(thursday).year;
  const week = Math.floor((thursday - daysFromCivil(year, 1, 1)) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The Outbox customer_id of a manager's digest: never a customer id, so no customer rule (cool-down, unsubscribe) reaches it. */
export function managerRecipientId(name: string): string {
  return `manager:${name.trim().replace(/\s+/g, ' ')}`;
}

/** What the planner hands in to plan the digests of one date. */
export interface DigestInput {
  campaign: Campaign;
  today: string;
  tasks: readonly Task[];
  managers: ReadonlyMap<string, ManagerAddress>;
  /** Every customer address, lower case: a digest never goes to one. */
  customerAddresses: ReadonlySet<string>;
  key: (recipient: string, occasion: string) => string;
}

/**
 * The digests due on `today` for one weekly_digest campaign: on the weekday its offset_days names, one message per
 * account manager with open tasks, listing exactly those tasks (oldest due first). A manager with no address in
 * Settings manager_emails, or whose address is a customer's, is skipped with a reason. Internal mail: customer
 * consent does not apply.
 */
export function planDigests(input: DigestInput): PlannedMessage[] {
  const weekday = Math.round(input.campaign.offset_days ?? 0);
  if (weekdayOf(input.today) !== weekday) return [];
  const byManager = new Map<string, { name: string; tasks: DigestTask[] }>();
  for (const t of input.tasks) {
    const name = t.manager.trim().replace(/\s+/g, ' ');
    // Unassigned tasks have nobody to mail; done ones are not in a to-do list.
    if (name === '' || t.status === 'done') continue;
    let entry = byManager.get(fold(name));
    if (!entry) byManager.set(fold(name), (entry = { name, tasks: [] }));
    entry.tasks.push({ name: t.name, reason: t.reason, due: t.due ?? '', phone: t.phone });
  }
  const occasion = isoWeek(input.today);
  const out: PlannedMessage[] = [];
  for (const [folded, { name, tasks }] of [...byManager].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    tasks.sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : a.name.localeCompare(b.name)));
    const found = input.managers.get(folded);
    const address = found?.address ?? '';
    const reason = !found ? 'no_manager_address' : input.customerAddresses.has(address) ? 'customer_address' : '';
    const record = { ...blankRecord(customersTab), id: managerRecipientId(name), first_name: name, email: address };
    const recipient: CustomerInput = { row: 0, record, extra: {}, emailInvalid: false };
    out.push({
      key: input.key(recipient.record.id, occasion),
      campaign: input.campaign,
      trigger: 'weekly_digest',
      customer: recipient,
      to: address,
      occasion,
      plannedFor: input.today,
      decision: reason === '' ? 'send' : 'skip',
      reason,
      context: { manager: name, week: occasion, task_count: String(tasks.length), campaign: input.campaign.name, occasion_date: input.today },
      digest: tasks,
    });
  }
  return out;
}
