import type ExcelJS from 'exceljs';
import type { CellValue } from '../../shared/workbook';

/** Reads whatever ExcelJS holds in a cell (rich text, formulas, hyperlinks, dates) as a plain CellValue (for readers that still use ExcelJS). */
export function fromExcel(value: ExcelJS.CellValue): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, iso.endsWith('.000Z') ? 19 : 23);
  }
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('formula' in value || 'sharedFormula' in value) return fromExcel(value.result ?? null);
    if ('hyperlink' in value && 'text' in value) return fromExcel(value.text);
  }
  return null;
}

