import { memo } from 'react';
import { useMarks } from './mark-store';

interface Props {
  text: string;
  from: number;
  to: number;
  onSelect(id: string): void;
  /** Set on the one place where a finding's element gets its `hl-<id>` id (the main view, not the hidden lane). */
  idPrefix?: string;
}

/**
 * A range of the document text with its marks. Every piece carries its
 * offset (`data-start`) so that a selection maps back to the text.
 */
export const TextRange = memo(function TextRange({ text, from, to, onSelect, idPrefix = 'hl-' }: Props) {
  const index = useMarks(from, to);
  const { selected, currentHit } = index.marks;
  return (
    <>
      {index.pieces(from, to).map((p) => {
        const slice = text.slice(p.start, p.end);
        const hit = p.hit >= 0 ? ` hit${p.hit === currentHit ? ' hit-current' : ''}` : '';
        const hitId = p.hit === currentHit && p.hit >= 0 ? `${idPrefix}hit` : undefined;
        if (p.manual) {
          return (
            <mark key={p.start} id={hitId} data-start={p.start} className={`hl manual${hit}`} title={p.manual.reason}>
              {slice}
            </mark>
          );
        }
        if (!p.finding) {
          return hit ? (
            <mark key={p.start} id={hitId} data-start={p.start} className={`hl${hit}`}>
              {slice}
            </mark>
          ) : (
            <span key={p.start} data-start={p.start}>
              {slice}
            </span>
          );
        }
        const f = p.finding;
        const state = f.decision ?? 'undecided';
        return (
          <mark
            key={p.start}
            id={p.start === f.start ? `${idPrefix}${f.id}` : hitId}
            className={`hl cat-${f.category} state-${state}${selected === f.id ? ' selected' : ''}${hit}`}
            data-finding={f.id}
            data-start={p.start}
            title={`${f.type} · ${state}`}
            onClick={() => onSelect(f.id)}
          >
            {slice}
          </mark>
        );
      })}
    </>
  );
});

/** The offset in the document text of a point of the DOM selection (every piece carries its start). */
function offsetOf(node: Node | null, offset: number): number | null {
  const el = node?.nodeType === Node.TEXT_NODE ? node.parentElement : (node as Element | null);
  const piece = el?.closest('[data-start]');
  if (!piece) return null;
  return Number(piece.getAttribute('data-start')) + (node?.nodeType === Node.TEXT_NODE ? offset : 0);
}

/** The document-text span of the window's selection, or null when nothing (or nothing mappable) is selected. */
export function selectedSpan(): { start: number; end: number } | null {
  const sel = window.getSelection();
  if (!sel || sel.isCollapsed) return null;
  const a = offsetOf(sel.anchorNode, sel.anchorOffset);
  const b = offsetOf(sel.focusNode, sel.focusOffset);
  return a === null || b === null || a === b ? null : { start: Math.min(a, b), end: Math.max(a, b) };
}
