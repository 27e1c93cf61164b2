import { memo, useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentLayout, ReviewView } from '../../../shared/ipc/views';
import { layoutOf } from './prefetch';
import { DocxView } from './DocxView';
import { HiddenLane } from './HiddenLane';
import { PdfView } from './PdfView';
import { SheetView } from './SheetView';
import { selectedSpan, TextRange } from './TextRange';

export type Spans = { start: number; end: number }[];

interface Props {
  view: ReviewView;
  zoom: number;
  /** A text offset to bring into view, or null. */
  focus: number | null;
  boxMode: boolean;
  onSelect(id: string): void;
  /** Text chosen for a manual redaction (a selection, or a box on a PDF page); empty when the choice is gone. */
  onSpans(spans: Spans): void;
  onError(err: unknown): void;
  /** Called with the layout kind once known (the toolbar offers box selection on PDF pages only). */
  onKind(kind: DocumentLayout['kind']): void;
}

/** The document as it looks: PDF pages, formatted DOCX, a sheet grid or text; and beside it what the page hides. */
export const DocumentView = memo(function DocumentView({ view, zoom, focus, boxMode, onSelect, onSpans, onError, onKind }: Props) {
  const { t } = useTranslation();
  const id = view.document.id;
  const [layout, setLayout] = useState<DocumentLayout | null>(null);
  const [pdfBroken, setPdfBroken] = useState(false);
  const [sheet, setSheet] = useState(0);
  useEffect(() => {
    setLayout(null);
    setPdfBroken(false);
    layoutOf(id).then((l) => {
      performance.mark('mishen:layout');
      setLayout(l);
    }, (err: unknown) => {
      // The text view needs nothing more than the review itself.
      setLayout({ kind: 'text', hidden: [] });
      onError(err);
    });
  }, [id, onError]);
  useEffect(() => {
    if (layout) onKind(pdfBroken ? 'text' : layout.kind);
  }, [layout, pdfBroken, onKind]);
  useEffect(() => {
    if (focus === null || layout?.kind !== 'sheets') return;
    const s = layout.sheets.findIndex((sh) => sh.cells.some((c) => c.start <= focus && focus < c.end));
    if (s >= 0) setSheet(s);
  }, [focus, layout]);
  const unavailable = useCallback(() => setPdfBroken(true), []);
  const readSelection = () => {
    const span = selectedSpan();
    onSpans(span ? [span] : []);
  };

  if (!layout) return <p className="muted" role="status">{t('view.laying')}</p>;
  const text = view.text;
  let main;
  if (layout.kind === 'pdf' && !pdfBroken) {
    main = <PdfView id={id} pages={layout.pages} findings={view.findings} zoom={zoom} focus={focus} boxMode={boxMode} onSelect={onSelect} onSpans={onSpans} onUnavailable={unavailable} onError={onError} />;
  } else if (layout.kind === 'sheets') {
    main = <SheetView sheets={layout.sheets} text={text} onSelect={onSelect} sheet={sheet} onSheet={setSheet} focus={focus} />;
  } else {
    main = (
      <div className={`doc-scroll${layout.kind === 'docx' ? ' paper' : ''}`} style={{ fontSize: `${14 * zoom}px` }} onMouseUp={readSelection} onKeyUp={readSelection}>
        <div className={layout.kind === 'docx' ? 'doc-docx' : 'doc-text'} data-testid="document-text">
          {layout.kind === 'docx' ? <DocxView html={layout.html} text={text} hidden={layout.hidden} onSelect={onSelect} /> : <TextBlocks text={text} onSelect={onSelect} />}
        </div>
      </div>
    );
  }
  return (
    <div className={`document-view kind-${layout.kind}`}>
      <div className="document-main">
        {pdfBroken && <p className="note-banner">{t('view.pdfFallback')}</p>}
        {main}
      </div>
      {layout.hidden.length > 0 && <HiddenLane hidden={layout.hidden} text={text} onSelect={onSelect} />}
    </div>
  );
});

/** Characters per drawn block of a text document, cut at line ends: a change of marks redraws its blocks only. */
const BLOCK = 4000;

/** A text document as blocks of lines, each following the marks over its own range. */
const TextBlocks = memo(function TextBlocks({ text, onSelect }: { text: string; onSelect(id: string): void }) {
  const blocks = useMemo(() => {
    const out: { from: number; to: number }[] = [];
    for (let from = 0; from < text.length; ) {
      const nl = text.indexOf('\n', from + BLOCK);
      const to = nl < 0 ? text.length : nl + 1;
      out.push({ from, to });
      from = to;
    }
    return out;
  }, [text]);
  return (
    <>
      {blocks.map((b) => (
        <TextRange key={b.from} text={text} from={b.from} to={b.to} onSelect={onSelect} />
      ))}
    </>
  );
});
