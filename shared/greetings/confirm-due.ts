import { addMonths } from '../kernel';
import type { Customer } from '../workbook';

/**
 * True when a customer's record is stale on `today`: not confirmed within `verifyMonths` (Settings verify_months),
 * counted from customer_since or created_at when it was never confirmed — the window shared/tasks' stale-record
 * rule uses, through the same addMonths, so the task list and the campaign agree on who is stale.
 */
export function isStaleRecord(c: Customer, today: string, verifyMonths: number): boolean {
  const cutoff = addMonths(today, -verifyMonths);
  const since = c.last_verified_at ?? c.customer_since ?? c.created_at?.slice(0, 10);
  return since === undefined || !/^\d{4}-\d{2}-\d{2}/.test(since) || since.slice(0, 10) <= cutoff;
}

/** The occasion of a confirm_details message: the record's last confirmation, so each stale episode is asked about once. */
export function confirmOccasion(c: Customer): string {
  return `verified:${c.last_verified_at ?? 'never'}`;
}
