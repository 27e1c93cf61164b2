import { countBelow } from '../../../shared/sorted';

/**
 * Geometry of pdf.js text items: where each character of an item sits on the
 * page, and which separator belongs between two items of the canonical text.
 *
 * pdf.js reports a text item as one string with its text matrix (`transform`,
 * in PDF user space) and its total advance (`width`, or `height` for vertical
 * fonts), but not the advance of each glyph. Two ways to place characters:
 *
 * - Exact (`replayGlyphs` + `alignDrawnChars`): the page's operator list
 *   carries every glyph with its width; replaying the text state the way
 *   pdf.js's renderer does gives each glyph's box, which is then matched to
 *   the characters of the text content.
 * - Estimated (`writeGlyphBoxes`), the first pass and the fallback: the
 *   item's advance is split over its characters, CJK and other full-width
 *   characters one em, the rest an estimate from Latin font metrics, and
 *   whatever the estimate leaves over (character and word spacing, a font
 *   whose digits are wider than assumed) spread evenly. Items of one script
 *   (a run of digits, a run of Chinese) come out exact; mixed items are off by
 *   a fraction of a glyph, proportional Latin text by more.
 */

/** The fields of a pdf.js `TextItem` plus the font facts from `TextContent.styles`. */
export interface ItemGeometry {
  str: string;
  /** `[a, b, c, d, e, f]`: text space to PDF user space, font size included. */
  transform: readonly number[];
  width: number;
  height: number;
  vertical: boolean;
  /** Font ascent and descent in em (pdf.js `TextStyle`), 0 when unknown. */
  ascent: number;
  descent: number;
}

/**
 * An item placed on the page: origin, the unit vector glyphs advance along,
 * the unit vector across the line, the em along and across, the total
 * advance, and the extent across the line relative to the baseline.
 */
export interface ItemFrame {
  ox: number;
  oy: number;
  ax: number;
  ay: number;
  nx: number;
  ny: number;
  emAlong: number;
  emAcross: number;
  length: number;
  lo: number;
  hi: number;
  vertical: boolean;
}

/** Characters a CJK font sets on a full em: ideographs, kana, hangul, full-width forms and CJK punctuation. */
export function isFullWidth(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

/** Characters that take no advance of their own (combining marks, joiners, variation selectors). */
function isZeroWidth(cp: number): boolean {
  return (
    (cp >= 0x0300 && cp <= 0x036f) ||
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    cp === 0xfeff ||
    (cp >= 0xe0100 && cp <= 0xe01ef)
  );
}

// Helvetica advances (per 1000 em) for U+0020..U+007E: proportions among Latin characters.
const ASCII_WIDTHS = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278,
  278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722,
  667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556,
  556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];

/** Estimated advance in em of one character. */
export function advanceEm(cp: number): number {
  if (isZeroWidth(cp)) return 0;
  if (isFullWidth(cp)) return 1;
  // Digits are 0.5 em in Times, SimSun and FangSong and 0.556 in Helvetica and Arial.
  if (cp >= 0x30 && cp <= 0x39) return 0.53;
  if (cp >= 0x20 && cp <= 0x7e) return ASCII_WIDTHS[cp - 0x20]! / 1000;
  if (cp === 0x2014 || cp === 0x2026 || cp === 0x2025) return 1;
  if (cp < 0x2000) return 0.55;
  return 0.6;
}

function finiteOr(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

/** Places an item: see `ItemFrame`. Degenerate matrices fall back to upright text of the item's height. */
export function itemFrame(item: ItemGeometry): ItemFrame {
  const t = item.transform;
  const a = finiteOr(t[0], 0);
  const b = finiteOr(t[1], 0);
  const c = finiteOr(t[2], 0);
  const d = finiteOr(t[3], 0);
  const ox = finiteOr(t[4], 0);
  const oy = finiteOr(t[5], 0);
  let sx = Math.hypot(a, b);
  let sy = Math.hypot(c, d);
  const fallbackSize = Math.max(finiteOr(item.height, 0), finiteOr(item.width, 0) / Math.max(item.str.length, 1), 1);
  let ux = 1;
  let uy = 0;
  let vx = 0;
  let vy = 1;
  if (sx > 0) {
    ux = a / sx;
    uy = b / sx;
  } else sx = sy || fallbackSize;
  if (sy > 0) {
    vx = c / sy;
    vy = d / sy;
  } else {
    sy = sx;
    vx = -uy;
    vy = ux;
  }
  if (item.vertical) {
    // Vertical writing: glyphs hang below the current point, centred on it, and advance downwards.
    return {
      ox,
      oy,
      ax: -vx,
      ay: -vy,
      nx: ux,
      ny: uy,
      emAlong: sy,
      emAcross: sx,
      length: Math.abs(finiteOr(item.height, 0)),
      lo: -0.5 * sx,
      hi: 0.5 * sx,
      vertical: true,
    };
  }
  // Extents across the line from the font's ascent and descent, kept within sane bounds so that
  // a font with broken metrics still yields a box that covers its glyphs.
  const ascent = Math.min(Math.max(finiteOr(item.ascent, 0) || 0.88, 0.75), 1.2);
  const descent = Math.max(Math.min(finiteOr(item.descent, 0) || -0.2, -0.12), -0.4);
  return {
    ox,
    oy,
    ax: ux,
    ay: uy,
    nx: vx,
    ny: vy,
    emAlong: sx,
    emAcross: sy,
    length: Math.abs(finiteOr(item.width, 0)),
    lo: descent * sy,
    hi: ascent * sy,
    vertical: false,
  };
}

/**
 * Advance of each UTF-16 code unit of `str` along the line, summing to
 * `length` (the second unit of a surrogate pair and zero-width marks get 0).
 */
export function splitAdvances(str: string, emAlong: number, length: number): Float64Array {
  const n = str.length;
  const est = new Float64Array(n);
  let estTotal = 0;
  let advancing = 0;
  for (let i = 0; i < n; i++) {
    const cp = str.codePointAt(i)!;
    const w = advanceEm(cp) * emAlong;
    est[i] = w;
    estTotal += w;
    if (w > 0) advancing++;
    if (cp > 0xffff) i++;
  }
  if (advancing === 0 || !(length > 0)) return est;
  // What the estimate leaves over is tracking or a metric mismatch: spread it evenly.
  const extra = (length - estTotal) / advancing;
  const out = new Float64Array(n);
  let min = Infinity;
  for (let i = 0; i < n; i++) {
    if (est[i]! > 0) {
      out[i] = est[i]! + extra;
      min = Math.min(min, out[i]!);
    }
  }
  if (min >= 0.05 * emAlong) return out;
  // Condensed or overlapping text: scale the estimate instead.
  const k = length / estTotal;
  for (let i = 0; i < n; i++) out[i] = est[i]! * k;
  return out;
}

/**
 * Writes the box of every UTF-16 code unit of the item to `out` from index
 * `at * 4`: x0, y0, x1, y1 in PDF user space (the axis-aligned hull of the
 * glyph's parallelogram). Both units of a surrogate pair get the same box;
 * zero-width characters get the box of the character they attach to.
 */
export function writeGlyphBoxes(item: ItemGeometry, frame: ItemFrame, out: Float32Array, at: number): void {
  const { str } = item;
  const adv = splitAdvances(str, frame.emAlong, frame.length);
  let pos = 0;
  let prevStart = 0;
  let prevEnd = 0;
  for (let i = 0; i < str.length; i++) {
    const w = adv[i]!;
    let s0: number;
    let s1: number;
    if (w > 0) {
      s0 = pos;
      s1 = pos + w;
      prevStart = s0;
      prevEnd = s1;
      pos = s1;
    } else {
      s0 = prevStart;
      s1 = Math.max(prevEnd, prevStart + 1e-3);
    }
    const ax = frame.ax;
    const ay = frame.ay;
    const x0 = frame.ox + ax * s0;
    const y0 = frame.oy + ay * s0;
    const x1 = frame.ox + ax * s1;
    const y1 = frame.oy + ay * s1;
    const lx = frame.nx * frame.lo;
    const ly = frame.ny * frame.lo;
    const hx = frame.nx * frame.hi;
    const hy = frame.ny * frame.hi;
    const xs = [x0 + lx, x0 + hx, x1 + lx, x1 + hx];
    const ys = [y0 + ly, y0 + hy, y1 + ly, y1 + hy];
    const k = (at + i) * 4;
    out[k] = Math.min(...xs);
    out[k + 1] = Math.min(...ys);
    out[k + 2] = Math.max(...xs);
    out[k + 3] = Math.max(...ys);
    const cp = str.codePointAt(i)!;
    if (cp > 0xffff && i + 1 < str.length) {
      out.copyWithin(k + 4, k, k + 4);
      i++;
    }
  }
}

/** Gaps between items, in em of the text size, that become a space or a tab. */
export const GAP_SPACE_EM = 0.12;
export const GAP_TAB_EM = 1.5;

/**
 * What goes between two consecutive items of one page: a line break when
 * the direction or the baseline changes or the text jumps back, a tab for a
 * wide gap (table cells, so that rows read as tab-separated lines), a space
 * for a word gap, nothing when the items touch.
 */
export function separatorBetween(prev: ItemFrame, next: ItemFrame): '' | ' ' | '\t' | '\n' {
  if (prev.vertical !== next.vertical) return '\n';
  if (prev.ax * next.ax + prev.ay * next.ay < 0.98) return '\n';
  const dx = next.ox - prev.ox;
  const dy = next.oy - prev.oy;
  const size = Math.max(prev.emAcross, next.emAcross, 1e-6);
  // Offset across the line, measured against the previous item's line direction.
  const across = prev.vertical ? dx * prev.nx + dy * prev.ny : prev.ax * dy - prev.ay * dx;
  if (Math.abs(across) > 0.5 * size) return '\n';
  const along = dx * prev.ax + dy * prev.ay;
  const gap = along - prev.length;
  const em = Math.max(Math.min(prev.emAlong, next.emAlong), 1e-6);
  if (along < -0.5 * em) return '\n';
  if (gap >= GAP_TAB_EM * em) return '\t';
  if (gap >= GAP_SPACE_EM * em) return ' ';
  return '';
}

// ---------------------------------------------------------------------------
// Exact glyph boxes from the page's operator list.

/** The font facts the replay needs: pdf.js `FontFaceObject` fields plus ascent and descent from `TextContent.styles`. */
export interface ReplayFont {
  fontMatrix: readonly number[];
  vertical: boolean;
  isInvalidPDFjsFont: boolean;
  ascent: number;
  descent: number;
}

/** One character of a drawn glyph (a ligature glyph yields several) with the glyph's box in user space. */
export interface DrawnChar {
  ch: string;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** The operator ids of pdf.js's `OPS` the replay reads. */
export interface ReplayOps {
  save: number;
  restore: number;
  transform: number;
  beginText: number;
  setCharSpacing: number;
  setWordSpacing: number;
  setHScale: number;
  setLeading: number;
  setLeadingMoveText: number;
  setFont: number;
  setTextRise: number;
  moveText: number;
  setTextMatrix: number;
  nextLine: number;
  showText: number;
  setGState: number;
  paintFormXObjectBegin: number;
  paintFormXObjectEnd: number;
  beginGroup: number;
  endGroup: number;
}

interface TextState {
  ctm: number[];
  tm: readonly number[] | null;
  x: number;
  y: number;
  lineX: number;
  lineY: number;
  charSpacing: number;
  wordSpacing: number;
  hScale: number;
  leading: number;
  rise: number;
  font: ReplayFont | undefined;
  fontSize: number;
  fontDirection: number;
}

/** `m1 × m2` in pdf.js's convention (`Util.transform`): m2 applies first. */
function mul(m1: readonly number[], m2: readonly number[]): number[] {
  const [a1 = 1, b1 = 0, c1 = 0, d1 = 1, e1 = 0, f1 = 0] = m1;
  const [a2 = 1, b2 = 0, c2 = 0, d2 = 1, e2 = 0, f2 = 0] = m2;
  return [a1 * a2 + c1 * b2, b1 * a2 + d1 * b2, a1 * c2 + c1 * d2, b1 * c2 + d1 * d2, a1 * e2 + c1 * f2 + e1, b1 * e2 + d1 * f2 + f1];
}

function num(v: unknown, fallback = 0): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

function matrix(v: unknown): number[] | null {
  if (!v || typeof v !== 'object') return null;
  const m = v as ArrayLike<unknown>;
  const out = [0, 1, 2, 3, 4, 5].map((i) => num(m[i], NaN));
  return out.every(Number.isFinite) ? out : null;
}

interface GlyphLike {
  unicode?: unknown;
  width?: unknown;
  isSpace?: unknown;
  vmetric?: unknown;
}

/**
 * Replays the text operators of a pdf.js operator list the way pdf.js's
 * canvas renderer places glyphs (text matrix, font size, character and word
 * spacing, horizontal scaling, rise, TJ adjustments, form matrices, q/Q) and
 * returns every drawn character with its box in PDF user space. Characters
 * are normalised with `normalize` (pdf.js's `normalizeUnicode`, as its text
 * content is); whitespace becomes a plain space.
 */
export function replayGlyphs(
  fnArray: ArrayLike<number>,
  argsArray: ArrayLike<unknown>,
  ops: ReplayOps,
  fontOf: (name: string) => ReplayFont | undefined,
  normalize: (s: string) => string,
): DrawnChar[] {
  const out: DrawnChar[] = [];
  let st: TextState = {
    ctm: [1, 0, 0, 1, 0, 0],
    tm: null,
    x: 0,
    y: 0,
    lineX: 0,
    lineY: 0,
    charSpacing: 0,
    wordSpacing: 0,
    hScale: 1,
    leading: 0,
    rise: 0,
    font: undefined,
    fontSize: 0,
    fontDirection: 1,
  };
  const stack: TextState[] = [];
  const save = (): void => {
    stack.push(st);
    st = { ...st };
  };
  const restore = (): void => {
    const prev = stack.pop();
    if (prev) st = prev;
  };
  const moveText = (x: number, y: number): void => {
    st.x = st.lineX += x;
    st.y = st.lineY += y;
  };
  const setFont = (name: unknown, size: unknown): void => {
    st.font = typeof name === 'string' ? fontOf(name) : undefined;
    let s = num(size);
    st.fontDirection = 1;
    if (s < 0) {
      s = -s;
      st.fontDirection = -1;
    }
    st.fontSize = s;
  };
  const emit = (m: number[], gx0: number, gx1: number, gy0: number, gy1: number, unicode: string): void => {
    // A ligature glyph (fi, ffl) yields several characters, each with the whole glyph's box: one
    // glyph cannot be half removed.
    const chars = [...normalize(unicode)].map((ch) => (ch.trim() ? ch : ' '));
    chars.forEach((ch) => {
      const a0 = gx0;
      const a1 = gx1;
      const xs: number[] = [];
      const ys: number[] = [];
      for (const [gx, gy] of [
        [a0, gy0],
        [a0, gy1],
        [a1, gy0],
        [a1, gy1],
      ] as const) {
        xs.push(m[0]! * gx + m[2]! * gy + m[4]!);
        ys.push(m[1]! * gx + m[3]! * gy + m[5]!);
      }
      const box = { ch, x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) };
      if ([box.x0, box.y0, box.x1, box.y1].every(Number.isFinite)) out.push(box);
    });
  };
  const showText = (glyphs: unknown): void => {
    const font = st.font;
    if (!font || !Array.isArray(glyphs)) return;
    const fontSize = st.fontSize;
    if (fontSize === 0) return;
    const was = fontSize * num(font.fontMatrix[0], 0.001);
    const textHScale = st.hScale * st.fontDirection;
    const vertical = font.vertical;
    const spacingDir = vertical ? 1 : -1;
    const m = mul(mul(st.ctm, st.tm ?? [1, 0, 0, 1, 0, 0]), [textHScale, 0, 0, 1, st.x, st.y + st.rise]);
    const asc = Math.min(Math.max(font.ascent || 0.88, 0.75), 1.2) * fontSize;
    const desc = Math.max(Math.min(font.descent || -0.2, -0.12), -0.4) * fontSize;
    let x = 0;
    for (const g of glyphs as unknown[]) {
      if (typeof g === 'number') {
        x += (spacingDir * g * fontSize) / 1000;
        continue;
      }
      if (!g || typeof g !== 'object') continue;
      const glyph = g as GlyphLike;
      const spacing = font.isInvalidPDFjsFont ? 0 : (glyph.isSpace ? st.wordSpacing : 0) + st.charSpacing;
      const unicode = typeof glyph.unicode === 'string' ? glyph.unicode : '';
      const gw = num(glyph.width);
      if (vertical) {
        const vm = Array.isArray(glyph.vmetric) ? (glyph.vmetric as unknown[]) : [-1000, gw / 2, 880];
        const vx = -num(vm[1], gw / 2) * was;
        const vy = num(vm[2], 880) * was;
        const base = -(x + vy);
        if (unicode) emit(m, vx, vx + gw * was, base + desc, base + asc, unicode);
        x += -num(vm[0], -1000) * was - spacing * st.fontDirection;
      } else {
        if (unicode) emit(m, x, x + gw * was, desc, asc, unicode);
        x += gw * was + spacing * st.fontDirection;
      }
    }
    if (vertical) st.y -= x;
    else st.x += x * textHScale;
  };

  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i];
    const args = argsArray[i] as unknown[] | null | undefined;
    const a = (k: number): unknown => (Array.isArray(args) ? args[k] : undefined);
    switch (fn) {
      case ops.save:
      case ops.beginGroup:
        save();
        break;
      case ops.restore:
      case ops.endGroup:
      case ops.paintFormXObjectEnd:
        restore();
        break;
      case ops.paintFormXObjectBegin: {
        save();
        const m = matrix(a(0));
        if (m) st.ctm = mul(st.ctm, m);
        break;
      }
      case ops.transform: {
        const m = matrix(args);
        if (m) st.ctm = mul(st.ctm, m);
        break;
      }
      case ops.beginText:
        st.tm = null;
        st.x = st.lineX = st.y = st.lineY = 0;
        break;
      case ops.setTextMatrix:
        st.tm = matrix(a(0));
        st.x = st.lineX = st.y = st.lineY = 0;
        break;
      case ops.setCharSpacing:
        st.charSpacing = num(a(0));
        break;
      case ops.setWordSpacing:
        st.wordSpacing = num(a(0));
        break;
      case ops.setHScale:
        st.hScale = num(a(0), 100) / 100;
        break;
      case ops.setLeading:
        st.leading = -num(a(0));
        break;
      case ops.setLeadingMoveText:
        st.leading = num(a(1));
        moveText(num(a(0)), num(a(1)));
        break;
      case ops.moveText:
        moveText(num(a(0)), num(a(1)));
        break;
      case ops.nextLine:
        moveText(0, st.leading);
        break;
      case ops.setTextRise:
        st.rise = num(a(0));
        break;
      case ops.setFont:
        setFont(a(0), a(1));
        break;
      case ops.setGState:
        for (const entry of Array.isArray(a(0)) ? (a(0) as unknown[]) : []) {
          if (Array.isArray(entry) && entry[0] === 'Font' && Array.isArray(entry[1])) setFont(entry[1][0], entry[1][1]);
        }
        break;
      case ops.showText:
        showText(a(0));
        break;
      default:
        break;
    }
  }
  return out;
}

/**
 * Replaces estimated boxes by exact ones. pdf.js's text content comes from
 * the same glyphs in the same order as the operator list, less whitespace
 * glyphs and glyphs outside the page, plus spaces of its own. Each character
 * of the page text takes the next unused drawn glyph of the same character
 * that lies inside its item (across the line: within the ascent and descent
 * plus half an em; along it: within the item's measured extent, and near the
 * estimated position), searching forward from the last match first and then
 * backward. A character without such a glyph keeps its estimate, so a lost
 * alignment never moves a box to another line.
 *
 * `text` holds the document text from offset `base` on; `ranges` and
 * `boxes` use document offsets. Returns how many characters got an exact box
 * and which drawn characters were matched.
 */
export function alignDrawnChars(
  text: string,
  base: number,
  ranges: readonly { start: number; end: number; frame: ItemFrame }[],
  boxes: Float32Array,
  drawn: readonly DrawnChar[],
): { exact: number; used: Uint8Array } {
  const byChar = new Map<string, number[]>();
  drawn.forEach((d, n) => {
    if (d.ch === ' ') return;
    const list = byChar.get(d.ch);
    if (list) list.push(n);
    else byChar.set(d.ch, [n]);
  });
  const used = new Uint8Array(drawn.length);
  // Candidates tried per character each way: the right glyph is almost always the first one forward.
  const TRIES = 48;
  let j = 0;
  let exact = 0;
  for (const { start, end, frame: f } of ranges) {
    const alongMin = -0.5 * f.emAlong;
    const alongMax = f.length + 0.5 * f.emAlong;
    const acrossMin = f.lo - 0.5 * f.emAcross;
    const acrossMax = f.hi + 0.5 * f.emAcross;
    const drift = Math.max(2 * f.emAlong, 0.3 * f.length);
    const place = (x: number, y: number): [number, number] => {
      const dx = x - f.ox;
      const dy = y - f.oy;
      return [dx * f.ax + dy * f.ay, dx * f.nx + dy * f.ny];
    };
    for (let i = start; i < end; i++) {
      const ch = text[i - base]!;
      if (!ch.trim()) continue;
      const code = ch.charCodeAt(0);
      // The second half of a surrogate pair shares the first half's box.
      if (code >= 0xdc00 && code <= 0xdfff) continue;
      const full = code >= 0xd800 && code <= 0xdbff ? text.slice(i - base, i - base + 2) : ch;
      const list = byChar.get(full);
      if (!list) continue;
      const k = i * 4;
      const [estAlong] = place((boxes[k]! + boxes[k + 2]!) / 2, (boxes[k + 1]! + boxes[k + 3]!) / 2);
      const fits = (n: number): boolean => {
        if (used[n]) return false;
        const d = drawn[n]!;
        const [along, across] = place((d.x0 + d.x1) / 2, (d.y0 + d.y1) / 2);
        return (
          along >= alongMin && along <= alongMax && across >= acrossMin && across <= acrossMax && Math.abs(along - estAlong) <= drift
        );
      };
      const lo = countBelow(list, j);
      let pick = -1;
      for (let q = lo; q < list.length && q < lo + TRIES; q++) {
        if (fits(list[q]!)) {
          pick = list[q]!;
          break;
        }
      }
      for (let q = lo - 1; pick < 0 && q >= 0 && q >= lo - TRIES; q--) {
        if (fits(list[q]!)) pick = list[q]!;
      }
      if (pick < 0) continue;
      const d = drawn[pick]!;
      boxes[k] = d.x0;
      boxes[k + 1] = d.y0;
      boxes[k + 2] = d.x1;
      boxes[k + 3] = d.y1;
      if (full.length === 2) boxes.copyWithin(k + 4, k, k + 4);
      used[pick] = 1;
      exact++;
      j = pick + 1;
    }
  }
  return { exact, used };
}

/**
 * Text drawn outside the page's view box, which pdf.js's text content leaves
 * out but which stays in the file for any other tool to extract (crop marks,
 * file paths, text pushed off the page to hide it): the unmatched drawn
 * characters whose centre lies outside `view`, as runs of consecutive glyphs
 * on one line with their boxes.
 */
export function offPageRuns(drawn: readonly DrawnChar[], used: Uint8Array, view: readonly number[]): { text: string; boxes: DrawnChar[] }[] {
  const [vx0 = 0, vy0 = 0, vx1 = 0, vy1 = 0] = view;
  const runs: { text: string; boxes: DrawnChar[] }[] = [];
  let run: DrawnChar[] = [];
  let last = -2;
  const flush = (): void => {
    while (run.length && run[run.length - 1]!.ch === ' ') run.pop();
    if (run.length) runs.push({ text: run.map((d) => d.ch).join(''), boxes: run });
    run = [];
  };
  drawn.forEach((d, n) => {
    if (used[n]) return;
    const cx = (d.x0 + d.x1) / 2;
    const cy = (d.y0 + d.y1) / 2;
    const outside = cx < vx0 - 1 || cx > vx1 + 1 || cy < vy0 - 1 || cy > vy1 + 1;
    if (!outside) return;
    const prev = run[run.length - 1];
    if (n !== last + 1) flush();
    else if (prev) {
      // A new line or a jump along the line starts a new run (runs are read as upright text).
      const h = Math.max(prev.y1 - prev.y0, d.y1 - d.y0);
      const pcy = (prev.y0 + prev.y1) / 2;
      if (Math.abs(cy - pcy) > 0.5 * h || d.x0 - prev.x1 > 0.8 * h || cx < (prev.x0 + prev.x1) / 2 - 0.5 * h) flush();
    }
    last = n;
    if (d.ch === ' ' && run.length === 0) return;
    run.push(d);
  });
  flush();
  return runs;
}
