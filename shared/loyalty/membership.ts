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

/** True when a membership number's check digit is right. */
export function isValidMembershipNumber(value: string): boolean {
  const m = /^[A-Z]{1,4}-(\d{7})-(\d)$/.exec(value.trim());
  return m !== null && luhnDigit(m[1]!) === Number(m[2]);
}
