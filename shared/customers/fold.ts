const LETTERS: Record<string, string> = { ß: 'ss', æ: 'ae', ø: 'o', œ: 'oe', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };

/** Text folded for matching: accents and case ignored ("Zoë Ødegård" → "zoe odegard"), spacing collapsed. */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[ßæøœłđðþı]/g, (ch) => LETTERS[ch] ?? ch)
    .replace(/\s+/g, ' ')
    .trim();
}

/** The digits of a phone number or query, in order ("+27 (82) 555-0100" → "27825550100"). */
export function digitsOf(text: string): string {
  return text.replace(/\D/g, '');
}

/** A category as compared with a Profile field's "categories" list. */
export function categoryKey(category: string): string {
  return foldText(category);
}

/** The categories a Profile field applies to, as keys; an empty list means every category. */
export function parseCategoryList(text: string): string[] {
  return text
    .split(/[,;\n]/)
    .map(categoryKey)
    .filter((c) => c !== '');
}
