import { XMLSerializer, type Document, type Element, type Node } from '@xmldom/xmldom';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { applyEdits, segmentEdits, type TextEdit } from '../../../shared/document/edits';
import { AppError } from '../../../shared/errors';
import {
  RichText,
  SheetWalker,
  attr as tagAttr,
  columnLetters,
  flatten,
  importXlsx,
  localName,
  parseRef,
  partKey,
  relsPartOf,
  resolveTarget,
  sharedIndex,
  sheetKind,
  unescapeXstring,
  type SheetKind,
  type WalkedCell,
} from '../importers/xlsx';
import { isPropertyPart, propertyPartKind, walkElements } from '../importers/wordml';
import { parseXml } from '../importers/xml';
import { readZip } from '../importers/zip';
import { allTextByDom, saxPartText } from './docx';
import { assertNoLeak } from './leak-check';
import { redactedValues, type RedactionPlan } from './plan';
import type { ExportOutput } from './txt';
import { writeZip } from './zip';

/*
 * Redacted XLSX. Cells are rewritten where they live (a redacted cell
 * becomes an inline string, its formula dropped); hidden sheets that held
 * redacted data are dropped, and hidden rows and columns that did are
 * emptied; comments, custom properties and the text of the document
 * properties are removed. Every entry is read within the zip limits and
 * written again in its place, those not edited with their bytes as they
 * were. The written package is then read back twice, by a different
 * path from the writer (saxes over every XML part, and the importer), and
 * the export refused if any redacted value, comment or custom property is
 * still there.
 */

// ---------------------------------------------------------------------------
// Vocabulary

const REL = {
  officeDocument: /\/officeDocument$/,
  sharedStrings: /\/sharedStrings$/,
  comments: /\/comments$/,
  threadedComment: /\/threadedComment$/,
  person: /\/person$/,
  vmlDrawing: /\/vmlDrawing$/,
  calcChain: /\/calcChain$/,
  core: /\/metadata\/core-properties$/,
  extended: /\/(extended-properties|extendedProperties)$/,
  custom: /\/(custom-properties|customProperties)$/,
  thumbnail: /\/metadata\/thumbnail$/,
} as const;

/** Content types of parts removed wherever they are, even when nothing relates to them. */
const DROPPED_CONTENT_TYPE = /spreadsheetml\.comments\+xml|threadedcomments\+xml|custom-properties\+xml|ms-excel\.person\+xml/i;

const SPREADSHEET_NAMESPACES = new Set(['http://schemas.openxmlformats.org/spreadsheetml/2006/main', 'http://purl.oclc.org/ooxml/spreadsheetml/main']);
const DCTERMS_NS = 'http://purl.org/dc/terms/';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/** Parts the redactor reads as XML (and may edit); every other entry is copied as it is. */
const XML_PART = /\.(xml|rels|vml)$/i;
/** Parts read back for the leak check: XML, and the odd plain-text part. */
const TEXT_PART = /\.(xml|rels|vml|txt|csv|html?|json)$/i;

/** Properties kept in `docProps/core.xml`: dates, which name nobody. */
const CORE_KEPT = new Set(['created', 'modified', 'lastPrinted']);
/** Extended properties removed: who, where, and `TitlesOfParts`, which lists every sheet name (dropped sheets too). */
const APP_REMOVED = new Set(['Company', 'Manager', 'HyperlinkBase', 'HeadingPairs', 'TitlesOfParts']);

function mismatch(where: string): AppError {
  return new AppError(
    'refused',
    `脱敏方案与工作簿内容对不上（${where}），已拒绝导出；请重新导入该文件后再审查`,
    `the redaction plan does not match the workbook (${where}); re-import the file and review it again`,
  );
}

// ---------------------------------------------------------------------------
// DOM helpers (the importer's, for saxes tags and cell references, are imported)

/** An attribute by local name, whatever its prefix, as the importer reads it: the bare name first. */
function attr(el: Element, local: string): string | undefined {
  const direct = el.getAttributeNode(local);
  if (direct) return direct.value;
  for (let i = 0; i < el.attributes.length; i++) {
    const a = el.attributes[i]!;
    if (a.name.endsWith(`:${local}`)) return a.value;
  }
  return undefined;
}

/** ST_Xstring for a value we write: a literal `_xHHHH_` is protected, and characters XML cannot carry (CR too, which parsers turn into LF) are escaped as Excel does. */
function escapeXstring(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/_(?=x[0-9A-Fa-f]{4}_)/g, '_x005F_').replace(/[\u0000-\u0008\u000b\u000c\u000d\u000e-\u001f\ufffe\uffff]/g, (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`);
}

/** A range such as `A1:C3` (or one cell), as 0-based columns and 1-based rows. */
function parseRange(ref: string | undefined): { c1: number; r1: number; c2: number; r2: number } | undefined {
  const [a, b] = (ref ?? '').split(':');
  const p = parseRef(a);
  const q = b === undefined ? p : parseRef(b);
  if (!p || !q) return undefined;
  return { c1: Math.min(p.col, q.col), r1: Math.min(p.row, q.row), c2: Math.max(p.col, q.col), r2: Math.max(p.row, q.row) };
}

/** Replays a DOM in document order as the importer's saxes stream sees it: opening and closing tags, text and CDATA. */
function replay(root: Element, h: { open(local: string, el: Element): void; close(local: string, el: Element): void; text(t: string): void }): void {
  const stack: { el: Element; next: Node | null }[] = [{ el: root, next: root.firstChild }];
  h.open(localName(root.nodeName), root);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    const node = frame.next;
    if (!node) {
      h.close(localName(frame.el.nodeName), frame.el);
      stack.pop();
      continue;
    }
    frame.next = node.nextSibling;
    if (node.nodeType === 1) {
      const el = node as Element;
      h.open(localName(el.nodeName), el);
      stack.push({ el, next: el.firstChild });
    } else if (node.nodeType === 3 || node.nodeType === 4) h.text(node.nodeValue ?? '');
  }
}

function childElements(el: Element, local?: string): Element[] {
  const out: Element[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === 1 && (local === undefined || localName(n.nodeName) === local)) out.push(n as Element);
  return out;
}

function elementsByLocal(root: Document | Element, local: string): Element[] {
  const out: Element[] = [];
  walkElements(root, (el) => {
    if (localName(el.nodeName) === local) out.push(el);
  });
  return out;
}

function detach(node: Node): void {
  node.parentNode?.removeChild(node);
}

/** A sibling element named like `like` (same namespace and prefix). */
function createLike(doc: Document, like: Element, local: string): Element {
  return doc.createElementNS(like.namespaceURI, like.prefix ? `${like.prefix}:${local}` : local);
}

// ---------------------------------------------------------------------------
// The package being edited

interface Rel {
  id: string;
  type: string;
  /** Resolved against the source part; empty for external targets. */
  target: string;
  external: boolean;
  el: Element;
}

class Package {
  private readonly byKey = new Map<string, string>();
  private readonly docs = new Map<string, Document>();
  private readonly dirty = new Set<string>();
  private readonly relsCache = new Map<string, Rel[]>();
  readonly removed = new Set<string>();

  /** `xml`: the XML parts by entry name; `names`: every entry. */
  constructor(
    readonly xml: ReadonlyMap<string, Uint8Array>,
    names: Iterable<string>,
  ) {
    for (const n of names) this.byKey.set(partKey(n), n);
  }

  /** The entry holding a part, unless removed. */
  entry(part: string): string | undefined {
    const name = this.byKey.get(partKey(part));
    return name !== undefined && !this.removed.has(name) ? name : undefined;
  }

  /** The entry of an XML part (what the importer could read). */
  xmlEntry(part: string): string | undefined {
    const name = this.entry(part);
    return name !== undefined && this.xml.has(name) ? name : undefined;
  }

  parsed(name: string): boolean {
    return this.docs.has(name);
  }

  doc(name: string): Document {
    let doc = this.docs.get(name);
    if (!doc) {
      doc = parseXml(this.xml.get(name)!, name);
      this.docs.set(name, doc);
    }
    return doc;
  }

  touch(name: string): void {
    this.dirty.add(name);
  }

  /** Removes an entry; its relationships part goes with it in `finish`. */
  remove(name: string): void {
    this.removed.add(name);
  }

  /** The entry of a part, removed or not. */
  anyEntry(part: string): string | undefined {
    return this.byKey.get(partKey(part));
  }

  /** Removes the relationships parts of removed parts. */
  finish(): void {
    for (const name of [...this.removed]) {
      const rels = this.byKey.get(partKey(relsPartOf(name)));
      if (rels !== undefined) this.removed.add(rels);
    }
  }

  /** The relationships of a part (`''`: the package); external ones included, marked. */
  rels(source: string): Rel[] {
    const relsName = this.byKey.get(partKey(relsPartOf(source)));
    if (relsName === undefined || !this.xml.has(relsName)) return [];
    let list = this.relsCache.get(relsName);
    if (!list) {
      list = [];
      for (const el of elementsByLocal(this.doc(relsName), 'Relationship')) {
        const id = attr(el, 'Id');
        const target = attr(el, 'Target');
        if (!id || !target) continue;
        const external = attr(el, 'TargetMode') === 'External';
        list.push({ id, type: attr(el, 'Type') ?? '', target: external ? '' : resolveTarget(source, target), external, el });
      }
      this.relsCache.set(relsName, list);
    }
    return list;
  }

  removeRel(source: string, rel: Rel): void {
    const relsName = this.byKey.get(partKey(relsPartOf(source)))!;
    detach(rel.el);
    this.touch(relsName);
    const list = this.relsCache.get(relsName)!;
    list.splice(list.indexOf(rel), 1);
  }

  /** The parts reachable from the package's relationships, through parts not removed. */
  reachable(): Set<string> {
    const seen = new Set<string>();
    const queue = [''];
    while (queue.length > 0) {
      const source = queue.pop()!;
      for (const r of this.rels(source)) {
        const name = r.external ? undefined : this.entry(r.target);
        if (name === undefined || seen.has(name)) continue;
        seen.add(name);
        queue.push(r.target);
      }
    }
    return seen;
  }

  /** The edited parts, serialised. */
  changed(): Map<string, Uint8Array> {
    const out = new Map<string, Uint8Array>();
    for (const name of this.dirty) if (!this.removed.has(name)) out.set(name, serialize(this.docs.get(name)!));
    return out;
  }
}

/**
 * xmldom writes a carriage return in text as it is, which the next parser
 * reads as a line feed: it is kept as a character reference instead.
 */
function serialize(doc: Document): Uint8Array {
  const crs: Node[] = [];
  walkElements(doc, (el) => {
    for (let c = el.firstChild; c; c = c.nextSibling) if (c.nodeType === 3 && (c.nodeValue ?? '').includes('\r')) crs.push(c);
  });
  if (crs.length === 0) return new TextEncoder().encode(new XMLSerializer().serializeToString(doc));
  let mark = '\ue000';
  const probe = new XMLSerializer().serializeToString(doc);
  while (probe.includes(mark)) mark = String.fromCharCode(mark.charCodeAt(0) + 1);
  for (const n of crs) n.nodeValue = (n.nodeValue ?? '').replace(/\r/g, mark);
  const xml = new XMLSerializer().serializeToString(doc).replaceAll(mark, '&#13;');
  for (const n of crs) n.nodeValue = (n.nodeValue ?? '').replaceAll(mark, '\r');
  return new TextEncoder().encode(xml);
}

// ---------------------------------------------------------------------------
// Sheets and cells

interface SheetEntry {
  el: Element;
  name: string;
  hidden: boolean;
  rid: string | undefined;
  /** The sheet's part as resolved from the workbook's relationships. */
  part: string | undefined;
  kind: SheetKind;
  sheetId: string | undefined;
}

/** A cell element (`node`) as the importer numbered it. */
interface CellRec extends WalkedCell<Element> {
  /** The cell's text as the importer read it, before line breaks were flattened. */
  text: string;
  /** Index into the shared-string table, for `t="s"` cells with a valid one. */
  shared?: number;
}

interface SheetCells {
  /** Every cell element, in document order. */
  all: CellRec[];
  /** The cells the importer turned into segments, in its order. */
  segmentCells: CellRec[];
  hiddenCols: Uint8Array;
}

/** Walks a sheet with the importer's walker, so the k-th segment of the sheet is the k-th cell here. */
function walkSheet(root: Element, shared: readonly string[]): SheetCells {
  const all: CellRec[] = [];
  const segmentCells: CellRec[] = [];
  const walker = new SheetWalker<Element, CellRec>(attr, shared, {
    open: (c) => {
      const cell: CellRec = { ...c, text: '' };
      all.push(cell);
      return cell;
    },
    close: (cell, text, raw) => {
      cell.text = text;
      if (cell.type === 's') cell.shared = sharedIndex(raw, shared);
      return text.length > 0;
    },
    row: (cells) => segmentCells.push(...cells),
  });
  replay(root, {
    open: (local, el) => walker.open(local, el),
    close: (local) => walker.close(local),
    text: (t) => walker.text(t),
  });
  walker.end();
  return { all, segmentCells, hiddenCols: walker.hiddenCols };
}

/** The shared strings as the importer reads them, with the `si` element behind each index. */
function readSharedStrings(root: Element): { strings: string[]; items: Element[] } {
  const strings: string[] = [];
  const items: Element[] = [];
  let inSi = false;
  const rich = new RichText();
  replay(root, {
    open(local) {
      if (local === 'si') inSi = true;
      else if (inSi) rich.open(local);
    },
    close(local, el) {
      if (local === 'si') {
        strings.push(rich.take());
        items.push(el);
        inSi = false;
      } else if (inSi) rich.close(local);
    },
    text(t) {
      if (inSi) rich.text(t);
    },
  });
  return { strings, items };
}

/** Shared-string indexes used by a sheet not parsed into a DOM, streamed. */
function sharedRefsStreamed(bytes: Uint8Array, part: string, add: (index: number) => void): void {
  const parser = new SaxesParser({ xmlns: false, position: false });
  let inShared = false;
  let inV = false;
  let v = '';
  parser.on('doctype', () => {
    throw new AppError('bad_input', `文件部件 ${part} 含有不允许的 DTD 声明，已拒绝`, `part ${part} contains a DTD; refused`);
  });
  parser.on('opentag', (tag) => {
    const local = localName(tag.name);
    if (local === 'c') {
      inShared = tagAttr(tag, 't') === 's';
      v = '';
    } else if (local === 'v' && inShared) inV = true;
  });
  parser.on('closetag', (tag) => {
    const local = localName(tag.name);
    if (local === 'v') inV = false;
    else if (local === 'c' && inShared) {
      const idx = Number.parseInt(v.trim(), 10);
      if (Number.isInteger(idx) && idx >= 0) add(idx);
      inShared = false;
    }
  });
  parser.on('text', (t) => {
    if (inV) v += t;
  });
  try {
    parser.write(new TextDecoder('utf-8').decode(bytes)).close();
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('bad_input', `文件部件 ${part} 的 XML 已损坏`, `part ${part} is malformed XML`);
  }
}

/** Sheet names a formula refers to (`Sheet1!A1`, `'名 单'!A1`, `Sheet1:Sheet3!A1`), lower-cased. */
function sheetsReferenced(formula: string): string[] {
  const out: string[] = [];
  const re = /'((?:[^']|'')+)'!|([^\s'"!(),;=+\-*/&^<>{}%[\]]+)!/g;
  for (let m = re.exec(formula); m; m = re.exec(formula)) {
    const names = m[1] !== undefined ? m[1].replace(/''/g, "'") : m[2]!;
    for (const n of names.replace(/^\[[^\]]*\]/, '').split(':')) out.push(n.toLowerCase());
  }
  return out;
}

// ---------------------------------------------------------------------------

/** Edits per cell segment, and the sheets any edit (cell or comment) touches. */
interface PlanEdits {
  edits: Map<number, TextEdit[]>;
  /** Segment indexes of the cells of each sheet, in order. */
  cellSegments: Map<string, number[]>;
  touched: Set<string>;
}

function planEdits(plan: RedactionPlan): PlanEdits {
  const edits = segmentEdits(plan.doc, plan.spans);
  const cellSegments = new Map<string, number[]>();
  const touched = new Set<string>();
  plan.doc.segments.forEach((seg, i) => {
    const loc = seg.location;
    if (loc.kind !== 'xlsx') return;
    if (edits.has(i)) touched.add(loc.sheet);
    if (seg.hidden === 'cell_comment') return;
    const list = cellSegments.get(loc.sheet) ?? [];
    list.push(i);
    cellSegments.set(loc.sheet, list);
  });
  return { edits, cellSegments, touched };
}

function listed(items: readonly string[], unit: string): string {
  return items.length <= 10 ? items.join('、') : `${items.slice(0, 10).join('、')} 等 ${items.length} ${unit}`;
}

class XlsxRedactor {
  readonly actions: string[] = [];
  private readonly pkg: Package;
  private readonly planned: PlanEdits;
  private workbookPart = 'xl/workbook.xml';
  private workbookName = '';
  private sheets: SheetEntry[] = [];
  private dropped: SheetEntry[] = [];
  /** Parts whose relationships were cut or that were removed: their own relationships are followed at the end. */
  private readonly orphans = new Set<string>();
  /** Parts an action already names (keys), so the clean-up does not name them again. */
  private readonly named = new Set<string>();
  private shared: { name: string; strings: string[]; items: Element[] } | undefined;
  /** Set when a cell using a shared string was rewritten or removed. */
  private sharedChanged = false;
  /** Set when a formula was removed: `calcChain.xml` would then list cells that no longer have one. */
  private formulasRemoved = false;
  /** Cleared hidden rows and columns per sheet, for the report of those kept. */
  private readonly clearedRows = new Map<string, Set<number>>();
  private readonly clearedCols = new Map<string, Set<number>>();

  constructor(
    private readonly plan: RedactionPlan,
    xml: ReadonlyMap<string, Uint8Array>,
    names: Iterable<string>,
  ) {
    this.pkg = new Package(xml, names);
    this.planned = planEdits(plan);
  }

  /** Runs every step; returns the serialised parts that changed and the entries removed. */
  run(): { changed: Map<string, Uint8Array>; removed: ReadonlySet<string> } {
    this.readWorkbook();
    this.dropHiddenSheets();
    for (const sheet of this.sheets) this.editSheet(sheet);
    this.removeComments();
    this.reportKeptHidden();
    this.cleanSharedStrings();
    this.clearProperties();
    this.dropByContentType();
    if (this.formulasRemoved) {
      for (const part of this.cutWorkbookRels(REL.calcChain)) this.say(`删除计算链 ${part}（Excel 打开时会重建）`, part);
    }
    this.collectOrphans();
    this.pkg.finish();
    this.fixContentTypes();
    return { changed: this.pkg.changed(), removed: this.pkg.removed };
  }

  private say(action: string, ...parts: string[]): void {
    this.actions.push(action);
    for (const p of parts) this.named.add(partKey(p));
  }

  /** Removes a part now (its relationships are followed at the end). */
  private drop(part: string): void {
    const name = this.pkg.entry(part);
    if (name === undefined) return;
    this.pkg.remove(name);
    this.orphans.add(name);
  }

  // -- workbook --------------------------------------------------------------

  private readWorkbook(): void {
    const pkg = this.pkg;
    const main = pkg.rels('').find((r) => !r.external && REL.officeDocument.test(r.type))?.target;
    if (main && pkg.xmlEntry(main)) this.workbookPart = main;
    const name = pkg.xmlEntry(this.workbookPart);
    if (name === undefined) throw new AppError('unsupported_format', '压缩包中没有 Excel 工作簿（xl/workbook.xml），无法导出', 'no workbook part: not a valid .xlsx');
    this.workbookName = name;
    const rels = new Map(pkg.rels(this.workbookPart).map((r) => [r.id, r]));
    for (const el of elementsByLocal(pkg.doc(name), 'sheet')) {
      const state = attr(el, 'state');
      const rid = attr(el, 'id');
      const rel = rid === undefined ? undefined : rels.get(rid);
      this.sheets.push({
        el,
        name: attr(el, 'name') ?? `Sheet${this.sheets.length + 1}`,
        hidden: state === 'hidden' || state === 'veryHidden',
        rid,
        part: rel && !rel.external ? rel.target : undefined,
        kind: rel ? sheetKind(rel.type) : 'unknown',
        sheetId: attr(el, 'sheetId'),
      });
    }
  }

  /** Hidden sheets that held redacted data go whole: nobody checking the visible copy would see what stayed in them. */
  private dropHiddenSheets(): void {
    const drop = this.sheets.filter((s) => s.hidden && this.planned.touched.has(s.name));
    if (drop.length === 0) return;
    if (drop.length === this.sheets.length) {
      // A workbook must keep a sheet: these are redacted in place instead.
      for (const s of drop) this.say(`保留隐藏工作表“${s.name}”：工作簿不能没有工作表，已就地脱敏`);
      return;
    }
    const pkg = this.pkg;
    const wb = pkg.doc(this.workbookName);
    const before = this.sheets;
    const keep = before.filter((s) => !drop.includes(s));
    const firstVisible = Math.max(0, keep.findIndex((s) => !s.hidden));
    for (const s of drop) {
      detach(s.el);
      const rel = pkg.rels(this.workbookPart).find((r) => r.id === s.rid);
      if (rel && !keep.some((k) => k.rid === s.rid)) {
        pkg.removeRel(this.workbookPart, rel);
        if (!rel.external) this.orphans.add(rel.target);
      }
      this.say(`删除隐藏工作表“${s.name}”`, ...(s.part === undefined ? [] : [s.part]));
    }
    // Names scoped to a dropped sheet, or referring to one, would point nowhere; the others follow their sheet's new index.
    const names = new Set(drop.map((s) => s.name.toLowerCase()));
    for (const dn of elementsByLocal(wb, 'definedName')) {
      const scope = dn.getAttributeNode('localSheetId');
      const owner = scope && /^\d+$/.test(scope.value) ? before[Number(scope.value)] : undefined;
      if ((owner && drop.includes(owner)) || sheetsReferenced(dn.textContent ?? '').some((n) => names.has(n))) {
        detach(dn);
        this.say(`删除名称“${attr(dn, 'name') ?? ''}”：它引用已删除的工作表`);
      } else if (scope && owner) scope.value = String(keep.indexOf(owner));
    }
    for (const dns of elementsByLocal(wb, 'definedNames')) if (childElements(dns).length === 0) detach(dns);
    for (const view of elementsByLocal(wb, 'workbookView')) {
      for (const key of ['activeTab', 'firstSheet']) {
        const a = view.getAttributeNode(key);
        if (!a) continue;
        const s = /^\d+$/.test(a.value) ? before[Number(a.value)] : undefined;
        a.value = String(s && !drop.includes(s) ? keep.indexOf(s) : firstVisible);
      }
    }
    const droppedIds = new Set(drop.map((s) => s.sheetId));
    const fallbackId = keep[firstVisible]?.sheetId;
    for (const view of elementsByLocal(wb, 'customWorkbookView')) {
      const a = view.getAttributeNode('activeSheetId');
      if (a && droppedIds.has(a.value) && fallbackId !== undefined) a.value = fallbackId;
    }
    pkg.touch(this.workbookName);
    this.sheets = keep;
    this.dropped = drop;
    // calcChain.xml lists the dropped sheets' formulas.
    this.formulasRemoved = true;
  }

  /** Cuts the workbook's relationships of a type; returns the parts they led to. */
  private cutWorkbookRels(type: RegExp): string[] {
    const out: string[] = [];
    for (const rel of [...this.pkg.rels(this.workbookPart)]) {
      if (!type.test(rel.type)) continue;
      this.pkg.removeRel(this.workbookPart, rel);
      if (rel.external) continue;
      this.orphans.add(rel.target);
      if (this.pkg.entry(rel.target) !== undefined) out.push(rel.target);
    }
    return out;
  }

  // -- sheets ----------------------------------------------------------------

  private sharedStrings(): { name: string; strings: string[]; items: Element[] } | undefined {
    if (this.shared) return this.shared;
    const rel = this.pkg.rels(this.workbookPart).find((r) => !r.external && REL.sharedStrings.test(r.type));
    const name = this.pkg.xmlEntry(rel?.target ?? 'xl/sharedStrings.xml');
    if (name === undefined) return undefined;
    this.shared = { name, ...readSharedStrings(this.pkg.doc(name).documentElement!) };
    return this.shared;
  }

  /** The segments of a sheet's cells, or undefined when the plan cannot say which cells they are. */
  private segmentsOf(sheet: SheetEntry): number[] | undefined {
    const twins = [...this.sheets, ...this.dropped].filter((s) => s.name === sheet.name).length;
    if (twins > 1) {
      // Excel forbids two sheets of one name; the importer's locations cannot tell them apart.
      if (this.planned.touched.has(sheet.name)) throw mismatch(`有多个工作表名为“${sheet.name}”`);
      return undefined;
    }
    return this.planned.cellSegments.get(sheet.name) ?? [];
  }

  private editSheet(sheet: SheetEntry): void {
    if (sheet.kind === 'chartsheet' || sheet.kind === 'dialogsheet' || sheet.part === undefined) return;
    const pkg = this.pkg;
    const name = pkg.xmlEntry(sheet.part);
    if (name === undefined) return;
    const hasEdits = (this.planned.cellSegments.get(sheet.name) ?? []).some((i) => this.planned.edits.has(i));
    const mayReferDropped = this.dropped.length > 0 && this.mentionsDropped(pkg.xml.get(name)!);
    if (!hasEdits && !mayReferDropped) return;
    const doc = pkg.doc(name);
    const root = doc.documentElement!;
    const formulas = new SheetFormulas(root, () => {
      this.formulasRemoved = true;
    });
    let changed = false;
    if (hasEdits) changed = this.redactCells(sheet, doc, root, formulas);
    if (mayReferDropped) changed = this.dropReferences(sheet, root, formulas) || changed;
    if (changed) pkg.touch(name);
  }

  /** A cheap test before parsing a sheet: does its text name a dropped sheet at all? */
  private mentionsDropped(bytes: Uint8Array): boolean {
    const text = new TextDecoder('utf-8').decode(bytes);
    if (!/<(\w+:)?f[\s>]|formula/.test(text)) return false;
    const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    return this.dropped.some((s) =>
      [s.name, s.name.replace(/'/g, "''")].some((f) => {
        const e = esc(f);
        return text.includes(f) || text.includes(e) || text.includes(e.replace(/'/g, '&apos;')) || text.includes(e.replace(/'/g, '&#39;'));
      }),
    );
  }

  private redactCells(sheet: SheetEntry, doc: Document, root: Element, formulas: SheetFormulas): boolean {
    const segs = this.segmentsOf(sheet);
    if (!segs) return false;
    const { all, segmentCells, hiddenCols } = walkSheet(root, this.sharedStrings()?.strings ?? []);
    if (segmentCells.length !== segs.length) throw mismatch(`工作表“${sheet.name}”的单元格数`);
    const plan = this.plan.doc;
    const redact: { cell: CellRec; value: string }[] = [];
    segmentCells.forEach((cell, k) => {
      const seg = plan.segments[segs[k]!]!;
      const loc = seg.location;
      // The plan was made on this file's text: any difference means it was not.
      if (loc.kind !== 'xlsx' || loc.cell !== cell.ref || plan.text.slice(seg.start, seg.end) !== flatten(cell.text)) {
        throw mismatch(`工作表“${sheet.name}”${cell.ref} 单元格`);
      }
      const list = this.planned.edits.get(segs[k]!);
      if (list) redact.push({ cell, value: applyEdits(cell.text, list, loc.offset) });
    });
    if (redact.length === 0) return false;

    // Hidden rows and columns that held redacted data are emptied whole: the rest of a hidden record is as unreviewed as the redacted part.
    const rows = new Set<number>();
    const cols = new Set<number>();
    for (const { cell } of redact) {
      if (cell.rowHidden) rows.add(cell.row);
      if (hiddenCols[cell.col] === 1) cols.add(cell.col);
    }
    const removed = new Set<Element>();
    for (const cell of all) {
      if (!rows.has(cell.row) && !cols.has(cell.col)) continue;
      formulas.drop(cell.node);
      if (cell.shared !== undefined) this.sharedChanged = true;
      detach(cell.node);
      removed.add(cell.node);
    }
    if (rows.size > 0) this.say(`清空工作表“${sheet.name}”的隐藏行 ${listed([...rows].sort((a, b) => a - b).map(String), '行')}`);
    if (cols.size > 0) this.say(`清空工作表“${sheet.name}”的隐藏列 ${listed([...cols].sort((a, b) => a - b).map(columnLetters), '列')}`);
    this.clearedRows.set(sheet.name, rows);
    this.clearedCols.set(sheet.name, cols);

    this.dropHyperlinks(sheet, root, [...redact.map((r) => r.cell), ...all.filter((c) => removed.has(c.node))]);

    const formulaCells: string[] = [];
    for (const { cell, value } of redact) {
      if (removed.has(cell.node)) continue;
      // A formula could compute the secret again: the cell keeps only its redacted value.
      if (formulas.drop(cell.node)) formulaCells.push(cell.ref);
      formulas.dropArrayOver(cell.col, cell.row);
      if (cell.shared !== undefined) this.sharedChanged = true;
      writeInlineString(doc, cell.node, value);
    }
    if (formulaCells.length > 0) this.say(`删除工作表“${sheet.name}”${listed(formulaCells, '个')} 单元格的公式，只保留脱敏后的值`);
    return true;
  }

  /** A hyperlink on a redacted cell names what the cell named (`mailto:`, a personal page): it goes with the value. */
  private dropHyperlinks(sheet: SheetEntry, root: Element, cells: readonly CellRec[]): void {
    const links = elementsByLocal(root, 'hyperlink');
    const dropped: string[] = [];
    for (const link of links) {
      const r = parseRange(attr(link, 'ref'));
      if (!r || !cells.some((c) => c.col >= r.c1 && c.col <= r.c2 && c.row >= r.r1 && c.row <= r.r2)) continue;
      const parent = link.parentNode as Element | null;
      detach(link);
      if (parent && childElements(parent).length === 0) detach(parent);
      dropped.push(attr(link, 'ref')!);
      const rid = attr(link, 'id');
      const rel = rid === undefined ? undefined : this.pkg.rels(sheet.part!).find((x) => x.id === rid);
      if (rel && !links.some((l) => l.parentNode && attr(l, 'id') === rid)) {
        this.pkg.removeRel(sheet.part!, rel);
        if (!rel.external) this.orphans.add(rel.target);
      }
    }
    if (dropped.length > 0) this.say(`删除工作表“${sheet.name}”${listed(dropped, '处')} 单元格的超链接`);
  }

  /** Formulas, validations and conditional formats of a kept sheet that refer to a dropped one: Excel would have to repair them. */
  private dropReferences(sheet: SheetEntry, root: Element, formulas: SheetFormulas): boolean {
    const names = new Set(this.dropped.map((s) => s.name.toLowerCase()));
    const cells: Element[] = [];
    const rules = new Set<Element>();
    walkElements(root, (el) => {
      const local = localName(el.nodeName);
      if (local !== 'f' && local !== 'formula' && local !== 'formula1' && local !== 'formula2') return;
      if (!sheetsReferenced(el.textContent ?? '').some((n) => names.has(n))) return;
      const parent = el.parentNode as Element | null;
      if (local === 'f' && parent && localName(parent.nodeName) === 'c') {
        cells.push(parent);
        return;
      }
      for (let p = parent; p && p.nodeType === 1; p = p.parentNode as Element | null) {
        const pl = localName(p.nodeName);
        if (pl === 'dataValidation' || pl === 'cfRule' || pl === 'sparkline') {
          rules.add(p);
          break;
        }
      }
    });
    for (const c of cells) formulas.drop(c);
    for (const r of rules) removeRule(r);
    if (cells.length > 0) this.say(`工作表“${sheet.name}”中 ${cells.length} 个引用已删除工作表的公式改为其值`);
    if (rules.size > 0) this.say(`删除工作表“${sheet.name}”中 ${rules.size} 条引用已删除工作表的数据验证或条件格式`);
    return cells.length > 0 || rules.size > 0;
  }

  // -- comments --------------------------------------------------------------

  /** Comments are hidden text: every comments part goes, with its VML shapes, threaded comments and the list of their authors. */
  private removeComments(): void {
    const pkg = this.pkg;
    for (const sheet of this.sheets) {
      if (sheet.part === undefined || pkg.entry(sheet.part) === undefined) continue;
      const comments = pkg.rels(sheet.part).filter((r) => REL.comments.test(r.type) || REL.threadedComment.test(r.type));
      if (comments.length === 0) continue;
      for (const rel of comments) {
        pkg.removeRel(sheet.part, rel);
        if (rel.external) continue;
        this.orphans.add(rel.target);
        if (pkg.entry(rel.target) !== undefined) this.say(`删除${REL.threadedComment.test(rel.type) ? '会话批注' : '批注'} ${rel.target}`, rel.target);
      }
      const name = pkg.xmlEntry(sheet.part);
      if (name === undefined) continue;
      const doc = pkg.doc(name);
      for (const legacy of elementsByLocal(doc, 'legacyDrawing')) {
        const rel = pkg.rels(sheet.part).find((r) => r.id === attr(legacy, 'id') && REL.vmlDrawing.test(r.type));
        if (!rel || rel.external) continue;
        if (this.stripNotes(rel.target)) {
          detach(legacy);
          pkg.removeRel(sheet.part, rel);
          this.orphans.add(rel.target);
          pkg.touch(name);
          this.say(`删除批注图形 ${rel.target}`, rel.target);
        } else this.say(`删除批注图形（保留同一绘图中的控件） ${rel.target}`);
      }
    }
    for (const p of this.cutWorkbookRels(REL.person)) this.say(`删除批注人名单 ${p}`, p);
  }

  /** Removes the comment shapes of a VML drawing; true when nothing else is left in it (or it cannot be read), so it goes whole. */
  private stripNotes(part: string): boolean {
    const name = this.pkg.xmlEntry(part);
    if (name === undefined) return true;
    let doc: Document;
    try {
      doc = this.pkg.doc(name);
    } catch (err) {
      if (err instanceof AppError) return true;
      throw err;
    }
    const notes: Element[] = [];
    let others = 0;
    for (const shape of elementsByLocal(doc, 'shape')) {
      if (elementsByLocal(shape, 'ClientData').some((cd) => attr(cd, 'ObjectType') === 'Note')) notes.push(shape);
      else others++;
    }
    if (others === 0) return true;
    for (const shape of notes) detach(shape);
    if (notes.length > 0) this.pkg.touch(name);
    return false;
  }

  // -- report ----------------------------------------------------------------

  /** Hidden sheets, rows and columns that stay say why: nothing in them was redacted. */
  private reportKeptHidden(): void {
    const why = '其中没有被脱敏的内容';
    for (const s of this.sheets) if (s.hidden && !this.planned.touched.has(s.name)) this.say(`保留隐藏工作表“${s.name}”：${why}`);
    const rows = new Map<string, Set<number>>();
    const cols = new Map<string, Set<number>>();
    const kept = new Set(this.sheets.map((s) => s.name));
    for (const seg of this.plan.doc.segments) {
      const loc = seg.location;
      const ref = loc.kind === 'xlsx' && kept.has(loc.sheet) ? parseRef(loc.cell) : undefined;
      if (!ref || loc.kind !== 'xlsx') continue;
      if (seg.hidden === 'hidden_row' && !this.clearedRows.get(loc.sheet)?.has(ref.row)) {
        rows.set(loc.sheet, (rows.get(loc.sheet) ?? new Set()).add(ref.row));
      } else if (seg.hidden === 'hidden_column' && !this.clearedCols.get(loc.sheet)?.has(ref.col)) {
        cols.set(loc.sheet, (cols.get(loc.sheet) ?? new Set()).add(ref.col));
      }
    }
    for (const [sheet, set] of rows) this.say(`保留工作表“${sheet}”的隐藏行 ${listed([...set].sort((a, b) => a - b).map(String), '行')}：${why}`);
    for (const [sheet, set] of cols) this.say(`保留工作表“${sheet}”的隐藏列 ${listed([...set].sort((a, b) => a - b).map(columnLetters), '列')}：${why}`);
  }

  // -- shared strings --------------------------------------------------------

  /**
   * Redacted cells were written as inline strings, so a string shared with
   * other cells stays for them; a string no cell uses any more (the
   * redacted value itself, the cells of dropped sheets and cleared rows) is
   * emptied in place, which keeps every other index as it was.
   */
  private cleanSharedStrings(): void {
    if (!this.sharedChanged && this.dropped.length === 0) return;
    const shared = this.sharedStrings();
    if (!shared) return;
    const pkg = this.pkg;
    const used = new Set<number>();
    let refs = 0;
    const add = (i: number): void => {
      used.add(i);
      refs++;
    };
    // Every part the workbook relates as a sheet, whatever the importer made of it: a string still in use must never be emptied.
    const parts = new Set<string>();
    for (const s of this.sheets) if (s.part !== undefined) parts.add(s.part);
    for (const r of pkg.rels(this.workbookPart)) if (!r.external && /sheet$/i.test(r.type)) parts.add(r.target);
    const seen = new Set<string>();
    for (const part of parts) {
      const name = pkg.xmlEntry(part);
      if (name === undefined || seen.has(name) || name === shared.name) continue;
      seen.add(name);
      if (pkg.parsed(name)) {
        for (const c of elementsByLocal(pkg.doc(name), 'c')) {
          if (attr(c, 't') !== 's') continue;
          const idx = Number.parseInt((childElements(c, 'v')[0]?.textContent ?? '').trim(), 10);
          if (Number.isInteger(idx) && idx >= 0) add(idx);
        }
      } else sharedRefsStreamed(pkg.xml.get(name)!, name, add);
    }
    const doc = pkg.doc(shared.name);
    let emptied = 0;
    shared.items.forEach((si, i) => {
      if (used.has(i) || (shared.strings[i] === '' && childElements(si).length <= 1)) return;
      while (si.firstChild) si.removeChild(si.firstChild);
      si.appendChild(createLike(doc, si, 't'));
      emptied++;
    });
    const count = doc.documentElement!.getAttributeNode('count');
    if (count) count.value = String(refs);
    pkg.touch(shared.name);
    if (emptied > 0) this.say(`清空共享字符串表中不再使用的 ${emptied} 项`);
  }

  // -- properties ------------------------------------------------------------

  /** Who wrote the workbook, for whom, about what: core properties keep only dates, app properties lose names, custom properties go. */
  private clearProperties(): void {
    const pkg = this.pkg;
    const parts = new Set<string>();
    const custom = new Set<string>();
    for (const rel of [...pkg.rels('')]) {
      if (rel.external) continue;
      if (REL.custom.test(rel.type)) {
        pkg.removeRel('', rel);
        const name = pkg.entry(rel.target);
        if (name !== undefined) custom.add(name);
      }
      if (REL.thumbnail.test(rel.type)) {
        // A picture of the first sheet, as it was.
        pkg.removeRel('', rel);
        this.orphans.add(rel.target);
        if (pkg.entry(rel.target) !== undefined) this.say(`删除缩略图 ${rel.target}`, rel.target);
        continue;
      }
      if (REL.custom.test(rel.type) || REL.core.test(rel.type) || REL.extended.test(rel.type)) {
        const name = pkg.entry(rel.target);
        if (name !== undefined) parts.add(name);
      }
    }
    for (const name of pkg.xml.keys()) if (isPropertyPart(name) && !pkg.removed.has(name)) parts.add(name);
    for (const name of parts) {
      const root = pkg.xml.has(name) ? pkg.doc(name).documentElement : null;
      const kind = root ? propertyPartKind(root.namespaceURI ?? '', root.localName ?? '') : undefined;
      if (!root || !kind) {
        // Related as custom properties but not readable as such: it goes all the same.
        if (custom.has(name)) this.orphans.add(name);
        continue;
      }
      if (kind === 'custom') {
        this.drop(name);
        this.say(`删除自定义文档属性 ${name}`, name);
        continue;
      }
      let changed = false;
      for (let n = root.firstChild; n; ) {
        const next = n.nextSibling;
        if (!keepProperty(kind, n)) {
          root.removeChild(n);
          changed = true;
        }
        n = next;
      }
      if (changed) {
        pkg.touch(name);
        this.say(`清除文档属性 ${name}`, name);
      }
    }
  }

  // -- package ---------------------------------------------------------------

  /** Comments, threaded comments, their authors and custom properties that no relationship leads to go too. */
  private dropByContentType(): void {
    const name = this.pkg.xmlEntry('[Content_Types].xml');
    if (name === undefined) return;
    for (const o of elementsByLocal(this.pkg.doc(name), 'Override')) {
      if (!DROPPED_CONTENT_TYPE.test(attr(o, 'ContentType') ?? '')) continue;
      const part = this.pkg.entry(decodePartName(attr(o, 'PartName') ?? ''));
      if (part === undefined) continue;
      this.drop(part);
      if (!this.named.has(partKey(part))) this.say(`删除部件 ${part}`, part);
    }
  }

  /** Parts only the cut relationships led to (a dropped sheet's drawings, a comment's VML, their images) go too. */
  private collectOrphans(): void {
    const pkg = this.pkg;
    const reachable = pkg.reachable();
    const queue = [...this.orphans];
    const visited = new Set<string>();
    while (queue.length > 0) {
      const part = queue.pop()!;
      const name = pkg.anyEntry(part);
      if (name === undefined || visited.has(name) || reachable.has(name)) continue;
      visited.add(name);
      for (const r of pkg.rels(part)) if (!r.external) queue.push(r.target);
      pkg.remove(name);
      if (!this.named.has(partKey(name))) this.say(`删除随之不再使用的部件 ${name}`, name);
    }
  }

  private fixContentTypes(): void {
    const name = this.pkg.xmlEntry('[Content_Types].xml');
    if (name === undefined) return;
    const removed = new Set([...this.pkg.removed].map(partKey));
    let changed = false;
    for (const o of elementsByLocal(this.pkg.doc(name), 'Override')) {
      if (!removed.has(partKey(decodePartName(attr(o, 'PartName') ?? '')))) continue;
      detach(o);
      changed = true;
    }
    if (changed) this.pkg.touch(name);
  }
}

/** Whether a child of a property part's root stays: in core properties only the dates, in app properties all but names. */
function keepProperty(kind: 'core' | 'app', n: Node): boolean {
  if (n.nodeType === 3) return !(n.nodeValue ?? '').trim();
  if (n.nodeType !== 1) return false; // comments, processing instructions
  const el = n as Element;
  const local = el.localName ?? '';
  if (kind === 'core') return CORE_KEPT.has(local) && (el.namespaceURI === DCTERMS_NS || local === 'lastPrinted');
  return !APP_REMOVED.has(local);
}

function decodePartName(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

/** Removes a data-validation, conditional-format or sparkline rule, and the containers it leaves empty. */
function removeRule(rule: Element): void {
  let el: Element | null = rule;
  while (el) {
    const parent = el.parentNode as Element | null;
    detach(el);
    if (!parent || parent.nodeType !== 1) return;
    const local = localName(parent.nodeName);
    const rest = childElements(parent).filter((c) => localName(c.nodeName) !== 'sqref');
    if (local === 'dataValidations' && rest.length > 0) {
      const count = parent.getAttributeNode('count');
      if (count) count.value = String(rest.length);
      return;
    }
    const container = ['conditionalFormatting', 'dataValidations', 'sparklines', 'sparklineGroup', 'sparklineGroups', 'ext'].includes(local);
    if (!container || rest.length > 0) return;
    el = parent;
  }
}

/** The formulas of one sheet, for removing them without breaking the shared and array formulas others depend on. */
class SheetFormulas {
  private sharedBySi: Map<string, Element[]> | undefined;
  private arrays: { cell: Element; range: NonNullable<ReturnType<typeof parseRange>> }[] | undefined;

  constructor(
    private readonly root: Element,
    private readonly onRemoved: () => void,
  ) {}

  private index(): void {
    if (this.sharedBySi) return;
    this.sharedBySi = new Map();
    this.arrays = [];
    for (const f of elementsByLocal(this.root, 'f')) {
      const cell = f.parentNode as Element | null;
      if (!cell || localName(cell.nodeName) !== 'c') continue;
      const t = attr(f, 't');
      const si = attr(f, 'si');
      if (t === 'shared' && si !== undefined) this.sharedBySi.set(si, [...(this.sharedBySi.get(si) ?? []), f]);
      const range = parseRange(attr(f, 'ref'));
      if ((t === 'array' || t === 'dataTable') && range) this.arrays.push({ cell, range });
    }
  }

  /**
   * Removes a cell's formula, keeping its cached value. The master of a
   * shared formula takes its followers' formulas with it (they only say
   * "as the master"); each cell keeps the value it showed.
   */
  drop(cell: Element): boolean {
    const f = childElements(cell, 'f')[0];
    if (!f) return false;
    this.index();
    const si = attr(f, 'si');
    const group = attr(f, 't') === 'shared' && attr(f, 'ref') !== undefined && si !== undefined ? (this.sharedBySi!.get(si) ?? [f]) : [f];
    for (const g of group) {
      const c = g.parentNode as Element | null;
      detach(g);
      if (c) constantCell(c);
    }
    this.onRemoved();
    return true;
  }

  /** An array formula spilling over a redacted cell would write the value back: it goes. */
  dropArrayOver(col: number, row: number): void {
    this.index();
    for (const a of this.arrays!) {
      const r = a.range;
      if (col >= r.c1 && col <= r.c2 && row >= r.r1 && row <= r.r2 && a.cell.parentNode) this.drop(a.cell);
    }
  }
}

/** A cell that lost its formula: `t="str"` (a formula's string) becomes an inline string, and formula metadata goes. */
function constantCell(cell: Element): void {
  for (const name of ['cm']) {
    const a = cell.getAttributeNode(name);
    if (a) cell.removeAttributeNode(a);
  }
  if (attr(cell, 't') !== 'str') return;
  const v = childElements(cell, 'v')[0];
  writeInlineString(cell.ownerDocument!, cell, unescapeXstring(v?.textContent ?? ''));
}

/** Writes `value` as the cell's inline string; an empty value leaves an empty (styled) cell. */
function writeInlineString(doc: Document, cell: Element, value: string): void {
  for (const child of childElements(cell)) if (['f', 'v', 'is'].includes(localName(child.nodeName))) detach(child);
  for (let i = cell.attributes.length - 1; i >= 0; i--) {
    const a = cell.attributes[i]!;
    // Type, value and cell metadata described the old value.
    if (['t', 'vm', 'cm'].includes(localName(a.name)) && !a.name.startsWith('xmlns')) cell.removeAttributeNode(a);
  }
  if (value === '') return;
  cell.setAttribute('t', 'inlineStr');
  const is = createLike(doc, cell, 'is');
  const t = createLike(doc, cell, 't');
  t.setAttributeNS(XML_NS, 'xml:space', 'preserve');
  t.appendChild(doc.createTextNode(escapeXstring(value)));
  is.appendChild(t);
  // CT_Cell: f, v, is, then extLst.
  cell.insertBefore(is, childElements(cell, 'extLst')[0] ?? null);
}

// ---------------------------------------------------------------------------
// Reading back

interface ReadBack {
  text: string;
  /** Why the part must not be in the export, if it must not. */
  forbidden?: string;
}

/** Why an opening tag (at `depth`; 0: the root) makes its part unfit for the export: a comments or custom-properties part, or a relationship to one. */
function forbiddenTag(tag: SaxesTagPlain, depth: number): string | undefined {
  const local = localName(tag.name);
  if (local === 'Relationship') {
    const type = tag.attributes['Type'] ?? '';
    if (REL.comments.test(type) || REL.threadedComment.test(type)) return '批注关系';
    if (REL.custom.test(type)) return '自定义文档属性关系';
  }
  if (depth !== 0) return undefined;
  const prefix = tag.name.includes(':') ? tag.name.slice(0, tag.name.indexOf(':')) : '';
  const ns = tag.attributes[prefix ? `xmlns:${prefix}` : 'xmlns'] ?? '';
  if (local === 'comments' && SPREADSHEET_NAMESPACES.has(ns)) return '批注';
  if (local === 'ThreadedComments') return '会话批注';
  if (propertyPartKind(ns, local) === 'custom') return '自定义文档属性';
  return undefined;
}

/**
 * The text of a part as the DOCX leak check reads it (saxes, a different
 * path from the xmldom trees the edits were made in), and whether saxes saw a
 * forbidden part or relationship. Not XML at all (old VML can be loose), or
 * not an XML part: its raw text is searched instead.
 */
function readBackPart(bytes: Uint8Array, part: string): ReadBack {
  if (!XML_PART.test(part)) return { text: new TextDecoder('utf-8').decode(bytes) };
  let forbidden: string | undefined;
  const text = saxPartText(bytes, part, (tag, depth) => {
    forbidden = forbiddenTag(tag, depth) ?? forbidden;
  });
  if (text !== undefined) return { text, forbidden };
  try {
    return { text: allTextByDom(bytes, part) };
  } catch (err) {
    if (err instanceof AppError && err.code === 'bad_input' && !/DTD/.test(err.messageEn)) return { text: new TextDecoder('utf-8').decode(bytes) };
    throw err;
  }
}

const REIMPORTED = '重新导入的表格文本';

/** Reads the written package back and refuses it if a redacted value, a comment or a custom property survived. */
function checkWritten(plan: RedactionPlan, bytes: Uint8Array): string[] {
  const haystacks = new Map<string, string>();
  for (const [name, data] of readZip(bytes, (n) => TEXT_PART.test(n))) {
    const read = readBackPart(data, name);
    if (read.forbidden) {
      throw new AppError(
        'refused',
        `导出文件中仍有${read.forbidden}（${name}），已拒绝写出`,
        `the export still holds comments or custom properties ("${name}"); nothing was written`,
      );
    }
    haystacks.set(name, read.text);
  }
  const again = importXlsx(bytes);
  if (again.segments.some((s) => s.hidden === 'cell_comment')) {
    throw new AppError('refused', '导出文件中仍有批注，已拒绝写出', 'the export still holds comments; nothing was written');
  }
  // One piece per cell, kept apart by a character the normalisation keeps: the digits of neighbouring numbers are not one number.
  haystacks.set(REIMPORTED, again.segments.filter((seg) => seg.location.kind !== 'separator').map((seg) => again.text.slice(seg.start, seg.end)).join('\ue000'));
  return assertNoLeak(redactedValues(plan), haystacks).checked;
}

// ---------------------------------------------------------------------------

/**
 * The redacted workbook. `check.checked` lists the parts read back (and the
 * re-imported text), then what was removed or kept and why: hidden sheets,
 * rows and columns, comments, properties.
 */
export function exportXlsx(plan: RedactionPlan, original: Uint8Array): ExportOutput {
  if (plan.doc.format !== 'xlsx') {
    throw new AppError('invalid_request', '该文档不是从 .xlsx 文件导入的，不能导出为 .xlsx', 'the document was not imported from an .xlsx file');
  }
  // readZip checks every entry against the limits; names in the package's own order.
  const names: string[] = [];
  const entries = readZip(original, (name) => {
    names.push(name);
    return true;
  });
  const xml = new Map([...entries].filter(([name]) => XML_PART.test(name)));

  const redactor = new XlsxRedactor(plan, xml, names);
  const { changed, removed } = redactor.run();

  // Every entry not removed is written again: the edited parts as serialised, the others with their bytes as they were.
  const kept = [...new Set(names)].filter((name) => !removed.has(name));
  const bytes = writeZip(kept.map((name) => [name, changed.get(name) ?? entries.get(name)!]));
  const checked = checkWritten(plan, bytes);
  return { bytes, check: { checked: [...checked, ...redactor.actions] } };
}
