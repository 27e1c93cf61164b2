import { useVirtualizer } from '@tanstack/react-virtual';
import type { PDFDocumentLoadingTask, PDFDocumentProxy } from 'pdfjs-dist';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FindingView, PdfPageGlyphs, PdfPageLayout } from '../../../shared/ipc/views';
import { call } from '../api';
import { sourceOf } from './prefetch';
import { openPdf, pageOf } from './pdf';
import { PdfPage } from './PdfPage';
import { PdfThumbnails } from './PdfThumbnails';

const GAP = 16;

interface Props {
  id: number;
  pages: PdfPageLayout[];
  findings: readonly FindingView[];
  /** Multiple of the fit-to-width scale. */
  zoom: number;
  focus: number | null;
  boxMode: boolean;
  onSelect(id: string): void;
  onSpans(spans: { start: number; end: number }[]): void;
  /** The original could not be drawn (encrypted, broken for the display engine): show the text instead. */
  onUnavailable(err: unknown): void;
  onError(err: unknown): void;
}

/** PDF pages drawn by pdf.js, only those near the viewport, with thumbnails and highlights at the glyph boxes. */
export function PdfView({ id, pages, findings, zoom, focus, boxMode, onSelect, onSpans, onUnavailable, onError }: Props) {
  const { t } = useTranslation();
  const [doc, setDoc] = useState<PDFDocumentProxy | null>(null);
  useEffect(() => {
    let gone = false;
    let task: PDFDocumentLoadingTask | null = null;
    sourceOf(id)
      .then(({ bytes, password }) => {
        performance.mark('mishen:pdf-source');
        if (gone) return null;
        task = openPdf(bytes, password);
        return task.promise;
      })
      .then((d) => {
        performance.mark('mishen:pdf-open');
        if (d && !gone) setDoc(d);
      }, (err: unknown) => {
        if (!gone) onUnavailable(err);
      });
    return () => {
      gone = true;
      void task?.destroy();
    };
  }, [id, onUnavailable]);

  // Glyph boxes, fetched per page as pages come into view.
  const [glyphs, setGlyphs] = useState<ReadonlyMap<number, PdfPageGlyphs>>(new Map());
  const asked = useRef(new Set<number>());
  const need = useCallback(
    (n: number) => {
      if (asked.current.has(n)) return;
      asked.current.add(n);
      call('documents.pageGlyphs', { id, page: n }).then((g) => setGlyphs((m) => new Map(m).set(n, g)), onError);
    },
    [id, onError],
  );

  const scroller = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(800);
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    return () => ro.disconnect();
  }, [doc]);
  const widest = useMemo(() => pages.reduce((w, p) => Math.max(w, p.width), 1), [pages]);
  const scale = (Math.max(200, width - 2 * GAP) / widest) * zoom;
  const rows = useVirtualizer({ count: pages.length, getScrollElement: () => scroller.current, estimateSize: (i) => pages[i]!.height * scale + GAP, overscan: 1 });
  useEffect(() => rows.measure(), [scale, rows]);

  useEffect(() => {
    if (focus === null) return;
    const p = pageOf(pages, focus);
    if (p >= 0) rows.scrollToIndex(p, { align: 'center' });
  }, [focus, pages, rows]);

  const items = rows.getVirtualItems();
  useEffect(() => {
    for (const v of items) need(v.index + 1);
  }, [items, need]);
  // The page at the middle of the viewport is the one being read.
  const middle = (rows.scrollOffset ?? 0) + (rows.scrollRect?.height ?? 0) / 2;
  const current = items.find((v) => v.end > middle)?.index ?? items.at(-1)?.index ?? 0;

  if (!doc) return <p className="muted" role="status">{t('view.opening')}</p>;
  return (
    <div className="pdf-view">
      <PdfThumbnails doc={doc} pages={pages} findings={findings} current={current} onGo={(i) => rows.scrollToIndex(i, { align: 'start' })} />
      <div className="pdf-scroll" ref={scroller} tabIndex={0} aria-label={t('view.pages', { count: pages.length })} data-testid="pdf-pages">
        <div style={{ height: rows.getTotalSize(), position: 'relative' }}>
          {items.map((v) => (
            <div key={v.key} className="pdf-slot" style={{ transform: `translateY(${v.start}px)`, height: v.size }}>
              <PdfPage
                doc={doc}
                n={v.index + 1}
                layout={pages[v.index]!}
                scale={scale}
                glyphs={glyphs.get(v.index + 1)}
                focus={focus}
                boxMode={boxMode}
                onSelect={onSelect}
                onSpans={onSpans}
              />
            </div>
          ))}
        </div>
      </div>
      <div className="page-indicator muted small" aria-live="polite">
        {t('view.pageOf', { page: current + 1, count: pages.length })}
      </div>
    </div>
  );
}
