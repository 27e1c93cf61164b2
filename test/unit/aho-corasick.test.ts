import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AhoCorasick, type AcMatch } from '../../shared/rules/aho-corasick';
import { FOLD, normalizeWithMap } from '../../shared/rules/normalize';

/** Every occurrence of the first of each distinct non-empty pattern, in the automaton's order. */
function naive(patterns: readonly string[], text: string): AcMatch[] {
  const out: AcMatch[] = [];
  const firstIndex = new Map<string, number>();
  patterns.forEach((p, i) => {
    if (p.length > 0 && !firstIndex.has(p)) firstIndex.set(p, i);
  });
  for (const [p, i] of firstIndex) {
    for (let at = text.indexOf(p); at >= 0; at = text.indexOf(p, at + 1)) out.push({ pattern: i, start: at, end: at + p.length });
  }
  return out.sort((a, b) => a.end - b.end || a.start - b.start);
}

/** The same over folded text, spans mapped back to the original (what `fold` must give). */
function naiveFolded(patterns: readonly string[], text: string): AcMatch[] {
  const norm = normalizeWithMap(text);
  const folded = patterns.map((p) => normalizeWithMap(p).text);
  return naive(folded, norm.text).map((m) => ({ pattern: m.pattern, start: norm.map[m.start]!, end: norm.map[m.end - 1]! + 1 }));
}

const key = (m: AcMatch) => `${m.start}-${m.end}-${m.pattern}`;

/** Deterministic pseudo-random generator so failures reproduce. */
function rng(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

function randomWord(rand: () => number, alphabet: readonly string[], min: number, max: number): string {
  const n = min + Math.floor(rand() * (max - min + 1));
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(rand() * alphabet.length)]!;
  return s;
}

/** `count` distinct BMP code units from the CJK block, the most frequent ones first. */
function cjk(count: number, from = 0x4e00): string[] {
  return Array.from({ length: count }, (_, i) => String.fromCharCode(from + i));
}

describe('Aho-Corasick', () => {
  it('finds overlapping and nested patterns', () => {
    const ac = new AhoCorasick(['he', 'she', 'his', 'hers']);
    expect(ac.search('ushers').map(key).sort()).toEqual(['1-4-1', '2-4-0', '2-6-3'].sort());
  });

  it('matches Chinese terms, including one inside another', () => {
    const ac = new AhoCorasick(['天网', '天网工程', '工程']);
    expect(ac.search('启动天网工程').map(key).sort()).toEqual(['2-4-0', '2-6-1', '4-6-2'].sort());
  });

  it('reports in order of end position, longest first at the same end', () => {
    const ac = new AhoCorasick(['a', 'aa', 'aaa', 'b']);
    expect(ac.search('aaab')).toEqual([
      { pattern: 0, start: 0, end: 1 },
      { pattern: 1, start: 0, end: 2 },
      { pattern: 0, start: 1, end: 2 },
      { pattern: 2, start: 0, end: 3 },
      { pattern: 1, start: 1, end: 3 },
      { pattern: 0, start: 2, end: 3 },
      { pattern: 3, start: 3, end: 4 },
    ]);
  });

  it('agrees with a naive search on random inputs', () => {
    const rand = rng(7);
    const alphabet = [...'ab密审c'];
    for (let round = 0; round < 200; round++) {
      const patterns = Array.from({ length: 1 + Math.floor(rand() * 8) }, () => randomWord(rand, alphabet, 1, 4));
      const text = randomWord(rand, alphabet, 0, 60);
      expect(new AhoCorasick(patterns).search(text)).toEqual(naive(patterns, text));
    }
  });

  it('agrees with a naive search for any patterns and text (property)', () => {
    const unit = fc.constantFrom('a', 'b', '密', '審', '\ud83d', '\ude00', '\u0000', 'Ａ', ' ');
    fc.assert(
      fc.property(fc.array(fc.string({ unit, maxLength: 5 }), { maxLength: 12 }), fc.string({ unit, maxLength: 80 }), (patterns, text) => {
        expect(new AhoCorasick(patterns).search(text)).toEqual(naive(patterns, text));
      }),
      { numRuns: 300 },
    );
  });

  it('handles a large alphabet (rare units take two symbols) and thousands of patterns', () => {
    const rand = rng(11);
    const alphabet = cjk(6000); // more distinct units than get one symbol each
    // Skew the text towards the first characters, as real text is.
    const skewed = () => alphabet[Math.floor(rand() ** 3 * alphabet.length)]!;
    const word = (n: number) => Array.from({ length: n }, skewed).join('');
    const patterns = Array.from({ length: 5000 }, () => word(1 + Math.floor(rand() * 5)));
    const text = word(20_000);
    const ac = new AhoCorasick(patterns);
    expect(ac.alphabetSize).toBeGreaterThan(2048);
    const found = ac.search(text);
    expect(found.length).toBeGreaterThan(1000);
    expect(found).toEqual(naive(patterns, text));
  });

  it('handles 50,000 patterns with long shared prefixes and deep failure chains', () => {
    const rand = rng(3);
    const alphabet = [...'甲乙丙丁戊'];
    const patterns = Array.from({ length: 50_000 }, () => randomWord(rand, alphabet, 1, 12));
    patterns.push('甲'.repeat(40), '甲'.repeat(39) + '乙');
    const text = randomWord(rand, alphabet, 2000, 2000) + '甲'.repeat(45) + '乙';
    expect(new AhoCorasick(patterns).search(text)).toEqual(naive(patterns, text));
  });

  it('matches surrogate pairs as two units and never splits one', () => {
    const ac = new AhoCorasick(['𠮷野家', '😀', '\ude00x', '野']);
    const text = 'a𠮷野家😀x';
    expect(ac.search(text)).toEqual(naive(['𠮷野家', '😀', '\ude00x', '野'], text));
    expect(ac.search(text).map((m) => text.slice(m.start, m.end))).toEqual(['野', '𠮷野家', '😀', '\ude00x']);
  });

  it('reports the first of duplicate patterns and says which one that is', () => {
    const ac = new AhoCorasick(['天网', '工程', '天网', '', '工程']);
    expect(ac.search('天网工程').map(key)).toEqual(['0-2-0', '2-4-1']);
    expect([...ac.firstIndex]).toEqual([0, 1, 0, -1, 1]);
  });

  it('ignores empty patterns and handles empty input', () => {
    expect(new AhoCorasick(['', 'a']).search('aa')).toHaveLength(2);
    expect(new AhoCorasick([]).search('abc')).toEqual([]);
    expect(new AhoCorasick(['', '']).search('abc')).toEqual([]);
    expect(new AhoCorasick(['a']).search('')).toEqual([]);
  });

  it('forEach reports exactly what search returns, in the same order', () => {
    const ac = new AhoCorasick(['ab', 'b', 'abc', 'c']);
    const seen: AcMatch[] = [];
    ac.forEach('xabcabc', (pattern, start, end) => seen.push({ pattern, start, end }));
    expect(seen).toEqual(ac.search('xabcabc'));
    expect(ac.count('xabcabc')).toBe(seen.length);
  });

  it('reports more matches than one internal batch without losing any', () => {
    const ac = new AhoCorasick(['a', 'aa', 'aaa']);
    const text = 'a'.repeat(5000);
    expect(ac.count(text)).toBe(5000 + 4999 + 4998);
    expect(ac.search(text)).toEqual(naive(['a', 'aa', 'aaa'], text));
  });

  it('may be searched again from inside its own callback', () => {
    const ac = new AhoCorasick(['ab']);
    const inner: number[] = [];
    ac.forEach('abab', (_p, start) => inner.push(start, ac.count('ab ab ab')));
    expect(inner).toEqual([0, 3, 2, 3]);
  });

  it('splits an automaton too large for one double array into parts with the same matches', () => {
    const rand = rng(5);
    const alphabet = cjk(300);
    const patterns = Array.from({ length: 3000 }, () => randomWord(rand, alphabet, 1, 6));
    patterns.push(patterns[10]!, '');
    const text = randomWord(rand, alphabet, 5000, 5000);
    const whole = new AhoCorasick(patterns);
    const split = new AhoCorasick(patterns, { maxWords: 4000 });
    expect(whole.partCount).toBe(1);
    expect(split.partCount).toBeGreaterThan(1);
    expect([...split.firstIndex]).toEqual([...whole.firstIndex]);
    expect(split.alphabetSize).toBe(whole.alphabetSize);
    expect(split.search(text)).toEqual(whole.search(text));
  });

  describe('with the normalisation fold', () => {
    it('matches across skipped punctuation and reports spans in the original text', () => {
      const ac = new AhoCorasick(['ABC项目', '天网工程', '項目甲'], { fold: FOLD });
      const text = '启动ａｂｃ 项目与天 网·工程，项 目·甲';
      const spans = ac.search(text).map((m) => text.slice(m.start, m.end));
      expect(spans).toEqual(['ａｂｃ 项目', '天 网·工程', '项 目·甲']);
    });

    it('agrees with normalising first and mapping back (property)', () => {
      const unit = fc.constantFrom('a', 'A', 'ａ', 'b', '项', '項', '目', '·', ' ', '，', '\u200b', '\ud83d', '\ude00');
      fc.assert(
        fc.property(fc.array(fc.string({ unit, maxLength: 5 }), { maxLength: 10 }), fc.string({ unit, maxLength: 80 }), (patterns, text) => {
          expect(new AhoCorasick(patterns, { fold: FOLD }).search(text)).toEqual(naiveFolded(patterns, text));
        }),
        { numRuns: 300 },
      );
    });

    it('keeps spans right across the internal batches of matches', () => {
      // Three matches per repetition, so a batch ends between 网 and 工 at some point.
      const patterns = ['网', '天网', '天网工'];
      const text = '天·网工'.repeat(2000);
      expect(new AhoCorasick(patterns, { fold: FOLD }).search(text)).toEqual(naiveFolded(patterns, text));
    });

    it('treats patterns equal after folding as duplicates', () => {
      const ac = new AhoCorasick(['天网', '天網', 'ＴＶ', 'tv', '··'], { fold: FOLD });
      expect([...ac.firstIndex]).toEqual([0, 0, 2, 2, -1]);
      expect(ac.search('天網 TV').map(key)).toEqual(['0-2-0', '3-5-2']);
    });
  });
});
