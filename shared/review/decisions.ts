import type { Finding } from '../rules/finding';

export type Decision = 'accepted' | 'rejected';

export interface FindingDecision {
  findingId: string;
  decision: Decision;
  reason?: string;
}

/** 公开属性: the disclosure attribute set when a review is submitted. */
export const DISCLOSURE_ATTRIBUTES = ['public', 'on_request', 'partial', 'withheld'] as const;
export type DisclosureAttribute = (typeof DISCLOSURE_ATTRIBUTES)[number];

export const DISCLOSURE_LABELS: Record<DisclosureAttribute, string> = {
  public: '主动公开',
  on_request: '依申请公开',
  partial: '部分公开',
  withheld: '不予公开',
};

export function undecidedFindings(findings: readonly Finding[], decisions: ReadonlyMap<string, Decision>): Finding[] {
  return findings.filter((f) => !decisions.has(f.id));
}

export interface Span {
  start: number;
  end: number;
}

/** Accepted findings as sorted, merged spans: what an exporter must remove. */
export function redactionSpans(findings: readonly Finding[], decisions: ReadonlyMap<string, Decision>): Span[] {
  const spans = findings
    .filter((f) => decisions.get(f.id) === 'accepted')
    .map((f) => ({ start: f.start, end: f.end }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: Span[] = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else merged.push({ ...s });
  }
  return merged;
}

export const REDACTION_CHAR = '■';

/** Line breaks inside a span survive so the layout of the page does not collapse. */
export function maskChar(ch: string): string {
  return ch === '\n' || ch === '\r' ? ch : REDACTION_CHAR;
}

/**
 * Replaces each character (code point) of every span by ■. Spans must be sorted
 * and non-overlapping, as `redactionSpans` returns them.
 */
export function redactText(text: string, spans: readonly Span[]): string {
  let out = '';
  let pos = 0;
  for (const s of spans) {
    out += text.slice(pos, s.start);
    for (const ch of text.slice(s.start, s.end)) out += maskChar(ch);
    pos = s.end;
  }
  return out + text.slice(pos);
}
