import { describeFindingPlace } from '../document/hidden-labels';
import type { ExtractedDocument } from '../document/model';
import { CATEGORY_LABELS, TYPE_LABELS } from '../rules/labels';
import type { Redaction, RedactionStyle } from './redaction';

/**
 * One line of the statement of reasons (区分处理说明, 条例第三十七条): where a
 * span was removed, what kind of content it was, why and on what basis. It
 * never repeats the removed value.
 */
export interface RedactionListEntry {
  /** 1-based, in document order. */
  n: number;
  place: string;
  category: string;
  type: string;
  style: RedactionStyle;
  replacement: string;
  reason: string | null;
  basis: string;
}

export function redactionList(doc: Pick<ExtractedDocument, 'segments'>, redactions: readonly Redaction[]): RedactionListEntry[] {
  return redactions.map((r, i) => ({
    n: i + 1,
    place: describeFindingPlace(doc, r.start) || '正文',
    category: r.category === 'manual' ? '人工标注' : CATEGORY_LABELS[r.category],
    type: r.type === 'manual' ? '人工脱敏' : TYPE_LABELS[r.type],
    style: r.style,
    replacement: r.replacement,
    reason: r.reason,
    basis: r.basis,
  }));
}

/** The statement as plain text, one numbered line per span, for printing or filing. */
export function formatRedactionList(title: string, entries: readonly RedactionListEntry[]): string {
  const lines = [`${title} 区分处理说明`, `共删除或遮盖 ${entries.length} 处：`];
  for (const e of entries) {
    lines.push(`${e.n}. ${e.place}：${e.category}（${e.type}），处理为“${e.replacement}”。依据：${e.basis}${e.reason ? `；理由：${e.reason}` : ''}`);
  }
  return lines.join('\n');
}
