import { foldSpaced } from '../kernel';

/** The digits of a phone number or query, in order ("+27 (82) 555-0100" → "27825550100"). */
export function digitsOf(text: string): string {
  return text.replace(/\D/g, '');
}

/** A category as compared with a Profile field's "categories" list. */
export function categoryKey(category: string): string {
  return foldSpaced(category);
}

/** The categories a Profile field applies to, as keys; an empty list means every category. */
export function parseCategoryList(text: string): string[] {
  return text
    .split(/[,;\n]/)
    .map(categoryKey)
    .filter((c) => c !== '');
}
