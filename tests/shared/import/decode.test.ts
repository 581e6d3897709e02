import { describe, expect, it } from 'vitest';
import { decodeText, decodeUtf8, detectEncoding, isUtf8, sniffDelimiter } from '../../../shared/import';

const utf16le = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'utf16le'));
const utf16be = (s: string): Uint8Array => {
  const le = Buffer.from(s, 'utf16le');
  const be = Buffer.alloc(le.length);
  for (let i = 0; i < le.length; i += 2) {
    be[i] = le[i + 1]!;
    be[i + 1] = le[i]!;
  }
  return Uint8Array.from(be);
};

describe('detectEncoding / decodeText', () => {
  it('reads UTF-8 with and without a BOM, the BOM removed', () => {
    const text = 'Name,City\nZoë,Montréal\n';
    expect(decodeText(Uint8Array.from([0xef, 0xbb, 0xbf, ...Buffer.from(text)]))).toEqual({ text, encoding: 'utf-8' });
    expect(decodeText(Uint8Array.from(Buffer.from(text)))).toEqual({ text, encoding: 'utf-8' });
  });

  it('reads UTF-16 LE and BE by their BOM and by the NUL pattern without one', () => {
    const text = 'First Name\tEmail\nChloé\tc@example.com\n';
    expect(decodeText(Uint8Array.from([0xff, 0xfe, ...utf16le(text)]))).toEqual({ text, encoding: 'utf-16le' });
    expect(decodeText(Uint8Array.from([0xfe, 0xff, ...utf16be(text)]))).toEqual({ text, encoding: 'utf-16be' });
    expect(decodeText(utf16le(text))).toEqual({ text, encoding: 'utf-16le' });
    expect(decodeText(utf16be(text))).toEqual({ text, encoding: 'utf-16be' });
  });

  it('takes bytes that are not UTF-8 as Windows-1252 (é = E9, € = 80, smart quotes 93/94)', () => {
    const bytes = Uint8Array.from([0x4a, 0x6f, 0x73, 0xe9, 0x2c, 0x80, 0x35, 0x2c, 0x93, 0x68, 0x69, 0x94]);
    expect(isUtf8(bytes)).toBe(false);
    expect(decodeText(bytes)).toEqual({ text: 'José,€5,“hi”', encoding: 'windows-1252' });
  });

  it('rejects overlong and truncated UTF-8 sequences', () => {
    expect(isUtf8(Uint8Array.from([0xc0, 0xaf]))).toBe(false);
    expect(isUtf8(Uint8Array.from([0x41, 0xc3]))).toBe(false);
    expect(isUtf8(Uint8Array.from([0xe2, 0x82, 0xac]))).toBe(true);
    expect(detectEncoding(Uint8Array.from([0x41, 0xc3])).encoding).toBe('windows-1252');
  });

  it('decodes UTF-8 by hand exactly as TextDecoder does (for runtimes without it)', () => {
    const text = 'Zoë € 😀 Straße\r\n日本';
    const bytes = Uint8Array.from(Buffer.from(text));
    expect(decodeUtf8(bytes)).toBe(text);
    const bad = Uint8Array.from([0x41, 0xc3, 0x28, 0xe2, 0x82, 0x41, 0xed, 0xa0, 0x80]);
    expect(decodeUtf8(bad)).toBe(new TextDecoder().decode(bad));
    // A differential check against TextDecoder over random byte strings biased towards multi-byte leads.
    let seed = 7;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) % 256;
    for (let n = 0; n < 500; n++) {
      const sample = Uint8Array.from({ length: 1 + (n % 13) }, () => (next() < 128 ? 0x80 + (next() % 0x78) : next()));
      expect(decodeUtf8(sample)).toBe(new TextDecoder().decode(sample));
    }
  });

  it('uses an injected decoder (as Apps Script must)', () => {
    const seen: string[] = [];
    const out = decodeText(Uint8Array.from([0xff, 0xfe, 0x41, 0]), (bytes, enc) => {
      seen.push(`${enc}:${bytes.length}`);
      return 'A';
    });
    expect(out.text).toBe('A');
    expect(seen).toEqual(['utf-16le:2']);
  });
});

describe('sniffDelimiter', () => {
  it('finds , ; TAB and | from the header and the lines below', () => {
    expect(sniffDelimiter('a,b,c\n1,2,3\n')).toBe(',');
    expect(sniffDelimiter('Name;Amount\nSmith;1,50\nJones;2,75\n')).toBe(';');
    expect(sniffDelimiter('Name\tNote\nA\thello, world\n')).toBe('\t');
    expect(sniffDelimiter('a|b\n1|2\n')).toBe('|');
  });

  it('ignores delimiters inside quotes', () => {
    expect(sniffDelimiter('"Last, First";Email\n"Smith, Ann";a@example.com\n')).toBe(';');
  });
});
