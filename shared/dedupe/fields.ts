// Prepares records column by column and builds one comparator per field, each returning an agreement level.
import type { DedupeOptions, DedupeRecord, FieldRole } from './types';
import type { NormalDate } from './dates';
import { dayNumber, parseDate } from './dates';
import { canonicalFirst, normaliseEmail, normaliseName, normalisePostcode, normaliseStreet, normaliseText, splitFullName } from './normalise';
import { e164Phone, phoneCountry } from './phone';
import { editDistance, jaroWinkler, tokenOverlap } from './similarity';

/** A compared field: level 0 is exact agreement, the last level is disagreement, -1 means a value is missing. */
export interface Field {
  name: string;
  levels: number;
  compare: (i: number, j: number) => number;
  /** The value both records agreed on at level 0, for the term-frequency adjustment. */
  agreedValue: (i: number, j: number) => string;
  /** How often each value occurs, for the term-frequency adjustment (undefined: no adjustment). */
  counts: Map<string, number> | undefined;
  /** Records with a value. */
  present: number;
  /** True when this level for this pair is hard evidence of two different people (twins, father and son). */
  conflict?: (i: number, j: number, level: number) => boolean;
}

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
  fullName: string[];
  generic: { name: string; values: string[] }[];
  fields: Field[];
  country: string | undefined;
}

const LIST_SPLIT = /\s*[;|,/]\s*/;

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
    counts: tf ? countValues(values) : undefined,
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
    counts: countValues(values),
    present: presentCount(values),
  };
}

function listField(name: string, lists: string[][], near: (a: string, b: string) => boolean): Field {
  let agreed = '';
  return {
    name,
    levels: 3,
    compare: (i, j) => {
      const a = lists[i] as string[];
      const b = lists[j] as string[];
      if (a.length === 0 || b.length === 0) return -1;
      for (const x of a) for (const y of b) if (x === y) {
        agreed = x;
        return 0;
      }
      for (const x of a) for (const y of b) if (near(x, y)) return 1;
      return 2;
    },
    agreedValue: () => agreed,
    counts: countLists(lists),
    present: lists.reduce((k, l) => k + (l.length > 0 ? 1 : 0), 0),
  };
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
  const city: string[] = new Array<string>(n);
  const region: string[] = new Array<string>(n);
  const company: string[] = new Array<string>(n);
  const fullName: string[] = new Array<string>(n);
  const has = new Set<FieldRole>();
  const extraNames = new Set<string>();
  for (const r of records) {
    for (const [k, v] of Object.entries(r.fields)) if (v !== undefined && v.trim() !== '') has.add(k as FieldRole);
    if (r.extra) for (const k of Object.keys(r.extra)) extraNames.add(k);
  }
  const splitNames = has.has('full_name') && !has.has('first_name') && !has.has('last_name');
  for (let i = 0; i < n; i++) {
    const r = records[i] as DedupeRecord;
    const f = r.fields;
    source[i] = r.source ?? 0;
    let fn = normaliseName(f.first_name ?? '');
    let ln = normaliseName(f.last_name ?? '');
    if (splitNames) {
      const parts = splitFullName(f.full_name ?? '');
      fn = normaliseName(parts.first);
      ln = normaliseName(parts.last);
      fullName[i] = '';
    } else {
      fullName[i] = normaliseText(f.full_name ?? '');
    }
    first[i] = fn.text;
    firstCanon[i] = fn.text === '' ? '' : canonicalFirst(fn.text);
    last[i] = ln.text;
    generation[i] = fn.generation || ln.generation || normaliseName(f.full_name ?? '').generation;
    const d = parseDate(f.birth_date ?? '', options.monthFirst);
    dob[i] = d;
    dobDay[i] = d ? dayNumber(d) : NaN;
    email[i] = (f.email ?? '').split(LIST_SPLIT).map(normaliseEmail).filter((e) => e !== '');
    phone[i] = (f.phone ?? '').split(/\s*[;|,]\s*|\s+\/\s+/).map((p) => phoneOf(p, country)).filter((p) => p !== '');
    postcode[i] = normalisePostcode(f.postcode ?? '');
    street[i] = normaliseStreet(f.street ?? '');
    city[i] = normaliseText(f.city ?? '');
    region[i] = normaliseText(f.region ?? '');
    company[i] = normaliseText(f.company ?? '');
  }
  const fields: Field[] = [];
  const anyFirst = first.some((v) => v !== '');
  const anyLast = last.some((v) => v !== '');
  // Names: compared with a check for given name and surname written the other way round.
  const swapped = (i: number, j: number): boolean => {
    const fi = first[i] as string;
    const lj = last[j] as string;
    if (fi === '' || lj === '' || fi === first[j]) return false;
    const li = last[i] as string;
    const fj = first[j] as string;
    return jaroWinkler(fi, lj) >= 0.9 && jaroWinkler(li, fj) >= 0.9;
  };
  if (anyFirst) {
    fields.push({
      name: 'first_name',
      levels: 5,
      compare: (i, j) => {
        const a = first[i] as string;
        const sw = swapped(i, j);
        const b = sw ? (last[j] as string) : (first[j] as string);
        if (a === '' || b === '') return -1;
        return givenNameLevel(a, b, firstCanon[i] as string, sw ? b : (firstCanon[j] as string));
      },
      agreedValue: (i) => first[i] as string,
      counts: countValues(first),
      present: presentCount(first),
      conflict: (i, j, level) => level === 4 && (first[i] as string).length > 1 && (first[j] as string).length > 1,
    });
  }
  if (anyLast) {
    fields.push({
      name: 'last_name',
      levels: 5,
      compare: (i, j) => {
        const a = last[i] as string;
        const b = swapped(i, j) ? (first[j] as string) : (last[j] as string);
        if (a === '' || b === '') return -1;
        if (a === b) return 0;
        const s = jaroWinkler(a, b);
        if (s >= 0.92 || (a.includes(' ') || b.includes(' ') ? tokenOverlap(a.split(' '), b.split(' ')) === 1 : false)) return 1;
        if (s >= 0.85) return 2;
        if (s >= 0.7) return 3;
        return 4;
      },
      agreedValue: (i) => last[i] as string,
      counts: countValues(last),
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
  if (fullName.some((v) => v !== '')) {
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
      counts: countValues(fullName),
      present: presentCount(fullName),
    });
  }
  if (dob.some((d) => d !== null)) {
    fields.push({
      name: 'birth_date',
      levels: 4,
      compare: (i, j) => {
        const a = dob[i];
        const b = dob[j];
        if (!a || !b) return -1;
        if (a.ymd === b.ymd) return 0;
        if ((a.y === b.y && a.m === b.d && a.d === b.m) || editDistance(a.ymd, b.ymd, 1) <= 1) return 1;
        if (Math.abs((dobDay[i] as number) - (dobDay[j] as number)) <= 45 || editDistance(a.ymd, b.ymd, 2) <= 2) return 2;
        return 3;
      },
      agreedValue: (i) => dob[i]?.ymd ?? '',
      counts: countValues(dob.map((d) => d?.ymd ?? '')),
      present: dob.reduce((k, d) => k + (d ? 1 : 0), 0),
      conflict: (i, j, level) => {
        if (level !== 3) return false;
        const a = dob[i] as NormalDate;
        const b = dob[j] as NormalDate;
        return Math.abs(a.y - b.y) >= 2 && editDistance(a.ymd, b.ymd, 3) >= 3;
      },
    });
  }
  if (email.some((e) => e.length > 0)) {
    fields.push(listField('email', email, (x, y) => {
      const ax = x.indexOf('@');
      const ay = y.indexOf('@');
      return x.slice(0, ax) === y.slice(0, ay) || editDistance(x, y, 2) <= 2;
    }));
  }
  if (phone.some((p) => p.length > 0)) {
    fields.push(listField('phone', phone, (x, y) => editDistance(x.slice(-9), y.slice(-9), 1) <= 1));
  }
  if (street.some((v) => v !== '')) {
    const tokens = street.map((v) => (v === '' ? [] : v.split(' ')));
    fields.push({
      name: 'street',
      levels: 4,
      compare: (i, j) => {
        const a = street[i] as string;
        const b = street[j] as string;
        if (a === '' || b === '') return -1;
        if (a === b) return 0;
        const s = jaroWinkler(a, b);
        if (s >= 0.92) return 1;
        if (s >= 0.8 || tokenOverlap(tokens[i] as string[], tokens[j] as string[]) === 1) return 2;
        return 3;
      },
      agreedValue: (i) => street[i] as string,
      counts: countValues(street),
      present: presentCount(street),
    });
  }
  if (postcode.some((v) => v !== '')) fields.push(numberField('postcode', postcode));
  if (city.some((v) => v !== '')) fields.push(simpleField('city', city, [0.9]));
  if (region.some((v) => v !== '')) fields.push(simpleField('region', region, [0.8], false));
  if (company.some((v) => v !== '')) fields.push(simpleField('company', company, [0.92, 0.8]));
  const generic: { name: string; values: string[] }[] = [];
  for (const name of extraNames) {
    const values = records.map((r) => normaliseText(r.extra?.[name] ?? ''));
    const present = presentCount(values);
    if (present === 0) continue;
    generic.push({ name, values });
    let numeric = 0;
    for (const v of values) if (v !== '' && /^\d{1,8}$/.test(v)) numeric++;
    if (numeric >= 0.9 * present) fields.push(numberField(name, values));
    else fields.push(simpleField(name, values, [0.9, 0.75]));
  }
  return { n, source, first, firstCanon, last, generation, dob, dobDay, email, phone, postcode, street, city, fullName, generic, fields, country };
}
