import fc from 'fast-check';

/**
 * Random Unicode text of the hostile kind: lone and paired surrogates,
 * combining marks, right-to-left and bidi controls, zero-width characters,
 * full-width digits and letters, CJK Extension B, control characters,
 * non-characters, variation selectors and emoji sequences, mixed with real
 * government prose and the characters detectors and parsers care about
 * (digits, separators, markup), so the text goes deep into both.
 */

const range = (from: number, to: number) => fc.integer({ min: from, max: to }).map((c) => String.fromCodePoint(c));

const hostileChar = fc.oneof(
  range(0xd800, 0xdfff), // a lone surrogate
  range(0x0300, 0x036f), // combining marks
  range(0x20d0, 0x20ff),
  range(0x0590, 0x06ff), // Hebrew, Arabic
  fc.constantFrom('\u200e', '\u200f', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u061c'),
  fc.constantFrom('\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u180e'),
  range(0xff10, 0xff19), // full-width digits
  range(0xff21, 0xff5a), // full-width letters
  range(0x20000, 0x2a6df), // CJK Extension B (surrogate pairs)
  range(0x0000, 0x001f), // C0 controls
  range(0x007f, 0x009f), // DEL and C1 controls
  fc.constantFrom('\u2028', '\u2029', '\u0085', '\u000b', '\u000c'),
  fc.constantFrom('\ufffe', '\uffff', '\ufffd', '\u{10ffff}', '\u{1fffe}'),
  range(0xfe00, 0xfe0f), // variation selectors
  fc.constantFrom('\u{1f468}\u200d\u{1f469}\u200d\u{1f467}', '\u{1f1e8}\u{1f1f3}', '\u{e0100}', '\u{1f600}'),
  range(0xe000, 0xf8ff), // private use
  fc.constantFrom('\u3000', '\u00a0', '\u2002', '\u2003', '\u2009', '\u202f'),
  range(0xf900, 0xfaff), // CJK compatibility ideographs
  range(0x2f00, 0x2fdf), // Kangxi radicals (normalise to ideographs)
);

/** Characters the detectors and the text formats treat specially. */
const structural = fc.constantFrom(...'0123456789Xx-+@.:：，。、;；,\t\n\r"\'<>&=/\\()（）【】《》★*#%_ ');

const PROSE =
  '根据《中华人民共和国政府信息公开条例》第十四条规定，申请人张三，公民身份号码11010519491231002X，联系电话13812345678，' +
  '住址北京市东城区东华门街道正义路2号，电子邮箱zhangsan@example.gov.cn，开户银行中国工商银行，账号6222020200112233445。' +
  '本件秘密★1年，内部资料注意保存，此件不公开。姓名\t身份证号\t联系电话\n李四\t440524188001010014\t13700001111\n';

/** A piece of real text: a slice of the prose (or of the caller's seed texts). */
const prose = (texts: readonly string[]) =>
  fc.tuple(fc.constantFrom(...texts), fc.nat(), fc.integer({ min: 1, max: 120 })).map(([t, at, n]) => {
    const start = at % Math.max(1, t.length);
    return t.slice(start, start + n);
  });

/** Hostile text of up to `maxPieces` pieces, each a run of characters or a slice of prose. */
export function hostileText(maxPieces = 40, texts: readonly string[] = [PROSE]): fc.Arbitrary<string> {
  const piece = fc.oneof(
    { weight: 3, arbitrary: fc.string({ unit: hostileChar, maxLength: 12 }) },
    { weight: 2, arbitrary: fc.string({ unit: structural, maxLength: 12 }) },
    { weight: 3, arbitrary: prose([PROSE, ...texts]) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
    { weight: 1, arbitrary: fc.string({ unit: fc.oneof(hostileChar, structural, prose([PROSE])), maxLength: 6 }) },
  );
  return fc.array(piece, { maxLength: maxPieces }).map((p) => p.join(''));
}
