/**
 * Matching normalisation for list terms: full-width forms fold to ASCII,
 * ASCII letters to lower case, and whitespace and punctuation are skipped so
 * that `项 目·甲` still matches `项目甲`. The offset map keeps every
 * normalised character tied to its original index, so spans never shift.
 */

/** Folds one UTF-16 code unit; returns -1 when the character is ignorable. */
export function foldCode(c: number): number {
  if (c >= 0xff01 && c <= 0xff5e) c -= 0xfee0; // full-width ASCII block
  if (c >= 0x41 && c <= 0x5a) return c + 32;
  if (isIgnorable(c)) return -1;
  return c;
}

function isIgnorable(c: number): boolean {
  if (c <= 0x20) return true; // controls and space
  if (c < 0x7f) return !((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a)); // ASCII punctuation
  switch (c) {
    case 0x00a0: case 0x00b7: case 0x2022: case 0x2027: case 0x30fb: case 0x3000: case 0xfeff:
    case 0x3001: case 0x3002: case 0xff61: case 0xff64: case 0x2014: case 0x2013: case 0x2026:
    case 0x201c: case 0x201d: case 0x2018: case 0x2019: case 0x300a: case 0x300b: case 0x3010: case 0x3011:
      return true;
  }
  return c >= 0x200b && c <= 0x200f; // zero-width characters
}

export interface NormalizedText {
  text: string;
  /** `map[i]` is the index in the original text of normalised character `i`. */
  map: Int32Array;
}

export function normalizeWithMap(original: string): NormalizedText {
  const map = new Int32Array(original.length);
  const codes: number[] = [];
  let n = 0;
  for (let i = 0; i < original.length; i++) {
    const f = foldCode(original.charCodeAt(i));
    if (f < 0) continue;
    codes.push(f);
    map[n++] = i;
  }
  let text = '';
  for (let i = 0; i < codes.length; i += 8192) text += String.fromCharCode(...codes.slice(i, i + 8192));
  return { text, map: map.subarray(0, n) };
}

export function normalizeTerm(term: string): string {
  return normalizeWithMap(term).text;
}
