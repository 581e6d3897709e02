// The parts of an .xlsx around its worksheets: which sheet is which file, adding a sheet, relationships, links.
import path from 'node:path/posix';
import { attr, decodeXmlText, encodeXmlAttr } from './xml-text';

/** A worksheet of the package: its tab name and the zip part holding it. */
export interface SheetRef {
  name: string;
  part: string;
  rid: string;
}

const REL_SHEET = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet';
const REL_LINK = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink';
const SHEET_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml';

/** A relationship of a .rels part. */
export interface Relationship {
  id: string;
  type: string;
  target: string;
  external: boolean;
}

/** The relationships of a .rels part. */
export function parseRels(xml: string | undefined): Relationship[] {
  if (!xml) return [];
  return [...xml.matchAll(/<Relationship\b([^>]*?)\/?>/g)].map((m) => ({
    id: attr(m[1]!, 'Id') ?? '',
    type: attr(m[1]!, 'Type') ?? '',
    target: attr(m[1]!, 'Target') ?? '',
    external: attr(m[1]!, 'TargetMode') === 'External',
  }));
}

/** The .rels part of a part (xl/workbook.xml → xl/_rels/workbook.xml.rels). */
export function relsPartOf(part: string): string {
  return path.join(path.dirname(part), '_rels', `${path.basename(part)}.rels`);
}

/** A relationship target as a zip part name. */
function resolveTarget(from: string, target: string): string {
  return target.startsWith('/') ? target.slice(1) : path.normalize(path.join(path.dirname(from), target));
}

/** The workbook part (xl/workbook.xml unless the package says otherwise). */
export function workbookPart(rootRels: string | undefined): string {
  const rel = parseRels(rootRels).find((r) => r.type.endsWith('/officeDocument'));
  return rel ? resolveTarget('', rel.target) : 'xl/workbook.xml';
}

/** The worksheets in tab order (chart sheets and others are left out). */
export function listSheets(workbookXml: string, workbookRels: string | undefined, part: string): SheetRef[] {
  const rels = new Map(parseRels(workbookRels).map((r) => [r.id, r]));
  const out: SheetRef[] = [];
  for (const m of workbookXml.matchAll(/<sheet\b([^>]*?)\/?>/g)) {
    const a = m[1]!;
    const rid = /\b[\w]+:id="([^"]*)"/.exec(a)?.[1];
    const rel = rid === undefined ? undefined : rels.get(rid);
    if (!rel || rel.type !== REL_SHEET) continue;
    out.push({ name: decodeXmlText(attr(a, 'name') ?? ''), part: resolveTarget(part, rel.target), rid: rid! });
  }
  return out;
}

/** True when the workbook counts dates from 1904 (old Mac Excel). */
export function uses1904(workbookXml: string): boolean {
  return /<workbookPr\b[^>]*\bdate1904="(1|true)"/.test(workbookXml);
}

/** The next free rId of a .rels part. */
function nextRid(rels: string): string {
  let n = 0;
  for (const m of rels.matchAll(/Id="rId(\d+)"/g)) n = Math.max(n, Number(m[1]));
  return `rId${n + 1}`;
}

/** Adds a relationship; returns the changed .rels XML and the new id. */
export function addRelationship(rels: string | undefined, type: string, target: string, external: boolean): { xml: string; id: string } {
  const base = rels ?? '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>';
  const open = base.replace(/<Relationships\b([^>]*?)\s*\/>/, '<Relationships$1></Relationships>');
  const id = nextRid(open);
  const rel = `<Relationship Id="${id}" Type="${type}" Target="${encodeXmlAttr(target)}"${external ? ' TargetMode="External"' : ''}/>`;
  return { xml: open.replace('</Relationships>', `${rel}</Relationships>`), id };
}

/** Parts a new sheet touches, changed to include it; `part` is the new worksheet's zip name. */
export function addSheet(
  texts: { workbook: string; rels: string | undefined; types: string },
  name: string,
  taken: ReadonlySet<string>,
  wbPart: string,
): { workbook: string; rels: string; types: string; part: string } {
  let n = 1;
  while (taken.has(`xl/worksheets/sheet${n}.xml`)) n++;
  const part = `xl/worksheets/sheet${n}.xml`;
  const { xml: rels, id } = addRelationship(texts.rels, REL_SHEET, path.relative(path.dirname(wbPart), part), false);
  let sheetId = 0;
  for (const m of texts.workbook.matchAll(/<sheet\b[^>]*?\bsheetId="(\d+)"/g)) sheetId = Math.max(sheetId, Number(m[1]));
  const prefix = /<sheet\b[^>]*?\b(\w+):id="/.exec(texts.workbook)?.[1] ?? 'r';
  const ns = new RegExp(`xmlns:${prefix}="`).test(texts.workbook) ? '' : ` xmlns:${prefix}="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`;
  const sheet = `<sheet name="${encodeXmlAttr(name)}" sheetId="${sheetId + 1}" ${prefix}:id="${id}"${ns}/>`;
  const workbook = /<sheets\s*\/>/.test(texts.workbook) ? texts.workbook.replace(/<sheets\s*\/>/, `<sheets>${sheet}</sheets>`) : texts.workbook.replace('</sheets>', `${sheet}</sheets>`);
  const types = texts.types.replace('</Types>', `<Override PartName="/${part}" ContentType="${SHEET_TYPE}"/></Types>`);
  return { workbook, rels, types, part };
}

/** A sheet's hyperlinks: cell reference → target (a URL, or #Place for a link inside the workbook). */
export function sheetLinks(sheetXml: string, sheetRels: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  const block = /<hyperlinks>([\s\S]*?)<\/hyperlinks>/.exec(sheetXml);
  if (!block) return out;
  const rels = new Map(parseRels(sheetRels).map((r) => [r.id, r.target]));
  for (const m of block[1]!.matchAll(/<hyperlink\b([^>]*?)\/?>/g)) {
    const ref = attr(m[1]!, 'ref');
    if (!ref) continue;
    const rid = /\b\w+:id="([^"]*)"/.exec(m[1]!)?.[1];
    const location = attr(m[1]!, 'location');
    const target = rid ? rels.get(rid) : location !== undefined ? `#${location}` : undefined;
    if (target !== undefined) out.set(ref, target);
  }
  return out;
}

// Elements that come after <hyperlinks> in a worksheet (ECMA-376 CT_Worksheet order).
const AFTER_LINKS = ['printOptions', 'pageMargins', 'pageSetup', 'headerFooter', 'rowBreaks', 'colBreaks', 'customProperties', 'cellWatches', 'ignoredErrors', 'smartTags', 'drawing', 'legacyDrawing', 'legacyDrawingHF', 'drawingHF', 'picture', 'oleObjects', 'controls', 'webPublishItems', 'tableParts', 'extLst'];

/**
 * The sheet with its hyperlinks changed: links on `drop` cells removed, `add` links set (ref → URL, each a new
 * external relationship). Returns the sheet XML and its .rels XML.
 */
export function editLinks(sheetXml: string, sheetRels: string | undefined, drop: ReadonlySet<string>, add: ReadonlyMap<string, string>): { xml: string; rels: string | undefined } {
  let xml = sheetXml;
  let rels = sheetRels;
  const block = /<hyperlinks>([\s\S]*?)<\/hyperlinks>/.exec(xml);
  const kept: string[] = [];
  for (const m of (block?.[1] ?? '').matchAll(/<hyperlink\b([^>]*?)\/?>/g)) {
    const ref = attr(m[1]!, 'ref') ?? '';
    if (!drop.has(ref) && !add.has(ref)) kept.push(m[0]);
  }
  for (const [ref, url] of add) {
    const prefix = /xmlns:(\w+)="http:\/\/schemas.openxmlformats.org\/officeDocument\/2006\/relationships"/.exec(xml)?.[1];
    if (url.startsWith('#')) {
      kept.push(`<hyperlink ref="${ref}" location="${encodeXmlAttr(url.slice(1))}"/>`);
      continue;
    }
    const added = addRelationship(rels, REL_LINK, url, true);
    rels = added.xml;
    kept.push(prefix ? `<hyperlink ref="${ref}" ${prefix}:id="${added.id}"/>` : `<hyperlink ref="${ref}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="${added.id}"/>`);
  }
  const next = kept.length > 0 ? `<hyperlinks>${kept.join('')}</hyperlinks>` : '';
  if (block) xml = xml.replace(block[0], next);
  else if (next) {
    const after = AFTER_LINKS.map((n) => xml.search(new RegExp(`<${n}\\b`))).filter((i) => i >= 0);
    const at = after.length > 0 ? Math.min(...after) : xml.lastIndexOf('</worksheet>');
    xml = xml.slice(0, at) + next + xml.slice(at);
  }
  return { xml, rels };
}

/** Drops the calculation chain (Excel rebuilds it; a stale one makes Excel report a damaged file). */
export function dropCalcChain(types: string, workbookRels: string): { types: string; rels: string } {
  return {
    types: types.replace(/<Override\b[^>]*PartName="\/xl\/calcChain\.xml"[^>]*\/>/, ''),
    rels: workbookRels.replace(/<Relationship\b[^>]*Target="[^"]*calcChain\.xml"[^>]*\/>/, ''),
  };
}

/** The parts of a workbook with no sheets yet (sheets are added like any other). */
export const NEW_PACKAGE: Record<string, string> = {
  '[Content_Types].xml':
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>',
  '_rels/.rels':
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>',
  'docProps/core.xml':
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Regulars</dc:creator></cp:coreProperties>',
  'xl/workbook.xml':
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><bookViews><workbookView/></bookViews><sheets></sheets></workbook>',
  'xl/_rels/workbook.xml.rels':
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>',
};
