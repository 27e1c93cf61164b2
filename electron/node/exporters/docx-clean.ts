import { XMLSerializer, type Document, type Element, type Node } from '@xmldom/xmldom';
import { AppError } from '../../../shared/errors';
import {
  O_NS,
  VML_NS,
  W_NAMESPACES,
  WP_NAMESPACES,
  onOff,
  propertyPartKind,
  readHiddenStyles,
  saxAttribute,
  saxParse,
  walkElements,
  type HiddenStyles,
  type PropertyPartKind,
  type SaxHandlers,
  type XmlName,
  type XmlTag,
} from '../importers/wordml';
import { parseXml } from '../importers/xml';

/*
 * The cleaning step of a DOCX export, after the redaction edits: what a reader
 * of the published page never sees goes, whether or not the reviewer found
 * anything in it. Comments, tracked changes (accepted), hidden text, document
 * properties, custom XML, embedded objects with their previews, building
 * blocks, macros and alt text are removed from the package. `assertCleaned`
 * then reads the written package again, through saxes rather than the xmldom
 * tree the cleaning edited, and refuses the export if any of it remains.
 */

// ---------------------------------------------------------------------------
// The package being written

/** The entries of a package, with the XML parts parsed once for editing and serialized once at the end. */
export class DocxPackage {
  private readonly docs = new Map<string, Document>();
  private readonly touched = new Set<string>();
  /** Entry names by lower case: OPC part names are case-insensitive. */
  private readonly folded = new Map<string, string>();

  constructor(readonly entries: Map<string, Uint8Array>) {
    for (const name of entries.keys()) this.folded.set(name.toLowerCase(), name);
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  names(): string[] {
    return [...this.entries.keys()];
  }

  /** An entry's name as stored, looked up case-insensitively. */
  find(name: string): string | undefined {
    if (this.entries.has(name)) return name;
    const stored = this.folded.get(name.toLowerCase());
    return stored !== undefined && this.entries.has(stored) ? stored : undefined;
  }

  isParsed(name: string): boolean {
    return this.docs.has(name);
  }

  /** The part's text as last serialized (the original until `flush`), for cheap tests before parsing. */
  raw(name: string): string {
    return new TextDecoder('utf-8').decode(this.entries.get(name));
  }

  /** The part parsed for editing (once); edits must be followed by `touch`. */
  doc(name: string): Document {
    let doc = this.docs.get(name);
    if (!doc) {
      doc = parseXml(this.entries.get(name)!, name);
      this.docs.set(name, doc);
    }
    return doc;
  }

  touch(name: string): void {
    this.touched.add(name);
  }

  remove(name: string): void {
    this.entries.delete(name);
    this.docs.delete(name);
    this.touched.delete(name);
  }

  /** Writes every edited part back into the entries. */
  flush(): void {
    const serializer = new XMLSerializer();
    for (const name of this.touched) {
      const doc = this.docs.get(name);
      if (doc && this.entries.has(name)) this.entries.set(name, new TextEncoder().encode(serializer.serializeToString(doc)));
    }
    this.touched.clear();
  }
}

// ---------------------------------------------------------------------------
// What is removed, by part name and relationship type

export type CleanKind = 'comments' | 'revisions' | 'hidden' | 'properties' | 'customXml' | 'embedded' | 'altText';

const KINDS: Record<CleanKind, { label: string; zh: string; en: string }> = {
  comments: { label: '无批注', zh: '批注', en: 'comments' },
  revisions: { label: '无修订', zh: '修订痕迹', en: 'tracked changes' },
  hidden: { label: '无隐藏文字', zh: '隐藏文字', en: 'hidden text' },
  properties: { label: '无文档属性', zh: '文档属性', en: 'document properties' },
  customXml: { label: '无自定义 XML', zh: '自定义 XML 数据', en: 'custom XML data' },
  embedded: { label: '无嵌入对象', zh: '嵌入对象、预览图、构建基块或宏', en: 'embedded objects, previews, building blocks or macros' },
  altText: { label: '无替代文字', zh: '替代文字', en: 'alt text' },
};

/** What `assertCleaned` reports as checked, in `check.checked`. */
export const CLEAN_LABELS: readonly string[] = Object.values(KINDS).map((k) => k.label);

/** Parts removed whole, by name (case-insensitive). */
const REMOVED_PARTS: readonly [RegExp, CleanKind][] = [
  [/^word\/comments(Extended|Ids|Extensible)?\.xml$/i, 'comments'],
  [/^word\/people\.xml$/i, 'comments'],
  [/^customXml\//i, 'customXml'],
  [/^docProps\/custom\.xml$/i, 'properties'],
  [/^word\/embeddings\//i, 'embedded'],
  [/^word\/glossary\//i, 'embedded'],
  [/^word\/vbaProject\.bin$/i, 'embedded'],
  [/^word\/vbaData\.xml$/i, 'embedded'],
  [/^word\/_rels\/vbaProject\.bin\.rels$/i, 'embedded'],
  // The first page as a picture, unredacted.
  [/^docProps\/thumbnail\.[^/]+$/i, 'embedded'],
];

function removedPartKind(name: string): CleanKind | undefined {
  for (const [re, kind] of REMOVED_PARTS) if (re.test(name)) return kind;
  return undefined;
}

/**
 * Relationships removed with their targets, by the last segment of their
 * type (transitional, strict and Microsoft's own namespaces alike).
 */
const REMOVED_TYPES: ReadonlyMap<string, CleanKind> = new Map([
  ['comments', 'comments'],
  ['commentsExtended', 'comments'],
  ['commentsIds', 'comments'],
  ['commentsExtensible', 'comments'],
  ['people', 'comments'],
  ['customXml', 'customXml'],
  ['customXmlProps', 'customXml'],
  ['custom-properties', 'properties'],
  ['oleObject', 'embedded'],
  ['package', 'embedded'],
  ['glossaryDocument', 'embedded'],
  ['vbaProject', 'embedded'],
  ['wordVbaData', 'embedded'],
  ['thumbnail', 'embedded'],
]);

/** Relationships a part refers to by id (`r:embed`, `r:id`, `o:relid`): dropped once nothing in the part refers to them. */
const REFERENCED_TYPES: ReadonlySet<string> = new Set(['image', 'oleObject', 'package', 'hyperlink', 'video', 'audio', 'media', 'hdphoto']);

/** Relationships no element refers to: the part is found by its type. */
const IMPLICIT_TYPES: ReadonlySet<string> = new Set([
  'comments',
  'commentsExtended',
  'commentsIds',
  'commentsExtensible',
  'people',
  'customXml',
  'customXmlProps',
  'custom-properties',
  'glossaryDocument',
  'vbaProject',
  'wordVbaData',
  'thumbnail',
]);

const typeSuffix = (type: string): string => type.slice(type.lastIndexOf('/') + 1);

export const REL_NAMESPACES: ReadonlySet<string> = new Set([
  'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
  'http://purl.oclc.org/ooxml/officeDocument/relationships',
]);

export const isRelsPart = (name: string): boolean => /(^|\/)_rels\/[^/]*\.rels$/i.test(name);

/** The part a relationships part belongs to (`''`: the package). */
export function sourceOfRels(rels: string): string {
  const m = /^(.*?)_rels\/([^/]*)\.rels$/i.exec(rels);
  return m ? m[1]! + m[2]! : '';
}

function relsOf(part: string): string {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}

/** A relationship's internal target as an entry name of the package, or undefined when external or absent. */
function resolveTarget(pkg: DocxPackage, source: string, rel: Element): string | undefined {
  if ((rel.getAttribute('TargetMode') ?? '') === 'External') return undefined;
  let target = rel.getAttribute('Target') ?? '';
  if (target === '' || /^[a-z][a-z0-9+.-]*:/i.test(target)) return undefined;
  target = target.replace(/[#?].*$/, '');
  const base = source.slice(0, source.lastIndexOf('/') + 1);
  const path = target.startsWith('/') ? target.slice(1) : base + target;
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  const name = out.join('/');
  let decoded = name;
  try {
    decoded = decodeURIComponent(name);
  } catch {
    // a stray % is left as it is
  }
  return pkg.find(name) ?? pkg.find(decoded);
}

// ---------------------------------------------------------------------------
// DOM helpers

const isW = (el: Element): boolean => W_NAMESPACES.has(el.namespaceURI ?? '');

function elementChildren(el: Element): Element[] {
  const out: Element[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === 1) out.push(n as Element);
  return out;
}

function wChild(el: Element, local: string): Element | undefined {
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1 && (n as Element).localName === local && isW(n as Element)) return n as Element;
  }
  return undefined;
}

function detach(node: Node): void {
  node.parentNode?.removeChild(node);
}

/** Replaces an element by its children. */
function unwrap(el: Element): void {
  const parent = el.parentNode;
  if (!parent) return;
  while (el.firstChild) parent.insertBefore(el.firstChild, el);
  parent.removeChild(el);
}

/** `w:val` (any WordprocessingML namespace) of an element. */
function wVal(el: Element): string | undefined {
  for (let i = 0; i < el.attributes.length; i++) {
    const a = el.attributes[i]!;
    if (a.localName === 'val' && W_NAMESPACES.has(a.namespaceURI ?? '')) return a.value;
  }
  return undefined;
}

function removeAttributes(el: Element, match: (ns: string | null, local: string) => boolean): boolean {
  const doomed = [];
  for (let i = 0; i < el.attributes.length; i++) {
    const a = el.attributes[i]!;
    if (match(a.namespaceURI || null, a.localName ?? '')) doomed.push(a);
  }
  for (const a of doomed) el.removeAttributeNode(a);
  return doomed.length > 0;
}

// ---------------------------------------------------------------------------
// Hidden-text formatting (styles read by `readHiddenStyles`, shared with the importer)

/** A run's own hidden formatting and character style, as read from its `w:rPr`. */
interface RunFormat {
  vanish?: boolean;
  specVanish?: boolean;
  style?: string;
}

/** Whether a run is hidden: `w:specVanish` always; else its own `w:vanish`, its character style, its paragraph's style, the default. */
function runIsHidden(run: RunFormat, paragraphStyle: string | undefined, styles: HiddenStyles): boolean {
  if (run.specVanish) return true;
  return run.vanish ?? styles.character(run.style) ?? styles.paragraph(paragraphStyle) ?? styles.defaultVanish ?? false;
}

/** What stays in a hidden run: its properties and the field characters that keep fields balanced. */
const KEPT_IN_HIDDEN_RUN: ReadonlySet<string> = new Set(['rPr', 'fldChar']);

// ---------------------------------------------------------------------------
// Cleaning a word part

/** Tracked-change records with no content of their own, and the markers of moves and of comments. */
const REMOVED_ELEMENTS: ReadonlyMap<string, CleanKind> = new Map([
  ['rPrChange', 'revisions'],
  ['pPrChange', 'revisions'],
  ['sectPrChange', 'revisions'],
  ['tblPrChange', 'revisions'],
  ['tblPrExChange', 'revisions'],
  ['tblGridChange', 'revisions'],
  ['trPrChange', 'revisions'],
  ['tcPrChange', 'revisions'],
  ['numberingChange', 'revisions'],
  ['cellIns', 'revisions'],
  ['cellDel', 'revisions'],
  ['cellMerge', 'revisions'],
  ['moveFromRangeStart', 'revisions'],
  ['moveFromRangeEnd', 'revisions'],
  ['moveToRangeStart', 'revisions'],
  ['moveToRangeEnd', 'revisions'],
  ['customXmlInsRangeStart', 'revisions'],
  ['customXmlInsRangeEnd', 'revisions'],
  ['customXmlDelRangeStart', 'revisions'],
  ['customXmlDelRangeEnd', 'revisions'],
  ['customXmlMoveFromRangeStart', 'revisions'],
  ['customXmlMoveFromRangeEnd', 'revisions'],
  ['customXmlMoveToRangeStart', 'revisions'],
  ['customXmlMoveToRangeEnd', 'revisions'],
  // Deleted text outside a w:del (never written by Word) goes too.
  ['delText', 'revisions'],
  ['delInstrText', 'revisions'],
  ['trackRevisions', 'revisions'],
  ['commentRangeStart', 'comments'],
  ['commentRangeEnd', 'comments'],
  ['commentReference', 'comments'],
  ['object', 'embedded'],
  ['dataBinding', 'customXml'],
  // Document variables: free text kept in the settings, shown nowhere.
  ['docVars', 'properties'],
]);

/** Removed with their content: deletions and the old place of a move. */
const REMOVED_WITH_CONTENT: ReadonlySet<string> = new Set(['del', 'moveFrom']);
/** Replaced by their content: insertions, the new place of a move, custom XML and smart-tag wrappers. */
const UNWRAPPED: ReadonlySet<string> = new Set(['ins', 'moveTo', 'customXml', 'smartTag']);
/** Children of an unwrapped wrapper that go with it. */
const WRAPPER_PROPERTIES: ReadonlySet<string> = new Set(['customXmlPr', 'smartTagPr']);

/** Element and attribute names a part must mention for the cleaning to have anything to do in it. */
const WORTH_PARSING =
  /<(?:[\w.-]+:)?(?:del|ins|moveFrom|moveTo|delText|delInstrText|\w+Change|cell(?:Ins|Del|Merge)|(?:customXml)?\w*Range(?:Start|End)|comment\w*|vanish|specVanish|customXml|smartTag|dataBinding|object|OLEObject|docPr|cNvPr|trackRevisions|docVars)[\s/>]|\s(?:[\w.-]+:)?(?:descr|title|alt|gfxdata)\s*=/;

/**
 * Cleans one WordprocessingML part (body, header, footer, notes, styles,
 * numbering, settings): tracked changes accepted, comment anchors, custom XML
 * wrappers and data bindings, OLE objects with their preview and hidden runs
 * removed, alt text and the VML caches that repeat it dropped. Returns
 * whether anything changed.
 */
function cleanWordPart(doc: Document, styles: HiddenStyles): boolean {
  const removed: Element[] = [];
  const unwrapped: Element[] = [];
  const rows: Element[] = [];
  const hiddenRuns: Element[] = [];
  const markedParagraphs: Element[] = [];
  const touchedRuns = new Set<Element>();
  let changed = false;

  walkElements(doc, (el) => {
    const local = el.localName ?? '';
    const uri = el.namespaceURI ?? '';
    if (W_NAMESPACES.has(uri)) {
      const parent = el.parentNode as Element | null;
      const parentLocal = parent?.localName ?? '';
      if (REMOVED_WITH_CONTENT.has(local)) {
        if (parentLocal === 'trPr') rows.push(parent!.parentNode as Element);
        else {
          // A deleted (or moved-away) paragraph mark: the paragraph joins the next one.
          const p = parentLocal === 'rPr' && (parent!.parentNode as Element | null)?.localName === 'pPr' ? (parent!.parentNode!.parentNode as Element | null) : null;
          if (p && p.localName === 'p' && isW(p)) markedParagraphs.push(p);
          removed.push(el);
        }
      } else if (UNWRAPPED.has(local)) unwrapped.push(el);
      else if (REMOVED_ELEMENTS.has(local)) removed.push(el);
      else if (WRAPPER_PROPERTIES.has(local) && parent && UNWRAPPED.has(parentLocal)) removed.push(el);
      else if (local === 'r') {
        const rPr = wChild(el, 'rPr');
        const format: RunFormat = {};
        if (rPr) {
          const vanish = wChild(rPr, 'vanish');
          if (vanish) format.vanish = onOff(wVal(vanish));
          const spec = wChild(rPr, 'specVanish');
          if (spec) format.specVanish = onOff(wVal(spec));
          const style = wChild(rPr, 'rStyle');
          if (style) format.style = wVal(style);
        }
        if (format.vanish !== undefined || format.specVanish || styles.any) {
          let p: Node | null = el.parentNode;
          while (p && !(p.nodeType === 1 && (p as Element).localName === 'p' && isW(p as Element))) p = p.parentNode;
          const pPr = p ? wChild(p as Element, 'pPr') : undefined;
          const pStyle = pPr ? wChild(pPr, 'pStyle') : undefined;
          if (runIsHidden(format, pStyle ? wVal(pStyle) : undefined, styles)) hiddenRuns.push(el);
        }
      }
      if (local === 'object' || local === 'commentReference') {
        if (parentLocal === 'r') touchedRuns.add(parent!);
      }
    } else if (local === 'dataBinding') {
      removed.push(el);
    } else if (uri === O_NS && local === 'OLEObject') {
      // An OLE object written as a VML picture: the w:pict (or w:object) around it, preview and all.
      let p: Node | null = el.parentNode;
      while (p && !(p.nodeType === 1 && isW(p as Element) && ((p as Element).localName === 'pict' || (p as Element).localName === 'object'))) p = p.parentNode;
      const target = (p as Element | null) ?? el;
      removed.push(target);
      const run = target.parentNode as Element | null;
      if (run && run.localName === 'r' && isW(run)) touchedRuns.add(run);
    }
    // Alt text: invisible on the page, so never published.
    if ((local === 'docPr' && WP_NAMESPACES.has(uri)) || local === 'cNvPr') {
      if (removeAttributes(el, (ns, name) => ns === null && (name === 'descr' || name === 'title'))) changed = true;
      // A drawing's name is often its file name (李明身份证.jpg): a neutral one replaces it.
      if (el.hasAttribute('name')) {
        const name = `Object ${el.getAttribute('id') ?? ''}`.trim();
        if (el.getAttribute('name') !== name) {
          el.setAttribute('name', name);
          changed = true;
        }
      }
    } else if (uri === VML_NS) {
      if (removeAttributes(el, (ns, name) => (ns === null && name === 'alt') || (ns === O_NS && name === 'title'))) changed = true;
    }
    // The DrawingML copy of a VML shape, alt text and all, in a base64 zip.
    if (el.hasAttributeNS(O_NS, 'gfxdata')) {
      el.removeAttributeNS(O_NS, 'gfxdata');
      changed = true;
    }
  });

  for (const row of rows) {
    const table = row.parentNode as Element | null;
    detach(row);
    changed = true;
    if (table && table.localName === 'tbl' && !wChild(table, 'tr')) {
      const container = table.parentNode as Element | null;
      detach(table);
      if (container) ensureParagraph(doc, container);
    }
  }
  for (const el of removed) {
    detach(el);
    changed = true;
  }
  for (const el of unwrapped) {
    for (const child of elementChildren(el)) if (WRAPPER_PROPERTIES.has(child.localName ?? '')) detach(child);
    unwrap(el);
    changed = true;
  }
  for (const run of hiddenRuns) {
    for (const child of [...childNodes(run)]) {
      if (child.nodeType === 1 && KEPT_IN_HIDDEN_RUN.has((child as Element).localName ?? '')) continue;
      run.removeChild(child);
    }
    touchedRuns.add(run);
    changed = true;
  }
  // A run left with nothing but its properties goes.
  for (const run of touchedRuns) {
    if (!run.parentNode) continue;
    if (elementChildren(run).every((c) => c.localName === 'rPr')) {
      detach(run);
      changed = true;
    }
  }
  for (const p of markedParagraphs) if (p.parentNode) mergeWithNext(p);
  return changed;
}

function childNodes(el: Element): Node[] {
  const out: Node[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) out.push(n);
  return out;
}

/**
 * Accepts the deletion of a paragraph mark: the paragraph's content moves to
 * the start of the next paragraph, whose mark and properties survive. When
 * the next element is no paragraph (a table, the section properties), or the
 * mark ends a section, only the marker was removed.
 */
function mergeWithNext(p: Element): void {
  const pPr = wChild(p, 'pPr');
  if (pPr && wChild(pPr, 'sectPr')) return;
  let next = p.nextSibling;
  while (next && next.nodeType !== 1) next = next.nextSibling;
  if (!next || (next as Element).localName !== 'p' || !isW(next as Element)) return;
  const target = next as Element;
  const targetPPr = wChild(target, 'pPr');
  const before = targetPPr ? targetPPr.nextSibling : target.firstChild;
  for (const child of childNodes(p)) {
    if (child === pPr) continue;
    target.insertBefore(child, before);
  }
  detach(p);
}

/** A table cell, text box, note or header must still hold a paragraph once a table in it is gone. */
function ensureParagraph(doc: Document, container: Element): void {
  if (!isW(container)) return;
  const local = container.localName ?? '';
  if (!['tc', 'txbxContent', 'footnote', 'endnote', 'hdr', 'ftr', 'comment', 'docPart', 'body'].includes(local)) return;
  const kids = elementChildren(container).filter((c) => c.localName !== 'tcPr' && c.localName !== 'sectPr');
  const last = kids[kids.length - 1];
  if (last && last.localName === 'p') return;
  const p = doc.createElementNS(container.namespaceURI, `${container.prefix ? `${container.prefix}:` : ''}p`);
  const sectPr = local === 'body' ? wChild(container, 'sectPr') : undefined;
  container.insertBefore(p, sectPr ?? null);
}

// ---------------------------------------------------------------------------
// Document properties

/**
 * Extended properties that hold free text: who, where, the title again
 * (with the headings counting it), the template's path, a copy of every
 * link's address, a signature of the content as it was.
 */
const APP_CLEARED: ReadonlySet<string> = new Set(['Company', 'Manager', 'HyperlinkBase', 'TitlesOfParts', 'HeadingPairs', 'Template', 'HLinks', 'DigSig']);

function rootKind(doc: Document): PropertyPartKind | undefined {
  const root = doc.documentElement;
  return root ? propertyPartKind(root.namespaceURI ?? '', root.localName ?? '') : undefined;
}

/**
 * Core properties lose every element (all are optional; an emptied date
 * would no longer be a valid W3CDTF date), extended properties the ones
 * holding free text; a custom-properties part is removed whole.
 */
function cleanProperties(pkg: DocxPackage, remove: Set<string>): void {
  for (const name of pkg.names()) {
    if (!/^docProps\/[^/]+\.xml$/i.test(name) || remove.has(name)) continue;
    const doc = pkg.doc(name);
    const kind = rootKind(doc);
    const root = doc.documentElement;
    if (!root || !kind) continue;
    if (kind === 'custom') {
      remove.add(name);
      continue;
    }
    let changed = false;
    for (const child of childNodes(root)) {
      if (kind === 'app' && !(child.nodeType === 1 && APP_CLEARED.has((child as Element).localName ?? ''))) continue;
      if (kind === 'core' && child.nodeType !== 1) continue;
      root.removeChild(child);
      changed = true;
    }
    if (changed) pkg.touch(name);
  }
}

// ---------------------------------------------------------------------------
// Parts and relationships

interface RelsFile {
  name: string;
  source: string;
  doc: Document;
}

function relationships(doc: Document): Element[] {
  const root = doc.documentElement;
  return root ? elementChildren(root).filter((e) => e.localName === 'Relationship') : [];
}

/**
 * Removes the parts in `remove`, every relationship to them (and the
 * elements that used those relationships), the relationships of the cleaned
 * parts that nothing refers to any more (the preview of an OLE object, a
 * picture in deleted text), and then, repeatedly, the parts no relationship
 * reaches any longer; finally their content-type overrides.
 */
function removeParts(pkg: DocxPackage, remove: Set<string>, cleaned: ReadonlySet<string>): void {
  const relsNames = pkg.names().filter(isRelsPart);
  const relsFiles: RelsFile[] = [];
  for (const name of relsNames) relsFiles.push({ name, source: sourceOfRels(name), doc: pkg.doc(name) });

  // Relationships of the removed types take their targets with them.
  for (const r of relsFiles) {
    for (const rel of relationships(r.doc)) {
      if (!REMOVED_TYPES.has(typeSuffix(rel.getAttribute('Type') ?? ''))) continue;
      const target = resolveTarget(pkg, r.source, rel);
      if (target) remove.add(target);
    }
  }

  /** Parts that lost a relationship to them: removed too once nothing else reaches them. */
  const candidates = new Set<string>();
  /** Ids of relationships removed with their target, per source part: the elements using them go too. */
  const droppedIds = new Map<string, Set<string>>();
  const drop = (r: RelsFile, rel: Element, used: boolean): void => {
    const target = resolveTarget(pkg, r.source, rel);
    if (target) candidates.add(target);
    const id = rel.getAttribute('Id');
    if (id && used && !IMPLICIT_TYPES.has(typeSuffix(rel.getAttribute('Type') ?? ''))) {
      const set = droppedIds.get(r.source) ?? new Set<string>();
      set.add(id);
      droppedIds.set(r.source, set);
    }
    detach(rel);
    pkg.touch(r.name);
  };

  // What a cleaned part no longer refers to.
  for (const part of cleaned) {
    const r = relsFiles.find((f) => f.source === part);
    if (!r || !pkg.isParsed(part)) continue;
    if (!relationships(r.doc).some((rel) => REFERENCED_TYPES.has(typeSuffix(rel.getAttribute('Type') ?? '')))) continue;
    const used = new Set<string>();
    walkElements(pkg.doc(part), (el) => {
      for (let i = 0; i < el.attributes.length; i++) used.add(el.attributes[i]!.value);
    });
    for (const rel of relationships(r.doc)) {
      if (REFERENCED_TYPES.has(typeSuffix(rel.getAttribute('Type') ?? '')) && !used.has(rel.getAttribute('Id') ?? '')) drop(r, rel, false);
    }
  }

  // Whatever a broken relationship says, the main document stays.
  const protect = (): void => {
    const root = relsFiles.find((f) => f.name === '_rels/.rels');
    for (const rel of root ? relationships(root.doc) : []) {
      if (typeSuffix(rel.getAttribute('Type') ?? '') !== 'officeDocument') continue;
      const main = resolveTarget(pkg, '', rel);
      if (main) remove.delete(main);
    }
    remove.delete('[Content_Types].xml');
  };
  protect();

  for (let round = 0; round < 64; round++) {
    // A removed part's own relationships go with it.
    for (const name of remove) {
      const rels = pkg.find(relsOf(name));
      if (rels) remove.add(rels);
    }
    for (const r of relsFiles) {
      if (remove.has(r.name)) {
        for (const rel of relationships(r.doc)) {
          const target = resolveTarget(pkg, r.source, rel);
          if (target) candidates.add(target);
        }
        continue;
      }
      for (const rel of relationships(r.doc)) {
        const target = resolveTarget(pkg, r.source, rel);
        if ((target && remove.has(target)) || REMOVED_TYPES.has(typeSuffix(rel.getAttribute('Type') ?? ''))) drop(r, rel, true);
      }
    }
    const reached = new Set<string>();
    for (const r of relsFiles) {
      if (remove.has(r.name)) continue;
      for (const rel of relationships(r.doc)) {
        const target = resolveTarget(pkg, r.source, rel);
        if (target) reached.add(target);
      }
    }
    let grew = false;
    for (const c of candidates) {
      if (remove.has(c) || reached.has(c) || isRelsPart(c) || c === '[Content_Types].xml') continue;
      remove.add(c);
      grew = true;
    }
    protect();
    if (!grew) break;
  }

  // Elements that used a relationship now gone (a chart's embedded workbook, a stray o:OLEObject).
  for (const [source, ids] of droppedIds) {
    if (source === '' || remove.has(source) || !pkg.has(source) || !/\.xml$/i.test(source)) continue;
    const raw = pkg.isParsed(source) ? undefined : pkg.raw(source);
    if (raw !== undefined && ![...ids].some((id) => raw.includes(id))) continue;
    const users: Element[] = [];
    walkElements(pkg.doc(source), (el) => {
      for (let i = 0; i < el.attributes.length; i++) {
        const a = el.attributes[i]!;
        if (REL_NAMESPACES.has(a.namespaceURI ?? '') && ids.has(a.value)) {
          users.push(el);
          break;
        }
      }
    });
    for (const el of users) detach(el);
    if (users.length > 0) pkg.touch(source);
  }

  const types = pkg.find('[Content_Types].xml');
  if (types) {
    const doc = pkg.doc(types);
    const gone = new Set([...remove].map((n) => n.toLowerCase()));
    let changed = false;
    for (const o of doc.documentElement ? elementChildren(doc.documentElement) : []) {
      if (o.localName !== 'Override') continue;
      let name = (o.getAttribute('PartName') ?? '').replace(/^\//, '');
      try {
        name = decodeURIComponent(name);
      } catch {
        // kept as written
      }
      if (gone.has(name.toLowerCase()) || gone.has((o.getAttribute('PartName') ?? '').replace(/^\//, '').toLowerCase())) {
        detach(o);
        changed = true;
      }
    }
    if (changed) pkg.touch(types);
  }
  for (const name of remove) pkg.remove(name);
}

// ---------------------------------------------------------------------------

/**
 * Cleans a package in place, after the redaction edits and before it is
 * zipped: see the comment at the top of this file.
 */
export function cleanDocx(pkg: DocxPackage): void {
  const remove = new Set<string>();
  for (const name of pkg.names()) if (removedPartKind(name)) remove.add(name);
  cleanProperties(pkg, remove);

  const stylesName = pkg.find('word/styles.xml');
  const styles = readHiddenStyles(stylesName ? pkg.entries.get(stylesName) : undefined, true);
  const cleaned = new Set<string>();
  for (const name of pkg.names()) {
    if (!/^word\/.+\.xml$/i.test(name) || remove.has(name) || removedPartKind(name)) continue;
    if (!pkg.isParsed(name) && !styles.any && !WORTH_PARSING.test(pkg.raw(name))) continue;
    if (cleanWordPart(pkg.doc(name), styles)) {
      pkg.touch(name);
      cleaned.add(name);
    }
  }
  removeParts(pkg, remove, cleaned);
}

// ---------------------------------------------------------------------------
// The check, on the written bytes

function refuse(kind: CleanKind, place: string): never {
  const k = KINDS[kind];
  throw new AppError(
    'refused',
    `清理检查未通过：导出文件的“${place}”中仍含有${k.zh}，已拒绝写出`,
    `cleaning check failed: "${place}" of the export still holds ${k.en}; nothing was written`,
  );
}

/** Streams a part through saxes; a part saxes will not read is walked through xmldom instead, with the same events. */
function stream(bytes: Uint8Array, part: string, handlers: SaxHandlers): void {
  try {
    saxParse(bytes, part, handlers);
    return;
  } catch (err) {
    if (!(err instanceof AppError) || /DTD/.test(err.messageEn)) throw err;
  }
  const doc = parseXml(bytes, part);
  const scopeOf = (el: Element) => ({ uri: (prefix: string) => el.lookupNamespaceURI(prefix === '' ? null : prefix) ?? undefined });
  walkElements(
    doc,
    (el) => {
      const attributes: Record<string, string> = {};
      for (let i = 0; i < el.attributes.length; i++) attributes[el.attributes[i]!.name] = el.attributes[i]!.value;
      handlers.open({ uri: el.namespaceURI ?? '', local: el.localName ?? '', attributes, scope: scopeOf(el) });
      for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === 3 || n.nodeType === 4) handlers.text(n.nodeValue ?? '');
    },
    (el) => handlers.close({ uri: el.namespaceURI ?? '', local: el.localName ?? '' }),
  );
}

const W_VAL = { ns: W_NAMESPACES, local: 'val' } as const;
const O_NAMESPACES: ReadonlySet<string> = new Set([O_NS]);

/** Checks one word part as written: no element of a removed kind, no hidden run with content, no alt text. */
function checkWordPart(bytes: Uint8Array, part: string, styles: HiddenStyles): void {
  type Frame = { code: 'p' | 'pPr' | 'r' | 'rPr' | 'other'; run?: RunFormat; style?: string };
  const stack: Frame[] = [];
  const paragraphs: Frame[] = [];
  stream(bytes, part, {
    open(tag: XmlTag) {
      const { uri, local } = tag;
      const parent = stack[stack.length - 1];
      let frame: Frame = { code: 'other' };
      if (W_NAMESPACES.has(uri)) {
        if (REMOVED_WITH_CONTENT.has(local) || UNWRAPPED.has(local) || REMOVED_ELEMENTS.has(local)) {
          refuse(local === 'customXml' || local === 'smartTag' ? 'customXml' : (REMOVED_ELEMENTS.get(local) ?? 'revisions'), part);
        }
        if (local === 'p') {
          frame = { code: 'p' };
          paragraphs.push(frame);
        } else if (local === 'pPr' && parent?.code === 'p') frame = { code: 'pPr' };
        else if (local === 'pStyle' && parent?.code === 'pPr') paragraphs[paragraphs.length - 1]!.style = saxAttribute(tag, W_VAL);
        else if (local === 'r') frame = { code: 'r', run: {} };
        else if (local === 'rPr' && parent?.code === 'r') frame = { code: 'rPr' };
        else if (parent?.code === 'rPr') {
          const run = stack[stack.length - 2]!.run!;
          if (local === 'vanish') run.vanish = onOff(saxAttribute(tag, W_VAL));
          else if (local === 'specVanish') run.specVanish = onOff(saxAttribute(tag, W_VAL));
          else if (local === 'rStyle') run.style = saxAttribute(tag, W_VAL);
        }
      } else if (local === 'dataBinding') refuse('customXml', part);
      else if (uri === O_NS && local === 'OLEObject') refuse('embedded', part);
      if (parent?.code === 'r' && !(W_NAMESPACES.has(uri) && KEPT_IN_HIDDEN_RUN.has(local))) {
        if (runIsHidden(parent.run!, paragraphs[paragraphs.length - 1]?.style, styles)) refuse('hidden', part);
      }
      if ((local === 'docPr' && WP_NAMESPACES.has(uri)) || local === 'cNvPr') {
        if (saxAttribute(tag, { ns: null, local: 'descr' }) || saxAttribute(tag, { ns: null, local: 'title' })) refuse('altText', part);
      } else if (uri === VML_NS) {
        if (saxAttribute(tag, { ns: null, local: 'alt' }) || saxAttribute(tag, { ns: O_NAMESPACES, local: 'title' })) refuse('altText', part);
      }
      if (saxAttribute(tag, { ns: O_NAMESPACES, local: 'gfxdata' }) !== undefined) refuse('altText', part);
      stack.push(frame);
    },
    close(_name: XmlName) {
      const frame = stack.pop();
      if (frame?.code === 'p') paragraphs.pop();
    },
    text() {},
  });
}

/** Checks a property part as written: no core property, no free-text extended property, no custom property. */
function checkPropertyPart(bytes: Uint8Array, part: string): void {
  let depth = 0;
  let kind: PropertyPartKind | undefined;
  let counted = false;
  stream(bytes, part, {
    open(tag) {
      depth++;
      if (depth === 1) {
        kind = propertyPartKind(tag.uri, tag.local);
        if (kind === 'custom') refuse('properties', part);
      } else if (depth === 2) {
        counted = kind === 'core' || (kind === 'app' && APP_CLEARED.has(tag.local));
      }
    },
    close() {
      if (depth === 2) counted = false;
      depth--;
    },
    text(t) {
      if (counted && depth >= 2 && t.trim() !== '') refuse('properties', part);
    },
  });
}

function checkRelsPart(bytes: Uint8Array, part: string): void {
  stream(bytes, part, {
    open(tag) {
      if (tag.local !== 'Relationship') return;
      const kind = REMOVED_TYPES.get(typeSuffix(saxAttribute(tag, { ns: null, local: 'Type' }) ?? ''));
      if (kind) refuse(kind, part);
    },
    close() {},
    text() {},
  });
}

/**
 * Reads the written package again and refuses it if anything the cleaning
 * removes is still there: a removed part (comments, custom XML, custom
 * properties, embeddings, building blocks, macros, the thumbnail) or a
 * relationship to one; in a word part a tracked change, a comment anchor, a
 * custom XML wrapper or data binding, an OLE object, a hidden run with
 * content, alt text; a property value. Returns what was checked.
 */
export function assertCleaned(entries: ReadonlyMap<string, Uint8Array>): string[] {
  for (const name of entries.keys()) {
    const kind = removedPartKind(name);
    if (kind) refuse(kind, name);
  }
  const stylesName = [...entries.keys()].find((n) => n.toLowerCase() === 'word/styles.xml');
  const styles = readHiddenStyles(stylesName ? entries.get(stylesName) : undefined, true);
  for (const [name, data] of entries) {
    if (isRelsPart(name)) checkRelsPart(data, name);
    else if (/^word\/.+\.xml$/i.test(name)) checkWordPart(data, name, styles);
    else if (/^docProps\/[^/]+\.xml$/i.test(name)) checkPropertyPart(data, name);
  }
  return [...CLEAN_LABELS];
}
