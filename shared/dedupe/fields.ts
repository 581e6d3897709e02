// Prepares records column by column and builds one comparator per field, each returning an agreement level.
import type { DedupeOptions, DedupeRecord, FieldRole } from './types';
import type { NormalDate } from './dates';
import { dayNumber, parseDate } from './dates';
import { canonicalFirst, normaliseEmail, normaliseName, normalisePostcode, normaliseText, splitFullName } from './normalise';
import { e164Phone, phoneCountry } from './phone';
import { placeField } from './place';
import { otherSite, parseStreet, streetField } from './address';
import type { StreetAddress } from './address';
import { companyField, looksLikeCompany, normaliseCompany } from './company';
import { companyMailDomain, domainField, websiteDomain } from './domain';
import { LOCAL_NUMBERS } from './phone-local';
import type { ValueAlias } from './phone-local';
import { codedMeasure, editDistance, jaroWinkler, memoise, tokenOverlap, withinTypos } from './similarity';
import type { Field } from './compared-field';
import { byInput } from './by-input';

/** Normalised columns of all records plus the comparators built on them. */
export interface Prepared {
  n: number;
  source: Uint8Array;
  first: string[];
  firstCanon: string[];
  last: string[];
  generation: string[];
  dob: (NormalDate | null)[];
  dobDay: Float64Array;
  email: string[][];
  phone: string[][];
  postcode: string[];
  street: string[];
  city: string[];
  /** Normalised regions (province, state); '' when absent. */
  region: string[];
  /** Street addresses taken apart (their keys are `street`). */
  streets: StreetAddress[];
  /** Per record its website's and (for a company record) own e-mail registrable domains. */
  domains: string[][];
  /** Normalised company names (legal forms dropped, words sorted); '' for a person. */
  company: string[];
  fullName: string[];
  generic: { name: string; values: string[] }[];
  fields: Field[];
  country: string | undefined;
  /**
   * Per list field, the values that say "same household or firm" rather than "same person" (sharedValues, and for
   * phones sharedAcrossSites too): the e-mail and phone fields' level 1. Kept so the SQL engines reuse them.
   */
  shared: { email: ReadonlySet<string>; phone: ReadonlySet<string> };
}

const LIST_SPLIT = /\s*[;|,/]\s*/;

/** The one empty list every record without values shares (frozen: a push would be a bug, and throws). */
const NO_VALUES = Object.freeze([]) as readonly string[] as string[];

/**
 * A list held for the whole run at its exact size. Arrays built by push or filter reserve room for 17 items (192
 * bytes for one e-mail); a copy holds only its items (64), which at a million records and three lists is half a
 * gigabyte less to keep and to collect.
 */
export function tightList(list: string[]): string[] {
  return list.length === 0 ? NO_VALUES : list.slice();
}

function countValues(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) if (v !== '') counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

function countLists(values: readonly string[][]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const list of values) for (const v of list) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

/** `counts` plus each record's own count (see Field.ownCounts). */
function valueCounts(values: readonly string[]): { counts: Map<string, number>; ownCounts: Int32Array } {
  const counts = countValues(values);
  return { counts, ownCounts: Int32Array.from(values, (v) => counts.get(v) ?? 2) };
}

function presentCount(values: readonly string[]): number {
  let k = 0;
  for (const v of values) if (v !== '') k++;
  return k;
}

/** Infers the phone country from +CC numbers (the most common one) when none is given. */
export function inferCountry(records: readonly DedupeRecord[]): string | undefined {
  const tally = new Map<string, number>();
  let seen = 0;
  for (const r of records) {
    const raw = r.fields.phone;
    if (raw === undefined || !/^\s*(\+|00)/.test(raw)) continue;
    const cc = phoneCountry(raw.split(LIST_SPLIT)[0] ?? '');
    if (cc !== undefined) tally.set(cc, (tally.get(cc) ?? 0) + 1);
    if (++seen >= 500) break;
  }
  let best: string | undefined;
  let bestN = 0;
  for (const [cc, k] of tally) if (k > bestN) [best, bestN] = [cc, k];
  return best;
}

function textLevels(a: string, b: string, cuts: readonly number[]): number {
  if (a === b) return 0;
  const s = jaroWinkler(a, b);
  for (let k = 0; k < cuts.length; k++) if (s >= (cuts[k] as number)) return k + 1;
  return cuts.length + 1;
}

function simpleField(name: string, values: string[], cuts: readonly number[], tf = true): Field {
  return {
    name,
    levels: cuts.length + 2,
    compare: (i, j) => {
      const a = values[i] as string;
      const b = values[j] as string;
      if (a === '' || b === '') return -1;
      return textLevels(a, b, cuts);
    },
    agreedValue: (i) => values[i] as string,
    ...(tf ? valueCounts(values) : { counts: undefined }),
    present: presentCount(values),
  };
}

function numberField(name: string, values: string[]): Field {
  return {
    name,
    levels: 3,
    compare: (i, j) => {
      const a = values[i] as string;
      const b = values[j] as string;
      if (a === '' || b === '') return -1;
      if (a === b) return 0;
      return editDistance(a, b, 1) <= 1 ? 1 : 2;
    },
    agreedValue: (i) => values[i] as string,
    ...valueCounts(values),
    present: presentCount(values),
  };
}

/**
 * Values (phones, e-mails) that records with clearly different given names carry: a family landline or mailbox.
 * Agreeing on one says "same household", not "same person", so it gets its own level.
 */
export function sharedValues(lists: readonly string[][], first: readonly string[]): Set<string> {
  // Most values are one record's: they keep the name itself, and only a value seen again gets a list.
  const names = new Map<string, string | string[]>();
  const shared = new Set<string>();
  const clash = (g: string, f: string): boolean => givenNameLevel(g, f, canonicalFirst(g), canonicalFirst(f)) === 4;
  lists.forEach((list, i) => {
    const name = first[i] as string;
    const space = name.indexOf(' ');
    const f = space < 0 ? name : name.slice(0, space);
    if (f.length < 2) return;
    for (const v of list) {
      if (shared.has(v)) continue;
      const seen = names.get(v);
      if (seen === undefined) names.set(v, f);
      else if (typeof seen === 'string') {
        if (seen === f) continue;
        if (clash(seen, f)) shared.add(v);
        else names.set(v, [seen, f]);
      } else {
        if (seen.includes(f)) continue;
        if (seen.some((g) => clash(g, f))) shared.add(v);
        else if (seen.length < 4) seen.push(f);
      }
    }
  });
  return shared;
}

/**
 * A field over lists of values (e-mails, phones): 0 a value both share, 1 a shared household value (in
 * `sharedSet`), 2 near values, 3 none alike. `alias` (optional) says two different spellings are one value (a local
 * number and the full one).
 */
function listField(name: string, lists: string[][], near: (a: string, b: string) => boolean, sharedSet: ReadonlySet<string>, alias?: ValueAlias): Field {
  // Values become integer codes so the comparison of two lists is a few integer tests. The codes of all lists sit
  // in one array (record i's at starts[i] … starts[i + 1]): a typed array per record costs 216 bytes for one code.
  const ids = new Map<string, number>();
  const vocab: string[] = [];
  const starts = new Int32Array(lists.length + 1);
  for (let i = 0; i < lists.length; i++) starts[i + 1] = starts[i]! + (lists[i] as string[]).length;
  const flat = new Int32Array(starts[lists.length]!);
  // A loop, not a callback: a callback would capture `ids`, and V8 would keep it as long as the comparators live.
  for (let i = 0; i < lists.length; i++) {
    let at = starts[i]!;
    for (const v of lists[i] as string[]) {
      let id = ids.get(v);
      if (id === undefined) {
        id = vocab.length;
        ids.set(v, id);
        vocab.push(v);
      }
      flat[at++] = id;
    }
  }
  const shared = Uint8Array.from(vocab, (v) => (sharedSet.has(v) ? 1 : 0));
  // Short spellings (local numbers) are flagged once, so pairs without one skip the alias test.
  const short = Uint8Array.from(vocab, (v) => (alias?.isShort(v) === true ? 1 : 0));
  const aliased = (x: number, y: number): boolean => {
    if (alias === undefined || short[x] === short[y]) return false;
    return short[x] === 1 ? alias.agree(vocab[x] as string, vocab[y] as string) : alias.agree(vocab[y] as string, vocab[x] as string);
  };
  /** The value two lists share, a value nobody else shares first; -1 when they share none. */
  const agreedCode = (i: number, j: number): number => {
    const aEnd = starts[i + 1]!;
    const bFrom = starts[j]!;
    const bEnd = starts[j + 1]!;
    let sharedHit = -1;
    for (let x = starts[i]!; x < aEnd; x++) {
      const cx = flat[x]!;
      for (let y = bFrom; y < bEnd; y++) {
        if (cx !== flat[y] && !aliased(cx, flat[y]!)) continue;
        if (shared[cx] === 0) return cx;
        sharedHit = cx;
      }
    }
    return sharedHit;
  };
  return {
    name,
    levels: 4,
    compare: (i, j) => {
      const aFrom = starts[i]!;
      const aEnd = starts[i + 1]!;
      const bFrom = starts[j]!;
      const bEnd = starts[j + 1]!;
      if (aFrom === aEnd || bFrom === bEnd) return -1;
      const hit = agreedCode(i, j);
      if (hit >= 0) return shared[hit] === 0 ? 0 : 1;
      for (let x = aFrom; x < aEnd; x++) for (let y = bFrom; y < bEnd; y++) if (near(vocab[flat[x]!] as string, vocab[flat[y]!] as string)) return 2;
      return 3;
    },
    // The pair's own agreed value (for the term-frequency adjustment), not whatever was compared last.
    agreedValue: (i, j) => vocab[agreedCode(i, j)] ?? '',
    counts: countLists(lists),
    present: lists.reduce((k, l) => k + (l.length > 0 ? 1 : 0), 0),
  };
}

/** Values (phones) that company records at two different sites (another house number) both carry. */
export function sharedAcrossSites(lists: readonly string[][], streets: readonly StreetAddress[], organisation: Uint8Array): Set<string> {
  const siteOf = new Map<string, StreetAddress>();
  const shared = new Set<string>();
  lists.forEach((list, i) => {
    const site = streets[i] as StreetAddress;
    if (organisation[i] !== 1 || site.number === '') return;
    for (const v of list) {
      const seen = siteOf.get(v);
      if (seen === undefined) siteOf.set(v, site);
      else if (otherSite(seen, site)) shared.add(v);
    }
  });
  return shared;
}

/** Typos between two YYYYMMDD strings: differing digits, an adjacent swap counting one (fixed width, so no DP). */
export function digitTypos(a: string, b: string): number {
  let k = 0;
  for (let x = 0; x < 8; x++) {
    if (a.charCodeAt(x) === b.charCodeAt(x)) continue;
    if (x < 7 && a.charCodeAt(x) === b.charCodeAt(x + 1) && a.charCodeAt(x + 1) === b.charCodeAt(x)) x++;
    k++;
  }
  return k;
}

/** True when two given names are compatible: equal, nickname-equivalent, initial of the other, or close in spelling. */
export function givenNameLevel(a: string, b: string, ca: string, cb: string): number {
  if (a === b) return 0;
  if (ca === cb) return 1;
  const s = jaroWinkler(a, b);
  if (s >= 0.92) return 1;
  if ((a.length === 1 || b.length === 1) && a[0] === b[0]) return 2;
  if (s >= 0.85) return 2;
  const fa = a.split(' ')[0] as string;
  const fb = b.split(' ')[0] as string;
  if (fa === fb || (a.length >= 3 && b.length >= 3 && (a.startsWith(b) || b.startsWith(a)))) return 2;
  if (s >= 0.7) return 3;
  return 4;
}

/** Normalises every record and builds the comparators for the roles and extra columns present. */
export function prepare(records: readonly DedupeRecord[], options: DedupeOptions): Prepared {
  const n = records.length;
  const country = options.country?.toUpperCase() ?? inferCountry(records);
  const phoneOf = options.normalisePhone ?? e164Phone;
  const source = new Uint8Array(n);
  const first: string[] = new Array<string>(n);
  const firstCanon: string[] = new Array<string>(n);
  const last: string[] = new Array<string>(n);
  const generation: string[] = new Array<string>(n);
  const dob: (NormalDate | null)[] = new Array<NormalDate | null>(n);
  const dobDay = new Float64Array(n);
  const email: string[][] = new Array<string[]>(n);
  const phone: string[][] = new Array<string[]>(n);
  const postcode: string[] = new Array<string>(n);
  const street: string[] = new Array<string>(n);
  const streets: StreetAddress[] = new Array<StreetAddress>(n);
  const city: string[] = new Array<string>(n);
  const region: string[] = new Array<string>(n);
  const company: string[] = new Array<string>(n);
  const domains: string[][] = new Array<string[]>(n);
  const organisation = new Uint8Array(n);
  const fullName: string[] = new Array<string>(n);
  const has = new Set<FieldRole>();
  const extraNames = new Set<string>();
  for (const r of records) {
    for (const [k, v] of Object.entries(r.fields)) if (v !== undefined && v.trim() !== '') has.add(k as FieldRole);
    if (r.extra) for (const k of Object.keys(r.extra)) extraNames.add(k);
  }
  const splitNames = has.has('full_name') && !has.has('first_name') && !has.has('last_name');
  // Each distinct raw value normalised once; records with the same value share the result (see by-input.ts).
  const nameOf = byInput(normaliseName);
  const canonOf = byInput(canonicalFirst);
  const dateOf = byInput((raw) => parseDate(raw, options.monthFirst));
  const emailsOf = byInput((raw) => tightList(raw.split(LIST_SPLIT).map(normaliseEmail).filter((e) => e !== '')));
  const phonesOf = byInput((raw) => tightList(raw.split(/\s*[;|,]\s*|\s+\/\s+/).map((p) => phoneOf(p, country)).filter((p) => p !== '')));
  const postcodeOf = byInput(normalisePostcode);
  const streetOf = byInput(parseStreet);
  const textOf = byInput(normaliseText);
  const companyOf = byInput(normaliseCompany);
  for (let i = 0; i < n; i++) {
    const r = records[i] as DedupeRecord;
    const f = r.fields;
    source[i] = r.source ?? 0;
    let fn = nameOf(f.first_name ?? '');
    let ln = nameOf(f.last_name ?? '');
    // In a mixed list one "Name" column holds people and firms: "Acme Trading (Pty) Ltd" is compared as a company.
    const nameIsCompany = (f.company ?? '') === '' && fn.text === '' && ln.text === '' && looksLikeCompany(f.full_name ?? '');
    if (nameIsCompany) {
      fullName[i] = '';
    } else if (splitNames || (fn.text === '' && ln.text === '' && (f.full_name ?? '') !== '')) {
      const parts = splitFullName(f.full_name ?? '');
      fn = nameOf(parts.first);
      ln = nameOf(parts.last);
      fullName[i] = '';
    } else {
      fullName[i] = textOf(f.full_name ?? '');
    }
    first[i] = fn.text;
    firstCanon[i] = fn.text === '' ? '' : canonOf(fn.text);
    last[i] = ln.text;
    generation[i] = fn.generation || ln.generation || nameOf(f.full_name ?? '').generation;
    const d = dateOf(f.birth_date ?? '');
    dob[i] = d;
    dobDay[i] = d ? dayNumber(d) : NaN;
    email[i] = emailsOf(f.email ?? '');
    phone[i] = phonesOf(f.phone ?? '');
    postcode[i] = postcodeOf(f.postcode ?? '');
    streets[i] = streetOf(f.street ?? '');
    street[i] = (streets[i] as StreetAddress).key;
    city[i] = textOf(f.city ?? '');
    region[i] = textOf(f.region ?? '');
    company[i] = companyOf(nameIsCompany ? (f.full_name as string) : (f.company ?? ''));
    // A company record (a company name, no person's name) is one site of a firm; a person with an employer is not.
    organisation[i] = company[i] !== '' && fn.text === '' && ln.text === '' && fullName[i] === '' ? 1 : 0;
    // A company's own e-mail domain names it as its website does; a person's (or free mail) does not.
    const own = organisation[i] === 1 ? (email[i] as string[]).map(companyMailDomain) : [];
    // Most records have neither a website nor a company mailbox: no list, set and copies made for them.
    const website = f.website ?? '';
    domains[i] = website === '' && own.length === 0 ? tightList(own) : tightList([...new Set([...website.split(/\s*[;|,]\s*|\s+/).map(websiteDomain), ...own])].filter((d) => d !== ''));
  }
  const fields: Field[] = [];
  const anyFirst = first.some((v) => v !== '');
  const anyLast = last.some((v) => v !== '');
  // Names have a small vocabulary, so their similarities are memoised (most candidate pairs repeat a name pair).
  const jw = memoise(jaroWinkler);
  const givenOf = (a: string, b: string): number => givenNameLevel(a, b, canonicalFirst(a), canonicalFirst(b));
  const givenLevel = memoise(givenOf);
  const givenCoded = codedMeasure(first, givenOf);
  const surnameOf = (a: string, b: string): number => {
    const s = jaroWinkler(a, b);
    if (s >= 0.92 || (a.includes(' ') || b.includes(' ') ? tokenOverlap(a.split(' '), b.split(' ')) === 1 : false)) return 1;
    if (s >= 0.85) return 2;
    if (s >= 0.7) return 3;
    return 4;
  };
  const surnameLevel = memoise(surnameOf);
  const surnameCoded = codedMeasure(last, surnameOf);
  // Given name and surname written the other way round (checked only when the names disagree as written).
  const swapped = (i: number, j: number): boolean => {
    const fi = first[i] as string;
    const lj = last[j] as string;
    const li = last[i] as string;
    const fj = first[j] as string;
    if (fi === '' || lj === '' || li === '' || fj === '') return false;
    // Cheap first-letter test before any similarity: almost every candidate pair fails it.
    if (fi.charCodeAt(0) !== lj.charCodeAt(0) || li.charCodeAt(0) !== fj.charCodeAt(0)) return false;
    return jw(fi, lj) >= 0.9 && jw(li, fj) >= 0.9;
  };
  if (anyFirst) {
    fields.push({
      name: 'first_name',
      levels: 5,
      compare: (i, j) => {
        const a = first[i] as string;
        const b = first[j] as string;
        if (a === '' || b === '') return -1;
        if (a === b) return 0;
        const level = givenCoded(i, j);
        return level >= 3 && swapped(i, j) ? givenLevel(a, last[j] as string) : level;
      },
      agreedValue: (i) => first[i] as string,
      ...valueCounts(first),
      present: presentCount(first),
    });
  }
  if (anyLast) {
    fields.push({
      name: 'last_name',
      levels: 5,
      compare: (i, j) => {
        const a = last[i] as string;
        const b = last[j] as string;
        if (a === '' || b === '') return -1;
        if (a === b) return 0;
        const level = surnameCoded(i, j);
        if (level < 3 || !swapped(i, j)) return level;
        const c = first[j] as string;
        return a === c ? 0 : surnameLevel(a, c);
      },
      agreedValue: (i) => last[i] as string,
      ...valueCounts(last),
      present: presentCount(last),
    });
  }
  if (generation.some((g) => g !== '')) {
    fields.push({
      name: 'generation',
      levels: 2,
      compare: (i, j) => (generation[i] === '' || generation[j] === '' ? -1 : generation[i] === generation[j] ? 0 : 1),
      agreedValue: (i) => generation[i] as string,
      counts: undefined,
      present: presentCount(generation),
      conflict: (_i, _j, level) => level === 1,
    });
  }
  // A full name next to given name and surname repeats them: compared only when it is the only name.
  if (!anyFirst && !anyLast && fullName.some((v) => v !== '')) {
    const tokens = fullName.map((v) => (v === '' ? [] : v.split(' ')));
    fields.push({
      name: 'full_name',
      levels: 4,
      compare: (i, j) => {
        const a = fullName[i] as string;
        const b = fullName[j] as string;
        if (a === '' || b === '') return -1;
        if (a === b) return 0;
        const o = tokenOverlap(tokens[i] as string[], tokens[j] as string[]);
        if (o === 1 || jaroWinkler(a, b) >= 0.92) return 1;
        if (o >= 0.5) return 2;
        return 3;
      },
      agreedValue: (i) => fullName[i] as string,
      ...valueCounts(fullName),
      present: presentCount(fullName),
    });
  }
  if (dob.some((d) => d !== null)) {
    fields.push({
      name: 'birth_date',
      levels: 5,
      compare: (i, j) => {
        const a = dob[i];
        const b = dob[j];
        if (!a || !b) return -1;
        if (a.ymd === b.ymd) return 0;
        const typos = digitTypos(a.ymd, b.ymd);
        if ((a.y === b.y && a.m === b.d && a.d === b.m) || typos <= 1) return 1;
        if (Math.abs((dobDay[i] as number) - (dobDay[j] as number)) <= 45 || typos <= 2) return 2;
        // Far apart (another generation) is its own level: EM learns how rarely one person's records do that.
        if (Math.abs(a.y - b.y) >= 5) return 4;
        return 3;
      },
      agreedValue: (i) => dob[i]?.ymd ?? '',
      ...valueCounts(dob.map((d) => d?.ymd ?? '')),
      present: dob.reduce((k, d) => k + (d ? 1 : 0), 0),
    });
  }
  const shared = { email: new Set<string>(), phone: new Set<string>() };
  if (email.some((e) => e.length > 0)) {
    shared.email = sharedValues(email, first);
    // Near means a typo: the same local part at another domain is often only the same name (namesakes).
    fields.push(listField('email', email, (x, y) => x.charCodeAt(0) === y.charCodeAt(0) && withinTypos(x, y, 2), shared.email));
  }
  if (phone.some((p) => p.length > 0)) {
    shared.phone = sharedValues(phone, first);
    // A switchboard answers for several sites of a firm: agreeing on it says "same firm", weaker than a direct line.
    for (const v of sharedAcrossSites(phone, streets, organisation)) shared.phone.add(v);
    fields.push(listField('phone', phone, (x, y) => x.length === y.length && withinTypos(x, y, 1), shared.phone, LOCAL_NUMBERS));
  }
  if (street.some((v) => v !== '')) fields.push(streetField(streets, (i) => organisation[i] === 1));
  if (postcode.some((v) => v !== '') || city.some((v) => v !== '') || region.some((v) => v !== '')) fields.push(placeField(postcode, city, region));
  if (company.some((v) => v !== '')) fields.push(companyField(company));
  if (domains.some((d) => d.length > 0)) fields.push(domainField(domains));
  const generic: { name: string; values: string[] }[] = [];
  for (const name of extraNames) {
    const values = records.map((r) => normaliseText(r.extra?.[name] ?? ''));
    const present = presentCount(values);
    if (present === 0) continue;
    generic.push({ name, values });
    // A column that only repeats the names (first_and_surname) would count the name evidence twice.
    let repeatsNames = 0;
    for (let i = 0; i < n; i++) {
      const v = values[i] as string;
      if (v !== '' && (v === `${first[i] as string} ${last[i] as string}` || v === `${last[i] as string} ${first[i] as string}`)) repeatsNames++;
    }
    if (repeatsNames >= 0.5 * present) continue;
    let numeric = 0;
    for (const v of values) if (v !== '' && /^\d{1,8}$/.test(v)) numeric++;
    if (numeric >= 0.9 * present) fields.push(numberField(name, values));
    else fields.push(simpleField(name, values, [0.9, 0.75]));
  }
  return { n, source, first, firstCanon, last, generation, dob, dobDay, email, phone, postcode, street, city, region, streets, domains, company, fullName, generic, fields, country, shared };
}
