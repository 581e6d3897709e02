// Local numbers: a phone written without its area code ("386 5286") is the full number's last 7–8 digits, so
// the two agree. The normaliser leaves such a number as bare digits (it cannot be made E.164).

/** How a list field recognises two spellings of one value: the short form and whether it ends the long one. */
export interface ValueAlias {
  /** True for the short spelling (a local number). */
  isShort: (value: string) => boolean;
  /** True when `short` is the tail of `full`. */
  agree: (short: string, full: string) => boolean;
}

/** A local number: 7 or 8 bare digits, no calling code (what e164Phone keeps of "386-5286"). */
export function isLocalNumber(phone: string): boolean {
  return /^\d{7,8}$/.test(phone);
}

/** True when a local number is the last digits of a longer (full or international) number. */
export function localNumberOf(short: string, full: string): boolean {
  const digits = full.replace(/\D/g, '');
  return digits.length > short.length && digits.endsWith(short);
}

/** The phone alias: local numbers agree with the full numbers they end. */
export const LOCAL_NUMBERS: ValueAlias = { isShort: isLocalNumber, agree: localNumberOf };
