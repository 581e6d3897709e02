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
