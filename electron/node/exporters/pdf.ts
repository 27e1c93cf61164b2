import type { PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { AppError } from '../../../shared/errors';
import { attachmentText } from '../importers';
import { extract, importPdf, withPdf, type ExtractedPdf } from '../importers/pdf';
import { assertNoLeak } from './leak-check';
import { redactedValues, type RedactionPlan } from './plan';
import { renderRedactedPage, toViewport, type PdfRect } from './pdf-render';
import { writeImagePdf, type ImagePage, type TextRun } from './pdf-write';
import type { ExportOutput } from './txt';

export interface PdfExportOptions {
  /** Opening password of an encrypted original. */
  password?: string;
  signal?: AbortSignal;
  /** Resolution of the page images; 200 dpi prints text cleanly. */
  dpi?: number;
  onProgress?: (page: number, pages: number) => void;
}

export const PDF_EXPORT_DPI = 200;

/** Hidden places whose text must never reach the published copy's text layer. */
const NOT_ON_PAGE = new Set(['hidden_text', 'comment', 'link', 'form_field', 'attachment', 'property']);

/**
 * A redacted PDF: every page rendered to an image with the redaction boxes
 * painted into its pixels, written into a new PDF with an invisible text
 * layer carrying only what remains (the replacement where a span was), so
 * the copy stays searchable. Nothing else of the original is copied:
 * metadata, XMP, annotations, attachments, forms, scripts, outlines and
 * earlier revisions are gone by construction. The original is read again
 * with the importer, which must yield the very text that was reviewed
 * (the spans' offsets refer to it); the written file is read back by a
 * different library (pdf.js) than the one that wrote it (pdf-lib), its text,
 * metadata, annotations and attachments searched for every redacted value.
 */
export async function exportPdf(plan: RedactionPlan, original: Uint8Array, options: PdfExportOptions = {}): Promise<ExportOutput> {
  const scale = (options.dpi ?? PDF_EXPORT_DPI) / 72;
  const open = { render: true, ...(options.password !== undefined ? { password: options.password } : {}), ...(options.signal ? { signal: options.signal } : {}) };
  const pages = await withPdf(original, open, async (pdfjs, doc, guard, budget) => {
    // Read exactly as the import read it, attachments included, so the offsets agree.
    const layout = await extract(pdfjs, doc, guard, { readAttachment: attachmentText }, budget);
    if (layout.text !== plan.doc.text) {
      throw new AppError('refused', '重新读取的 PDF 文本与审查时不一致，已拒绝导出；请重新导入原文件后再审查', 'the PDF no longer yields the reviewed text; refusing to export');
    }
    const chars = charPages(layout);
    const out: ImagePage[] = [];
    for (let p = 1; p <= doc.numPages; p++) {
      guard.startPage(p, budget);
      const page = await guard.race(doc.getPage(p));
      const { boxes, text } = pageContent(layout, chars, plan, p, page);
      const image = await renderRedactedPage(pdfjs, page, scale, boxes, guard);
      out.push({ ...image, text });
      page.cleanup();
      guard.stopPage();
      options.onProgress?.(p, doc.numPages);
    }
    return out;
  });
  const bytes = Buffer.from(await writeImagePdf(pages));
  return { bytes, check: await checkPdf(bytes, plan, pages.length) };
}

/** For each UTF-16 unit of the text: its page (0 when not page text) and whether it is hidden from readers. */
function charPages(layout: ExtractedPdf): { page: Int32Array; hidden: Uint8Array } {
  const page = new Int32Array(layout.text.length);
  const hidden = new Uint8Array(layout.text.length);
  for (const seg of layout.segments) {
    if (seg.location.kind !== 'pdf') continue;
    page.fill(seg.location.page, seg.start, seg.end);
    if (seg.hidden && NOT_ON_PAGE.has(seg.hidden)) hidden.fill(1, seg.start, seg.end);
  }
  return { page, hidden };
}

/** The boxes to paint on page `p` (user space) and its text layer runs (display space, points). */
function pageContent(
  layout: ExtractedPdf,
  chars: { page: Int32Array; hidden: Uint8Array },
  plan: RedactionPlan,
  p: number,
  page: PDFPageProxy,
): { boxes: PdfRect[]; text: TextRun[] } {
  const g = layout.pdf.glyphBoxes;
  const view = page.getViewport({ scale: 1 });
  const text = layout.text;
  const boxes: PdfRect[] = [];
  const runs: TextRun[] = [];
  const box = (i: number): PdfRect | null => {
    const r: PdfRect = [g[4 * i]!, g[4 * i + 1]!, g[4 * i + 2]!, g[4 * i + 3]!];
    return r.every(Number.isFinite) ? r : null;
  };
  // Display position (origin bottom left) and size of a glyph.
  const place = (r: PdfRect) => {
    const q = toViewport(view, r);
    return { x: q.x, y: view.height - q.y - q.h, w: q.w, h: q.h };
  };
  const onPage = (r: PdfRect) => {
    const q = place(r);
    return q.x + q.w > 0 && q.x < view.width && q.y + q.h > 0 && q.y < view.height;
  };
  let run: (TextRun & { next: number; nextX: number }) | null = null;
  const flush = () => {
    if (run) runs.push({ x: run.x, y: run.y, size: run.size, text: run.text });
    run = null;
  };
  const add = (s: string, at: number, r: PdfRect) => {
    const q = place(r);
    const size = Math.max(q.h, 1);
    // Continue the run while the glyph sits where the layer's own advance would put it.
    if (run && run.next === at && Math.abs(run.size - size) < 0.3 * size && Math.abs(run.nextX - q.x) < 0.35 * size && Math.abs(run.y - q.y) < 0.3 * size) {
      run.text += s;
    } else {
      flush();
      run = { x: q.x, y: q.y, size, text: s, next: at, nextX: q.x };
    }
    run.next = at + s.length;
    for (const ch of s) run.nextX += size * (ch.charCodeAt(0) < 0x80 ? 0.5 : 1);
  };
  // Boxes of one span on one line are painted as one: no gaps between spaced-out glyphs.
  let open: { span: number; r: [number, number, number, number] } | null = null;
  const paint = (r: PdfRect, span: number) => {
    const o = open;
    if (o && o.span === span && sameLine(o.r, r)) {
      o.r = [Math.min(o.r[0], r[0]), Math.min(o.r[1], r[1]), Math.max(o.r[2], r[2]), Math.max(o.r[3], r[3])];
      return;
    }
    if (o) boxes.push(o.r);
    open = { span, r: [r[0], r[1], r[2], r[3]] };
  };
  const spans = plan.spans;
  let k = 0;
  for (let i = 0; i < text.length; i++) {
    while (k < spans.length && spans[k]!.end <= i) k++;
    const span = spans[k];
    const inSpan = span !== undefined && span.start <= i && i < span.end;
    if (chars.page[i] !== p) continue;
    const r = box(i);
    if (!r) continue;
    if (inSpan) {
      paint(r, k);
      // The replacement takes the place of the span's first glyph on this page.
      const firstHere = i === span.start || chars.page[i - 1] !== p || !box(i - 1);
      if (firstHere && chars.hidden[i] === 0 && onPage(r)) add(span.replacement, i, r);
      continue;
    }
    if (chars.hidden[i] === 1 || !onPage(r)) continue;
    const s = text[i]!;
    if (s.trim() === '') continue;
    add(s, i, r);
  }
  flush();
  if (open) boxes.push((open as { r: PdfRect }).r);
  return { boxes, text: runs };
}

/** Two glyph boxes on one line of text (horizontal or vertical), close enough to be covered together. */
function sameLine(a: PdfRect, b: PdfRect): boolean {
  const overlap = (lo1: number, hi1: number, lo2: number, hi2: number) => Math.min(hi1, hi2) - Math.max(lo1, lo2);
  const size = Math.max(Math.min(a[3] - a[1], b[3] - b[1]), Math.min(a[2] - a[0], b[2] - b[0]), 1);
  const horizontal = overlap(a[1], a[3], b[1], b[3]) > 0.5 * Math.min(a[3] - a[1], b[3] - b[1]) && overlap(a[0], a[2], b[0], b[2]) > -1.5 * size;
  const vertical = overlap(a[0], a[2], b[0], b[2]) > 0.5 * Math.min(a[2] - a[0], b[2] - b[0]) && overlap(a[1], a[3], b[1], b[3]) > -1.5 * size;
  return horizontal || vertical;
}

/**
 * Reads the written file back with pdf.js (not the library that wrote it):
 * the page count must match, and neither the text layer nor any metadata,
 * annotation or attachment may hold a redacted value or any hidden content.
 */
async function checkPdf(bytes: Uint8Array, plan: RedactionPlan, pageCount: number): Promise<{ checked: string[] }> {
  const back = await importPdf(bytes);
  if (back.pdf.pages.length !== pageCount) {
    throw new AppError('refused', '导出的 PDF 页数与原文件不符，已拒绝写出', `the export has ${back.pdf.pages.length} pages, not ${pageCount}`);
  }
  return { checked: [...checkPdfCopy(back, redactedValues(plan)), `${pageCount} 页图像化`] };
}

/** Any PDF the app writes for publication, read back: no hidden content, no redacted value in its text. */
export function checkPdfCopy(back: ExtractedPdf, values: readonly string[]): string[] {
  const extras = back.segments.filter((s) => s.hidden && s.hidden !== 'hidden_text');
  if (extras.length > 0) {
    throw new AppError('refused', '导出的 PDF 仍含批注、附件、表单或文档属性，已拒绝写出', `the export still carries hidden content (${extras[0]!.hidden})`);
  }
  const report = assertNoLeak(values, new Map([['文字层', back.text]]));
  return [...report.checked, '无文档属性、批注、附件、表单'];
}
