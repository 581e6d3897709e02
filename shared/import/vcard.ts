// vCard 2.1, 3.0 and 4.0 (RFC 2425/2426/6350) → one row per card, with the columns a person would name.
import type { SourceTable } from './types';

interface Property {
  name: string;
  params: Map<string, string[]>;
  value: string;
}

/** The columns a card becomes; repeated e-mails and phones get their own numbered columns. */
const FIXED = ['First Name', 'Last Name', 'Full Name', 'Organization', 'Street', 'City', 'Region', 'Postal Code', 'Country', 'Birthday', 'Notes', 'Categories'] as const;

/** Decodes QUOTED-PRINTABLE (soft breaks already joined) as UTF-8, falling back to Latin-1 for other charsets. */
export function decodeQuotedPrintable(text: string, charset = 'utf-8'): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const hex = ch === '=' ? text.slice(i + 1, i + 3) : '';
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else if (ch === '=' && (text[i + 1] === undefined)) {
      // A soft line break left at the very end.
    } else bytes.push(ch.charCodeAt(0) & 0xff);
  }
  if (/^utf-?8$/i.test(charset)) {
    try {
      return decodeURIComponent(bytes.map((b) => `%${b.toString(16).padStart(2, '0')}`).join(''));
    } catch {
      // Not UTF-8 after all: read the bytes as Latin-1 rather than losing them.
    }
  }
  return String.fromCharCode(...bytes);
}

/** Splits on a separator not escaped by a backslash. */
function splitUnescaped(value: string, separator: string): string[] {
  const parts: string[] = [''];
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    if (ch === '\\' && i + 1 < value.length) {
      parts[parts.length - 1] += ch + value[i + 1]!;
      i++;
    } else if (ch === separator) parts.push('');
    else parts[parts.length - 1] += ch;
  }
  return parts;
}

/** Undoes vCard 3.0/4.0 text escapes (\n \, \; \\). */
function unescapeText(value: string): string {
  return value.replace(/\\([nN,;:\\])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

/** Joins folded lines (CRLF + space/tab) and QUOTED-PRINTABLE soft breaks; returns logical lines with their first line number. */
function logicalLines(text: string): { line: number; text: string }[] {
  const raw = text.split(/\r\n|\r|\n/);
  const out: { line: number; text: string }[] = [];
  for (let i = 0; i < raw.length; i++) {
    const line = raw[i]!;
    const last = out[out.length - 1];
    if ((line.startsWith(' ') || line.startsWith('\t')) && last) {
      last.text += line.slice(1);
      continue;
    }
    const entry = { line: i + 1, text: line };
    // 2.1 quoted-printable: a line ending in '=' continues on the next one, which is not indented.
    while (/ENCODING=QUOTED-PRINTABLE|;QUOTED-PRINTABLE/i.test(entry.text.split(':')[0] ?? '') && entry.text.endsWith('=') && i + 1 < raw.length) {
      entry.text = entry.text.slice(0, -1) + raw[++i]!.replace(/^[ \t]/, '');
    }
    out.push(entry);
  }
  return out;
}

function parseProperty(line: string): Property | undefined {
  let quoted = false;
  let colon = -1;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '"') quoted = !quoted;
    else if (line[i] === ':' && !quoted) {
      colon = i;
      break;
    }
  }
  if (colon < 0) return undefined;
  const [nameWithGroup = '', ...rawParams] = line.slice(0, colon).split(';');
  const name = (nameWithGroup.split('.').pop() ?? '').toUpperCase();
  const params = new Map<string, string[]>();
  for (const p of rawParams) {
    const eq = p.indexOf('=');
    // 2.1 writes bare parameters: TEL;CELL;PREF, EMAIL;INTERNET, N;QUOTED-PRINTABLE.
    const key = eq < 0 ? (/^(QUOTED-PRINTABLE|BASE64|8BIT|7BIT|B)$/i.test(p) ? 'ENCODING' : 'TYPE') : p.slice(0, eq).toUpperCase();
    const values = (eq < 0 ? p : p.slice(eq + 1)).replace(/"/g, '').split(',');
    params.set(key, [...(params.get(key) ?? []), ...values]);
  }
  let value = line.slice(colon + 1);
  const encoding = params.get('ENCODING')?.[0]?.toUpperCase();
  if (encoding === 'QUOTED-PRINTABLE') value = decodeQuotedPrintable(value, params.get('CHARSET')?.[0] ?? 'utf-8');
  return { name, params, value };
}

/** A vCard BDAY as YYYY-MM-DD, or `--MM-DD` when the year is not known (`--0314`, `0000-…`, Apple's 1604 with X-APPLE-OMIT-YEAR). */
export function vcardBirthday(value: string, params: ReadonlyMap<string, string[]>): string {
  const text = value.trim();
  let m = /^--(\d{2})-?(\d{2})$/.exec(text);
  if (m) return `--${m[1]}-${m[2]}`;
  m = /^(\d{4})-?(\d{2})-?(\d{2})(?:T.*)?$/.exec(text);
  if (!m) return text;
  const omit = params.get('X-APPLE-OMIT-YEAR')?.[0];
  if (m[1] === '0000' || m[1] === omit) return `--${m[2]}-${m[3]}`;
  return `${m[1]}-${m[2]}-${m[3]}`;
}

interface Card {
  line: number;
  fields: Partial<Record<(typeof FIXED)[number], string>>;
  emails: string[];
  phones: string[];
}

function addToCard(card: Card, p: Property): void {
  const text = (v: string): string => unescapeText(v).trim();
  switch (p.name) {
    case 'N': {
      const [family = '', given = ''] = splitUnescaped(p.value, ';').map(text);
      card.fields['Last Name'] = family;
      card.fields['First Name'] = given;
      break;
    }
    case 'FN':
      card.fields['Full Name'] = text(p.value);
      break;
    case 'ORG':
      card.fields.Organization = text(splitUnescaped(p.value, ';')[0] ?? '');
      break;
    case 'EMAIL':
      if (text(p.value) !== '') card.emails.push(text(p.value));
      break;
    case 'TEL': {
      const v = text(p.value).replace(/^tel:/i, '');
      if (v !== '') card.phones.push(v);
      break;
    }
    case 'ADR': {
      if (card.fields.Street !== undefined) break;
      const [, ext = '', street = '', city = '', region = '', code = '', country = ''] = splitUnescaped(p.value, ';').map(text);
      card.fields.Street = [street, ext].filter((s) => s !== '').join(', ').replace(/\n/g, ', ');
      card.fields.City = city;
      card.fields.Region = region;
      card.fields['Postal Code'] = code;
      card.fields.Country = country;
      break;
    }
    case 'BDAY':
      card.fields.Birthday = vcardBirthday(text(p.value), p.params);
      break;
    case 'NOTE':
      card.fields.Notes = text(p.value);
      break;
    case 'CATEGORIES':
      card.fields.Categories = splitUnescaped(p.value, ',').map(text).filter((s) => s !== '').join(', ');
      break;
    default:
  }
}

/** Reads every card of a .vcf text into a table: one row per card, numbered e-mail and phone columns. */
export function parseVcards(text: string, file: string): SourceTable {
  const cards: Card[] = [];
  let card: Card | undefined;
  for (const { line, text: l } of logicalLines(text)) {
    if (/^BEGIN:VCARD$/i.test(l.trim())) {
      card = { line, fields: {}, emails: [], phones: [] };
      continue;
    }
    if (/^END:VCARD$/i.test(l.trim())) {
      if (card) cards.push(card);
      card = undefined;
      continue;
    }
    if (!card) continue;
    const p = parseProperty(l);
    if (p) addToCard(card, p);
  }
  const emails = Math.max(1, ...cards.map((c) => c.emails.length));
  const phones = Math.max(1, ...cards.map((c) => c.phones.length));
  const header = [...FIXED, ...Array.from({ length: emails }, (_, i) => `E-mail ${i + 1}`), ...Array.from({ length: phones }, (_, i) => `Phone ${i + 1}`)];
  const rows = cards.map((c) => [
    ...FIXED.map((f) => c.fields[f] ?? ''),
    ...Array.from({ length: emails }, (_, i) => c.emails[i] ?? ''),
    ...Array.from({ length: phones }, (_, i) => c.phones[i] ?? ''),
  ]);
  return { file, format: 'vcf', header, rows, lines: cards.map((c) => c.line), dateOrder: 'ymd' };
}
