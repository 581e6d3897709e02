// Bytes → text with the encoding detected, never asked: BOMs, the NUL pattern of UTF-16, UTF-8 validity, else 1252.

/** The encodings an export is found in. */
export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** Turns bytes of a known encoding into text; the default uses TextDecoder, Apps Script passes Utilities. */
export type BytesDecoder = (bytes: Uint8Array, encoding: TextEncodingName) => string;

/** The WHATWG TextDecoder where the runtime has one (shared/ is typed without DOM or Node globals). */
type TextDecoderClass = new (label: string) => { decode(bytes: Uint8Array): string };

/** Windows-1252's 0x80–0x9F (the rest of its 256 codes are Latin-1's); 0 where the code page has no character. */
const CP1252_HIGH = [
  0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
  0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
];

/** Windows-1252 by table: Node's TextDecoder reads the label as ISO-8859-1 and would turn € and “ ” into control codes. */
export function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    const chunk = Array.from(bytes.subarray(i, i + 8192), (b) => (b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] || b : b));
    out += String.fromCharCode(...chunk);
  }
  return out;
}

/** UTF-16 of either byte order by hand (every runtime has String.fromCharCode; not every one has TextDecoder). */
function decodeUtf16(bytes: Uint8Array, littleEndian: boolean): string {
  let out = '';
  const units: number[] = [];
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    units.push(littleEndian ? bytes[i]! | (bytes[i + 1]! << 8) : (bytes[i]! << 8) | bytes[i + 1]!);
    if (units.length === 8192) out += String.fromCharCode(...units.splice(0));
  }
  return out + String.fromCharCode(...units);
}

/** Decoding for every runtime: TextDecoder for UTF-8 where there is one (Node, browsers), tables and arithmetic otherwise. */
export const textDecoder: BytesDecoder = (bytes, encoding) => {
  if (encoding === 'windows-1252') return decodeWindows1252(bytes);
  if (encoding === 'utf-16le' || encoding === 'utf-16be') return decodeUtf16(bytes, encoding === 'utf-16le');
  const Decoder = (globalThis as { TextDecoder?: TextDecoderClass }).TextDecoder;
  return Decoder ? new Decoder(encoding).decode(bytes) : decodeUtf8(bytes);
};

/** UTF-8 by hand for runtimes without TextDecoder (Apps Script): the WHATWG decoder, U+FFFD for each malformed part. */
export function decodeUtf8(bytes: Uint8Array): string {
  const units: number[] = [];
  let out = '';
  let needed = 0;
  let seen = 0;
  let cp = 0;
  let lower = 0x80;
  let upper = 0xbf;
  const emit = (c: number): void => {
    if (c > 0xffff) units.push(0xd800 + ((c - 0x10000) >> 10), 0xdc00 + ((c - 0x10000) & 0x3ff));
    else units.push(c);
    if (units.length >= 8192) out += String.fromCharCode(...units.splice(0));
  };
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (needed === 0) {
      if (b <= 0x7f) emit(b);
      else if (b >= 0xc2 && b <= 0xdf) [needed, cp] = [1, b & 0x1f];
      else if (b >= 0xe0 && b <= 0xef) {
        if (b === 0xe0) lower = 0xa0;
        if (b === 0xed) upper = 0x9f;
        [needed, cp] = [2, b & 0x0f];
      } else if (b >= 0xf0 && b <= 0xf4) {
        if (b === 0xf0) lower = 0x90;
        if (b === 0xf4) upper = 0x8f;
        [needed, cp] = [3, b & 0x07];
      } else emit(0xfffd);
      continue;
    }
    if (b < lower || b > upper) {
      // The malformed part ends before this byte, which is read again as the start of the next character.
      [needed, seen, cp, lower, upper] = [0, 0, 0, 0x80, 0xbf];
      emit(0xfffd);
      i--;
      continue;
    }
    [lower, upper] = [0x80, 0xbf];
    cp = (cp << 6) | (b & 0x3f);
    if (++seen === needed) {
      emit(cp);
      [needed, seen, cp] = [0, 0, 0];
    }
  }
  if (needed > 0) emit(0xfffd);
  return out + String.fromCharCode(...units);
}

/** True when the bytes are well-formed UTF-8 (overlongs and surrogates rejected). */
export function isUtf8(bytes: Uint8Array): boolean {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const n = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (n < 0 || i + n >= bytes.length) return false;
    for (let k = 1; k <= n; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return false;
    }
    const c1 = bytes[i + 1]!;
    if ((b === 0xe0 && c1 < 0xa0) || (b === 0xed && c1 > 0x9f) || (b === 0xf0 && c1 < 0x90) || (b === 0xf4 && c1 > 0x8f)) return false;
    i += n + 1;
  }
  return true;
}

/** The encoding of these bytes and the length of its byte-order mark (0 when none). */
export function detectEncoding(bytes: Uint8Array): { encoding: TextEncodingName; bom: number } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', bom: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', bom: 2 };
  // Without a BOM, UTF-16 text of mostly Latin letters has a NUL in every other byte.
  const sample = Math.min(bytes.length - (bytes.length % 2), 4096);
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < sample; i++) {
    if (bytes[i] !== 0) continue;
    if (i % 2 === 0) evenNul++;
    else oddNul++;
  }
  const pairs = sample / 2;
  if (pairs > 0 && oddNul > pairs * 0.3 && evenNul < pairs * 0.05) return { encoding: 'utf-16le', bom: 0 };
  if (pairs > 0 && evenNul > pairs * 0.3 && oddNul < pairs * 0.05) return { encoding: 'utf-16be', bom: 0 };
  return { encoding: isUtf8(bytes) ? 'utf-8' : 'windows-1252', bom: 0 };
}

/** Decodes a file's bytes, BOM removed; also says which encoding it found. */
export function decodeText(bytes: Uint8Array, decode: BytesDecoder = textDecoder): { text: string; encoding: TextEncodingName } {
  const { encoding, bom } = detectEncoding(bytes);
  return { text: decode(bytes.subarray(bom), encoding), encoding };
}
