import * as z from 'zod/mini';
import { businessClock, fail, issuesFromZod, lazy, ok, refuse, type BusinessClock, type ClockIssue, type Result } from '../kernel';
import { asDimension, reportOnWorkbook, REPORT_DIMENSIONS, type Report } from '../reports';
import { segmentMatchesOnGrid, type RuleIssue } from '../segments';
import { appendRecords, cellText, columnLabel, customersTab, openTable, parseSettings, profileFieldsTab, readTable, saveChanges, segmentsTab, SETTINGS_TAB, type CellValue, type Workbook } from '../workbook';
import type { ApiResult, NoInput } from './result';
import type { ServerDeps } from './deps';

/** How the builder offers a column: its operators and values follow its kind. */
export type SegmentColumnKind = 'text' | 'number' | 'date' | 'yes/no';

/** One column the builder can pick: Customers columns, Profile fields and the scored columns alike. */
export interface SegmentColumn {
  name: string;
  label: string;
  kind: SegmentColumnKind;
  /** The values that exist in the column, most frequent first (at most 40; text and yes/no columns). */
  values: string[];
  /** The smallest and largest value (number and date columns), or null when the column is blank. */
  min: string | number | null;
  max: string | number | null;
}

/** A segment saved on the Segments tab. */
export interface SavedSegment {
  name: string;
  rule: string;
  description: string;
  members: number | null;
  updated_at: string;
  /** When a save replaced a segment of the same name: its rule and description before, so the sidebar can undo. */
  previous?: { rule: string; description: string };
}

/** What the Segments sidebar opens with. */
export interface SegmentBuilder {
  columns: SegmentColumn[];
  segments: SavedSegment[];
  /** Customers rows (every status): the population a rule is counted over. */
  total: number;
  dimensions: string[];
}

/** One member as the sample shows them. */
export interface SegmentMember {
  id: string;
  name: string;
}

/** A rule's live count, or the problems of its text, each at its character offset. */
export interface SegmentPreview {
  /** null when the rule cannot be read. */
  count: number | null;
  total: number;
  sample: SegmentMember[];
  issues: RuleIssue[];
}

/** The Segments sidebar's calls: build, count, save, and report by dimension. */
export interface SegmentsApi {
  getSegmentBuilder: (input: NoInput) => ApiResult<SegmentBuilder>;
  previewSegment: (input: { rule: string; sample?: number }) => ApiResult<SegmentPreview>;
  /** Saves (or replaces, by name) a segment with its member count; a rule that cannot be read is refused at its place. */
  saveSegment: (input: { name: string; rule: string; description?: string }) => ApiResult<SavedSegment>;
  /** The report by a dimension as of today (the same engine as `regulars report`). */
  getSegmentReport: (input: { by: string; segment?: string }) => ApiResult<Report>;
}

const previewInput = lazy(() => z.object({ rule: z.string().check(z.maxLength(4000)), sample: z.optional(z.number().check(z.int(), z.gte(0), z.lte(50))) }));
const saveInput = lazy(() => z.object({
  name: z.string().check(z.trim(), z.minLength(1, 'Give the segment a name.'), z.maxLength(100)),
  rule: z.string().check(z.maxLength(4000)),
  description: z.optional(z.string().check(z.maxLength(500))),
}));
const reportInput = lazy(() => z.object({ by: z.string(), segment: z.optional(z.string()) }));

/** The business's clock for this call: Settings time_zone by the kernel's one policy. */
function clockOf(wb: Workbook, deps: ServerDeps): Result<BusinessClock, ClockIssue> {
  return businessClock(deps.now(), parseSettings(wb.read(SETTINGS_TAB)).settings.time_zone, deps.hostTimeZone);
}

const KIND_OF_CONTRACT: Record<string, SegmentColumnKind> = { number: 'number', date: 'date', datetime: 'date', boolean: 'yes/no' };
const KIND_OF_PROFILE: Record<string, SegmentColumnKind> = { number: 'number', date: 'date', 'yes/no': 'yes/no' };
/** Columns whose values are personal or unique to each row: offering "the values that exist" would list people. */
const NO_VALUE_LIST = new Set(['id', 'first_name', 'last_name', 'email', 'phone', 'street', 'postcode', 'notes', 'membership_no', 'merged_into', 'company']);

function describeColumn(name: string, kind: SegmentColumnKind, cells: CellValue[]): SegmentColumn {
  const counts = new Map<string, number>();
  let min: string | number | null = null;
  let max: string | number | null = null;
  for (const cell of cells) {
    const text = cellText(cell);
    if (text === '') continue;
    if (kind === 'number' || kind === 'date') {
      const v = kind === 'number' ? Number(cell) : text.slice(0, 10);
      if (kind === 'number' && !Number.isFinite(v)) continue;
      if (min === null || v < min) min = v;
      if (max === null || v > max) max = v;
    } else if (!NO_VALUE_LIST.has(name)) {
      const value = kind === 'yes/no' ? (typeof cell === 'boolean' ? (cell ? 'yes' : 'no') : text.toLowerCase()) : text;
      counts.set(value, (counts.get(value) ?? 0) + 1);
    }
  }
  const values = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 40).map(([v]) => v);
  return { name, label: columnLabel(name), kind, values, min, max };
}

function savedSegments(wb: Workbook): SavedSegment[] {
  return (readTable(wb, segmentsTab)?.rows ?? [])
    .map(({ record: s }) => ({ name: s.name.trim(), rule: s.rule, description: s.description, members: s.members ?? null, updated_at: s.updated_at ?? '' }))
    .filter((s) => s.name !== '');
}

/** The Segments sidebar's methods over the host's workbook. */
export function createSegmentsApi(deps: ServerDeps): SegmentsApi {
  return {
    getSegmentBuilder() {
      const wb = deps.workbook();
      const grid = wb.read(customersTab.name);
      if (!grid) return refuse([], 'There is no Customers tab yet. Run "Set up Regulars tabs" first.');
      const profile = new Map((readTable(wb, profileFieldsTab)?.rows ?? []).map(({ record }) => [record.field.trim(), record.type] as const));
      const columns = grid.header
        .map((h, i) => [h.trim(), i] as const)
        .filter(([h]) => h !== '')
        .map(([name, i]) => {
          const def = (customersTab.columns as Record<string, { kind: string } | undefined>)[name];
          const kind = (def ? KIND_OF_CONTRACT[def.kind] : KIND_OF_PROFILE[profile.get(name) ?? '']) ?? 'text';
          return describeColumn(name, kind, grid.rows.map((r) => r[i] ?? null));
        });
      return ok({ columns, segments: savedSegments(wb), total: grid.rows.length, dimensions: [...REPORT_DIMENSIONS] });
    },

    previewSegment(input) {
      const parsed = previewInput().safeParse(input);
      if (!parsed.success) return refuse(['rule'], 'The rule could not be read.');
      const wb = deps.workbook();
      const grid = wb.read(customersTab.name);
      if (!grid) return refuse([], 'There is no Customers tab yet.');
      const clock = clockOf(wb, deps);
      if (!clock.ok) return fail(clock.issues);
      const result = segmentMatchesOnGrid(parsed.data.rule, grid, clock.value.today, ['id', 'first_name', 'last_name', 'company']);
      if (!result.ok) return ok({ count: null, total: grid.rows.length, sample: [], issues: result.issues });
      const sample = result.matches.slice(0, parsed.data.sample ?? 10).map((i) => {
        const row = result.table.rows[i]!;
        const name = [row.first_name, row.last_name].map((v) => cellText(v as CellValue)).filter((v) => v !== '').join(' ');
        return { id: cellText(row.id as CellValue), name: name || cellText(row.company as CellValue) };
      });
      return ok({ count: result.matches.length, total: grid.rows.length, sample, issues: [] });
    },

    saveSegment(input) {
      const parsed = saveInput().safeParse(input);
      if (!parsed.success) return fail(issuesFromZod(parsed.error));
      const wb = deps.workbook();
      return wb.withLock(() => {
        const grid = wb.read(customersTab.name);
        if (!grid) return refuse([], 'There is no Customers tab yet.');
        const { name, rule } = parsed.data;
        const clock = clockOf(wb, deps);
        if (!clock.ok) return fail(clock.issues);
        const result = segmentMatchesOnGrid(rule, grid, clock.value.today);
        if (!result.ok) {
          const issue = result.issues[0]!;
          return refuse(['rule'], `${issue.message} (at character ${issue.at + 1})`);
        }
        const table = openTable(wb, segmentsTab);
        const now = deps.now();
        const values = { name, rule, description: parsed.data.description ?? '', members: result.matches.length, updated_at: now };
        const existing = table.rows.find((r) => r.record.name.trim().toLowerCase() === name.toLowerCase());
        if (existing) {
          // Replacing keeps the row's id and its place; a description left out keeps the old one.
          const before = existing.record;
          const after = { ...before, ...values, description: parsed.data.description ?? before.description };
          saveChanges(wb, table, [{ row: existing.row, before, after }]);
          return ok({ name, rule, description: after.description, members: values.members, updated_at: now, previous: { rule: before.rule, description: before.description } });
        }
        appendRecords(wb, table, [values]);
        return ok({ ...values });
      });
    },

    getSegmentReport(input) {
      const parsed = reportInput().safeParse(input);
      if (!parsed.success) return refuse(['by'], 'Choose what to report by.');
      const by = asDimension(parsed.data.by);
      if (!by) return refuse(['by'], `Report by one of: ${REPORT_DIMENSIONS.join(', ')}.`);
      const wb = deps.workbook();
      const clock = clockOf(wb, deps);
      if (!clock.ok) return fail(clock.issues);
      const result = reportOnWorkbook(wb, { by, date: clock.value.today, timeZone: clock.value.zone, ...(parsed.data.segment ? { segment: parsed.data.segment } : {}) });
      return result.ok ? ok(result.report) : refuse(parsed.data.segment ? ['segment'] : [], result.problem.message);
    },
  };
}
