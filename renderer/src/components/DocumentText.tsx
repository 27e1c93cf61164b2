import { memo, useMemo } from 'react';
import type { FindingView } from '../../../shared/ipc/views';

interface Piece {
  start: number;
  end: number;
  finding: FindingView | null;
}

/** Cuts the text at every finding boundary; a piece covered by several findings shows the first. */
export function pieces(text: string, findings: readonly FindingView[]): Piece[] {
  const cuts = new Set<number>([0, text.length]);
  for (const f of findings) {
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
    out.push({ start, end, finding: active[0] ?? null });
  }
  return out;
}

interface Props {
  text: string;
  findings: readonly FindingView[];
  selected: string | null;
  onSelect(id: string): void;
}

export const DocumentText = memo(function DocumentText({ text, findings, selected, onSelect }: Props) {
  const parts = useMemo(() => pieces(text, findings), [text, findings]);
  return (
    <div className="doc-text" data-testid="document-text">
      {parts.map((p) => {
        const slice = text.slice(p.start, p.end);
        if (!p.finding) return <span key={p.start}>{slice}</span>;
        const f = p.finding;
        const state = f.decision ?? 'undecided';
        return (
          <mark
            key={p.start}
            id={`hl-${f.id}`}
            className={`hl cat-${f.category} state-${state}${selected === f.id ? ' selected' : ''}`}
            data-finding={f.id}
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
