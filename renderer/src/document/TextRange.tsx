import { Fragment, memo } from 'react';
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
        // A revision's change under whatever else is drawn there.
        const chg = p.change ? ` chg chg-${p.change}` : '';
        let piece;
        if (p.manual) {
          piece = (
            <mark key={p.start} id={hitId} data-start={p.start} className={`hl manual${hit}${chg}`} title={p.manual.reason}>
              {slice}
            </mark>
          );
        } else if (!p.finding) {
          piece = hit ? (
            <mark key={p.start} id={hitId} data-start={p.start} className={`hl${hit}${chg}`}>
              {slice}
            </mark>
          ) : (
            <span key={p.start} data-start={p.start} {...(chg ? { className: chg.trim() } : {})}>
              {slice}
            </span>
          );
        } else {
          const f = p.finding;
          const state = f.decision ?? 'undecided';
          piece = (
            <mark
              key={p.start}
              id={p.start === f.start ? `${idPrefix}${f.id}` : hitId}
              className={`hl cat-${f.category} state-${state}${selected === f.id ? ' selected' : ''}${hit}${chg}`}
              data-finding={f.id}
              data-start={p.start}
              title={`${f.type} · ${state}`}
              onClick={() => onSelect(f.id)}
            >
              {slice}
            </mark>
          );
        }
        if (p.deleted === null) return piece;
        // Removed text of the earlier draft: a small marker, the text in its title (not part of the document text).
        return (
          <Fragment key={p.start}>
            <del className="deleted-marker" title={p.deleted} data-deleted={p.start} />
            {piece}
          </Fragment>
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
