// Cells as SpreadsheetML: a plain value, or a typed one (a date, a formula with its last value, a hyperlink).
import type { CellValue, TypedCell } from '../../shared/workbook';
import { serialFromIso, type CellContext } from './xlsx-sheet';
import type { WriterStyles } from './xlsx-styles';
import { encodeXmlText } from './xml-text';

/** A plain value as a cell element with style `s` ('' for an empty cell without a style: it is left out). */
export function plainXml(ref: string, s: string | undefined, value: CellValue): string {
  const sa = s !== undefined ? ` s="${s}"` : '';
  if (value === null || value === '') return s !== undefined ? `<c r="${ref}"${sa}/>` : '';
  if (typeof value === 'string') {
    const space = /^\s|\s$|\n/.test(value) ? ' xml:space="preserve"' : '';
    return `<c r="${ref}"${sa} t="inlineStr"><is><t${space}>${encodeXmlText(value)}</t></is></c>`;
  }
  if (typeof value === 'boolean') return `<c r="${ref}"${sa} t="b"><v>${value ? 1 : 0}</v></c>`;
  return Number.isFinite(value) ? `<c r="${ref}"${sa}><v>${value}</v></c>` : '';
}

/** A typed cell as a cell element; a link's address is added to `links` (ref → URL) for the sheet's <hyperlinks>. */
export function typedXml(ref: string, s: string | undefined, cell: Exclude<TypedCell, CellValue>, ctx: CellContext, styles: () => WriterStyles, links: Map<string, string>): string {
  switch (cell.kind) {
    case 'date': {
      const serial = serialFromIso(cell.iso, ctx.date1904);
      if (serial === undefined) return plainXml(ref, s, cell.iso);
      const style = s !== undefined && ctx.styles.isDate[Number(s)] ? s : String(styles().date);
      return `<c r="${ref}" s="${style}"><v>${serial}</v></c>`;
    }
    case 'formula': {
      const sa = s !== undefined ? ` s="${s}"` : '';
      const v = cell.value;
      const t = typeof v === 'string' ? ' t="str"' : typeof v === 'boolean' ? ' t="b"' : '';
      const value = v === null || v === '' ? '' : `<v>${typeof v === 'string' ? encodeXmlText(v) : typeof v === 'boolean' ? (v ? 1 : 0) : v}</v>`;
      return `<c r="${ref}"${sa}${v === null || v === '' ? '' : t}><f>${encodeXmlText(cell.formula.replace(/^=/, ''))}</f>${value}</c>`;
    }
    case 'link':
      links.set(ref, cell.url);
      return plainXml(ref, s, cell.text);
  }
}

