import type { CellUpdate, CellValue } from './cell';

/** A rectangle of cells written in one call: top-left corner (1-based) and its values. */
export interface Block {
  row: number;
  col: number;
  values: CellValue[][];
}

/**
 * Turns scattered cell updates into a few rectangles, so a write costs a number of calls that depends on
 * how many columns changed, never on how many rows. Cells inside a rectangle that were not updated are
 * filled with `current` (what the tab held when read under the lock). A single-row change is one block.
 */
export function planBlocks(updates: readonly CellUpdate[], current: (row: number, col: number) => CellValue): Block[] {
  if (updates.length === 0) return [];
  const byCell = new Map<string, CellValue>();
  for (const u of updates) byCell.set(`${u.row}:${u.col}`, u.value);
  const rows = new Set(updates.map((u) => u.row));
  const cols = [...new Set(updates.map((u) => u.col))].sort((a, b) => a - b);
  // Columns next to each other (or one apart) share a block; a wide gap means a separate one.
  const groups: number[][] = [];
  for (const c of cols) {
    const last = groups[groups.length - 1];
    const adjacent = last !== undefined && (rows.size === 1 || c - (last[last.length - 1] ?? c) <= 2);
    if (adjacent) last.push(c);
    else groups.push([c]);
  }
  return groups.map((group) => {
    const groupCols = new Set(group);
    const inGroup = updates.filter((u) => groupCols.has(u.col));
    let top = Infinity;
    let bottom = -Infinity;
    for (const u of inGroup) {
      top = Math.min(top, u.row);
      bottom = Math.max(bottom, u.row);
    }
    const left = group[0] ?? 1;
    const right = group[group.length - 1] ?? left;
    const values: CellValue[][] = [];
    for (let r = top; r <= bottom; r++) {
      const line: CellValue[] = [];
      for (let c = left; c <= right; c++) {
        const key = `${r}:${c}`;
        line.push(byCell.has(key) ? (byCell.get(key) ?? null) : current(r, c));
      }
      values.push(line);
    }
    return { row: top, col: left, values };
  });
}
