// A one-column name split into first and last, the way the person would file it.

/** Words that belong to the surname that follows them (van der Merwe, de la Cruz, du Plessis, da Silva …). */
const PARTICLES = new Set([
  'van', 'von', 'der', 'den', 'de', 'del', 'della', 'la', 'le', 'du', 'da', 'das', 'dos', 'di', 'des', 'ter', 'ten', 'op', "'t", 'al', 'el', 'bin', 'ibn', 'st', 'st.', 'mac', 'zu', 'vom', 'y',
]);
const SUFFIXES = new Set(['jr', 'jr.', 'sr', 'sr.', 'ii', 'iii', 'iv', 'phd', 'md']);

/**
 * Splits "Pieter van der Merwe" into first "Pieter" and last "van der Merwe"; "Merwe, Pieter van der" (comma form)
 * into the same; a single word is a first name. Spacing is tidied, capitalisation kept.
 */
export function splitName(full: string): { first: string; last: string } {
  const text = full.replace(/\s+/g, ' ').trim();
  if (text === '') return { first: '', last: '' };
  const comma = text.indexOf(',');
  if (comma > 0) {
    const after = text.slice(comma + 1).trim();
    if (!SUFFIXES.has(after.toLowerCase())) {
      // "Merwe, Pieter van der": particles written after the first name go back in front of the surname.
      const words = after.split(' ');
      let cut = words.length;
      while (cut > 1 && PARTICLES.has(words[cut - 1]!.toLowerCase())) cut--;
      const particles = words.slice(cut).join(' ');
      return { first: words.slice(0, cut).join(' '), last: [particles, text.slice(0, comma).trim()].filter((s) => s !== '').join(' ') };
    }
  }
  const words = text.split(' ');
  if (words.length === 1) return { first: text, last: '' };
  let end = words.length;
  while (end > 1 && SUFFIXES.has(words[end - 1]!.toLowerCase())) end--;
  // The surname starts at the first particle after the first word, else at the last word before any suffix.
  let start = end - 1;
  for (let i = 1; i < end - 1; i++) {
    if (words.slice(i, end - 1).every((w) => PARTICLES.has(w.toLowerCase()))) {
      start = i;
      break;
    }
  }
  return { first: words.slice(0, start).join(' '), last: words.slice(start).join(' ') };
}
