// One comparison for where a record lives: postcode, city (suburb, town) and region together. They say almost
// the same thing (a suburb has one postcode), so comparing them as three independent fields would count one
// piece of evidence three times and let "same neighbourhood" pass for "same person".
import type { Field } from './compared-field';
import { codedMeasure, editDistance, jaroWinkler, tokenOverlap } from './similarity';

/** Postcodes differing in one character, or sharing everything but the last three (UK-style inward code). */
export function postcodesNear(a: string, b: string): boolean {
  if (a.length === b.length && editDistance(a, b, 1) <= 1) return true;
  return a.length >= 5 && b.length >= 5 && /[a-z]/.test(a) && a.slice(0, -3) === b.slice(0, -3);
}


/**
 * The place field: 0 same postcode (cities not contradicting) or, without postcodes, the same city; 1 the same
 * city; 2 a near postcode or only the region agrees; 3 different places; -1 nothing to compare.
 */
export function placeField(postcode: readonly string[], city: readonly string[], region: readonly string[]): Field {
  const citiesAgree = codedMeasure(city, (a, b) => (a === b || jaroWinkler(a, b) >= 0.9 || tokenOverlap(a.split(' '), b.split(' ')) >= 0.5 ? 1 : 0));
  const counts = new Map<string, number>();
  let present = 0;
  for (let i = 0; i < postcode.length; i++) {
    const key = postcode[i] !== '' ? `p${postcode[i] as string}` : city[i] !== '' ? `c${city[i] as string}` : '';
    if (key === '') continue;
    present++;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return {
    name: 'place',
    levels: 4,
    compare: (i, j) => {
      const pa = postcode[i] as string;
      const pb = postcode[j] as string;
      const ca = city[i] as string;
      const cb = city[j] as string;
      const hasP = pa !== '' && pb !== '';
      const hasC = ca !== '' && cb !== '';
      const cityOk = hasC ? citiesAgree(i, j) === 1 : undefined;
      if (hasP && pa === pb && cityOk !== false) return 0;
      if (!hasP && hasC && ca === cb) return 0;
      if (cityOk === true) return 1;
      if (hasP && postcodesNear(pa, pb)) return 2;
      const ra = region[i] as string;
      const rb = region[j] as string;
      if (!hasP && !hasC) return ra !== '' && rb !== '' ? (ra === rb ? 2 : 3) : -1;
      return 3;
    },
    agreedValue: (i, j) => (postcode[i] !== '' && postcode[i] === postcode[j] ? `p${postcode[i] as string}` : `c${city[i] as string}`),
    counts,
    present,
  };
}
