/**
 * Luhn (ISO/IEC 7812-1 annex B, "mod 10") check used by payment card
 * numbers: from the rightmost digit (the check digit) leftwards, every
 * second digit is doubled (minus 9 when over 9); the sum must be a multiple of 10.
 */
export function luhnValid(digits: string): boolean {
  if (digits.length < 2 || !/^\d+$/.test(digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** The check digit that makes `payload + digit` pass the Luhn check. */
export function luhnCheckDigit(payload: string): string {
  for (let d = 0; d <= 9; d++) if (luhnValid(payload + d)) return String(d);
  throw new Error('payload must be digits');
}
