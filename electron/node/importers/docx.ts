import type { ExtractedDocument, HiddenPlace, Segment, SourceLocation } from '../../../shared/document/model';
import { AppError } from '../../../shared/errors';
import {
  FAMILY_ATTRIBUTES,
  MC_NS,
  W_NAMESPACES,
  familyOf,
  hiddenOfPart,
  isPropertyPart,
  isScannedPart,
  onOff,
  partOrder,
  readHiddenStyles,
  readPropertyValues,
  saxAttribute,
  saxParse,
  type DocxElementKind,
  type Family,
  type HiddenStyles,
  type XmlTag,
} from './wordml';
import { readZip } from './zip';

/**
 * When places nest (a deletion in a comment, an insertion in a header), the
 * segment is marked with the first of these: what no reader of the page
 * sees comes before what is visible elsewhere.
 */
const PRIORITY: readonly HiddenPlace[] = [
  'tracked_deletion',
  'comment',
  'field_code',
  'alt_text',
  'hidden_text',
  'tracked_insertion',
  'text_box',
  'footnote',
  'endnote',
  'header',
  'footer',
  'property',
];
const RANK = new Map(PRIORITY.map((p, i) => [p, i]));

/** What a piece of text is, for the spaces put between a field code or alt text and its neighbours. */
type PieceClass = 'separator' | 'text' | 'field' | 'alt';

/** The output's state where an alternative branch began: dropping the branch cuts the output back to it. */
interface Mark {
  pieces: number;
  segments: number;
  length: number;
  lastClass: PieceClass;
  lastText: Segment | undefined;
}

const isSpace = (c: string | undefined): boolean => c === undefined || /\s/.test(c);

/**
 * The text being built. The alternative branches of `mc:AlternateContent`
 * after the first are written in place and cut off again when they only
 * repeat the first branch (the VML fallback of a text box), so text is not
 * doubled. Cutting back to a mark (rather than building each branch apart
 * and copying it down) keeps nested branches linear: a file of thousands of
 * nested fallbacks once took time and memory quadratic in its depth.
 */
class Output {
  private readonly pieces: string[] = [];
  private readonly segments: Segment[] = [];
  private length = 0;
  private lastClass: PieceClass = 'separator';
  /** The last segment of source text. */
  private lastText: Segment | undefined;
  private readonly branches: Mark[] = [];

  /** The first segment of the open branch: edits of trailing separators stay inside it. */
  private get floor(): number {
    return this.branches.length > 0 ? this.branches[this.branches.length - 1]!.segments : 0;
  }

  /** The last character written. */
  private last(): { char: string | undefined; cls: PieceClass } {
    if (this.length === 0) return { char: undefined, cls: 'separator' };
    const piece = this.pieces[this.pieces.length - 1]!;
    return { char: piece[piece.length - 1], cls: this.lastClass };
  }

  get empty(): boolean {
    return this.length === 0;
  }

  private push(value: string, location: SourceLocation, cls: PieceClass, hidden?: HiddenPlace, author?: string): void {
    const seg: Segment = { start: this.length, end: this.length + value.length, location };
    if (hidden) seg.hidden = hidden;
    if (author !== undefined) seg.author = author;
    this.segments.push(seg);
    this.pieces.push(value);
    this.length += value.length;
    this.lastClass = cls;
    if (cls !== 'separator') this.lastText = seg;
  }

  /**
   * Characters the importer inserts. Inside a hidden item (between two lines
   * of one comment) they take the item's place, so the item reads as one;
   * before its first text (an empty first paragraph) they belong to no item.
   */
  separator(value: string, hidden?: HiddenPlace, author?: string): void {
    if (hidden && (this.lastText?.hidden !== hidden || this.lastText.author !== author)) hidden = author = undefined;
    this.push(value, { kind: 'separator' }, 'separator', hidden, author);
  }

  /**
   * Source text. A field code or alt text is kept apart from the text
   * around it by a space, so that it does not run into a neighbouring word.
   */
  text(value: string, location: SourceLocation, cls: Exclude<PieceClass, 'separator'>, hidden?: HiddenPlace, author?: string): void {
    const last = this.last();
    if (last.cls !== 'separator' && (cls === 'alt' || last.cls === 'alt' || cls !== last.cls) && !isSpace(last.char) && !isSpace(value[0])) {
      this.separator(' ');
    }
    this.push(value, location, cls, hidden, author);
  }

  /** A line break before a block (a text box) that starts inside a line. */
  lineBreak(): void {
    const c = this.last().char;
    if (c !== undefined && c !== '\n') this.separator('\n');
  }

  /** The open branch's last segment when it is a separator ending the output. */
  private trailingSeparator(): Segment | undefined {
    const i = this.segments.length - 1;
    const last = this.segments[i];
    return i >= this.floor && last?.location.kind === 'separator' && last.end === this.length ? last : undefined;
  }

  /** Tables read as rows: a cell's closing paragraph break becomes a tab, a row's last tab a line break. */
  replaceTrailingSeparator(from: string, to: string): void {
    if (this.trailingSeparator() && this.pieces[this.pieces.length - 1] === from) this.pieces[this.pieces.length - 1] = to;
  }

  /**
   * Ends one hidden item (a comment, a note, a text box, a header part): its
   * closing line break belongs to no item, so two comments in a row count as two.
   */
  endItem(): void {
    const last = this.trailingSeparator();
    if (last) {
      delete last.hidden;
      delete last.author;
    }
  }

  openBranch(): void {
    this.branches.push({ pieces: this.pieces.length, segments: this.segments.length, length: this.length, lastClass: this.lastClass, lastText: this.lastText });
  }

  closeBranch(keep: boolean): void {
    const mark = this.branches.pop()!;
    if (keep) return;
    this.pieces.length = mark.pieces;
    this.segments.length = mark.segments;
    this.length = mark.length;
    this.lastClass = mark.lastClass;
    this.lastText = mark.lastText;
  }

  finish(): { text: string; segments: Segment[] } {
    return { text: this.pieces.join(''), segments: this.segments };
  }
}

/** Codes of the elements whose children matter, kept on the element stack. */
const El = { Other: 0, P: 1, R: 2, RPr: 3, PPr: 4, AlternateContent: 5, Branch: 6, Item: 7 } as const;
type El = (typeof El)[keyof typeof El];

/**
 * An element that hides what it holds (a comment, a tracked change, a text
 * box), with what it and the elements around it amount to, so that a piece
 * of text finds its place from the innermost context alone, however deep.
 */
interface Context {
  depth: number;
  hidden: HiddenPlace;
  /** The first place in PRIORITY among this context and those around it (the outermost of equal ones), and its author. */
  top: HiddenPlace;
  topAuthor?: string;
  /** The author of the innermost context that names one. */
  author?: string;
}

/** A range of the text values remembered while alternative branches are read. */
interface Values {
  from: number;
  to: number;
}

/** An `mc:AlternateContent` being read. */
interface Alternate {
  /** Branches (`mc:Choice`, `mc:Fallback`) read so far; the first is read as is. */
  branches: number;
  /** Where the branch being read starts among the remembered values. */
  from: number;
  /** The first branch's values, which a later branch must repeat to be dropped. */
  first: Values | undefined;
}

const AUTHOR = { ns: W_NAMESPACES, local: 'author' } as const;
const W_VAL = { ns: W_NAMESPACES, local: 'val' } as const;

/**
 * One word part: text elements in document order, with the place each one
 * hides in and the author Word records for comments and tracked changes.
 */
function readWordPart(out: Output, part: string, bytes: Uint8Array, styles: HiddenStyles): void {
  const partHidden = hiddenOfPart(part);
  const contexts: Context[] = partHidden ? [{ depth: -1, hidden: partHidden, top: partHidden }] : [];
  const stack: El[] = [];
  const counters: Record<Family, number> = { t: 0, delText: 0, instrText: 0, delInstrText: 0, docPr: 0, fldSimple: 0, vml: 0 };
  const paragraphs: { run: number; style?: string }[] = [];
  const runs: { vanish?: boolean; style?: string }[] = [];
  const alternates: Alternate[] = [];
  /** Text values inside alternative content, once each, with their running length (`lengths[i]`: before value i). */
  const values: string[] = [];
  const lengths: number[] = [0];
  let paragraph = -1;
  let capture: { family: 't' | 'delText' | 'instrText' | 'delInstrText'; index: number; value: string } | undefined;

  const runHidden = (): boolean => {
    const r = runs[runs.length - 1];
    if (!r) return false;
    return r.vanish ?? styles.character(r.style) ?? styles.paragraph(paragraphs[paragraphs.length - 1]?.style) ?? styles.defaultVanish ?? false;
  };

  /** The place a piece hides in: its own kind, its run's formatting, the elements around it. */
  const place = (own: HiddenPlace | undefined, inRun: boolean): { hidden?: HiddenPlace; author?: string } => {
    let best = own;
    let bestRank = own ? RANK.get(own)! : Infinity;
    let author: string | undefined;
    if (inRun && runs.length > 0 && runHidden() && RANK.get('hidden_text')! < bestRank) {
      best = 'hidden_text';
      bestRank = RANK.get('hidden_text')!;
    }
    const c = contexts[contexts.length - 1];
    if (c && RANK.get(c.top)! < bestRank) {
      best = c.top;
      author = c.topAuthor;
    }
    author ??= c?.author;
    return best ? { hidden: best, author } : {};
  };

  const location = (index: number, element?: DocxElementKind): SourceLocation => {
    const loc: SourceLocation = {
      kind: 'docx',
      part,
      paragraph: Math.max(paragraph, 0),
      run: Math.max(paragraphs[paragraphs.length - 1]?.run ?? 0, 0),
      textNode: index,
      offset: 0,
    };
    if (element) loc.element = element;
    return loc;
  };

  const remember = (value: string): void => {
    if (alternates.length === 0) return;
    values.push(value);
    lengths.push(lengths[lengths.length - 1]! + value.length);
  };

  /** Whether two ranges of remembered values read the same, compared as one string: Word's copy may split the runs differently. */
  const sameText = (a: Values, b: Values): boolean =>
    lengths[a.to]! - lengths[a.from]! === lengths[b.to]! - lengths[b.from]! && values.slice(a.from, a.to).join('') === values.slice(b.from, b.to).join('');

  const separator = (value: string, inRun: boolean): void => {
    const p = place(undefined, inRun);
    out.separator(value, p.hidden, p.author);
  };

  const attributes = (tag: XmlTag, family: Family, index: number): void => {
    for (const spec of FAMILY_ATTRIBUTES[family] ?? []) {
      const value = saxAttribute(tag, spec);
      if (!value) continue;
      const p = place(spec.hidden, true);
      out.text(value, location(index, spec.element), spec.hidden === 'field_code' ? 'field' : 'alt', p.hidden, p.author);
    }
  };

  const pushContext = (hidden: HiddenPlace, author?: string): void => {
    const outer = contexts[contexts.length - 1];
    // The outermost of equal places wins, as a reader meets it first.
    const inherit = outer !== undefined && RANK.get(outer.top)! <= RANK.get(hidden)!;
    const c: Context = { depth: stack.length, hidden, top: inherit ? outer.top : hidden };
    const topAuthor = inherit ? outer.topAuthor : author;
    if (topAuthor !== undefined) c.topAuthor = topAuthor;
    const innermost = author ?? outer?.author;
    if (innermost !== undefined) c.author = innermost;
    contexts.push(c);
  };

  saxParse(bytes, part, {
    open(tag) {
      const uri = tag.uri;
      const local = tag.local;
      const parent = stack[stack.length - 1];
      let code: El = El.Other;
      if (W_NAMESPACES.has(uri)) {
        switch (local) {
          case 'p':
            paragraph++;
            paragraphs.push({ run: -1 });
            code = El.P;
            break;
          case 'r': {
            const p = paragraphs[paragraphs.length - 1];
            if (p) p.run++;
            runs.push({});
            code = El.R;
            break;
          }
          case 'rPr':
            if (parent === El.R) code = El.RPr;
            break;
          case 'pPr':
            if (parent === El.P) code = El.PPr;
            break;
          case 'vanish':
            // Only the run's own properties: not the paragraph mark's, not the old formatting in w:rPrChange.
            if (parent === El.RPr) runs[runs.length - 1]!.vanish = onOff(saxAttribute(tag, W_VAL));
            break;
          case 'rStyle':
            if (parent === El.RPr) runs[runs.length - 1]!.style = saxAttribute(tag, W_VAL);
            break;
          case 'pStyle':
            if (parent === El.PPr) paragraphs[paragraphs.length - 1]!.style = saxAttribute(tag, W_VAL);
            break;
          case 't':
          case 'delText':
          case 'instrText':
          case 'delInstrText':
            capture = { family: local, index: counters[local]++, value: '' };
            break;
          case 'tab':
          case 'ptab':
            if (parent === El.R) separator('\t', true);
            break;
          case 'br':
          case 'cr':
            if (parent === El.R) separator('\n', true);
            break;
          case 'ins':
          case 'moveTo':
            pushContext('tracked_insertion', saxAttribute(tag, AUTHOR));
            break;
          case 'del':
          case 'moveFrom':
            pushContext('tracked_deletion', saxAttribute(tag, AUTHOR));
            break;
          case 'comment':
            pushContext('comment', saxAttribute(tag, AUTHOR));
            code = El.Item;
            break;
          case 'footnote':
          case 'endnote':
            code = El.Item;
            break;
          case 'txbxContent':
            out.lineBreak();
            pushContext('text_box');
            code = El.Item;
            break;
          case 'fldSimple':
            attributes(tag, 'fldSimple', counters.fldSimple++);
            break;
        }
      } else if (uri === MC_NS) {
        if (local === 'AlternateContent') {
          alternates.push({ branches: 0, from: values.length, first: undefined });
          code = El.AlternateContent;
        } else if ((local === 'Choice' || local === 'Fallback') && parent === El.AlternateContent) {
          const a = alternates[alternates.length - 1]!;
          a.from = values.length;
          if (a.branches > 0) out.openBranch();
          code = El.Branch;
        }
      } else {
        const family = familyOf(uri, local);
        if (family === 'docPr' || family === 'vml') attributes(tag, family, counters[family]++);
      }
      stack.push(code);
    },

    close(tag) {
      const code = stack.pop();
      const depth = stack.length;
      if (capture && W_NAMESPACES.has(tag.uri) && tag.local === capture.family) {
        const { family, index, value } = capture;
        capture = undefined;
        if (value.length > 0) {
          const own: HiddenPlace | undefined =
            family === 'delText' || family === 'delInstrText' ? 'tracked_deletion' : family === 'instrText' ? 'field_code' : undefined;
          const p = place(own, true);
          const cls = family === 'instrText' || family === 'delInstrText' ? 'field' : 'text';
          out.text(value, location(index, family === 't' ? undefined : family), cls, p.hidden, p.author);
          remember(value);
        }
      } else if (code === El.P) {
        separator('\n', false);
        paragraphs.pop();
      } else if (code === El.R) {
        runs.pop();
      } else if (code === El.Item) {
        out.endItem();
      } else if (code === El.Branch) {
        const a = alternates[alternates.length - 1]!;
        const read = { from: a.from, to: values.length };
        if (a.branches === 0) a.first = read;
        else out.closeBranch(!sameText(read, a.first!));
        a.branches++;
      } else if (code === El.AlternateContent) {
        alternates.pop();
        if (alternates.length === 0) {
          values.length = 0;
          lengths.length = 1;
        }
      } else if (W_NAMESPACES.has(tag.uri)) {
        if (tag.local === 'tc') out.replaceTrailingSeparator('\n', '\t');
        else if (tag.local === 'tr') out.replaceTrailingSeparator('\t', '\n');
      }
      while (contexts.length > 0 && contexts[contexts.length - 1]!.depth === depth) contexts.pop();
    },

    text(value) {
      if (capture) capture.value += value;
    },
  });
  // A header, footer or notes part ends its last item.
  out.endItem();
}

/** Document properties: each value read on a line of its own, marked `property`. */
function readProperties(out: Output, part: string, bytes: Uint8Array): void {
  for (const { name, value } of readPropertyValues(part, bytes)) {
    if (!out.empty) out.separator('\n');
    out.text(value, { kind: 'property', part, name, offset: 0 }, 'text', 'property');
  }
}

/**
 * DOCX: body, headers, footers, footnotes, endnotes, comments and document
 * properties, in that order, including every place a reader of the page does
 * not see: tracked deletions and moves, hidden text, field codes, alt text,
 * the properties, and (marked but visible) insertions, text boxes, notes,
 * headers and footers. Every text element becomes a segment that records
 * its part, paragraph, run and index among the elements of its kind; paragraph
 * ends, tabs and breaks become separators with no source text. Table cells
 * are separated by tabs and rows by line breaks, so a row reads as one line
 * under its header row. Parts are streamed through saxes.
 */
export function importDocx(bytes: Uint8Array): ExtractedDocument {
  const parts = readZip(bytes, (n) => isScannedPart(n) || isPropertyPart(n) || n === 'word/styles.xml');
  if (!parts.has('word/document.xml')) {
    throw new AppError('unsupported_format', '压缩包中没有 Word 正文（word/document.xml），不是有效的 .docx 文件', 'no word/document.xml: not a valid .docx');
  }
  const styles = readHiddenStyles(parts.get('word/styles.xml'));
  const out = new Output();
  const names = [...parts.keys()].filter((n) => n !== 'word/styles.xml').sort((a, b) => partOrder(a).localeCompare(partOrder(b)));
  for (const part of names) {
    if (isPropertyPart(part)) {
      readProperties(out, part, parts.get(part)!);
    } else {
      if (!out.empty) out.separator('\n');
      readWordPart(out, part, parts.get(part)!, styles);
    }
  }
  const { text, segments } = out.finish();
  return { format: 'docx', text, segments, warnings: [] };
}
