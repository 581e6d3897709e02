import type { CellUpdate, CellValue, TypedCell, TypedCellUpdate } from './cell';

/** A tab as read: the header row and the data rows below it, each as long as the header. */
export interface Grid {
  header: string[];
  rows: CellValue[][];
}

/** What a tab should look like when created: its header and which columns hold plain text. */
export interface TabLayout {
  header: string[];
  textColumns: readonly string[];
}

/**
 * The one port between the engines and a spreadsheet. Reads are cached (each tab read once per session);
 * writes are buffered and go out in blocks when the adapter commits, so the number of calls to the real
 * sheet does not depend on the number of rows.
 */
export interface Workbook {
  /** Names of the tabs that exist. */
  tabNames(): string[];
  /** The tab's header and rows, or undefined when the tab does not exist. */
  read(tab: string): Grid | undefined;
  /** Creates the tab with its header, or appends the header's missing columns to an existing tab. */
  ensureTab(tab: string, layout: TabLayout): void;
  /** Changes these cells; other cells stay as they are. */
  write(tab: string, updates: readonly CellUpdate[]): void;
  /** Adds rows after the last row, each as long as the header. */
  append(tab: string, rows: readonly CellValue[][]): void;
  /** Replaces every data row (used only for derived tabs such as Dashboard). */
  replaceRows(tab: string, rows: readonly CellValue[][]): void;
  /**
   * These data rows (sheet row numbers) with each cell's type kept — dates, formulas, hyperlinks — for the logs
   * that undo replays. Optional while adapters gain it; callers fall back to read().
   */
  readTyped?(tab: string, rows: readonly number[]): TypedCell[][];
  /** Writes typed cells back (undo): a date stays a date, a formula a formula, a link a link. */
  writeTyped?(tab: string, updates: readonly TypedCellUpdate[]): void;
  /** Runs fn holding the document lock, so read-modify-write sequences of two runs never interleave. */
  withLock<T>(fn: () => T): T;
}
