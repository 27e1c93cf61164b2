/**
 * Matching normalisation for list terms and the text they are searched in:
 * full-width forms fold to ASCII, ASCII letters to lower case, traditional
 * Chinese characters to simplified ones (OpenCC's character map, one to one),
 * and whitespace and punctuation are skipped so that `项 目·甲` and `項目甲`
 * both match `项目甲`.
 *
 * Every fold maps one UTF-16 code unit to one code unit (or drops it), so the
 * offset map keeps every normalised character tied to its original index and
 * spans never shift. The whole fold is one lookup in a 64 K-entry table
 * (`FOLD`, 128 KB) built once when the module loads; 0 there means "skip".
 * Supplementary-plane characters pass through unchanged as their two
 * surrogates.
 *
 * Matching does not call these functions on the text: the Aho-Corasick
 * automaton takes `FOLD` and folds each unit as it reads it (see
 * aho-corasick.ts), so no normalised copy of a document is ever built.
 * `normalizeWithMap` is for callers that need the normalised text itself
 * (the export leak check).
 */
import { T2S_SIMPLIFIED, T2S_TRADITIONAL } from './data/t2s';

/** Code units dropped by the normalisation: controls, spaces, punctuation, zero-width and format characters. */
function isIgnorable(c: number): boolean {
  if (c <= 0x20 || (c >= 0x7f && c <= 0xa0)) return true; // C0/C1 controls, space, DEL, no-break space
  if (c < 0x7f) return !((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a)); // ASCII punctuation
  switch (c) {
    case 0x00ab: case 0x00ad: case 0x00b7: case 0x00bb: case 0x1680: case 0x30fb: case 0xfeff:
    case 0x3000: case 0x3001: case 0x3002: case 0x3003:
      return true;
  }
  if (c >= 0x2000 && c <= 0x202f) return true; // spaces, zero-width, dashes, quotes, bullets, ellipsis, line separators, bidi marks
  if (c >= 0x205f && c <= 0x2064) return true; // medium math space, word joiner, invisible operators
  if (c >= 0x3008 && c <= 0x3011) return true; // 〈〉《》「」『』【】
  if (c >= 0x3014 && c <= 0x301f) return true; // 〔〕〖〗〘〙〚〛〜〝〞〟
  if (c >= 0xfe10 && c <= 0xfe19) return true; // vertical punctuation
  if (c >= 0xfe30 && c <= 0xfe4f) return true; // CJK compatibility forms (vertical brackets, dashes)
  if (c >= 0xfe50 && c <= 0xfe6b) return true; // small form variants of punctuation
  if (c >= 0xff5f && c <= 0xff65) return true; // full-width white parentheses, half-width 。「」、・
  return false;
}

function buildFoldTable(): Uint16Array {
  const table = new Uint16Array(0x10000);
  for (let c = 0; c < 0x10000; c++) {
    let f = c >= 0xff01 && c <= 0xff5e ? c - 0xfee0 : c; // full-width ASCII block
    if (f >= 0x41 && f <= 0x5a) f += 32;
    table[c] = isIgnorable(f) ? 0 : f;
  }
  for (let i = 0; i < T2S_TRADITIONAL.length; i++) table[T2S_TRADITIONAL.charCodeAt(i)] = T2S_SIMPLIFIED.charCodeAt(i);
  // Radical and compatibility code points that stand for ordinary characters: PDF writers map CJK
  // glyphs back to them (⼯作 for 工作), so a value written that way must still match.
  const fold = (unit: number): number => table[unit]!;
  for (let c = 0xf900; c <= 0xfad9; c++) table[c] = fold(nfkcUnit(c));
  for (let c = 0x2f00; c <= 0x2fd5; c++) table[c] = fold(nfkcUnit(c));
  for (let i = 0; i < RADICALS.length; i += 2) table[RADICALS.charCodeAt(i)] = fold(RADICALS.charCodeAt(i + 1));
  return table;
}

/** The NFKC form of a code unit when it is a single BMP unit, else the unit itself. */
function nfkcUnit(c: number): number {
  const n = String.fromCharCode(c).normalize('NFKC');
  return n.length === 1 ? n.charCodeAt(0) : c;
}

/** CJK Radicals Supplement forms (no NFKC mapping) that are whole characters, each followed by that character. */
const RADICALS = '⺟母⺠民⺩王⻅见⻆角⻉贝⻋车⻐钅⻓长⻔门⻚页⻛风⻜飞⻢马⻥鱼⻦鸟⻧卤⻨麦⻩黄⻬齐⻮齿⻰龙⻳龟';

/**
 * `FOLD[c]` is the normalised form of code unit `c`, or 0 when it is skipped
 * (U+0000 itself is a control character and skipped, so 0 is unambiguous).
 */
export const FOLD: Uint16Array = buildFoldTable();

/** Folds one UTF-16 code unit; returns -1 when the character is ignorable. */
export function foldCode(c: number): number {
  const f = FOLD[c & 0xffff]!;
  return f === 0 ? -1 : f;
}

/** Normalised text as code units, without building a string. */
export interface NormalizedCodes {
  /** Normalised code units; only the first `length` are meaningful. */
  codes: Uint16Array;
  /** `map[i]` is the index in the original text of normalised code unit `i`. */
  map: Int32Array;
  length: number;
}

/** One pass, one table lookup per code unit, no intermediate JS arrays. */
export function normalizeCodes(original: string): NormalizedCodes {
  const len = original.length;
  const codes = new Uint16Array(len);
  const map = new Int32Array(len);
  const fold = FOLD;
  let n = 0;
  for (let i = 0; i < len; i++) {
    const f = fold[original.charCodeAt(i)]!;
    // Branch-free: always write, advance only when the unit is kept.
    codes[n] = f;
    map[n] = i;
    n += f === 0 ? 0 : 1;
  }
  return { codes, map, length: n };
}

export interface NormalizedText {
  text: string;
  /** `map[i]` is the index in the original text of normalised character `i`. */
  map: Int32Array;
}

/** Builds a string from code units in chunks (no spread of huge arrays). */
export function codesToString(codes: Uint16Array, length: number): string {
  let text = '';
  for (let i = 0; i < length; i += 8192) {
    text += String.fromCharCode.apply(null, codes.subarray(i, Math.min(length, i + 8192)) as unknown as number[]);
  }
  return text;
}

export function normalizeWithMap(original: string): NormalizedText {
  const { codes, map, length } = normalizeCodes(original);
  return { text: codesToString(codes, length), map: map.subarray(0, length) };
}

export function normalizeTerm(term: string): string {
  const len = term.length;
  const fold = FOLD;
  let i = 0;
  for (; i < len; i++) {
    const c = term.charCodeAt(i);
    if (fold[c] !== c || c === 0) break;
  }
  if (i === len) return term; // already normal: the common case for list terms
  let out = term.slice(0, i);
  for (; i < len; i++) {
    const f = fold[term.charCodeAt(i)]!;
    if (f !== 0) out += String.fromCharCode(f);
  }
  return out;
}
