import { useVirtualizer } from '@tanstack/react-virtual';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { memo, useEffect, useMemo, useRef } from 'react';
import { usePageCanvas } from './page-canvas';
import { useTranslation } from 'react-i18next';
import type { FindingView, PdfPageLayout } from '../../../shared/ipc/views';
import { pageOf } from './pdf';

const THUMB_WIDTH = 96;

/** A page drawn small; only the thumbnails in view are drawn. */
const Thumb = memo(function Thumb({ doc, n, layout }: { doc: PDFDocumentProxy; n: number; layout: PdfPageLayout }) {
  const { canvas } = usePageCanvas(doc, n, THUMB_WIDTH / layout.width);
  return <canvas ref={canvas} style={{ width: THUMB_WIDTH, height: (layout.height * THUMB_WIDTH) / layout.width }} aria-hidden="true" />;
});

interface Props {
  doc: PDFDocumentProxy;
  pages: PdfPageLayout[];
  findings: readonly FindingView[];
  current: number;
  onGo(page: number): void;
}

export function PdfThumbnails({ doc, pages, findings, current, onGo }: Props) {
  const { t } = useTranslation();
  const scroller = useRef<HTMLDivElement>(null);
  const rows = useVirtualizer({ count: pages.length, getScrollElement: () => scroller.current, estimateSize: (i) => (pages[i]!.height * THUMB_WIDTH) / pages[i]!.width + 30, overscan: 2 });
  useEffect(() => rows.scrollToIndex(current, { align: 'auto' }), [current, rows]);
  // Undecided findings per page, for the badge.
  const open = useMemo(() => {
    const counts = new Map<number, number>();
    for (const f of findings) {
      if (f.decision !== null) continue;
      const p = pageOf(pages, f.start);
      if (p >= 0) counts.set(p, (counts.get(p) ?? 0) + 1);
    }
    return counts;
  }, [findings, pages]);
  return (
    <nav className="pdf-thumbs" ref={scroller} aria-label={t('view.thumbnails')}>
      <div style={{ height: rows.getTotalSize(), position: 'relative' }}>
        {rows.getVirtualItems().map((v) => {
          const n = open.get(v.index) ?? 0;
          return (
            <button
              key={v.key}
              type="button"
              className={`thumb${v.index === current ? ' current' : ''}`}
              style={{ transform: `translateY(${v.start}px)` }}
              aria-current={v.index === current ? 'page' : undefined}
              title={t('view.goPage', { page: v.index + 1 })}
              onClick={() => onGo(v.index)}
            >
              <Thumb doc={doc} n={v.index + 1} layout={pages[v.index]!} />
              <span className="thumb-label">
                {v.index + 1}
                {n > 0 && <span className="thumb-badge">{t('view.openOnPage', { count: n })}</span>}
              </span>
            </button>
          );
        })}
      </div>
    </nav>
  );
}
