import { describe, expect, it } from 'vitest';
import { byInput } from '../../../shared/dedupe/by-input';
import { prepare, type DedupeRecord } from '../../../shared/dedupe';
import { parseStreet } from '../../../shared/dedupe/address';

describe('byInput', () => {
  it('makes each distinct input once and hands out the same answer after', () => {
    const made: string[] = [];
    const parse = byInput((raw) => {
      made.push(raw);
      return { words: raw.split(' ') };
    });
    const a = parse('12 Long Street');
    const b = parse('4 Short Road');
    expect(parse('12 Long Street')).toBe(a);
    expect(parse('4 Short Road')).toBe(b);
    expect(a.words).toEqual(['12', 'Long', 'Street']);
    expect(made).toEqual(['12 Long Street', '4 Short Road']);
  });

  it('remembers an undefined or null answer too', () => {
    let calls = 0;
    const nothing = byInput(() => {
      calls++;
      return undefined;
    });
    expect(nothing('x')).toBeUndefined();
    expect(nothing('x')).toBeUndefined();
    expect(calls).toBe(1);
  });
});

describe('prepare with shared answers', () => {
  const record = (id: string, street: string, dob: string): DedupeRecord => ({ id, fields: { first_name: 'Ann', last_name: 'Mokoena', street, birth_date: dob, email: 'ann@example.com', phone: '082 555 0101' } });

  it('gives records with the same raw value the same normalised value, as if each were prepared alone', () => {
    const records = [record('1', '12 Long Street', '1980-03-04'), record('2', '12 Long Street', '1980-03-04'), record('3', '4/9 Short Rd', '1975-12-01')];
    const p = prepare(records, { country: 'ZA' });
    // Shared: one parsed address, one date, one list for the records that wrote the same thing.
    expect(p.streets[1]).toBe(p.streets[0]);
    expect(p.dob[1]).toBe(p.dob[0]);
    expect(p.email[1]).toBe(p.email[0]);
    // And equal to what each record gives on its own.
    records.forEach((r, i) => {
      const alone = prepare([r], { country: 'ZA' });
      expect(p.streets[i]).toEqual(alone.streets[0]);
      expect(p.streets[i]).toEqual(parseStreet(r.fields.street ?? ''));
      expect(p.dob[i]).toEqual(alone.dob[0]);
      expect(p.email[i]).toEqual(alone.email[0]);
      expect(p.phone[i]).toEqual(alone.phone[0]);
      expect(p.first[i]).toBe(alone.first[0]);
      expect(p.firstCanon[i]).toBe(alone.firstCanon[0]);
    });
    expect(p.street[2]).not.toBe(p.street[0]);
    // Comparisons read the shared values: the two same records agree on every field.
    for (const f of p.fields) expect(f.compare(0, 1)).toBe(0);
  });
});
