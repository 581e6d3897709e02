import { describe, expect, it } from 'vitest';
import { pageRows } from '../../../functions/workbench';
import type { Grid } from '../../../shared/workbook';

const grid: Grid = {
  header: ['id', 'name', 'orders'],
  rows: Array.from({ length: 250 }, (_, i) => [`C-${String(i + 1).padStart(6, '0')}`, i % 50 === 7 ? 'Thandi Nkosi' : `Person ${i + 1}`, i]),
};

describe('pageRows', () => {
  it('gives sheet row numbers (the header is row 1) for a page from the offset', () => {
    const page = pageRows('Customers', grid, 100, 100, '');
    expect(page.total).toBe(250);
    expect(page.offset).toBe(100);
    expect(page.rows).toHaveLength(100);
    expect(page.rows[0]).toEqual({ row: 102, cells: ['C-000101', 'Person 101', 100] });
    expect(page.rows.at(-1)?.row).toBe(201);
  });

  it('gives the short last page, and an empty page past the end', () => {
    expect(pageRows('Customers', grid, 200, 100, '').rows.map((r) => r.row)).toEqual(Array.from({ length: 50 }, (_, i) => 202 + i));
    expect(pageRows('Customers', grid, 900, 100, '')).toMatchObject({ offset: 250, rows: [] });
  });

  it('filters on any cell, ignoring case, before paging', () => {
    const page = pageRows('Customers', grid, 0, 2, 'THANDI');
    expect(page.total).toBe(5);
    expect(page.rows.map((r) => r.row)).toEqual([9, 59]);
    expect(pageRows('Customers', grid, 0, 100, '249').rows.map((r) => r.cells[0])).toEqual(['C-000249', 'C-000250']);
  });

  it('never sends more than 500 rows at once', () => {
    expect(pageRows('Big', { header: ['n'], rows: Array.from({ length: 2000 }, (_, i) => [i]) }, 0, 10_000, '').rows).toHaveLength(500);
  });
});
