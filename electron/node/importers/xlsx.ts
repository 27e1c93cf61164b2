import { SaxesParser, type SaxesTagPlain } from 'saxes';
import type { ExtractedDocument, HiddenPlace, Segment } from '../../../shared/document/model';
import { AppError } from '../../../shared/errors';
import { readZip } from './zip';
import { isPropertyPart, readPropertyValues } from './wordml';

/**
 * XLSX (SpreadsheetML, transitional and strict; .xlsx and .xlsm). Every
 * sheet in workbook order, hidden ones included. Canonical text per sheet:
 *
 *   【工作表：名称】
 *   姓名⇥身份证号⇥联系电话      ← the first row with cells, directly under the title
 *   张三⇥110105…⇥138…          ← one line per row, empty cells kept as empty
 *   【批注 B3】批注正文          ← the sheet's cell comments, one line each
 *   (blank line between sheets)
 *
 * Empty rows are left out. A row of a single cell (a title above the
 * table) has no tab, so the engine's table block starts at the header row
 * under it; once a table has started, single-cell rows keep one trailing tab
 * so they do not end the block. Line breaks and tabs inside a cell become
 * spaces.
 *
 * A cell's text is one segment `{kind: 'xlsx', sheet, cell, offset: 0}`;
 * titles, tabs and line breaks are separators. Everything of a hidden or
 * very hidden sheet is marked `hidden_sheet`; cells of hidden (or
 * zero-height) rows `hidden_row`, of hidden (or zero-width) columns
 * `hidden_column`, in that order of precedence; comments `cell_comment` with
 * their author. Values are the raw values
 * stored in the file (numbers keep the digits exactly as written, dates
 * stay serial numbers): what the file discloses, not how Excel formats it.
 */

/** Cells read from one workbook, over all sheets. */
export const MAX_XLSX_CELLS = 2_000_000;
/** UTF-16 code units of canonical text (padding tabs of very sparse sheets count too). */
export const MAX_XLSX_TEXT = 100_000_000;

const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

const REL_OFFICE_DOCUMENT = /\/officeDocument$/;

/** Reason text shared by every "the file is damaged" refusal. */
const RESAVE = '请用 Excel 或 WPS 打开后另存为 .xlsx 再导入';

// ---------------------------------------------------------------------------
// XML and package helpers

/** OOXML parts are UTF-8 or (rarely) UTF-16 with a BOM. */
function decodePart(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  return new TextDecoder('utf-8').decode(bytes);
}

export function localName(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

/** An attribute by local name, whatever its prefix (`r:id`, `x:hidden`). */
export function attr(tag: SaxesTagPlain, local: string): string | undefined {
  const attrs = tag.attributes;
  const direct = attrs[local];
  if (direct !== undefined) return direct;
  for (const name in attrs) if (name.endsWith(`:${local}`)) return attrs[name];
  return undefined;
}

function truthy(v: string | undefined): boolean {
  return v === '1' || v === 'true' || v === 'on';
}

interface SaxHandlers {
  open(local: string, tag: SaxesTagPlain): void;
  close(local: string): void;
  text?(text: string): void;
}

/**
 * Streams one part through saxes (no DOM: sheets can hold millions of
 * cells). A DOCTYPE is refused outright, so there is no entity expansion and
 * nothing external; malformed XML is refused rather than half-read, so that
 * nothing of the file escapes the review unseen.
 */
function sax(bytes: Uint8Array, part: string, what: string, h: SaxHandlers): void {
  const parser = new SaxesParser({ xmlns: false, position: false });
  const refuse = (): never => {
    throw new AppError('bad_input', `${what}（${part}）的 XML 已损坏，无法完整读取；${RESAVE}`, `${part} is malformed XML`);
  };
  parser.on('doctype', () => {
    throw new AppError('bad_input', `${what}（${part}）含有不允许的 DTD 声明，已拒绝导入`, `${part} contains a DTD; refused`);
  });
  parser.on('opentag', (tag) => h.open(localName(tag.name), tag));
  parser.on('closetag', (tag) => h.close(localName(tag.name)));
  if (h.text) {
    const text = h.text;
    parser.on('text', text);
    parser.on('cdata', text);
  }
  try {
    parser.write(decodePart(bytes)).close();
  } catch (err) {
    if (err instanceof AppError) throw err;
    refuse();
  }
}

/** Resolves a relationship target against the folder of its source part. */
export function resolveTarget(sourcePart: string, target: string): string {
  const base = target.startsWith('/') ? [] : sourcePart.split('/').slice(0, -1);
  for (const piece of target.replace(/^\/+/, '').split('/')) {
    if (piece === '..') base.pop();
    else if (piece !== '.' && piece !== '') base.push(piece);
  }
  return base.join('/');
}

/** The relationships part of a part (`''`: the package). */
export function relsPartOf(part: string): string {
  if (part === '') return '_rels/.rels';
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}

interface Relationship {
  type: string;
  target: string;
}

/** An entry name as a lookup key: part names are case-insensitive in OPC. */
export function partKey(name: string): string {
  return name.replace(/\\/g, '/').replace(/^\/+/, '').toLowerCase();
}

/** Zip entry names are used only as map keys. */
class Package {
  private readonly byLower = new Map<string, Uint8Array>();
  constructor(files: Map<string, Uint8Array>) {
    for (const [name, data] of files) this.byLower.set(partKey(name), data);
  }
  get(part: string): Uint8Array | undefined {
    return this.byLower.get(part.toLowerCase());
  }
  rels(sourcePart: string): Map<string, Relationship> {
    const out = new Map<string, Relationship>();
    const relsPart = relsPartOf(sourcePart);
    const bytes = this.get(relsPart);
    if (!bytes) return out;
    sax(bytes, relsPart, '关系部件', {
      open: (local, tag) => {
        if (local !== 'Relationship') return;
        const id = attr(tag, 'Id');
        const target = attr(tag, 'Target');
        if (!id || !target || attr(tag, 'TargetMode') === 'External') return;
        out.set(id, { type: attr(tag, 'Type') ?? '', target: resolveTarget(sourcePart, target) });
      },
      close: () => {},
    });
    return out;
  }
}

// ---------------------------------------------------------------------------
// Cell values

/** `_xHHHH_` escapes of ST_Xstring (Excel writes control characters this way). */
export function unescapeXstring(s: string): string {
  if (s.indexOf('_x') < 0) return s;
  return s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/**
 * Line breaks and tabs inside a cell would split its row or shift its
 * columns; they become spaces of the same length, so offsets still map
 * one-to-one onto the cell's text.
 */
export function flatten(s: string): string {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u001f\u2028\u2029]/.test(s) ? s.replace(/[\u0000-\u001f\u2028\u2029]/g, ' ') : s;
}

/** Text of a rich-text container (`si`, `is`, comment `text`): its `t` elements, phonetic runs (`rPh`) excluded. */
export class RichText {
  private depthInPhonetic = 0;
  private inT = false;
  private parts: string[] = [];
  open(local: string): void {
    if (local === 'rPh') this.depthInPhonetic++;
    else if (local === 't' && this.depthInPhonetic === 0) this.inT = true;
  }
  close(local: string): void {
    if (local === 'rPh') this.depthInPhonetic = Math.max(0, this.depthInPhonetic - 1);
    else if (local === 't') this.inT = false;
  }
  text(t: string): void {
    if (this.inT) this.parts.push(t);
  }
  take(): string {
    const s = unescapeXstring(this.parts.join(''));
    this.parts = [];
    this.inT = false;
    this.depthInPhonetic = 0;
    return s;
  }
}

function readSharedStrings(pkg: Package, part: string | undefined, maxCells: number): string[] {
  const out: string[] = [];
  if (!part) return out;
  const bytes = pkg.get(part);
  if (!bytes) return out;
  let inSi = false;
  const rich = new RichText();
  sax(bytes, part, '共享字符串表', {
    open: (local) => {
      if (local === 'si') {
        inSi = true;
        if (out.length >= maxCells) throw tooManyCells(maxCells);
      } else if (inSi) rich.open(local);
    },
    close: (local) => {
      if (local === 'si') {
        out.push(rich.take());
        inSi = false;
      } else if (inSi) rich.close(local);
    },
    text: (t) => {
      if (inSi) rich.text(t);
    },
  });
  return out;
}

function tooManyCells(max: number): AppError {
  return new AppError(
    'too_large',
    `表格单元格超过 ${max.toLocaleString('en-US')} 个，已拒绝导入；请将工作簿拆分为较小的文件后再导入`,
    `workbook has more than ${max} cells; split it into smaller files`,
  );
}

function tooMuchText(): AppError {
  return new AppError('too_large', '表格内容过大（文本超过 1 亿字符），已拒绝导入；请拆分工作簿后再导入', 'workbook text is too large; split it');
}

// ---------------------------------------------------------------------------
// References

/** 0-based column index of letters (A = 0, XFD = 16383), or -1. */
function columnIndex(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + (letters.charCodeAt(i) - 64);
  return n >= 1 && n <= 16384 ? n - 1 : -1;
}

export function columnLetters(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

export function parseRef(ref: string | undefined): { col: number; row: number } | undefined {
  const m = ref ? /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/.exec(ref.trim()) : null;
  if (!m) return undefined;
  const col = columnIndex(m[1]!.toUpperCase());
  const row = Number(m[2]);
  return col >= 0 && row >= 1 ? { col, row } : undefined;
}

// ---------------------------------------------------------------------------
// Canonical text

class TextBuilder {
  readonly pieces: string[] = [];
  readonly segments: Segment[] = [];
  length = 0;

  private push(s: string): void {
    this.pieces.push(s);
    this.length += s.length;
    if (this.length > MAX_XLSX_TEXT) throw tooMuchText();
  }

  /** Inserted characters; runs of separators with the same hidden place share one segment. */
  separator(s: string, hidden?: HiddenPlace, author?: string): void {
    if (s.length === 0) return;
    const last = this.segments[this.segments.length - 1];
    if (last && last.location.kind === 'separator' && last.end === this.length && last.hidden === hidden && last.author === author) last.end += s.length;
    else {
      const seg: Segment = { start: this.length, end: this.length + s.length, location: { kind: 'separator' } };
      if (hidden) seg.hidden = hidden;
      if (author !== undefined) seg.author = author;
      this.segments.push(seg);
    }
    this.push(s);
  }

  /** A document property's value, on a line of its own after the sheets. */
  property(s: string, part: string, name: string): void {
    if (s.length === 0) return;
    this.segments.push({ start: this.length, end: this.length + s.length, location: { kind: 'property', part, name, offset: 0 }, hidden: 'property' });
    this.push(s);
  }

  source(s: string, sheet: string, cell: string, hidden?: HiddenPlace, author?: string): void {
    if (s.length === 0) return;
    const seg: Segment = { start: this.length, end: this.length + s.length, location: { kind: 'xlsx', sheet, cell, offset: 0 } };
    if (hidden) seg.hidden = hidden;
    if (author !== undefined) seg.author = author;
    this.segments.push(seg);
    this.push(s);
  }
}

export type SheetKind = 'worksheet' | 'chartsheet' | 'dialogsheet' | 'macrosheet' | 'unknown';

interface SheetEntry {
  name: string;
  hidden: boolean;
  part?: string;
  kind: SheetKind;
}

interface CellOut {
  col: number;
  ref: string;
  type: string;
  text: string;
}

interface Comment {
  ref: string;
  author?: string;
  text: string;
}

function readComments(pkg: Package, part: string, maxCells: number): Comment[] {
  const bytes = pkg.get(part);
  if (!bytes) return [];
  const authors: string[] = [];
  const out: Comment[] = [];
  let inAuthor = false;
  let author = '';
  let current: { ref: string; authorId: number } | null = null;
  let inText = false;
  const rich = new RichText();
  sax(bytes, part, '批注部件', {
    open: (local, tag) => {
      if (local === 'author' && !current) {
        inAuthor = true;
        author = '';
      } else if (local === 'comment') {
        current = { ref: attr(tag, 'ref') ?? '', authorId: Number(attr(tag, 'authorId') ?? -1) };
        if (out.length >= maxCells) throw tooManyCells(maxCells);
      } else if (current && local === 'text') inText = true;
      else if (inText) rich.open(local);
    },
    close: (local) => {
      if (local === 'author' && inAuthor) {
        authors.push(author);
        inAuthor = false;
      } else if (local === 'comment' && current) {
        const ref = parseRef(current.ref);
        out.push({
          ref: ref ? `${columnLetters(ref.col)}${ref.row}` : current.ref,
          author: authors[current.authorId],
          text: rich.take(),
        });
        current = null;
        inText = false;
      } else if (local === 'text' && current) inText = false;
      else if (inText) rich.close(local);
    },
    text: (t) => {
      if (inAuthor) author += t;
      else if (inText) rich.text(t);
    },
  });
  return out;
}

class Counter {
  cells = 0;
  constructor(readonly max: number) {}
  add(): void {
    if (++this.cells > this.max) throw tooManyCells(this.max);
  }
}

/**
 * Long numbers stored as numbers are how ID and phone numbers get damaged:
 * `1.10105194912310E+17` (scientific form, ten or more digits before the
 * point) and plain integers of 16 digits or more (beyond double precision,
 * the last digits are already zeros). Small decimals such as `1.5E-3` are
 * ordinary and not reported.
 */
function numberRisk(raw: string): 'scientific' | 'precision' | undefined {
  const e = /^[+-]?\d+(?:\.\d*)?[eE]\+?(\d+)$/.exec(raw);
  if (e) return Number(e[1]) >= 10 ? 'scientific' : undefined;
  return /^[+-]?\d{16,}(?:\.\d*)?$/.test(raw) ? 'precision' : undefined;
}

/** Risky cells per sheet, for one warning each. */
interface Scientific {
  cells: string[];
  count: number;
}

/** The index a `t="s"` cell's value gives into the shared strings, if it is a valid one. */
export function sharedIndex(raw: string, shared: readonly string[]): number | undefined {
  const idx = Number.parseInt(raw.trim(), 10);
  return Number.isInteger(idx) && idx >= 0 && idx < shared.length ? idx : undefined;
}

/** A cell as {@link SheetWalker} found it. */
export interface WalkedCell<N> {
  /** The `c` element (a saxes tag, or a DOM element). */
  node: N;
  /** Its reference as the importer gives it: its own, or the column after the last one in its row. */
  ref: string;
  col: number;
  row: number;
  /** Whether its row is hidden (or of zero height). */
  rowHidden: boolean;
  type: string;
}

export interface SheetVisitor<N, C> {
  /** A `c` element opens. */
  open(cell: WalkedCell<N>): C;
  /** It closes with its text (by its type: shared string, inline string, number…) and raw `v`; true keeps it in its row. */
  close(cell: C, text: string, raw: string): boolean;
  /** A row with cells kept ends. */
  row(cells: C[], rowHidden: boolean): void;
}

/**
 * Reads a sheet's cells from its element events, numbering them as the
 * importer does: shared by the importer (a saxes stream) and the exporter
 * (a DOM), so that the k-th segment of a sheet is the k-th cell for both.
 */
export class SheetWalker<N, C extends object> {
  /** Hidden (or zero-width) columns by 0-based index. */
  readonly hiddenCols = new Uint8Array(16384);
  private zeroHeight = false;
  private inSheetData = false;
  private rowNumber = 0;
  private rowHidden = false;
  private rowCells: C[] = [];
  private cell: C | null = null;
  private type = '';
  private inV = false;
  private v = '';
  private inIs = false;
  private readonly rich = new RichText();
  private lastCol = -1;

  constructor(
    private readonly attr: (node: N, local: string) => string | undefined,
    private readonly shared: readonly string[],
    private readonly visitor: SheetVisitor<N, C>,
  ) {}

  open(local: string, node: N): void {
    const attr = this.attr;
    if (!this.inSheetData) {
      if (local === 'sheetData') this.inSheetData = true;
      else if (local === 'sheetFormatPr') this.zeroHeight = truthy(attr(node, 'zeroHeight'));
      else if (local === 'col') {
        const min = Number(attr(node, 'min'));
        const max = Number(attr(node, 'max'));
        const width = attr(node, 'width');
        const hidden = truthy(attr(node, 'hidden')) || (width !== undefined && Number(width) === 0);
        if (hidden && Number.isInteger(min) && Number.isInteger(max) && min >= 1 && max >= min) this.hiddenCols.fill(1, min - 1, Math.min(max, 16384));
      }
      return;
    }
    if (local === 'row') {
      const r = Number(attr(node, 'r'));
      this.rowNumber = Number.isInteger(r) && r >= 1 ? r : this.rowNumber + 1;
      const ht = attr(node, 'ht');
      this.rowHidden =
        truthy(attr(node, 'hidden')) ||
        (ht !== undefined && Number(ht) === 0) ||
        (this.zeroHeight && !(truthy(attr(node, 'customHeight')) && ht !== undefined && Number(ht) > 0));
      this.rowCells = [];
      this.lastCol = -1;
    } else if (local === 'c') {
      const ref = parseRef(attr(node, 'r'));
      const col = ref ? ref.col : this.lastCol + 1;
      this.lastCol = col;
      const row = ref ? ref.row : Math.max(this.rowNumber, 1);
      this.type = attr(node, 't') ?? '';
      this.cell = this.visitor.open({ node, ref: `${columnLetters(col)}${row}`, col, row, rowHidden: this.rowHidden, type: this.type });
      this.v = '';
    } else if (this.cell && local === 'v') this.inV = true;
    else if (this.cell && local === 'is') this.inIs = true;
    else if (this.inIs) this.rich.open(local);
  }

  close(local: string): void {
    if (!this.inSheetData) return;
    if (local === 'sheetData') this.inSheetData = false;
    else if (local === 'row') {
      this.finishCell();
      this.flushRow();
    } else if (local === 'c') this.finishCell();
    else if (local === 'v') this.inV = false;
    else if (local === 'is') this.inIs = false;
    else if (this.inIs) this.rich.close(local);
  }

  text(t: string): void {
    if (this.inV) this.v += t;
    else if (this.inIs) this.rich.text(t);
  }

  /** Cells outside a row element (malformed but seen in the wild) were collected by the last open row. */
  end(): void {
    this.finishCell();
    this.flushRow();
  }

  private finishCell(): void {
    const cell = this.cell;
    if (!cell) return;
    const raw = this.v;
    if (this.visitor.close(cell, this.cellText(raw), raw)) this.rowCells.push(cell);
    this.cell = null;
    this.inV = false;
    this.inIs = false;
    this.v = '';
  }

  /** The cell's text by its type: the value stored, not as Excel formats it. */
  private cellText(raw: string): string {
    switch (this.type) {
      case 's': {
        const idx = sharedIndex(raw, this.shared);
        return idx === undefined ? '' : this.shared[idx]!;
      }
      case 'inlineStr':
        return this.rich.take() || unescapeXstring(raw);
      case 'str':
        return unescapeXstring(raw);
      case 'b':
        return raw.trim() === '1' || raw.trim() === 'true' ? 'TRUE' : raw.trim() === '' ? '' : 'FALSE';
      default: // numbers, 'e' (error values such as #N/A), 'd' (ISO dates)
        return raw.trim();
    }
  }

  private flushRow(): void {
    const cells = this.rowCells;
    this.rowCells = [];
    if (cells.length > 0) this.visitor.row(cells, this.rowHidden);
  }
}
function readSheet(
  pkg: Package,
  sheet: SheetEntry,
  part: string,
  shared: string[],
  out: TextBuilder,
  counter: Counter,
  warnings: string[],
): void {
  const bytes = pkg.get(part)!;
  const name = sheet.name;
  const sheetHidden: HiddenPlace | undefined = sheet.hidden ? 'hidden_sheet' : undefined;
  /** Set once a row with two or more columns has been written: from then on every row keeps at least one tab. */
  let tableStarted = false;
  const scientific: Scientific = { cells: [], count: 0 };
  const imprecise: Scientific = { cells: [], count: 0 };
  let badShared = 0;

  const walker: SheetWalker<SaxesTagPlain, CellOut> = new SheetWalker(attr, shared, {
    open: (c) => {
      counter.add();
      return { col: c.col, ref: c.ref, type: c.type, text: '' };
    },
    close: (cell, text, raw) => {
      if (cell.type === 's' && raw.trim() !== '' && sharedIndex(raw, shared) === undefined) badShared++;
      else if (cell.type === 'n' || cell.type === '') {
        const risk = numberRisk(text);
        if (risk) {
          const list = risk === 'scientific' ? scientific : imprecise;
          list.count++;
          if (list.cells.length < 10) list.cells.push(cell.ref);
        }
      }
      cell.text = flatten(text);
      return text.length > 0;
    },
    row: (cells, rowHidden) => {
      const rowPlace: HiddenPlace | undefined = sheetHidden ?? (rowHidden ? 'hidden_row' : undefined);
      let col = 0;
      let first = true;
      let width = 0;
      for (const c of cells) {
        // Tabs up to the cell's column, so columns line up under the header; out-of-order cells get one.
        const tabs = first ? c.col : Math.max(1, c.col - col);
        if (tabs > 0) out.separator('\t'.repeat(tabs), rowPlace);
        const place = rowPlace ?? (walker.hiddenCols[c.col] === 1 ? 'hidden_column' : undefined);
        out.source(c.text, name, c.ref, place);
        col = first ? c.col : Math.max(col + 1, c.col);
        width += tabs;
        first = false;
      }
      // A row of one cell has no tab and would end the table block: under a table, keep one.
      if (width === 0 && tableStarted) out.separator('\t', rowPlace);
      if (width > 0) tableStarted = true;
      out.separator('\n', sheetHidden);
    },
  });
  sax(bytes, part, `工作表“${name}”`, {
    open: (local, tag) => walker.open(local, tag),
    close: (local) => walker.close(local),
    text: (t) => walker.text(t),
  });
  walker.end();

  const note = (key: string, list: Scientific): void => {
    if (list.count > 0) warnings.push(`${key}:${name}!${list.cells.join(',')}${list.count > list.cells.length ? `…(${list.count})` : ''}`);
  };
  note('xlsx_scientific_number', scientific);
  note('xlsx_number_precision', imprecise);
  if (badShared > 0) warnings.push(`xlsx_bad_shared_string:${name}(${badShared})`);
}

// ---------------------------------------------------------------------------

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

export function sheetKind(type: string): SheetKind {
  if (/\/worksheet$/.test(type)) return 'worksheet';
  if (/\/chartsheet$/.test(type)) return 'chartsheet';
  if (/\/dialogsheet$/.test(type)) return 'dialogsheet';
  if (/\/xlMacrosheet$|\/macrosheet$/i.test(type)) return 'macrosheet';
  return 'unknown';
}

/** Whether a zip holds a workbook: what the dispatcher checks before calling {@link importXlsx}. */
export function isXlsxPackage(entryNames: Iterable<string>): boolean {
  for (const n of entryNames) if (n.toLowerCase() === 'xl/workbook.xml' || /^xl\/workbook\d*\.xml$/i.test(n)) return true;
  return false;
}

export interface XlsxOptions {
  /** Cap on cells (and on shared strings and comments); {@link MAX_XLSX_CELLS} unless set. */
  maxCells?: number;
}

export function importXlsx(bytes: Uint8Array, options: XlsxOptions = {}): ExtractedDocument {
  const maxCells = options.maxCells ?? MAX_XLSX_CELLS;
  if (startsWith(bytes, CFB_MAGIC)) {
    throw new AppError(
      'unsupported_format',
      '这是已加密（设置了打开密码）的 Excel 文件或旧版 .xls 文件；请在 Excel 或 WPS 中取消密码并另存为 .xlsx 后再导入',
      'encrypted Excel file or legacy .xls; remove the password and save as .xlsx',
    );
  }
  if (!startsWith(bytes, ZIP_MAGIC)) {
    throw new AppError('unsupported_format', '不是有效的 .xlsx 文件（不是 Office 压缩包）', 'not an .xlsx package');
  }
  // Only XML and relationship parts: images, embedded objects and VBA are never inflated.
  const names: string[] = [];
  const pkg = new Package(
    readZip(bytes, (name) => {
      names.push(name);
      return /\.(xml|rels)$/i.test(name);
    }),
  );

  const rootRels = pkg.rels('');
  let workbookPart = [...rootRels.values()].find((r) => REL_OFFICE_DOCUMENT.test(r.type))?.target;
  if (!workbookPart || !pkg.get(workbookPart)) workbookPart = 'xl/workbook.xml';
  const workbookBytes = pkg.get(workbookPart);
  if (!workbookBytes) {
    if (names.some((n) => /^xl\/workbook\.bin$/i.test(n))) {
      throw new AppError('unsupported_format', '这是 Excel 二进制工作簿（.xlsb），暂不支持；请另存为 .xlsx 后再导入', '.xlsb binary workbooks are not supported; save as .xlsx');
    }
    throw new AppError('unsupported_format', '压缩包中没有 Excel 工作簿（xl/workbook.xml），不是有效的 .xlsx 文件', 'no xl/workbook.xml: not a valid .xlsx');
  }

  const wbRels = pkg.rels(workbookPart);
  const sheets: SheetEntry[] = [];
  sax(workbookBytes, workbookPart, '工作簿', {
    open: (local, tag) => {
      if (local !== 'sheet') return;
      const state = attr(tag, 'state');
      const rel = wbRels.get(attr(tag, 'id') ?? '');
      sheets.push({
        name: attr(tag, 'name') ?? `Sheet${sheets.length + 1}`,
        hidden: state === 'hidden' || state === 'veryHidden',
        part: rel?.target,
        kind: rel ? sheetKind(rel.type) : 'unknown',
      });
    },
    close: () => {},
  });

  const sharedPart = [...wbRels.values()].find((r) => /\/sharedStrings$/.test(r.type))?.target ?? 'xl/sharedStrings.xml';
  const shared = readSharedStrings(pkg, sharedPart, maxCells);

  const out = new TextBuilder();
  const warnings: string[] = [];
  const counter = new Counter(maxCells);
  // Each part is read once: a crafted workbook can name one large part for thousands of sheets or comments.
  const sheetParts = new Set<string>();
  const commentParts = new Set<string>();
  let first = true;
  for (const sheet of sheets) {
    if (sheet.kind === 'chartsheet' || sheet.kind === 'dialogsheet') {
      warnings.push(`xlsx_sheet_skipped:${sheet.name}(${sheet.kind})`);
      continue;
    }
    const place: HiddenPlace | undefined = sheet.hidden ? 'hidden_sheet' : undefined;
    if (!first) out.separator('\n');
    first = false;
    out.separator(`【工作表：${flatten(sheet.name)}】\n`, place);
    if (!sheet.part || !pkg.get(sheet.part)) {
      warnings.push(`xlsx_sheet_missing:${sheet.name}`);
      continue;
    }
    if (sheetParts.has(partKey(sheet.part))) {
      throw new AppError(
        'bad_input',
        `工作簿中有多个工作表指向同一部件（${sheet.part}），文件结构异常；${RESAVE}`,
        `several sheets of the workbook share the part ${sheet.part}`,
      );
    }
    sheetParts.add(partKey(sheet.part));
    readSheet(pkg, sheet, sheet.part, shared, out, counter, warnings);
    // Comments come after the rows, one line each, so they never interrupt the table.
    for (const rel of pkg.rels(sheet.part).values()) {
      if (!/\/comments$/.test(rel.type) || commentParts.has(partKey(rel.target))) continue;
      commentParts.add(partKey(rel.target));
      for (const c of readComments(pkg, rel.target, maxCells)) {
        const text = flatten(c.text);
        if (text.trim().length === 0) continue;
        out.separator(`【批注 ${c.ref}】`, 'cell_comment', c.author);
        out.source(text, sheet.name, c.ref, 'cell_comment', c.author);
        out.separator('\n');
      }
    }
  }
  if (sheets.length === 0) warnings.push('xlsx_no_sheets');
  // Document properties (author, last editor, company, custom fields) after the sheets, as in DOCX.
  for (const part of names.filter(isPropertyPart).sort()) {
    const bytes = pkg.get(part);
    if (!bytes) continue;
    for (const { name, value } of readPropertyValues(part, bytes)) {
      if (!first) out.separator('\n');
      first = false;
      out.property(flatten(value), part, name);
    }
  }
  return { format: 'xlsx', text: out.pieces.join(''), segments: out.segments, warnings };
}
