/**
 * Aho-Corasick automaton over UTF-16 code units: one pass over the text finds
 * every occurrence of every pattern, whatever the number of patterns.
 * States are numbered; transitions live in per-state maps, failure and
 * dictionary-suffix links in flat arrays.
 */
export interface AcMatch {
  /** Index of the pattern in the array given to the constructor. */
  pattern: number;
  start: number;
  end: number;
}

export class AhoCorasick {
  private readonly goto: Map<number, number>[] = [new Map()];
  private fail: Int32Array = new Int32Array(0);
  /** Nearest state on the failure chain that ends a pattern, or -1. */
  private dictLink: Int32Array = new Int32Array(0);
  /** Pattern ending at each state, or -1. */
  private readonly out: number[] = [-1];
  private readonly depth: number[] = [0];

  constructor(patterns: readonly string[]) {
    patterns.forEach((p, index) => this.insert(p, index));
    this.link();
  }

  private insert(pattern: string, index: number): void {
    if (pattern.length === 0) return;
    let s = 0;
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern.charCodeAt(i);
      let next = this.goto[s]!.get(c);
      if (next === undefined) {
        next = this.goto.length;
        this.goto.push(new Map());
        this.out.push(-1);
        this.depth.push(this.depth[s]! + 1);
        this.goto[s]!.set(c, next);
      }
      s = next;
    }
    if (this.out[s] === -1) this.out[s] = index; // first of duplicate patterns wins
  }

  private link(): void {
    const n = this.goto.length;
    this.fail = new Int32Array(n);
    this.dictLink = new Int32Array(n).fill(-1);
    const queue: number[] = [];
    for (const child of this.goto[0]!.values()) queue.push(child);
    for (let qi = 0; qi < queue.length; qi++) {
      const s = queue[qi]!;
      for (const [c, child] of this.goto[s]!) {
        let f = this.fail[s]!;
        while (f !== 0 && !this.goto[f]!.has(c)) f = this.fail[f]!;
        const target = this.goto[f]!.get(c);
        const fc = target !== undefined && target !== child ? target : 0;
        this.fail[child] = fc;
        this.dictLink[child] = this.out[fc]! >= 0 ? fc : this.dictLink[fc]!;
        queue.push(child);
      }
    }
  }

  /** Every occurrence, in order of end position. */
  search(text: string): AcMatch[] {
    const found: AcMatch[] = [];
    let s = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      let next = this.goto[s]!.get(c);
      while (next === undefined && s !== 0) {
        s = this.fail[s]!;
        next = this.goto[s]!.get(c);
      }
      s = next ?? 0;
      for (let t = this.out[s]! >= 0 ? s : this.dictLink[s]!; t > 0; t = this.dictLink[t]!) {
        found.push({ pattern: this.out[t]!, start: i + 1 - this.depth[t]!, end: i + 1 });
      }
    }
    return found;
  }
}
