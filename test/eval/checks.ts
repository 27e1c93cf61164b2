/**
 * Check characters for the fixture builder and the corpus loaders. Written
 * here on purpose, independently of `shared/rules/validators`, so that the
 * evaluation does not grade the engine with the engine's own code.
 */

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** GB 11643 / ISO 7064 MOD 11-2 check character for the first 17 digits. */
export function idCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error(`idCheckChar: need 17 digits, got ${first17}`);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11]!;
}

const PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63,
  64, 65, 71, 81, 82, 83,
]);

function validDate(yyyymmdd: string): boolean {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  if (y < 1880 || y > 2100 || m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Which of the three GB 11643 checks an 18-character number fails. */
export function idFailures(id: string): ('region' | 'birth_date' | 'checksum' | 'format')[] {
  if (!/^\d{17}[\dXx]$/.test(id)) return ['format'];
  const out: ('region' | 'birth_date' | 'checksum')[] = [];
  if (!PROVINCES.has(Number(id.slice(0, 2)))) out.push('region');
  if (!validDate(id.slice(6, 14))) out.push('birth_date');
  if (idCheckChar(id.slice(0, 17)) !== id[17]!.toUpperCase()) out.push('checksum');
  return out;
}

/** Luhn check digit for a payload of digits (the digit to append). */
export function luhnCheckDigit(payload: string): string {
  let sum = 0;
  for (let i = 0; i < payload.length; i++) {
    let d = Number(payload[payload.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

export function luhnValid(digits: string): boolean {
  return digits.length > 1 && luhnCheckDigit(digits.slice(0, -1)) === digits.at(-1);
}
