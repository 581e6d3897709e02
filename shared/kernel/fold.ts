// Letters that compatibility decomposition leaves whole; folded the way people type them without the key.
const LETTERS: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };

/**
 * Text as compared for matching: accents, case and compatibility forms ignored ("Zoë Ødegård" → "zoe odegard",
 * "Straße" → "strasse", "ﬁle" → "file"); spacing and punctuation are kept for callers to treat as they need.
 */
export function fold(text: string): string {
  const lower = text.toLowerCase();
  // Most names and headers are plain ASCII: skip the normalisation, which dominates on large lists.
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(lower)) return lower;
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[ßæœøłđðþı]/g, (c) => LETTERS[c] ?? c);
}

/** Folded text with runs of white space made one space and the ends trimmed: what search and category keys compare. */
export function foldSpaced(text: string): string {
  return fold(text).replace(/\s+/g, ' ').trim();
}
