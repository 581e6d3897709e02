// One worksheet's XML: read into rows of values, and patched row by row (untouched rows and cells are kept as
// written, so styles, a user's formulas and hyperlinks survive a save).
import type { CellValue, Grid } from '../../shared/workbook';
import { trimHeader } from '../../shared/workbook';
import { attr, columnName, columnNumber, decodeXmlText } from './xml-text';
import type { StyleInfo } from './xlsx-styles';

/** What decoding a cell needs from the rest of the package. */
export interface CellContext {
  shared: readonly string[];
  styles: StyleInfo;
  date1904: boolean;
}

/** A cell element as found in the XML: where it is, its attributes and content. */
export interface RawCell {
  col: number;
  /** The whole <c …>…</c> element. */
  xml: string;
  s: string | undefined;
  t: string | undefined;
  inner: string;
}

/** Where each row element is in the sheet XML (rows in document order). */
export interface SheetIndex {
  rows: Map<number, { start: number; end: number }>;
  /** Row numbers in document (ascending) order. */
  order: number[];
  /** Offset just after <sheetData>, and of </sheetData>. */
  dataStart: number;
  dataEnd: number;
}

const ROW = /<row\b([^>]*?)(\/>|>)/g;
const CELL = /<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g;

/** Turns a self-closing <sheetData/> into an open pair, so rows can be inserted. */
export function openSheetData(xml: string): string {
  const at = xml.indexOf('<sheetData');
  if (at < 0) return xml;
  const end = xml.indexOf('>', at);
  return xml.charCodeAt(end - 1) === 47 ? `${xml.slice(0, at)}<sheetData></sheetData>${xml.slice(end + 1)}` : xml;
}

/** Finds every row element; visit, when given, is called with each row's number and inner XML. */
export function indexSheet(xml: string, visit?: (row: number, inner: string) => void): SheetIndex {
  const open = /<sheetData\b[^>]*?(\/?)>/.exec(xml);
  if (!open) throw new Error('worksheet has no <sheetData>');
  const dataStart = open.index + open[0].length;
  const rows = new Map<number, { start: number; end: number }>();
  const order: number[] = [];
  if (open[1] === '/') return { rows, order, dataStart, dataEnd: dataStart };
  const dataEnd = xml.indexOf('</sheetData>', dataStart);
  ROW.lastIndex = dataStart;
  let last = 0;
  for (;;) {
    const m = ROW.exec(xml);
    if (!m || m.index >= dataEnd) break;
    const r = /\br="(\d+)"/.exec(m[1]!);
    const row = r ? Number(r[1]) : last + 1;
    last = row;
    let end = ROW.lastIndex;
    let inner = '';
    if (m[2] === '>') {
      const close = xml.indexOf('</row>', end);
      inner = xml.slice(end, close);
      end = close + 6;
      ROW.lastIndex = end;
    }
    rows.set(row, { start: m.index, end });
    order.push(row);
    visit?.(row, inner);
  }
  return { rows, order, dataStart, dataEnd };
}

/** The cells of one row's inner XML. */
export function rowCells(inner: string): RawCell[] {
  const out: RawCell[] = [];
  let last = 0;
  CELL.lastIndex = 0;
  for (let m = CELL.exec(inner); m; m = CELL.exec(inner)) {
    const a = m[1]!;
    const ref = /\br="([A-Z]+)\d+"/.exec(a);
    const col = ref ? columnNumber(ref[1]!) : last + 1;
    last = col;
    const s = /\bs="(\d+)"/.exec(a)?.[1];
    const t = /\bt="(\w+)"/.exec(a)?.[1];
    out.push({ col, xml: m[0], s, t, inner: m[2] ?? '' });
  }
  return out;
}

/** The text of an <si> or <is>: its runs joined, phonetic guides left out. */
export function runsText(xml: string): string {
  const body = xml.includes('<rPh') ? xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '') : xml;
  let out = '';
  for (const m of body.matchAll(/<t\b[^>]*?(?:\/>|>([\s\S]*?)<\/t>)/g)) out += m[1] ?? '';
  return decodeXmlText(out);
}

/** sharedStrings.xml as a list. */
export function parseSharedStrings(xml: string | undefined): string[] {
  if (!xml) return [];
  const out: string[] = [];
  let i = 0;
  for (;;) {
    i = xml.indexOf('<si', i);
    if (i < 0) return out;
    const tagEnd = xml.indexOf('>', i);
    if (xml.charCodeAt(tagEnd - 1) === 47) {
      out.push('');
      i = tagEnd + 1;
      continue;
    }
    const close = xml.indexOf('</si>', tagEnd);
    const body = xml.slice(tagEnd + 1, close);
    i = close + 5;
    // The common case, one plain run: <t>text</t>.
    if (body.startsWith('<t>') && body.indexOf('<', 3) === body.length - 4) {
      const text = body.slice(3, body.length - 4);
      out.push(text.includes('&') || text.includes('_x') ? decodeXmlText(text) : text);
    } else out.push(runsText(body));
  }
}

/**
 * A Date from a serial as the ISO string the engines expect: a date alone when it has no time of day. Excel
 * stores wall-clock time without a zone, so a date-time comes back without a zone too.
 */
export function isoFromSerial(serial: number, date1904: boolean): string {
  const ms = Math.round((serial - (date1904 ? 24107 : 25569)) * 86_400_000);
  const iso = new Date(ms).toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, iso.endsWith('.000Z') ? 19 : 23);
}

/** The serial Excel stores for an ISO date or date-time (read as wall-clock time). */
export function serialFromIso(iso: string, date1904: boolean): number | undefined {
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T00:00:00Z` : /[zZ]|[+-]\d{2}:?\d{2}$/.test(iso) ? iso : `${iso}Z`);
  if (Number.isNaN(ms)) return undefined;
  return ms / 86_400_000 + (date1904 ? 24107 : 25569);
}

/** True when the cell shows its number as a date. */
export function isDateCell(cell: RawCell, ctx: CellContext): boolean {
  return cell.s !== undefined && ctx.styles.isDate[Number(cell.s)] === true && (cell.t === undefined || cell.t === 'n');
}

/** The formula of a cell (without "="), or undefined. */
export function cellFormula(cell: RawCell): string | undefined {
  const f = /<f\b[^>]*?(?:\/>|>([\s\S]*?)<\/f>)/.exec(cell.inner);
  if (!f) return undefined;
  return decodeXmlText(f[1] ?? '');
}

/** A cell's value as the engines read it: text, a number, a boolean, a date as ISO, a formula's last value. */
export function cellValue(cell: RawCell, ctx: CellContext): CellValue {
  const inner = cell.inner;
  if (inner === '') return null;
  if (cell.t === 'inlineStr') {
    const is = /<is>([\s\S]*?)<\/is>/.exec(inner);
    return is ? runsText(is[1]!) : null;
  }
  const vAt = inner.startsWith('<v>') ? 0 : inner.indexOf('<v>');
  if (vAt < 0) return null;
  const raw = inner.slice(vAt + 3, inner.indexOf('</v>', vAt));
  switch (cell.t) {
    case 's':
      return ctx.shared[Number(raw)] ?? null;
    case 'str':
      return decodeXmlText(raw);
    case 'b':
      return raw === '1' || raw === 'true';
    case 'e':
      return null;
    case 'd': {
      const text = decodeXmlText(raw);
      return text.endsWith('Z') ? isoFromSerial(serialFromIso(text, false)!, false) : text;
    }
    default: {
      const n = Number(raw);
      if (!Number.isFinite(n)) return null;
      return isDateCell(cell, ctx) ? isoFromSerial(n, ctx.date1904) : n;
    }
  }
}

/** True for the character after "<c" when it starts an attribute list or closes the tag (not <col…>). */
function endsName(code: number): boolean {
  return code === 32 || code === 62 || code === 47 || code === 9 || code === 10 || code === 13;
}

function attrIn(tag: string, name: string): string | undefined {
  const at = tag.indexOf(` ${name}="`);
  if (at < 0) return undefined;
  const start = at + name.length + 3;
  return tag.slice(start, tag.indexOf('"', start));
}

/**
 * Calls visit for each cell of a row's inner XML that has content (empty styled cells are skipped): a
 * hand-written scanner, several times faster than a regular expression on a 30 MB sheet.
 */
function scanCells(inner: string, visit: (col: number, s: string | undefined, t: string | undefined, content: string) => void): void {
  let i = 0;
  let last = 0;
  for (;;) {
    i = inner.indexOf('<c', i);
    if (i < 0) return;
    if (!endsName(inner.charCodeAt(i + 2))) {
      i += 2;
      continue;
    }
    const tagEnd = inner.indexOf('>', i);
    const self = inner.charCodeAt(tagEnd - 1) === 47;
    const tag = inner.slice(i + 2, self ? tagEnd - 1 : tagEnd);
    const ref = attrIn(tag, 'r');
    let col = last + 1;
    if (ref !== undefined) {
      col = 0;
      for (let k = 0; k < ref.length; k++) {
        const code = ref.charCodeAt(k);
        if (code < 65 || code > 90) break;
        col = col * 26 + (code - 64);
      }
    }
    last = col;
    if (self) {
      i = tagEnd + 1;
      continue;
    }
    const close = inner.indexOf('</c>', tagEnd);
    const content = inner.slice(tagEnd + 1, close);
    i = close + 4;
    if (content !== '') visit(col, attrIn(tag, 's'), attrIn(tag, 't'), content);
  }
}

/** The tab as the engines read it: header (trailing blanks cut), rows as long as the header, trailing blank rows cut. */
export function sheetGrid(xml: string, ctx: CellContext): { grid: Grid; index: SheetIndex } {
  // Row number → its cells by column (index col - 1); rows without a value are left out.
  const lines: CellValue[][] = [];
  let width = 0;
  let lastRow = 1;
  const cell: RawCell = { col: 0, xml: '', s: undefined, t: undefined, inner: '' };
  const index = indexSheet(xml, (row, inner) => {
    if (inner === '') return;
    let line: CellValue[] | undefined;
    scanCells(inner, (col, s, t, content) => {
      cell.col = col;
      cell.s = s;
      cell.t = t;
      cell.inner = content;
      const value = cellValue(cell, ctx);
      if (value === null) return;
      line ??= [];
      line[col - 1] = value;
      if (col > width) width = col;
    });
    if (line) {
      lines[row] = line;
      if (row > lastRow) lastRow = row;
    }
  });
  const first = lines[1] ?? [];
  const header = trimHeader(Array.from({ length: width }, (_, c) => String(first[c] ?? '')));
  const w = header.length;
  const rows: CellValue[][] = [];
  for (let r = 2; r <= lastRow; r++) {
    const src = lines[r];
    const line: CellValue[] = new Array<CellValue>(w);
    for (let c = 0; c < w; c++) line[c] = src?.[c] ?? null;
    rows.push(line);
  }
  while (rows.length > 0 && rows[rows.length - 1]!.every((v) => v === null || v === '')) rows.pop();
  return { grid: { header, rows }, index };
}

/** Renders a changed cell: given the column, the row and the cell that was there (if any); '' leaves the cell out. */
export type CellRenderer = (row: number, col: number, old: RawCell | undefined) => string;

/**
 * The sheet XML with these cells replaced. Rows not named in `changes` are copied as they are; in a changed
 * row, cells not named keep their XML; new rows are inserted in order. The dimension is updated.
 */
export function patchSheet(source: string, changes: ReadonlyMap<number, ReadonlySet<number> | number>, render: CellRenderer, known?: SheetIndex): { xml: string; index: SheetIndex } {
  const xml = openSheetData(source);
  const index = known && xml === source ? known : indexSheet(xml);
  const order = index.order;
  const pieces: string[] = [];
  // Where each copied stretch of the input lands in the output body, and where each rewritten row is: the new
  // index is worked out from these instead of scanning 30 MB again.
  const moved: { from: number; to: number; at: number }[] = [];
  const written = new Map<number, { start: number; end: number }>();
  let bodyLength = 0;
  const copy = (from: number, to: number): void => {
    moved.push({ from, to, at: bodyLength });
    pieces.push(xml.slice(from, to));
    bodyLength += to - from;
  };
  const put = (row: number, text: string): void => {
    if (text !== '') written.set(row, { start: bodyLength, end: bodyLength + text.length });
    pieces.push(text);
    bodyLength += text.length;
  };
  let cursor = index.dataStart;
  let maxRow = order.length > 0 ? order[order.length - 1]! : 0;
  let maxCol = 0;
  const rowNumbers = [...changes.keys()].sort((a, b) => a - b);
  let k = 0;
  for (const r of rowNumbers) {
    const which = changes.get(r)!;
    const cols = typeof which === 'number' ? Array.from({ length: which }, (_, i) => i + 1) : [...which].sort((a, b) => a - b);
    if (cols.length > 0 && cols[cols.length - 1]! > maxCol) maxCol = cols[cols.length - 1]!;
    if (r > maxRow) maxRow = r;
    const span = index.rows.get(r);
    if (!span) {
      // A new row: only rendered cells, in column order.
      while (k < order.length && order[k]! < r) k++;
      const at = k < order.length ? index.rows.get(order[k]!)!.start : index.dataEnd;
      // Joined per row, so the cells' strings are garbage at once rather than held in a rope until the end.
      const parts: string[] = [];
      for (const c of cols) parts.push(render(r, c, undefined));
      const body = parts.join('');
      copy(cursor, at);
      put(r, body === '' ? '' : `<row r="${r}">${body}</row>`);
      cursor = at;
      continue;
    }
    const text = xml.slice(span.start, span.end);
    const tag = /^<row\b[^>]*?\/?>/.exec(text)![0];
    const openTag = tag.replace(/\s+spans="[^"]*"/, '').replace(/\s*\/>$/, '>');
    const cells = text.endsWith('/>') ? [] : rowCells(text.slice(tag.length, text.length - 6));
    const byCol = new Map<number, string>();
    const old = new Map<number, RawCell>();
    for (const c of cells) {
      byCol.set(c.col, c.xml);
      old.set(c.col, c);
    }
    for (const c of cols) {
      const out = render(r, c, old.get(c));
      if (out === '') byCol.delete(c);
      else byCol.set(c, out);
    }
    const body = [...byCol.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]).join('');
    copy(cursor, span.start);
    put(r, body === '' && !/\b(s|ht|customHeight|hidden)="/.test(openTag) ? '' : `${openTag}${body}</row>`);
    cursor = span.end;
  }
  copy(cursor, xml.length);
  const head = xml.slice(0, index.dataStart).replace(/<dimension ref="([A-Z]+)?(\d+)?(?::([A-Z]+)(\d+))?"\s*\/>/, (_, _c1, _r1, c2: string | undefined, r2: string | undefined) => {
    const col = Math.max(maxCol, c2 ? columnNumber(c2) : 1);
    const row = Math.max(maxRow, r2 ? Number(r2) : 1);
    return `<dimension ref="A1:${columnName(col)}${row}"/>`;
  });
  // One join, so the result is a flat string (a rope would be copied again at its first slice).
  pieces.unshift(head);
  return { xml: pieces.join(''), index: movedIndex(index, moved, written, head.length) };
}

/** The index of a patched sheet: unchanged rows shifted with the stretch they were copied in, rewritten rows where they were put. */
function movedIndex(index: SheetIndex, moved: readonly { from: number; to: number; at: number }[], written: ReadonlyMap<number, { start: number; end: number }>, headLength: number): SheetIndex {
  const place = (pos: number, m: number): number => headLength + moved[m]!.at + (pos - moved[m]!.from);
  const entries: [number, { start: number; end: number }][] = [];
  let m = 0;
  for (const r of index.order) {
    if (written.has(r)) continue;
    const span = index.rows.get(r)!;
    // A changed row left empty was not copied: it is in no stretch, and no longer in the sheet.
    if (!isInside(span.start, moved)) continue;
    while (moved[m]!.to <= span.start) m++;
    const start = place(span.start, m);
    entries.push([r, { start, end: start + (span.end - span.start) }]);
  }
  // Both lists are in row order: merged, not sorted.
  const fresh = [...written.entries()].sort((x, y) => x[0] - y[0]);
  const merged: [number, { start: number; end: number }][] = [];
  let i = 0;
  for (const [r, span] of fresh) {
    while (i < entries.length && entries[i]![0] < r) merged.push(entries[i++]!);
    merged.push([r, { start: headLength + span.start, end: headLength + span.end }]);
  }
  while (i < entries.length) merged.push(entries[i++]!);
  let endAt = moved.length - 1;
  for (let i = 0; i < moved.length; i++) {
    if (moved[i]!.from <= index.dataEnd && index.dataEnd < moved[i]!.to) {
      endAt = i;
      break;
    }
  }
  return { rows: new Map(merged), order: merged.map((e) => e[0]), dataStart: headLength, dataEnd: place(index.dataEnd, endAt) };
}

function isInside(pos: number, moved: readonly { from: number; to: number }[]): boolean {
  let lo = 0;
  let hi = moved.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const m = moved[mid]!;
    if (pos < m.from) hi = mid - 1;
    else if (pos >= m.to) lo = mid + 1;
    else return true;
  }
  return false;
}

/** A new, empty worksheet: the header row frozen. */
export const NEW_SHEET_XML =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
  '<dimension ref="A1"/><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' +
  '<sheetFormatPr defaultRowHeight="15"/><sheetData></sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>';

/** Column default styles from <cols> (column number → cellXfs index). */
export function columnStyles(xml: string): Map<number, string> {
  const out = new Map<number, string>();
  const cols = /<cols>([\s\S]*?)<\/cols>/.exec(xml);
  if (!cols) return out;
  for (const m of cols[1]!.matchAll(/<col\b([^>]*?)\/?>/g)) {
    const style = attr(m[1]!, 'style');
    const min = Number(attr(m[1]!, 'min'));
    const max = Math.min(Number(attr(m[1]!, 'max')), min + 1000);
    if (style !== undefined) for (let c = min; c <= max; c++) out.set(c, style);
  }
  return out;
}

/** Gives these columns a default cell format (plain text) where no <col> covers them yet. */
export function styleColumns(xml: string, cols: readonly number[], style: number): string {
  const covered = new Set<number>();
  const block = /<cols>([\s\S]*?)<\/cols>/.exec(xml);
  for (const m of (block?.[1] ?? '').matchAll(/<col\b([^>]*?)\/?>/g)) {
    const min = Number(attr(m[1]!, 'min'));
    const max = Number(attr(m[1]!, 'max'));
    for (const c of cols) if (c >= min && c <= max) covered.add(c);
  }
  const add = cols.filter((c) => !covered.has(c));
  if (add.length === 0) return xml;
  const elements = add.map((c) => `<col min="${c}" max="${c}" width="14" style="${style}" customWidth="1"/>`);
  if (!block) return xml.replace(/<sheetData\b/, `<cols>${elements.join('')}</cols><sheetData`);
  // Keep <col> elements sorted by min, as the schema asks.
  const existing = [...block[1]!.matchAll(/<col\b[^>]*?(?:\/>|><\/col>)/g)].map((m) => ({ min: Number(attr(m[0].slice(4), 'min')), xml: m[0] }));
  const all = [...existing, ...add.map((c, i) => ({ min: c, xml: elements[i]! }))].sort((a, b) => a.min - b.min);
  return xml.replace(block[0], `<cols>${all.map((e) => e.xml).join('')}</cols>`);
}
