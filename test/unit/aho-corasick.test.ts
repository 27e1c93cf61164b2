import { describe, expect, it } from 'vitest';
import { AhoCorasick } from '../../shared/rules/aho-corasick';

function naive(patterns: string[], text: string) {
  const out: { pattern: number; start: number; end: number }[] = [];
  const firstIndex = new Map<string, number>();
  patterns.forEach((p, i) => {
    if (p.length > 0 && !firstIndex.has(p)) firstIndex.set(p, i);
  });
  for (const [p, i] of firstIndex) {
    for (let at = text.indexOf(p); at >= 0; at = text.indexOf(p, at + 1)) out.push({ pattern: i, start: at, end: at + p.length });
  }
  return out;
}

const key = (m: { pattern: number; start: number; end: number }) => `${m.start}-${m.end}-${m.pattern}`;

/** Deterministic pseudo-random generator so failures reproduce. */
function rng(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
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

  it('agrees with a naive search on random inputs', () => {
    const rand = rng(7);
    const alphabet = 'ab密审c';
    const word = (n: number) => Array.from({ length: n }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
    for (let round = 0; round < 200; round++) {
      const patterns = Array.from({ length: 1 + Math.floor(rand() * 8) }, () => word(1 + Math.floor(rand() * 4)));
      const text = word(Math.floor(rand() * 60));
      const ac = new AhoCorasick(patterns);
      expect(ac.search(text).map(key).sort()).toEqual(naive(patterns, text).map(key).sort());
    }
  });

  it('ignores empty patterns', () => {
    expect(new AhoCorasick(['', 'a']).search('aa')).toHaveLength(2);
  });
});
