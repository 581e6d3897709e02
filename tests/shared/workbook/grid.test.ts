import { describe, expect, it } from 'vitest';
import { addMissingColumns, fitRow, missingColumns, scanGrid, textRuns, trimHeader, type CellValue, type Grid } from '../../../shared/workbook';

const asCell = (v: unknown): CellValue => (v === undefined || v === null || v === '' ? null : (v as CellValue));

describe('grid rules shared by every Workbook adapter', () => {
  it('fitRow pads a short row with empty cells and never cuts a long one', () => {
    expect(fitRow(['a'], 3)).toEqual(['a', null, null]);
    expect(fitRow(['a', 'b', 'c', 'd'], 2)).toEqual(['a', 'b', 'c', 'd']);
    const row: CellValue[] = ['x'];
    expect(fitRow(row, 2)).not.toBe(row);
    expect(row).toEqual(['x']);
  });

  it('trimHeader trims names and cuts only the blanks after the last one', () => {
    expect(trimHeader([' id ', '', 'email', '  ', ''])).toEqual(['id', '', 'email']);
    expect(trimHeader(['', ' '])).toEqual([]);
  });

  it('scanGrid: rows as long as the header, and a width that sees data typed right of the header', () => {
    // As the Sheets API returns values: trailing empty cells and rows left out, a number in the header.
    const values: unknown[][] = [[' id', 'name', 2026, '', ''], ['C-1', 'Ann'], ['C-2', 'Ben', 'x', '', 'note to self', ''], []];
    const { grid, width } = scanGrid(values, (h) => (h === undefined || h === null ? '' : String(h as string | number)), asCell);
    expect(grid.header).toEqual(['id', 'name', '2026']);
    expect(grid.rows).toEqual([
      ['C-1', 'Ann', null],
      ['C-2', 'Ben', 'x'],
      [null, null, null],
    ]);
    // Column 5 holds "note to self" under no header: new columns must go after it.
    expect(width).toBe(5);
    expect(scanGrid([[''], []], () => '', asCell)).toEqual({ grid: { header: [], rows: [[]] }, width: 0 });
    expect(scanGrid([], () => '', asCell)).toEqual({ grid: { header: [], rows: [] }, width: 0 });
  });

  it('missingColumns compares names trimmed and case-blind, in the layout order', () => {
    expect(missingColumns([' ID', 'Email '], { header: ['id', 'first_name', 'email', 'phone'], textColumns: [] })).toEqual(['first_name', 'phone']);
  });

  it('addMissingColumns appends after everything the tab spans and pads every row', () => {
    const grid: Grid = { header: ['id', 'email'], rows: [['C-1', 'a@example.com'], ['C-2', null]] };
    // Width 3: someone typed in column C without a header.
    const added = addMissingColumns(grid, 3, { header: ['id', 'phone', 'email', 'postcode'], textColumns: ['phone', 'postcode'] });
    expect(added).toEqual({ start: 4, names: ['phone', 'postcode'], text: [true, true] });
    expect(grid.header).toEqual(['id', 'email', '', 'phone', 'postcode']);
    expect(grid.rows).toEqual([
      ['C-1', 'a@example.com', null, null, null],
      ['C-2', null, null, null, null],
    ]);
    expect(addMissingColumns(grid, 5, { header: ['ID', 'Phone'], textColumns: [] })).toBeUndefined();
    const plain: Grid = { header: ['id'], rows: [] };
    expect(addMissingColumns(plain, 1, { header: ['id', 'notes'], textColumns: [] })).toEqual({ start: 2, names: ['notes'], text: [false] });
  });

  it('textRuns gives one run per block of consecutive text columns', () => {
    expect(textRuns([true, true, false, true, false, false, true, true, true])).toEqual([
      { start: 0, count: 2 },
      { start: 3, count: 1 },
      { start: 6, count: 3 },
    ]);
    expect(textRuns([false, false])).toEqual([]);
    expect(textRuns([])).toEqual([]);
  });
});
