/** Where a table came from: the parser at the edge that read it. */
export type SourceFormat = 'csv' | 'xlsx' | 'vcf';

/**
 * One file (or sheet) as rows of text, whatever it was: a CSV after decoding, an .xlsx sheet, or vCards turned
 * into columns. `lines[i]` is the line (CSV), sheet row (.xlsx) or card start line (vCard) of `rows[i]`, the
 * number a person finds the record by.
 */
export interface SourceTable {
  file: string;
  format: SourceFormat;
  header: string[];
  rows: string[][];
  lines: number[];
  /** Set by parsers whose dates are always year first (vCard). */
  dateOrder?: DateOrder;
}

/** How a date whose parts are all numbers is read: day first, month first or year first. */
export type DateOrder = 'dmy' | 'mdy' | 'ymd';

/** A rejected, corrected or skipped cell or row; `row` is the number a person sees in the file, `column` its header. */
export interface ImportIssue {
  row: number;
  column: string;
  reason: string;
}
