import { partitionPoint } from '../sorted';

export { partitionPoint };

/**
 * The canonical text model every importer produces and every other layer reads.
 * All offsets are UTF-16 code-unit indices into `text`.
 */

export type DocumentFormat = 'txt' | 'csv' | 'docx' | 'xlsx' | 'html' | 'pdf';

/**
 * Places a reader of the page does not see. Text from them is scanned like
 * the rest and shown in its own lane; exporters remove or redact it.
 */
export type HiddenPlace =
  | 'tracked_deletion'
  | 'tracked_insertion'
  | 'comment'
  | 'hidden_text'
  | 'header'
  | 'footer'
  | 'footnote'
  | 'endnote'
  | 'text_box'
  | 'alt_text'
  | 'field_code'
  | 'property'
  | 'hidden_sheet'
  | 'hidden_row'
  | 'hidden_column'
  | 'cell_comment'
  | 'html_attribute'
  | 'html_hidden'
  | 'link'
  | 'form_field'
  | 'attachment';

/** Where a range of the canonical text lives in the source file. */
export type SourceLocation =
  | { kind: 'txt'; line: number; column: number }
  | {
      kind: 'docx';
      /** Package part, e.g. `word/document.xml`. */
      part: string;
      /** Index of the paragraph (`w:p`) within the part, in document order. */
      paragraph: number;
      /** Index of the run (`w:r`) within its paragraph. */
      run: number;
      /** Index of the text element (`w:t`) within the part, in document order. */
      textNode: number;
      /** Offset inside that text element's string. */
      offset: number;
      /**
       * Set when the text is not in a `w:t`: deleted text (`w:delText`, `w:delInstrText`), a field
       * code (`w:instrText`) or an attribute (`wp:docPr` alt text, a VML shape's `alt` or `o:title`,
       * `w:fldSimple`'s instruction). `textNode` then counts that element kind (for attributes, the
       * element: `wp:docPr`, `w:fldSimple` or any VML element) within the part, in document order.
       */
      element?: 'delText' | 'instrText' | 'delInstrText' | 'docPr@descr' | 'docPr@title' | 'fldSimple@instr' | 'vml@alt' | 'vml@title';
    }
  | {
      kind: 'xlsx';
      sheet: string;
      /** A1-style cell reference. */
      cell: string;
      /** Offset inside the cell's text. */
      offset: number;
    }
  | {
      kind: 'html';
      /** 1-based line and column of the text in the source. */
      line: number;
      column: number;
      /** Attribute name when the text comes from an attribute (alt, title). */
      attribute?: string;
    }
  /** PDF page text: the pdf.js text item (-1: drawn outside the visible page) and the offset in it. */
  | { kind: 'pdf'; page: number; item: number; offset: number }
  /** Text of a PDF annotation: comment, link target, form value, attachment name. */
  | {
      kind: 'pdf_annotation';
      page: number;
      annotation: string;
      field: 'contents' | 'author' | 'url' | 'value' | 'file';
      offset: number;
    }
  /** Document properties (author, company …) of packages. */
  | { kind: 'property'; part: string; name: string; offset: number }
  /** Characters the importer inserted (paragraph breaks, tabs) that have no source text to edit. */
  | { kind: 'separator' };

export interface Segment {
  start: number;
  end: number;
  location: SourceLocation;
  /** Set when the text is not visible on the page, and where it hides. */
  hidden?: HiddenPlace;
  /** Author of a comment or tracked change, when the format records one. */
  author?: string;
}

export interface ExtractedDocument {
  format: DocumentFormat;
  text: string;
  /** Sorted by `start`, non-overlapping, covering `text` from 0 to its length. */
  segments: Segment[];
  /** Source encoding for text formats (WHATWG label), absent for packages. */
  encoding?: string;
  /** Non-fatal problems the reviewer should know about, as message keys with details. */
  warnings: string[];
}

/** A run of hidden text of one place and author: one item of the hidden-content lane and of the summary. */
export interface HiddenRun {
  start: number;
  end: number;
  place: HiddenPlace;
  author: string | null;
}

/**
 * The hidden text as items: a run of text segments of one place and author;
 * hidden separators continue it (the rows of a hidden sheet), a visible
 * separator ends it (two comments in a row).
 */
export function hiddenRuns(doc: Pick<ExtractedDocument, 'segments'>): HiddenRun[] {
  const out: HiddenRun[] = [];
  let prev: Segment | undefined;
  let broken = true;
  for (const seg of doc.segments) {
    if (seg.location.kind === 'separator') {
      if (!seg.hidden) broken = true;
      continue;
    }
    if (seg.hidden) {
      const last = out.at(-1);
      if (!broken && last && prev?.hidden === seg.hidden && prev.author === seg.author) last.end = seg.end;
      else out.push({ start: seg.start, end: seg.end, place: seg.hidden, author: seg.author ?? null });
    }
    prev = seg;
    broken = false;
  }
  return out;
}

/** Counts of hidden content by place, for the document summary (3 处修订删除内容, 2 条批注 …). */
export function hiddenSummary(doc: Pick<ExtractedDocument, 'segments'>): Partial<Record<HiddenPlace, number>> {
  const out: Partial<Record<HiddenPlace, number>> = {};
  for (const run of hiddenRuns(doc)) out[run.place] = (out[run.place] ?? 0) + 1;
  return out;
}

/** Index of the range holding `offset` in ranges sorted by start and not overlapping (segments, pages), or -1. */
export function rangeIndexAt(sorted: readonly { start: number; end: number }[], offset: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = sorted[mid]!;
    if (offset < r.start) hi = mid - 1;
    else if (offset >= r.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/** Binary search for the segment containing `offset`. */
export function segmentAt(doc: Pick<ExtractedDocument, 'segments'>, offset: number): Segment | undefined {
  return doc.segments[rangeIndexAt(doc.segments, offset)];
}

/** The location of `offset` in source terms, with the offset shifted inside the segment. */
export function locate(doc: Pick<ExtractedDocument, 'segments'>, offset: number): SourceLocation | undefined {
  const seg = segmentAt(doc, offset);
  if (!seg) return undefined;
  const delta = offset - seg.start;
  const loc = seg.location;
  if (loc.kind === 'txt') return { ...loc, column: loc.column + delta };
  if (loc.kind === 'docx' || loc.kind === 'xlsx' || loc.kind === 'property' || loc.kind === 'pdf' || loc.kind === 'pdf_annotation') {
    return { ...loc, offset: loc.offset + delta };
  }
  if (loc.kind === 'html') return { ...loc, column: loc.column + delta };
  return loc;
}

/** The name a reviewer knows a DOCX part by: 正文, 页眉, 批注 …; other parts by their path. */
function docxPartName(part: string): string {
  if (part === 'word/document.xml') return '正文';
  const m = /^word\/(header|footer|footnotes|endnotes|comments)\d*\.xml$/.exec(part);
  return m ? { header: '页眉', footer: '页脚', footnotes: '脚注', endnotes: '尾注', comments: '批注' }[m[1] as 'header'] : part;
}

/** Short human-readable location, e.g. `第3行第5列` or `正文第2段`. */
export function describeLocation(loc: SourceLocation | undefined): string {
  if (!loc) return '';
  switch (loc.kind) {
    case 'txt':
      return `第${loc.line}行第${loc.column}列`;
    case 'docx':
      return `${docxPartName(loc.part)}第${loc.paragraph + 1}段`;
    case 'xlsx':
      return `工作表“${loc.sheet}”${loc.cell}单元格`;
    case 'html':
      return loc.attribute ? `第${loc.line}行（${loc.attribute} 属性）` : `第${loc.line}行第${loc.column}列`;
    case 'property':
      return `文档属性 ${loc.name}`;
    case 'pdf':
      return `第${loc.page}页`;
    case 'pdf_annotation':
      return `第${loc.page}页批注`;
    case 'separator':
      return '';
  }
}
