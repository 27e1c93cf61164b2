import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { locate, type ExtractedDocument, type HiddenPlace, type Segment, type SourceLocation } from '../../../shared/document/model';
import { AppError } from '../../../shared/errors';
import {
  alignDrawnChars,
  itemFrame,
  offPageRuns,
  replayGlyphs,
  separatorBetween,
  writeGlyphBoxes,
  type DrawnChar,
  type ItemFrame,
  type ReplayFont,
  type ReplayOps,
} from './pdf-glyphs';
import { acquireParser, releaseParser } from './pdf-parser';

/*
 * PDF import with pdf.js (pdfjs-dist, legacy Node build).
 *
 * pdf.js's parser (its "worker" half) runs in a fresh worker thread per
 * import (or one kept from the last clean import: pdf-parser.ts), with a heap limit, and is terminated when the time budget runs out
 * or the caller aborts: a hostile file can make the parser loop or allocate
 * without end, and only a thread can be stopped from outside. The API half
 * stays in this thread and talks to the parser over a MessageChannel. pdf.js
 * gets the bytes (never a URL), reads its CMaps and standard-font data from
 * its own package folder, loads no font faces and no system fonts, evaluates
 * no code (6.x has no eval path left; `isEvalSupported` is gone), and runs
 * no scripts or XFA.
 */

// ---------------------------------------------------------------------------
// Types the lead adds to shared/document/model.ts (kept here until then).

/**
 * A range of page text: the pdf.js text item (index in `getTextContent().items`)
 * and the offset in its string. Item -1 is text drawn outside the page's
 * visible area (hidden text); its offset counts characters of that run.
 * Either way the glyph boxes (`ExtractedPdf.pdf.glyphBoxes`) say where on
 * the page each character is.
 */
export interface PdfTextLocation {
  kind: 'pdf';
  /** 1-based page number. */
  page: number;
  item: number;
  offset: number;
}

/** Text of an annotation (comment, link target, form field value, attachment name). */
export interface PdfAnnotationLocation {
  kind: 'pdf_annotation';
  page: number;
  /** pdf.js annotation id (object reference, e.g. `12R`). */
  annotation: string;
  field: 'contents' | 'author' | 'url' | 'value' | 'file';
  offset: number;
}

/** Hidden places PDFs add: link targets, form field values, names of embedded files. */
export type PdfHiddenPlace = 'link' | 'form_field' | 'attachment';

export interface PdfSegment extends Omit<Segment, 'location' | 'hidden'> {
  location: SourceLocation | PdfTextLocation | PdfAnnotationLocation;
  hidden?: HiddenPlace | PdfHiddenPlace;
}

export interface PdfPageBox {
  /** Width and height of the page's view box in user space (before /Rotate). */
  width: number;
  height: number;
  /** The view box (crop box clipped to the media box): x0, y0, x1, y1. */
  view: [number, number, number, number];
  /** /Rotate in degrees, clockwise: 0, 90, 180 or 270. */
  rotate: number;
  /**
   * Characters of the page text whose box is estimated from the item's
   * width (the glyph could not be matched in the operator list) rather than
   * exact: a redaction there needs a margin.
   */
  estimatedGlyphs: number;
}

export interface PdfLayout {
  /** One entry per page, index = page number - 1 (zeros for a page that could not be read). */
  pages: PdfPageBox[];
  /**
   * Four numbers per UTF-16 code unit of `text`: x0, y0, x1, y1 of the glyph
   * in PDF user space of its page (the page is the segment's `page`); NaN
   * for separators and for text that is not drawn on a page.
   */
  glyphBoxes: Float32Array;
}

export interface ExtractedPdf extends Omit<ExtractedDocument, 'format' | 'segments'> {
  format: 'pdf';
  segments: PdfSegment[];
  pdf: PdfLayout;
}

// ---------------------------------------------------------------------------

export const PDF_LIMITS = {
  maxBytes: 512 * 1024 * 1024,
  maxPages: 5_000,
  /** Budget for opening the file, and for any single page… */
  budgetMs: 30_000,
  /** …plus this much per page for the whole document (about three times what a text page takes)… */
  budgetPerPageMs: 100,
  /** …but never more than this. */
  maxBudgetMs: 10 * 60_000,
  /** Characters of canonical text (16 bytes of glyph boxes each). */
  maxTextChars: 20_000_000,
  /** JavaScript heap of the parser thread. */
  maxHeapMb: 1536,
  /**
   * Growth of the process's resident memory while a PDF is parsed: decoded streams live in
   * ArrayBuffers outside the heap limit, and a small file can inflate to gigabytes.
   */
  maxMemoryMb: 2048,
} as const;

export interface PdfImportOptions {
  /** Open password (user or owner). */
  password?: string;
  signal?: AbortSignal;
  /**
   * Time budget in milliseconds (default `PDF_LIMITS.budgetMs`) for opening the file and for each
   * page; the whole import may take this plus `budgetPerPageMs` per page.
   */
  budgetMs?: number;
  /** Page limit (default `PDF_LIMITS.maxPages`). */
  maxPages?: number;
  /** Called after each page. */
  onProgress?: (page: number, pages: number) => void;
  /**
   * Text of an embedded file that is itself a supported document (DOCX,
   * XLSX, TXT, HTML ...), so its contents are scanned too; throws
   * `AppError` for what it cannot read. Without it attachments are listed only.
   */
  readAttachment?: (name: string, bytes: Uint8Array) => string;
  /** Exact glyph boxes from the operator list (default); `false` keeps the estimates (tests, diagnostics). */
  exactGlyphs?: boolean;
  /** Memory limit in MB (default `PDF_LIMITS.maxMemoryMb`). */
  maxMemoryMb?: number;
  /** Keep the parser thread for the next document when this one reads cleanly (many files in a row: pdf-parser.ts). */
  keepParser?: boolean;
}

/** The password problems, so that a caller can ask for a password instead of showing an error. */
export class PdfPasswordError extends AppError {
  constructor(readonly reason: 'required' | 'incorrect') {
    super(
      'password_required',
      reason === 'required'
        ? 'PDF 文件已加密，请输入打开密码后再导入'
        : 'PDF 打开密码不正确，请核对后重新输入',
      reason === 'required' ? 'the PDF is encrypted: enter its open password to import it' : 'the PDF password is incorrect',
    );
    this.name = 'PdfPasswordError';
  }
}

export type Pdfjs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
type TextContent = Awaited<ReturnType<PDFPageProxy['getTextContent']>>;
type TextItem = Extract<TextContent['items'][number], { str: string }>;

const resolveFromHere = createRequire(import.meta.url);
let pdfjsPromise: Promise<Pdfjs> | undefined;

function pdfjsDir(): string {
  return dirname(resolveFromHere.resolve('pdfjs-dist/package.json'));
}

function loadPdfjs(): Promise<Pdfjs> {
  pdfjsPromise ??= import('pdfjs-dist/legacy/build/pdf.mjs').catch((err: unknown) => {
    pdfjsPromise = undefined;
    throw err;
  });
  return pdfjsPromise;
}

function describeBudget(ms: number): string {
  if (ms < 1000) return `${ms} 毫秒`;
  return `${Number.isInteger(ms / 1000) ? ms / 1000 : (ms / 1000).toFixed(1)} 秒`;
}

/**
 * Rejects when the time runs out, the caller aborts or the parser thread
 * dies; every wait on pdf.js goes through `race`.
 */
export class Guard {
  readonly failed: Promise<never>;
  private fail!: (err: AppError) => void;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private pageTimer: ReturnType<typeof setTimeout> | undefined;
  private memoryTimer: ReturnType<typeof setInterval> | undefined;
  private readonly started = Date.now();
  private budgetMs = 0;
  private onAbort: (() => void) | undefined;

  constructor(
    budgetMs: number,
    private readonly signal: AbortSignal | undefined,
  ) {
    this.failed = new Promise<never>((_, reject) => {
      this.fail = reject;
    });
    this.failed.catch(() => undefined);
    this.setBudget(budgetMs);
    if (signal) {
      this.onAbort = () => this.fail(new AppError('cancelled', '已取消导入 PDF', 'PDF import cancelled'));
      signal.addEventListener('abort', this.onAbort, { once: true });
    }
  }

  setBudget(ms: number): void {
    this.budgetMs = ms;
    if (this.timer) clearTimeout(this.timer);
    const left = Math.max(0, this.started + ms - Date.now());
    this.timer = setTimeout(() => {
      this.fail(
        new AppError(
          'refused',
          `PDF 解析超过 ${describeBudget(this.budgetMs)} 仍未完成，已中止；文件可能已损坏或含有异常结构，请另存或打印为新的 PDF 后再试`,
          `PDF import exceeded its ${this.budgetMs} ms budget and was stopped`,
        ),
      );
    }, left);
  }

  /**
   * Samples the process's resident memory and fails when it grows by more than `mb` since the
   * start: the parser's decoded streams are ArrayBuffers, which the thread's heap limit does not
   * count. (Process-wide, so a concurrent import counts too; the limit leaves room for that.)
   */
  watchMemory(mb: number): void {
    const base = process.memoryUsage.rss();
    const limit = mb * 1024 * 1024;
    this.memoryTimer = setInterval(() => {
      if (process.memoryUsage.rss() - base > limit) {
        this.fail(
          new AppError(
            'too_large',
            `PDF 解析所需内存超过 ${mb} MB 上限，已中止；文件可能含有压缩炸弹或异常结构`,
            `PDF parsing exceeded its ${mb} MB memory limit and was stopped`,
          ),
        );
      }
    }, 25);
    this.memoryTimer.unref();
  }

  /** Starts the watchdog of one page: a single page may not take longer than `ms`. */
  startPage(page: number, ms: number): void {
    if (this.pageTimer) clearTimeout(this.pageTimer);
    this.pageTimer = setTimeout(() => {
      this.fail(
        new AppError(
          'refused',
          `PDF 第 ${page} 页解析超过 ${describeBudget(ms)} 仍未完成，已中止；该页可能含有异常结构，请另存或打印为新的 PDF 后再试`,
          `PDF page ${page} exceeded its ${ms} ms budget and was stopped`,
        ),
      );
    }, ms);
  }

  stopPage(): void {
    if (this.pageTimer) clearTimeout(this.pageTimer);
    this.pageTimer = undefined;
  }

  abort(err: AppError): void {
    this.fail(err);
  }

  race<T>(p: Promise<T>): Promise<T> {
    return Promise.race([p, this.failed]);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.memoryTimer) clearInterval(this.memoryTimer);
    if (this.pageTimer) clearTimeout(this.pageTimer);
    if (this.onAbort) this.signal?.removeEventListener('abort', this.onAbort);
  }
}

function errorFields(err: unknown): { name: string; message: string; code: unknown } {
  const e = (err ?? {}) as { name?: unknown; message?: unknown; code?: unknown };
  return {
    name: typeof e.name === 'string' ? e.name : '',
    message: (typeof e.message === 'string' ? e.message : String(err)).slice(0, 300),
    code: e.code,
  };
}

/** pdf.js errors (plain objects or Error subclasses, possibly from the other thread) as AppError data. */
export function pdfjsError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const { name, message, code } = errorFields(err);
  if (name === 'PasswordException') return new PdfPasswordError(code === 2 ? 'incorrect' : 'required');
  if (name === 'InvalidPDFException') {
    return new AppError('bad_input', '文件已损坏或不是有效的 PDF，无法导入', `invalid or corrupt PDF: ${message}`);
  }
  return new AppError('bad_input', 'PDF 文件无法解析（可能已损坏），已拒绝导入', `PDF could not be parsed: ${name ? `${name}: ` : ''}${message}`);
}

/** `1,3-5,9` from sorted page numbers. */
export function pageRanges(pages: number[]): string {
  const out: string[] = [];
  for (let i = 0; i < pages.length; ) {
    let j = i;
    while (j + 1 < pages.length && pages[j + 1] === pages[j]! + 1) j++;
    out.push(j > i ? `${pages[i]}-${pages[j]}` : `${pages[i]}`);
    i = j + 1;
  }
  return out.join(',');
}

/** Unmapped glyphs: private use, replacement character, C0 controls other than whitespace. */
function isUnmapped(c: number): boolean {
  return (c >= 0xe000 && c <= 0xf8ff) || c === 0xfffd || (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d);
}

/** Canonical text, segments and glyph boxes, built in one pass. */
class Builder {
  private readonly pieces: string[] = [];
  length = 0;
  readonly segments: PdfSegment[] = [];
  private boxes = new Float32Array(4096);

  constructor(private readonly maxChars: number) {}

  private reserve(n: number): void {
    if (this.length + n > this.maxChars) {
      throw new AppError(
        'too_large',
        `PDF 文字超过 ${this.maxChars.toLocaleString('en-US')} 个字符，已拒绝导入；请拆分文档`,
        `PDF text exceeds ${this.maxChars} characters`,
      );
    }
    const need = (this.length + n) * 4;
    if (need <= this.boxes.length) return;
    let size = this.boxes.length;
    while (size < need) size *= 2;
    const next = new Float32Array(size);
    next.set(this.boxes.subarray(0, this.length * 4));
    this.boxes = next;
  }

  /** Appends text without glyph boxes (NaN). */
  add(s: string, location: PdfSegment['location'], hidden?: PdfSegment['hidden'], author?: string): void {
    if (s.length === 0) return;
    this.reserve(s.length);
    this.boxes.fill(NaN, this.length * 4, (this.length + s.length) * 4);
    const seg: PdfSegment = { start: this.length, end: this.length + s.length, location };
    if (hidden) seg.hidden = hidden;
    if (author) seg.author = author;
    this.segments.push(seg);
    this.pieces.push(s);
    this.length += s.length;
  }

  separator(s: string): void {
    this.add(s, { kind: 'separator' });
  }

  /** Appends text with the given glyph boxes, one per UTF-16 code unit. */
  addDrawn(s: string, location: PdfSegment['location'], hidden: PdfSegment['hidden'], boxes: readonly DrawnChar[]): void {
    this.reserve(s.length);
    const at = this.length;
    this.add(s, location, hidden);
    let i = 0;
    for (const d of boxes) {
      for (let u = 0; u < d.ch.length; u++, i++) this.boxes.set([d.x0, d.y0, d.x1, d.y1], (at + i) * 4);
    }
  }

  /** Appends an item of page text with its glyph boxes. */
  addItem(s: string, location: PdfTextLocation, write: (out: Float32Array, at: number) => void): void {
    this.reserve(s.length);
    const at = this.length;
    this.add(s, location);
    write(this.boxes, at);
  }

  text(): string {
    return this.pieces.join('');
  }

  /** A position to read the text back from with `textSince`. */
  mark(): { piece: number; offset: number } {
    return { piece: this.pieces.length, offset: this.length };
  }

  textSince(mark: { piece: number }): string {
    return this.pieces.slice(mark.piece).join('');
  }

  glyphBoxes(): Float32Array {
    return this.boxes.slice(0, this.length * 4);
  }

  /** The live box array, for in-place corrections (valid until the next append). */
  liveBoxes(): Float32Array {
    return this.boxes;
  }
}

interface AnnotationData {
  id?: unknown;
  subtype?: unknown;
  parentId?: unknown;
  titleObj?: { str?: unknown };
  contentsObj?: { str?: unknown };
  url?: unknown;
  unsafeUrl?: unknown;
  fieldName?: unknown;
  fieldValue?: unknown;
  options?: { exportValue?: unknown; displayValue?: unknown }[];
  checkBox?: unknown;
  radioButton?: unknown;
  pushButton?: unknown;
  file?: { filename?: unknown; description?: unknown };
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Pages with fewer visible characters than this may be scans with a token text layer (a page number, a stamp). */
const LITTLE_TEXT = 20;

const INFO_KEYS = ['Title', 'Author', 'Subject', 'Keywords', 'Creator', 'Producer'] as const;
/** XMP entries that never carry personal text: dates, identifiers, format and PDF/A bookkeeping. */
const XMP_SKIP = /date$|^xmpmm:|^pdfaid:|^pdfaextension:|^pdfuaid:|^dc:format$|^pdf:(pdfversion|trapped)$|^xmptpg:npages$/i;

/**
 * Imports a PDF: page text in content order (a line break where the
 * baseline changes, a space or tab for gaps, a blank line between pages),
 * each pdf.js text item a segment with per-character glyph boxes, then the
 * hidden text: annotation contents, link targets, form field values, names
 * of embedded files and the document properties (Info and XMP).
 *
 * Warnings: `needs_ocr:<pages>` (pages without a text layer, so the document
 * never passes as clean), `pdf_pages_unreadable:<pages>`,
 * `pdf_text_unmapped:<pages>` (glyphs without Unicode mapping),
 * `pdf_little_text:<pages>` (under 20 characters: perhaps a scan with a page
 * number), `pdf_offpage_text:<pages>` (text drawn outside the page, imported
 * as hidden text),
 * `pdf_annotations_unreadable:<pages>`, `embedded_files:<name|name…>`,
 * `pdf_xfa_form`, `pdf_metadata_unreadable`, `pdf_no_pages`.
 */
export async function importPdf(bytes: Uint8Array, options: PdfImportOptions = {}): Promise<ExtractedPdf> {
  return withPdf(bytes, options, (pdfjs, doc, guard, baseBudget) => extract(pdfjs, doc, guard, options, baseBudget));
}

/** What `withPdf` needs to open a document. */
export interface PdfOpenOptions extends Pick<PdfImportOptions, 'password' | 'signal' | 'budgetMs' | 'maxMemoryMb' | 'keepParser'> {
  /** Pages will be rendered: images are decoded (an import never decodes them). */
  render?: boolean;
}

/**
 * Opens a PDF in a fresh, guarded parser thread and runs `use` on it; the
 * thread and the document are torn down afterwards, whatever happens. Every
 * wait inside `use` must go through `guard.race`.
 */
export async function withPdf<T>(
  bytes: Uint8Array,
  options: PdfOpenOptions,
  use: (pdfjs: Pdfjs, doc: PDFDocumentProxy, guard: Guard, baseBudget: number) => Promise<T>,
): Promise<T> {
  if (options.signal?.aborted) throw new AppError('cancelled', '已取消导入 PDF', 'PDF import cancelled');
  if (bytes.length > PDF_LIMITS.maxBytes) {
    throw new AppError('too_large', 'PDF 文件超过 512 MB，已拒绝导入', 'PDF exceeds 512 MB');
  }
  const baseBudget = options.budgetMs ?? PDF_LIMITS.budgetMs;
  const guard = new Guard(baseBudget, options.signal);
  guard.watchMemory(options.maxMemoryMb ?? PDF_LIMITS.maxMemoryMb);
  const pdfjs = await guard.race(loadPdfjs()).catch((err: unknown) => {
    guard.dispose();
    if (err instanceof AppError) throw err;
    throw new AppError('internal', 'PDF 组件加载失败', `pdf.js failed to load: ${errorFields(err).message}`);
  });

  const dir = pdfjsDir();
  const workerUrl = pathToFileURL(join(dir, 'legacy', 'build', 'pdf.worker.mjs')).href;
  const parser = acquireParser(pdfjs, workerUrl, PDF_LIMITS.maxHeapMb, options.keepParser === true);
  let finished = false;
  const onError = (err: Error & { code?: string }) => {
    guard.abort(
      err.code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? new AppError('too_large', 'PDF 解析所需内存超过上限，已中止；文件可能含有异常结构', 'PDF parsing ran out of memory')
        : new AppError('bad_input', 'PDF 文件无法解析，已中止', `PDF parser thread failed: ${err.message}`),
    );
  };
  const onExit = () => {
    if (!finished) guard.abort(new AppError('bad_input', 'PDF 文件无法解析，已中止', 'PDF parser thread exited'));
  };
  parser.thread.on('error', onError).on('exit', onExit);

  const task = pdfjs.getDocument({
    // pdf.js takes ownership of (transfers) the buffer: give it a plain copy (a Node Buffer's slice
    // would share, and detach, the caller's memory).
    data: new Uint8Array(bytes),
    password: options.password,
    worker: parser.pdfWorker,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
    cMapUrl: join(dir, 'cmaps') + '/',
    cMapPacked: true,
    standardFontDataUrl: join(dir, 'standard_fonts') + '/',
    useWorkerFetch: false,
    useSystemFonts: false,
    disableFontFace: true,
    disableAutoFetch: true,
    disableStream: true,
    disableRange: true,
    enableXfa: false,
    isOffscreenCanvasSupported: false,
    isImageDecoderSupported: false,
    useWasm: false,
    // An import never looks at images; a rendering must decode them.
    maxImageSize: options.render ? -1 : 1,
    stopAtErrors: false,
  });

  let succeeded = false;
  try {
    let doc: PDFDocumentProxy;
    try {
      doc = await guard.race(task.promise);
    } catch (err) {
      throw pdfjsError(err);
    }
    let result: T;
    try {
      result = await use(pdfjs, doc, guard, baseBudget);
    } catch (err) {
      throw pdfjsError(err);
    }
    succeeded = true;
    return result;
  } finally {
    finished = true;
    guard.dispose();
    parser.thread.off('error', onError).off('exit', onExit);
    const destroyed = task.destroy().then(
      () => true,
      () => false,
    );
    // A parser that finished answers at once; one that is stuck or failed is not waited for (nor kept).
    const clean = succeeded && (await Promise.race([destroyed, new Promise<false>((r) => setTimeout(() => r(false), 1000).unref())]));
    await releaseParser(parser, clean);
  }
}

/** The text model of an open document (the body of `importPdf`). */
export async function extract(pdfjs: Pdfjs, doc: PDFDocumentProxy, guard: Guard, options: PdfImportOptions, baseBudget: number): Promise<ExtractedPdf> {
  const pageCount = doc.numPages;
  const maxPages = options.maxPages ?? PDF_LIMITS.maxPages;
  if (pageCount > maxPages) {
    throw new AppError('too_large', `PDF 共 ${pageCount} 页，超过 ${maxPages} 页的上限，已拒绝导入；请拆分文档`, `PDF has ${pageCount} pages, over the ${maxPages}-page limit`);
  }
  guard.setBudget(Math.min(PDF_LIMITS.maxBudgetMs, baseBudget + pageCount * PDF_LIMITS.budgetPerPageMs));

  const warnings: string[] = [];
  const out = new Builder(PDF_LIMITS.maxTextChars);
  const pages: PdfPageBox[] = [];
  const needsOcr: number[] = [];
  const unreadable: number[] = [];
  const unmapped: number[] = [];
  const annotationsFailed: number[] = [];
  const annotationsByPage: { page: number; list: AnnotationData[] }[] = [];
  const offPageByPage: { page: number; runs: { text: string; boxes: DrawnChar[] }[] }[] = [];
  const littleText: number[] = [];

  for (let p = 1; p <= pageCount; p++) {
    guard.startPage(p, baseBudget);
    let page: PDFPageProxy;
    try {
      page = await guard.race(doc.getPage(p));
    } catch (err) {
      if (err instanceof AppError) throw err;
      pages.push({ width: 0, height: 0, view: [0, 0, 0, 0], rotate: 0, estimatedGlyphs: 0 });
      unreadable.push(p);
      options.onProgress?.(p, pageCount);
      continue;
    }
    const [x0 = 0, y0 = 0, x1 = 0, y1 = 0] = page.view;
    const box: PdfPageBox = { width: x1 - x0, height: y1 - y0, view: [x0, y0, x1, y1], rotate: page.rotate, estimatedGlyphs: 0 };
    pages.push(box);
    let content: TextContent | null = null;
    try {
      content = await guard.race(page.getTextContent({ includeMarkedContent: false, disableNormalization: false }));
    } catch (err) {
      if (err instanceof AppError) throw err;
      unreadable.push(p);
    }
    if (content) {
      const added = addPageText(out, p, content);
      if (added.visible === 0) needsOcr.push(p);
      else if (added.bad / added.visible > 0.3) unmapped.push(p);
      if (added.visible > 0 && added.visible < LITTLE_TEXT) littleText.push(p);
      // The operator list also runs for pages without a text layer: text may be drawn off the page.
      if (options.exactGlyphs !== false) {
        const { exact, offPage } = await exactGlyphs(pdfjs, page, content, guard, out, added);
        box.estimatedGlyphs = Math.max(0, added.visible - exact);
        if (offPage.length) offPageByPage.push({ page: p, runs: offPage });
      } else box.estimatedGlyphs = added.visible;
    }
    try {
      const annotations = (await guard.race(page.getAnnotations({ intent: 'any' }))) as AnnotationData[];
      if (annotations.length) annotationsByPage.push({ page: p, list: annotations });
    } catch (err) {
      if (err instanceof AppError) throw err;
      annotationsFailed.push(p);
    }
    page.cleanup();
    options.onProgress?.(p, pageCount);
  }

  guard.stopPage();

  // Hidden text after the pages: annotations page by page, embedded files, document properties.
  const hidden = (s: string, location: PdfSegment['location'], place: PdfSegment['hidden'], author?: string): void => {
    if (!s.trim()) return;
    if (out.length > 0) out.separator('\n');
    out.add(s, location, place, author);
  };
  // pdf.js hands out attachment bytes on request (by name-tree key or annotation file id).
  const attachmentContent = async (id: string, given: unknown): Promise<Uint8Array | null> => {
    if (ArrayBuffer.isView(given)) return given as Uint8Array;
    try {
      const content = await guard.race(doc.getAttachmentContent(id));
      return ArrayBuffer.isView(content) ? content : null;
    } catch (err) {
      if (err instanceof AppError && err.code !== 'bad_input') throw err;
      return null;
    }
  };
  // Text drawn outside the visible page, with its glyph boxes.
  for (const { page, runs } of offPageByPage) {
    for (const run of runs) {
      if (out.length > 0) out.separator('\n');
      out.addDrawn(run.text, { kind: 'pdf', page, item: -1, offset: 0 }, 'hidden_text', run.boxes);
    }
  }
  const attachmentNames: string[] = [];
  const seenFields = new Set<string>();
  const seenAuthors = new Set<string>();
  for (const { page, list } of annotationsByPage) {
    const ids = new Set(list.map((a) => str(a.id)));
    for (const a of list) {
      const id = str(a.id);
      const subtype = str(a.subtype);
      const at = (field: PdfAnnotationLocation['field']): PdfAnnotationLocation => ({ kind: 'pdf_annotation', page, annotation: id, field, offset: 0 });
      // A popup repeats its parent's text.
      if (subtype === 'Popup' && ids.has(str(a.parentId))) continue;
      if (subtype === 'Link') {
        hidden(str(a.unsafeUrl) || str(a.url), at('url'), 'link');
      } else if (subtype === 'Widget') {
        if (a.checkBox || a.radioButton || a.pushButton) continue;
        const values = Array.isArray(a.fieldValue) ? a.fieldValue.map(str) : [str(a.fieldValue)];
        // A choice field stores the export value of its choice; readers see the display value.
        for (const o of Array.isArray(a.options) ? a.options : []) {
          if (values.includes(str(o?.exportValue)) && str(o?.displayValue)) values.push(str(o?.displayValue));
        }
        for (const v of values) {
          const key = `${str(a.fieldName)}\u0000${v}`;
          if (seenFields.has(key)) continue;
          seenFields.add(key);
          hidden(v, at('value'), 'form_field');
        }
        continue;
      } else if (subtype === 'FileAttachment' && a.file) {
        const name = str(a.file.filename);
        if (name) attachmentNames.push(name);
        hidden(name, at('file'), 'attachment');
        if (options.readAttachment && typeof (a as { fileId?: unknown }).fileId === 'string') {
          const content = await attachmentContent((a as { fileId: string }).fileId, undefined);
          if (content) hidden(attachmentText(name, content, options.readAttachment, warnings), at('file'), 'attachment');
        }
      }
      const author = str(a.titleObj?.str).trim();
      hidden(str(a.contentsObj?.str), at('contents'), 'comment', author || undefined);
      // Who wrote a comment is itself personal data (metadata of the annotation): each author once,
      // even of an empty note.
      if (author && !seenAuthors.has(author)) {
        seenAuthors.add(author);
        hidden(author, at('author'), 'property');
      }
    }
  }

  try {
    const attachments = await guard.race(doc.getAttachments());
    for (const [key, file] of attachments ?? []) {
      const f = file as { filename?: unknown; description?: unknown };
      const name = str(f.filename) || key;
      attachmentNames.push(name);
      hidden(name, { kind: 'property', part: 'EmbeddedFiles', name: key, offset: 0 }, 'attachment');
      hidden(str(f.description), { kind: 'property', part: 'EmbeddedFiles', name: `${key}#description`, offset: 0 }, 'attachment');
      if (options.readAttachment) {
        const content = await attachmentContent(key, (file as { content?: unknown }).content);
        const text = content ? attachmentText(name, content, options.readAttachment, warnings) : '';
        hidden(text, { kind: 'property', part: 'EmbeddedFiles', name: `${name}#content`, offset: 0 }, 'attachment');
      }
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    warnings.push('pdf_embedded_files_unreadable');
  }

  try {
    const { info, metadata } = await guard.race(doc.getMetadata());
    const infoDict = (info ?? {}) as Record<string, unknown>;
    const seen = new Set<string>();
    const property = (part: string, name: string, value: string): void => {
      const v = value.trim();
      if (!v || seen.has(`${part}\u0000${v}`)) return;
      seen.add(`${part}\u0000${v}`);
      if (part === 'XMP' && seen.has(`Info\u0000${v}`)) return;
      hidden(value, { kind: 'property', part, name, offset: 0 }, 'property');
    };
    for (const key of INFO_KEYS) property('Info', key, str(infoDict[key]));
    const custom = infoDict.Custom;
    if (custom && typeof custom === 'object') {
      for (const [key, value] of Object.entries(custom as Record<string, unknown>)) property('Info', key, str(value));
    }
    if (infoDict.IsXFAPresent === true) warnings.push('pdf_xfa_form');
    if (metadata) {
      for (const [key, value] of metadata as unknown as Iterable<[string, unknown]>) {
        if (XMP_SKIP.test(key)) continue;
        for (const v of Array.isArray(value) ? value : [value]) property('XMP', key, str(v));
      }
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    warnings.push('pdf_metadata_unreadable');
  }

  if (pageCount === 0) warnings.push('pdf_no_pages');
  if (needsOcr.length) warnings.push(`needs_ocr:${pageRanges(needsOcr)}`);
  if (unreadable.length) warnings.push(`pdf_pages_unreadable:${pageRanges(unreadable)}`);
  if (unmapped.length) warnings.push(`pdf_text_unmapped:${pageRanges(unmapped)}`);
  if (littleText.length) warnings.push(`pdf_little_text:${pageRanges(littleText)}`);
  if (offPageByPage.length) warnings.push(`pdf_offpage_text:${pageRanges(offPageByPage.map((o) => o.page))}`);
  if (annotationsFailed.length) warnings.push(`pdf_annotations_unreadable:${pageRanges(annotationsFailed)}`);
  if (attachmentNames.length) warnings.push(`embedded_files:${attachmentNames.join('|')}`);

  return { format: 'pdf', text: out.text(), segments: out.segments, warnings, pdf: { pages, glyphBoxes: out.glyphBoxes() } };
}

/** Embedded files larger than this are listed but not read. */
export const MAX_ATTACHMENT_BYTES = 64 * 1024 * 1024;

/** The text of an embedded document, or '' with a warning saying why it was not read. */
function attachmentText(name: string, bytes: Uint8Array, read: (name: string, bytes: Uint8Array) => string, warnings: string[]): string {
  // A PDF inside a PDF would need a second pdf.js document and its own budget; it is listed for the reviewer to open.
  if (bytes.length >= 4 && bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44 && bytes[3] === 0x46) {
    warnings.push(`embedded_file_not_read:${name}`);
    return '';
  }
  if (bytes.length > MAX_ATTACHMENT_BYTES) {
    warnings.push(`embedded_file_not_read:${name}`);
    return '';
  }
  try {
    return read(name, bytes);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    warnings.push(`embedded_file_not_read:${name}`);
    return '';
  }
}

interface AddedText {
  visible: number;
  bad: number;
  /** Where each item's text went, with its frame for the alignment. */
  ranges: { start: number; end: number; frame: ItemFrame }[];
  /** The page's text (from the page separator on) and its offset in the document text. */
  text: string;
  base: number;
}

/** Appends one page's text; returns the count of visible characters and of unmapped ones. */
function addPageText(out: Builder, page: number, content: TextContent): AddedText {
  let prev: ItemFrame | undefined;
  let first = true;
  let visible = 0;
  let bad = 0;
  const ranges: AddedText['ranges'] = [];
  const mark = out.mark();
  content.items.forEach((raw, index) => {
    if (!('str' in raw)) return;
    const item = raw as TextItem;
    // Whitespace-only items are pdf.js's own gap markers: the separators below stand for them.
    if (!item.str || !item.str.trim()) return;
    const style = content.styles[item.fontName];
    const geometry = {
      str: item.str,
      transform: item.transform as number[],
      width: item.width,
      height: item.height,
      vertical: style?.vertical === true,
      ascent: style?.ascent ?? 0,
      descent: style?.descent ?? 0,
    };
    const frame = itemFrame(geometry);
    if (first) {
      if (out.length > 0) out.separator('\n\n');
      first = false;
    } else if (prev) {
      const sep = separatorBetween(prev, frame);
      if (sep) out.separator(sep);
    }
    const start = out.length;
    out.addItem(item.str, { kind: 'pdf', page, item: index, offset: 0 }, (boxes, at) => writeGlyphBoxes(geometry, frame, boxes, at));
    ranges.push({ start, end: out.length, frame });
    for (let i = 0; i < item.str.length; i++) {
      const c = item.str.charCodeAt(i);
      if (c === 0x20 || c === 0x09 || c === 0xa0 || c === 0x3000) continue;
      visible++;
      if (isUnmapped(c)) bad++;
    }
    prev = frame;
  });
  return { visible, bad, ranges, text: out.textSince(mark), base: mark.offset };
}

/**
 * Exact glyph boxes for the page text just added: the page's operator list
 * (images skipped by `maxImageSize`, annotations left out) replayed and
 * matched against the text. Returns how many characters got an exact box
 * (the others keep their estimate) and the text drawn outside the page.
 */
async function exactGlyphs(
  pdfjs: Pdfjs,
  page: PDFPageProxy,
  content: TextContent,
  guard: Guard,
  out: Builder,
  added: AddedText,
): Promise<{ exact: number; offPage: { text: string; boxes: DrawnChar[] }[] }> {
  let list: { fnArray: number[]; argsArray: unknown[] };
  try {
    list = await guard.race(page.getOperatorList({ intent: 'display', annotationMode: pdfjs.AnnotationMode.DISABLE }));
  } catch (err) {
    if (err instanceof AppError) throw err;
    return { exact: 0, offPage: [] };
  }
  const fonts = new Map<string, ReplayFont | undefined>();
  const fontOf = (name: string): ReplayFont | undefined => {
    if (fonts.has(name)) return fonts.get(name);
    let font: ReplayFont | undefined;
    try {
      const f = page.commonObjs.has(name) ? (page.commonObjs.get(name) as Record<string, unknown> | null) : null;
      if (f) {
        const style = content.styles[name];
        font = {
          fontMatrix: Array.isArray(f.fontMatrix) ? (f.fontMatrix as number[]) : [0.001, 0, 0, 0.001, 0, 0],
          vertical: f.vertical === true,
          isInvalidPDFjsFont: f.isInvalidPDFjsFont === true,
          ascent: style?.ascent ?? 0,
          descent: style?.descent ?? 0,
        };
      }
    } catch {
      font = undefined;
    }
    fonts.set(name, font);
    return font;
  };
  const drawn = replayGlyphs(list.fnArray, list.argsArray, pdfjs.OPS as unknown as ReplayOps, fontOf, pdfjs.normalizeUnicode);
  const { exact, used } = alignDrawnChars(added.text, added.base, added.ranges, out.liveBoxes(), drawn);
  return { exact, offPage: offPageRuns(drawn, used, page.view) };
}

/** `locate` of the text model for a PDF extract (its segment types are a subset of the model's). */
export function locatePdf(doc: Pick<ExtractedPdf, 'segments'>, offset: number): PdfSegment['location'] | undefined {
  return locate(doc as unknown as Pick<ExtractedDocument, 'segments'>, offset) as PdfSegment['location'] | undefined;
}
