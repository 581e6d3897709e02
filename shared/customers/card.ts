import { CATEGORIES, cellText, customersTab, type CellValue, type Customer, type DecodedTable, type Interaction, type LoyaltyTier, type Purchase, type Row } from '../workbook';
import { hasName, issueAt, toFieldValue } from './edit';
import { categoryKey } from './fold';
import { customerInsight } from './insight';
import { nationalPhone, type PhoneRules } from './phone';
import { appliesTo, parseProfileValue, profileColumn, type ProfileFieldDef } from './profile';
import { buildTimeline, isOpenComplaint, type TimelineSources } from './timeline';
import type { ApiIssue, CardSettings, CustomerCard, ProfileFieldView } from './types';
import type { ReferralSummary } from './referrals';

/** Everything the card is built from; the row's raw cells carry the Profile values. */
export interface CardSource {
  table: DecodedTable<typeof customersTab.columns>;
  row: Row<Customer>;
  cells: readonly CellValue[];
  header: readonly string[];
  defs: readonly ProfileFieldDef[];
  history: TimelineSources;
  settings: CardSettings;
  phone: PhoneRules;
  /** The business-local YYYY-MM-DD. */
  today: string;
  /** The Loyalty tab's tiers, for the discount that applies now and the gap to the next tier. */
  loyalty?: readonly LoyaltyTier[];
  /** Customers who name this one in referred_by (counted by the caller, which has the whole tab). */
  referrals?: ReferralSummary;
}

const RECENT = 5;

/** How many timeline items a page holds. */
export const TIMELINE_PAGE = 20;

/** The customer card: every contract field, every Profile field with its value, and a history summary. */
export function buildCard(src: CardSource): CustomerCard {
  const { record } = src.row;
  const order = src.settings.dateOrder;
  const { purchases, interactions } = src.history;
  const fields: Record<string, ReturnType<typeof toFieldValue>> = {};
  for (const field of Object.keys(customersTab.columns)) fields[field] = toFieldValue((record as Record<string, unknown>)[field]);
  const warnings: ApiIssue[] = [];
  const fieldAt = new Map([...src.table.map.indexOf].map(([field, at]) => [src.table.header[at], field]));
  for (const issue of src.table.issues) {
    if (issue.row === src.row.row) warnings.push(issueAt(['changes', fieldAt.get(issue.column) ?? issue.column], issue.code));
  }
  const claimed = new Set(src.table.map.indexOf.values());
  const profile: ProfileFieldView[] = src.defs.map((def) => {
    const at = profileColumn(src.header, claimed, def.field);
    const cell = at === undefined ? null : (src.cells[at] ?? null);
    const parsed = parseProfileValue(def, cell, order);
    if (!parsed.ok) warnings.push(issueAt(['profile', def.field], parsed.code));
    // An unreadable choice is shown as it stands, so the person sees what to correct.
    const value = parsed.ok ? parsed.value : def.type === 'choice' || def.type === 'text' ? cellText(cell) : null;
    return { field: def.field, type: def.type, choices: [...def.choices], required: def.required, categories: [...def.categories], value };
  });
  const categories: string[] = [...CATEGORIES];
  for (const def of src.defs) for (const c of def.categories) if (!categories.some((k) => categoryKey(k) === c)) categories.push(c);
  // Problems in fields nobody is editing are warnings: the card still opens and saves other fields.
  if (!hasName(record)) warnings.push(issueAt(['changes', 'first_name'], 'no_name'));
  for (const view of profile) {
    if (view.required && appliesTo(view, categoryKey(record.category)) && (view.value === null || view.value === '') && !warnings.some((w) => w.path[1] === view.field)) {
      warnings.push(issueAt(['profile', view.field], 'required'));
    }
  }
  return {
    id: record.id,
    row: src.row.row,
    fields,
    profile,
    categories,
    purchases: summarisePurchases(purchases),
    interactions: summariseInteractions(interactions),
    warnings,
    settings: src.settings,
    display: { phone: nationalPhone(record.phone, src.phone) },
    insight: customerInsight(record, purchases, interactions, src.today, src.loyalty, src.settings.currency),
    timeline: buildTimeline(src.history, { timeZone: src.settings.timeZone, order }, 0, TIMELINE_PAGE),
    referrals: src.referrals ?? { count: 0, referred: [] },
  };
}

function byDateDesc<T extends { date: string | undefined }>(a: T, b: T): number {
  return (b.date ?? '').localeCompare(a.date ?? '');
}

function summarisePurchases(purchases: readonly Purchase[]): CustomerCard['purchases'] {
  const sorted = [...purchases].sort(byDateDesc);
  const total = purchases.reduce((sum, p) => sum + (p.amount ?? 0), 0);
  return {
    count: purchases.length,
    total: Math.round(total * 100) / 100,
    first: sorted[sorted.length - 1]?.date ?? null,
    last: sorted[0]?.date ?? null,
    recent: sorted.slice(0, RECENT).map((p) => ({ date: p.date ?? '', amount: p.amount ?? null, currency: p.currency, description: p.description })),
  };
}

function summariseInteractions(interactions: readonly Interaction[]): CustomerCard['interactions'] {
  const sorted = [...interactions].sort(byDateDesc);
  return {
    count: interactions.length,
    last: sorted[0]?.date ?? null,
    openComplaints: interactions.filter(isOpenComplaint).length,
    recent: sorted.slice(0, RECENT).map((i) => ({ date: i.date ?? '', kind: i.kind, subject: i.subject, status: i.status })),
  };
}
