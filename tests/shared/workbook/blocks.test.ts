import { describe, expect, it } from 'vitest';
import { planBlocks, type CellValue } from '../../../shared/workbook';

const current = (r: number, c: number): CellValue => `r${r}c${c}`;

describe('planBlocks', () => {
  it('writes a single-row change as one block, filling untouched cells with what is there', () => {
    const blocks = planBlocks([{ row: 5, col: 2, value: 'a' }, { row: 5, col: 6, value: 'b' }], current);
    expect(blocks).toEqual([{ row: 5, col: 2, values: [['a', 'r5c3', 'r5c4', 'r5c5', 'b']] }]);
  });

  it('keeps the number of blocks independent of the number of rows', () => {
    const few = Array.from({ length: 10 }, (_, i) => ({ row: 2 + i * 3, col: 4, value: i }));
    const many = Array.from({ length: 10_000 }, (_, i) => ({ row: 2 + i * 3, col: 4, value: i }));
    expect(planBlocks(few, current)).toHaveLength(1);
    expect(planBlocks(many, current)).toHaveLength(1);
  });

  it('splits distant columns into separate blocks', () => {
    const blocks = planBlocks([{ row: 2, col: 1, value: 1 }, { row: 9, col: 30, value: 2 }], current);
    expect(blocks.map((b) => [b.row, b.col, b.values.length, b.values[0]!.length])).toEqual([[2, 1, 1, 1], [9, 30, 1, 1]]);
  });
});
