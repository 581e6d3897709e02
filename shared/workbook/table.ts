import type { CellValue } from './cell';
import { blankRecord, decodeTable, diffRecord, encodeRow, type DecodedTable, type RowFilter } from './codec';
import type { Columns, RecordOf } from './columns';
import { allocateIds, counterKey } from './ids';
import type { TabLayout, Workbook } from './port';
import { parseSettings, settingsChanges, SETTINGS_HEADER, SETTINGS_TAB } from './settings';
import type { TabDef } from './tabs';
import { mapHeader } from './header';
import type { DateOrder } from './values';

/** The header and plain-text columns a tab is created with. */
export function layoutOf(def: TabDef): TabLayout {
  const header = Object.keys(def.columns);
  return { header, textColumns: header.filter((name) => def.columns[name]?.plainText) };
}

/**
 * Creates the tab with its header when missing; otherwise appends only the fields its header lacks,
 * recognising synonyms ("Surname" is last_name), so a user's own headers are never duplicated.
 */
export function ensureTable(wb: Workbook, def: TabDef): void {
  const layout = layoutOf(def);
  const grid = wb.read(def.name);
  if (!grid) {
    wb.ensureTab(def.name, layout);
    return;
  }
  const map = mapHeader(def.columns, grid.header);
  const missing = layout.header.filter((field) => !map.indexOf.has(field));
  if (missing.length > 0) wb.ensureTab(def.name, { header: [...grid.header, ...missing], textColumns: layout.textColumns.filter((c) => missing.includes(c)) });
}

/**
 * Creates the tab if missing (or adds missing columns) and reads it as typed records; `only` decodes just the rows
 * of one id or customer (the table's rows and issues then cover those rows alone).
 */
export function openTable<C extends Columns>(wb: Workbook, def: TabDef<C>, order: DateOrder = 'dmy', only?: RowFilter): DecodedTable<C> {
  ensureTable(wb, def);
  const grid = wb.read(def.name) ?? { header: layoutOf(def).header, rows: [] };
  return decodeTable(def, grid, order, only);
}

/** Reads a tab as typed records without creating it (`only` as for openTable); undefined when it does not exist. */
export function readTable<C extends Columns>(wb: Workbook, def: TabDef<C>, order: DateOrder = 'dmy', only?: RowFilter): DecodedTable<C> | undefined {
  const grid = wb.read(def.name);
  return grid ? decodeTable(def, grid, order, only) : undefined;
}

/** A change to one decoded row: the record as read and as it should now be. */
export interface RecordChange<R> {
  row: number;
  before: R;
  after: R;
}

/** Writes only the changed cells of these rows, in one batch. Returns how many cells changed. */
export function saveChanges<C extends Columns>(wb: Workbook, table: DecodedTable<C>, changes: readonly RecordChange<RecordOf<C>>[]): number {
  const updates = changes.flatMap((c) => diffRecord(table, c.row, c.before, c.after));
  if (updates.length > 0) wb.write(table.def.name, updates);
  for (const c of changes) {
    const row = table.rows.find((r) => r.row === c.row);
    if (row) row.record = c.after;
  }
  return updates.length;
}

/**
 * Appends records in one batch, giving those without an id a new one (never reused: the last number issued
 * is kept in Settings). Call inside wb.withLock. Returns the records as written.
 */
export function appendRecords<C extends Columns>(wb: Workbook, table: DecodedTable<C>, records: readonly Partial<RecordOf<C>>[]): RecordOf<C>[] {
  if (records.length === 0) return [];
  const needIds = records.filter((r) => !('id' in r) || r.id === '' || r.id === undefined).length;
  let ids: string[] = [];
  if (needIds > 0 && 'id' in table.def.columns) {
    const existing = table.rows.map((r) => {
      const id = (r.record as Record<string, unknown>).id;
      return typeof id === 'string' ? id : '';
    });
    const key = counterKey(table.def.idPrefix);
    const { extra } = parseSettings(wb.read(SETTINGS_TAB));
    const allocated = allocateIds(table.def.idPrefix, existing, Number(extra[key] ?? 0), needIds);
    ids = allocated.ids;
    writeSettings(wb, { [key]: allocated.last });
  }
  let next = 0;
  const full = records.map((r) => {
    const record = { ...blankRecord(table.def), ...r } as RecordOf<C>;
    const withId = record as Record<string, unknown>;
    if ('id' in table.def.columns && (withId.id === '' || withId.id === undefined)) withId.id = ids[next++];
    return record;
  });
  const lastRow = table.rows.reduce((m, r) => Math.max(m, r.row), 1);
  const grid = wb.read(table.def.name);
  const startRow = Math.max(lastRow, (grid?.rows.length ?? 0) + 1) + 1;
  const cells: CellValue[][] = full.map((record) => encodeRow(table, record));
  wb.append(table.def.name, cells);
  full.forEach((record, i) => table.rows.push({ row: startRow + i, record }));
  return full;
}

/** Sets settings keys, changing rows in place or appending new keys. Creates the tab if missing. */
export function writeSettings(wb: Workbook, values: Readonly<Record<string, string | number>>): void {
  wb.ensureTab(SETTINGS_TAB, { header: [...SETTINGS_HEADER], textColumns: ['key', 'value'] });
  const { updates, appends } = settingsChanges(wb.read(SETTINGS_TAB), values);
  if (updates.length > 0) wb.write(SETTINGS_TAB, updates);
  if (appends.length > 0) wb.append(SETTINGS_TAB, appends);
}
