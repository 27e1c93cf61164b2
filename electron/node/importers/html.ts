import type { ExtractedDocument, HiddenPlace, Segment } from '../../../shared/document/model';
import { AppError } from '../../../shared/errors';
import { decodeText } from '../text/encoding';
import { Finder, isSpace, scanTag } from './html-tag';

/**
 * HTML pages prepared for a website: the text a reader sees, in reading
 * order, plus what a reader does not see but the page still publishes.
 *
 * - Block elements (p, div, li, h1–h6, tr …) and `br` become line breaks;
 *   table cells are separated by tabs, so a table row reads as one line under
 *   its header row; whitespace collapses as a browser collapses it (except in
 *   `pre` and `textarea`).
 * - `script`, `style`, `noscript` and `template` are skipped entirely;
 *   nothing is ever executed or fetched.
 * - Text of elements hidden by the `hidden` attribute or an inline style
 *   (`display:none`, `visibility:hidden`, `font-size:0`, `opacity:0`), of
 *   `iframe`/`noframes`/`noembed` fallback content and of HTML comments is
 *   included, marked `html_hidden` (a comment is published in the page
 *   source; commented-out paragraphs are a classic leak).
 * - Attribute text that reaches readers or screen readers (alt, title,
 *   aria-label, input value and placeholder, meta description, keywords and
 *   author, mailto:/tel: link targets) is included inline, marked
 *   `html_attribute`, with `{kind: 'html', line, column, attribute}`.
 *
 * Every source segment records the 1-based line and column (UTF-16 units of
 * the decoded page) where its text starts; a decoded entity is a segment of
 * its own, so `locate()` is exact everywhere. The tokenizer is hand-written,
 * tolerant (unclosed and uppercase tags, stray `<`, unquoted attributes) and
 * linear in the input: every search moves forward, nesting is capped and
 * end tags are matched through per-name counts.
 */

export const MAX_HTML_BYTES = 64 * 1024 * 1024;
/** Open elements tracked; deeper elements inherit the state of the deepest tracked one. */
export const MAX_HTML_DEPTH = 4096;
/** Attributes read per tag; the rest are skipped over. */
const MAX_ATTRIBUTES = 256;
/** How far up the open elements an implied end tag looks. */
const IMPLIED_SCAN = 64;
/** Characters of a `style` attribute examined for hiding. */
const MAX_STYLE = 8192;
/** Bytes scanned for a charset declaration. */
const CHARSET_SCAN = 16 * 1024;

// ---------------------------------------------------------------------------
// Decoding

/** The canonical WHATWG name for a declared label, or undefined when it cannot be used. */
function encodingForLabel(label: string): string | undefined {
  const l = label.trim().toLowerCase();
  if (/^(gb2312|gbk|gb18030|x-gbk|gb_2312(-80)?|chinese|csgb2312|csiso58gb231280|iso-ir-58|cp936|ms936|windows-936|euc-cn|x-euc-cn)$/.test(l)) {
    return 'gb18030';
  }
  if (/^(utf-?8|unicode-1-1-utf-8|x-unicode20utf8)$/.test(l)) return 'utf-8';
  if (/^(big5|big5-hkscs|cn-big5|csbig5|x-x-big5)$/.test(l)) return 'big5';
  // A page that says UTF-16 but is read as bytes here has no BOM and no NULs: the label is wrong.
  if (/^(utf-?16|utf-?32|unicode|ucs-?2|iso-10646-ucs-2|unicodefffe|unicodefeff)/.test(l)) return undefined;
  try {
    return new TextDecoder(l).encoding;
  } catch {
    return undefined;
  }
}

/**
 * The charset a page declares: `<meta charset>`, `<meta http-equiv
 * content="…; charset=…">`, or an XML declaration (XHTML and feeds saved as
 * .xml). Only the first 16 KB are read, comments skipped, as ASCII.
 */
export function declaredCharset(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, CHARSET_SCAN)).toString('latin1');
  const first = head.search(/\S/);
  let pos = 0;
  for (;;) {
    const lt = head.indexOf('<', pos);
    if (lt < 0) break;
    if (head.startsWith('<!--', lt)) {
      const end = head.indexOf('-->', lt + 4);
      if (end < 0) break;
      pos = end + 3;
      continue;
    }
    const gt = head.indexOf('>', lt + 1);
    if (gt < 0) break;
    const tag = head.slice(lt, gt + 1);
    if (/^<meta[\s/]/i.test(tag)) {
      const m = /\bcharset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)/i.exec(tag);
      if (m) return m[1]!;
    } else if (lt === first && /^<\?xml\s/i.test(tag)) {
      const m = /\bencoding\s*=\s*["']([A-Za-z0-9_.:-]+)["']/i.exec(tag);
      if (m) return m[1]!;
    }
    pos = gt + 1;
  }
  return undefined;
}

function strictDecode(bytes: Uint8Array, encoding: string): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

function hasNonAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return true;
  return false;
}

const SINGLE_BYTE = /^(windows-125\d|iso-8859-\d+|koi8-[ru]|macintosh|x-mac-cyrillic|ibm866|windows-874)$/;

/**
 * Whether a Chinese double-byte reading is the real one: ideographs make up
 * most of the non-ASCII characters and each took two high bytes. Latin text
 * misread as GBK pairs one accented byte with the ASCII letter after it.
 */
function pairedChinese(bytes: Uint8Array, text: string): boolean {
  let high = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) high++;
  let ideographs = 0;
  let nonAscii = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    nonAscii++;
    if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3000 && c <= 0x303f) || (c >= 0xff00 && c <= 0xffef)) ideographs++;
  }
  return ideographs > 0 && ideographs >= nonAscii * 0.6 && high >= ideographs * 1.8;
}

interface DecodedPage {
  text: string;
  encoding: string;
  warnings: string[];
}

/**
 * A BOM or UTF-16 byte pattern decides first (as in a browser); then a
 * declared charset, unless the page contradicts it: bytes that are valid
 * UTF-8 with non-ASCII characters are UTF-8 whatever the template declares
 * (a page saved as UTF-8 under a gb2312 `<meta>` is common), and bytes the
 * declared charset cannot decode fall back to detection. Both cases leave a
 * warning.
 */
export function decodeHtml(bytes: Uint8Array): DecodedPage {
  const auto = decodeText(bytes);
  const autoResult = (warnings: string[] = []): DecodedPage => ({
    text: auto.text,
    encoding: auto.encoding,
    warnings: auto.uncertain ? ['encoding_uncertain', ...warnings] : warnings,
  });
  if (auto.bom || !/^(utf-8|gb18030|big5)$/.test(auto.encoding)) return autoResult();
  const label = declaredCharset(bytes);
  if (label === undefined) return autoResult();
  const declared = encodingForLabel(label);
  if (declared === undefined) return autoResult([`encoding_declaration_ignored:${label}`]);
  if (declared === auto.encoding) return autoResult();
  if (auto.encoding === 'utf-8' && !auto.uncertain && hasNonAscii(bytes) && declared !== 'utf-8') {
    return autoResult([`encoding_declaration_mismatch:${label}`]);
  }
  // Old Chinese sites built on Western templates declare iso-8859-1 over GBK text; a single-byte
  // decoder never fails, so the bytes themselves decide.
  if (SINGLE_BYTE.test(declared) && !auto.uncertain && auto.encoding !== 'utf-8' && pairedChinese(bytes, auto.text)) {
    return autoResult([`encoding_declaration_mismatch:${label}`]);
  }
  const text = strictDecode(bytes, declared);
  if (text !== null) return { text, encoding: declared, warnings: [] };
  return autoResult([`encoding_declaration_mismatch:${label}`]);
}

// ---------------------------------------------------------------------------
// Entities

const LATIN1 =
  'nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest ' +
  'Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig ' +
  'agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml';

/** HTML 4 entities plus a few HTML5 spellings: what government pages actually use. */
const OTHER_ENTITIES =
  'quot:34 amp:38 apos:39 lt:60 gt:62 QUOT:34 AMP:38 LT:60 GT:62 COPY:169 REG:174 ' +
  'OElig:338 oelig:339 Scaron:352 scaron:353 Yuml:376 fnof:402 circ:710 tilde:732 ' +
  'Alpha:913 Beta:914 Gamma:915 Delta:916 Epsilon:917 Zeta:918 Eta:919 Theta:920 Iota:921 Kappa:922 Lambda:923 Mu:924 Nu:925 Xi:926 Omicron:927 Pi:928 Rho:929 ' +
  'Sigma:931 Tau:932 Upsilon:933 Phi:934 Chi:935 Psi:936 Omega:937 alpha:945 beta:946 gamma:947 delta:948 epsilon:949 zeta:950 eta:951 theta:952 iota:953 kappa:954 ' +
  'lambda:955 mu:956 nu:957 xi:958 omicron:959 pi:960 rho:961 sigmaf:962 sigma:963 tau:964 upsilon:965 phi:966 chi:967 psi:968 omega:969 thetasym:977 upsih:978 piv:982 ' +
  'ensp:8194 emsp:8195 thinsp:8201 zwnj:8204 zwj:8205 lrm:8206 rlm:8207 ndash:8211 mdash:8212 horbar:8213 lsquo:8216 rsquo:8217 sbquo:8218 ldquo:8220 rdquo:8221 bdquo:8222 ' +
  'dagger:8224 Dagger:8225 bull:8226 hellip:8230 permil:8240 prime:8242 Prime:8243 lsaquo:8249 rsaquo:8250 oline:8254 frasl:8260 euro:8364 image:8465 weierp:8472 real:8476 ' +
  'trade:8482 alefsym:8501 larr:8592 uarr:8593 rarr:8594 darr:8595 harr:8596 crarr:8629 lArr:8656 uArr:8657 rArr:8658 dArr:8659 hArr:8660 forall:8704 part:8706 exist:8707 ' +
  'empty:8709 nabla:8711 isin:8712 notin:8713 ni:8715 prod:8719 sum:8721 minus:8722 lowast:8727 radic:8730 prop:8733 infin:8734 ang:8736 and:8743 or:8744 cap:8745 cup:8746 ' +
  'int:8747 there4:8756 sim:8764 cong:8773 asymp:8776 ne:8800 equiv:8801 le:8804 ge:8805 sub:8834 sup:8835 nsub:8836 sube:8838 supe:8839 oplus:8853 otimes:8855 perp:8869 ' +
  'sdot:8901 lceil:8968 rceil:8969 lfloor:8970 rfloor:8971 lang:10216 rang:10217 loz:9674 spades:9824 clubs:9827 hearts:9829 diams:9830 ' +
  'emsp13:8196 emsp14:8197 numsp:8199 puncsp:8200 hairsp:8202 NewLine:10 Tab:9 nbsp:160 middot:183 centerdot:183 bullet:8226 rarr:8594 check:10003 cross:10007 star:9734 starf:9733';

const ENTITIES = new Map<string, string>();
/** Names a browser also decodes without the semicolon (the Latin-1 set and the basic five). */
const LEGACY = new Set<string>(['amp', 'lt', 'gt', 'quot', 'AMP', 'LT', 'GT', 'QUOT', 'COPY', 'REG']);
LATIN1.split(' ').forEach((name, i) => {
  ENTITIES.set(name, String.fromCharCode(160 + i));
  LEGACY.add(name);
});
for (const pair of OTHER_ENTITIES.split(' ')) {
  const [name, code] = pair.split(':');
  if (!ENTITIES.has(name!)) ENTITIES.set(name!, String.fromCodePoint(Number(code)));
}

/** Numeric references 0x80–0x9F mean windows-1252, as in every browser. */
const C1_WINDOWS_1252: Record<number, number> = {
  0x80: 0x20ac, 0x82: 0x201a, 0x83: 0x0192, 0x84: 0x201e, 0x85: 0x2026, 0x86: 0x2020, 0x87: 0x2021, 0x88: 0x02c6, 0x89: 0x2030, 0x8a: 0x0160,
  0x8b: 0x2039, 0x8c: 0x0152, 0x8e: 0x017d, 0x91: 0x2018, 0x92: 0x2019, 0x93: 0x201c, 0x94: 0x201d, 0x95: 0x2022, 0x96: 0x2013, 0x97: 0x2014,
  0x98: 0x02dc, 0x99: 0x2122, 0x9a: 0x0161, 0x9b: 0x203a, 0x9c: 0x0153, 0x9e: 0x017e, 0x9f: 0x0178,
};

function isAlnum(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/** The character reference at `i` (which holds '&') within [i, end): its value and source length. */
function entityAt(src: string, i: number, end: number, inAttribute: boolean): { value: string; length: number } | undefined {
  let j = i + 1;
  if (src.charCodeAt(j) === 0x23 /* # */) {
    j++;
    const hex = src.charCodeAt(j) === 0x78 || src.charCodeAt(j) === 0x58;
    if (hex) j++;
    const digitsStart = j;
    const digit = hex ? /[0-9A-Fa-f]/ : /[0-9]/;
    while (j < end && j - digitsStart < 10 && digit.test(src[j]!)) j++;
    if (j === digitsStart) return undefined;
    let code = Number.parseInt(src.slice(digitsStart, j), hex ? 16 : 10);
    if (j < end && src.charCodeAt(j) === 0x3b) j++;
    if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) code = 0xfffd;
    else code = C1_WINDOWS_1252[code] ?? code;
    return { value: String.fromCodePoint(code), length: j - i };
  }
  while (j < end && j - i <= 32 && isAlnum(src.charCodeAt(j))) j++;
  if (j === i + 1) return undefined;
  const name = src.slice(i + 1, j);
  if (j < end && src.charCodeAt(j) === 0x3b) {
    const value = ENTITIES.get(name);
    if (value !== undefined) return { value, length: j + 1 - i };
  }
  if (inAttribute) {
    // In attributes, `&copy=1` in a URL is not a reference.
    const next = j < end ? src.charCodeAt(j) : 0;
    if (LEGACY.has(name) && next !== 0x3d && !isAlnum(next)) return { value: ENTITIES.get(name)!, length: j - i };
    return undefined;
  }
  // Legacy names without the semicolon, longest prefix first (`&nbsp中文`, `&copy2024`).
  for (let k = Math.min(name.length, 6); k >= 2; k--) {
    const prefix = name.slice(0, k);
    if (LEGACY.has(prefix)) return { value: ENTITIES.get(prefix)!, length: k + 1 };
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// Output

class LineIndex {
  private readonly starts: number[] = [0];
  constructor(src: string) {
    for (let i = 0; i < src.length; i++) {
      const c = src.charCodeAt(i);
      if (c === 0x0a) this.starts.push(i + 1);
      else if (c === 0x0d && src.charCodeAt(i + 1) !== 0x0a) this.starts.push(i + 1);
    }
  }
  at(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo]! + 1 };
  }
}

class Output {
  readonly pieces: string[] = [];
  readonly segments: Segment[] = [];
  length = 0;
  private atLineStart = true;
  private lastIsSpace = true;
  private pendingBreak = false;
  /** Collapsed whitespace waiting for the next text: its source position when it was a single space. */
  private pendingSpace: { hidden?: HiddenPlace; at: number } | null = null;
  /** The open source segment and the source offset just after it, for extending it. */
  private run: Segment | null = null;
  private runSrcEnd = -1;

  constructor(private readonly lines: LineIndex, private readonly src: string) {}

  private push(s: string): void {
    this.pieces.push(s);
    this.length += s.length;
    const c = s.charCodeAt(s.length - 1);
    this.atLineStart = c === 0x0a;
    this.lastIsSpace = isSpace(c) || c === 0xa0 || c === 0x3000;
  }

  separator(s: string, hidden?: HiddenPlace): void {
    const last = this.segments[this.segments.length - 1];
    if (last && last.location.kind === 'separator' && last.end === this.length && last.hidden === hidden) last.end += s.length;
    else this.segments.push({ start: this.length, end: this.length + s.length, location: { kind: 'separator' }, ...(hidden ? { hidden } : {}) });
    this.run = null;
    this.push(s);
  }

  /** A block boundary: a line break before the next text, if any follows. */
  block(): void {
    this.pendingBreak = true;
    this.pendingSpace = null;
  }

  /** Collapsible whitespace at source offset `at` (-1 when inserted). */
  space(at: number, hidden?: HiddenPlace): void {
    if (this.pendingBreak || this.atLineStart || this.lastIsSpace || this.pendingSpace) return;
    this.pendingSpace = { at, hidden };
  }

  /** A line break inside `pre`: pending breaks and spaces first, then the break itself. */
  preBreak(): void {
    if (this.pendingBreak && !this.atLineStart) this.separator('\n');
    this.pendingBreak = false;
    this.pendingSpace = null;
    this.separator('\n');
  }

  /** `br`: a line break now. */
  newline(): void {
    this.pendingBreak = false;
    this.pendingSpace = null;
    this.separator('\n');
  }

  /** A line break now, unless the output already stands at a line start (table rows). */
  lineBreak(): void {
    if (!this.atLineStart) this.separator('\n');
    this.pendingBreak = false;
    this.pendingSpace = null;
  }

  /** Between table cells: breaks and spaces left pending by the previous cell are dropped. */
  tab(hidden?: HiddenPlace): void {
    this.pendingBreak = false;
    this.pendingSpace = null;
    this.separator('\t', hidden);
  }

  /**
   * Source text `s` read from `[srcStart, srcStart + srcLength)`. Extends
   * the open segment when the text continues it exactly in the source.
   */
  text(s: string, srcStart: number, srcLength: number, hidden: HiddenPlace | undefined, attribute: string | undefined): void {
    if (s.length === 0) return;
    if (this.pendingBreak) {
      if (!this.atLineStart) this.separator('\n');
      this.pendingBreak = false;
      this.pendingSpace = null;
    }
    if (this.pendingSpace) {
      const sp = this.pendingSpace;
      this.pendingSpace = null;
      // A single source space between two pieces of one run stays in the run.
      if (sp.at >= 0 && sp.at === this.runSrcEnd && sp.at + 1 === srcStart && this.src.charCodeAt(sp.at) === 0x20 && this.runMatches(hidden, attribute)) {
        this.extend(' ', sp.at + 1);
      } else this.separator(' ', sp.hidden);
    }
    const exact = s.length === srcLength;
    if (exact && srcStart === this.runSrcEnd && this.runMatches(hidden, attribute)) {
      this.extend(s, srcStart + srcLength);
    } else {
      const { line, column } = this.lines.at(srcStart);
      const seg: Segment = {
        start: this.length,
        end: this.length + s.length,
        location: attribute ? { kind: 'html', line, column, attribute } : { kind: 'html', line, column },
      };
      if (hidden) seg.hidden = hidden;
      this.segments.push(seg);
      this.push(s);
      // A decoded entity or a line break ends the run: offsets after it no longer map by column.
      const lineBreak = /[\n\r]/.test(s);
      this.run = exact && !lineBreak ? seg : null;
      this.runSrcEnd = exact && !lineBreak ? srcStart + srcLength : -1;
    }
  }

  private runMatches(hidden: HiddenPlace | undefined, attribute: string | undefined): boolean {
    const run = this.run;
    if (!run || run.end !== this.length || run.hidden !== hidden) return false;
    const loc = run.location;
    return loc.kind === 'html' && loc.attribute === attribute;
  }

  private extend(s: string, srcEnd: number): void {
    this.run!.end += s.length;
    this.push(s);
    if (/[\n\r]/.test(s)) {
      this.run = null;
      this.runSrcEnd = -1;
    } else this.runSrcEnd = srcEnd;
  }
}

// ---------------------------------------------------------------------------
// Elements

const VOID = new Set(['area', 'base', 'basefont', 'bgsound', 'br', 'col', 'embed', 'frame', 'hr', 'img', 'image', 'input', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'caption', 'center', 'dd', 'details', 'dialog', 'dir', 'div', 'dl', 'dt', 'fieldset',
  'figcaption', 'figure', 'footer', 'form', 'frameset', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'head', 'header', 'hgroup', 'hr', 'html', 'legend',
  'li', 'listing', 'main', 'menu', 'nav', 'ol', 'option', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'tfoot', 'thead', 'title', 'tr',
  'ul', 'xmp', 'textarea', 'select', 'optgroup', 'iframe', 'noframes', 'object', 'plaintext',
]);
/** Contents never reach the reader and are skipped unread. */
const RAW_SKIPPED = new Set(['script', 'style', 'noscript']);
/** Text only, entities decoded (RCDATA). */
const RCDATA = new Set(['title', 'textarea']);
/** Text only, taken literally (RAWTEXT shown to the reader). */
const RAW_SHOWN = new Set(['xmp']);
/** Fallback content a browser does not show. */
const HIDDEN_CONTAINERS = new Set(['iframe', 'noframes', 'noembed']);
const PRE = new Set(['pre', 'listing', 'textarea', 'plaintext', 'xmp']);
const CLOSES_P = new Set([
  'address', 'article', 'aside', 'blockquote', 'center', 'details', 'dialog', 'dir', 'div', 'dl', 'fieldset', 'figcaption', 'figure', 'footer',
  'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr', 'listing', 'main', 'menu', 'nav', 'ol', 'p', 'pre', 'section', 'summary',
  'table', 'ul', 'xmp',
]);
const P_SCOPE = new Set(['td', 'th', 'table', 'button', 'li', 'dd', 'dt', 'div', 'body', 'html', 'template', 'object', 'caption', 'marquee', 'applet']);
const P_ONLY = new Set(['p']);
const IMPLIED: Record<string, [Set<string>, Set<string>]> = {
  li: [new Set(['li']), new Set(['ul', 'ol', 'menu', 'table', 'td', 'th', 'body'])],
  dt: [new Set(['dt', 'dd']), new Set(['dl', 'table', 'td', 'th', 'body'])],
  dd: [new Set(['dt', 'dd']), new Set(['dl', 'table', 'td', 'th', 'body'])],
  td: [new Set(['td', 'th']), new Set(['tr', 'table'])],
  th: [new Set(['td', 'th']), new Set(['tr', 'table'])],
  tr: [new Set(['tr']), new Set(['table'])],
  tbody: [new Set(['tbody', 'thead', 'tfoot']), new Set(['table'])],
  thead: [new Set(['tbody', 'thead', 'tfoot']), new Set(['table'])],
  tfoot: [new Set(['tbody', 'thead', 'tfoot']), new Set(['table'])],
  option: [new Set(['option']), new Set(['select', 'datalist', 'optgroup'])],
  optgroup: [new Set(['optgroup', 'option']), new Set(['select'])],
};
/** Elements whose attributes never reach a reader (a stylesheet's title is not shown). */
const NO_ATTRIBUTE_TEXT = new Set(['script', 'style', 'noscript', 'link', 'base', 'template']);
const META_NAMES = new Set(['description', 'keywords', 'author', 'subject', 'abstract']);

interface Attribute {
  name: string;
  /** Value range in the parser's text. */
  start: number;
  end: number;
}

interface Frame {
  name: string;
  hidden: boolean;
  skip: boolean;
  pre: boolean;
  table: boolean;
}

const HIDING_STYLE =
  /(?:^|[;{\s"'])(?:display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse)|font-size\s*:\s*0(?:\.0*)?(?:px|pt|em|rem|%)?\s*(?:!important\s*)?(?:;|$)|opacity\s*:\s*0(?:\.0*)?\s*(?:!important\s*)?(?:;|$))/i;

interface Context {
  out: Output;
  warnings: Set<string>;
}

/**
 * Tokenizes `src` (the whole page, or a comment's or CDATA section's
 * contents at `base` in the page) into the shared output.
 */
class Parser {
  private readonly stack: Frame[] = [];
  private readonly counts = new Map<string, number>();
  private readonly tables: { cells: number }[] = [{ cells: 0 }];
  private readonly gt: Finder;
  private readonly dq: Finder;
  private readonly sq: Finder;
  private readonly tagFinders: Record<'gt' | 'dq' | 'sq', Finder>;
  private readonly lt: Finder;
  private readonly lb: Finder;

  constructor(
    private readonly src: string,
    private readonly base: number,
    private readonly root: Frame,
    private readonly ctx: Context,
    private readonly nested: number,
  ) {
    this.gt = new Finder(src, '>');
    this.dq = new Finder(src, '"');
    this.sq = new Finder(src, "'");
    this.tagFinders = { gt: this.gt, dq: this.dq, sq: this.sq };
    this.lt = new Finder(src, '<');
    this.lb = new Finder(src, '[');
  }

  private get top(): Frame {
    return this.stack[this.stack.length - 1] ?? this.root;
  }

  private hiddenPlace(): HiddenPlace | undefined {
    return this.top.hidden ? 'html_hidden' : undefined;
  }

  run(): void {
    const src = this.src;
    const n = src.length;
    let i = 0;
    while (i < n) {
      const lt = this.lt.next(i);
      const textEnd = lt < 0 ? n : lt;
      if (textEnd > i) this.text(i, textEnd);
      if (lt < 0) break;
      i = this.markup(lt);
    }
  }

  /** Character data in [start, end): entities decoded, whitespace collapsed unless in `pre`. */
  private text(start: number, end: number, opts: { attribute?: string; literal?: boolean; pre?: boolean; hidden?: HiddenPlace } = {}): void {
    const top = this.top;
    if (top.skip) return;
    const out = this.ctx.out;
    const src = this.src;
    const hidden = opts.attribute ? 'html_attribute' : (opts.hidden ?? this.hiddenPlace());
    const pre = opts.pre ?? top.pre;
    const base = this.base;
    let i = start;
    while (i < end) {
      const c = src.charCodeAt(i);
      if (!pre && isSpace(c)) {
        let j = i + 1;
        while (j < end && isSpace(src.charCodeAt(j))) j++;
        out.space(j === i + 1 ? base + i : -1, hidden);
        i = j;
        continue;
      }
      if (c === 0x26 && !opts.literal) {
        const ent = entityAt(src, i, end, opts.attribute !== undefined);
        if (ent) {
          // `&#13;` and `&#10;` are whitespace like any other outside `pre`.
          if (!pre && ent.value.length === 1 && isSpace(ent.value.charCodeAt(0))) out.space(-1, hidden);
          else out.text(ent.value, base + i, ent.length, hidden, opts.attribute);
          i += ent.length;
          continue;
        }
      }
      let j = i + 1;
      if (pre) {
        if (c === 0x0d || c === 0x0a) {
          // Source line breaks (CR LF, CR, LF) become one inserted '\n': source segments never span lines.
          out.preBreak();
          i += c === 0x0d && src.charCodeAt(i + 1) === 0x0a ? 2 : 1;
          continue;
        }
        while (j < end) {
          const d = src.charCodeAt(j);
          if (d === 0x0d || d === 0x0a || (d === 0x26 && !opts.literal)) break;
          j++;
        }
      } else {
        while (j < end) {
          const d = src.charCodeAt(j);
          if (isSpace(d) || (d === 0x26 && !opts.literal)) break;
          j++;
        }
      }
      out.text(src.slice(i, j), base + i, j - i, hidden, opts.attribute);
      i = j;
    }
  }

  /** Markup starting at `lt` ('<'); returns where text resumes. */
  private markup(lt: number): number {
    const src = this.src;
    const n = src.length;
    if (src.startsWith('<!--', lt)) {
      let contentStart = lt + 4;
      // `<!-->` and `<!--->` are complete (empty) comments.
      if (src.startsWith('>', contentStart)) return contentStart + 1;
      if (src.startsWith('->', contentStart)) return contentStart + 2;
      let end = src.indexOf('-->', contentStart);
      if (end < 0) {
        this.ctx.warnings.add('html_unterminated_comment');
        end = n;
      }
      // Conditional comments: `<!--[if IE]>…<![endif]-->` hold markup for old browsers.
      if (src.startsWith('[if', contentStart)) {
        const close = src.slice(contentStart, Math.min(end, contentStart + 256)).indexOf(']>');
        if (close >= 0) contentStart += close + 2;
      }
      this.nestedRange(contentStart, end, true);
      return Math.min(n, end + 3);
    }
    if (src.startsWith('<![CDATA[', lt)) {
      let end = src.indexOf(']]>', lt + 9);
      if (end < 0) end = n;
      // Feeds and XHTML wrap markup in CDATA; it reads as the markup it holds.
      this.nestedRange(lt + 9, end, false);
      return Math.min(n, end + 3);
    }
    const c1 = src.charCodeAt(lt + 1);
    if (c1 === 0x21 /* ! */ || c1 === 0x3f /* ? */) {
      const gt = this.gt.next(lt + 2);
      // A DOCTYPE with an internal subset (`<!DOCTYPE rss [<!ENTITY …>]>`, feeds saved as pages) ends at `]>`.
      const bracket = this.lb.next(lt + 2);
      if (bracket >= 0 && (gt < 0 || bracket < gt) && /^<!doctype/i.test(src.slice(lt, lt + 9))) {
        const close = src.indexOf(']>', bracket);
        return close < 0 ? n : close + 2;
      }
      return gt < 0 ? n : gt + 1;
    }
    if (c1 === 0x2f /* / */) {
      const c2 = src.charCodeAt(lt + 2);
      if (!isLetter(c2)) {
        if (c2 === 0x3e) return lt + 3; // `</>` is dropped
        const gt = this.gt.next(lt + 2);
        return gt < 0 ? n : gt + 1; // bogus comment
      }
      const tag = this.scanTag(lt + 2);
      this.endTag(tag.name);
      return tag.end;
    }
    if (!isLetter(c1)) {
      this.text(lt, lt + 1);
      return lt + 1;
    }
    const tag = this.scanTag(lt + 1);
    return this.startTag(tag);
  }

  /** Parses a comment's or CDATA section's contents as markup of their own. */
  private nestedRange(start: number, end: number, hidden: boolean): void {
    if (end <= start || this.top.skip) return;
    const frame: Frame = { ...this.top, hidden: this.top.hidden || hidden, pre: false };
    if (this.nested >= 2) {
      this.text(start, end, { literal: true, hidden: frame.hidden ? 'html_hidden' : undefined });
      return;
    }
    const out = this.ctx.out;
    out.space(-1, frame.hidden ? 'html_hidden' : undefined);
    new Parser(this.src.slice(start, end), this.base + start, frame, this.ctx, this.nested + 1).run();
    out.space(-1, frame.hidden ? 'html_hidden' : undefined);
  }

  /** Reads a tag name and its attributes from `at` (just after `<` or `</`), up to and including `>`. */
  private scanTag(at: number): { name: string; attrs: Attribute[]; selfClosing: boolean; end: number } {
    const src = this.src;
    const attrs: Attribute[] = [];
    const tag = scanTag(src, at, src.length, this.tagFinders, (a) => {
      if (a.unterminated) this.ctx.warnings.add('html_unterminated_attribute');
      if (attrs.length < MAX_ATTRIBUTES && a.nameEnd > a.nameStart) attrs.push({ name: src.slice(a.nameStart, a.nameEnd).toLowerCase(), start: a.start, end: a.end });
    });
    return { ...tag, attrs };
  }

  private attrValue(a: Attribute | undefined): string {
    return a ? this.src.slice(a.start, a.end) : '';
  }

  private startTag(tag: { name: string; attrs: Attribute[]; selfClosing: boolean; end: number }): number {
    const { name, attrs } = tag;
    const out = this.ctx.out;
    const get = (k: string): Attribute | undefined => attrs.find((a) => a.name === k);
    this.impliedEnds(name);
    const parent = this.top;
    const style = get('style');
    const hidesItself =
      get('hidden') !== undefined ||
      HIDDEN_CONTAINERS.has(name) ||
      (name === 'input' && /^\s*hidden\s*$/i.test(this.attrValue(get('type')))) ||
      (style !== undefined && HIDING_STYLE.test(this.src.slice(style.start, Math.min(style.end, style.start + MAX_STYLE))));
    const frame: Frame = {
      name,
      hidden: parent.hidden || hidesItself,
      skip: parent.skip || name === 'template',
      pre: parent.pre || PRE.has(name),
      table: name === 'table',
    };

    if (BLOCK.has(name)) out.block();
    if (!frame.skip) {
      if (name === 'br') out.newline();
      else if (name === 'td' || name === 'th') {
        // A row is one line: breaks inside a cell stay pending and are dropped at the next cell.
        const table = this.tables[this.tables.length - 1]!;
        if (table.cells > 0) out.tab();
        else out.lineBreak();
        table.cells++;
      } else if (name === 'tr' || name === 'table') {
        if (name === 'tr') this.tables[this.tables.length - 1]!.cells = 0;
        out.lineBreak();
      }
      if (!NO_ATTRIBUTE_TEXT.has(name)) this.attributeText(name, attrs, get);
    }

    // Elements whose contents are not markup.
    if (RAW_SKIPPED.has(name) || RCDATA.has(name) || RAW_SHOWN.has(name)) {
      if (tag.selfClosing && name !== 'script') return tag.end;
      const close = this.findEndTag(name, tag.end);
      if (!frame.skip && !RAW_SKIPPED.has(name)) {
        this.text(this.skipLeadingNewline(name, tag.end), close.contentEnd, { literal: RAW_SHOWN.has(name), pre: frame.pre, hidden: frame.hidden ? 'html_hidden' : undefined });
        if (BLOCK.has(name)) out.block();
      } else if (RAW_SKIPPED.has(name) && close.contentEnd === this.src.length) {
        this.ctx.warnings.add(`html_unterminated_${name}`);
      }
      return close.end;
    }
    if (VOID.has(name) || tag.selfClosing) {
      if (BLOCK.has(name)) out.block();
      return tag.end;
    }
    this.push(frame);
    return this.skipLeadingNewline(name, tag.end);
  }

  /** A browser drops one line break right after `<pre>`, `<listing>` and `<textarea>`. */
  private skipLeadingNewline(name: string, at: number): number {
    if (name !== 'pre' && name !== 'listing' && name !== 'textarea') return at;
    if (this.src.charCodeAt(at) === 0x0d) return this.src.charCodeAt(at + 1) === 0x0a ? at + 2 : at + 1;
    return this.src.charCodeAt(at) === 0x0a ? at + 1 : at;
  }

  private push(frame: Frame): void {
    if (this.stack.length >= MAX_HTML_DEPTH) {
      this.ctx.warnings.add('html_nesting_limit');
      return;
    }
    this.stack.push(frame);
    this.counts.set(frame.name, (this.counts.get(frame.name) ?? 0) + 1);
    if (frame.table) this.tables.push({ cells: 0 });
  }

  private pop(): Frame | undefined {
    const frame = this.stack.pop();
    if (!frame) return undefined;
    this.counts.set(frame.name, (this.counts.get(frame.name) ?? 1) - 1);
    if (frame.table && this.tables.length > 1) this.tables.pop();
    if (BLOCK.has(frame.name) || frame.name === 'tr') this.ctx.out.block();
    return frame;
  }

  /** Closes elements a new start tag ends implicitly (`<p>a<p>b`, `<li>`, `<td>` without end tags). */
  private impliedEnds(name: string): void {
    let targets: Set<string> | undefined;
    let stops: Set<string> | undefined;
    if (CLOSES_P.has(name)) {
      targets = P_ONLY;
      stops = P_SCOPE;
    }
    const rule = IMPLIED[name];
    if (rule) [targets, stops] = rule;
    if (!targets || !stops) return;
    const limit = Math.max(0, this.stack.length - IMPLIED_SCAN);
    for (let k = this.stack.length - 1; k >= limit; k--) {
      const f = this.stack[k]!;
      if (targets.has(f.name)) {
        while (this.stack.length > k) this.pop();
        return;
      }
      if (stops.has(f.name)) return;
    }
  }

  private endTag(name: string): void {
    if (name === 'br') {
      if (!this.top.skip) this.ctx.out.newline();
      return;
    }
    if ((this.counts.get(name) ?? 0) > 0) {
      for (let f = this.pop(); f && f.name !== name; f = this.pop());
    } else if (name === 'p' && !this.top.skip) this.ctx.out.block();
  }

  /** The end tag of a raw-text element, searched case-insensitively; to the end when missing. */
  private findEndTag(name: string, from: number): { contentEnd: number; end: number } {
    const re = new RegExp(`</${name}(?=[\\s/>])`, 'gi');
    re.lastIndex = from;
    const m = re.exec(this.src);
    if (!m) return { contentEnd: this.src.length, end: this.src.length };
    const gt = this.gt.next(m.index + m[0].length);
    return { contentEnd: m.index, end: gt < 0 ? this.src.length : gt + 1 };
  }

  /** Attribute text a reader or screen reader gets, inline where the element stands. */
  private attributeText(name: string, attrs: Attribute[], get: (k: string) => Attribute | undefined): void {
    const out = this.ctx.out;
    const wanted: Attribute[] = [];
    for (const a of attrs) {
      switch (a.name) {
        case 'alt':
        case 'title':
        case 'aria-label':
          wanted.push(a);
          break;
        case 'value':
          if (name === 'input') wanted.push(a);
          break;
        case 'placeholder':
          if (name === 'input' || name === 'textarea') wanted.push(a);
          break;
        case 'content':
          if (name === 'meta' && META_NAMES.has(this.attrValue(get('name')).trim().toLowerCase())) wanted.push(a);
          break;
        case 'href':
          if ((name === 'a' || name === 'area') && /^\s*(mailto|tel|sms):/i.test(this.attrValue(a))) wanted.push(a);
          break;
      }
    }
    for (const a of wanted) {
      if (this.src.slice(a.start, a.end).trim() === '') continue;
      if (name === 'meta') out.block();
      else out.space(-1);
      this.text(a.start, a.end, { attribute: a.name, pre: false });
      if (name === 'meta') out.block();
      else out.space(-1);
    }
  }
}

function isLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/** Whether bytes look like an HTML page (for files without a telling extension). */
export function looksLikeHtml(bytes: Uint8Array): boolean {
  let head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 1024))
    .toString('latin1')
    .replace(/^(\xEF\xBB\xBF|\xFF\xFE|\xFE\xFF)/, '')
    .replace(/\0/g, '')
    .toLowerCase();
  // Leading comments (`<!-- saved from url=… -->`) and an XML declaration may come first.
  for (;;) {
    head = head.trimStart();
    const close = head.startsWith('<!--') ? head.indexOf('-->') : head.startsWith('<?xml') ? head.indexOf('?>') : -2;
    if (close === -2) break;
    if (close < 0) return false;
    head = head.slice(close + 3);
  }
  return /^<(!doctype\s+html|html[\s>])/.test(head);
}

export function importHtml(bytes: Uint8Array): ExtractedDocument {
  if (bytes.length > MAX_HTML_BYTES) {
    throw new AppError('too_large', '网页文件超过 64 MB，已拒绝导入', 'HTML file exceeds 64 MB');
  }
  const decoded = decodeHtml(bytes);
  const src = decoded.text;
  const out = new Output(new LineIndex(src), src);
  const warnings = new Set<string>(decoded.warnings);
  const root: Frame = { name: '#document', hidden: false, skip: false, pre: false, table: false };
  new Parser(src, 0, root, { out, warnings }, 0).run();
  return {
    format: 'html',
    text: out.pieces.join(''),
    segments: out.segments,
    encoding: decoded.encoding,
    warnings: [...warnings],
  };
}
