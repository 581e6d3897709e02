import { describe, expect, it } from 'vitest';
import { cellValue, indexSheet, NEW_SHEET_XML, patchSheet, rowCells, type CellRenderer } from '../../../functions/workbook/xlsx-sheet';
import { columnName } from '../../../functions/workbook/xml-text';

const ctx = { shared: [], styles: { isDate: [] }, date1904: false };
/** Writes "r.c" as an inline string, or removes the cell when the value is null. */
const renderAll = (values: Map<string, string | null>): CellRenderer => (r, c) => {
  const v = values.get(`${r}:${c}`);
  return v === null || v === undefined ? '' : `<c r="${columnName(c)}${r}" t="inlineStr"><is><t>${v}</t></is></c>`;
};

describe('patchSheet', () => {
  it('keeps untouched rows as they were, and hands back the same index a fresh scan of the result gives', () => {
    let xml = NEW_SHEET_XML;
    let index = indexSheet(xml);
    const model = new Map<number, Map<number, string>>();
    let seed = 7;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 40; round++) {
      const changes = new Map<number, Set<number>>();
      const values = new Map<string, string | null>();
      for (let k = 0; k < 1 + next(6); k++) {
        const r = 1 + next(30);
        const c = 1 + next(5);
        // Now and then a cell is emptied, which can leave a row with no cells (then it goes).
        const v = next(4) === 0 ? null : `v${round}-${r}-${c}`;
        (changes.get(r) ?? changes.set(r, new Set()).get(r)!).add(c);
        values.set(`${r}:${c}`, v);
        const line = model.get(r) ?? new Map<number, string>();
        if (v === null) line.delete(c);
        else line.set(c, v);
        model.set(r, line);
      }
      const patched = patchSheet(xml, changes, renderAll(values), index);
      xml = patched.xml;
      index = patched.index;
      const fresh = indexSheet(xml);
      expect(index.order).toEqual(fresh.order);
      expect([...index.rows]).toEqual([...fresh.rows]);
      expect([index.dataStart, index.dataEnd]).toEqual([fresh.dataStart, fresh.dataEnd]);
    }
    // And the cells are what was written, last write winning.
    const found = new Map<number, Map<number, string>>();
    indexSheet(xml, (r, inner) => found.set(r, new Map(rowCells(inner).map((c) => [c.col, String(cellValue(c, ctx))]))));
    const expected = [...model.entries()].filter(([, line]) => line.size > 0).sort((a, b) => a[0] - b[0]);
    expect([...found.entries()].sort((a, b) => a[0] - b[0])).toEqual(expected.map(([r, line]) => [r, new Map([...line.entries()].sort((a, b) => a[0] - b[0]))]));
  });
});
