// Referrals on the card: who referred this customer (referred_by, a customer id, checked against the Customers
// tab) and how many customers name this one as their referrer.
import { cellText, customersTab, mapHeader, type Grid } from '../workbook';
import type { ApiIssue } from './issues';

/** What the card needs of each Customers row to check a referrer and count referrals. */
export interface ReferralPerson {
  id: string;
  status: string;
  referredBy: string;
  name: string;
}

/** How many active customers this customer referred, and the first few by name. */
export interface ReferralSummary {
  count: number;
  referred: { id: string; name: string }[];
}

const SHOWN = 5;

/** The Customers tab's rows as referral people, read straight from the grid (no full decode on every card). */
export function referralPeople(grid: Grid | undefined): ReferralPerson[] {
  if (!grid) return [];
  const at = mapHeader(customersTab.columns, grid.header).indexOf;
  const cell = (row: readonly unknown[], field: string): string => {
    const i = at.get(field);
    return i === undefined ? '' : cellText((row[i] ?? null) as Parameters<typeof cellText>[0]);
  };
  return grid.rows.map((row) => ({
    id: cell(row, 'id'),
    status: cell(row, 'status').toLowerCase(),
    referredBy: cell(row, 'referred_by'),
    name: `${cell(row, 'first_name')} ${cell(row, 'last_name')}`.trim() || cell(row, 'company') || cell(row, 'id'),
  }));
}

/** The customers who name `id` as their referrer, merged and archived rows left out. */
export function referralSummary(people: readonly ReferralPerson[], id: string): ReferralSummary {
  const wanted = id.trim().toUpperCase();
  if (wanted === '') return { count: 0, referred: [] };
  const mine = people.filter((p) => p.referredBy.toUpperCase() === wanted && p.id.toUpperCase() !== wanted && p.status !== 'merged' && p.status !== 'archived');
  return { count: mine.length, referred: mine.slice(0, SHOWN).map((p) => ({ id: p.id, name: p.name })) };
}

/**
 * The referrer as stored (the id as the sheet spells it), or the problem to show next to the field: an id no
 * customer has, the customer themself, or a merged customer (whose survivor is named instead).
 */
export function checkReferrer(typed: string, selfId: string, people: readonly ReferralPerson[]): { ok: true; value: string } | { ok: false; issue: ApiIssue } {
  const value = typed.trim();
  if (value === '') return { ok: true, value: '' };
  const path = ['changes', 'referred_by'];
  const found = people.find((p) => p.id !== '' && p.id.toUpperCase() === value.toUpperCase());
  if (!found) return { ok: false, issue: { path, code: 'not_found', message: 'No customer has this id: enter the id (such as C-000123) of the customer who referred them.' } };
  if (selfId !== '' && found.id.toUpperCase() === selfId.trim().toUpperCase()) return { ok: false, issue: { path, code: 'invalid_input', message: 'A customer cannot refer themself.' } };
  if (found.status === 'merged') return { ok: false, issue: { path, code: 'merged', message: 'That customer was merged into another: enter the surviving customer\'s id.' } };
  return { ok: true, value: found.id };
}
