import { AhoCorasick, type AcMatch } from './aho-corasick';
import { TableHeaders } from './text-lines';

/**
 * What several detectors need to know about one text, computed once per
 * scan: the matches of the built-in word lists and the table column headers.
 * The engine makes one `TextPass` per scan and hands it to every detector; a
 * detector called alone makes its own.
 *
 * Word lists (anchors of names, labels and region names of addresses,
 * table-header prefilters) are declared at module load with `wordGroup` and
 * found together: a pass of an automaton costs about the same whatever its
 * size (one probe per character), so one pass for all groups instead of one
 * per group reads a long text once rather than many times.
 */
export class TextPass {
  private words: AcMatch[][] | null = null;
  private tableHeaders: TableHeaders | null = null;

  constructor(readonly text: string) {}

  /** Every occurrence of the group's words, by end (longest first); `pattern` indexes the group's own list. */
  matches(group: WordGroup): readonly AcMatch[] {
    this.words ??= findAllGroups(this.text);
    return this.words[group.id] ?? [];
  }

  /** The header cell of the table column at `offset` ('' outside table body rows). */
  headerAt(offset: number): string {
    this.tableHeaders ??= new TableHeaders(this.text);
    return this.tableHeaders.headerAt(offset);
  }
}

export interface WordGroup {
  readonly id: number;
  readonly words: readonly string[];
}

const groups: WordGroup[] = [];
let automaton: { ac: AhoCorasick; targets: Int32Array[] } | null = null;

/** Declares a word list to be found in every scan's shared pass. */
export function wordGroup(words: readonly string[]): WordGroup {
  const group = { id: groups.length, words };
  groups.push(group);
  automaton = null;
  return group;
}

function findAllGroups(text: string): AcMatch[][] {
  automaton ??= build();
  const { ac, targets } = automaton;
  const found: AcMatch[][] = groups.map(() => []);
  ac.forEach(text, (pattern, start, end) => {
    // A word may be in several groups: each gets the match under its own index.
    const t = targets[pattern]!;
    for (let k = 0; k < t.length; k += 2) found[t[k]!]!.push({ pattern: t[k + 1]!, start, end });
  });
  return found;
}

function build(): { ac: AhoCorasick; targets: Int32Array[] } {
  const all: string[] = [];
  const owners: [number, number][] = [];
  for (const g of groups) {
    g.words.forEach((w, i) => {
      all.push(w);
      owners.push([g.id, i]);
    });
  }
  const ac = new AhoCorasick(all);
  // For each reported pattern (the first of equal words), every (group, index) holding that word.
  const lists = all.map((): number[] => []);
  owners.forEach(([g, i], p) => {
    const first = ac.firstIndex[p]!;
    if (first < 0) return;
    const list = lists[first]!;
    // A word listed twice in one group is reported once, as by its own automaton.
    if (!list.some((v, k) => k % 2 === 0 && v === g)) list.push(g, i);
  });
  return { ac, targets: lists.map((l) => Int32Array.from(l)) };
}
