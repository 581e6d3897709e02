import { cellText, isBlank, type CellUpdate, type CellValue } from './cell';
import { decodeCell, encodeValue } from './codec';
import type { ColumnDef, Columns, RecordOf } from './columns';
import { mapHeader } from './header';
import type { Grid, Workbook } from './port';
import { parseSettings, settingsSchema, SETTINGS_TAB } from './settings';
import { appendRecords, openTable } from './table';
import { customersTab, TABS, type TabDef } from './tabs';
import type { CellFault, DateOrder } from './values';

/**
 * One cell typed into a tab, as a grid sends it. The column is named twice (its place and the header the grid
 * showed there) and the cell's old value is sent back, so an edit made on a stale view is refused rather than
 * written into the wrong place.
 */
export interface GridEdit {
  tab: string;
  /** Sheet row (2 is the first data row), or 'new' to add a row after the last. */
  row: number | 'new';
  /** 1-based column. */
  col: number;
  /** The header the grid showed above the cell. */
  header: string;
  /** What was typed. */
  value: string;
  /** The cell as the grid showed it; absent, no check is made. */
  seen?: CellValue;
  /** The row's id as the grid showed it; the row is found by it when rows have moved. */
  id?: string;
}

/** Why an edit was refused: the codec's faults plus the grid's own. */
export type GridEditFault =
  | CellFault
  | 'read_only_tab'
  | 'read_only_column'
  | 'header_row'
  | 'no_such_tab'
  | 'no_such_row'
  | 'no_such_column'
  | 'conflict'
  | 'too_long'
  | 'bad_setting';

/** The outcome of an edit: the row as it now is, or the reason nothing was written. */
export type GridEditResult =
  | { ok: true; row: number; cells: CellValue[]; header: string[]; written: number }
  | { ok: false; fault: GridEditFault; message: string };

/** What an accepted edit changes, before it is applied. */
export type GridEditPlan =
  | { ok: true; kind: 'none'; row: number }
  | { ok: true; kind: 'update'; row: number; updates: CellUpdate[] }
  | { ok: true; kind: 'append'; record: Record<string, unknown>; userCell?: { col: number; value: CellValue } }
  | { ok: false; fault: GridEditFault; message: string };

/** Tabs a person must not type into, and why: logs that undo replays, and tabs Regulars rebuilds. */
export const READ_ONLY_TABS: Readonly<Record<string, string>> = {
  'Merge log': 'The Merge log is what undo replays; it is written by merges only.',
  'Import log': 'The Import log is what undo replays; it is written by imports only.',
  'Consent log': 'The Consent log is a record of consent changes; change consent on the customer instead.',
  Outbox: 'The Outbox is written by the message runs; change a campaign instead.',
  Dashboard: 'The Dashboard is rebuilt from the data by Score customers.',
  'Dedupe decisions': 'Written by "Not a duplicate" in the Duplicates sidebar.',
};

/** Contract columns Regulars keeps itself. */
const KEPT_COLUMNS: Readonly<Record<string, string>> = {
  id: 'IDs are given by Regulars and never reused.',
  created_at: 'Kept by Regulars.',
  updated_at: 'Kept by Regulars.',
};

/** Settings rows Regulars keeps itself: the id counters and the schema version. */
const KEPT_SETTINGS = /^(last_id\..+|schema_version)$/;

/** The most a Sheets cell holds. */
const MAX_CELL_CHARS = 50_000;

/** The message shown at the cell for a fault; it never repeats the value typed. */
export function gridEditMessage(fault: GridEditFault, order: DateOrder = 'dmy'): string {
  const example = order === 'mdy' ? '12/31/2026' : '31/12/2026';
  switch (fault) {
    case 'not_a_number':
      return 'Not a number: type digits, e.g. 1250.50.';
    case 'not_a_date':
      return `Not a date: type it as ${example} or 2026-12-31.`;
    case 'not_a_boolean':
      return 'Type yes or no.';
    case 'not_a_choice':
      return 'Not one of the allowed values for this column.';
    case 'not_an_email':
      return 'Not a valid e-mail address.';
    case 'required':
      return 'This column needs a value.';
    case 'read_only_tab':
      return 'This tab is written by Regulars only.';
    case 'read_only_column':
      return 'This column is kept by Regulars.';
    case 'header_row':
      return 'The header row names the columns the add-on reads; it is not edited here.';
    case 'no_such_tab':
      return 'There is no such tab any more.';
    case 'no_such_row':
      return 'This row is no longer in the tab. Reload to see the tab as it is.';
    case 'no_such_column':
      return 'This column has moved or gone. Reload to see the tab as it is.';
    case 'conflict':
      return 'Someone changed this cell since it was shown. Reload to see it.';
    case 'too_long':
      return 'Longer than a cell can hold (50,000 characters).';
    case 'bad_setting':
      return 'Not a valid value for this setting.';
  }
}

function refuse(fault: GridEditFault, order: DateOrder, message?: string): { ok: false; fault: GridEditFault; message: string } {
  return { ok: false, fault, message: message ?? gridEditMessage(fault, order) };
}

/** The contract tab of this name, if it is one. */
export function gridTabDef(tab: string): TabDef | undefined {
  return (TABS as readonly TabDef[]).find((t) => t.name === tab);
}

function sameCell(a: CellValue | undefined, b: CellValue | undefined): boolean {
  return (isBlank(a ?? null) && isBlank(b ?? null)) || cellText(a) === cellText(b);
}

/** Reads what was typed as the column's type with the contract's codec; a blank is null. */
function parseTyped(def: ColumnDef, text: string, order: DateOrder): { ok: true; value: unknown } | { ok: false; fault: CellFault } {
  const parsed = decodeCell(def, text, order);
  if (!parsed.ok) return parsed;
  return { ok: true, value: parsed.value === '' ? undefined : parsed.value };
}

/** A Settings value checked against the setting's schema (unknown keys are free text). */
function settingProblem(grid: Grid, row: number, valueAt: number, text: string): string | undefined {
  if (grid.header[valueAt]?.trim().toLowerCase() !== 'value' || text.trim() === '') return undefined;
  const key = cellText(grid.rows[row - 2]?.[grid.header.findIndex((h) => h.trim().toLowerCase() === 'key')] ?? null).toLowerCase();
  const shape = settingsSchema().shape as Record<string, { safeParse(v: unknown): { success: boolean; error?: { issues: { message: string }[] } } } | undefined>;
  const field = Object.prototype.hasOwnProperty.call(shape, key) ? shape[key] : undefined;
  if (!field) return undefined;
  const parsed = field.safeParse(key === 'country' ? text.trim().toUpperCase() : text.trim());
  return parsed.success ? undefined : `Not a valid ${key}: ${parsed.error?.issues[0]?.message ?? 'invalid value'}.`;
}

/** The sheet row the edit means: by id when the grid knew one, else by number. */
function targetRow(grid: Grid, idAt: number | undefined, edit: Omit<GridEdit, 'row'> & { row: number }): number | undefined {
  const wanted = edit.id?.trim() ?? '';
  if (idAt !== undefined && wanted !== '') {
    if (cellText(grid.rows[edit.row - 2]?.[idAt] ?? null) === wanted) return edit.row;
    const at = grid.rows.findIndex((cells) => cellText(cells[idAt] ?? null) === wanted);
    return at < 0 ? undefined : at + 2;
  }
  return edit.row >= 2 && edit.row - 2 < grid.rows.length ? edit.row : undefined;
}

/**
 * Decides what one typed cell changes, without touching the workbook: contract columns go through the
 * contract's codec (a bad date in a date column is refused with the reason), your own columns keep the
 * text as typed, and the rows and columns are checked against what the grid showed. Strings are written as
 * text; the adapters guard formula-looking ones (shared/workbook formula guard), so "=1+1" stays text.
 */
export function planGridEdit(grid: Grid, def: TabDef | undefined, edit: GridEdit, context: { order: DateOrder; now: string }): GridEditPlan {
  const { order, now } = context;
  if (Object.prototype.hasOwnProperty.call(READ_ONLY_TABS, edit.tab)) return refuse('read_only_tab', order, READ_ONLY_TABS[edit.tab]);
  if (edit.row !== 'new' && edit.row < 2) return refuse('header_row', order);
  if (edit.value.length > MAX_CELL_CHARS) return refuse('too_long', order);
  const at = edit.col - 1;
  if (!Number.isInteger(edit.col) || at < 0 || at >= grid.header.length || grid.header[at] !== edit.header) return refuse('no_such_column', order);
  const map = def ? mapHeader(def.columns, grid.header) : undefined;
  const field = map ? [...map.indexOf].find(([, i]) => i === at)?.[0] : undefined;
  const column = field !== undefined && def ? def.columns[field] : undefined;
  if (field !== undefined && Object.prototype.hasOwnProperty.call(KEPT_COLUMNS, field)) return refuse('read_only_column', order, KEPT_COLUMNS[field]);

  let cell: CellValue;
  let typed: unknown;
  if (column) {
    const parsed = parseTyped(column, edit.value, order);
    if (!parsed.ok) return refuse(parsed.fault, order);
    if (parsed.value === undefined && column.required && edit.row !== 'new') return refuse('required', order);
    typed = parsed.value;
    cell = encodeValue(parsed.value);
  } else {
    cell = edit.value.trim() === '' ? null : edit.value;
  }
  const stamped = (fields: string[]): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const f of fields) if (def && f in def.columns) out[f] = now;
    return out;
  };

  if (edit.row === 'new') {
    if (cell === null) return { ok: true, kind: 'none', row: grid.rows.length + 1 };
    const record: Record<string, unknown> = { ...stamped(['created_at', 'updated_at']) };
    // A customer typed by hand is an active one, as the card and the import make them.
    if (def === customersTab && field !== 'status') record.status = 'active';
    if (field !== undefined) return { ok: true, kind: 'append', record: { ...record, [field]: typed } };
    return { ok: true, kind: 'append', record, userCell: { col: edit.col, value: cell } };
  }

  const idAt = map?.indexOf.get('id');
  const row = targetRow(grid, idAt, { ...edit, row: edit.row });
  if (row === undefined) return refuse('no_such_row', order);
  const current = grid.rows[row - 2]?.[at] ?? null;
  if (edit.seen !== undefined && !sameCell(edit.seen, current)) return refuse('conflict', order);
  if (!def && edit.tab === SETTINGS_TAB) {
    const key = cellText(grid.rows[row - 2]?.[0] ?? null).toLowerCase();
    if (KEPT_SETTINGS.test(key)) return refuse('read_only_column', order, 'Kept by Regulars: it is how ids are never reused and the workbook is migrated.');
    const problem = settingProblem(grid, row, at, edit.value);
    if (problem !== undefined) return refuse('bad_setting', order, problem);
  }
  // A number typed over the same digits held as text is a change of type, so only identical cells are no-ops.
  if ((isBlank(cell) && isBlank(current)) || cell === current) return { ok: true, kind: 'none', row };
  const updates: CellUpdate[] = [{ row, col: edit.col, value: cell }];
  const updatedAt = map?.indexOf.get('updated_at');
  if (updatedAt !== undefined) updates.push({ row, col: updatedAt + 1, value: now });
  return { ok: true, kind: 'update', row, updates };
}

/**
 * Applies one typed cell to the workbook under the document lock: the tab is opened the way every writer
 * opens it (openTable — which is where rows typed without an id get one), the edit planned against what
 * the tab holds now, and only the changed cells written; a new row is appended with a new id.
 */
export function applyGridEdit(wb: Workbook, edit: GridEdit, now: string): GridEditResult {
  return wb.withLock(() => {
    const order = parseSettings(wb.read(SETTINGS_TAB)).settings.date_order;
    if (Object.prototype.hasOwnProperty.call(READ_ONLY_TABS, edit.tab)) return refuse('read_only_tab', order, READ_ONLY_TABS[edit.tab]);
    const first = wb.read(edit.tab);
    if (!first) return refuse('no_such_tab', order);
    const def = gridTabDef(edit.tab);
    // A refused edit writes nothing at all, so it is checked before the tab is opened for writing.
    const check = planGridEdit(first, def, edit, { order, now });
    if (!check.ok || check.kind === 'none') return applied(wb, edit.tab, check.ok ? check.row : 0, 0, check);
    const table = def ? openTable(wb, def, order) : undefined;
    const grid = wb.read(edit.tab) ?? first;
    // Planned again on the tab as opened: it may have gained columns (at the end) and ids since.
    const plan = planGridEdit(grid, def, edit, { order, now });
    if (!plan.ok) return plan;
    let row: number;
    let written = 0;
    if (plan.kind === 'append') {
      if (table) {
        // The plan's values come from the same codec the table decodes with, so they have the record's types.
        appendRecords(wb, table, [plan.record as Partial<RecordOf<Columns>>]);
        row = table.rows[table.rows.length - 1]?.row ?? grid.rows.length + 1;
        written = 1;
        if (plan.userCell) {
          wb.write(edit.tab, [{ row, col: plan.userCell.col, value: plan.userCell.value }]);
          written++;
        }
      } else {
        row = grid.rows.length + 2;
        const cells: CellValue[] = grid.header.map(() => null);
        if (plan.userCell) cells[plan.userCell.col - 1] = plan.userCell.value;
        wb.append(edit.tab, [cells]);
        written = 1;
      }
    } else {
      row = plan.row;
      if (plan.kind === 'update') {
        wb.write(edit.tab, plan.updates);
        written = plan.updates.length;
      }
    }
    return applied(wb, edit.tab, row, written);
  });
}

/** The answer to an edit: the refusal as planned, or the row as the tab now holds it. */
function applied(wb: Workbook, tab: string, row: number, written: number, refused?: GridEditPlan): GridEditResult {
  if (refused && !refused.ok) return refused;
  const grid = wb.read(tab) ?? { header: [], rows: [] };
  return { ok: true, row, cells: [...(grid.rows[row - 2] ?? [])], header: [...grid.header], written };
}

/** What a grid may not change in a tab, with the reasons to show: the whole tab, or some of its columns. */
export interface GridAccess {
  /** Why the whole tab is read-only, or null when cells may be typed into. */
  tab: string | null;
  /** Per column of the header: why it is read-only, or null. */
  columns: (string | null)[];
}

/** The read-only parts of a tab, so a grid can show them before anyone types (the edit is checked again on save). */
export function gridAccess(tab: string, header: readonly string[]): GridAccess {
  const whole = Object.prototype.hasOwnProperty.call(READ_ONLY_TABS, tab) ? (READ_ONLY_TABS[tab] ?? null) : null;
  const def = gridTabDef(tab);
  const map = def ? mapHeader(def.columns, header) : undefined;
  const fieldAt = new Map<number, string>();
  for (const [field, i] of map?.indexOf ?? []) fieldAt.set(i, field);
  const columns = header.map((_, i) => {
    const field = fieldAt.get(i);
    return whole ?? (field !== undefined && Object.prototype.hasOwnProperty.call(KEPT_COLUMNS, field) ? (KEPT_COLUMNS[field] ?? null) : null);
  });
  return { tab: whole, columns };
}
