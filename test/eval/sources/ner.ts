import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LabelledSpan } from '../markup';
import type { EvalDoc } from '../types';
import { rng } from '../../fixtures/prng';

/**
 * Visible NER splits: person names (and CLUENER's addresses) in running
 * text, sampled deterministically. Loaders return sentences with gold
 * spans; the slice is always `text` (running text).
 */

export interface NerSentence {
  text: string;
  names: [number, number][];
  addresses: [number, number][];
}


export function sample<T>(items: readonly T[], n: number, seed: number): T[] {
  const idx = items.map((_, i) => i);
  const r = rng(seed);
  for (let i = idx.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  return idx
    .slice(0, n)
    .sort((a, b) => a - b)
    .map((i) => items[i]!);
}

/** BIO / BMES tags to spans of the wanted entity labels. */
function spansFromTags(tags: readonly string[], wanted: (label: string) => boolean): [number, number][] {
  const out: [number, number][] = [];
  let start = -1;
  let label = '';
  const close = (i: number) => {
    if (start >= 0 && wanted(label)) out.push([start, i]);
    start = -1;
  };
  tags.forEach((tag, i) => {
    const m = /^([BIMES])-(.+)$/.exec(tag);
    if (!m) return close(i);
    const [, pos, lab] = m as unknown as [string, string, string];
    if (pos === 'B' || pos === 'S' || lab !== label || start < 0) {
      close(i);
      start = i;
      label = lab;
    }
    if (pos === 'E' || pos === 'S') close(i + 1);
  });
  close(tags.length);
  return out;
}

/** Two-column files (char, tag), one token a line, sentences separated by blank lines. */
function readColumns(path: string, sep: RegExp, tokenChar: (t: string) => string, wanted: (l: string) => boolean): NerSentence[] {
  const out: NerSentence[] = [];
  let chars: string[] = [];
  let tags: string[] = [];
  const flush = () => {
    if (chars.length) out.push(fromTokens(chars, spansFromTags(tags, wanted)));
    chars = [];
    tags = [];
  };
  for (const line of readFileSync(path, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/)) {
    if (line.trim() === '') {
      flush();
      continue;
    }
    const parts = line.split(sep);
    if (parts.length < 2) continue;
    chars.push(tokenChar(parts[0]!));
    tags.push(parts.at(-1)!.trim());
  }
  flush();
  return out;
}

/** Token-index spans to UTF-16 offsets (a token may be an astral character, e.g. an emoji in Weibo). */
function fromTokens(tokens: readonly string[], spans: [number, number][]): NerSentence {
  const at: number[] = [0];
  for (const t of tokens) at.push(at.at(-1)! + t.length);
  return { text: tokens.join(''), names: spans.map(([s, e]) => [at[s]!, at[e]!] as [number, number]), addresses: [] };
}

export function loadPeoplesDaily(dir: string): NerSentence[] {
  return readColumns(join(dir, 'example.dev'), / /, (t) => t, (l) => l === 'PER');
}

export function loadResume(dir: string): NerSentence[] {
  return readColumns(join(dir, 'dev.char.bmes'), / /, (t) => t, (l) => l === 'NAME');
}

export function loadWeibo(dir: string): NerSentence[] {
  return readColumns(join(dir, 'weiboNER_2nd_conll.dev'), /\t/, (t) => t.slice(0, -1), (l) => l === 'PER.NAM');
}

export function loadMsra(dir: string): NerSentence[] {
  const sents = readFileSync(join(dir, 'val', 'sentences.txt'), 'utf8').split(/\r?\n/);
  const tags = readFileSync(join(dir, 'val', 'tags.txt'), 'utf8').split(/\r?\n/);
  const out: NerSentence[] = [];
  sents.forEach((line, i) => {
    const chars = line.trim() === '' ? [] : line.trim().split(/ +/);
    const t = (tags[i] ?? '').trim().split(/ +/);
    if (chars.length === 0 || chars.length !== t.length) return;
    out.push(fromTokens(chars, spansFromTags(t, (l) => l === 'PER')));
  });
  return out;
}

interface ClueRecord {
  text: string;
  label?: Record<string, Record<string, [number, number][]>>;
}

export function loadCluener(dir: string): NerSentence[] {
  // train.json is either one object a line or pretty-printed objects one after another.
  const raw = readFileSync(join(dir, 'train.json'), 'utf8').replace(/^\uFEFF/, '').trim();
  const records = JSON.parse(`[${raw.replace(/\}\s*\n\s*\{/g, '},{')}]`) as ClueRecord[];
  return records.map((r) => {
    const spans = (kind: string): [number, number][] =>
      Object.values(r.label?.[kind] ?? {})
        .flat()
        .map(([s, e]) => [s, e + 1] as [number, number]);
    return { text: r.text, names: spans('name'), addresses: spans('address') };
  });
}

export function toDocs(id: string, sentences: readonly NerSentence[]): EvalDoc[] {
  return sentences.map((s, i) => {
    const spans: LabelledSpan[] = [];
    for (const [start, end] of s.names) spans.push({ type: 'person_name', start, end, text: s.text.slice(start, end), tolerated: false, slice: 'text' });
    for (const [start, end] of s.addresses) spans.push({ type: 'address', start, end, text: s.text.slice(start, end), tolerated: false, slice: 'text' });
    return { id: `${id}#${i}`, text: s.text, spans };
  });
}

/** Top surnames by population (nciic familyname.csv), for choosing Chinese names to put in fields. */
export function loadSurnames(namesDir: string, top = 300): Set<string> | null {
  const path = join(namesDir, 'nciic', 'familyname.csv');
  if (!existsSync(path)) return null;
  const rows = readFileSync(path, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/).slice(1);
  const parsed = rows
    .map((r) => r.split(','))
    .filter((c) => c.length > 5)
    .map((c) => ({ surname: c[0]!, n: Number(c[4]) }))
    .sort((a, b) => b.n - a.n);
  return new Set(parsed.slice(0, top).map((p) => p.surname));
}

const FIELD_LABELS = ['联系人：', '申请人：', '户主：', '经办人：', '姓名：', '被申请人：', '法定代表人：', '委托代理人：'];

/**
 * Names from running-text NER labels placed into 公示-style fields: a table
 * with a 姓名 column and "联系人：X" lines. Measures recall on many real names
 * in the labelled-field setting the targets speak of.
 */
export function namesInFields(names: readonly string[], perDoc = 20): EvalDoc[] {
  const docs: EvalDoc[] = [];
  for (let d = 0; d * perDoc < names.length; d++) {
    const chunk = names.slice(d * perDoc, (d + 1) * perDoc);
    const half = Math.ceil(chunk.length / 2);
    let text = '关于2024年度农村低收入农户帮扶对象的公示\n序号\t姓名\t性别\t民族\t文化程度\t所在村\n';
    const spans: LabelledSpan[] = [];
    const mark = (name: string) =>
      spans.push({ type: 'person_name', start: text.length, end: text.length + name.length, text: name, tolerated: false, slice: 'field' });
    // First half: rows of one table under its 姓名 header; second half: labelled lines after it.
    chunk.slice(0, half).forEach((name, i) => {
      text += `${i + 1}\t`;
      mark(name);
      text += `${name}\t${i % 2 === 0 ? '男' : '女'}\t汉族\t初中\t后岩村\n`;
    });
    text += '公示期间如有异议，请与下列人员联系。\n';
    chunk.slice(half).forEach((name, i) => {
      text += FIELD_LABELS[(d + i) % FIELD_LABELS.length]!;
      mark(name);
      text += `${name}\n`;
    });
    docs.push({ id: `ner-names-in-fields#${d}`, text, spans });
  }
  return docs;
}
