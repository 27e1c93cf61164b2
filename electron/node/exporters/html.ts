import iconv from 'iconv-lite';
import { segmentEdits } from '../../../shared/document/edits';
import type { ExtractedDocument } from '../../../shared/document/model';
import { AppError } from '../../../shared/errors';
import { REDACTION_CHAR } from '../../../shared/review/decisions';
import { normalizeWithMap } from '../../../shared/rules/normalize';
import { decodeHtml, importHtml } from '../importers/html';
import { Finder, scanTag } from '../importers/html-tag';
import { assertNoLeak } from './leak-check';
import { redactedValues, type RedactionPlan } from './plan';
import type { ExportOutput } from './txt';

/**
 * Redacted HTML, written in place: the page is decoded exactly as the
 * importer decoded it, every edited segment is found again at its line and
 * column, and only the characters it covers are replaced (escaped for where
 * they stand), so markup, formatting, scripts and the encoding survive. What
 * the importer does not read (scripts, styles, `template`, `noscript`, data
 * attributes, URLs …) is swept for the redacted values, and comments that
 * held one are dropped. The written bytes are then decoded again and
 * searched everywhere for every redacted value.
 */

/** One change to the decoded page: source characters [start, end) become `text`. */
interface SourceEdit {
  start: number;
  end: number;
  text: string;
}

function refused(zh: string, en: string): AppError {
  return new AppError('refused', zh, en);
}

// ---------------------------------------------------------------------------
// Encoding

const BOM_BYTES: Record<string, readonly number[]> = {
  'utf-8': [0xef, 0xbb, 0xbf],
  'utf-16le': [0xff, 0xfe],
  'utf-16be': [0xfe, 0xff],
  'utf-32le': [0xff, 0xfe, 0x00, 0x00],
  'utf-32be': [0x00, 0x00, 0xfe, 0xff],
};

/** Writes text back in the page's own encoding, and says which characters that encoding can hold. */
class Codec {
  readonly bom: boolean;
  private readonly known = new Map<string, boolean>();
  private readonly unicode: boolean;

  constructor(readonly encoding: string, original: Uint8Array) {
    if (!iconv.encodingExists(encoding)) {
      throw refused(`网页编码 ${encoding} 暂不支持写回，已拒绝导出`, `the page's encoding ${encoding} cannot be written back; export refused`);
    }
    this.bom = BOM_BYTES[encoding]?.every((b, i) => original[i] === b) ?? false;
    // GB 18030 and the UTFs hold every character.
    this.unicode = /^(utf-|gb18030$)/.test(encoding);
  }

  encode(text: string): Buffer {
    return iconv.encode(text, this.encoding, { addBOM: this.bom });
  }

  /** Whether `ch` (one code point) survives a round trip, read back the way the importer reads (WHATWG decoder). */
  canEncode(ch: string): boolean {
    if (this.unicode) return true;
    let ok = this.known.get(ch);
    if (ok === undefined) {
      const bytes = iconv.encode(ch, this.encoding);
      let back: string;
      try {
        back = new TextDecoder(this.encoding).decode(bytes);
      } catch {
        back = iconv.decode(bytes, this.encoding);
      }
      ok = back === ch;
      this.known.set(ch, ok);
    }
    return ok;
  }
}

// ---------------------------------------------------------------------------
// Where segments are in the source

/** Line starts counted as the importer counts them: CR LF, CR and LF each end a line. */
class LineStarts {
  private readonly starts: number[] = [0];

  constructor(private readonly src: string) {
    for (let i = 0; i < src.length; i++) {
      const c = src.charCodeAt(i);
      if (c === 0x0a) this.starts.push(i + 1);
      else if (c === 0x0d && src.charCodeAt(i + 1) !== 0x0a) this.starts.push(i + 1);
    }
  }

  /** Source offset of a 1-based line and column (UTF-16 units), or -1 when outside the page. */
  offset(line: number, column: number): number {
    const start = this.starts[line - 1];
    if (start === undefined || column < 1) return -1;
    const at = start + column - 1;
    return at <= this.src.length ? at : -1;
  }
}

/** A character reference as the importer reads it: the text it stands for and its length in the source. */
interface Reference {
  value: string;
  length: number;
}

/** What may follow `&` in a reference: `#`, digits or a name (the importer reads at most 10 digits or 32 letters), then `;`. */
const REFERENCE_CANDIDATE = /&[#A-Za-z0-9]{0,40};?/y;

/**
 * Reads character references exactly as the importer does, by asking the
 * importer: its decoder is private, and a second entity table here could
 * drift from it (which names it knows, `&copy2024` read as `©2024`, `&amp`
 * without `;` in attributes, `&#150;` as windows-1252). The candidate (the
 * longest run that can belong to a reference, plus a following `=`, which
 * decides for attributes) is imported alone, inside `<pre>` for text or an
 * `alt` attribute; where the next segment starts gives the reference's
 * length. Results are cached per candidate.
 */
class References {
  private readonly cache = new Map<string, Reference | null>();

  /** The reference at `src[at]` ('&'), or undefined when the importer reads the '&' literally. */
  at(src: string, at: number, attribute: boolean): Reference | undefined {
    REFERENCE_CANDIDATE.lastIndex = at;
    let candidate = REFERENCE_CANDIDATE.exec(src)?.[0] ?? '&';
    if (attribute && src.charCodeAt(at + candidate.length) === 0x3d) candidate += '=';
    if (candidate.length < 3) return undefined; // `&lt` and `&#1` are the shortest references
    const key = (attribute ? 'a' : 't') + candidate;
    let ref = this.cache.get(key);
    if (ref === undefined) {
      ref = this.ask(candidate, attribute);
      // Real pages repeat a few thousand references; a hostile one must not grow the cache without end.
      if (this.cache.size >= 100_000) this.cache.clear();
      this.cache.set(key, ref);
    }
    return ref ?? undefined;
  }

  private ask(candidate: string, attribute: boolean): Reference | null {
    const snippet = attribute ? `<img alt="${candidate}">` : `<pre>${candidate}</pre>`;
    const column = attribute ? 11 : 6; // where the candidate starts on the snippet's single line
    const doc = importHtml(Buffer.from(snippet, 'latin1'));
    const segs = doc.segments.filter((s) => s.location.kind === 'html');
    const first = segs[0];
    if (!first || first.location.kind !== 'html' || first.location.column !== column) return null;
    const next = segs[1]?.location;
    const length = next?.kind === 'html' ? next.column - column : candidate.length;
    const value = doc.text.slice(first.start, first.end);
    // Read literally, the segment is the source itself.
    if (value === candidate.slice(0, length)) return null;
    return { value, length };
  }
}

/** Source position of each UTF-16 unit of a segment's text: unit k came from source [starts[k], ends[k]). */
interface UnitMap {
  starts: Int32Array;
  ends: Int32Array;
}

/**
 * Walks a segment's text and the source from its start together: literal
 * characters match one to one, and at each '&' the importer's reading of the
 * reference decides how many source characters the next text characters
 * came from (`&#49;` is one character, `&#x20094;` two units of one). Every
 * unit of a reference's value maps to the whole reference. Undefined when
 * the text does not follow from the source (the plan is not of this page).
 */
function mapUnits(src: string, at: number, text: string, attribute: boolean, literal: boolean, refs: References): UnitMap | undefined {
  const starts = new Int32Array(text.length);
  const ends = new Int32Array(text.length);
  let p = at;
  for (let k = 0; k < text.length; ) {
    if (!literal && src.charCodeAt(p) === 0x26) {
      const ref = refs.at(src, p, attribute);
      if (ref) {
        if (!text.startsWith(ref.value, k)) return undefined;
        for (let u = 0; u < ref.value.length; u++) {
          starts[k + u] = p;
          ends[k + u] = p + ref.length;
        }
        k += ref.value.length;
        p += ref.length;
        continue;
      }
    }
    if (p >= src.length || src.charCodeAt(p) !== text.charCodeAt(k)) return undefined;
    starts[k] = p;
    ends[k] = p + 1;
    k++;
    p++;
  }
  return { starts, ends };
}

// ---------------------------------------------------------------------------
// Markup the importer does not report: comments, attribute quoting, raw text

interface Range {
  start: number;
  end: number;
}

interface AttributeValue extends Range {
  /** The quote around the value, '' when unquoted. */
  quote: string;
}

interface Markup {
  /** Whole comments, `<!--` to `-->`. */
  comments: Range[];
  /** Values of start-tag attributes, in source order. */
  attributes: AttributeValue[];
  /** Contents of `xmp`, shown literally (entities are not decoded there). */
  literal: Range[];
  /** Start tags, for tests and sanity. */
  startTags: number;
}

const RAW_TEXT = new Set(['script', 'style', 'noscript', 'title', 'textarea', 'xmp']);

function isLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/**
 * A second, lighter pass over the page with the importer's tokenizing rules
 * (comments, CDATA read as markup, `<!…>`, tags and their attributes, raw
 * text elements up to their end tag), recording only what the exporter
 * needs and the importer does not report: where comments are, how each
 * attribute value is quoted, and where text is literal. Linear like the
 * importer: every search moves forward.
 */
function scanMarkup(src: string): Markup {
  const out: Markup = { comments: [], attributes: [], literal: [], startTags: 0 };
  scanRange(src, 0, src.length, 0, out);
  return out;
}

function scanRange(src: string, from: number, to: number, depth: number, out: Markup): void {
  const find = { gt: new Finder(src, '>', to), dq: new Finder(src, '"', to), sq: new Finder(src, "'", to), lt: new Finder(src, '<', to) };
  let i = from;
  while (i < to) {
    const lt = find.lt.next(i);
    if (lt < 0) return;
    i = markupAt(src, lt, to, depth, out, find);
  }
}

function markupAt(src: string, lt: number, to: number, depth: number, out: Markup, find: Record<'gt' | 'dq' | 'sq', Finder>): number {
  if (src.startsWith('<!--', lt)) {
    const contentStart = lt + 4;
    if (src.startsWith('>', contentStart)) return contentStart + 1;
    if (src.startsWith('->', contentStart)) return contentStart + 2;
    let end = src.indexOf('-->', contentStart);
    if (end < 0 || end >= to) end = to;
    const close = Math.min(to, end + 3);
    out.comments.push({ start: lt, end: close });
    return close;
  }
  if (src.startsWith('<![CDATA[', lt)) {
    let end = src.indexOf(']]>', lt + 9);
    if (end < 0 || end >= to) end = to;
    // The importer reads CDATA contents as markup, two levels deep at most.
    if (depth < 2) scanRange(src, lt + 9, end, depth + 1, out);
    return Math.min(to, end + 3);
  }
  const c1 = src.charCodeAt(lt + 1);
  if (c1 === 0x21 /* ! */ || c1 === 0x3f /* ? */) {
    const gt = find.gt.next(lt + 2);
    const bracket = src.indexOf('[', lt + 2);
    if (bracket >= 0 && bracket < to && (gt < 0 || bracket < gt) && /^<!doctype/i.test(src.slice(lt, lt + 9))) {
      const close = src.indexOf(']>', bracket);
      return close < 0 || close >= to ? to : close + 2;
    }
    return gt < 0 ? to : gt + 1;
  }
  if (c1 === 0x2f /* / */) {
    const c2 = src.charCodeAt(lt + 2);
    if (!isLetter(c2)) {
      if (c2 === 0x3e) return lt + 3;
      const gt = find.gt.next(lt + 2);
      return gt < 0 ? to : gt + 1;
    }
    return scanTag(src, lt + 2, to, find, null).end;
  }
  if (!isLetter(c1)) return lt + 1;
  const tag = scanTag(src, lt + 1, to, find, (a) => {
    if (a.hasValue) out.attributes.push({ start: a.start, end: a.end, quote: a.quote });
  });
  out.startTags++;
  if (RAW_TEXT.has(tag.name) && !(tag.selfClosing && tag.name !== 'script')) {
    const re = new RegExp(`</${tag.name}(?=[\\s/>])`, 'gi');
    re.lastIndex = tag.end;
    const m = re.exec(src);
    if (!m || m.index >= to) return to;
    if (tag.name === 'xmp') out.literal.push({ start: tag.end, end: m.index });
    const gt = find.gt.next(m.index + m[0].length);
    return gt < 0 ? to : gt + 1;
  }
  return tag.end;
}

/** The last range starting at or before `at`, when it contains `at` (ranges sorted and disjoint). */
function rangeAt<T extends Range>(ranges: readonly T[], at: number): T | undefined {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ranges[mid]!.start <= at) lo = mid + 1;
    else hi = mid - 1;
  }
  const r = ranges[hi];
  return r && at < r.end ? r : undefined;
}

// ---------------------------------------------------------------------------
// Escaping

type Context = { kind: 'text' } | { kind: 'literal' } | { kind: 'attribute'; quote: string };

/**
 * Replacement text as source: `& < >` escaped, in attributes the quote too,
 * and in an unquoted value also whitespace, `=` and backquote (which would
 * end or split it). A character the page's encoding cannot hold becomes a
 * numeric reference. Literal text (`xmp`) decodes nothing, so it is written
 * as is, and a character that cannot be held there is masked instead.
 */
function escapeFor(text: string, ctx: Context, codec: Codec): string {
  let out = '';
  for (const ch of text) {
    if (ctx.kind === 'literal') {
      out += codec.canEncode(ch) ? ch : '*';
      continue;
    }
    if (ch === '&') out += '&amp;';
    else if (ch === '<') out += '&lt;';
    else if (ch === '>') out += '&gt;';
    else if (ctx.kind === 'attribute' && ch === '"' && ctx.quote !== "'") out += '&quot;';
    else if (ctx.kind === 'attribute' && ch === "'" && ctx.quote !== '"') out += '&#39;';
    else if (ctx.kind === 'attribute' && ctx.quote === '' && /^[\s=`]$/.test(ch)) out += `&#${ch.codePointAt(0)};`;
    else out += codec.canEncode(ch) ? ch : `&#${ch.codePointAt(0)};`;
  }
  return out;
}

// ---------------------------------------------------------------------------
// The page with its character references decoded

interface DecodedView {
  text: string;
  /** Source offset where each unit of `text` starts. */
  starts: Int32Array;
  /** Source length of units that came from a reference (by unit index); every other unit is one source unit. */
  refLength: Map<number, number>;
}

/**
 * The whole source with every character reference decoded as the importer
 * decodes text, tags, attributes and scripts alike: what a search for a
 * value must look through (`&#49;3812345678` is a phone number wherever it
 * stands).
 */
function decodeView(src: string, refs: References, withMap = true): DecodedView {
  // A reference is never shorter in the source than its value, so the view is at most as long as the source.
  const starts = new Int32Array(withMap ? src.length : 0);
  const refLength = new Map<number, number>();
  if (!src.includes('&')) {
    for (let i = 0; i < starts.length; i++) starts[i] = i;
    return { text: src, starts, refLength };
  }
  const pieces: string[] = [];
  let length = 0;
  let i = 0;
  while (i < src.length) {
    const amp = src.indexOf('&', i);
    const stop = amp < 0 ? src.length : amp;
    if (stop > i) pieces.push(src.slice(i, stop));
    if (withMap) for (let p = i; p < stop; p++) starts[length + p - i] = p;
    length += stop - i;
    if (amp < 0) break;
    const ref = refs.at(src, amp, false);
    const value = ref?.value ?? '&';
    pieces.push(value);
    for (let u = 0; withMap && u < value.length; u++) {
      if (ref) refLength.set(length + u, ref.length);
      starts[length + u] = amp;
    }
    length += value.length;
    i = amp + (ref?.length ?? 1);
  }
  return { text: pieces.join(''), starts: starts.subarray(0, length), refLength };
}

/** The forms the leak check looks for (see `leak-check.ts`): the value normalised, and its digits alone when there are six or more. */
function needles(values: readonly string[]): string[] {
  const out = new Set<string>();
  for (const value of values) {
    const norm = normalizeWithMap(value).text;
    if (norm.length >= 2) out.add(norm);
    const digits = value.replace(/\D/g, '');
    if (digits.length >= 6) out.add(digits);
  }
  return [...out];
}

/** Source ranges of every occurrence of any needle, one range per decoded unit (a reference is one unit). */
function findOccurrences(view: DecodedView, forms: readonly string[]): Range[][] {
  const norm = normalizeWithMap(view.text);
  const hits: Range[][] = [];
  for (const needle of forms) {
    for (let h = norm.text.indexOf(needle); h >= 0; h = norm.text.indexOf(needle, h + 1)) {
      const units: Range[] = [];
      for (let t = h; t < h + needle.length; t++) {
        const d = norm.map[t]!;
        const start = view.starts[d]!;
        units.push({ start, end: start + (view.refLength.get(d) ?? 1) });
      }
      hits.push(units);
    }
  }
  return hits;
}

/** Sorted, merged copy of `ranges`. */
function merge(ranges: Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  const out: Range[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else out.push({ ...r });
  }
  return out;
}

function overlaps(ranges: readonly Range[], r: Range): boolean {
  const at = rangeAt(ranges, r.start);
  if (at) return true;
  // The first range starting after r.start may still begin inside r.
  let lo = 0;
  let hi = ranges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ranges[mid]!.start <= r.start) lo = mid + 1;
    else hi = mid;
  }
  return lo < ranges.length && ranges[lo]!.start < r.end;
}

// ---------------------------------------------------------------------------
// The export

/** Longest source run a reference segment can come from: `&`, its name or digits, `;`. */
const REFERENCE_EXTENT = /&[#A-Za-z0-9]*;?/y;

interface Located {
  /** Source ranges the importer read text from (segments), merged. */
  read: Range[];
  /** Edits to the source, from the plan's segments. */
  edits: SourceEdit[];
}

/**
 * Finds every segment again in the source and turns the plan's edits into
 * source edits. A segment's text is the source itself, or (at an '&') runs
 * through character references; anything else means the plan was made from
 * another file, and the export is refused.
 */
function locate(plan: RedactionPlan, src: string, markup: Markup, refs: References, codec: Codec): Located {
  const doc: ExtractedDocument = plan.doc;
  const lines = new LineStarts(src);
  const read: Range[] = [];
  const offsets = new Map<number, number>();
  const mismatch = () =>
    refused('导出核对失败：审查记录与原网页内容对不上，已拒绝导出', 'export check failed: the review does not match the original page; nothing was written');
  doc.segments.forEach((seg, index) => {
    const loc = seg.location;
    if (loc.kind === 'separator') return;
    if (loc.kind !== 'html') throw mismatch();
    const at = lines.offset(loc.line, loc.column);
    if (at < 0) throw mismatch();
    offsets.set(index, at);
    const text = doc.text.slice(seg.start, seg.end);
    const exact = src.startsWith(text, at);
    if (exact) read.push({ start: at, end: at + text.length });
    if (src.charCodeAt(at) === 0x26) {
      // A decoded reference (or text starting with one): its longest possible source run counts as read.
      REFERENCE_EXTENT.lastIndex = at;
      read.push({ start: at, end: at + REFERENCE_EXTENT.exec(src)![0].length });
    } else if (!exact) throw mismatch();
  });

  const edits: SourceEdit[] = [];
  for (const [index, list] of segmentEdits(doc, plan.spans)) {
    const seg = doc.segments[index]!;
    const loc = seg.location;
    if (loc.kind !== 'html') continue;
    const at = offsets.get(index)!;
    const text = doc.text.slice(seg.start, seg.end);
    const attribute = loc.attribute !== undefined;
    const literal = !attribute && rangeAt(markup.literal, at) !== undefined;
    const units = mapUnits(src, at, text, attribute, literal, refs);
    if (!units) throw mismatch();
    const value = attribute ? rangeAt(markup.attributes, at) : undefined;
    // An attribute value the scan did not find is escaped as if unquoted: valid in every attribute.
    const ctx: Context = attribute ? { kind: 'attribute', quote: value?.quote ?? '' } : literal ? { kind: 'literal' } : { kind: 'text' };
    const local: SourceEdit[] = [];
    for (const e of list) {
      const edit = { start: units.starts[e.from]!, end: units.ends[e.to - 1]!, text: escapeFor(e.text, ctx, codec) };
      // Two edits inside one reference (the halves of `&#x20094;`) become one.
      const last = local[local.length - 1];
      if (last && edit.start < last.end) {
        last.end = Math.max(last.end, edit.end);
        last.text += edit.text;
      } else local.push(edit);
    }
    edits.push(...local);
  }
  return { read: merge(read), edits };
}

/**
 * Masks the redacted values where the importer does not read (scripts,
 * styles, templates, `noscript`, unread attributes, URLs, declarations):
 * nothing maps them to the plan, and the leak check would refuse the page.
 * Text the importer reads is left to the plan: a value the reviewer kept
 * there must be refused, not silently masked. Only the characters of the
 * value are masked, so quotes and separators around them stay. Comments
 * that held a value (anywhere in them) are returned for removal.
 */
function sweep(src: string, values: readonly string[], read: readonly Range[], markup: Markup, refs: References, mask: string): { masks: SourceEdit[]; comments: Range[] } {
  const forms = needles(values);
  const hits = forms.length > 0 ? findOccurrences(decodeView(src, refs), forms) : [];
  const masks: SourceEdit[] = [];
  const comments = new Set<Range>();
  const masked = new Set<number>();
  for (const units of hits) {
    for (const u of units) {
      const comment = rangeAt(markup.comments, u.start);
      if (comment) comments.add(comment);
      if (masked.has(u.start) || overlaps(read, u)) continue;
      masked.add(u.start);
      masks.push({ start: u.start, end: u.end, text: mask });
    }
  }
  masks.sort((a, b) => a.start - b.start);
  // A character outside the BMP is two units in the source: one mask for both.
  const out: SourceEdit[] = [];
  for (const m of masks) {
    const last = out[out.length - 1];
    const c = src.charCodeAt(m.start);
    if (last && last.end === m.start && c >= 0xdc00 && c <= 0xdfff && m.end === m.start + 1) last.end = m.end;
    else out.push(m);
  }
  return { masks: out, comments: [...comments] };
}

/** `src` with the edits applied; they must not overlap. */
function applySourceEdits(src: string, edits: SourceEdit[]): string {
  edits.sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let pos = 0;
  for (const e of edits) {
    if (e.start < pos) throw new Error(`overlapping HTML edits at ${e.start}`);
    out += src.slice(pos, e.start) + e.text;
    pos = e.end;
  }
  return out + src.slice(pos);
}

/**
 * Masks the accepted spans in the page's source, where they stand: text
 * content, `title`, attributes a reader gets (alt, title, mailto: links …),
 * hidden elements. Comments holding a redacted value are removed (a comment
 * is never published on purpose, and masking one value would leave the rest
 * of a commented-out paragraph); other comments stay, since CMS templates
 * and server-side includes live in comments. Unread places are swept (see
 * `sweep`). The page is written in its own encoding (BOM kept), so its
 * `<meta charset>` stays true. The bytes are then decoded again and must
 * read back exactly as written, and the leak check searches them (see
 * `leakCheck`).
 */
export function exportHtml(plan: RedactionPlan, original: Uint8Array, options: { utf8?: boolean } = {}): ExportOutput {
  const out = exportHtmlInPlace(plan, original);
  return options.utf8 ? toUtf8(out, redactedValues(plan)) : out;
}

/**
 * The redacted page re-encoded as UTF-8 (no BOM), its charset declarations
 * (`<meta charset>`, `http-equiv` content types, an XML declaration) saying
 * so; checked again as written.
 */
function toUtf8(out: ExportOutput, values: readonly string[]): ExportOutput {
  const page = decodeHtml(out.bytes);
  if (page.encoding === 'utf-8' && !hasBom(out.bytes)) return out;
  const source = page.text
    .replace(/(<meta\s[^>]*?charset\s*=\s*["']?)[^"'\s;/>]+/gi, '$1utf-8')
    .replace(/(<\?xml[^>]*?encoding\s*=\s*["'])[^"']+/i, '$1utf-8');
  const bytes = Buffer.from(source, 'utf8');
  const back = decodeHtml(bytes);
  if (back.encoding !== 'utf-8' || back.text !== source) {
    throw refused('导出核对失败：网页转为 UTF-8 后无法准确读回，已拒绝导出', 'export check failed: the page does not read back exactly as UTF-8; nothing was written');
  }
  const check = leakCheck(values, bytes, source);
  return { bytes, check: { checked: [...check.checked, '已转为 UTF-8'] } };
}

function hasBom(bytes: Uint8Array): boolean {
  return (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) || (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
}

function exportHtmlInPlace(plan: RedactionPlan, original: Uint8Array): ExportOutput {
  if (plan.doc.format !== 'html') {
    throw new AppError('bad_input', '审查记录不是网页文件，无法按网页导出', 'the review is not of an HTML page');
  }
  const page = decodeHtml(original);
  if (plan.doc.encoding !== undefined && plan.doc.encoding !== page.encoding) {
    throw refused('导出核对失败：原网页的编码与审查时不同，已拒绝导出', 'export check failed: the page decodes differently from when it was reviewed; nothing was written');
  }
  const values = redactedValues(plan);
  let bytes: Buffer = Buffer.from(original);
  let readBack = page;
  if (plan.spans.length > 0) {
    const src = page.text;
    const codec = new Codec(page.encoding, original);
    const markup = scanMarkup(src);
    const refs = new References();
    const { read, edits } = locate(plan, src, markup, refs, codec);
    const swept = sweep(src, values, read, markup, refs, codec.canEncode(REDACTION_CHAR) ? REDACTION_CHAR : '*');
    // Comments with an edit in them go too.
    const drop = new Set(swept.comments);
    for (const e of edits) {
      const comment = rangeAt(markup.comments, e.start);
      if (comment) drop.add(comment);
    }
    const dropped = merge([...drop]);
    const kept = [...edits, ...swept.masks].filter((e) => !overlaps(dropped, e));
    const written = applySourceEdits(src, [...kept, ...dropped.map((c) => ({ ...c, text: '' }))]);
    bytes = codec.encode(written);
    // The page must read back as written: an encoder that substitutes characters would change text nobody redacted.
    readBack = decodeHtml(bytes);
    if (readBack.encoding !== page.encoding || readBack.text !== written) {
      throw refused(
        `导出核对失败：网页无法按原编码（${page.encoding}）准确写回，已拒绝导出`,
        `export check failed: the page cannot be written back exactly in its encoding (${page.encoding}); nothing was written`,
      );
    }
  }
  return { bytes, check: leakCheck(values, bytes, readBack.text) };
}

/** Every numeric reference by the HTML rule, named ones with `;` as the few that matter or nothing: a second reading, sharing no code with the writer. */
function decodeReferencesPlainly(source: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
  return source.replace(/&(?:#[xX]([0-9A-Fa-f]{1,8})|#([0-9]{1,10})|([A-Za-z][A-Za-z0-9]{0,31}));?/g, (ref, hex?: string, dec?: string, name?: string) => {
    if (name !== undefined) return ref.endsWith(';') ? (named[name] ?? '') : ref;
    const code = hex !== undefined ? Number.parseInt(hex, 16) : Number(dec);
    return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : '\ufffd';
  });
}

/**
 * The written page, decoded afresh from its bytes (the importer's charset
 * choice, as a browser makes it), searched everywhere: the text the
 * importer reads from it, and the whole source (tags, attributes, comments,
 * scripts) with its character references decoded twice over, as the
 * importer reads them and by a plain rule of its own.
 */
function leakCheck(values: readonly string[], bytes: Uint8Array, source: string): ExportOutput['check'] {
  const haystacks = new Map<string, string>([
    ['网页文字', importHtml(bytes).text],
    ['网页源码', decodeView(source, new References(), false).text],
    ['网页源码（另行解码字符引用）', decodeReferencesPlainly(source)],
  ]);
  return assertNoLeak(values, haystacks);
}
