import {
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFString,
  TextRenderingMode,
  beginText,
  concatTransformationMatrix,
  drawObject,
  popGraphicsState,
  pushGraphicsState,
  endText,
  setFontAndSize,
  setTextMatrix,
  setTextRenderingMode,
  showText,
  type PDFOperator,
  type PDFPage,
  type PDFRef,
} from '@cantoo/pdf-lib';
import type { PageImage } from './pdf-render';

/** One piece of the invisible text layer: `text` whose first glyph sits at (x, y) (points, origin bottom left). */
export interface TextRun {
  x: number;
  y: number;
  size: number;
  text: string;
}

export interface ImagePage {
  width: number;
  height: number;
  image: PageImage;
  text: TextRun[];
}

/**
 * The font of the text layer: Adobe's STSong-Light with the UniGB-UCS2-H
 * CMap, not embedded. Its character codes are UCS-2, so no font program is
 * needed, and every reader maps the codes back to Unicode through the
 * Adobe-GB1 collection. The text is never painted (render mode 3).
 */
function registerTextFont(pdf: PDFDocument): PDFRef {
  const { context } = pdf;
  const descriptor = context.register(
    context.obj({
      Type: 'FontDescriptor',
      FontName: 'STSong-Light',
      Flags: 6,
      FontBBox: [-25, -254, 1000, 880],
      ItalicAngle: 0,
      Ascent: 880,
      Descent: -120,
      CapHeight: 880,
      StemV: 93,
    }),
  );
  const cidFont = context.register(
    context.obj({
      Type: 'Font',
      Subtype: 'CIDFontType0',
      BaseFont: 'STSong-Light',
      CIDSystemInfo: { Registry: PDFString.of('Adobe'), Ordering: PDFString.of('GB1'), Supplement: 4 },
      FontDescriptor: descriptor,
      DW: 1000,
      W: [1, 95, 500],
    }),
  );
  return context.register(
    context.obj({ Type: 'Font', Subtype: 'Type0', BaseFont: 'STSong-Light', Encoding: 'UniGB-UCS2-H', DescendantFonts: [cidFont] }),
  );
}

/** UCS-2 code units as hex; characters outside the Basic Multilingual Plane have no code in this CMap and are left out. */
function ucs2Hex(text: string): string {
  let hex = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) continue;
    hex += c.toString(16).padStart(4, '0');
  }
  return hex;
}

/**
 * A new PDF made of the page images and an invisible text layer, and
 * nothing else: no metadata, no outlines, no annotations, no attachments,
 * no forms, no scripts, no incremental sections.
 */
export async function writeImagePdf(pages: readonly ImagePage[]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  const font = registerTextFont(pdf);
  for (const p of pages) {
    const page = pdf.addPage([p.width, p.height]);
    await drawPageImage(pdf, page, p);
    addTextLayer(page, font, p.text);
    // pdf-lib gives every page it draws on an empty annotation array: the copy has no annotations at all.
    page.node.delete(PDFName.of('Annots'));
  }
  return pdf.save({ useObjectStreams: true });
}

/** The page image over the whole page. */
async function drawPageImage(pdf: PDFDocument, page: PDFPage, p: ImagePage): Promise<void> {
  const { image } = p;
  if (image.kind === 'jpeg') {
    page.drawImage(await pdf.embedJpg(image.jpeg), { x: 0, y: 0, width: p.width, height: p.height });
    return;
  }
  const ref = pdf.context.register(
    pdf.context.stream(image.pixels, {
      Type: 'XObject',
      Subtype: 'Image',
      Width: image.columns,
      Height: image.rows,
      ColorSpace: 'DeviceGray',
      BitsPerComponent: 8,
      Filter: 'FlateDecode',
    }),
  );
  const name = page.node.newXObject('Im', ref);
  page.pushOperators(pushGraphicsState(), concatTransformationMatrix(p.width, 0, 0, p.height, 0, 0), drawObject(name), popGraphicsState());
}

/** The invisible text: runs positioned where their glyphs are in the image. */
function addTextLayer(page: PDFPage, font: PDFRef, text: readonly TextRun[]): void {
  if (text.length === 0) return;
  const name: PDFName = page.node.newFontDictionary('T', font);
  const ops: PDFOperator[] = [beginText(), setTextRenderingMode(TextRenderingMode.Invisible)];
  let size = -1;
  for (const run of text) {
    const hex = ucs2Hex(run.text);
    if (hex.length === 0) continue;
    const s = Math.max(1, Math.round(run.size * 100) / 100);
    if (s !== size) ops.push(setFontAndSize(name, (size = s)));
    ops.push(setTextMatrix(1, 0, 0, 1, round(run.x), round(run.y)), showText(PDFHexString.of(hex)));
  }
  ops.push(endText());
  page.pushOperators(...ops);
}

const round = (v: number): number => Math.round(v * 100) / 100;

/**
 * A PDF from another writer (the layout engine that prints a DOCX) without
 * its document information and XMP: the engine names itself and the time,
 * and nothing of that belongs in a published copy.
 */
export async function withoutMetadata(bytes: Uint8Array): Promise<Uint8Array> {
  const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
  pdf.context.trailerInfo.Info = undefined;
  pdf.catalog.delete(PDFName.of('Metadata'));
  return pdf.save({ useObjectStreams: true });
}
