import { AhoCorasick } from './aho-corasick';
import type { Finding } from './finding';
import { normalizeTerm, normalizeWithMap } from './normalize';

/**
 * Allow-lists (白名单): the office's public phone numbers, officials' names,
 * its own address. Exact terms (normalised like list terms) and anchored
 * patterns that suppress findings. Where an allowed span and a finding
 * overlap, the longer span wins: allowing 张伟 does not hide 张伟明.
 */
export interface AllowList {
  name: string;
  version: string;
  terms: string[];
  /** Regular expressions matched against a finding's whole text. */
  patterns?: string[];
}

export interface Suppression {
  findingId: string;
  type: Finding['type'];
  start: number;
  end: number;
  list: string;
  /** The allow term or pattern that matched. */
  by: string;
}

interface AllowedSpan {
  start: number;
  end: number;
  list: string;
  by: string;
}

function allowedSpans(text: string, lists: readonly AllowList[]): AllowedSpan[] {
  const norm = normalizeWithMap(text);
  const spans: AllowedSpan[] = [];
  for (const list of lists) {
    if (list.terms.length === 0) continue;
    const automaton = new AhoCorasick(list.terms.map(normalizeTerm));
    for (const m of automaton.search(norm.text)) {
      spans.push({ start: norm.map[m.start]!, end: norm.map[m.end - 1]! + 1, list: list.name, by: list.terms[m.pattern]! });
    }
  }
  return spans.sort((a, b) => a.start - b.start);
}

export function applyAllowLists(
  text: string,
  findings: readonly Finding[],
  lists: readonly AllowList[],
): { kept: Finding[]; suppressed: Suppression[] } {
  if (lists.length === 0) return { kept: [...findings], suppressed: [] };
  const spans = allowedSpans(text, lists);
  const patterns = lists.flatMap((l) => (l.patterns ?? []).map((p) => ({ re: new RegExp(`^(?:${p})$`, 'u'), list: l.name, by: p })));
  const kept: Finding[] = [];
  const suppressed: Suppression[] = [];
  for (const f of findings) {
    const span = spans.find((s) => s.start < f.end && f.start < s.end && s.end - s.start >= f.end - f.start);
    const pattern = span ? undefined : patterns.find((p) => p.re.test(f.text));
    const hit = span ?? (pattern ? { list: pattern.list, by: pattern.by } : undefined);
    if (hit) suppressed.push({ findingId: f.id, type: f.type, start: f.start, end: f.end, list: hit.list, by: hit.by });
    else kept.push(f);
  }
  return { kept, suppressed };
}
