import { describe, expect, it } from 'vitest';
import { guardFormula, needsFormulaGuard } from '../../../shared/workbook';

describe('formula guard', () => {
  it.each(['=HYPERLINK("http://x","y")', '+27 82 555 0100', '-1', '@SUM(A1)', '\tx', '\rx'])('guards %j', (value) => {
    expect(needsFormulaGuard(value)).toBe(true);
    expect(guardFormula(value)).toBe(`'${value}`);
  });

  it.each(['Eve', '0821234567', 'a=b', '', "'already"])('leaves %j alone', (value) => {
    expect(needsFormulaGuard(value)).toBe(false);
    expect(guardFormula(value)).toBe(value);
  });
});
