import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { AhoCorasick } from '../../shared/rules/aho-corasick';
import { scanText } from '../../shared/rules/engine';
import { normalizeWithMap } from '../../shared/rules/normalize';
import { NOTICE_TEXT } from '../fixtures/samples';

/**
 * `npm run bench`: throughput of the engine on realistic text (the seed
 * documents, or the fixture notice when ../shared is absent) repeated to
 * about 2 M characters, with identifiers planted. Reported side by side with
 * a naive baseline (one indexOf pass per term) as ratios. Peers named by the
 * rule-engine issue join this table there.
 */
const SEEDS = join(process.cwd(), '..', 'shared', 'seeds');
let base = NOTICE_TEXT;
try {
  base = readdirSync(SEEDS).map((n) => readFileSync(join(SEEDS, n), 'utf8')).join('\n');
} catch {
  process.stdout.write('seeds absent: using the fixture notice\n');
}
const text = `${base}\n${NOTICE_TEXT}\n`.repeat(Math.ceil(2_000_000 / (base.length + NOTICE_TEXT.length)));
const mb = Buffer.byteLength(text, 'utf8') / 1e6;
const terms = Array.from(new Set(base.match(/[\u4e00-\u9fff]{4}/g) ?? [])).slice(0, 2000);
const list = { name: 'bench', version: '1', category: 'negative_list' as const, basis: '', terms };

function time(fn: () => unknown, runs = 5): number {
  fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return samples.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

const automaton = new AhoCorasick(terms);
const rows: [string, number][] = [
  ['scanText: all detectors + list', time(() => scanText(text, { lists: [list] }))],
  ['Aho-Corasick over normalised text', time(() => automaton.search(normalizeWithMap(text).text))],
  [
    'baseline: indexOf per term',
    time(() => {
      let n = 0;
      for (const t of terms) for (let at = text.indexOf(t); at >= 0; at = text.indexOf(t, at + 1)) n++;
      return n;
    }, 3),
  ],
];
const baseline = rows[rows.length - 1]![1];
process.stdout.write(`text: ${(text.length / 1e6).toFixed(2)} M chars (${mb.toFixed(1)} MB UTF-8), ${terms.length} list terms, node ${process.version}\n`);
for (const [name, ms] of rows) {
  process.stdout.write(`${name.padEnd(36)} ${ms.toFixed(1).padStart(8)} ms  ${(mb / (ms / 1000)).toFixed(1).padStart(7)} MB/s  ${(baseline / ms).toFixed(2)}x baseline\n`);
}
