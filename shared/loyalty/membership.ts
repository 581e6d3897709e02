/** The Luhn check digit of a string of digits, so a mistyped membership number is caught at the till. */
export function luhnDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** A membership number from a sequence number: `PREFIX-0001234-5`, the last digit a Luhn check. */
export function membershipNumber(prefix: string, sequence: number): string {
  const body = String(sequence).padStart(7, '0');
  return `${prefix}-${body}-${luhnDigit(body)}`;
}

const NUMBER = /^([A-Z]{1,4})-(\d{7})-(\d)$/;

/** True when a membership number's check digit is right. */
export function isValidMembershipNumber(value: string): boolean {
  const m = NUMBER.exec(value.trim());
  return m !== null && luhnDigit(m[2]!) === Number(m[3]);
}

/** The settings key that remembers the last membership sequence issued, so a number is never reused. */
export const MEMBERSHIP_COUNTER = 'last_id.membership';

/**
 * The next `count` membership numbers after both the highest in use with this prefix and the last ever issued
 * (callers hold the document lock and store `last` under MEMBERSHIP_COUNTER).
 */
export function allocateMembershipNumbers(prefix: string, inUse: Iterable<string>, lastIssued: number, count: number): { numbers: string[]; last: number } {
  let high = Number.isFinite(lastIssued) ? Math.max(0, Math.floor(lastIssued)) : 0;
  for (const value of inUse) {
    const m = NUMBER.exec(value.trim());
    if (m && m[1] === prefix) high = Math.max(high, Number(m[2]));
  }
  const numbers = Array.from({ length: count }, (_, i) => membershipNumber(prefix, high + i + 1));
  return { numbers, last: high + count };
}
