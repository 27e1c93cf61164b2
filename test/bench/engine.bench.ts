import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { bench, describe } from 'vitest';
import { AhoCorasick } from '../../shared/rules/aho-corasick';
import { scanText } from '../../shared/rules/engine';
import { normalizeWithMap } from '../../shared/rules/normalize';
import { NOTICE_TEXT } from '../fixtures/samples';

/**
 * Throughput of the engine on realistic text: the seed documents (or the
 * fixture notice when ../shared is absent), repeated to about 1 MB, with
 * identifiers planted. Baseline: one indexOf pass per term, the naive way.
 */
const SEEDS = join(import.meta.dirname, '..', '..', '..', 'shared', 'seeds');
let base = NOTICE_TEXT;
try {
  base = readdirSync(SEEDS).map((n) => readFileSync(join(SEEDS, n), 'utf8')).join('\n');
} catch {
  // seeds absent: the fixture text is enough for a relative measurement
}
const text = `${base}\n${NOTICE_TEXT}\n`.repeat(Math.ceil(1_000_000 / (base.length + NOTICE_TEXT.length)));
const terms = Array.from(new Set(base.match(/[\u4e00-\u9fff]{4}/g) ?? [])).slice(0, 2000);
const list = { name: 'bench', version: '1', category: 'negative_list' as const, basis: '', terms };
const automaton = new AhoCorasick(terms);

describe(`scan ${(text.length / 1e6).toFixed(2)} M characters, ${terms.length} list terms`, () => {
  bench('scanText (all detectors + list)', () => {
    scanText(text, { lists: [list] });
  });
  bench('Aho-Corasick over normalised text', () => {
    automaton.search(normalizeWithMap(text).text);
  });
  bench('baseline: indexOf per term', () => {
    let n = 0;
    for (const t of terms) for (let at = text.indexOf(t); at >= 0; at = text.indexOf(t, at + 1)) n++;
    if (n < 0) throw new Error('unreachable');
  });
});
