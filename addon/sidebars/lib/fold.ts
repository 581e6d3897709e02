/** A category as compared with a Profile field's list: the sidebar's copy of shared/customers categoryKey. */
export function categoryKey(category: string): string {
  const letters: Record<string, string> = { ß: 'ss', æ: 'ae', ø: 'o', œ: 'oe', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };
  return category
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[ßæøœłđðþı]/g, (ch) => letters[ch] ?? ch)
    .replace(/\s+/g, ' ')
    .trim();
}
