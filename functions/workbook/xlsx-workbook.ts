import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { CellUpdate, CellValue, Grid, TabLayout, TypedCell, TypedCellUpdate, Workbook } from '../../shared/workbook';
import { addMissingColumns, fitRow, flattenTyped, isPlainCell } from '../../shared/workbook';
import { acquireLockSync, type HeldLock, type LockOptions } from './file-lock';
import { addSheet, dropCalcChain, editLinks, listSheets, NEW_PACKAGE, parseRels, relsPartOf, sheetLinks, uses1904, workbookPart, type SheetRef } from './xlsx-package';
import {
  cellFormula, cellValue, columnStyles, indexSheet, isDateCell, NEW_SHEET_XML, parseSharedStrings, patchSheet, rowCells, sheetGrid, styleColumns,
  type CellContext, type RawCell, type SheetIndex,
} from './xlsx-sheet';
import { ensureWriterStyles, NEW_STYLES_XML, parseStyles, type WriterStyles } from './xlsx-styles';
import { columnName } from './xml-text';
import { replaceFile } from './atomic-file';
import { plainXml, typedXml } from './xlsx-cells';
import { entryText, packChunked, readZip, writeZip, type DeflatedChunk, type ZipEntry, type ZipPart } from './zip';

/** A change as asked for; kept until saved, so it can be replayed on what another process wrote meanwhile. */
type Op =
  | { kind: 'ensure'; tab: string; layout: TabLayout }
  | { kind: 'write'; tab: string; updates: readonly CellUpdate[] }
  | { kind: 'append'; tab: string; rows: readonly CellValue[][] }
  | { kind: 'replace'; tab: string; rows: readonly CellValue[][] }
  | { kind: 'typed'; tab: string; updates: readonly TypedCellUpdate[] };

/** The file as last read (or written) by this process. */
interface Disk {
  /** Identity of the file on disk (inode, size, mtime); '' for a workbook not saved yet. */
  stamp: string;
  entries: Map<string, ZipEntry>;
  wbPart: string;
  sheets: SheetRef[];
  ctx?: CellContext;
}

/** A tab this process has read: as on disk, plus its changes not yet saved. */
interface Tab {
  name: string;
  ref?: SheetRef;
  /** The sheet XML as on disk (undefined for a tab not saved yet). */
  xml?: string;
  index?: SheetIndex;
  grid: Grid;
  /** Sheet row → columns changed since the last save (a number n: columns 1…n, a whole appended row). */
  touched: Map<number, Set<number> | number>;
  /** "row:col" → a typed cell to write (a date, a formula, a link). */
  typed: Map<string, Exclude<TypedCell, CellValue>>;
  /** Columns (1-based) to format as plain text. */
  textCols: Set<number>;
  /** The sheet's compressed pieces as last saved (large sheets only), keyed by their first row. */
  deflated?: Map<number, DeflatedChunk>;
}

/** Sheets larger than this are compressed in pieces of about this size, so a save recompresses only the changed piece. */
const CHUNK = 512 * 1024;

/** The sheet XML cut at row boundaries into pieces of about CHUNK characters, each keyed by its first row (0: the head). */
function chunksOf(xml: string, index: SheetIndex): { key: number; text: string }[] {
  const out: { key: number; text: string }[] = [];
  let start = 0;
  let key = 0;
  for (const r of index.order) {
    const at = index.rows.get(r)!.start;
    if (at - start >= CHUNK) {
      out.push({ key, text: xml.slice(start, at) });
      start = at;
      key = r;
    }
  }
  out.push({ key, text: xml.slice(start) });
  return out;
}

/** Calls made to the file, by kind (one per tab read, per write, per append, per tab created or widened). */
export interface XlsxCalls {
  read: number;
  write: number;
  append: number;
  create: number;
}

/** Options of a file-backed workbook. */
export interface XlsxOptions {
  /** How the lock file is waited for and judged stale. */
  lock?: LockOptions;
}

function stampOf(file: string): string | undefined {
  try {
    const s = statSync(file, { bigint: true });
    return `${s.ino}:${s.size}:${s.mtimeNs}`;
  } catch {
    return undefined;
  }
}

function touch(tab: Tab, row: number, col: number): void {
  const cols = tab.touched.get(row);
  if (cols === undefined) tab.touched.set(row, new Set([col]));
  else if (typeof cols === 'number') {
    if (col > cols) tab.touched.set(row, new Set([...Array.from({ length: cols }, (_, i) => i + 1), col]));
  } else cols.add(col);
}

/** Notes columns 1…width of a row as changed (an appended or replaced row). */
function touchRow(tab: Tab, row: number, width: number): void {
  const cols = tab.touched.get(row);
  if (cols === undefined || typeof cols === 'number') tab.touched.set(row, Math.max(width, cols ?? 0));
  else for (let c = 1; c <= width; c++) cols.add(c);
}

function isTouched(tab: Tab, row: number, col: number): boolean {
  const cols = tab.touched.get(row);
  return cols !== undefined && (typeof cols === 'number' ? col <= cols : cols.has(col));
}

const COLUMN_NAMES: string[] = [];
function columnRef(col: number, row: number): string {
  return `${(COLUMN_NAMES[col] ??= columnName(col))}${row}`;
}

function same(a: CellValue, b: CellValue): boolean {
  return a === b || ((a === null || a === '') && (b === null || b === ''));
}

/** The lock file every process takes around a read-modify-write of `file`. */
export function lockPathOf(file: string): string {
  return `${file}.lock`;
}

/**
 * The Workbook port over a local .xlsx file — the embedded default that stands in for the Google Sheet — as a
 * store several processes share. A tab is read from the zip only when first asked for. Every withLock (and
 * save) takes `<file>.lock`, re-reads the file when another process changed it since, replays this process's
 * changes on it, and writes back only the sheets it changed, row by row: the other parts of the zip are
 * copied byte for byte, untouched rows and cells keep their XML (a user's styles, formulas and links), and the
 * file is replaced atomically (temporary file, then rename). Strings are written as inline text cells, which
 * Excel and Sheets never evaluate, so formula-looking input stays inert.
 */
export class XlsxWorkbook implements Workbook {
  readonly calls: XlsxCalls = { read: 0, write: 0, append: 0, create: 0 };
  private disk: Disk;
  private readonly tabs = new Map<string, Tab>();
  private ops: Op[] = [];
  private depth = 0;
  private gen = 0;
  private held: HeldLock | undefined;

  /** Use openXlsxWorkbook or createXlsxWorkbook. */
  constructor(
    private file: string | undefined,
    private readonly options: XlsxOptions = {},
  ) {
    this.disk = file ? this.load(file) : XlsxWorkbook.emptyDisk();
  }

  /** The file this workbook is stored in (undefined before the first save of a new one). */
  get path(): string | undefined {
    return this.file;
  }

  private static emptyDisk(): Disk {
    return { stamp: '', entries: new Map(), wbPart: 'xl/workbook.xml', sheets: [] };
  }

  private load(file: string): Disk {
    const stamp = stampOf(file);
    const buf = readFileSync(file);
    const entries = readZip(buf);
    const text = (part: string): string | undefined => {
      const e = entries.get(part);
      return e ? entryText(e) : undefined;
    };
    const wbPart = workbookPart(text('_rels/.rels'));
    const wbXml = text(wbPart);
    if (wbXml === undefined) throw new Error('no workbook part in the package');
    return { stamp: stamp ?? '', entries, wbPart, sheets: listSheets(wbXml, text(relsPartOf(wbPart)), wbPart) };
  }

  private text(part: string): string | undefined {
    const e = this.disk.entries.get(part);
    return e ? entryText(e) : undefined;
  }

  private stylesPart(): string {
    const rel = parseRels(this.text(relsPartOf(this.disk.wbPart))).find((r) => r.type.endsWith('/styles'));
    return rel ? path.posix.normalize(path.posix.join(path.posix.dirname(this.disk.wbPart), rel.target)) : 'xl/styles.xml';
  }

  private context(): CellContext {
    if (this.disk.ctx) return this.disk.ctx;
    const rels = parseRels(this.text(relsPartOf(this.disk.wbPart)));
    const partOf = (suffix: string): string | undefined => {
      const rel = rels.find((r) => r.type.endsWith(suffix));
      return rel ? path.posix.normalize(path.posix.join(path.posix.dirname(this.disk.wbPart), rel.target)) : undefined;
    };
    const sharedPart = partOf('/sharedStrings');
    const stylesPart = partOf('/styles');
    this.disk.ctx = {
      shared: parseSharedStrings(sharedPart ? this.text(sharedPart) : undefined),
      styles: parseStyles(stylesPart ? this.text(stylesPart) : undefined),
      date1904: uses1904(this.text(this.disk.wbPart) ?? ''),
    };
    return this.disk.ctx;
  }

  /** Re-reads the file when another process replaced it since we last read it (outside a lock only). */
  private refresh(): void {
    if (!this.file) return;
    const stamp = stampOf(this.file);
    if (stamp === undefined || stamp === this.disk.stamp) return;
    this.disk = this.load(this.file);
    this.tabs.clear();
    this.gen++;
  }

  /** Goes up by one whenever the file changed: saved by this process or found changed by another. */
  generation(): number {
    if (this.depth === 0) this.refresh();
    return this.gen;
  }

  /** The tab's state, read from the file on first use, with this process's unsaved changes replayed on it. */
  private state(name: string): Tab | undefined {
    const known = this.tabs.get(name);
    if (known) return known;
    const ref = this.disk.sheets.find((s) => s.name === name);
    let tab: Tab;
    if (ref) {
      const entry = this.disk.entries.get(ref.part);
      const xml = entry ? entryText(entry) : NEW_SHEET_XML;
      const { grid, index } = sheetGrid(xml, this.context());
      this.calls.read++;
      tab = { name, ref, xml, index, grid, touched: new Map(), typed: new Map(), textCols: new Set() };
    } else if (this.ops.some((o) => o.kind === 'ensure' && o.tab === name)) {
      tab = { name, grid: { header: [], rows: [] }, touched: new Map(), typed: new Map(), textCols: new Set() };
    } else {
      return undefined;
    }
    this.tabs.set(name, tab);
    for (const op of this.ops) if (op.tab === name) this.apply(tab, op);
    return tab;
  }

  private mustHave(name: string): Tab {
    const tab = this.state(name);
    if (!tab) throw new Error(`No tab named ${name}`);
    return tab;
  }

  /** Applies a change to a tab in memory and notes the cells it touched; false when it changed nothing. */
  private apply(tab: Tab, op: Op): boolean {
    const grid = tab.grid;
    switch (op.kind) {
      case 'ensure': {
        const added = addMissingColumns(grid, grid.header.length, op.layout);
        if (!added) return false;
        added.names.forEach((_, i) => {
          touch(tab, 1, added.start + i);
          if (added.text[i]) tab.textCols.add(added.start + i);
        });
        return true;
      }
      case 'write':
        for (const u of op.updates) {
          if (u.row === 1) grid.header[u.col - 1] = String(u.value ?? '');
          else {
            while (grid.rows.length <= u.row - 2) grid.rows.push(grid.header.map(() => null));
            const row = grid.rows[u.row - 2]!;
            while (row.length < u.col) row.push(null);
            row[u.col - 1] = u.value;
          }
          tab.typed.delete(`${u.row}:${u.col}`);
          touch(tab, u.row, u.col);
        }
        return op.updates.length > 0;
      case 'typed':
        for (const u of op.updates) {
          const value = flattenTyped(u.value);
          while (grid.rows.length <= u.row - 2) grid.rows.push(grid.header.map(() => null));
          const row = grid.rows[u.row - 2]!;
          while (row.length < u.col) row.push(null);
          row[u.col - 1] = value;
          if (isPlainCell(u.value)) tab.typed.delete(`${u.row}:${u.col}`);
          else tab.typed.set(`${u.row}:${u.col}`, { ...u.value });
          touch(tab, u.row, u.col);
        }
        return op.updates.length > 0;
      case 'append':
        for (const cells of op.rows) {
          // The op's own row is shared with the grid (later writes to it are replayed after it anyway).
          const line = cells.length >= grid.header.length ? cells : fitRow(cells, grid.header.length);
          grid.rows.push(line);
          touchRow(tab, grid.rows.length + 1, line.length);
        }
        return op.rows.length > 0;
      case 'replace': {
        const before = grid.rows.length;
        grid.rows = op.rows.map((r) => fitRow(r, grid.header.length));
        for (let r = 2; r <= Math.max(before, grid.rows.length) + 1; r++) touchRow(tab, r, grid.header.length);
        for (const key of [...tab.typed.keys()]) if (Number(key.split(':')[0]) >= 2) tab.typed.delete(key);
        return true;
      }
    }
  }

  private record(op: Op, tab: Tab): boolean {
    const changed = this.apply(tab, op);
    if (changed) this.ops.push(op);
    return changed;
  }

  tabNames(): string[] {
    if (this.depth === 0) this.refresh();
    const names = this.disk.sheets.map((s) => s.name);
    for (const op of this.ops) if (op.kind === 'ensure' && !names.includes(op.tab)) names.push(op.tab);
    return names;
  }

  read(tab: string): Grid | undefined {
    if (this.depth === 0) this.refresh();
    return this.state(tab)?.grid;
  }

  ensureTab(tab: string, layout: TabLayout): void {
    const op: Op = { kind: 'ensure', tab, layout };
    const state = this.state(tab) ?? this.newTab(tab);
    if (this.record(op, state)) this.calls.create++;
  }

  private newTab(name: string): Tab {
    const tab: Tab = { name, grid: { header: [], rows: [] }, touched: new Map(), typed: new Map(), textCols: new Set() };
    this.tabs.set(name, tab);
    return tab;
  }

  write(tab: string, updates: readonly CellUpdate[]): void {
    if (updates.length === 0) return;
    this.record({ kind: 'write', tab, updates: updates.map((u) => ({ ...u })) }, this.mustHave(tab));
    this.calls.write++;
  }

  append(tab: string, rows: readonly CellValue[][]): void {
    if (rows.length === 0) return;
    this.record({ kind: 'append', tab, rows: rows.map((r) => [...r]) }, this.mustHave(tab));
    this.calls.append++;
  }

  replaceRows(tab: string, rows: readonly CellValue[][]): void {
    this.record({ kind: 'replace', tab, rows: rows.map((r) => [...r]) }, this.mustHave(tab));
    this.calls.write++;
  }

  /**
   * These data rows with each cell as typed in the file: a date cell as a date, a formula with its text
   * ("=…") and last value, a hyperlink with its address; one read. Unsaved changes show as written.
   */
  readTyped(tab: string, rows: readonly number[]): TypedCell[][] {
    if (this.depth === 0) this.refresh();
    const state = this.mustHave(tab);
    this.calls.read++;
    const ctx = this.context();
    const links = state.xml && state.ref ? sheetLinks(state.xml, this.text(relsPartOf(state.ref.part))) : new Map<string, string>();
    const index = state.xml ? (state.index ??= indexSheet(state.xml)) : undefined;
    return rows.map((r) => {
      const span = index?.rows.get(r);
      const raw = new Map<number, RawCell>();
      if (span && state.xml) {
        const text = state.xml.slice(span.start, span.end);
        const open = /^<row\b[^>]*?\/?>/.exec(text)![0];
        if (!text.endsWith('/>')) for (const c of rowCells(text.slice(open.length, text.length - 6))) raw.set(c.col, c);
      }
      const line = state.grid.rows[r - 2] ?? [];
      return state.grid.header.map((_, i): TypedCell => {
        const c = i + 1;
        const typed = state.typed.get(`${r}:${c}`);
        if (typed) return { ...typed };
        const value = line[c - 1] ?? null;
        const cell = raw.get(c);
        if (isTouched(state, r, c) || !cell) return value;
        const formula = cellFormula(cell);
        if (formula) return { kind: 'formula', formula: `=${formula}`, value };
        const url = links.get(`${columnName(c)}${r}`);
        if (url !== undefined) return { kind: 'link', url, text: value === null ? '' : String(value) };
        if (isDateCell(cell, ctx) && typeof value === 'string') return { kind: 'date', iso: value };
        return value;
      });
    });
  }

  /** Writes typed cells (undo): a date as a date cell, a formula with its last value, a link as a hyperlink. */
  writeTyped(tab: string, updates: readonly TypedCellUpdate[]): void {
    if (updates.length === 0) return;
    this.record({ kind: 'typed', tab, updates: updates.map((u) => ({ ...u })) }, this.mustHave(tab));
    this.calls.write++;
  }

  /**
   * Runs fn holding `<file>.lock`: reads what another process saved since, runs fn, and saves what it changed
   * before letting go — so read-modify-write sequences of two processes never interleave. Nested calls run
   * inside the outer one. If fn throws, its unsaved changes are dropped.
   */
  withLock<T>(fn: () => T): T {
    if (this.depth > 0 || !this.file) return this.nested(fn);
    this.enter();
    try {
      const result = fn();
      this.flush();
      return result;
    } catch (error) {
      this.discard();
      throw error;
    } finally {
      this.exit();
    }
  }

  /** withLock for an operation that awaits (a workbench call): the lock is held until fn settles and its changes are saved. */
  async update<T>(fn: (wb: XlsxWorkbook) => T | Promise<T>): Promise<T> {
    if (this.depth > 0 || !this.file) return fn(this);
    this.enter();
    try {
      const result = await fn(this);
      this.flush();
      return result;
    } catch (error) {
      this.discard();
      throw error;
    } finally {
      this.exit();
    }
  }

  private nested<T>(fn: () => T): T {
    this.depth++;
    try {
      return fn();
    } finally {
      this.depth--;
    }
  }

  private enter(): void {
    this.held = acquireLockSync(lockPathOf(this.file!), this.options.lock);
    this.depth++;
    try {
      const before = this.disk.stamp;
      const stamp = stampOf(this.file!);
      if (stamp !== undefined && stamp !== before) {
        this.disk = this.load(this.file!);
        this.tabs.clear();
        this.gen++;
      }
    } catch (error) {
      this.exit();
      throw error;
    }
  }

  private exit(): void {
    this.depth--;
    const held = this.held;
    this.held = undefined;
    held?.release();
  }

  /** Forgets unsaved changes (an operation that failed). */
  private discard(): void {
    for (const op of this.ops) this.tabs.delete(op.tab);
    this.ops = [];
  }

  /**
   * How many data rows a tab has, without decoding its cells when it has not been read yet (a tab list that
   * shows counts need not parse 100 MB of XML); undefined when the tab does not exist.
   */
  rowCount(tab: string): number | undefined {
    if (this.depth === 0) this.refresh();
    const loaded = this.tabs.get(tab);
    if (loaded || this.ops.some((o) => o.tab === tab)) return this.state(tab)?.grid.rows.length;
    const ref = this.disk.sheets.find((s) => s.name === tab);
    if (!ref) return undefined;
    const entry = this.disk.entries.get(ref.part);
    if (!entry) return 0;
    let last = 1;
    indexSheet(entryText(entry), (row, inner) => {
      if (row > last && /<[vt][ >]/.test(inner)) last = row;
    });
    return last - 1;
  }

  /** A copy of a tab as it stands (file plus unsaved changes); for tests and tools. */
  snapshot(tab: string): Grid | undefined {
    const grid = this.read(tab);
    return grid ? { header: [...grid.header], rows: grid.rows.map((r) => [...r]) } : undefined;
  }

  /** Every data row of a tab, typed (see readTyped); for tests. */
  typedSnapshot(tab: string): TypedCell[][] | undefined {
    const grid = this.read(tab);
    if (!grid) return undefined;
    return this.readTyped(tab, grid.rows.map((_, i) => i + 2));
  }

  /** Tabs with changes not saved yet. */
  changedTabs(): string[] {
    return [...new Set(this.ops.map((o) => o.tab))];
  }

  /** Reads the file again when another process changed it (nothing unsaved is lost: it is replayed). */
  clearCache(): void {
    if (this.depth === 0) this.refresh();
  }

  /**
   * Saves the changes to `file` (default: where it was opened) under the lock, merged with what other
   * processes saved meanwhile. A new workbook, or one saved under another name, is written whole.
   */
  save(file?: string): Promise<void> {
    return settle(() => this.saveSync(file));
  }

  private saveSync(file: string | undefined): void {
    const target = file ? path.resolve(file) : this.file;
    if (!target) throw new Error('save() needs a path for a workbook that was not opened from a file');
    if (this.file && target === path.resolve(this.file)) {
      this.withLock(() => undefined);
      return;
    }
    // A new file (the demo): written whole, replacing whatever was there.
    const lock = acquireLockSync(lockPathOf(target), this.options.lock);
    try {
      const buf = this.build(true);
      if (buf) replaceFile(target, buf);
      this.file = target;
      this.adopt(buf ?? Buffer.alloc(0), stampOf(target) ?? '');
    } finally {
      lock.release();
    }
  }

  /** The workbook with its unsaved changes, as bytes (for a download). */
  toBuffer(): Promise<Buffer> {
    return settle(() => this.build(false) ?? (this.file ? readFileSync(this.file) : writeZip([])));
  }

  private flush(): void {
    if (this.ops.length === 0 || !this.file) return;
    const buf = this.build(false);
    if (!buf) return;
    replaceFile(this.file, buf);
    this.adopt(buf, stampOf(this.file) ?? '');
  }

  private built = new Map<string, { xml: string; ref: SheetRef; index: SheetIndex }>();

  /** The zip with every changed tab patched in; `whole` writes every tab (a new file). */
  private build(whole: boolean): Buffer | undefined {
    const names = new Set(this.ops.map((o) => o.tab));
    if (whole) for (const s of this.disk.sheets) names.add(s.name);
    if (names.size === 0) return undefined;
    const isNew = this.disk.entries.size === 0;
    const texts = new Map<string, string>();
    const get = (part: string): string | undefined => texts.get(part) ?? this.text(part) ?? (isNew ? (part === 'xl/styles.xml' ? NEW_STYLES_XML : NEW_PACKAGE[part]) : undefined);
    if (isNew) {
      for (const [part, xml] of Object.entries(NEW_PACKAGE)) texts.set(part, xml);
      texts.set('xl/styles.xml', NEW_STYLES_XML);
    }
    const stylesPart = isNew ? 'xl/styles.xml' : this.stylesPart();
    let writer: WriterStyles | undefined;
    const styles = (): WriterStyles => {
      if (!writer) {
        const result = ensureWriterStyles(get(stylesPart) ?? NEW_STYLES_XML);
        texts.set(stylesPart, result.xml);
        writer = result.styles;
      }
      return writer;
    };
    const ctx = this.context();
    const relsPart = relsPartOf(this.disk.wbPart);
    const taken = new Set(this.disk.entries.keys());
    // Large sheets already compressed (in pieces); the other changed parts are compressed by writeZip.
    const packed = new Map<string, ZipEntry>();
    this.built.clear();
    for (const name of names) {
      const tab = this.state(name);
      if (!tab) continue;
      let ref = tab.ref;
      let xml = tab.xml ?? NEW_SHEET_XML;
      if (!ref) {
        const added = addSheet({ workbook: get(this.disk.wbPart)!, rels: get(relsPart), types: get('[Content_Types].xml')! }, name, taken, this.disk.wbPart);
        texts.set(this.disk.wbPart, added.workbook);
        texts.set(relsPart, added.rels);
        texts.set('[Content_Types].xml', added.types);
        taken.add(added.part);
        ref = { name, part: added.part, rid: '' };
        // Everything of a new tab is written.
        touchRow(tab, 1, Math.max(1, tab.grid.header.length));
        tab.grid.rows.forEach((line, r) => touchRow(tab, r + 2, line.length));
      }
      const styled = tab.textCols.size > 0 ? styleColumns(xml, [...tab.textCols], styles().text) : xml;
      const index = styled === tab.xml ? tab.index : undefined;
      xml = styled;
      const colStyles = columnStyles(xml);
      // New header cells look like the first one (only row 1 is searched: a 30 MB sheet is not scanned for it).
      const firstRow = index?.rows.get(1);
      const rowOne = firstRow ? xml.slice(firstRow.start, firstRow.end) : /<row\b[^>]*\br="1"[\s\S]*?<\/row>/.exec(xml.slice(0, 200_000))?.[0] ?? '';
      const headerStyle = /<c\b[^>]*\br="A1"[^>]*\bs="(\d+)"/.exec(rowOne)?.[1] ?? (tab.touched.get(1) ? String(styles().bold) : undefined);
      const dropLinks = new Set<string>();
      const addLinks = new Map<string, string>();
      // <hyperlinks> comes after the rows: looked for only there.
      const linked = xml.indexOf('<hyperlinks>', index?.dataEnd ?? 0) >= 0;
      const linkRefs = linked ? new Set([...xml.matchAll(/<hyperlink\b[^>]*?\bref="([A-Z]+\d+)"/g)].map((m) => m[1]!)) : new Set<string>();
      const anyTyped = tab.typed.size > 0;
      const patched = patchSheet(xml, tab.touched, (r, c, old) => {
        const ref1 = columnRef(c, r);
        const typed = anyTyped ? tab.typed.get(`${r}:${c}`) : undefined;
        const value: CellValue = r === 1 ? (tab.grid.header[c - 1] ?? null) : (tab.grid.rows[r - 2]?.[c - 1] ?? null);
        // The same plain value again keeps the cell's XML; a plain value over a date, formula or link replaces it, as in a sheet.
        if (!typed && old && same(cellValue(old, ctx), value) && !isDateCell(old, ctx) && !cellFormula(old) && !linkRefs.has(ref1)) return old.xml;
        if (linked) dropLinks.add(ref1);
        const s = old?.s ?? (r === 1 ? headerStyle : colStyles.get(c));
        if (typed) return typedXml(ref1, s, typed, ctx, styles, addLinks);
        return plainXml(ref1, s !== undefined && ctx.styles.isDate[Number(s)] && typeof value === 'number' ? undefined : s, value);
      }, index);
      xml = patched.xml;
      if (dropLinks.size > 0 || addLinks.size > 0) {
        const sheetRels = relsPartOf(ref.part);
        if (linked || addLinks.size > 0) {
          const edited = editLinks(xml, get(sheetRels), dropLinks, addLinks);
          xml = edited.xml;
          if (edited.rels !== undefined && edited.rels !== get(sheetRels)) texts.set(sheetRels, edited.rels);
        }
      }
      if (xml.length > 2 * CHUNK) {
        tab.deflated ??= new Map();
        packed.set(ref.part, packChunked(ref.part, chunksOf(xml, patched.index), tab.deflated));
      }
      texts.set(ref.part, xml);
      this.built.set(name, { xml, ref, index: patched.index });
    }
    const removed = new Set<string>();
    if (this.disk.entries.has('xl/calcChain.xml')) {
      const dropped = dropCalcChain(get('[Content_Types].xml')!, get(relsPart) ?? '');
      texts.set('[Content_Types].xml', dropped.types);
      texts.set(relsPart, dropped.rels);
      removed.add('xl/calcChain.xml');
    }
    const parts: ZipPart[] = [];
    for (const [part, entry] of this.disk.entries) {
      if (removed.has(part)) continue;
      const text = texts.get(part);
      parts.push(packed.get(part) ?? (text === undefined ? entry : { name: part, content: text }));
    }
    const order = ['[Content_Types].xml', '_rels/.rels', 'docProps/core.xml', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml'];
    const fresh = [...texts.keys()].filter((p) => !this.disk.entries.has(p)).sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99));
    for (const part of fresh) parts.push(packed.get(part) ?? { name: part, content: texts.get(part)! });
    return writeZip(parts);
  }

  /** After a save: the file as written becomes what we last read; saved tabs keep their grids. */
  private adopt(buf: Buffer, stamp: string): void {
    const entries = readZip(buf);
    const text = (part: string): string | undefined => {
      const e = entries.get(part);
      return e ? entryText(e) : undefined;
    };
    const wbPart = workbookPart(text('_rels/.rels'));
    const sheets = listSheets(text(wbPart) ?? '', text(relsPartOf(wbPart)), wbPart);
    const shared = this.disk.ctx?.shared;
    this.disk = { stamp, entries, wbPart, sheets };
    if (shared) {
      const rels = parseRels(text(relsPartOf(wbPart)));
      const stylesRel = rels.find((r) => r.type.endsWith('/styles'));
      const stylesPart = stylesRel ? path.posix.normalize(path.posix.join(path.posix.dirname(wbPart), stylesRel.target)) : undefined;
      this.disk.ctx = { shared, styles: parseStyles(stylesPart ? text(stylesPart) : undefined), date1904: uses1904(text(wbPart) ?? '') };
    }
    for (const [name, { xml, index }] of this.built) {
      const tab = this.tabs.get(name);
      if (!tab) continue;
      tab.ref = sheets.find((s) => s.name === name);
      tab.xml = xml;
      tab.index = index;
      tab.touched.clear();
      tab.typed.clear();
      tab.textCols.clear();
    }
    this.built.clear();
    this.ops = [];
    this.gen++;
  }
}

export { fromExcel } from './exceljs-cell';

/** A new, empty workbook (save it with save(path)). */
export function createXlsxWorkbook(options: XlsxOptions = {}): XlsxWorkbook {
  return new XlsxWorkbook(undefined, options);
}

/** Opens an .xlsx file as a Workbook (tabs are read when first asked for); a clear error when it is missing or not a workbook. */
export function openXlsxWorkbook(file: string, options: XlsxOptions = {}): Promise<XlsxWorkbook> {
  try {
    return Promise.resolve(new XlsxWorkbook(path.resolve(file), options));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return Promise.reject(new Error(`Cannot read ${file} as an .xlsx workbook: ${reason}`));
  }
}

/** Runs synchronous file work behind the promise-returning API callers already use. */
function settle<T>(fn: () => T): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

/**
 * Opens the workbook at `file` fresh, runs fn on it holding the file's lock, saves the tabs fn changed (merged
 * with what others saved) and lets go: the one way a command changes a local workbook.
 */
export async function withWorkbookFile<T>(file: string, fn: (wb: XlsxWorkbook) => T | Promise<T>, options: XlsxOptions = {}): Promise<T> {
  const wb = await openXlsxWorkbook(file, options);
  return wb.update(fn);
}
