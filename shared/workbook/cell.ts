/** A cell as every adapter hands it over: dates already turned into ISO strings, empty cells as null. */
export type CellValue = string | number | boolean | null;

/** One cell to write, in sheet coordinates (1-based row and column, row 1 is the header). */
export interface CellUpdate {
  row: number;
  col: number;
  value: CellValue;
}

/** True when a cell holds nothing a person would call a value. */
export function isBlank(value: CellValue | undefined): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

/** The cell as a trimmed string ('' when blank). */
export function cellText(value: CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value.trim() : String(value);
}

/**
 * A cell with the type a person gave it, as undo must put it back: a plain value is itself; a date cell, a
 * formula and a hyperlink say so (read() flattens them to an ISO string, the last value and the link text).
 */
export type TypedCell =
  | CellValue
  | { kind: 'date'; iso: string }
  | { kind: 'formula'; formula: string; value: CellValue }
  | { kind: 'link'; url: string; text: string };

/** One typed cell to write back, in sheet coordinates like CellUpdate. */
export interface TypedCellUpdate {
  row: number;
  col: number;
  value: TypedCell;
}
