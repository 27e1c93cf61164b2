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

export const REDACTION_CHAR = '■';

/** Line breaks inside a span survive so the layout of the page does not collapse. */
export function maskChar(ch: string): string {
  return ch === '\n' || ch === '\r' ? ch : REDACTION_CHAR;
}
