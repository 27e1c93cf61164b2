import { AhoCorasick } from '../aho-corasick';
import type { Candidate, Detector } from '../detector';
import { normalizeTerm, normalizeWithMap } from '../normalize';
import type { TermList } from '../term-list';

/**
 * One detector per list: terms and text are normalised alike and matched by
 * one automaton; hits map back to the original span through the offset map.
 */
export function negativeListDetector(list: TermList): Detector {
  const normalized = list.terms.map(normalizeTerm);
  const automaton = new AhoCorasick(normalized);
  return {
    id: `negative_list:${list.name}`,
    version: 1,
    type: 'negative_list',
    category: list.category,
    basis: list.basis,
    contextWords: [],
    contextBoost: 0,
    detect(text) {
      const norm = normalizeWithMap(text);
      const out: Candidate[] = [];
      for (const m of automaton.search(norm.text)) {
        out.push({
          start: norm.map[m.start]!,
          end: norm.map[m.end - 1]! + 1,
          score: 1,
          pattern: 'term',
          list: { name: list.name, version: list.version, term: list.terms[m.pattern]! },
        });
      }
      return out;
    },
  };
}
