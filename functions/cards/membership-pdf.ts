// A printable membership card as a PDF (pdf-lib), the number also as a QR code whose modules the qrcode library
// computes; drawn at ID-1 size (85.6 × 54 mm), the size of a bank card.
import { PDFDocument, StandardFonts, rgb, type PDFFont } from 'pdf-lib';
import { create } from 'qrcode';
import type { MembershipCard } from '../../shared/loyalty';

const MM = 72 / 25.4;
/** ID-1 card size in PDF points. */
export const CARD_SIZE = { width: 85.6 * MM, height: 54 * MM } as const;
/** The QR code's side, quiet zone included, in points. */
const QR_SIDE = 30 * MM;
/** The quiet zone the QR standard asks for, in modules. */
const QUIET = 4;

/** The PDF and any characters the standard fonts could not print (replaced with "?"; say so to the user). */
export interface CardPdf {
  bytes: Uint8Array;
  replaced: string[];
}

/** Text the font can encode; characters outside it (WinAnsi for the standard fonts) become "?" and are reported. */
function printable(font: PDFFont, text: string, replaced: string[]): string {
  let out = '';
  for (const ch of text) {
    try {
      font.encodeText(ch);
      out += ch;
    } catch {
      replaced.push(ch);
      out += '?';
    }
  }
  return out;
}

/** Shortens text with "…" (or "..." when the font lacks it) until it fits `width` at `size`. */
function fitted(font: PDFFont, text: string, size: number, width: number): string {
  if (font.widthOfTextAtSize(text, size) <= width) return text;
  let cut = text;
  while (cut.length > 1 && font.widthOfTextAtSize(`${cut}...`, size) > width) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}...`;
}

/** The membership card as a one-page PDF: business name, member's name, tier, number, and the number as a QR code. */
export async function membershipCardPdf(card: MembershipCard): Promise<CardPdf> {
  const doc = await PDFDocument.create();
  doc.setTitle(`Membership card ${card.membershipNo}`);
  doc.setCreator('Regulars');
  const page = doc.addPage([CARD_SIZE.width, CARD_SIZE.height]);
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const mono = await doc.embedFont(StandardFonts.Courier);
  const replaced: string[] = [];
  const pad = 4 * MM;
  const textWidth = CARD_SIZE.width - QR_SIDE - 3 * pad;
  page.drawRectangle({ x: 0.5, y: 0.5, width: CARD_SIZE.width - 1, height: CARD_SIZE.height - 1, borderColor: rgb(0.37, 0.39, 0.41), borderWidth: 0.5 });

  const line = (text: string, font: PDFFont, size: number, y: number): void => {
    page.drawText(fitted(font, printable(font, text, replaced), size, textWidth), { x: pad, y, size, font, color: rgb(0, 0, 0) });
  };
  const top = CARD_SIZE.height - pad;
  line(card.businessName || 'Membership card', bold, 10, top - 10);
  line(card.name, regular, 11, top - 28);
  line((card.tier || 'Member').toUpperCase(), regular, 8, top - 42);
  line(card.membershipNo, mono, 10, pad + 2);

  // The library decides which modules are dark; they are filled as one path (a rectangle per run of dark modules
  // in a row, in module units), so no hairline seams appear between rows as separate fills would leave.
  const qr = create(card.membershipNo, { errorCorrectionLevel: 'M' });
  const size = qr.modules.size;
  const runs: string[] = [];
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      if (!qr.modules.get(row, col)) continue;
      let end = col;
      while (end + 1 < size && qr.modules.get(row, end + 1)) end++;
      runs.push(`M${QUIET + col} ${QUIET + row}h${end - col + 1}v1h${col - end - 1}z`);
      col = end;
    }
  }
  const module = QR_SIDE / (size + 2 * QUIET);
  page.drawSvgPath(runs.join(''), { x: CARD_SIZE.width - pad - QR_SIDE, y: (CARD_SIZE.height + QR_SIDE) / 2, scale: module, color: rgb(0, 0, 0) });
  return { bytes: await doc.save(), replaced: [...new Set(replaced)] };
}
