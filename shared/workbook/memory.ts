import type { CellUpdate, CellValue, TypedCell, TypedCellUpdate } from './cell';
import { planBlocks } from './blocks';
import { addMissingColumns, fitRow } from './grid';
import type { Grid, TabLayout, Workbook } from './port';

/** A typed cell as read() hands it over: a date as its ISO string, a formula as its last value, a link as its text. */
export function flattenTyped(cell: TypedCell): CellValue {
  if (cell === null || typeof cell !== 'object') return cell;
  if (cell.kind === 'date') return cell.iso;
  if (cell.kind === 'formula') return cell.value;
  return cell.text;
}

/** True when a typed cell is a plain value (nothing but what read() shows). */
export function isPlainCell(cell: TypedCell): cell is CellValue {
  return cell === null || typeof cell !== 'object';
}

/** Calls an adapter made against its backing store, by kind; tests use these to prove batching. */
export interface CallCounts {
  read: number;
  write: number;
  append: number;
  create: number;
}

/**
 * A workbook held in memory: the model the file adapter loads into and saves from, and the workbook of
 * unit tests. It counts calls as a real sheet would see them (one per tab read, one per written block).
 */
export class MemoryWorkbook implements Workbook {
  readonly calls: CallCounts = { read: 0, write: 0, append: 0, create: 0 };
  /** Which columns of each tab are formatted as plain text. */
  readonly textColumns = new Map<string, Set<string>>();
  private readonly tabs = new Map<string, Grid>();
  private readonly cache = new Map<string, Grid>();
  /** Cells holding a date, formula or link, by tab and then by "row:col" (sheet coordinates). */
  private readonly typed = new Map<string, Map<string, Exclude<TypedCell, CellValue>>>();

  constructor(tabs: Record<string, Grid> = {}) {
    for (const [name, grid] of Object.entries(tabs)) this.tabs.set(name, cloneGrid(grid));
  }

  tabNames(): string[] {
    return [...this.tabs.keys()];
  }

  read(tab: string): Grid | undefined {
    const cached = this.cache.get(tab);
    if (cached) return cached;
    const grid = this.tabs.get(tab);
    if (!grid) return undefined;
    this.calls.read++;
    const copy = cloneGrid(grid);
    this.cache.set(tab, copy);
    return copy;
  }

  ensureTab(tab: string, layout: TabLayout): void {
    const grid = this.tabs.get(tab);
    const text = this.textColumns.get(tab) ?? new Set<string>();
    this.textColumns.set(tab, text);
    if (!grid) {
      this.calls.create++;
      this.tabs.set(tab, { header: [...layout.header], rows: [] });
      this.cache.delete(tab);
      for (const c of layout.textColumns) text.add(c);
      return;
    }
    const added = addMissingColumns(grid, grid.header.length, layout);
    if (!added) return;
    this.calls.create++;
    for (const [i, name] of added.names.entries()) if (added.text[i]) text.add(name);
    this.cache.delete(tab);
  }

  write(tab: string, updates: readonly CellUpdate[]): void {
    const grid = this.mustHave(tab);
    const blocks = planBlocks(updates, (r, c) => grid.rows[r - 2]?.[c - 1] ?? null);
    for (const block of blocks) {
      this.calls.write++;
      block.values.forEach((line, i) => {
        const r = block.row + i - 2;
        while (grid.rows.length <= r) grid.rows.push(grid.header.map(() => null));
        const row = grid.rows[r]!;
        line.forEach((value, j) => (row[block.col - 1 + j] = value));
      });
    }
    // A plain value typed over a date, formula or link replaces it, as it would in a sheet.
    const overlay = this.typed.get(tab);
    if (overlay) for (const u of updates) overlay.delete(`${u.row}:${u.col}`);
    this.syncCache(tab, updates);
  }

  /** These data rows (sheet row numbers) with dates, formulas and links kept; one read call. */
  readTyped(tab: string, rows: readonly number[]): TypedCell[][] {
    const grid = this.mustHave(tab);
    this.calls.read++;
    const overlay = this.typed.get(tab);
    return rows.map((r) => {
      const line = grid.rows[r - 2] ?? [];
      return grid.header.map((_, c): TypedCell => {
        const cell = overlay?.get(`${r}:${c + 1}`);
        return cell ? { ...cell } : (line[c] ?? null);
      });
    });
  }

  /** Writes typed cells: read() then shows their plain form, readTyped() the cell as given. */
  writeTyped(tab: string, updates: readonly TypedCellUpdate[]): void {
    if (updates.length === 0) return;
    this.write(tab, updates.map((u) => ({ row: u.row, col: u.col, value: flattenTyped(u.value) })));
    const overlay = this.typed.get(tab) ?? new Map<string, Exclude<TypedCell, CellValue>>();
    this.typed.set(tab, overlay);
    for (const u of updates) if (!isPlainCell(u.value)) overlay.set(`${u.row}:${u.col}`, { ...u.value });
  }

  /** Every data row of a tab as stored now, typed (not through the read cache, no call counted); for tests. */
  typedSnapshot(tab: string): TypedCell[][] | undefined {
    const grid = this.tabs.get(tab);
    if (!grid) return undefined;
    const overlay = this.typed.get(tab);
    return grid.rows.map((line, i) =>
      line.map((v, c): TypedCell => {
        const cell = overlay?.get(`${i + 2}:${c + 1}`);
        return cell ? { ...cell } : v;
      }),
    );
  }

  append(tab: string, rows: readonly CellValue[][]): void {
    if (rows.length === 0) return;
    const grid = this.mustHave(tab);
    this.calls.append++;
    for (const row of rows) grid.rows.push(fitRow(row, grid.header.length));
    const cached = this.cache.get(tab);
    if (cached) for (const row of rows) cached.rows.push(fitRow(row, cached.header.length));
  }

  replaceRows(tab: string, rows: readonly CellValue[][]): void {
    const grid = this.mustHave(tab);
    this.calls.write++;
    grid.rows = rows.map((r) => fitRow(r, grid.header.length));
    this.typed.delete(tab);
    this.cache.delete(tab);
  }

  withLock<T>(fn: () => T): T {
    return fn();
  }

  /** A copy of a tab as stored now (not through the read cache); for tests and for saving. */
  snapshot(tab: string): Grid | undefined {
    const grid = this.tabs.get(tab);
    return grid ? cloneGrid(grid) : undefined;
  }

  /** Forgets what was read, as a new session would. */
  clearCache(): void {
    this.cache.clear();
  }

  private mustHave(tab: string): Grid {
    const grid = this.tabs.get(tab);
    if (!grid) throw new Error(`No tab named ${tab}`);
    return grid;
  }

  private syncCache(tab: string, updates: readonly CellUpdate[]): void {
    const cached = this.cache.get(tab);
    if (!cached) return;
    for (const u of updates) {
      while (cached.rows.length <= u.row - 2) cached.rows.push(cached.header.map(() => null));
      const row = cached.rows[u.row - 2]!;
      row[u.col - 1] = u.value;
    }
  }
}

function cloneGrid(grid: Grid): Grid {
  return { header: [...grid.header], rows: grid.rows.map((r) => [...r]) };
}
