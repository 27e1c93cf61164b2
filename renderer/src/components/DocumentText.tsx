import { memo, useMemo } from 'react';
import type { FindingView, ManualRedactionView } from '../../../shared/ipc/views';

interface Piece {
  start: number;
  end: number;
  finding: FindingView | null;
  manual: ManualRedactionView | null;
}

/** Cuts the text at every finding and manual boundary; a piece covered by several findings shows the first. */
export function pieces(text: string, findings: readonly FindingView[], manual: readonly ManualRedactionView[] = []): Piece[] {
  const cuts = new Set<number>([0, text.length]);
  for (const f of [...findings, ...manual]) {
    cuts.add(f.start);
    cuts.add(f.end);
  }
  const sorted = [...cuts].sort((a, b) => a - b);
  const byStart = [...findings].sort((a, b) => a.start - b.start);
  const out: Piece[] = [];
  let active: FindingView[] = [];
  let next = 0;
  for (let i = 0; i + 1 < sorted.length; i++) {
    const start = sorted[i]!;
    const end = sorted[i + 1]!;
    while (next < byStart.length && byStart[next]!.start <= start) active.push(byStart[next++]!);
    active = active.filter((f) => f.end > start);
    out.push({ start, end, finding: active[0] ?? null, manual: manual.find((m) => m.start <= start && end <= m.end) ?? null });
  }
  return out;
}

interface Props {
  text: string;
  findings: readonly FindingView[];
  manual: readonly ManualRedactionView[];
  selected: string | null;
  onSelect(id: string): void;
  /** A span of the text selected with the mouse or keyboard (offsets into `text`), or null when the selection is gone. */
  onSelectText(span: { start: number; end: number } | null): void;
}

/** The offset in the document text of a point of the DOM selection (every piece carries its start). */
function offsetOf(node: Node | null, offset: number): number | null {
  const el = node?.nodeType === Node.TEXT_NODE ? node.parentElement : (node as Element | null);
  const piece = el?.closest('[data-start]');
  if (!piece) return null;
  return Number(piece.getAttribute('data-start')) + (node?.nodeType === Node.TEXT_NODE ? offset : 0);
}

export const DocumentText = memo(function DocumentText({ text, findings, manual, selected, onSelect, onSelectText }: Props) {
  const parts = useMemo(() => pieces(text, findings, manual), [text, findings, manual]);
  const readSelection = () => {
    const sel = window.getSelection();
    if (!sel || sel.isCollapsed) return onSelectText(null);
    const a = offsetOf(sel.anchorNode, sel.anchorOffset);
    const b = offsetOf(sel.focusNode, sel.focusOffset);
    onSelectText(a === null || b === null || a === b ? null : { start: Math.min(a, b), end: Math.max(a, b) });
  };
  return (
    <div className="doc-text" data-testid="document-text" onMouseUp={readSelection} onKeyUp={readSelection}>
      {parts.map((p) => {
        const slice = text.slice(p.start, p.end);
        if (p.manual) {
          return (
            <mark key={p.start} data-start={p.start} className="hl manual" title={p.manual.reason}>
              {slice}
            </mark>
          );
        }
        if (!p.finding) return <span key={p.start} data-start={p.start}>{slice}</span>;
        const f = p.finding;
        const state = f.decision ?? 'undecided';
        return (
          <mark
            key={p.start}
            id={`hl-${f.id}`}
            className={`hl cat-${f.category} state-${state}${selected === f.id ? ' selected' : ''}`}
            data-finding={f.id}
            data-start={p.start}
            title={`${f.type} · ${state}`}
            onClick={() => onSelect(f.id)}
          >
            {slice}
          </mark>
        );
      })}
    </div>
  );
});
