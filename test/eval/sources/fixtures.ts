import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TermList } from '../../../shared/rules/term-list';
import { parseMarkup } from '../markup';
import type { EvalDoc } from '../types';

/** The evaluation's own negative list: every `lists/*.txt`, one term a line, `#` comments. */
export function loadLists(dir: string): TermList[] {
  const listDir = join(dir, 'lists');
  if (!existsSync(listDir)) return [];
  return readdirSync(listDir)
    .filter((n) => n.endsWith('.txt'))
    .sort()
    .map((n) => ({
      name: n.replace(/\.txt$/, ''),
      version: 'eval',
      category: 'negative_list' as const,
      basis: '负面清单（评测）',
      terms: readFileSync(join(listDir, n), 'utf8')
        .replace(/^\uFEFF/, '')
        .split(/\r\n|\r|\n/)
        .map((l) => l.trim())
        .filter((l) => l !== '' && !l.startsWith('#')),
    }));
}

/** Hand-written labelled documents: `fixtures/*.txt` in the markup of markup.ts. */
export function loadFixtures(dir: string): EvalDoc[] {
  const lists = loadLists(dir);
  return readdirSync(dir)
    .filter((n) => n.endsWith('.txt'))
    .sort()
    .map((n) => {
      const { text, spans } = parseMarkup(readFileSync(join(dir, n), 'utf8'), n);
      return { id: n.replace(/\.txt$/, ''), text, spans, lists };
    });
}
