import { cellText, isBlank, type CellUpdate, type CellValue } from './cell';
import type { ColumnDef, Columns, RecordOf } from './columns';
import { mapHeader, type HeaderMap } from './header';
import type { Grid } from './port';
import type { TabDef } from './tabs';
import { isEmail, parseBoolean, parseDate, parseDateTime, parseNumber, type CellFault, type DateOrder, type Parsed } from './values';

/** One cell that could not be read as its column's type: where it is, why, and what it held. */
export interface CellIssue {
  tab: string;
  /** Sheet row number (1-based; row 1 is the header). */
  row: number;
  column: string;
  code: CellFault;
  value: CellValue;
}

/** A decoded row: where it sits in the sheet and its typed record. */
export interface Row<R> {
  row: number;
  record: R;
}

/** A tab read as typed records, with the header map needed to write changes back. */
export interface DecodedTable<C extends Columns> {
  def: TabDef<C>;
  header: string[];
  map: HeaderMap;
  rows: Row<RecordOf<C>>[];
  issues: CellIssue[];
}

const USER_MESSAGES: Record<CellFault, string> = {
  not_a_number: 'is not a number',
  not_a_date: 'is not a date (use YYYY-MM-DD or DD/MM/YYYY)',
  not_a_boolean: 'is not yes or no',
  not_a_choice: 'is not one of the allowed values',
  not_an_email: 'is not a valid e-mail address',
  required: 'is required',
};

/** The message shown to a person for an issue: it names the row and column, never the value. */
export function describeIssue(issue: CellIssue): string {
  return `${issue.tab} row ${issue.row}, column "${issue.column}": ${USER_MESSAGES[issue.code]}`;
}

/** Reads one cell as its column's kind. Blank text decodes to '', other blanks to undefined. */
export function decodeCell(def: ColumnDef, cell: CellValue, order: DateOrder = 'dmy'): Parsed<unknown> {
  switch (def.kind) {
    case 'number':
      return parseNumber(cell);
    case 'date':
      return parseDate(cell, order);
    case 'datetime':
      return parseDateTime(cell, order);
    case 'boolean':
      return parseBoolean(cell);
    case 'email': {
      const text = cell === null ? '' : String(cell).trim();
      return text === '' || isEmail(text) ? { ok: true, value: text.toLowerCase() } : { ok: false, fault: 'not_an_email' };
    }
    case 'choice': {
      const text = cell === null ? '' : String(cell).trim().toLowerCase();
      return text === '' || def.choices.length === 0 || def.choices.includes(text) ? { ok: true, value: text } : { ok: false, fault: 'not_a_choice' };
    }
    default:
      return { ok: true, value: cell === null ? '' : String(cell).trim() };
  }
}

/** The value a field holds when its cell is blank, missing or unreadable. */
function blankValue(def: ColumnDef): unknown {
  return def.kind === 'number' || def.kind === 'date' || def.kind === 'datetime' || def.kind === 'boolean' ? undefined : '';
}

/**
 * Decodes every row of a grid into typed records. Unreadable cells become issues (with the row and column)
 * and their field is left blank; the cell itself is never rewritten unless the field is changed.
 * Wholly empty rows are skipped.
 */
export function decodeTable<C extends Columns>(def: TabDef<C>, grid: Grid, order: DateOrder = 'dmy', only?: RowFilter): DecodedTable<C> {
  const map = mapHeader(def.columns, grid.header);
  const fields = Object.entries(def.columns);
  const rows: Row<RecordOf<C>>[] = [];
  const issues: CellIssue[] = [];
  // Decoding every cell of a 20,000-row tab to find one customer's rows costs most of a card save: skip the rest.
  const filterAt = only === undefined ? undefined : (map.indexOf.get(only.field) ?? -1);
  const wanted = only?.equals.trim();
  grid.rows.forEach((cells, i) => {
    if (filterAt !== undefined && (filterAt < 0 || cellText(cells[filterAt]) !== wanted)) return;
    if (cells.every((c) => isBlank(c))) return;
    const sheetRow = i + 2;
    const record: Record<string, unknown> = {};
    for (const [field, column] of fields) {
      const at = map.indexOf.get(field);
      const cell = at === undefined ? null : (cells[at] ?? null);
      const parsed = decodeCell(column, cell, order);
      if (parsed.ok) {
        record[field] = parsed.value ?? blankValue(column);
      } else {
        record[field] = blankValue(column);
        issues.push({ tab: def.name, row: sheetRow, column: grid.header[at ?? -1] ?? field, code: parsed.fault, value: cell });
      }
      if (column.required && at !== undefined && isBlank(cell) && parsed.ok) {
        issues.push({ tab: def.name, row: sheetRow, column: grid.header[at] ?? field, code: 'required', value: cell });
      }
    }
    rows.push({ row: sheetRow, record: record as RecordOf<C> });
  });
  return { def, header: [...grid.header], map, rows, issues };
}

/** Only the rows whose cell in `field` holds `equals` (trimmed): one customer's rows of a tab. */
export interface RowFilter {
  field: string;
  equals: string;
}

/** A field's value as a cell: undefined → blank; everything else as it is (dates stay ISO strings). */
export function encodeValue(value: unknown): CellValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}

function sameCell(a: CellValue, b: CellValue): boolean {
  return (isBlank(a) && isBlank(b)) || a === b;
}

/**
 * The cells to write so that row `sheetRow` holds `after` instead of `before`: only fields whose value
 * changed, and only fields the header has (call ensureTab first to add missing columns).
 */
export function diffRecord<C extends Columns>(
  table: Pick<DecodedTable<C>, 'map'>,
  sheetRow: number,
  before: Partial<RecordOf<C>>,
  after: Partial<RecordOf<C>>,
): CellUpdate[] {
  const updates: CellUpdate[] = [];
  for (const [field, value] of Object.entries(after)) {
    const at = table.map.indexOf.get(field);
    if (at === undefined) continue;
    const next = encodeValue(value);
    if (!sameCell(encodeValue((before as Record<string, unknown>)[field]), next)) updates.push({ row: sheetRow, col: at + 1, value: next });
  }
  return updates;
}

/** A whole row for appending: known fields in their columns, unknown columns left blank. */
export function encodeRow<C extends Columns>(table: Pick<DecodedTable<C>, 'map' | 'header'>, record: Partial<RecordOf<C>>): CellValue[] {
  const cells: CellValue[] = table.header.map(() => null);
  for (const [field, value] of Object.entries(record)) {
    const at = table.map.indexOf.get(field);
    if (at !== undefined) cells[at] = encodeValue(value);
  }
  return cells;
}

/** A record with every field blank, to fill in before appending. */
export function blankRecord<C extends Columns>(def: TabDef<C>): RecordOf<C> {
  const record: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(def.columns)) record[field] = blankValue(column);
  return record as RecordOf<C>;
}
