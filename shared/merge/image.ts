import { isBlank, type CellValue, type TypedCell } from '../workbook';

/** A sheet cell holds at most this many characters; a log cell must fit in one. */
export const CELL_LIMIT = 50_000;

/**
 * The key of each column in a row image: its header, or `#N` (1-based position) when the header is blank or
 * repeated, so that every cell of the row has a key of its own.
 */
export function columnKeys(header: readonly string[]): string[] {
  const count = new Map<string, number>();
  for (const h of header) count.set(h, (count.get(h) ?? 0) + 1);
  const keys: string[] = [];
  const used = new Set<string>();
  header.forEach((h, i) => {
    let key = h.trim() !== '' && count.get(h) === 1 ? h : `#${i + 1}`;
    while (used.has(key)) key = `#${key}`;
    used.add(key);
    keys.push(key);
  });
  return keys;
}

/**
 * A row as a JSON object keyed by column; with `only`, just those column indexes. A date, formula or link
 * cell is kept as its TypedCell object ({kind: …}), so undo can put the cell back as it was.
 */
export function rowImage(keys: readonly string[], row: readonly TypedCell[], only?: Iterable<number>): string {
  const image: Record<string, TypedCell> = {};
  const indexes = only ? [...only].sort((a, b) => a - b) : keys.map((_, i) => i);
  for (const i of indexes) image[keys[i] ?? `#${i + 1}`] = row[i] ?? null;
  return JSON.stringify(image);
}

/** Parses a row image back (plain values and typed cells); undefined when the text is not one. */
export function parseImage(text: string): Record<string, TypedCell> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    const out: Record<string, TypedCell> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const cell = asTypedCell(v);
      if (cell === undefined) return undefined;
      out[k] = cell;
    }
    return out;
  } catch {
    return undefined;
  }
}

/** A JSON value as a TypedCell, or undefined when it is neither a plain value nor a well-formed typed cell. */
function asTypedCell(v: unknown): TypedCell | undefined {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v !== 'object' || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  const plain = (x: unknown): x is CellValue => x === null || typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean';
  if (o.kind === 'date' && typeof o.iso === 'string') return { kind: 'date', iso: o.iso };
  if (o.kind === 'formula' && typeof o.formula === 'string' && plain(o.value)) return { kind: 'formula', formula: o.formula, value: o.value };
  if (o.kind === 'link' && typeof o.url === 'string' && typeof o.text === 'string') return { kind: 'link', url: o.url, text: o.text };
  return undefined;
}

/**
 * Two typed cells that are the same cell: plain values as sameCell says; a date by its day, a formula by its
 * text (its value may move with other cells), a link by its address and text. A typed cell never equals a plain one.
 */
export function sameTyped(a: TypedCell | undefined, b: TypedCell | undefined): boolean {
  const x = a ?? null;
  const y = b ?? null;
  const plainX = x === null || typeof x !== 'object';
  const plainY = y === null || typeof y !== 'object';
  if (plainX || plainY) return plainX && plainY && sameCell(x, y);
  if (x.kind === 'date' && y.kind === 'date') return x.iso === y.iso;
  if (x.kind === 'formula' && y.kind === 'formula') return x.formula === y.formula;
  if (x.kind === 'link' && y.kind === 'link') return x.url === y.url && x.text === y.text;
  return false;
}

/** Exactly the same cell, type included (what a write would change nothing of). */
export function identicalCell(a: TypedCell | undefined, b: TypedCell | undefined): boolean {
  const x = a ?? null;
  const y = b ?? null;
  if (x === null || y === null || typeof x !== 'object' || typeof y !== 'object') return x === y;
  return JSON.stringify(x) === JSON.stringify(y);
}

/** Two cells a person would call equal: both blank, or the same value (adapters may hand 12 back as "12"). */
export function sameCell(a: CellValue | undefined, b: CellValue | undefined): boolean {
  if (isBlank(a ?? null) && isBlank(b ?? null)) return true;
  if (a === b) return true;
  return a !== null && a !== undefined && b !== null && b !== undefined && typeof a !== 'boolean' && typeof b !== 'boolean' && String(a) === String(b);
}
