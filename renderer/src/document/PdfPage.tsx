import { memo, useLayoutEffect, useRef, useState } from 'react';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import type { PdfPageGlyphs, PdfPageLayout } from '../../../shared/ipc/views';
import { useMarks } from './mark-store';
import { usePageCanvas } from './page-canvas';
import type { Piece } from './marks';
import { spanRects, spansInBox, type Rect } from './pdf';

interface Props {
  doc: PDFDocumentProxy;
  /** 1-based page number. */
  n: number;
  layout: PdfPageLayout;
  scale: number;
  glyphs: PdfPageGlyphs | undefined;
  focus: number | null;
  boxMode: boolean;
  onSelect(id: string): void;
  onSpans(spans: { start: number; end: number }[]): void;
}

/** One page of a PDF with the findings drawn at their glyph boxes; in box mode a drawn box selects the text under it. */
export const PdfPage = memo(function PdfPage({ doc, n, layout, scale, glyphs, focus, boxMode, onSelect, onSpans }: Props) {
  const { canvas, viewport } = usePageCanvas(doc, n, scale);
  const index = useMarks(layout.start, layout.end);
  const { selected, currentHit } = index.marks;
  const focusRef = useRef<HTMLDivElement>(null);
  const pieces = glyphs && viewport ? index.pieces(layout.start, layout.end) : [];
  const rects = (p: Piece, end = p.end) => (glyphs && viewport ? spanRects(glyphs, viewport, p.start, end) : []);
  const marks = joined(pieces.filter((p) => p.finding || p.manual || p.hit >= 0)).flatMap((p) => rects(p).map((r, i) => ({ p, r, i })));
  // A revision's changes under the marks, and where text of the earlier draft was removed.
  const changes = pieces.filter((p) => p.change).flatMap((p) => rects(p).map((r, i) => ({ p, r, i })));
  const deletions = pieces.flatMap((p) => (p.deleted === null ? [] : rects(p, p.start + 1).slice(0, 1).map((r) => ({ p, r }))));
  useLayoutEffect(() => {
    focusRef.current?.scrollIntoView({ block: 'center' });
  }, [focus, glyphs, viewport]);

  const [drag, setDrag] = useState<{ x: number; y: number; box: Rect } | null>(null);
  const at = (e: React.MouseEvent) => {
    const r = e.currentTarget.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };
  return (
    <div className="pdf-page" style={{ width: viewport?.width ?? layout.width * scale, height: viewport?.height ?? layout.height * scale }} data-page={n}>
      <canvas ref={canvas} style={{ width: '100%', height: '100%' }} aria-hidden="true" />
      <div
        className={`pdf-overlay${boxMode ? ' box-mode' : ''}`}
        onMouseDown={(e) => {
          if (!boxMode) return;
          e.preventDefault(); // a drag draws a box, it does not select text around the page
          const p = at(e);
          setDrag({ ...p, box: { left: p.x, top: p.y, width: 0, height: 0 } });
        }}
        onMouseMove={(e) => {
          if (!drag) return;
          const p = at(e);
          setDrag({ ...drag, box: { left: Math.min(p.x, drag.x), top: Math.min(p.y, drag.y), width: Math.abs(p.x - drag.x), height: Math.abs(p.y - drag.y) } });
        }}
        onMouseUp={() => {
          if (drag && glyphs && viewport) onSpans(spansInBox(glyphs, viewport, drag.box));
          setDrag(null);
        }}
      >
        {changes.map(({ p, r, i }) => (
          <div key={`c${p.start}.${i}`} className={`pdf-change chg-${p.change}`} style={{ left: r.left, top: r.top, width: r.width, height: r.height }} />
        ))}
        {deletions.map(({ p, r }) => (
          <div key={`d${p.start}`} className="pdf-deleted" title={p.deleted ?? ''} data-deleted={p.start} style={{ left: r.left - 3, top: r.top, height: r.height }} />
        ))}
        {marks.map(({ p, r, i }) => {
          const f = p.finding;
          const state = f?.decision ?? 'undecided';
          const kind = p.manual ? 'manual' : f ? `cat-${f.category} state-${state}${selected === f.id ? ' selected' : ''}` : '';
          const hit = p.hit >= 0 ? ` hit${p.hit === currentHit ? ' hit-current' : ''}` : '';
          const isFocus = focus !== null && p.start <= focus && focus < p.end && i === 0;
          return (
            <div
              key={`${p.start}.${i}`}
              ref={isFocus ? focusRef : undefined}
              id={f && i === 0 && p.start === f.start ? `hl-${f.id}` : undefined}
              className={`pdf-mark ${kind}${hit}`}
              data-finding={f?.id}
              title={f ? `${f.type} · ${state}` : p.manual?.reason}
              style={{ left: r.left, top: r.top, width: r.width, height: r.height }}
              onClick={f ? () => onSelect(f.id) : undefined}
            />
          );
        })}
        {drag && <div className="pdf-box" style={{ left: drag.box.left, top: drag.box.top, width: drag.box.width, height: drag.box.height }} />}
      </div>
    </div>
  );
});

/** Adjacent pieces under the same finding, manual span and hit as one: a change cutting a finding does not split its box. */
function joined(pieces: readonly Piece[]): Piece[] {
  const out: Piece[] = [];
  for (const p of pieces) {
    const last = out.at(-1);
    if (last && last.end === p.start && last.finding === p.finding && last.manual === p.manual && last.hit === p.hit) out[out.length - 1] = { ...last, end: p.end };
    else out.push(p);
  }
  return out;
}
