// Text helpers shared by the normalisers: tokens and a phonetic key, on the kernel's accent and case fold.
import { fold } from '../kernel';

/** Folded text with every run of non-alphanumerics turned into one space, trimmed. */
export function clean(raw: string): string {
  return fold(raw).replace(/[^a-z0-9]+/g, ' ').trim();
}

/** Words of the cleaned text. */
export function words(raw: string): string[] {
  const c = clean(raw);
  return c === '' ? [] : c.split(' ');
}

const SOUNDEX: Record<string, string> = {
  b: '1', f: '1', p: '1', v: '1',
  c: '2', g: '2', j: '2', k: '2', q: '2', s: '2', x: '2', z: '2',
  d: '3', t: '3', l: '4', m: '5', n: '5', r: '6',
};

/** American Soundex of a cleaned word ('' for none); used only as a blocking key. */
export function soundex(word: string): string {
  const letters = word.replace(/[^a-z]/g, '');
  const first = letters[0];
  if (first === undefined) return '';
  let out = first;
  let last = SOUNDEX[first] ?? '';
  for (let i = 1; i < letters.length && out.length < 4; i++) {
    const c = letters[i] as string;
    const code = SOUNDEX[c] ?? '';
    if (code !== '' && code !== last) out += code;
    if (c !== 'h' && c !== 'w') last = code;
  }
  return out.padEnd(4, '0');
}
