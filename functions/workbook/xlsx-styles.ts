import { attr } from './xml-text';

/** Which cell formats (cellXfs indexes) show a number as a date. */
export interface StyleInfo {
  isDate: boolean[];
}

// Built-in number formats that are dates or times (ECMA-376 §18.8.30, plus the East Asian ones).
const BUILTIN_DATES = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** True for a format code that shows a date or a time (quoted text, escapes and [colour] sections ignored). */
export function isDateFormat(code: string): boolean {
  const bare = code.replace(/"[^"]*"/g, '').replace(/\\./g, '').replace(/\[(?!h\]|m\]|s\])[^\]]*\]/gi, '');
  return /[dmyhs]/i.test(bare) && !/^general$/i.test(bare.trim());
}

function section(xml: string, name: string): { start: number; end: number; inner: string } | undefined {
  const open = new RegExp(`<${name}\\b[^>]*?(/?)>`).exec(xml);
  if (!open) return undefined;
  if (open[1] === '/') return { start: open.index, end: open.index + open[0].length, inner: '' };
  const close = xml.indexOf(`</${name}>`, open.index);
  if (close < 0) return undefined;
  return { start: open.index, end: close + name.length + 3, inner: xml.slice(open.index + open[0].length, close) };
}

/** Reads styles.xml: which cell formats are dates. */
export function parseStyles(xml: string | undefined): StyleInfo {
  if (!xml) return { isDate: [] };
  const custom = new Map<number, string>();
  for (const m of (section(xml, 'numFmts')?.inner ?? '').matchAll(/<numFmt\b([^>]*)\/?>/g)) {
    custom.set(Number(attr(m[1]!, 'numFmtId')), attr(m[1]!, 'formatCode') ?? '');
  }
  const isDate: boolean[] = [];
  for (const m of (section(xml, 'cellXfs')?.inner ?? '').matchAll(/<xf\b([^>]*?)\/?>/g)) {
    const id = Number(attr(m[1]!, 'numFmtId') ?? 0);
    const code = custom.get(id);
    isDate.push(code !== undefined ? isDateFormat(code) : BUILTIN_DATES.has(id));
  }
  return { isDate };
}

/** The cell formats the writer needs: a bold header, a plain-text column, a date. */
export interface WriterStyles {
  bold: number;
  text: number;
  date: number;
}

function appendChild(xml: string, name: string, child: string): { xml: string; index: number } {
  const s = section(xml, name);
  if (!s) throw new Error(`styles.xml has no <${name}>`);
  const count = [...s.inner.matchAll(new RegExp(`<${name === 'cellXfs' ? 'xf' : 'font'}\\b`, 'g'))].length;
  const openTag = /^<[^>]*>/.exec(xml.slice(s.start))![0].replace(/\s*\/>$/, '>');
  const counted = /\bcount="\d+"/.test(openTag) ? openTag.replace(/\bcount="\d+"/, `count="${count + 1}"`) : openTag.replace(/>$/, ` count="${count + 1}">`);
  return { xml: `${xml.slice(0, s.start)}${counted}${s.inner}${child}</${name}>${xml.slice(s.end)}`, index: count };
}

/**
 * Finds (or adds to styles.xml) the three formats the writer uses; existing ones are reused, so saving
 * again never grows the file. Returns the possibly changed XML and the indexes.
 */
export function ensureWriterStyles(xml: string): { xml: string; styles: WriterStyles } {
  let out = xml;
  const fonts = [...(section(out, 'fonts')?.inner ?? '').matchAll(/<font\b[^>]*?(?:\/>|>([\s\S]*?)<\/font>)/g)];
  let boldFont = fonts.findIndex((f) => /<b\s*\/>|<b val="(1|true)"\s*\/>/.test(f[1] ?? '') && !/<(i|u|strike)\b/.test(f[1] ?? ''));
  if (boldFont < 0) {
    const added = appendChild(out, 'fonts', '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>');
    out = added.xml;
    boldFont = added.index;
  }
  const xfs = [...(section(out, 'cellXfs')?.inner ?? '').matchAll(/<xf\b([^>]*?)(?:\/>|>[\s\S]*?<\/xf>)/g)].map((m) => m[1]!);
  const find = (numFmt: number, font: number): number =>
    xfs.findIndex((a) => Number(attr(a, 'numFmtId') ?? 0) === numFmt && Number(attr(a, 'fontId') ?? 0) === font && Number(attr(a, 'fillId') ?? 0) === 0 && Number(attr(a, 'borderId') ?? 0) === 0);
  const ensure = (numFmt: number, font: number): number => {
    const at = find(numFmt, font);
    if (at >= 0) return at;
    const added = appendChild(out, 'cellXfs', `<xf numFmtId="${numFmt}" fontId="${font}" fillId="0" borderId="0" xfId="0"${numFmt ? ' applyNumberFormat="1"' : ''}${font ? ' applyFont="1"' : ''}/>`);
    out = added.xml;
    xfs.push(`numFmtId="${numFmt}" fontId="${font}" fillId="0" borderId="0"`);
    return added.index;
  };
  const styles = { bold: ensure(0, boldFont), text: ensure(49, 0), date: ensure(14, 0) };
  return { xml: out, styles };
}

/** styles.xml of a new workbook: default, bold, text and date formats. */
export const NEW_STYLES_XML =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
  '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>';
