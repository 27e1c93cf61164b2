import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { T2S_SIMPLIFIED, T2S_TRADITIONAL } from '../../shared/rules/data/t2s';
import { negativeListDetector, negativeListSet } from '../../shared/rules/detectors/negative-list';
import { FOLD, foldCode, normalizeCodes, normalizeTerm, normalizeWithMap } from '../../shared/rules/normalize';
import type { TermList } from '../../shared/rules/term-list';

const list = (name: string, terms: string[]): TermList => ({ name, version: 't1', category: 'negative_list', basis: '条例第十四条', terms });

/** Strings mixing everything the fold treats specially, surrogate halves included. */
const mixed = fc.string({
  unit: fc.constantFrom('a', 'Z', 'ａ', 'Ｚ', '１', '项', '項', '發', '髮', '臺', '·', '，', '。', ' ', '\u3000', '\u200b', '\n', '《', '\ud842', '\udfb7', '😀', '-', 'é'),
  maxLength: 60,
});

describe('normalizeWithMap', () => {
  it('keeps every normalised character tied to its original index (property)', () => {
    fc.assert(
      fc.property(mixed, (original) => {
        const { text, map } = normalizeWithMap(original);
        expect(map).toHaveLength(text.length);
        let kept = 0;
        for (let i = 0; i < original.length; i++) {
          const f = FOLD[original.charCodeAt(i)]!;
          if (f === 0) continue; // skipped characters leave no trace
          expect(map[kept]).toBe(i);
          expect(text.charCodeAt(kept)).toBe(f);
          kept++;
        }
        expect(kept).toBe(text.length);
      }),
      { numRuns: 500 },
    );
  });

  it('maps a normalised span back onto the original span', () => {
    const original = '关于「天 網·工程」的通知';
    const { text, map } = normalizeWithMap(original);
    const at = text.indexOf('天网工程');
    expect(at).toBeGreaterThanOrEqual(0);
    expect(original.slice(map[at]!, map[at + 3]! + 1)).toBe('天 網·工程');
  });

  it('agrees with normalizeCodes and normalizeTerm', () => {
    fc.assert(
      fc.property(mixed, (original) => {
        const { text, map } = normalizeWithMap(original);
        const codes = normalizeCodes(original);
        expect(codes.length).toBe(text.length);
        expect(String.fromCharCode(...codes.codes.subarray(0, codes.length))).toBe(text);
        expect([...codes.map.subarray(0, codes.length)]).toEqual([...map]);
        expect(normalizeTerm(original)).toBe(text);
      }),
    );
  });

  it('is idempotent (property), so terms and text normalise alike', () => {
    fc.assert(
      fc.property(mixed, (s) => {
        expect(normalizeTerm(normalizeTerm(s))).toBe(normalizeTerm(s));
      }),
    );
    for (let c = 0; c < 0x10000; c++) {
      const f = FOLD[c]!;
      if (f !== 0) expect(FOLD[f]).toBe(f);
    }
  });

  it('handles very long text without building big arrays of characters', () => {
    const long = '项目，'.repeat(300_000);
    const { text, map } = normalizeWithMap(long);
    expect(text.length).toBe(600_000);
    expect(map[599_999]).toBe(899_998);
  });
});

describe('the fold', () => {
  it('folds full-width forms to ASCII and ASCII letters to lower case', () => {
    expect(normalizeTerm('ＡＢＣ１２３ｘｙｚ')).toBe('abc123xyz');
    expect(normalizeTerm('GB/T 9704-2012')).toBe('gbt97042012');
    expect(foldCode(0xff21)).toBe(0x61);
  });

  it('skips whitespace, punctuation and invisible characters inserted inside a term', () => {
    expect(normalizeTerm('项 目·甲')).toBe('项目甲');
    expect(normalizeTerm('天\u3000网\u200b工\u00a0程')).toBe('天网工程');
    expect(normalizeTerm('《天网》、“工程”——【通知】…')).toBe('天网工程通知');
    expect(normalizeTerm('a\r\nb\tc')).toBe('abc');
    expect(foldCode(0x3001)).toBe(-1);
  });

  it('keeps letters, digits and ideographs, including 〇 and 々', () => {
    expect(normalizeTerm('二〇二四年')).toBe('二〇二四年');
    expect(normalizeTerm('人々')).toBe('人々');
    expect(normalizeTerm('é')).toBe('é');
  });

  it('folds traditional characters to simplified ones, one for one', () => {
    expect(normalizeTerm('國務院辦公廳')).toBe('国务院办公厅');
    expect(normalizeTerm('臺灣')).toBe('台湾');
    expect(normalizeTerm('發髮')).toBe('发发');
    expect(normalizeTerm('為什麼')).toBe('为什么');
    expect(normalizeTerm('资讯安全')).toBe('资讯安全'); // simplified text is left alone
  });

  it('passes supplementary-plane characters through as their two surrogates', () => {
    expect(normalizeTerm('𠮷野家😀')).toBe('𠮷野家😀');
    expect(normalizeWithMap('a 𠮷').map).toEqual(Int32Array.from([0, 2, 3]));
  });

  it('has a well-formed traditional-to-simplified table', () => {
    expect(T2S_TRADITIONAL.length).toBe(T2S_SIMPLIFIED.length);
    expect(T2S_TRADITIONAL.length).toBeGreaterThan(2500);
    const from = new Set(T2S_TRADITIONAL);
    expect(from.size).toBe(T2S_TRADITIONAL.length);
    for (let i = 0; i < T2S_TRADITIONAL.length; i++) {
      const t = T2S_TRADITIONAL.charCodeAt(i);
      const s = T2S_SIMPLIFIED.charCodeAt(i);
      expect(t < 0xd800 || t > 0xdfff).toBe(true);
      expect(s < 0xd800 || s > 0xdfff).toBe(true);
      expect(t).not.toBe(s);
      expect(from.has(T2S_SIMPLIFIED[i]!)).toBe(false); // chains resolved: the fold is idempotent
    }
  });
});

describe('negative lists over normalised text', () => {
  const spans = (text: string, lists: TermList[]) =>
    negativeListSet(lists)
      .detectAll(text)
      .map((cs) => cs.map((c) => [text.slice(c.start, c.end), c.list!.term]));

  it('matches traditional text against simplified terms and the other way round', () => {
    const d = negativeListDetector(list('l', ['国务院办公厅', '臺灣']));
    const text = '國務院辦公廳关于台湾的通知';
    expect(d.detect(text).map((c) => [text.slice(c.start, c.end), c.list!.term])).toEqual([
      ['國務院辦公廳', '国务院办公厅'],
      ['台湾', '臺灣'],
    ]);
  });

  it('matches several lists in one pass, a shared term once per list', () => {
    const a = list('a', ['天网', '天網', '工程']);
    const b = list('b', ['天网工程', '天网']);
    expect(spans('天網 工程', [a, b])).toEqual([
      [
        ['天網', '天网'],
        ['工程', '工程'],
      ],
      [
        ['天網', '天网'],
        ['天網 工程', '天网工程'],
      ],
    ]);
  });

  it('gives each list its own detector with its metadata', () => {
    const set = negativeListSet([list('a', ['甲']), { ...list('b', ['乙']), category: 'internal', basis: '内部' }]);
    expect(set.detectors.map((d) => [d.id, d.category, d.basis])).toEqual([
      ['negative_list:a', 'negative_list', '条例第十四条'],
      ['negative_list:b', 'internal', '内部'],
    ]);
    expect(set.detectors[1]!.detect('甲乙').map((c) => c.list!.name)).toEqual(['b']);
  });

  it('reuses a compiled list only while it is unchanged', () => {
    const l = list('cached', ['天网']);
    expect(negativeListDetector(l).detect('天网')).toHaveLength(1);
    expect(negativeListDetector({ ...l, terms: ['工程'] }).detect('天网')).toHaveLength(0);
    expect(negativeListDetector({ ...l, terms: ['工程'] }).detect('工程')).toHaveLength(1);
    expect(negativeListDetector(l).detect('天网工程')).toHaveLength(1);
  });

  it('ignores terms that normalise to nothing', () => {
    expect(negativeListDetector(list('p', ['··', ' ', '天网'])).detect('·· 天网')).toHaveLength(1);
  });
});
