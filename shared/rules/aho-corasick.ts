/**
 * Aho-Corasick automaton over UTF-16 code units: one pass over the text finds
 * every occurrence of every pattern, whatever the number of patterns.
 *
 * Everything lives in typed arrays built once; a search allocates nothing per
 * match. The layout is tuned for the scan loop, whose cost is one probe of
 * one 32-bit word per character, so the part of the automaton that a text
 * keeps touching stays small enough for the CPU caches:
 *
 * - Symbols. Each code unit found in a pattern gets a symbol, the most
 *   frequent units the smallest ones. The `DIRECT` most frequent get one
 *   symbol each; the rarer ones get two (a group prefix and a member suffix),
 *   which keeps symbols within 11 bits and every row of the double array
 *   narrow, even for lists of random CJK strings. `cls[unit]` holds the
 *   symbol, or both (`second << 11 | first`), 0 for units in no pattern (no
 *   match can span them: back to the root) and -1 for units the optional
 *   fold drops (invisible).
 * - Transitions: a double array of words. A state is its base `b`; its child
 *   on symbol `c` is word `b + c` when that word's low 11 bits are `c`
 *   (bases are distinct, so the symbol identifies the parent). The word
 *   holds the child's base (bits 12-31) and, in bit 11, whether the child
 *   reports a match. The root's base is 0, so its children sit at their
 *   symbols: a dense root table.
 * - Per state: its failure link and its first output entry. Output entries
 *   `[pattern, length, next]` are numbered breadth-first, so the short,
 *   frequent ones sit together; `next` follows the dictionary-suffix chain,
 *   so reporting walks only outputs. A match's start is its end minus the
 *   pattern's length, or, when the fold dropped a unit in between, found by
 *   stepping back over the kept units: a span never shifts.
 * - All of it (class table included) lives in one Int32Array (`Part.mem`):
 *   the scan loop then checks one array object, not five, per character.
 *   The loop makes no calls either (matches are buffered and handed to the
 *   callback between runs of the loop), for the same reason.
 *
 * States are placed likeliest-first (a path of frequent symbols), so the hot
 * part of the array is compact. An automaton too large for 20-bit bases (a
 * million words, some 200,000 terms) is split into parts over slices of
 * the patterns, scanned one after another.
 *
 * With a fold table (`options.fold`, e.g. `FOLD` from normalize.ts) patterns
 * and text are folded unit by unit while scanning: no normalised copy of the
 * text is built, and matches are reported in offsets of the original text
 * (from the first kept unit to just after the last one).
 *
 * Duplicate patterns report the first index only (see `firstIndex`); empty
 * patterns (also after folding) never match.
 */
export interface AcMatch {
  /** Index of the pattern in the array given to the constructor. */
  pattern: number;
  start: number;
  end: number;
}

/** Receives each match; `end` is exclusive. */
export type AcCallback = (pattern: number, start: number, end: number) => void;

export interface AhoCorasickOptions {
  /**
   * Folds each code unit (patterns and text) before matching; 0 drops the
   * unit. Must be idempotent on kept units (fold(fold(c)) === fold(c)).
   */
  fold?: Uint16Array;
  /** Largest double array (in words) before the patterns are split into parts; for tests. */
  maxWords?: number;
}

const SYM_BITS = 11;
const SYM_MASK = (1 << SYM_BITS) - 1;
/** Bit 11 of a word: the child reports a match; bits 12-31: the child's base. */
const REPORTS = 1 << SYM_BITS;
const BASE_SHIFT = SYM_BITS + 1;
const PAYLOAD_MASK = 0xfffff;
/** Where the double array starts in `Part.mem` (after the class table); a state is `WORDS + base`. */
const WORDS = 0x10000;
/** States take 20 bits in a word. */
const MAX_WORDS = PAYLOAD_MASK + 1 - WORDS;
const ROOT = 0;
/** Units that get one symbol; the rest get two (group, member). Keeps symbols under 2^11. */
const DIRECT = 1536;
const GROUP = 256;
/** Candidate free slots tried for a row before it goes to fresh space (one child: its base must be unused too). */
const MAX_TRIES = 1024;
const MAX_TRIES_ONE = 16;
/** Width, in words, of the region below the top where rows of several children are fitted. */
const WINDOW = 16384;

export class AhoCorasick {
  /** Number of trie states (root included; a two-symbol unit adds an inner state). */
  readonly stateCount: number;
  /** Number of distinct (folded) code units in the patterns. */
  readonly alphabetSize: number;
  /** Length of the longest (folded) pattern. */
  readonly maxLength: number;
  /**
   * `firstIndex[i]` is the index of the first pattern equal to pattern `i`
   * (after folding): `i` itself for the one that is reported, -1 for empty ones.
   */
  readonly firstIndex: Int32Array;
  private readonly parts: Part[];

  constructor(patterns: readonly string[], options: AhoCorasickOptions = {}) {
    const limit = Math.min(options.maxWords ?? MAX_WORDS, MAX_WORDS);
    const firstIndex = new Int32Array(patterns.length).fill(-1);
    const parts: Part[] = [];
    const one = tryBuild(patterns, options.fold, firstIndex, limit);
    if (one) parts.push(one);
    else {
      // Too large for one double array: drop later duplicates (by folded text), then split.
      firstIndex.fill(-1);
      const seen = new Map<string, number>();
      const unique = patterns.map((p, i) => {
        const key = foldKey(p, options.fold);
        if (key === '') return '';
        const first = seen.get(key);
        if (first !== undefined) {
          firstIndex[i] = first;
          return '';
        }
        seen.set(key, i);
        firstIndex[i] = i;
        return p;
      });
      splitBuild(unique, 0, options.fold, limit, parts);
    }
    this.parts = parts;
    this.firstIndex = firstIndex;
    this.stateCount = parts.reduce((n, p) => n + p.stateCount, 0);
    this.alphabetSize = parts.length === 1 ? parts[0]!.alphabetSize : distinctUnits(patterns, options.fold);
    this.maxLength = parts.reduce((n, p) => Math.max(n, p.maxLength), 0);
  }

  /** Bytes held by the automaton's typed arrays. */
  get byteSize(): number {
    let bytes = this.firstIndex.byteLength;
    for (const p of this.parts) bytes += p.mem.byteLength;
    return bytes;
  }

  /** Number of double arrays (more than one only for very large pattern sets). */
  get partCount(): number {
    return this.parts.length;
  }

  /** Every occurrence, in order of end position (longest first at the same end). */
  search(text: string): AcMatch[] {
    const found: AcMatch[] = [];
    this.forEach(text, (pattern, start, end) => {
      found.push({ pattern, start, end });
    });
    if (this.parts.length > 1) found.sort((a, b) => a.end - b.end || a.start - b.start);
    return found;
  }

  /**
   * Calls `cb` for every occurrence, allocating nothing per match: in order of
   * end position (longest first at the same end), part after part when the
   * automaton had to be split.
   */
  forEach(text: string, cb: AcCallback): void {
    for (const part of this.parts) scan(part, text, cb);
  }

  /** Number of occurrences. */
  count(text: string): number {
    let found = 0;
    this.forEach(text, () => {
      found++;
    });
    return found;
  }
}

interface Part {
  stateCount: number;
  alphabetSize: number;
  maxLength: number;
  /** Added to the pattern numbers of this part. */
  offset: number;
  /**
   * Everything in one array, so the scan loop checks one object: the class
   * table at 0, then from `WORDS` the double array (a state is `WORDS +
   * base`), its failure links at `state + size`, first output entries at
   * `state + 2 * size`, and output entries (`[pattern, length, next]`) from
   * `infoAt`.
   */
  mem: Int32Array;
  size: number;
  infoAt: number;
}

/** Matches buffered per call of `scanRun` (triples), so the hot loop makes no calls. */
const BATCH = 1024;

function scan(part: Part, text: string, cb: AcCallback): void {
  const out = new Int32Array(3 * (BATCH + part.maxLength + 1));
  const st = new Int32Array(2); // state, matches buffered
  st[0] = WORDS;
  const offset = part.offset;
  for (let i = 0; i < text.length; ) {
    i = scanRun(part, text, i, st, out);
    const m = st[1]!;
    for (let j = 0; j < m; j += 3) cb(out[j]! + offset, out[j + 1]!, out[j + 2]!);
    st[1] = 0;
  }
}

/**
 * The hot loop, without calls (a call in the loop would make the compiler
 * re-check every array on every character): scans from `from` until the end
 * or until `BATCH` matches are buffered in `out`; returns where it stopped.
 */
function scanRun(part: Part, text: string, from: number, st: Int32Array, out: Int32Array): number {
  // Constants are spelled out: module constants would be reloaded on every character.
  const mem = part.mem;
  // `| 0` keeps these untagged 32-bit integers in the compiled loop.
  const fails = part.size | 0; // failure link of state s: mem[s + fails]
  const firsts = (2 * part.size) | 0; // first output entry of state s: mem[s + firsts]
  const infoAt = part.infoAt | 0;
  const n = text.length | 0;
  const full = (3 * BATCH) | 0;
  let s = st[0]! | 0; // current state
  let m = 0;
  let i = from | 0;
  let dropped = i; // just after the last unit the fold dropped (before `from`: unknown)
  while (i < n) {
    let c = mem[text.charCodeAt(i)]!; // class table
    i++;
    if (c <= 0) {
      if (c === 0) s = 65536; // in no pattern: no match spans it; back to the root
      else dropped = i; // dropped by the fold: invisible
      continue;
    }
    // A rare unit takes two symbols (no pattern ends between them).
    let second = c >> 11;
    c &= 2047;
    let w = 0;
    for (;;) {
      w = mem[s + c]!;
      if ((w & 2047) !== c) {
        w = 65536 << 12; // the root, reporting nothing
        for (let f = s; f !== 65536; ) {
          f = mem[f + fails]!;
          const x = mem[f + c]!;
          if ((x & 2047) === c) {
            w = x;
            break;
          }
        }
      }
      s = (w >>> 12) | 0;
      if (second === 0) break;
      c = second;
      second = 0;
    }
    if ((w & 2048) !== 0) {
      for (let r = mem[s + firsts]!; r >= 0; r = mem[infoAt + 3 * r + 2]!) {
        const e = infoAt + 3 * r;
        // The start: back over `length` units, not counting those the fold drops.
        let start = i - mem[e + 1]!;
        if (start < dropped) {
          start = i;
          for (let left = mem[e + 1]!; left > 0; ) if (mem[text.charCodeAt(--start)]! !== -1) left--;
        }
        out[m] = mem[e]!;
        out[m + 1] = start;
        out[m + 2] = i;
        m += 3;
      }
      if (m >= full) break;
    }
  }
  st[0] = s;
  st[1] = m;
  return i;
}

function distinctUnits(patterns: readonly string[], fold: Uint16Array | undefined): number {
  const seen = new Uint8Array(0x10000);
  let n = 0;
  for (const p of patterns) {
    for (let j = 0; j < p.length; j++) {
      const u = fold ? fold[p.charCodeAt(j)]! : p.charCodeAt(j);
      if ((fold && u === 0) || seen[u] !== 0) continue;
      seen[u] = 1;
      n++;
    }
  }
  return n;
}

function foldKey(p: string, fold: Uint16Array | undefined): string {
  if (!fold) return p;
  let key = '';
  for (let j = 0; j < p.length; j++) {
    const u = fold[p.charCodeAt(j)]!;
    if (u !== 0) key += String.fromCharCode(u);
  }
  return key;
}

function splitBuild(patterns: readonly string[], offset: number, fold: Uint16Array | undefined, limit: number, parts: Part[]): void {
  const scratch = new Int32Array(patterns.length);
  const part = tryBuild(patterns, fold, scratch, limit);
  if (part) {
    part.offset = offset;
    parts.push(part);
    return;
  }
  if (patterns.length <= 1) throw new RangeError('pattern too long for the automaton');
  const half = patterns.length >> 1;
  splitBuild(patterns.slice(0, half), offset, fold, limit, parts);
  splitBuild(patterns.slice(half), offset + half, fold, limit, parts);
}

/** Builds one double array, or returns undefined when it would not fit in `limit` words. */
function tryBuild(patterns: readonly string[], fold: Uint16Array | undefined, firstIndex: Int32Array, limit: number): Part | undefined {
  const ab = alphabet(patterns, fold);
  const tr = trie(patterns, fold, ab, firstIndex);
  // Every state but the root takes a word in its parent's row.
  if (tr.nodes + ab.symbols > limit) return undefined;
  const sh = shape(tr, ab.symbols);
  const { base, top } = place(tr, sh, ab.symbols);
  const size = top + ab.symbols + 1;
  if (size > limit) return undefined;
  const { mem, infoAt } = emit(tr, sh, base, size, ab.patLen);
  for (let u = 0; u < 0x10000; u++) {
    const f = fold ? fold[u]! : u;
    mem[u] = fold && f === 0 ? -1 : (ab.second[f]! << SYM_BITS) | ab.first[f]!;
  }
  return { stateCount: tr.nodes, alphabetSize: ab.units, maxLength: ab.maxLength, offset: 0, mem, size, infoAt };
}

/** Folded units of the patterns, ranked by frequency, mapped to one or two symbols. */
interface Alphabet {
  /** Distinct units. */
  units: number;
  /** Symbols in all (rows of the double array span at most this many slots). */
  symbols: number;
  first: Int32Array;
  /** Second symbol, 0 for one-symbol units. */
  second: Int32Array;
  patLen: Int32Array;
  /** Symbols in all patterns together: a bound on the trie's size. */
  totalSymbols: number;
  maxLength: number;
}

function alphabet(patterns: readonly string[], fold: Uint16Array | undefined): Alphabet {
  const np = patterns.length;
  const patLen = new Int32Array(np);
  const freq = new Int32Array(0x10000);
  let totalLen = 0;
  let maxLength = 0;
  for (let i = 0; i < np; i++) {
    const p = patterns[i]!;
    let len = 0;
    for (let j = 0; j < p.length; j++) {
      const u = fold ? fold[p.charCodeAt(j)]! : p.charCodeAt(j);
      if (fold && u === 0) continue;
      freq[u] = freq[u]! + 1;
      len++;
    }
    patLen[i] = len;
    totalLen += len;
    if (len > maxLength) maxLength = len;
  }
  const ranked: number[] = [];
  for (let u = 0; u < 0x10000; u++) if (freq[u]! > 0) ranked.push(u);
  ranked.sort((a, b) => freq[b]! - freq[a]! || a - b);
  const K = ranked.length;
  const D = Math.min(K, DIRECT);
  const E = Math.ceil((K - D) / GROUP);
  const first = new Int32Array(0x10000);
  const second = new Int32Array(0x10000);
  let totalSymbols = totalLen;
  for (let r = 0; r < K; r++) {
    const u = ranked[r]!;
    if (r < D) first[u] = r + 1;
    else {
      first[u] = D + 1 + Math.floor((r - D) / GROUP);
      second[u] = D + E + 1 + ((r - D) % GROUP);
      totalSymbols += freq[u]!;
    }
  }
  return { units: K, symbols: E > 0 ? D + E + GROUP : K, first, second, patLen, totalSymbols, maxLength };
}

interface Trie {
  nodes: number;
  /** Symbol on the edge into each node. */
  sym: Int32Array;
  parent: Int32Array;
  /** Pattern ending at each node (the first of duplicates), or -1. */
  out: Int32Array;
  owners: number;
}

/** Inserts the patterns' symbol strings; an open-addressing hash maps (node, symbol) to the child. */
function trie(patterns: readonly string[], fold: Uint16Array | undefined, ab: Alphabet, firstIndex: Int32Array): Trie {
  const maxNodes = ab.totalSymbols + 1;
  let cap = 16;
  while (cap < maxNodes * 1.5) cap *= 2; // shared prefixes keep the load lower
  const mask = cap - 1;
  const hNode = new Int32Array(cap).fill(-1);
  const hSym = new Int32Array(cap);
  const hChild = new Int32Array(cap);
  const sym = new Int32Array(maxNodes);
  const parent = new Int32Array(maxNodes);
  const out = new Int32Array(maxNodes).fill(-1);
  const { first, second, patLen } = ab;
  let nodes = 1;
  let owners = 0;
  for (let i = 0; i < patterns.length; i++) {
    if (patLen[i] === 0) continue;
    const p = patterns[i]!;
    let s = 0;
    for (let j = 0; j < p.length; j++) {
      const u = fold ? fold[p.charCodeAt(j)]! : p.charCodeAt(j);
      if (fold && u === 0) continue;
      for (let c = first[u]!, next = second[u]!; c !== 0; c = next, next = 0) {
        let h = (Math.imul(s, 0x9e3779b1) ^ Math.imul(c, 0x85ebca77)) & mask;
        for (;;) {
          const hn = hNode[h]!;
          if (hn === -1) {
            hNode[h] = s;
            hSym[h] = c;
            hChild[h] = nodes;
            sym[nodes] = c;
            parent[nodes] = s;
            s = nodes++;
            break;
          }
          if (hn === s && hSym[h] === c) {
            s = hChild[h]!;
            break;
          }
          h = (h + 1) & mask;
        }
      }
    }
    if (out[s] === -1) {
      out[s] = i; // first of duplicate patterns wins
      owners++;
    }
    firstIndex[i] = out[s]!;
  }
  return { nodes, sym, parent, out, owners };
}

interface Shape {
  /** Children of node u: `children[start[u] .. start[u + 1])`, sorted by symbol. */
  start: Int32Array;
  children: Int32Array;
  /** Nodes breadth-first, root first. */
  order: Int32Array;
}

function shape(t: Trie, symbols: number): Shape {
  const { nodes, sym, parent } = t;
  // Bucket the nodes by symbol, then (stably) by parent: every child list comes out sorted.
  const bySym = new Int32Array(symbols + 2);
  for (let v = 1; v < nodes; v++) bySym[sym[v]! + 1]!++;
  for (let c = 0; c <= symbols; c++) bySym[c + 1] = bySym[c + 1]! + bySym[c]!;
  const sorted = new Int32Array(Math.max(1, nodes - 1));
  for (let v = 1; v < nodes; v++) sorted[bySym[sym[v]!]!++] = v;
  const start = new Int32Array(nodes + 1);
  for (let v = 1; v < nodes; v++) start[parent[v]! + 1]!++;
  for (let u = 0; u < nodes; u++) start[u + 1] = start[u + 1]! + start[u]!;
  const children = new Int32Array(Math.max(1, nodes - 1));
  const fill = start.slice(0, nodes);
  for (let k = 0; k < nodes - 1; k++) {
    const v = sorted[k]!;
    children[fill[parent[v]!]!++] = v;
  }
  const order = new Int32Array(nodes);
  let tail = 1;
  for (let q = 0; q < tail; q++) {
    const u = order[q]!;
    for (let k = start[u]!; k < start[u + 1]!; k++) order[tail++] = children[k]!;
  }
  return { start, children, order };
}

/**
 * Chooses a distinct base for every node so that the children's slots
 * (`base + symbol`) never collide. The root's base is 0 (its children take
 * slot = symbol), then nodes breadth-first: one child takes the lowest free
 * slot, several are fitted first-fit near the top; leaves get unused bases.
 */
function place(t: Trie, sh: Shape, symbols: number): { base: Int32Array; top: number } {
  const { nodes, sym } = t;
  const { start, children, order } = sh;
  const alloc = new SlotAllocator(Math.ceil(1.3 * nodes) + symbols + 16, WINDOW);
  const base = new Int32Array(nodes);
  alloc.take(0);
  alloc.claimBase(0);
  for (let k = start[0]!; k < start[1]!; k++) alloc.take(sym[children[k]!]!);
  alloc.seal(symbols + 1);
  // Likeliest states first: a path of frequent symbols (small numbers) is likelier in text,
  // so order by sum(log2(symbol)), about -log P(path) under a Zipf law (in quarter bits,
  // bucketed; breadth-first within a bucket), and pack those first.
  const cost = new Int32Array(symbols + 1);
  for (let c = 1; c <= symbols; c++) cost[c] = Math.round(4 * Math.log2(1 + c));
  const score = new Int32Array(nodes);
  let maxScore = 0;
  for (let q = 1; q < nodes; q++) {
    const v = order[q]!;
    const sc = score[t.parent[v]!]! + cost[sym[v]!]!;
    score[v] = sc;
    if (sc > maxScore) maxScore = sc;
  }
  const bucket = new Int32Array(maxScore + 2);
  for (let q = 1; q < nodes; q++) bucket[score[order[q]!]! + 1]!++;
  for (let b = 0; b <= maxScore; b++) bucket[b + 1] = bucket[b + 1]! + bucket[b]!;
  const likeliest = new Int32Array(nodes - 1);
  for (let q = 1; q < nodes; q++) {
    const v = order[q]!;
    likeliest[bucket[score[v]!]!++] = v;
  }
  for (let q = 0; q < nodes - 1; q++) {
    const u = likeliest[q]!;
    const from = start[u]!;
    const to = start[u + 1]!;
    if (from === to) continue;
    const b = alloc.fit(children, sym, from, to);
    base[u] = b;
    alloc.claimBase(b);
    for (let k = from; k < to; k++) alloc.take(b + sym[children[k]!]!);
  }
  let spare = 1;
  for (let q = 1; q < nodes; q++) {
    const u = order[q]!;
    if (start[u] !== start[u + 1]) continue;
    spare = alloc.unusedBase(spare);
    base[u] = spare;
    alloc.claimBase(spare);
  }
  return { base, top: Math.max(alloc.top, spare + 1) };
}

/**
 * Writes the class table's room, the words, failure links and outputs into
 * one array (see `Part.mem`), breadth-first (a failure target is shallower).
 */
function emit(tr: Trie, sh: Shape, base: Int32Array, size: number, patLen: Int32Array) {
  const { nodes, sym, parent, out } = tr;
  const { order } = sh;
  const fails = size;
  const firsts = 2 * size;
  const infoAt = WORDS + 3 * size;
  const mem = new Int32Array(infoAt + 3 * Math.max(1, tr.owners));
  mem.fill(-1, WORDS + firsts, infoAt);
  for (let q = 1; q < nodes; q++) {
    const v = order[q]!;
    mem[WORDS + base[parent[v]!]! + sym[v]!] = ((WORDS + base[v]!) << BASE_SHIFT) | sym[v]!;
  }
  const root = WORDS;
  let entries = 0;
  for (let q = 1; q < nodes; q++) {
    const v = order[q]!;
    const u = parent[v]!;
    let target = root;
    if (u !== ROOT) {
      const c = sym[v]!;
      for (let f = mem[WORDS + base[u]! + fails]!; ; f = mem[f + fails]!) {
        const w = mem[f + c]!;
        if ((w & SYM_MASK) === c) {
          target = w >>> BASE_SHIFT;
          break;
        }
        if (f === root) break;
      }
    }
    const sv = WORDS + base[v]!;
    mem[sv + fails] = target;
    let first = mem[target + firsts]!;
    const own = out[v]!;
    if (own >= 0) {
      const e = infoAt + 3 * entries;
      mem[e] = own;
      mem[e + 1] = patLen[own]!;
      mem[e + 2] = first;
      first = entries++;
    }
    mem[sv + firsts] = first;
    if (first >= 0) {
      const slot = WORDS + base[u]! + sym[v]!;
      mem[slot] = mem[slot]! | REPORTS;
    }
  }
  return { mem, infoAt };
}

/**
 * Slot allocator for the double array. Free slots below `top` form an
 * ascending doubly linked list; every slot at or above `top` is free.
 * Single-child states take the lowest free slot (it always fits), which
 * fills the holes; states with several children are fitted first-fit among
 * the free slots of a window just below `top` (older regions are dense and
 * would make the search quadratic), else in the fresh space at `top`.
 * Bases are kept distinct: a base is a state's identity.
 */
class SlotAllocator {
  private taken: Uint8Array;
  private baseUsed: Uint8Array;
  private nextFree: Int32Array;
  private prevFree: Int32Array;
  top = 0;
  private tail = -1;
  /** Lowest listed free slot, or -1. */
  private low = -1;
  /** A listed free slot at or below the window's first, or -1. */
  private win = -1;

  constructor(
    capacity: number,
    private readonly window: number,
  ) {
    this.taken = new Uint8Array(capacity);
    this.baseUsed = new Uint8Array(capacity);
    this.nextFree = new Int32Array(capacity);
    this.prevFree = new Int32Array(capacity);
  }

  private grow(min: number): void {
    let cap = this.taken.length;
    if (min < cap) return;
    while (cap <= min) cap = Math.ceil(cap * 1.5) + 16;
    const taken = new Uint8Array(cap);
    taken.set(this.taken);
    this.taken = taken;
    const baseUsed = new Uint8Array(cap);
    baseUsed.set(this.baseUsed);
    this.baseUsed = baseUsed;
    const next = new Int32Array(cap);
    next.set(this.nextFree);
    this.nextFree = next;
    const prev = new Int32Array(cap);
    prev.set(this.prevFree);
    this.prevFree = prev;
  }

  /** Stops listing the slots below `top` (the root's dense region): placement starts there. */
  seal(top: number): void {
    this.grow(top + 1);
    if (top > this.top) this.top = top;
    this.tail = -1;
    this.low = -1;
    this.win = -1;
  }

  claimBase(b: number): void {
    this.grow(b + 1);
    this.baseUsed[b] = 1;
  }

  /** The first unused base at or after `from`. */
  unusedBase(from: number): number {
    let b = from;
    while (b < this.baseUsed.length && this.baseUsed[b] !== 0) b++;
    return b;
  }

  take(slot: number): void {
    if (slot >= this.top) {
      this.grow(slot + 1);
      // Slots between the old top and this one join the free list.
      for (let x = this.top; x < slot; x++) {
        this.prevFree[x] = this.tail;
        this.nextFree[x] = -1;
        if (this.tail >= 0) this.nextFree[this.tail] = x;
        this.tail = x;
        if (this.low < 0) this.low = x;
        if (this.win < 0) this.win = x;
      }
      this.top = slot + 1;
    } else {
      const prev = this.prevFree[slot]!;
      const next = this.nextFree[slot]!;
      if (prev >= 0) this.nextFree[prev] = next;
      if (next >= 0) this.prevFree[next] = prev;
      else this.tail = prev;
      if (this.low === slot) this.low = next;
      if (this.win === slot) this.win = next;
    }
    this.taken[slot] = 1;
  }

  /** A distinct base where every child's slot (`base + symbol`) is free; children sorted by symbol. */
  fit(children: Int32Array, sym: Int32Array, from: number, to: number): number {
    const taken = this.taken;
    const baseUsed = this.baseUsed;
    const nextFree = this.nextFree;
    const top = this.top;
    const minC = sym[children[from]!]!;
    let pos = -1;
    if (to - from === 1) pos = this.low;
    else {
      pos = this.win;
      while (pos >= 0 && pos < top - this.window) pos = nextFree[pos]!;
      this.win = pos;
    }
    const maxTries = to - from === 1 ? MAX_TRIES_ONE : MAX_TRIES;
    for (let tries = 0; pos >= 0 && tries < maxTries; tries++) {
      const b = pos - minC;
      let ok = baseUsed[b] === 0;
      for (let k = from + 1; ok && k < to; k++) {
        const slot = b + sym[children[k]!]!;
        if (slot < top && taken[slot] !== 0) ok = false;
      }
      if (ok) return b;
      pos = nextFree[pos]!;
    }
    let b = top - minC;
    while (b < baseUsed.length && baseUsed[b] !== 0) b++;
    return b;
  }
}
