import { describe, expect, it } from 'vitest';
import { canonicalFirst, normaliseEmail, normaliseName, normalisePostcode, normaliseStreet, splitFullName } from '../../../shared/dedupe';
import { headerKey, mapColumns, roleOfHeader } from '../../../shared/dedupe';

describe('normalisation', () => {
  it('folds accents and case, drops titles and keeps Jr/Sr apart as the generation', () => {
    expect(normaliseName('  Dr. José  MÜLLER ')).toEqual({ text: 'jose muller', generation: '' });
    expect(normaliseName("Mnr O'Brien-Smit")).toEqual({ text: 'obrien smit', generation: '' });
    expect(normaliseName('Mandla Jnr')).toEqual({ text: 'mandla', generation: 'jr' });
    expect(normaliseName('John Snr.')).toEqual({ text: 'john', generation: 'sr' });
    expect(normaliseName('Søren Łukasz').text).toBe('soren lukasz');
  });

  it('maps nicknames to one given name (English and South African)', () => {
    expect(canonicalFirst('bill')).toBe('william');
    expect(canonicalFirst('willem')).toBe(canonicalFirst('william'));
    expect(canonicalFirst('thandi')).toBe('thandiwe');
    expect(canonicalFirst('zanele')).toBe('zanele');
  });

  it('splits full names, "Surname, Given" included', () => {
    expect(splitFullName('Mr Sipho B. Nkosi')).toEqual({ first: 'sipho', last: 'nkosi' });
    expect(splitFullName('van der Merwe, Anna Maria')).toEqual({ first: 'anna', last: 'van der merwe' });
  });

  it('normalises e-mails (case, Gmail dots and +tags) and leaves other domains\' dots alone', () => {
    expect(normaliseEmail(' Sarah.Dlamini+shop@GoogleMail.com ')).toBe('sarahdlamini@gmail.com');
    expect(normaliseEmail('sarah.dlamini@webmail.co.za')).toBe('sarah.dlamini@webmail.co.za');
    expect(normaliseEmail('not an address')).toBe('');
  });

  it('writes out street abbreviations and cleans postcodes', () => {
    expect(normaliseStreet('12 Kerk St.')).toBe('12 kerk street');
    expect(normaliseStreet('4 Jan Smuts Ave')).toBe(normaliseStreet('4 jan smuts avenue'));
    expect(normalisePostcode(' TQ13 8DF ')).toBe('tq138df');
  });

  it('recognises column roles from header names', () => {
    expect(headerKey('dateOfBirth')).toBe('date of birth');
    expect(roleOfHeader('Given name')).toBe('first_name');
    expect(roleOfHeader('DOB')).toBe('birth_date');
    expect(roleOfHeader('suburb')).toBe('city');
    expect(roleOfHeader('address_1')).toBe('street');
    expect(roleOfHeader('street_number')).toBeUndefined();
    expect(roleOfHeader('postcode_fake')).toBe('postcode');
    // A header about a value is not the value: a Profile field "company_size", Google's "E-mail 1 - Type".
    expect(roleOfHeader('company_size')).toBeUndefined();
    expect(roleOfHeader('E-mail 1 - Type')).toBeUndefined();
    expect(roleOfHeader('Phone 1 - Label')).toBeUndefined();
    expect(roleOfHeader('E-mail 1 - Value')).toBe('email');
    const { map } = mapColumns(['unique_id', 'cluster', 'full_name', 'first_and_surname', 'first_name', 'surname', 'Cell', 'Tel (home)']);
    expect(map.roles).toEqual({ id: [0], full_name: [2], first_name: [4], last_name: [5], phone: [6, 7] });
    expect(map.ignored).toEqual([1]);
    expect(map.generic).toEqual([3]);
  });
});
