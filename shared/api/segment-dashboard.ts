// A segment as a filter of the Dashboard: the very dashboard of createAnalyticsApi, computed over a view of the
// workbook that holds only the segment's members (and the rows merged into them) and their purchases,
// interactions, defections and messages. The view refuses writes to the tabs it filters, whose row numbers it
// changes; the Dashboard tab it writes is not one of them.
import * as z from 'zod/mini';
import { fail, issuesFromZod, lazy, ok, refuse } from '../kernel';
import { DASHBOARD_TAB, dashboardSheet, type Dashboard } from '../dashboard';
import { segmentMembersOn } from '../reports';
import { cellText, customersTab, defectionsTab, interactionsTab, mapHeader, outboxTab, purchasesTab, type Grid, type TabDef, type Workbook } from '../workbook';
import { createAnalyticsApi, type BuiltDashboard } from './analytics';
import type { ApiResult } from './result';
import type { ServerDeps } from './deps';
import { businessToday } from './segment-outputs';
import { withSatisfactionBlock } from './satisfaction';

/** The Dashboard over one saved segment's members. */
export interface SegmentDashboardApi {
  /** The dashboard of the segment's members, without writing anything (the sidebar's view). */
  getSegmentDashboard: (input: { segment: string }) => ApiResult<Dashboard>;
  /** The same, written to the Dashboard tab. */
  buildSegmentDashboard: (input: { segment: string }) => ApiResult<BuiltDashboard>;
}

const segmentInput = lazy(() => z.object({ segment: z.string().check(z.trim(), z.minLength(1, 'Choose a segment.'), z.maxLength(100)) }));

/** The tabs whose rows belong to one customer, by their customer_id column. */
const BY_CUSTOMER: readonly TabDef[] = [purchasesTab, interactionsTab, defectionsTab, outboxTab];

/** The members' ids with the ids of rows merged into them (following merged_into), whose rows count for them. */
function withMergedRows(grid: Grid, members: ReadonlySet<string>): Set<string> {
  const at = mapHeader(customersTab.columns, grid.header).indexOf;
  const [idAt, statusAt, intoAt] = [at.get('id'), at.get('status'), at.get('merged_into')];
  const out = new Set(members);
  if (idAt === undefined || statusAt === undefined || intoAt === undefined) return out;
  const into = new Map<string, string>();
  for (const cells of grid.rows) {
    if (cellText(cells[statusAt] ?? null).trim().toLowerCase() === 'merged') into.set(cellText(cells[idAt] ?? null).trim(), cellText(cells[intoAt] ?? null).trim());
  }
  for (const start of into.keys()) {
    let id = start;
    // Chains are short; the bound stops a loop someone typed by hand.
    for (let hops = 0; hops < 32 && into.has(id); hops++) id = into.get(id)!;
    if (members.has(id)) out.add(start);
  }
  return out;
}

/** The rows of `grid` whose `column` (by the tab's header map) holds one of `ids`. */
function keep(def: TabDef, grid: Grid, column: string, ids: ReadonlySet<string>): Grid {
  const at = mapHeader(def.columns, grid.header).indexOf.get(column);
  if (at === undefined) return { header: grid.header, rows: [] };
  return { header: grid.header, rows: grid.rows.filter((cells) => ids.has(cellText(cells[at] ?? null).trim())) };
}

/** A read view of `wb` holding only these customers' rows; writes to other tabs go through. */
export function membersView(wb: Workbook, ids: ReadonlySet<string>): Workbook {
  const filtered = new Map<string, Grid | undefined>();
  const defs = new Map<string, [TabDef, string]>([[customersTab.name, [customersTab, 'id']], ...BY_CUSTOMER.map((d) => [d.name, [d, 'customer_id']] as [string, [TabDef, string]])]);
  const refuseWrite = (tab: string): void => {
    if (defs.has(tab)) throw new Error(`the ${tab} tab is read through a segment filter and cannot be written`);
  };
  return {
    tabNames: () => wb.tabNames(),
    read(tab) {
      const def = defs.get(tab);
      if (!def) return wb.read(tab);
      if (!filtered.has(tab)) {
        const grid = wb.read(tab);
        filtered.set(tab, grid && keep(def[0], grid, def[1], ids));
      }
      return filtered.get(tab);
    },
    ensureTab(tab, layout) {
      refuseWrite(tab);
      wb.ensureTab(tab, layout);
    },
    write(tab, updates) {
      refuseWrite(tab);
      wb.write(tab, updates);
    },
    append(tab, rows) {
      refuseWrite(tab);
      wb.append(tab, rows);
    },
    replaceRows(tab, rows) {
      refuseWrite(tab);
      wb.replaceRows(tab, rows);
    },
    withLock: (fn) => wb.withLock(fn),
  };
}

/** The dashboard of one segment's members as of today, its heading naming the segment. */
function segmentDashboardOn(wb: Workbook, deps: ServerDeps, segment: string): ApiResult<Dashboard> {
  const today = businessToday(wb, deps.now(), deps.hostTimeZone);
  if (!today.ok) return fail(today.issues);
  const found = segmentMembersOn(wb, today.value, segment);
  if (!found.ok) return refuse(['segment'], `${found.problem.message.charAt(0).toUpperCase()}${found.problem.message.slice(1)}.`);
  const grid = wb.read(customersTab.name);
  if (!grid) return refuse([], 'There is no Customers tab yet.');
  const view = membersView(wb, withMergedRows(grid, found.members));
  const result = createAnalyticsApi({ ...deps, workbook: () => view }).getDashboard({});
  if (!result.ok) return result;
  // No member count here: it would include prospects and suppliers, which the summary's customer count leaves out.
  return ok({ ...result.value, heading: `${result.value.heading} · segment "${found.name}"` }, result.notes);
}

/** The Dashboard over a saved segment, for the Dashboard sidebar's segment picker. */
export function createSegmentDashboardApi(deps: ServerDeps): SegmentDashboardApi {
  return {
    getSegmentDashboard(input) {
      const parsed = segmentInput().safeParse(input);
      if (!parsed.success) return fail(issuesFromZod(parsed.error));
      return segmentDashboardOn(deps.workbook(), deps, parsed.data.segment);
    },

    buildSegmentDashboard(input) {
      const parsed = segmentInput().safeParse(input);
      if (!parsed.success) return fail(issuesFromZod(parsed.error));
      const wb = deps.workbook();
      return wb.withLock(() => {
        const result = segmentDashboardOn(wb, deps, parsed.data.segment);
        if (!result.ok) return result;
        // The satisfaction block of the segment's members, read from the whole workbook (it filters by itself).
        const { dashboard, notes } = withSatisfactionBlock(wb, deps, result.value, parsed.data.segment);
        const sheet = dashboardSheet(dashboard);
        wb.ensureTab(DASHBOARD_TAB, sheet.layout);
        wb.replaceRows(DASHBOARD_TAB, sheet.rows);
        return ok({ dashboard, tab: DASHBOARD_TAB, columns: sheet.layout.header.length, placements: sheet.placements }, [...(result.notes ?? []), ...notes]);
      });
    },
  };
}
