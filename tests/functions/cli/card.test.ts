// `regulars card print`: the PDF read back with pdf.js (its text holds the business, name, tier and number) and
// its QR code rasterised from the page's own drawing operators and decoded with jsQR to the membership number.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { createRequire } from 'node:module';
import ExcelJS from 'exceljs';
import jsQR from 'jsqr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './run-cli';

/** The text pdf.js finds on the first page, items joined by spaces. */
async function pdfText(bytes: Uint8Array): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  // A copy: pdf.js takes over (detaches) the buffer it is given.
  const doc = await pdfjs.getDocument({ data: bytes.slice(), isEvalSupported: false, useSystemFonts: false, standardFontDataUrl: FONTS }).promise;
  const page = await doc.getPage(1);
  const content = await page.getTextContent();
  return content.items.map((i) => ('str' in i ? i.str : '')).join(' ');
}

const FONTS = `${path.join(path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts')}/`;

type Matrix = [number, number, number, number, number, number];
const times = (m: Matrix, n: Matrix): Matrix => [m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3], m[2] * n[0] + m[3] * n[2], m[2] * n[1] + m[3] * n[3], m[4] * n[0] + m[5] * n[2] + n[4], m[4] * n[1] + m[5] * n[3] + n[5]];

/**
 * The page's filled paths painted black on a white raster (`scale` px per point), from the content stream's
 * q/Q/cm/m/l/re/f operators: enough of PDF to see the squares a QR code is drawn with.
 */
function rasterise(content: string, width: number, height: number, scale: number): { data: Uint8ClampedArray; w: number; h: number } {
  const w = Math.ceil(width * scale);
  const h = Math.ceil(height * scale);
  const data = new Uint8ClampedArray(w * h * 4).fill(255);
  const stack: Matrix[] = [];
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  let path: [number, number][][] = [];
  let args: number[] = [];
  const at = (x: number, y: number): [number, number] => [ctm[0] * x + ctm[2] * y + ctm[4], ctm[1] * x + ctm[3] * y + ctm[5]];
  for (const token of content.replace(/<[0-9A-Fa-f]*>|\([^)]*\)/g, ' ').split(/\s+/)) {
    if (token === '') continue;
    if (/^[-+]?(\d+\.?\d*|\.\d+)$/.test(token)) {
      args.push(Number(token));
      continue;
    }
    if (token === 'q') stack.push(ctm);
    else if (token === 'Q') ctm = stack.pop() ?? [1, 0, 0, 1, 0, 0];
    else if (token === 'cm') ctm = times(args.slice(-6) as Matrix, ctm);
    else if (token === 'm') path.push([at(args.at(-2)!, args.at(-1)!)]);
    else if (token === 'l') path.at(-1)?.push(at(args.at(-2)!, args.at(-1)!));
    else if (token === 're') {
      const [x, y, rw, rh] = args.slice(-4) as [number, number, number, number];
      path.push([at(x, y), at(x + rw, y + rh)]);
    } else if (token === 'f' || token === 'F' || token === 'f*') {
      // Rectangles only (what the card draws): each subpath fills its bounding box, PDF y up → raster y down.
      for (const sub of path) {
        const xs = sub.map((p) => p[0]);
        const ys = sub.map((p) => p[1]);
        for (let py = Math.round((height - Math.max(...ys)) * scale); py < Math.round((height - Math.min(...ys)) * scale); py++) {
          for (let px = Math.round(Math.min(...xs) * scale); px < Math.round(Math.max(...xs) * scale); px++) {
            const i = (py * w + px) * 4;
            data[i] = data[i + 1] = data[i + 2] = 0;
          }
        }
      }
      path = [];
    } else if (token === 'S' || token === 'n') path = [];
    args = [];
  }
  return { data, w, h };
}

/** Every Flate stream of the file inflated; the page's content stream is the one that draws (has " Tj"). */
function contentStream(bytes: Uint8Array): string {
  const text = Buffer.from(bytes).toString('latin1');
  const streams = text.split(/stream\r?\n/).slice(1).map((p) => p.slice(0, p.indexOf('endstream')));
  for (const s of streams) {
    try {
      const out = inflateSync(Buffer.from(s, 'latin1')).toString('latin1');
      if (out.includes(' Tj')) return out;
    } catch {
      // not a Flate stream (or not this one)
    }
  }
  throw new Error('no content stream');
}

async function writeXlsx(file: string): Promise<void> {
  const book = new ExcelJS.Workbook();
  book.addWorksheet('Settings').addRows([['key', 'value'], ['business_name', 'Corner Café'], ['membership_prefix', 'RG']]);
  book.addWorksheet('Customers').addRows([
    ['id', 'contact_type', 'first_name', 'last_name', 'status', 'membership_tier', 'membership_no'],
    ['C-000001', '', 'Zoë', 'Adams', 'active', 'Gold', 'RG-0000042-2'],
    ['C-000002', '', 'Łukasz', 'Nowak', 'active', '', 'RG-0000043-0'],
    ['C-000003', '', 'No', 'Number', 'active', 'Silver', ''],
  ]);
  await book.xlsx.writeFile(file);
}

describe('regulars card print', { timeout: 60_000 }, () => {
  let dir = '';
  let workbook = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'regulars-card-'));
    workbook = path.join(dir, 'w.xlsx');
    await writeXlsx(workbook);
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('writes a card-size PDF whose text and QR code both carry the membership number', async () => {
    const out = path.join(dir, 'card.pdf');
    const r = await cli(['card', 'print', 'C-000001', '--workbook', workbook, '--out', out, '--json'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ out, customer_id: 'C-000001', membership_no: 'RG-0000042-2', tier: 'Gold', name: 'Zoë Adams', replaced: [] });
    const bytes = new Uint8Array(await readFile(out));
    const text = await pdfText(bytes);
    for (const part of ['Corner Café', 'Zoë Adams', 'GOLD', 'RG-0000042-2']) expect(text).toContain(part);
    // 85.6 × 54 mm in points is 242.6 × 153.1; rasterised at 4 px per point and decoded by jsQR.
    const raster = rasterise(contentStream(bytes), 242.65, 153.07, 4);
    const decoded = jsQR(raster.data, raster.w, raster.h);
    expect(decoded?.data).toBe('RG-0000042-2');
  });

  it('finds the customer by membership number and says which characters the PDF fonts could not print', async () => {
    const out = path.join(dir, 'card2.pdf');
    const r = await cli(['card', 'print', 'RG-0000043-0', '--workbook', workbook, '--out', out], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`wrote ${out}: RG-0000043-0\n`);
    expect(r.stderr).toContain('"Ł"');
    const text = await pdfText(new Uint8Array(await readFile(out)));
    expect(text).toContain('?ukasz Nowak');
    expect(text).toContain('RG-0000043-0');
  });

  it('refuses a customer without a number, and bad arguments, with exit 2', async () => {
    const noNumber = await cli(['card', 'print', 'C-000003', '--workbook', workbook, '--out', path.join(dir, 'x.pdf')], dir);
    expect(noNumber.code).toBe(2);
    expect(noNumber.stderr).toMatch(/Join membership/);
    expect((await cli(['card', 'print', '--workbook', workbook, '--out', 'x.pdf'], dir)).code).toBe(2);
    expect((await cli(['card', 'print', 'C-000001', '--workbook', workbook, '--out', 'x.png'], dir)).code).toBe(2);
    expect((await cli(['card', 'show', 'C-000001'], dir)).code).toBe(2);
  });
});
