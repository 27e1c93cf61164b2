/**
 * GB 11643-1999 citizen identification number: 6-digit region code,
 * 8-digit birth date, 3-digit sequence, ISO 7064 MOD 11-2 check character.
 * The 15-digit numbers issued before 1999 (GB 11643-1989) have a 6-digit
 * birth date without the century (always 19xx) and no check character.
 */
import { isCurrentRegionCode } from '../data/region-codes';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/**
 * First two digits of the region code (GB/T 2260 provinces), plus 71 (Taiwan)
 * and 81/82/83 used by residence permits for Hong Kong, Macao and Taiwan residents.
 */
const PROVINCE_CODES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54,
  61, 62, 63, 64, 65, 71, 81, 82, 83,
]);

/** The expected check character for the first 17 digits. */
export function gb11643CheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

export function isValidBirthDate(yyyymmdd: string): boolean {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  if (y < 1880 || y > 2100 || m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
  return d <= days;
}

export interface ResidentIdCheck {
  region: boolean;
  birthDate: boolean;
  checksum: boolean;
}

/**
 * Codes outside the mainland county table that are nevertheless current:
 * 710000 (Taiwan, listed in GB/T 2260) and 810000/820000/830000, the region
 * codes of residence permits for Hong Kong, Macao and Taiwan residents (2018).
 */
const CURRENT_SPECIAL_REGIONS = new Set(['710000', '810000', '820000', '830000']);

/** Whether the first two digits of a region code name a province (GB/T 2260) or 71/81/82/83. */
export function isValidProvince(region: string): boolean {
  return PROVINCE_CODES.has(Number(region.slice(0, 2)));
}

/**
 * Whether a 6-digit region code exists in the current division table. A
 * number whose province is valid but whose code is not current is still most
 * likely real: codes are abolished and renumbered (e.g. 440524 潮阳县 became
 * 440513 潮阳区), and people keep the number they were given.
 */
export function isCurrentRegion(region: string): boolean {
  return CURRENT_SPECIAL_REGIONS.has(region) || isCurrentRegionCode(region);
}

/** Checks an 18-character number; callers ensure the shape `\d{17}[\dXx]`. */
export function checkResidentId18(id: string): ResidentIdCheck {
  return {
    region: PROVINCE_CODES.has(Number(id.slice(0, 2))),
    birthDate: isValidBirthDate(id.slice(6, 14)),
    checksum: gb11643CheckChar(id) === id[17]!.toUpperCase(),
  };
}

/** Checks a 15-digit number (pre-1999, no check character); callers ensure the shape `\d{15}`. */
export function checkResidentId15(id: string): Omit<ResidentIdCheck, 'checksum'> {
  return {
    region: PROVINCE_CODES.has(Number(id.slice(0, 2))),
    birthDate: isValidBirthDate(`19${id.slice(6, 12)}`),
  };
}
