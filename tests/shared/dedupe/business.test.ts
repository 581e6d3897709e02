import { describe, expect, it } from 'vitest';
import { compareStreets, otherSite, parseStreet, STREET_LEVELS } from '../../../shared/dedupe/address';
import { companySimilarity, companyTokens, looksLikeCompany, normaliseCompany, wordsAgree } from '../../../shared/dedupe/company';
import { companyMailDomain, isFreeMail, websiteDomain } from '../../../shared/dedupe/domain';
import { isLocalNumber, localNumberOf } from '../../../shared/dedupe/phone-local';
import { dedupe, roleOfHeader } from '../../../shared/dedupe';
import { sharedAcrossSites } from '../../../shared/dedupe/fields';
import { domainField } from '../../../shared/dedupe/domain';
import type { DedupeRecord } from '../../../shared/dedupe';

describe('company names', () => {
  it('drops legal forms and joining words, writes abbreviations out and ignores word order', () => {
    expect(companyTokens('Acme Trading (Pty) Ltd')).toEqual(['acme', 'trading']);
    expect(companyTokens('Smith & Sons CC')).toEqual(['smith', 'sons']);
    expect(companyTokens('Intl Cleaning Svcs NPC')).toEqual(['international', 'cleaning', 'services']);
    expect(companyTokens("Art's Deli GmbH")).toEqual(['arts', 'deli']);
    expect(normaliseCompany('Services Lutheran Social')).toBe(normaliseCompany('Lutheran Social Services, Inc.'));
    // Only legal words: kept rather than emptied.
    expect(companyTokens('The Company')).toEqual(['the', 'company']);
  });

  it('tells a firm from a person in one name column by legal forms and trading words', () => {
    expect(looksLikeCompany('Acme Trading (Pty) Ltd')).toBe(true);
    expect(looksLikeCompany('Nkosi Holdings')).toBe(true);
    expect(looksLikeCompany('Sipho Nkosi')).toBe(false);
    expect(looksLikeCompany('John & Mary Smith')).toBe(false);
  });

  it('agrees on short forms and near spellings of one word, not on unrelated words', () => {
    expect(wordsAgree('deli', 'delicatessen')).toBe(true);
    expect(wordsAgree('trumball', 'trumbull')).toBe(true);
    expect(wordsAgree('ab', 'abc')).toBe(false);
    expect(wordsAgree('mary', 'crane')).toBe(false);
  });

  it('weighs shared words by their weight: 2·shared / all', () => {
    const one = (): number => 1;
    // {arts, deli} vs {arts, delicatessen}: both words match, 4 / 4.
    expect(companySimilarity(['arts', 'deli'], ['arts', 'delicatessen'], one)).toBe(1);
    // {lutheran, services} vs {services}: shared services = 2, total 3.
    expect(companySimilarity(['lutheran', 'services'], ['services'], one)).toBeCloseTo(2 / 3, 10);
    // A rare word (weight 3) shared, a common one (weight 1) not: 2·3 / (3 + 1 + 3 + 1).
    const w = (x: string): number => (x === 'lutheran' ? 3 : 1);
    expect(companySimilarity(['lutheran', 'services'], ['lutheran', 'centre'], w)).toBeCloseTo(6 / 8, 10);
  });
});

describe('street addresses', () => {
  it('takes number, unit, directional and name apart, street type and tail ignored', () => {
    expect(parseStreet('1500 N. Mason').key).toBe('1500 north mason');
    expect(parseStreet('1500 N Mason Ave').key).toBe('1500 north mason');
    expect(parseStreet('2610 West 25th Place Lower level').key).toBe('2610 west 25th');
    expect(parseStreet('Unit 4, 12 Long St')).toMatchObject({ number: '12', unit: '4', name: ['long'] });
    expect(parseStreet('4/12 Long Straat')).toMatchObject({ number: '12', unit: '4', name: ['long'] });
    expect(parseStreet('12 Long Street, Suite 300')).toMatchObject({ number: '12', unit: '300' });
  });

  it('levels: same, directional missing, one typo in the number, no number, other number, other street', () => {
    const level = (a: string, b: string): string => STREET_LEVELS[compareStreets(parseStreet(a), parseStreet(b))] as string;
    expect(level('435 s. la cienega blv.', '435 S La Cienega Boulevard')).toBe('same address');
    expect(level('55 West Cermak', '55 Cermak Rd')).toBe('same number and street name');
    expect(level('1124 W Ainslie St', '1134 W Ainslie')).toBe('same number (or one typo off), street name alike');
    expect(level('Ainslie Street', 'Ainslie St')).toBe('same address');
    expect(level('Ainslie Street', 'Ainslee Street')).toBe('no number to compare, street name alike');
    expect(level('3200 Las Vegas Blvd S', '3570 Las Vegas Blvd S')).toBe('different house number or unit');
    expect(level('10 Main Rd', '10 Church St')).toBe('different street');
    expect(otherSite(parseStreet('1124 W Ainslie'), parseStreet('1134 W Ainslie'))).toBe(true);
    expect(otherSite(parseStreet('Ainslie St'), parseStreet('1134 W Ainslie'))).toBe(false);
  });
});

describe('phones and domains', () => {
  it('a local number agrees with the full number it ends', () => {
    expect(isLocalNumber('3865286')).toBe(true);
    expect(isLocalNumber('+17733865286')).toBe(false);
    expect(localNumberOf('3865286', '+17733865286')).toBe(true);
    expect(localNumberOf('3865287', '+17733865286')).toBe(false);
  });

  it('reads website and own e-mail domains; free mail names no company', () => {
    expect(websiteDomain('https://www.Example.co.za/contact')).toBe('example.co.za');
    expect(websiteDomain('shop.acme.com')).toBe('acme.com');
    expect(websiteDomain('Yes')).toBe('');
    expect(companyMailDomain('info@sales.acme.co.uk')).toBe('acme.co.uk');
    expect(companyMailDomain('someone@gmail.com')).toBe('');
    expect(isFreeMail('yahoo.co.uk')).toBe(true);
    expect(isFreeMail('webmail.co.za')).toBe(true);
  });
});

describe('switchboards and domains as fields', () => {
  it('a number that firms at two sites both carry is a switchboard; one site\'s own line is not', () => {
    const streets = ['12 Long St', '40 Long St', '12 Long Street', '7 Oak Rd'].map(parseStreet);
    const phones = [['+27215550100', '+27215550111'], ['+27215550100'], ['+27215550111'], ['+27215550100']];
    // Records 0 and 1 (numbers 12 and 40) share ...0100; ...0111 is only ever at number 12. Record 3 is a person.
    expect([...sharedAcrossSites(phones, streets, Uint8Array.from([1, 1, 1, 0]))]).toEqual(['+27215550100']);
  });

  it('the domain field: agreement on any domain is level 0, different domains level 1, none missing', () => {
    const field = domainField([['acme.co.za'], ['acme.co.za', 'acme.com'], ['other.com'], []]);
    expect(field.compare(0, 1)).toBe(0);
    expect(field.agreedValue(0, 1)).toBe('acme.co.za');
    expect(field.compare(0, 2)).toBe(1);
    expect(field.compare(0, 3)).toBe(-1);
  });
});

describe('business records end to end', () => {
  it('recognises company and website headers', () => {
    expect(roleOfHeader('Site name')).toBe('company');
    expect(roleOfHeader('Trading name')).toBe('company');
    expect(roleOfHeader('Business Name')).toBe('company');
    expect(roleOfHeader('Website')).toBe('website');
    expect(roleOfHeader('URL')).toBe('website');
  });

  it('joins spellings of one site and keeps a branch at another number apart', () => {
    const rec = (id: string, company: string, street: string, phone: string): DedupeRecord => ({ id, fields: { company, street, phone } });
    const records: DedupeRecord[] = [
      rec('a', 'Lutheran Social Services of Illinois - North Austin', '1500 N Mason Ave', '3865286'),
      rec('b', 'Lutheran Social Services (of Illinois) – North Austin', '1500 N. Mason', '(773) 386-5286'),
      rec('c', 'LUTHERAN SOCIAL SERVICES OF ILLINOIS NORTH AUSTIN', '1500 North Mason Avenue', '773 386 5286'),
      rec('d', 'Lutheran Social Services of Illinois', '4840 W Byron St', '3865286'),
    ];
    // Filler so the model has random pairs to learn from.
    for (let k = 0; k < 60; k++) records.push(rec(`f${k}`, `Company ${String.fromCharCode(97 + (k % 26))}${k} Holdings`, `${100 + k * 7} Oak Street`, `55501${String(k).padStart(2, '0')}`));
    const result = dedupe(records, { country: 'US', proposals: false });
    const clusterOf = (id: string): string => result.clusters.find((c) => c.memberIds.includes(id))?.id ?? '';
    expect(clusterOf('a')).toBe(clusterOf('b'));
    expect(clusterOf('a')).toBe(clusterOf('c'));
    expect(clusterOf('d')).not.toBe(clusterOf('a'));
    // The branch is reported as related, not proposed as a merge.
    const pair = [clusterOf('a'), clusterOf('d')].sort((x, y) => Number(x) - Number(y));
    expect(result.related).toContainEqual(expect.objectContaining({ relation: 'same company, other site', clusterIds: pair }));
    expect(result.related.some((r) => r.memberIds.some((id) => id.startsWith('f')))).toBe(false);
  });

  it('a mixed list: firms and people in one Name column are each compared as what they are', () => {
    const rec = (id: string, name: string, street: string, phone: string, email = ''): DedupeRecord => ({ id, fields: { full_name: name, street, phone, ...(email ? { email } : {}) } });
    const records: DedupeRecord[] = [
      rec('acme1', 'Acme Trading (Pty) Ltd', '12 Long St, Cape Town', '021 555 0101', 'accounts@acme.co.za'),
      rec('acme2', 'ACME TRADING PTY LTD', '12 Long Street', '+27 21 555 0101', 'info@acme.co.za'),
      rec('sipho1', 'Sipho Nkosi', '4 Oak Rd', '082 555 0199', 'sipho@gmail.com'),
      rec('sipho2', 'Mr S Nkosi', '4 Oak Road', '+27 82 555 0199', 'sipho@gmail.com'),
      // A person working at Acme's address: not Acme.
      rec('thabo', 'Thabo Mokoena', '12 Long Street', '083 555 0123', 'thabo@acme.co.za'),
    ];
    for (let k = 0; k < 60; k++) records.push(rec(`f${k}`, k % 2 ? `Person${String.fromCharCode(97 + (k % 26))} Filler${k}` : `Filler ${k} Services CC`, `${100 + k * 7} Pine Street`, `011 555 ${String(1000 + k)}`));
    const result = dedupe(records, { country: 'ZA', proposals: false });
    const clusterOf = (id: string): string => result.clusters.find((c) => c.memberIds.includes(id))?.id ?? '';
    expect(result.stats.fields).toEqual(expect.arrayContaining(['company', 'first_name', 'last_name', 'domain']));
    expect(clusterOf('acme1')).toBe(clusterOf('acme2'));
    expect(clusterOf('sipho1')).toBe(clusterOf('sipho2'));
    expect(clusterOf('thabo')).not.toBe(clusterOf('acme1'));
    expect(clusterOf('sipho1')).not.toBe(clusterOf('acme1'));
  });
});
