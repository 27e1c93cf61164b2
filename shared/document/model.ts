/**
 * The canonical text model every importer produces and every other layer reads.
 * All offsets are UTF-16 code-unit indices into `text`.
 */

export type DocumentFormat = 'txt' | 'docx';

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
    }
  /** Characters the importer inserted (paragraph breaks, tabs) that have no source text to edit. */
  | { kind: 'separator' };

export interface Segment {
  start: number;
  end: number;
  location: SourceLocation;
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

/** Binary search for the segment containing `offset`. */
export function segmentAt(doc: Pick<ExtractedDocument, 'segments'>, offset: number): Segment | undefined {
  const segs = doc.segments;
  let lo = 0;
  let hi = segs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = segs[mid]!;
    if (offset < s.start) hi = mid - 1;
    else if (offset >= s.end) lo = mid + 1;
    else return s;
  }
  return undefined;
}

/** The location of `offset` in source terms, with the offset shifted inside the segment. */
export function locate(doc: Pick<ExtractedDocument, 'segments'>, offset: number): SourceLocation | undefined {
  const seg = segmentAt(doc, offset);
  if (!seg) return undefined;
  const delta = offset - seg.start;
  const loc = seg.location;
  if (loc.kind === 'txt') return { ...loc, column: loc.column + delta };
  if (loc.kind === 'docx') return { ...loc, offset: loc.offset + delta };
  return loc;
}

/** Short human-readable location, e.g. `第3行第5列` or `正文第2段`. */
export function describeLocation(loc: SourceLocation | undefined): string {
  if (!loc) return '';
  switch (loc.kind) {
    case 'txt':
      return `第${loc.line}行第${loc.column}列`;
    case 'docx':
      return `${loc.part === 'word/document.xml' ? '正文' : loc.part}第${loc.paragraph + 1}段`;
    case 'separator':
      return '';
  }
}
