import { getDocument, GlobalWorkerOptions, type PDFDocumentLoadingTask, type PageViewport } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import type { PdfPageGlyphs, PdfPageLayout } from '../../../shared/ipc/views';
import { rangeIndexAt } from '../../../shared/document/model';

// pdf.js parses in its worker, served from the app's own origin like every other asset.
GlobalWorkerOptions.workerSrc = workerUrl;

/** Opens the reviewed original for display: no scripts, no XFA, no WebAssembly (the CSP allows none), support files from the app. */
export function openPdf(bytes: Uint8Array, password?: string): PDFDocumentLoadingTask {
  const asset = (path: string) => new URL(path, document.baseURI).href;
  return getDocument({
    data: bytes,
    ...(password !== undefined ? { password } : {}),
    cMapUrl: asset('pdfjs/cmaps/'),
    cMapPacked: true,
    standardFontDataUrl: asset('pdfjs/standard_fonts/'),
    wasmUrl: asset('pdfjs/wasm/'),
    iccUrl: asset('pdfjs/iccs/'),
    useWasm: false,
    enableXfa: false,
    isOffscreenCanvasSupported: false,
  });
}

export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** The box of one character on the drawn page (CSS pixels), or null when it is not drawn. */
export function glyphRect(glyphs: PdfPageGlyphs, viewport: PageViewport, offset: number): Rect | null {
  const i = offset - glyphs.start;
  const b = glyphs.boxes;
  if (i < 0 || 4 * i + 3 >= b.length) return null;
  const x0 = b[4 * i];
  const y0 = b[4 * i + 1];
  const x1 = b[4 * i + 2];
  const y1 = b[4 * i + 3];
  if (x0 == null || y0 == null || x1 == null || y1 == null) return null;
  const [ax, ay] = viewport.convertToViewportPoint(x0, y0) as [number, number];
  const [bx, by] = viewport.convertToViewportPoint(x1, y1) as [number, number];
  return { left: Math.min(ax, bx), top: Math.min(ay, by), width: Math.abs(bx - ax), height: Math.abs(by - ay) };
}

/** Boxes of the characters of [start, end), joined along each line so a highlight reads as one bar. */
export function spanRects(glyphs: PdfPageGlyphs, viewport: PageViewport, start: number, end: number): Rect[] {
  const out: Rect[] = [];
  let cur: Rect | null = null;
  for (let o = start; o < end; o++) {
    const r = glyphRect(glyphs, viewport, o);
    if (!r) continue;
    const size = Math.max(r.height, r.width, 1);
    if (cur && Math.abs(r.top - cur.top) < 0.5 * size && r.left - (cur.left + cur.width) < size && r.left + r.width > cur.left - size) {
      const right = Math.max(cur.left + cur.width, r.left + r.width);
      const bottom = Math.max(cur.top + cur.height, r.top + r.height);
      cur.left = Math.min(cur.left, r.left);
      cur.top = Math.min(cur.top, r.top);
      cur.width = right - cur.left;
      cur.height = bottom - cur.top;
    } else {
      if (cur) out.push(cur);
      cur = { ...r };
    }
  }
  if (cur) out.push(cur);
  return out;
}

/** Spans of the text whose glyph centres fall inside a box drawn on the page (CSS pixels), in text order. */
export function spansInBox(glyphs: PdfPageGlyphs, viewport: PageViewport, box: Rect): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const n = glyphs.boxes.length / 4;
  // Separators between drawn characters (line breaks, spaces) have no box: a span runs across them.
  let prevInside = false;
  for (let i = 0; i < n; i++) {
    const r = glyphRect(glyphs, viewport, glyphs.start + i);
    if (!r) continue;
    const cx = r.left + r.width / 2;
    const cy = r.top + r.height / 2;
    const inside = cx >= box.left && cx <= box.left + box.width && cy >= box.top && cy <= box.top + box.height;
    const at = glyphs.start + i;
    const last = out.at(-1);
    if (inside && prevInside && last) last.end = at + 1;
    else if (inside) out.push({ start: at, end: at + 1 });
    prevInside = inside;
  }
  return out;
}

/** The page (0-based) whose visible text holds an offset, by binary search over the page ranges. */
export function pageOf(pages: readonly PdfPageLayout[], offset: number): number {
  return rangeIndexAt(pages, offset);
}
