import * as z from 'zod/mini';
import { businessClock, fail, isoFromParts, issuesFromZod, lazy, ok, refuse } from '../kernel';
import type { Dashboard } from '../dashboard';
import { isCustomerContact } from '../loyalty';
import { segmentMembersOn } from '../reports';
import { satisfactionSheetTables, satisfactionView, type SatisfactionView, type SegmentMembers } from '../satisfaction';
import { segmentMemberIds, segmentTable } from '../segments';
import { customersTab, interactionsTab, parseSettings, readTable, segmentsTab, SETTINGS_TAB, type Workbook } from '../workbook';
import type { ServerDeps } from './deps';
import type { ApiResult } from './result';

/** The Dashboard's satisfaction part, with the Settings currency its drawer expects and whom it covers. */
export type SatisfactionDashboard = SatisfactionView & { currency: string; notes: string[]; covers: string };

/** The Dashboard sidebar's satisfaction and NPS call (apart from getDashboard, which other filters change). */
export interface SatisfactionApi {
  /** Satisfaction and NPS from survey answers, by month and by saved segment, of everyone or one segment's members. */
  getSatisfaction: (input: { segment?: string }) => ApiResult<SatisfactionDashboard>;
}

// The segment dashboard's input, but optional: no segment (or a blank one) is everyone.
const satisfactionInput = lazy(() => z.object({ segment: z.optional(z.string().check(z.trim(), z.maxLength(100))) }));

/** The first day of the 12 calendar months that end with today's month. */
function twelveMonthsTo(today: string): string {
  const [year, month] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
  return month === 12 ? isoFromParts(year, 1, 1) : isoFromParts(year - 1, month + 1, 1);
}

/** Satisfaction of the active customers, or of those among one saved segment's members; each tab read once. */
function satisfactionOn(wb: Workbook, deps: ServerDeps, segment: string | undefined, lastYearOnly = false): ApiResult<SatisfactionDashboard> {
  const settings = parseSettings(wb.read(SETTINGS_TAB)).settings;
  const clock = businessClock(deps.now(), settings.time_zone, deps.hostTimeZone);
  if (!clock.ok) return refuse(['Settings', 'time_zone'], clock.issues[0]?.message ?? 'Settings time_zone is not a time zone.');
  const today = clock.value.today;
  const order = settings.date_order;
  const customers = readTable(wb, customersTab, order)?.rows ?? [];
  // Customers only, as the rest of the Dashboard counts them (a blank contact_type is a customer).
  let customerIds = new Set(customers.filter((r) => r.record.status === 'active' && isCustomerContact(r.record)).map((r) => r.record.id.trim()));
  let everyone: string | undefined;
  let covers = `Covers all ${customerIds.size} active customers.`;
  if (segment !== undefined && segment !== '') {
    const found = segmentMembersOn(wb, today, segment);
    if (!found.ok) return refuse(['segment'], `${found.problem.message.charAt(0).toUpperCase()}${found.problem.message.slice(1)}.`);
    customerIds = new Set([...customerIds].filter((id) => found.members.has(id)));
    everyone = `Segment "${found.name}"`;
    covers = `Covers the ${customerIds.size} active ${customerIds.size === 1 ? 'customer' : 'customers'} in segment "${found.name}" today; the rows below are those of them also in each saved segment.`;
  }
  const interactions = readTable(wb, interactionsTab, order)?.rows.map((r) => r.record) ?? [];
  const grid = wb.read(customersTab.name);
  const table = grid ? segmentTable(grid) : undefined;
  const segments: SegmentMembers[] = [];
  const notes: string[] = [];
  for (const s of readTable(wb, segmentsTab, order)?.rows ?? []) {
    const name = s.record.name.trim();
    if (name === '' || !table) continue;
    const members = segmentMemberIds(s.record.rule, table, today);
    if (members.ok) segments.push({ name, ids: members.ids });
    else notes.push(`Segment "${name}" is left out: its rule has a mistake (Segments sidebar shows where).`);
  }
  const period = lastYearOnly ? { months: 12, from: twelveMonthsTo(today) } : {};
  const view = satisfactionView({ interactions, asOf: today, customerIds, segments, everyone, ...period });
  return ok({ ...view, currency: settings.currency, notes: [...(clock.notes ?? []), ...notes], covers });
}

/**
 * The dashboard with the Dashboard tab's satisfaction block (last 12 months and by segment, of everyone or of the
 * segment the dashboard is filtered to) appended to its tables; a block that cannot be computed is left out with a note.
 */
export function withSatisfactionBlock(wb: Workbook, deps: ServerDeps, dashboard: Dashboard, segment?: string): { dashboard: Dashboard; notes: string[] } {
  const view = satisfactionOn(wb, deps, segment, true);
  if (!view.ok) return { dashboard, notes: view.issues.map((i) => `Satisfaction is left out: ${i.message}`) };
  // Both tables count the same 12 months, so the segments' answers add up to the months'.
  return { dashboard: { ...dashboard, tables: [...dashboard.tables, ...satisfactionSheetTables(view.value, 'last 12 months')] }, notes: [] };
}

/** Implements getSatisfaction over the Workbook port: Customers, Interactions and Segments, each tab read once. */
export function createSatisfactionApi(deps: ServerDeps): SatisfactionApi {
  return {
    getSatisfaction(input) {
      const parsed = satisfactionInput().safeParse(input ?? {});
      if (!parsed.success) return fail(issuesFromZod(parsed.error));
      return satisfactionOn(deps.workbook(), deps, parsed.data.segment);
    },
  };
}
