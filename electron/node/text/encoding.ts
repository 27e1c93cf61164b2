import chardet from 'chardet';
import iconv from 'iconv-lite';

/** WHATWG encoding labels this app reads and writes. */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'utf-32le' | 'utf-32be' | 'gb18030' | 'big5';

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
  bom: boolean;
  /** True when no candidate decoded cleanly and the best guess was used. */
  uncertain: boolean;
}

const BOMS: [number[], TextEncoding][] = [
  [[0xef, 0xbb, 0xbf], 'utf-8'],
  [[0xff, 0xfe, 0x00, 0x00], 'utf-32le'],
  [[0x00, 0x00, 0xfe, 0xff], 'utf-32be'],
  [[0xff, 0xfe], 'utf-16le'],
  [[0xfe, 0xff], 'utf-16be'],
];

/** chardet's names for the encodings worth trying on Chinese text. */
const CHARDET_NAMES: Record<string, TextEncoding> = {
  GB18030: 'gb18030',
  Big5: 'big5',
  'UTF-16LE': 'utf-16le',
  'UTF-16BE': 'utf-16be',
  'UTF-32LE': 'utf-32le',
  'UTF-32BE': 'utf-32be',
};

function tryDecode(bytes: Uint8Array, encoding: TextEncoding): string | null {
  try {
    if (encoding.startsWith('utf-32')) {
      return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), encoding, { stripBOM: false });
    }
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** Share of characters that are ordinary in Chinese documents. */
function plausibility(text: string): number {
  if (text.length === 0) return 1;
  let good = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (
      (c >= 0x20 && c < 0x7f) ||
      c === 0x09 || c === 0x0a || c === 0x0d ||
      (c >= 0x4e00 && c <= 0x9fff) ||
      (c >= 0x3000 && c <= 0x303f) ||
      (c >= 0xff00 && c <= 0xffef) ||
      (c >= 0x2010 && c <= 0x2027)
    ) good++;
  }
  return good / text.length;
}

/** Zero bytes mostly on one parity mean UTF-16 without a BOM (ASCII-rich text). */
function utf16ByNulls(bytes: Uint8Array): TextEncoding | null {
  if (bytes.length < 4 || bytes.length % 2 !== 0) return null;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0) (i % 2 === 0 ? even++ : odd++);
  const half = bytes.length / 2;
  if (odd > half * 0.2 && even < half * 0.05) return 'utf-16le';
  if (even > half * 0.2 && odd < half * 0.05) return 'utf-16be';
  return null;
}

/**
 * BOM first; then UTF-16 by zero bytes; then strict UTF-8 (valid UTF-8 is
 * almost never an accident); then chardet's ranking restricted to Chinese
 * encodings that decode without a single error; then the most plausible.
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  for (const [bom, encoding] of BOMS) {
    if (bom.every((b, i) => bytes[i] === b)) {
      const text = tryDecode(bytes.subarray(bom.length), encoding);
      if (text !== null) return { text, encoding, bom: true, uncertain: false };
    }
  }
  // Before UTF-8: NUL bytes are valid UTF-8, but text is never half NULs.
  const byNulls = utf16ByNulls(bytes);
  if (byNulls) {
    const text = tryDecode(bytes, byNulls);
    if (text !== null) return { text, encoding: byNulls, bom: false, uncertain: false };
  }
  const utf8 = tryDecode(bytes, 'utf-8');
  if (utf8 !== null) return { text: utf8, encoding: 'utf-8', bom: false, uncertain: false };
  const ranked = chardet
    .analyse(bytes)
    .map((m) => CHARDET_NAMES[m.name])
    .filter((e): e is TextEncoding => e !== undefined);
  for (const encoding of [...new Set([...ranked, 'gb18030', 'big5'] as TextEncoding[])]) {
    const text = tryDecode(bytes, encoding);
    if (text !== null && plausibility(text) > 0.9) return { text, encoding, bom: false, uncertain: false };
  }
  return { text: iconv.decode(Buffer.from(bytes), 'gb18030'), encoding: 'gb18030', bom: false, uncertain: true };
}

/** Encodes text back into the source encoding (with its BOM when it had one). */
export function encodeText(text: string, encoding: TextEncoding, bom: boolean): Buffer {
  return iconv.encode(text, encoding, { addBOM: bom });
}
