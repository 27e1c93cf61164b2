import fc from 'fast-check';

/**
 * Format-blind mutations of a file's bytes, described as data so that a
 * failure names exactly what was done to which seed. Positions are drawn
 * as large integers and taken modulo the current length, so one description
 * applies to any seed.
 */
export type ByteOp =
  | { op: 'truncate'; at: number }
  | { op: 'flip'; at: number; bit: number }
  | { op: 'insert'; at: number; bytes: number[] }
  | { op: 'delete'; at: number; length: number }
  | { op: 'duplicate'; at: number; length: number; to: number; times: number }
  | { op: 'overwrite'; at: number; bytes: number[] };

/** Bytes that mean something to some parser: NUL, high bit, markup, line ends, BOMs, overlong and surrogate UTF-8. */
const INTERESTING: readonly number[][] = [
  [0x00],
  [0xff],
  [0x7f],
  [0x80],
  [0x3c],
  [0x3e],
  [0x26],
  [0x22],
  [0x0a],
  [0x0d],
  [0x25],
  [0x5c],
  [0xef, 0xbb, 0xbf],
  [0xff, 0xfe],
  [0xfe, 0xff],
  [0xc0, 0x80],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0xff, 0xff, 0xff, 0xff],
  [0x00, 0x00, 0x00, 0x80],
];

const position = fc.nat({ max: 0x7fffffff });
const someBytes = fc.oneof(fc.constantFrom(...INTERESTING), fc.array(fc.nat({ max: 255 }), { minLength: 1, maxLength: 16 }));

export const byteOp: fc.Arbitrary<ByteOp> = fc.oneof(
  fc.record({ op: fc.constant('truncate' as const), at: position }),
  { weight: 3, arbitrary: fc.record({ op: fc.constant('flip' as const), at: position, bit: fc.nat({ max: 7 }) }) },
  fc.record({ op: fc.constant('insert' as const), at: position, bytes: someBytes }),
  fc.record({ op: fc.constant('delete' as const), at: position, length: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ op: fc.constant('duplicate' as const), at: position, length: fc.integer({ min: 1, max: 256 }), to: position, times: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ op: fc.constant('overwrite' as const), at: position, bytes: someBytes }),
);

/** One to `max` mutations; truncation is kept rare so that later mutations have something to work on. */
export const byteOps = (max = 6): fc.Arbitrary<ByteOp[]> => fc.array(byteOp, { minLength: 1, maxLength: max });

/** Applies the mutations in order; bytes before `keep` (a magic number) are never touched. */
export function applyByteOps(input: Uint8Array, ops: readonly ByteOp[], keep = 0): Uint8Array {
  let b = input;
  for (const o of ops) {
    const span = b.length - keep;
    if (span <= 0) break;
    const at = keep + (o.at % (span + 1));
    switch (o.op) {
      case 'truncate':
        b = b.slice(0, Math.max(keep, at));
        break;
      case 'flip':
        if (at < b.length) {
          b = b.slice();
          b[at]! ^= 1 << o.bit;
        }
        break;
      case 'insert':
        b = concat(b.subarray(0, at), Uint8Array.from(o.bytes), b.subarray(at));
        break;
      case 'delete':
        b = concat(b.subarray(0, at), b.subarray(Math.min(b.length, at + o.length)));
        break;
      case 'duplicate': {
        const chunk = b.slice(at, Math.min(b.length, at + o.length));
        const to = keep + (o.to % (b.length - keep + 1));
        b = concat(b.subarray(0, to), ...Array<Uint8Array>(o.times).fill(chunk), b.subarray(to));
        break;
      }
      case 'overwrite':
        b = b.slice();
        b.set(Uint8Array.from(o.bytes).subarray(0, Math.max(0, b.length - at)), at);
        break;
    }
  }
  return b;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Short description of the mutations for a failure report. */
export function describeOps(ops: readonly object[]): string {
  return JSON.stringify(ops, (_k, v: unknown) => (typeof v === 'string' && v.length > 40 ? `${v.slice(0, 20)}…(${v.length})` : v));
}

/** Random bytes behind a real magic number, so that the dispatcher hands them to the format's parser. */
export const MAGIC: Record<string, readonly number[]> = {
  zip: [0x50, 0x4b, 0x03, 0x04],
  pdf: [...Buffer.from('%PDF-1.7\n', 'latin1')],
  ole2: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
  utf8bom: [0xef, 0xbb, 0xbf],
  utf16le: [0xff, 0xfe],
  utf16be: [0xfe, 0xff],
  utf32le: [0xff, 0xfe, 0x00, 0x00],
  html: [...Buffer.from('<!DOCTYPE html><html>', 'latin1')],
};
