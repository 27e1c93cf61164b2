import mammoth from 'mammoth';
import { hiddenRanges } from '../../../shared/document/hidden-labels';
import type { ExtractedDocument } from '../../../shared/document/model';
import { AppError } from '../../../shared/errors';
import type { DocumentLayout, PdfPageGlyphs, PdfPageLayout, SheetCell } from '../../../shared/ipc/views';
import { attachmentText } from '../importers';
import { extract, withPdf, type PdfLayout, type PdfPageBox } from '../importers/pdf';
import type { BlobStore } from '../storage/blob-store';
import type { Db } from '../storage/database';
import type { ReviewService, StoredReview } from './review-service';

/** Above this the DOCX's HTML (images inline as data: URIs) is not sent; the view shows the plain text instead. */
export const MAX_DOCX_HTML = 50 * 1024 * 1024;

export interface DocumentLayoutsDeps {
  db: Db;
  blobs: BlobStore;
  reviews: ReviewService;
}

/**
 * How a review's document is laid out for the document view: DOCX as HTML,
 * sheets as cells, PDF pages with their glyph boxes, and the hidden-content
 * lane. Every range indexes the review's stored text, never a new reading.
 */
export class DocumentLayouts {
  /** The last DOCX converted (by original hash); null html: too large or unreadable for mammoth. */
  private docx: { key: string; html: string | null } | null = null;
  /** The last PDF layout read (by its hash): the page view asks page after page. */
  private pdf: { key: string; layout: PdfLayout } | null = null;
  /** The page ranges of the review last asked for glyphs (a review's text and layout never change). */
  private pages: { id: number; key: string; layout: PdfLayout; pages: PdfPageLayout[] } | null = null;
  /** Layouts being rebuilt from the original, by extract, so that concurrent asks share one reading. */
  private readonly rebuilding = new Map<string, Promise<string>>();

  constructor(private readonly deps: DocumentLayoutsDeps) {}

  async layout(id: number): Promise<DocumentLayout> {
    const review = this.deps.reviews.stored(id);
    const { doc } = review;
    const hidden = hiddenRanges(doc);
    switch (doc.format) {
      case 'docx': {
        const html = await this.docxHtml(review.document);
        return html === null ? { kind: 'text', hidden } : { kind: 'docx', html, hidden };
      }
      case 'xlsx':
        return { kind: 'sheets', sheets: sheetsOf(doc), hidden };
      case 'pdf':
        try {
          return { kind: 'pdf', pages: pdfPages(doc, (await this.pdfLayout(review)).pages), hidden };
        } catch (err) {
          // An encrypted PDF imported before layouts were kept cannot be read again without its password: text only.
          if (err instanceof AppError && err.code === 'password_required') return { kind: 'text', hidden };
          throw err;
        }
      default:
        return { kind: 'text', hidden };
    }
  }

  /** The glyph boxes of one page's visible text, rounded to 0.01 pt. */
  async pageGlyphs(id: number, page: number): Promise<PdfPageGlyphs> {
    // The page view asks page after page while the reviewer scrolls: the review's pages are worked out once
    // for its original and layout (read with a small query, not the whole review).
    const keyOf = () => JSON.stringify(this.deps.db.prepare('SELECT document, pdf_layout_sha256 FROM reviews WHERE id = ?').get(id) ?? null);
    if (this.pages?.id !== id || this.pages.key !== keyOf()) {
      const review = this.pdfReview(id);
      const layout = await this.pdfLayout(review);
      this.pages = { id, key: keyOf(), layout, pages: pdfPages(review.doc, layout.pages) };
    }
    const { layout, pages } = this.pages;
    const at = pages[page - 1];
    if (!at) throw new AppError('invalid_request', `页码超出范围：该文档共 ${pages.length} 页`, `page ${page} is out of range (1-${pages.length})`);
    const boxes: (number | null)[] = [];
    for (const v of layout.glyphBoxes.subarray(4 * at.start, 4 * at.end)) boxes.push(Number.isFinite(v) ? Math.round(v * 100) / 100 : null);
    return { page, start: at.start, boxes };
  }

  /** The reviewed original (checked against its hash), for the page view to render, with its opening password when known. */
  source(id: number): { bytes: Uint8Array; password?: string } {
    const sha = this.pdfReview(id).document;
    const bytes = this.deps.blobs.get(sha);
    // The password typed at import (this session only): the same person opens the same file.
    const password = this.deps.reviews.passwordOf(sha);
    // A view of exactly the file: IPC clones the whole underlying buffer.
    return { bytes: bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes), ...(password !== undefined ? { password } : {}) };
  }

  private pdfReview(id: number): StoredReview {
    const review = this.deps.reviews.stored(id);
    if (review.format !== 'pdf') throw new AppError('invalid_request', '只有 PDF 文档有页面视图', 'only a PDF has a page view');
    return review;
  }

  private async docxHtml(sha: string): Promise<string | null> {
    if (this.docx?.key !== sha) {
      const original = this.deps.blobs.get(sha);
      let html: string | null;
      try {
        html = (await mammoth.convertToHtml({ buffer: original })).value;
      } catch {
        html = null; // The importer read it; the view falls back to the text.
      }
      this.docx = { key: sha, html: html !== null && html.length <= MAX_DOCX_HTML ? html : null };
    }
    return this.docx.html;
  }

  private async pdfLayout(review: StoredReview): Promise<PdfLayout> {
    const sha = review.pdfLayout ?? (await this.rebuild(review));
    if (this.pdf?.key !== sha) {
      const layout = this.deps.blobs.getPdfLayout(sha);
      if (layout.glyphBoxes.length !== 4 * review.doc.text.length) {
        throw new AppError('refused', 'PDF 版面数据与审查文本不符，拒绝使用', 'the stored PDF layout does not belong to the reviewed text');
      }
      this.pdf = { key: sha, layout };
    }
    return this.pdf.layout;
  }

  /** For reviews imported before layouts were kept: the original read again, as the import read it, and stored. */
  private rebuild(review: StoredReview): Promise<string> {
    const key = review.extract ?? review.document;
    let job = this.rebuilding.get(key);
    if (!job) {
      job = this.readLayout(review).finally(() => this.rebuilding.delete(key));
      this.rebuilding.set(key, job);
    }
    return job;
  }

  private async readLayout(review: StoredReview): Promise<string> {
    const { blobs, db } = this.deps;
    // Attachments are read too, so that the text (and every offset) is the one reviewed.
    const read = await withPdf(blobs.get(review.document), {}, (pdfjs, pdf, guard, budget) => extract(pdfjs, pdf, guard, { readAttachment: attachmentText }, budget));
    if (read.text !== review.doc.text) {
      throw new AppError('refused', '重新读取的 PDF 文本与审查时不一致，无法显示页面；请重新导入原文件', 'the PDF no longer yields the reviewed text; no page view');
    }
    const sha = blobs.putPdfLayout(read.pdf);
    // Every review scanned on this text shares it.
    if (review.extract !== null) db.prepare('UPDATE reviews SET pdf_layout_sha256 = ? WHERE extract_sha256 = ? AND pdf_layout_sha256 IS NULL').run(sha, review.extract);
    else db.prepare('UPDATE reviews SET pdf_layout_sha256 = ? WHERE id = ?').run(sha, review.id);
    return sha;
  }
}

/** Sheets in workbook order, each cell once with its range (comments are in the hidden lane, not in cells). */
export function sheetsOf(doc: Pick<ExtractedDocument, 'segments'>): { name: string; hidden: boolean; cells: SheetCell[] }[] {
  const sheets = new Map<string, { name: string; hidden: boolean; cells: SheetCell[] }>();
  for (const seg of doc.segments) {
    const loc = seg.location;
    if (loc.kind !== 'xlsx' || seg.hidden === 'cell_comment') continue;
    let sheet = sheets.get(loc.sheet);
    if (!sheet) sheets.set(loc.sheet, (sheet = { name: loc.sheet, hidden: false, cells: [] }));
    if (seg.hidden === 'hidden_sheet') sheet.hidden = true;
    const last = sheet.cells.at(-1);
    if (last?.ref === loc.cell) last.end = seg.end;
    else sheet.cells.push({ ref: loc.cell, start: seg.start, end: seg.end });
  }
  return [...sheets.values()];
}

/** Each page's size after /Rotate and the range of its visible text (empty, at the previous page's end, when it has none). */
export function pdfPages(doc: Pick<ExtractedDocument, 'segments'>, boxes: readonly PdfPageBox[]): PdfPageLayout[] {
  const ranges = boxes.map(() => ({ start: -1, end: -1 }));
  for (const seg of doc.segments) {
    const loc = seg.location;
    const range = loc.kind === 'pdf' && !seg.hidden ? ranges[loc.page - 1] : undefined;
    if (!range) continue;
    if (range.start < 0) range.start = seg.start;
    range.end = seg.end;
  }
  let at = 0;
  return boxes.map((b, i) => {
    const range = ranges[i]!;
    const start = range.start < 0 ? at : range.start;
    at = range.start < 0 ? at : range.end;
    const turned = b.rotate % 180 !== 0;
    return { width: turned ? b.height : b.width, height: turned ? b.width : b.height, rotate: b.rotate, view: [...b.view], start, end: at };
  });
}
