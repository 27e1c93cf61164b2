import { createCanvas, GlobalFonts, type SKRSContext2D } from '@napi-rs/canvas';
import type { PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Guard, Pdfjs } from '../importers/pdf';

/** A rectangle in the page's PDF user space: x0, y0, x1, y1. */
export type PdfRect = readonly [number, number, number, number];

/** A user-space rectangle in the viewport's pixels: x, y of the top left corner, width, height. */
export function toViewport(viewport: { convertToViewportPoint(x: number, y: number): number[] }, r: PdfRect): { x: number; y: number; w: number; h: number } {
  const [a, b] = viewport.convertToViewportPoint(r[0], r[1]) as [number, number];
  const [c, d] = viewport.convertToViewportPoint(r[2], r[3]) as [number, number];
  return { x: Math.min(a, c), y: Math.min(b, d), w: Math.abs(c - a), h: Math.abs(d - b) };
}

export interface RenderedPage {
  /** Page size as displayed (rotation applied), in points. */
  width: number;
  height: number;
  jpeg: Uint8Array;
}

/** JPEG quality: text stays crisp at 200 dpi, and a page of text weighs a few hundred kilobytes. */
const JPEG_QUALITY = 85;

let cjkFamilies: string | undefined;

/**
 * System fonts that have Chinese glyphs. pdf.js can only name a generic
 * family (`serif`) for a font the PDF does not embed (STSong-Light and the
 * like, common in government PDFs), and the canvas would draw boxes for
 * Chinese in that family; these go first in the list instead.
 */
function cjkFallback(): string {
  cjkFamilies ??= GlobalFonts.families
    .map((f) => f.family)
    .filter((f) => /CJK|Song|Sim|Hei|Kai|Fang|Ming|YaHei|Source Han|WenQuanYi|宋|黑|楷|仿/i.test(f))
    .map((f) => `"${f}"`)
    .join(', ');
  return cjkFamilies;
}

/** Makes `ctx.font = '… serif'` mean the Chinese fonts first, then the generic family. */
function preferCjkFonts(ctx: SKRSContext2D): void {
  const extra = cjkFallback();
  const desc = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(ctx), 'font');
  if (!extra || !desc?.get || !desc.set) return;
  Object.defineProperty(ctx, 'font', {
    configurable: true,
    get(this: SKRSContext2D) {
      return desc.get!.call(this);
    },
    set(this: SKRSContext2D, value: string) {
      desc.set!.call(this, value.replace(/(^|,\s*)(serif|sans-serif|monospace)\s*$/, `$1${extra}, $2`));
    },
  });
}

/**
 * Renders a page at `scale` (pixels per point) without its annotations, and
 * paints every redaction box black into the pixels: what the box covered no
 * longer exists in the image. Boxes grow by a margin so anti-aliased edges
 * of a glyph are covered too.
 */
export async function renderRedactedPage(pdfjs: Pdfjs, page: PDFPageProxy, scale: number, boxes: readonly PdfRect[], guard: Guard): Promise<RenderedPage> {
  const viewport = page.getViewport({ scale });
  const canvas = createCanvas(Math.max(1, Math.ceil(viewport.width)), Math.max(1, Math.ceil(viewport.height)));
  const ctx = canvas.getContext('2d');
  preferCjkFonts(ctx);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  await guard.race(
    page.render({ canvasContext: ctx as never, canvas: canvas as never, viewport, annotationMode: pdfjs.AnnotationMode.DISABLE }).promise,
  );
  ctx.fillStyle = '#000000';
  for (const rect of boxes) {
    const { x: x0, y: y0, w, h } = toViewport(viewport, rect);
    const pad = 1 + 0.12 * Math.min(w, h);
    ctx.fillRect(Math.floor(x0 - pad), Math.floor(y0 - pad), Math.ceil(w + 2 * pad) + 1, Math.ceil(h + 2 * pad) + 1);
  }
  const jpeg = await canvas.encode('jpeg', JPEG_QUALITY);
  const unit = page.getViewport({ scale: 1 });
  return { width: unit.width, height: unit.height, jpeg };
}
