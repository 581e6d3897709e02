// Street addresses taken apart before comparison: house number, unit or suite, directional and street name, with
// the street type (Ave, Rd, Straat …) and any tail after it (a city, "Lower level") set aside. Two addresses that
// differ only in how they were written ("1500 N. Mason" / "1500 N Mason Ave") are the same address.
import type { Field } from './compared-field';
import { normaliseStreet } from './normalise';
import { codedMeasure, editDistance, jaroWinkler, tokenOverlap } from './similarity';

/** Street types in their long form (normaliseStreet writes the short forms out). */
const STREET_TYPES = new Set([
  'street', 'road', 'avenue', 'drive', 'crescent', 'place', 'court', 'lane', 'highway', 'boulevard', 'parade', 'terrace',
  'close', 'square', 'park', 'circuit', 'circle', 'grove', 'gardens', 'esplanade', 'extension', 'parkway', 'way', 'walk',
  'mews', 'row', 'green', 'heights', 'hill', 'expressway', 'freeway', 'plaza', 'trail', 'view', 'rise', 'loop',
]);

const DIRECTIONS = new Set(['north', 'south', 'east', 'west', 'northeast', 'northwest', 'southeast', 'southwest']);

/** Words that introduce a unit, suite or floor: the next word is its number. */
const UNIT_WORDS = new Set(['unit', 'suite', 'room', 'floor', 'shop', 'office', 'building', 'block']);

/** An address taken apart (all parts normalised; '' when absent). */
export interface StreetAddress {
  number: string;
  unit: string;
  direction: string;
  /** The street name's words, without type, directional, number and unit. */
  name: string[];
  /** number, unit, directional and name in one string: two spellings of one address share it. */
  key: string;
}

/** Takes a raw street address apart ("Unit 4, 12 Long St", "4/12 Long Street", "1500 N. Mason Ave Chicago IL"). */
export function parseStreet(raw: string): StreetAddress {
  let unit = '';
  // "4/12 Long Street": unit 4 of number 12 (South African and Australian style).
  const slash = /^\s*(\d+[a-z]?)\s*\/\s*(\d+[a-z]?)\b/i.exec(raw);
  let text = raw;
  if (slash) {
    unit = (slash[1] as string).toLowerCase();
    text = `${slash[2] as string} ${raw.slice(slash[0].length)}`;
  }
  const ws = normaliseStreet(text.replace(/#\s*/g, ' unit ')).split(' ').filter((w) => w !== '');
  let number = '';
  let direction = '';
  const name: string[] = [];
  let typed = false;
  for (let k = 0; k < ws.length; k++) {
    const w = ws[k] as string;
    if (UNIT_WORDS.has(w) && k + 1 < ws.length) {
      if (unit === '') unit = ws[k + 1] as string;
      k++;
      continue;
    }
    if (number === '' && name.length === 0 && /^\d+[a-z]?$/.test(w)) {
      number = w;
      continue;
    }
    if (DIRECTIONS.has(w)) {
      if (direction === '' && name.length === 0) direction = w;
      else if (!typed) name.push(w);
      continue;
    }
    if (STREET_TYPES.has(w) && name.length > 0) {
      // Whatever follows the type (a city, a state, "lower level") is not the street's name.
      typed = true;
      continue;
    }
    if (!typed) name.push(w);
  }
  const key = [number, unit === '' ? '' : `unit ${unit}`, direction, ...name].filter((w) => w !== '').join(' ');
  // A copy at its exact size: the pushed array reserves room for 17 words, kept for every record of the run.
  return { number, unit, direction, name: name.slice(), key };
}

/** The levels of the street comparison, from agreement to disagreement. */
export const STREET_LEVELS = [
  'same address',
  'same number and street name',
  'same number (or one typo off), street name alike',
  'no number to compare, street name alike',
  'different house number or unit',
  'different street',
] as const;

function namesAgree(a: readonly string[], b: readonly string[]): boolean {
  if (a.length === 0 || b.length === 0) return false;
  // One name within the other: "mason" and "mason chicago il" (a city left in the cell without a type).
  return tokenOverlap(a, b) === 1;
}

/** Compares two parsed addresses: an index into STREET_LEVELS. */
export function compareStreets(a: StreetAddress, b: StreetAddress): number {
  if (a.key === b.key) return 0;
  const an = a.name.join(' ');
  const bn = b.name.join(' ');
  const alike = namesAgree(a.name, b.name) || jaroWinkler(an, bn) >= 0.88;
  if (a.number !== '' && b.number !== '') {
    if (a.unit !== '' && b.unit !== '' && a.unit !== b.unit) return alike ? 4 : 5;
    if (a.number !== b.number) return !alike ? 5 : editDistance(a.number, b.number, 1) <= 1 ? 2 : 4;
    const directionsClash = a.direction !== '' && b.direction !== '' && a.direction !== b.direction;
    if (namesAgree(a.name, b.name) && !directionsClash) return 1;
    return alike && !directionsClash ? 2 : 5;
  }
  return alike ? 3 : 5;
}

/**
 * True when two parsed addresses are two sites of a business: both have house numbers and they differ, or both
 * have units and those differ. Chains sit at 3200 and 3500 of one boulevard, so a one-digit difference counts.
 */
export function otherSite(a: StreetAddress, b: StreetAddress): boolean {
  return (a.number !== '' && b.number !== '' && a.number !== b.number) || (a.unit !== '' && b.unit !== '' && a.unit !== b.unit);
}

/**
 * The street field over parsed addresses: levels STREET_LEVELS, the agreed address term-frequency adjusted.
 * For two companies (`isCompany`), another house number is another site, a conflict: a branch is its own
 * customer whatever else it shares with head office. A person who moved keeps their identity, so not for people.
 */
export function streetField(parsed: readonly StreetAddress[], isCompany: (i: number) => boolean = () => false): Field {
  const keys = parsed.map((p) => p.key);
  const byKey = new Map<string, StreetAddress>();
  for (const p of parsed) if (!byKey.has(p.key)) byKey.set(p.key, p);
  // Duplicates repeat the same address strings, so levels are cached per pair of keys.
  const level = codedMeasure(keys, (a, b) => compareStreets(byKey.get(a) as StreetAddress, byKey.get(b) as StreetAddress));
  const counts = new Map<string, number>();
  let present = 0;
  for (const k of keys) {
    if (k === '') continue;
    present++;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return {
    name: 'street',
    levels: STREET_LEVELS.length,
    compare: (i, j) => {
      const a = keys[i] as string;
      const b = keys[j] as string;
      if (a === '' || b === '') return -1;
      return a === b ? 0 : level(i, j);
    },
    compareOnce: (i, j) => {
      const a = keys[i] as string;
      const b = keys[j] as string;
      if (a === '' || b === '') return -1;
      return a === b ? 0 : compareStreets(byKey.get(a) as StreetAddress, byKey.get(b) as StreetAddress);
    },
    agreedValue: (i) => keys[i] as string,
    conflict: (i, j, level) => level >= 2 && isCompany(i) && isCompany(j) && otherSite(parsed[i] as StreetAddress, parsed[j] as StreetAddress),
    counts,
    ownCounts: Int32Array.from(keys, (k) => counts.get(k) ?? 2),
    present,
  };
}
