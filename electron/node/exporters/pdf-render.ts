import { createCanvas, GlobalFonts, type SKRSContext2D } from '@napi-rs/canvas';
import { zlibSync } from 'fflate';
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

/**
 * A page image: a grey page as zlib-compressed 8-bit grey pixels (text and
 * line art compress some tenfold better that way than as JPEG, and stay
 * sharp), a page with colour (a red seal, a photo) as JPEG.
 */
export type PageImage =
  | { kind: 'gray'; pixels: Uint8Array; columns: number; rows: number }
  | { kind: 'jpeg'; jpeg: Uint8Array };

export interface RenderedPage {
  /** Page size as displayed (rotation applied), in points. */
  width: number;
  height: number;
  image: PageImage;
}

/** JPEG quality for colour pages. */
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
  const unit = page.getViewport({ scale: 1 });
  const gray = grayPixels(ctx.getImageData(0, 0, canvas.width, canvas.height).data);
  const image: PageImage = gray
    ? { kind: 'gray', pixels: zlibSync(gray, { level: 6 }), columns: canvas.width, rows: canvas.height }
    : { kind: 'jpeg', jpeg: await canvas.encode('jpeg', JPEG_QUALITY) };
  return { width: unit.width, height: unit.height, image };
}

/** Channel spread above which a pixel has colour rather than grey anti-aliasing (font smoothing leaves coloured fringes). */
const COLOUR_SPREAD = 48;
/** Share of coloured pixels that makes a page a colour page (a seal, a photo, coloured text). */
const COLOUR_SHARE = 0.0005;

/** RGBA pixels as grey (luminance), or null when the page has colour. */
function grayPixels(rgba: Uint8ClampedArray): Uint8Array | null {
  const n = rgba.length >> 2;
  const out = new Uint8Array(n);
  const allowed = Math.floor(n * COLOUR_SHARE);
  let coloured = 0;
  for (let i = 0; i < n; i++) {
    const r = rgba[4 * i]!;
    const g = rgba[4 * i + 1]!;
    const b = rgba[4 * i + 2]!;
    if (Math.max(r, g, b) - Math.min(r, g, b) > COLOUR_SPREAD && ++coloured > allowed) return null;
    out[i] = (r * 77 + g * 150 + b * 29) >> 8;
  }
  return out;
}
