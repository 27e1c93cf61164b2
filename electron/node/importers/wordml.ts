import type { Document, Element } from '@xmldom/xmldom';
import { SaxesParser } from 'saxes';
import type { HiddenPlace, SourceLocation } from '../../../shared/document/model';
import { AppError } from '../../../shared/errors';

/*
 * WordprocessingML vocabulary shared by the DOCX importer (a saxes stream)
 * and the DOCX exporter (an xmldom tree). Both number the elements they
 * read by the functions here, which is how a redaction finds its text again.
 */

/** WordprocessingML namespaces: transitional and strict OOXML. */
export const W_NAMESPACES: ReadonlySet<string> = new Set([
  'http://schemas.openxmlformats.org/wordprocessingml/2006/main',
  'http://purl.oclc.org/ooxml/wordprocessingml/main',
]);
/** DrawingML in WordprocessingML (`wp:inline`, `wp:anchor`, `wp:docPr`). */
export const WP_NAMESPACES: ReadonlySet<string> = new Set([
  'http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing',
  'http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing',
]);
export const MC_NS = 'http://schemas.openxmlformats.org/markup-compatibility/2006';
export const VML_NS = 'urn:schemas-microsoft-com:vml';
export const O_NS = 'urn:schemas-microsoft-com:office:office';

/** Depth-first, document-order walk over elements, with an exit callback. */
export function walkElements(root: Document | Element, enter: (el: Element) => void, exit: (el: Element) => void = () => {}): void {
  const stack: { el: Element; child: number }[] = [];
  const top = 'documentElement' in root ? root.documentElement : root;
  if (!top) return;
  enter(top);
  stack.push({ el: top, child: 0 });
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    const children = frame.el.childNodes;
    let next: Element | null = null;
    while (frame.child < children.length) {
      const node = children[frame.child++]!;
      if (node.nodeType === 1) {
        next = node as Element;
        break;
      }
    }
    if (next) {
      enter(next);
      stack.push({ el: next, child: 0 });
    } else {
      exit(frame.el);
      stack.pop();
    }
  }
}

/** The word parts scanned, matched by name; `partOrder` sorts them. */
export function isScannedPart(name: string): boolean {
  return (
    name === 'word/document.xml' ||
    /^word\/(header|footer)\d*\.xml$/.test(name) ||
    name === 'word/footnotes.xml' ||
    name === 'word/endnotes.xml' ||
    name === 'word/comments.xml'
  );
}

/** Document properties: `docProps/core.xml`, `app.xml`, `custom.xml` (and stray copies such as `core1.xml`). */
export function isPropertyPart(name: string): boolean {
  return /^docProps\/[^/]+\.xml$/.test(name);
}

/** Body, headers, footers, footnotes, endnotes, comments, then properties (core, app, custom). */
export function partOrder(name: string): string {
  if (name === 'word/document.xml') return '0';
  if (name.startsWith('word/header')) return `1${name}`;
  if (name.startsWith('word/footer')) return `2${name}`;
  if (name.startsWith('docProps/')) return `4${name.startsWith('docProps/core') ? 0 : name.startsWith('docProps/app') ? 1 : 2}${name}`;
  return `3${name}`;
}

/** Where the whole part hides, for parts other than the body. */
export function hiddenOfPart(name: string): HiddenPlace | undefined {
  if (name.startsWith('word/header')) return 'header';
  if (name.startsWith('word/footer')) return 'footer';
  if (name === 'word/footnotes.xml') return 'footnote';
  if (name === 'word/endnotes.xml') return 'endnote';
  if (name === 'word/comments.xml') return 'comment';
  return undefined;
}

export type DocxElementKind = NonNullable<Extract<SourceLocation, { kind: 'docx' }>['element']>;

/**
 * Element families numbered separately within a part, in document order:
 * the text elements, and the elements whose attributes carry text.
 */
export type Family = 't' | 'delText' | 'instrText' | 'delInstrText' | 'docPr' | 'fldSimple' | 'vml';

export function familyOf(uri: string, local: string): Family | undefined {
  if (W_NAMESPACES.has(uri)) {
    switch (local) {
      case 't':
      case 'delText':
      case 'instrText':
      case 'delInstrText':
      case 'fldSimple':
        return local;
      default:
        return undefined;
    }
  }
  if (uri === VML_NS) return 'vml';
  if (local === 'docPr' && WP_NAMESPACES.has(uri)) return 'docPr';
  return undefined;
}

export function isTextFamily(f: Family): f is 't' | 'delText' | 'instrText' | 'delInstrText' {
  return f === 't' || f === 'delText' || f === 'instrText' || f === 'delInstrText';
}

/** An attribute read as text: its location's `element`, namespace (`null`: none) and local name. */
export interface TextAttribute {
  element: DocxElementKind;
  ns: ReadonlySet<string> | null;
  local: string;
  hidden: HiddenPlace;
}

const O_NAMESPACES: ReadonlySet<string> = new Set([O_NS]);

export const FAMILY_ATTRIBUTES: Readonly<Partial<Record<Family, readonly TextAttribute[]>>> = {
  docPr: [
    { element: 'docPr@descr', ns: null, local: 'descr', hidden: 'alt_text' },
    { element: 'docPr@title', ns: null, local: 'title', hidden: 'alt_text' },
  ],
  fldSimple: [{ element: 'fldSimple@instr', ns: W_NAMESPACES, local: 'instr', hidden: 'field_code' }],
  vml: [
    { element: 'vml@alt', ns: null, local: 'alt', hidden: 'alt_text' },
    { element: 'vml@title', ns: O_NAMESPACES, local: 'title', hidden: 'alt_text' },
  ],
};

/** The key an exporter uses for one text element or text attribute. */
export function editKey(element: DocxElementKind | 't', index: number): string {
  return `${element}#${index}`;
}

/** Whether an attribute matches (namespace URI `''` or `null` means none). */
export function attributeMatches(spec: Pick<TextAttribute, 'ns' | 'local'>, uri: string | null | undefined, local: string): boolean {
  if (local !== spec.local) return false;
  return spec.ns === null ? !uri : spec.ns.has(uri ?? '');
}

/** `w:val` of an on/off property: absent means on. */
export function onOff(value: string | undefined): boolean {
  return !(value === 'false' || value === '0' || value === 'off');
}

// ---------------------------------------------------------------------------
// Document properties

export type PropertyPartKind = 'core' | 'app' | 'custom';

const CORE_NS = 'http://schemas.openxmlformats.org/package/2006/metadata/core-properties';
const DC_NS = 'http://purl.org/dc/elements/1.1/';
const APP_NAMESPACES = new Set([
  'http://schemas.openxmlformats.org/officeDocument/2006/extended-properties',
  'http://purl.oclc.org/ooxml/officeDocument/extendedProperties',
]);
const CUSTOM_NAMESPACES = new Set([
  'http://schemas.openxmlformats.org/officeDocument/2006/custom-properties',
  'http://purl.oclc.org/ooxml/officeDocument/customProperties',
]);

/** Core properties read, by namespace and local name; named as Word's own prefixes spell them. */
const CORE_PROPERTIES: ReadonlyMap<string, ReadonlyMap<string, string>> = new Map([
  [
    DC_NS,
    new Map([
      ['creator', 'dc:creator'],
      ['title', 'dc:title'],
      ['subject', 'dc:subject'],
      ['description', 'dc:description'],
    ]),
  ],
  [
    CORE_NS,
    new Map([
      ['lastModifiedBy', 'cp:lastModifiedBy'],
      ['keywords', 'cp:keywords'],
      ['category', 'cp:category'],
    ]),
  ],
]);
/** Extended properties read; `TitlesOfParts` repeats the title (a vector, read as `TitlesOfParts`, `TitlesOfParts[2]` …). */
const APP_PROPERTIES = new Set(['Company', 'Manager', 'HyperlinkBase', 'TitlesOfParts']);

export function propertyPartKind(rootUri: string, rootLocal: string): PropertyPartKind | undefined {
  if (rootUri === CORE_NS && rootLocal === 'coreProperties') return 'core';
  if (rootLocal === 'Properties' && APP_NAMESPACES.has(rootUri)) return 'app';
  if (rootLocal === 'Properties' && CUSTOM_NAMESPACES.has(rootUri)) return 'custom';
  return undefined;
}

/** The property a child of the root element holds, or undefined when it is not read. */
export function propertyBase(kind: PropertyPartKind, uri: string, local: string, nameAttribute: string | undefined): string | undefined {
  if (kind === 'core') return CORE_PROPERTIES.get(uri)?.get(local);
  if (kind === 'app') return APP_NAMESPACES.has(uri) && APP_PROPERTIES.has(local) ? local : undefined;
  return local === 'property' && CUSTOM_NAMESPACES.has(uri) ? (nameAttribute ?? 'property') : undefined;
}

/**
 * Names each text-bearing leaf of a property once per part: the property's
 * name for the first, `name[2]`, `name[3]` … for repeats (a vector, a
 * duplicated element), counted in document order by importer and exporter alike.
 */
export class PropertyNames {
  private readonly seen = new Map<string, number>();
  next(base: string): string {
    const n = (this.seen.get(base) ?? 0) + 1;
    this.seen.set(base, n);
    return n === 1 ? base : `${base}[${n}]`;
  }
}

/**
 * The non-empty text values of an OPC property part (core, app or custom),
 * each named as `PropertyNames` names it: what DOCX and XLSX importers scan
 * and what the exporters clear.
 */
export function readPropertyValues(part: string, bytes: Uint8Array): { name: string; value: string }[] {
  const out: { name: string; value: string }[] = [];
  let kind: PropertyPartKind | undefined;
  let depth = 0;
  let base: string | undefined;
  let leaf: { value: string } | undefined;
  const names = new PropertyNames();
  saxParse(bytes, part, {
    open(tag) {
      depth++;
      if (depth === 1) kind = propertyPartKind(tag.uri, tag.local);
      else if (depth === 2 && kind) base = propertyBase(kind, tag.uri, tag.local, saxAttribute(tag, { ns: null, local: 'name' }));
      // Each element may be a leaf; opening a child proves its parent is not.
      leaf = base !== undefined && depth >= 2 ? { value: '' } : undefined;
    },
    close() {
      if (leaf && base !== undefined) {
        const name = names.next(base);
        if (leaf.value.length > 0) out.push({ name, value: leaf.value });
      }
      leaf = undefined;
      if (depth === 2) base = undefined;
      depth--;
    },
    text(value) {
      if (leaf) leaf.value += value;
    },
  });
  return out;
}

// ---------------------------------------------------------------------------
// Streaming parse

/** An element's resolved name. */
export interface XmlName {
  readonly uri: string;
  readonly local: string;
}

const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/**
 * Prefix bindings in scope: a stack of URIs per prefix, pushed by the element
 * that declares the prefix and popped when it closes, so that a lookup never
 * walks up the open elements (thousands of nested declarations once made
 * every element name cost the depth). Names resolved are kept until the
 * bindings next change.
 */
class Bindings {
  private readonly stacks = new Map<string, string[]>([['', ['']], ['xml', [XML_NS]]]);
  private names = new Map<string, XmlName | null>();

  uri(prefix: string): string | undefined {
    const uris = this.stacks.get(prefix);
    return uris === undefined ? undefined : uris[uris.length - 1];
  }

  declare(bindings: ReadonlyMap<string, string>): void {
    for (const [prefix, uri] of bindings) {
      const uris = this.stacks.get(prefix);
      if (uris) uris.push(uri);
      else this.stacks.set(prefix, [uri]);
    }
    this.names = new Map();
  }

  undeclare(prefixes: Iterable<string>): void {
    for (const prefix of prefixes) this.stacks.get(prefix)!.pop();
    this.names = new Map();
  }

  /** `null` when the prefix is unbound. */
  resolve(qname: string): XmlName | null {
    let name = this.names.get(qname);
    if (name === undefined) {
      const colon = qname.indexOf(':');
      const uri = this.uri(colon < 0 ? '' : qname.slice(0, colon));
      name = uri === undefined ? null : { uri, local: colon < 0 ? qname : qname.slice(colon + 1) };
      this.names.set(qname, name);
    }
    return name;
  }
}

/**
 * An element as the streaming parser reports it to `open`: its resolved name,
 * its attributes raw by qualified name, and the bindings to resolve them.
 * The object is reused from element to element; read it, do not keep it.
 */
export interface XmlTag extends XmlName {
  readonly attributes: Readonly<Record<string, string>>;
  readonly scope: { uri(prefix: string): string | undefined };
}

export interface SaxHandlers {
  open(tag: XmlTag): void;
  close(name: XmlName): void;
  text(text: string): void;
}


function malformed(partName: string): AppError {
  return new AppError('bad_input', `文件部件 ${partName} 的 XML 已损坏`, `part ${partName} is malformed XML`);
}

/**
 * Streams an OOXML part through saxes. Office parts never carry a DTD, so a
 * doctype is refused outright (no entity expansion, no external entities);
 * any well-formedness error, an unbound prefix included, is a clear AppError.
 * Namespaces are resolved here rather than by saxes, which would resolve
 * every attribute of every element (two thirds of its time); attributes are
 * resolved only when asked for (`saxAttribute`).
 */
export function saxParse(bytes: Uint8Array, partName: string, handlers: SaxHandlers): void {
  const text = new TextDecoder('utf-8').decode(bytes);
  const parser = new SaxesParser({ xmlns: false, position: false, fileName: partName });
  const scope = new Bindings();
  /** The open elements: each one's name and the prefixes it declared. */
  const open: { name: XmlName; declared: Map<string, string> | undefined }[] = [];
  const current = { uri: '', local: '', attributes: {} as Record<string, string>, scope: scope as XmlTag['scope'] };
  parser.on('doctype', () => {
    throw new AppError('bad_input', `文件部件 ${partName} 含有不允许的 DTD 声明，已拒绝`, `part ${partName} contains a DTD; refused`);
  });
  parser.on('error', () => {
    throw malformed(partName);
  });
  parser.on('opentag', (tag) => {
    const attributes = tag.attributes;
    let declared: Map<string, string> | undefined;
    for (const key in attributes) {
      if (key.charCodeAt(0) !== 120 /* x */ || !(key === 'xmlns' || key.startsWith('xmlns:'))) continue;
      (declared ??= new Map()).set(key === 'xmlns' ? '' : key.slice(6), attributes[key]!);
    }
    if (declared) scope.declare(declared);
    const name = scope.resolve(tag.name);
    if (!name) throw malformed(partName);
    open.push({ name, declared });
    current.uri = name.uri;
    current.local = name.local;
    current.attributes = attributes;
    handlers.open(current);
  });
  parser.on('closetag', () => {
    const { name, declared } = open.pop()!;
    if (declared) scope.undeclare(declared.keys());
    handlers.close(name);
  });
  parser.on('text', handlers.text);
  parser.on('cdata', handlers.text);
  try {
    parser.write(text).close();
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw malformed(partName);
  }
}

/** An attribute's value from a streamed tag, by namespace (`null`: none) and local name. */
export function saxAttribute(tag: XmlTag, spec: Pick<TextAttribute, 'ns' | 'local'>): string | undefined {
  for (const key in tag.attributes) {
    const colon = key.indexOf(':');
    if (colon < 0) {
      if (key === spec.local && spec.ns === null) return tag.attributes[key];
      continue;
    }
    const prefix = key.slice(0, colon);
    if (prefix === 'xmlns' || key.slice(colon + 1) !== spec.local) continue;
    if (attributeMatches(spec, tag.scope.uri(prefix), spec.local)) return tag.attributes[key];
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// Hidden-text formatting

/** Hidden-text formatting from `word/styles.xml`: styles whose run properties set `w:vanish`. */
export interface HiddenStyles {
  character(id: string | undefined): boolean | undefined;
  paragraph(id: string | undefined): boolean | undefined;
  readonly defaultVanish: boolean | undefined;
  /** Whether any style or the defaults set vanish: then every run must be looked at. */
  readonly any: boolean;
}

const NO_STYLES: HiddenStyles = { character: () => undefined, paragraph: () => undefined, defaultVanish: undefined, any: false };

/**
 * Styles whose run properties set `w:vanish`, resolved through `w:basedOn`,
 * and the document default: how the importer decides that a run is hidden.
 * `specVanish`: a style's `w:specVanish` hides too (the export's cleaning
 * reads it; the importer does not).
 */
export function readHiddenStyles(bytes: Uint8Array | undefined, specVanish = false): HiddenStyles {
  // Most style sheets never mention vanish; skip parsing them (they can be megabytes).
  if (!bytes || !Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(specVanish ? 'anish' : 'vanish')) return NO_STYLES;
  interface StyleDef {
    type: string;
    basedOn?: string;
    vanish?: boolean;
  }
  const styles = new Map<string, StyleDef>();
  let defaultParagraph: string | undefined;
  let defaultVanish: boolean | undefined;
  const path: string[] = [];
  let current: StyleDef | undefined;
  const W_VAL = { ns: W_NAMESPACES, local: 'val' };
  saxParse(bytes, 'word/styles.xml', {
    open(tag) {
      const w = W_NAMESPACES.has(tag.uri);
      const parent = path[path.length - 1];
      const grand = path[path.length - 2];
      if (w && tag.local === 'style' && path.length === 1) {
        const id = saxAttribute(tag, { ns: W_NAMESPACES, local: 'styleId' }) ?? '';
        current = { type: saxAttribute(tag, { ns: W_NAMESPACES, local: 'type' }) ?? 'paragraph' };
        styles.set(id, current);
        if (current.type === 'paragraph' && onOff(saxAttribute(tag, { ns: W_NAMESPACES, local: 'default' }) ?? 'false')) defaultParagraph = id;
      } else if (w && tag.local === 'basedOn' && parent === 'style' && current) {
        current.basedOn = saxAttribute(tag, W_VAL);
      } else if (w && (tag.local === 'vanish' || (specVanish && tag.local === 'specVanish')) && parent === 'rPr') {
        const on = onOff(saxAttribute(tag, W_VAL));
        // specVanish only ever hides; vanish may also unhide.
        if (tag.local === 'specVanish' && !on) {
          // nothing
        } else if (grand === 'style' && current) current.vanish = on;
        else if (grand === 'rPrDefault') defaultVanish = on;
      }
      path.push(w ? tag.local : '');
    },
    close(tag) {
      path.pop();
      if (W_NAMESPACES.has(tag.uri) && tag.local === 'style' && path.length === 1) current = undefined;
    },
    text() {},
  });
  const resolve = (id: string | undefined, type: string): boolean | undefined => {
    for (let i = 0; id !== undefined && i < 32; i++) {
      const s = styles.get(id);
      if (!s || s.type !== type) return undefined;
      if (s.vanish !== undefined) return s.vanish;
      id = s.basedOn;
    }
    return undefined;
  };
  return {
    character: (id) => resolve(id, 'character'),
    paragraph: (id) => resolve(id ?? defaultParagraph, 'paragraph'),
    defaultVanish,
    any: defaultVanish === true || [...styles.values()].some((s) => s.vanish === true),
  };
}
