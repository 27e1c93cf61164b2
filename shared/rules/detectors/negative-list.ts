import { AhoCorasick } from '../aho-corasick';
import type { Candidate, Detector } from '../detector';
import { FOLD } from '../normalize';
import type { TermList } from '../term-list';

/**
 * Negative lists (负面清单): every term of every list is matched in one pass
 * over the text by one Aho-Corasick automaton. Terms and text are normalised
 * alike (full-width to ASCII, ASCII case, traditional to simplified, spaces
 * and punctuation skipped; see normalize.ts), but the text is never copied:
 * the automaton folds each code unit through `FOLD` as it reads it and
 * reports spans in offsets of the original text, so `項 目·甲` in a document
 * matches the term `项目甲` and the finding covers exactly `項 目·甲`.
 *
 * `negativeListSet(lists)` gives one detector per list (each finding names
 * its list, category and basis) and `detectAll`, which finds the candidates
 * of all lists in that single pass. A term in several lists is reported once
 * per list; a list with the same term twice (also after normalisation, e.g.
 * 天网 and 天網) reports it once, under its first spelling.
 *
 * Compiling a 100,000-term list takes a few hundred milliseconds, so the
 * last few compiled sets are kept and reused while the lists are unchanged
 * (same name, version, category, basis and terms); results never depend on
 * this cache.
 */
export interface NegativeListSet {
  /** One per list, in order: id `negative_list:<name>`. */
  detectors: Detector[];
  /** Candidates of every list from one pass over the text: `[i]` belongs to `detectors[i]`. */
  detectAll(text: string): Candidate[][];
}

export const NEGATIVE_LIST_VERSION = 2;

export function negativeListDetector(list: TermList): Detector {
  return negativeListSet([list]).detectors[0]!;
}

export function negativeListSet(lists: readonly TermList[]): NegativeListSet {
  const key = lists.map((l) => `${l.name}\u0000${l.version}\u0000${l.terms.length}`).join('\u0001');
  const hit = cache.get(key);
  if (hit && sameLists(hit.lists, lists)) {
    cache.delete(key); // most recently used last
    cache.set(key, hit);
    return hit.set;
  }
  const set = compile(lists);
  cache.set(key, { lists: lists.map(snapshot), set });
  while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return set;
}

const CACHE_SIZE = 4;
const cache = new Map<string, { lists: TermList[]; set: NegativeListSet }>();

function snapshot(l: TermList): TermList {
  return { name: l.name, version: l.version, category: l.category, basis: l.basis, terms: [...l.terms] };
}

function sameLists(a: readonly TermList[], b: readonly TermList[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.name !== y.name || x.version !== y.version || x.category !== y.category || x.basis !== y.basis) return false;
    if (x.terms.length !== y.terms.length) return false;
    for (let j = 0; j < x.terms.length; j++) if (x.terms[j] !== y.terms[j]) return false;
  }
  return true;
}

function compile(lists: readonly TermList[]): NegativeListSet {
  const patterns: string[] = [];
  const listOf: number[] = [];
  const firstTerm: number[] = []; // index of each list's first term in `patterns`
  lists.forEach((l, li) => {
    firstTerm.push(patterns.length);
    for (const t of l.terms) {
      patterns.push(t);
      listOf.push(li);
    }
  });
  const automaton = new AhoCorasick(patterns, { fold: FOLD });
  // The automaton reports the first of equal (normalised) terms; chain the first
  // occurrence in each other list behind it.
  const also = new Int32Array(patterns.length).fill(-1);
  const first = automaton.firstIndex;
  for (let i = 0; i < patterns.length; i++) {
    const f = first[i]!;
    if (f < 0 || f === i) continue;
    let last = f;
    let present = listOf[f] === listOf[i];
    for (let j = also[f]!; j >= 0 && !present; j = also[j]!) {
      present = listOf[j] === listOf[i];
      last = j;
    }
    if (!present) also[last] = i;
  }

  const detectRange = (text: string, only: number): Candidate[][] => {
    const out: Candidate[][] = lists.map(() => []);
    automaton.forEach(text, (p, start, end) => {
      for (let i = p; i >= 0; i = also[i]!) {
        const li = listOf[i]!;
        if (only >= 0 && li !== only) continue;
        const l = lists[li]!;
        out[li]!.push({
          start,
          end,
          score: 1,
          pattern: 'term',
          list: { name: l.name, version: l.version, term: l.terms[i - firstTerm[li]!]! },
        });
      }
    });
    return out;
  };

  const detectors = lists.map(
    (l, li): Detector => ({
      id: `negative_list:${l.name}`,
      version: NEGATIVE_LIST_VERSION,
      type: 'negative_list',
      category: l.category,
      basis: l.basis,
      contextWords: [],
      contextBoost: 0,
      detect: (text) => detectRange(text, li)[li]!,
    }),
  );
  return { detectors, detectAll: (text) => detectRange(text, -1) };
}
