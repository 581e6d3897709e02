import { describe, expect, it } from 'vitest';
import { decodeQuotedPrintable, parseVcards, vcardBirthday } from '../../../shared/import';

const rowsOf = (text: string): Record<string, string>[] => {
  const t = parseVcards(text, 'x.vcf');
  return t.rows.map((r) => Object.fromEntries(t.header.map((h, i) => [h, r[i] ?? ''] as const).filter(([, v]) => v !== '')));
};

describe('parseVcards', () => {
  it('decodes 2.1 QUOTED-PRINTABLE UTF-8 names with soft line breaks, and bare TYPE parameters', () => {
    const rows = rowsOf('BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=89tienne;Fran=C3=A7ois;;;\r\nNOTE;ENCODING=QUOTED-PRINTABLE:line one=0D=0Aline =\r\ntwo\r\nTEL;CELL;PREF:+27 82 000 0001\r\nTEL;WORK:011 000 0002\r\nEND:VCARD\r\n');
    expect(rows).toEqual([{ 'First Name': 'François', 'Last Name': 'Étienne', Notes: 'line one\r\nline two', 'Phone 1': '+27 82 000 0001', 'Phone 2': '011 000 0002' }]);
  });

  it('unfolds 3.0 lines and unescapes text; keeps every e-mail in order', () => {
    const rows = rowsOf('BEGIN:VCARD\nVERSION:3.0\nFN:Ann Lee\nN:Lee;Ann;;;\nEMAIL;type=INTERNET;type=pref:ann@exa\n mple.com\nitem1.EMAIL;type=INTERNET:ann@work.example.com\nORG:Lee\\, Lee & Co;Sales\nCATEGORIES:VIP,Golf\nEND:VCARD\n');
    expect(rows).toEqual([{ 'First Name': 'Ann', 'Last Name': 'Lee', 'Full Name': 'Ann Lee', Organization: 'Lee, Lee & Co', Categories: 'VIP, Golf', 'E-mail 1': 'ann@example.com', 'E-mail 2': 'ann@work.example.com' }]);
  });

  it('reads 4.0 tel: URIs and numbers each card by the line it starts on', () => {
    const t = parseVcards('\nBEGIN:VCARD\nVERSION:4.0\nFN:A\nTEL;VALUE=uri;TYPE="cell,voice":tel:+1-555-0100\nEND:VCARD\nBEGIN:VCARD\nVERSION:4.0\nFN:B\nEND:VCARD\n', 'x.vcf');
    expect(t.lines).toEqual([2, 7]);
    expect(t.rows[0]![t.header.indexOf('Phone 1')]).toBe('+1-555-0100');
  });

  it('turns every yearless birthday form into --MM-DD', () => {
    const none = new Map<string, string[]>();
    expect(vcardBirthday('--0314', none)).toBe('--03-14');
    expect(vcardBirthday('--03-14', none)).toBe('--03-14');
    expect(vcardBirthday('0000-03-14', none)).toBe('--03-14');
    expect(vcardBirthday('1604-03-14', new Map([['X-APPLE-OMIT-YEAR', ['1604']]]))).toBe('--03-14');
    expect(vcardBirthday('1604-03-14', none)).toBe('1604-03-14');
    expect(vcardBirthday('19800229', none)).toBe('1980-02-29');
    expect(vcardBirthday('1980-02-29T00:00:00Z', none)).toBe('1980-02-29');
  });

  it('decodes QP bytes that are not UTF-8 as Latin-1 instead of dropping them', () => {
    expect(decodeQuotedPrintable('Caf=E9', 'ISO-8859-1')).toBe('Café');
    expect(decodeQuotedPrintable('Caf=E9')).toBe('Café');
  });
});
