// What a segment and the reports put into the sheet: a segment's members marked in the Customers `segments`
// column (logged in the Import log, so "Undo" there puts the column back), and the reports by every dimension on
// the Reports tab. Each call reads a tab once and writes in one batch; strings are guarded by the adapters.
import * as z from 'zod/mini';
import { businessClock, fail, issuesFromZod, lazy, ok, refuse, type ClockIssue, type Result, type HostZone } from '../kernel';
import { reportsOnWorkbook, reportsSheet, REPORTS_TAB, segmentMembersOn } from '../reports';
import { withMembership } from '../segments';
import { appendRecords, cellText, customersTab, importLogTab, mapHeader, openTable, parseSettings, readTable, segmentsTab, SETTINGS_TAB, type CellUpdate, type Workbook } from '../workbook';
import type { ApiResult, NoInput } from './result';
import type { ServerDeps } from './deps';

/** The Customers column that lists, per customer, the saved segments they are in. */
export const SEGMENTS_COLUMN = 'segments';

/** A saved segment as a picker lists it. */
export interface SegmentName {
  name: string;
  /** The member count saved with it (null when never counted). */
  members: number | null;
}

/** What "Write members" did. */
export interface WrittenMembers {
  segment: string;
  /** Members as of today. */
  members: number;
  /** Customers newly marked, and no longer marked (they left the segment). */
  added: number;
  removed: number;
  /** The Import log id that undoes the change ('' when nothing changed). */
  undoId: string;
}

/** What "Write to sheet" did. */
export interface WrittenReports {
  tab: string;
  date: string;
  /** The dimensions written, in order. */
  dimensions: string[];
  rows: number;
  segment: string;
  notes: string[];
}

/** The sheet outputs of segments and reports. */
export interface SegmentOutputsApi {
  /** The saved segments' names (for pickers on the Dashboard and report views). */
  listSegments: (input: NoInput) => ApiResult<SegmentName[]>;
  /** Marks the segment's members in the Customers `segments` column, as of today. */
  writeSegmentMembers: (input: { name: string }) => ApiResult<WrittenMembers>;
  /** Writes the reports by every dimension (optionally over one segment's members) to the Reports tab. */
  writeReports: (input: { segment?: string }) => ApiResult<WrittenReports>;
}

const nameInput = lazy(() => z.object({ name: z.string().check(z.trim(), z.minLength(1, 'Choose a segment.'), z.maxLength(100)) }));
const reportsInput = lazy(() => z.object({ segment: z.optional(z.string().check(z.maxLength(100))) }));

/** Today in the business's time zone by the kernel's one policy (a plain date is that day: the CLI passes one). */
export function businessToday(wb: Workbook, now: string, hostZone?: HostZone): Result<string, ClockIssue> {
  const clock = businessClock(now, parseSettings(wb.read(SETTINGS_TAB)).settings.time_zone, hostZone);
  return clock.ok ? ok(clock.value.today, clock.notes) : clock;
}

/** A new id for the Import log, from the time, unique among those there. */
function undoIdOf(wb: Workbook, now: string): string {
  const base = `SEG-${now.replace(/\.\d+/, '').replace(/[^0-9T]/g, '').replace('T', '-')}`;
  const taken = new Set((readTable(wb, importLogTab)?.rows ?? []).map((r) => r.record.import_id));
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}

/**
 * Under the lock: the members as of today, the `segments` column added when missing, each row whose cell changes
 * rewritten (one write), and each changed cell's old value logged in the Import log (one append) so the Import
 * sidebar or `regulars import undo ID` puts the column back.
 */
export function writeMembersOn(wb: Workbook, name: string, ctx: { now: string; by: string; hostZone?: HostZone }): ApiResult<WrittenMembers> {
  const today = businessToday(wb, ctx.now, ctx.hostZone);
  if (!today.ok) return fail(today.issues);
  const found = segmentMembersOn(wb, today.value, name);
  if (!found.ok) return refuse(['name'], `${found.problem.message.charAt(0).toUpperCase()}${found.problem.message.slice(1)}.`);
  let grid = wb.read(customersTab.name);
  if (!grid) return refuse([], 'There is no Customers tab yet.');
  let at = mapHeader(customersTab.columns, grid.header).indexOf;
  if (at.get(SEGMENTS_COLUMN) === undefined) {
    wb.ensureTab(customersTab.name, { header: [...grid.header, SEGMENTS_COLUMN], textColumns: [SEGMENTS_COLUMN] });
    grid = wb.read(customersTab.name) ?? grid;
    at = mapHeader(customersTab.columns, grid.header).indexOf;
  }
  const idAt = at.get('id');
  const column = at.get(SEGMENTS_COLUMN);
  if (idAt === undefined || column === undefined) return refuse([], 'The Customers tab has no id column.');
  const updates: CellUpdate[] = [];
  const log: { import_id: string; file: string; format: string; tab: string; row_id: string; before: string; by: string; at: string }[] = [];
  const undoId = undoIdOf(wb, ctx.now);
  let added = 0;
  let removed = 0;
  grid.rows.forEach((cells, i) => {
    const id = cellText(cells[idAt] ?? null).trim();
    if (id === '') return;
    const before = cellText(cells[column] ?? null);
    const member = found.members.has(id);
    const after = withMembership(before, found.name, member);
    if (after === before) return;
    if (member) added++;
    else removed++;
    updates.push({ row: i + 2, col: column + 1, value: after === '' ? null : after });
    log.push({ import_id: undoId, file: `segment ${found.name}`, format: 'segment members', tab: customersTab.name, row_id: id, before: JSON.stringify({ [grid.header[column] ?? SEGMENTS_COLUMN]: before === '' ? null : before }), by: ctx.by, at: ctx.now });
  });
  if (updates.length > 0) {
    wb.write(customersTab.name, updates);
    appendRecords(wb, openTable(wb, importLogTab), log);
  }
  return ok({ segment: found.name, members: found.members.size, added, removed, undoId: updates.length > 0 ? undoId : '' });
}

/** Under the lock: the reports by every dimension as of today, replacing the Reports tab's rows in one write. */
export function writeReportsOn(wb: Workbook, now: string, segment: string | undefined, hostZone?: HostZone): ApiResult<WrittenReports> {
  const clock = businessClock(now, parseSettings(wb.read(SETTINGS_TAB)).settings.time_zone, hostZone);
  if (!clock.ok) return fail(clock.issues);
  const date = clock.value.today;
  const result = reportsOnWorkbook(wb, { date, timeZone: clock.value.zone, ...(segment ? { segment } : {}) });
  if (!result.ok) return refuse(segment ? ['segment'] : [], `${result.problem.message.charAt(0).toUpperCase()}${result.problem.message.slice(1)}.`);
  const sheet = reportsSheet({ reports: result.reports, ...(segment ? { segment } : {}) });
  // A derived tab, like Dashboard: rebuilt from the other tabs on every write, so replacing it loses nothing.
  wb.ensureTab(REPORTS_TAB, sheet.layout);
  wb.replaceRows(REPORTS_TAB, sheet.rows);
  return ok({ tab: REPORTS_TAB, date, dimensions: result.reports.map((r) => r.by), rows: sheet.rows.length, segment: segment ?? '', notes: result.notes });
}

/** The Segments sidebar's sheet outputs over the host's workbook. */
export function createSegmentOutputsApi(deps: ServerDeps): SegmentOutputsApi {
  return {
    listSegments() {
      const rows = readTable(deps.workbook(), segmentsTab)?.rows ?? [];
      return ok(rows.map(({ record: s }) => ({ name: s.name.trim(), members: s.members ?? null })).filter((s) => s.name !== ''));
    },

    writeSegmentMembers(input) {
      const parsed = nameInput().safeParse(input);
      if (!parsed.success) return fail(issuesFromZod(parsed.error));
      const wb = deps.workbook();
      return wb.withLock(() => writeMembersOn(wb, parsed.data.name, { now: deps.now(), by: deps.user(), ...(deps.hostTimeZone ? { hostZone: deps.hostTimeZone } : {}) }));
    },

    writeReports(input) {
      const parsed = reportsInput().safeParse(input);
      if (!parsed.success) return refuse(['segment'], 'The segment could not be read.');
      const wb = deps.workbook();
      const segment = parsed.data.segment?.trim() || undefined;
      return wb.withLock(() => writeReportsOn(wb, deps.now(), segment, deps.hostTimeZone));
    },
  };
}
