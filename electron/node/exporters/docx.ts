import type { Attr, Document, Element } from '@xmldom/xmldom';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { AppError } from '../../../shared/errors';
import { maskChar } from '../../../shared/review/decisions';
import { applyEdits, segmentEdits, type TextEdit } from '../../../shared/document/edits';
import {
  FAMILY_ATTRIBUTES,
  MC_NS,
  O_NS,
  PropertyNames,
  editKey,
  familyOf,
  isPropertyPart,
  isTextFamily,
  propertyBase,
  propertyPartKind,
  walkElements,
  type Family,
  type TextAttribute,
} from '../importers/wordml';
import { parseXml } from '../importers/xml';
import { readZip } from '../importers/zip';
import { DocxPackage, REL_NAMESPACES, assertCleaned, cleanDocx, isRelsPart, sourceOfRels } from './docx-clean';
import { assertNoLeak } from './leak-check';
import { redactedValues, type RedactionPlan } from './plan';
import type { ExportOutput } from './txt';
import { writeZip } from './zip';

/** Per part, per text element or attribute (`editKey`) or property name: the edits to its value, in offsets of the whole value. */
type Edits = Map<string, Map<string, TextEdit[]>>;

function collectEdits(plan: RedactionPlan): Edits {
  const edits: Edits = new Map();
  for (const [index, list] of segmentEdits(plan.doc, plan.spans)) {
    const loc = plan.doc.segments[index]!.location;
    if (loc.kind !== 'docx' && loc.kind !== 'property') continue;
    const key = loc.kind === 'docx' ? editKey(loc.element ?? 't', loc.textNode) : loc.name;
    const part = edits.get(loc.part) ?? new Map<string, TextEdit[]>();
    const value = part.get(key) ?? [];
    for (const e of list) value.push({ from: loc.offset + e.from, to: loc.offset + e.to, text: e.text });
    part.set(key, value);
    edits.set(loc.part, part);
  }
  for (const part of edits.values()) for (const list of part.values()) list.sort((a, b) => a.from - b.from);
  return edits;
}

/** `value` with the characters at `offsets` blocked out (copies swept for redacted values). */
function maskString(value: string, offsets: ReadonlySet<number>): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    // A surrogate pair is one character: mask it once, on its high half.
    if (c >= 0xdc00 && c <= 0xdfff && offsets.has(i - 1)) continue;
    out += offsets.has(i) ? maskChar(value[i]!) : value[i]!;
  }
  return out;
}

function setText(doc: Document, el: Element, value: string): void {
  while (el.firstChild) el.removeChild(el.firstChild);
  el.appendChild(doc.createTextNode(value));
}

function findAttribute(el: Element, spec: Pick<TextAttribute, 'ns' | 'local'>) {
  for (let i = 0; i < el.attributes.length; i++) {
    const a = el.attributes[i]!;
    if (a.localName === spec.local && (spec.ns === null ? !a.namespaceURI : spec.ns.has(a.namespaceURI ?? ''))) return a;
  }
  return undefined;
}

function setAttribute(el: Element, attr: { namespaceURI: string | null; name: string }, value: string): void {
  el.setAttributeNS(attr.namespaceURI, attr.name, value);
}

/** Masks the edited text elements and text attributes of a word part, numbered as the importer numbered them. */
function applyWordEdits(doc: Document, edits: ReadonlyMap<string, TextEdit[]>): boolean {
  const counters: Record<Family, number> = { t: 0, delText: 0, instrText: 0, delInstrText: 0, docPr: 0, fldSimple: 0, vml: 0 };
  let changed = false;
  walkElements(doc, (el) => {
    const family = familyOf(el.namespaceURI ?? '', el.localName ?? '');
    if (!family) return;
    const index = counters[family]++;
    if (isTextFamily(family)) {
      const list = edits.get(editKey(family, index));
      if (list) {
        setText(doc, el, applyEdits(el.textContent ?? '', list));
        changed = true;
      }
      return;
    }
    for (const spec of FAMILY_ATTRIBUTES[family] ?? []) {
      const list = edits.get(editKey(spec.element, index));
      const attr = list && findAttribute(el, spec);
      if (list && attr) {
        setAttribute(el, attr, applyEdits(attr.value, list));
        changed = true;
      }
    }
  });
  return changed;
}

/** Masks the properties edited, named as the importer named them. */
function applyPropertyEdits(doc: Document, edits: ReadonlyMap<string, TextEdit[]>): boolean {
  const root = doc.documentElement;
  const kind = root && propertyPartKind(root.namespaceURI ?? '', root.localName ?? '');
  if (!root || !kind) return false;
  const names = new PropertyNames();
  let changed = false;
  for (let n = root.firstChild; n; n = n.nextSibling) {
    if (n.nodeType !== 1) continue;
    const child = n as Element;
    const base = propertyBase(kind, child.namespaceURI ?? '', child.localName ?? '', child.hasAttribute('name') ? child.getAttribute('name')! : undefined);
    if (base === undefined) continue;
    walkElements(child, (el) => {
      for (let c = el.firstChild; c; c = c.nextSibling) if (c.nodeType === 1) return;
      const list = edits.get(names.next(base));
      if (list) {
        setText(doc, el, applyEdits(el.textContent ?? '', list));
        changed = true;
      }
    });
  }
  return changed;
}

/** Offsets of every occurrence of any value in `text`. */
function occurrences(text: string, values: readonly string[]): Set<number> {
  const out = new Set<number>();
  for (const v of values) {
    for (let i = text.indexOf(v); i >= 0; i = text.indexOf(v, i + 1)) for (let j = 0; j < v.length; j++) out.add(i + j);
  }
  return out;
}

/**
 * Drawing properties the importer does not read: the picture's own
 * `pic:cNvPr` repeats `wp:docPr`'s alt text, and both name the picture, often
 * by its file name.
 */
const SHADOW_ATTRIBUTES: readonly Pick<TextAttribute, 'ns' | 'local'>[] = [
  { ns: null, local: 'descr' },
  { ns: null, local: 'title' },
  { ns: null, local: 'name' },
];
/** Attributes holding free text the importer does not read, swept wherever they are: authors, initials, screen tips. */
const FREE_TEXT_ATTRIBUTES = new Set(['author', 'initials', 'tooltip']);

/**
 * Copies the importer skips as repeats, and free text it does not read,
 * swept for the redacted values themselves: the alternative branches of
 * `mc:AlternateContent` after the first (the VML fallback of a text box),
 * drawing names and `pic:cNvPr` alt text, screen tips, and the authors and
 * initials Word records on comments and tracked changes.
 */
function sweepCopies(doc: Document, values: readonly string[]): boolean {
  let changed = false;
  const maskAttribute = (el: Element, spec: Pick<TextAttribute, 'ns' | 'local'>): void => {
    const attr = findAttribute(el, spec);
    if (!attr) return;
    const hits = occurrences(attr.value, values);
    if (hits.size === 0) return;
    setAttribute(el, attr, maskString(attr.value, hits));
    changed = true;
  };
  const sweepBranch = (branch: Element): void => {
    const texts: Element[] = [];
    walkElements(branch, (el) => {
      const family = familyOf(el.namespaceURI ?? '', el.localName ?? '');
      if (family && isTextFamily(family)) texts.push(el);
      else if (family) for (const spec of FAMILY_ATTRIBUTES[family] ?? []) maskAttribute(el, spec);
    });
    // The values may run over several runs: search the branch's text as one string.
    const strings = texts.map((el) => el.textContent ?? '');
    const hits = occurrences(strings.join(''), values);
    if (hits.size === 0) return;
    let base = 0;
    texts.forEach((el, i) => {
      const s = strings[i]!;
      const local = new Set<number>();
      for (let j = 0; j < s.length; j++) if (hits.has(base + j)) local.add(j);
      if (local.size > 0) {
        setText(doc, el, maskString(s, local));
        changed = true;
      }
      base += s.length;
    });
  };
  walkElements(doc, (el) => {
    if (el.namespaceURI === MC_NS && el.localName === 'AlternateContent') {
      let seen = 0;
      for (let n = el.firstChild; n; n = n.nextSibling) {
        if (n.nodeType !== 1) continue;
        const b = n as Element;
        if (b.namespaceURI !== MC_NS || (b.localName !== 'Choice' && b.localName !== 'Fallback')) continue;
        if (seen++ > 0) sweepBranch(b);
      }
    } else if (el.localName === 'cNvPr' || (el.localName === 'docPr' && familyOf(el.namespaceURI ?? '', 'docPr') === 'docPr')) {
      for (const spec of SHADOW_ATTRIBUTES) maskAttribute(el, spec);
    }
    for (let i = 0; i < el.attributes.length; i++) {
      const a = el.attributes[i]!;
      if (FREE_TEXT_ATTRIBUTES.has(a.localName ?? '')) maskAttribute(el, { ns: a.namespaceURI ? new Set([a.namespaceURI]) : null, local: a.localName! });
    }
  });
  return changed;
}

/**
 * Word caches a DrawingML copy of each VML shape in `o:gfxdata`: a base64 zip
 * holding the shape's alt text (and sometimes its text), out of the leak
 * check's sight. It is only a cache, so a part that a redaction touches
 * loses it.
 */
function dropGfxdata(doc: Document): boolean {
  let changed = false;
  walkElements(doc, (el) => {
    if (el.hasAttributeNS(O_NS, 'gfxdata')) {
      el.removeAttributeNS(O_NS, 'gfxdata');
      changed = true;
    }
  });
  return changed;
}

/** `s` with its percent-escapes decoded, or as it is when they are broken. */
function decodePercent(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * Links whose address holds a redacted value (a `mailto:` with the mailbox the
 * reviewer removed from the link's text): the relationship goes, a
 * `w:hyperlink` using it keeps its runs but is no longer a link, and a
 * DrawingML click action using it goes. Judged as the leak check judges, on
 * the address as written and percent-decoded.
 */
function unlinkRedactedTargets(pkg: DocxPackage, values: readonly string[]): void {
  if (values.length === 0) return;
  const leaks = (s: string): boolean => {
    for (const form of new Set([s, decodePercent(s)])) {
      try {
        assertNoLeak(values, new Map([['', form]]));
      } catch (err) {
        if (err instanceof AppError) return true;
        throw err;
      }
    }
    return false;
  };
  for (const rels of pkg.names().filter(isRelsPart)) {
    if (!leaks(pkg.raw(rels))) continue;
    const doc = pkg.doc(rels);
    const ids = new Set<string>();
    const doomed: Element[] = [];
    for (let n = doc.documentElement?.firstChild; n; n = n.nextSibling) {
      if (n.nodeType !== 1) continue;
      const rel = n as Element;
      if (rel.localName !== 'Relationship' || rel.getAttribute('TargetMode') !== 'External' || !leaks(rel.getAttribute('Target') ?? '')) continue;
      ids.add(rel.getAttribute('Id') ?? '');
      doomed.push(rel);
    }
    if (doomed.length === 0) continue;
    for (const rel of doomed) rel.parentNode?.removeChild(rel);
    pkg.touch(rels);
    const source = pkg.find(sourceOfRels(rels));
    if (!source || !/\.xml$/i.test(source)) continue;
    const users: { el: Element; attr: Attr }[] = [];
    walkElements(pkg.doc(source), (el) => {
      for (let i = 0; i < el.attributes.length; i++) {
        const a = el.attributes[i]!;
        if (REL_NAMESPACES.has(a.namespaceURI ?? '') && ids.has(a.value)) users.push({ el, attr: a });
      }
    });
    for (const { el, attr } of users) {
      if (/^hlink/.test(el.localName ?? '')) el.parentNode?.removeChild(el);
      else el.removeAttributeNode(attr);
    }
    if (users.length > 0) pkg.touch(source);
  }
}

const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Every text node, attribute value, comment and processing instruction of an
 * XML part, for the leak check: streamed by saxes, a different path from the
 * xmldom tree the edits were made in (and fast on a 12 MB body). A part saxes
 * will not read is read by xmldom as before. Also what `verifyCopy` reads.
 */
export function xmlPartText(bytes: Uint8Array, part: string): string {
  return saxPartText(bytes, part) ?? allTextByDom(bytes, part);
}

/**
 * `xmlPartText`'s saxes reading: undefined when saxes will not read the part.
 * `onTag` sees each opening tag with its depth (0: the root element).
 */
export function saxPartText(bytes: Uint8Array, part: string, onTag?: (tag: SaxesTagPlain, depth: number) => void): string | undefined {
  const pieces: string[] = [];
  const parser = new SaxesParser({ xmlns: false, position: false });
  let depth = 0;
  parser.on('doctype', () => {
    throw new AppError('bad_input', `文件部件 ${part} 含有不允许的 DTD 声明，已拒绝`, `part ${part} contains a DTD; refused`);
  });
  parser.on('error', (err) => {
    throw err;
  });
  parser.on('opentag', (tag) => {
    for (const name in tag.attributes) pieces.push(tag.attributes[name]!);
    onTag?.(tag, depth++);
  });
  if (onTag) parser.on('closetag', () => depth--);
  parser.on('text', (t) => pieces.push(t));
  parser.on('cdata', (t) => pieces.push(t));
  parser.on('comment', (t) => pieces.push(t));
  parser.on('processinginstruction', (pi) => pieces.push(pi.body));
  try {
    parser.write(new TextDecoder('utf-8').decode(bytes)).close();
  } catch (err) {
    if (err instanceof AppError) throw err;
    return undefined;
  }
  return pieces.join('\n');
}

/** The same pieces read by xmldom; throws when xmldom will not read the part either. */
export function allTextByDom(bytes: Uint8Array, part: string): string {
  const doc = parseXml(bytes, part);
  const pieces: string[] = [];
  walkElements(doc, (el) => {
    for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === 3 || n.nodeType === 4 || n.nodeType === 8) pieces.push(n.nodeValue ?? '');
    for (let i = 0; i < el.attributes.length; i++) pieces.push(el.attributes[i]!.value);
  });
  return pieces.join('\n');
}

/**
 * Masks the accepted spans where they live, so formatting survives: in the
 * run's `w:t`, in deleted text and field codes, in alt-text attributes and in
 * document properties, each found again by the numbering the importer used.
 * Copies the importer skips as repeats are swept for the same values, a
 * changed part drops the `o:gfxdata` caches, and a link whose address holds
 * a redacted value loses its address. The package is then cleaned
 * (`cleanDocx`), in every export: comments, tracked changes (accepted),
 * hidden text, document properties, custom XML, embedded objects with their
 * previews, building blocks, macros and alt text are removed. Every other
 * entry is copied unchanged. The written package is then read back, every
 * XML part (text and attributes) searched for the redacted values, the
 * cleaning checked again on the written bytes (`assertCleaned`), and the
 * export refused if anything remains.
 */
export function exportDocx(plan: RedactionPlan, original: Uint8Array): ExportOutput {
  const entries = readZip(original);
  const pkg = new DocxPackage(entries);
  const edits = collectEdits(plan);
  const values = [
    ...new Set(
      redactedValues(plan)
        .flatMap((v) => v.split(/[\n\t]/))
        .map((v) => v.trim())
        .filter((v) => v.length >= 2),
    ),
  ];
  for (const [part, data] of entries) {
    const partEdits = edits.get(part);
    let mayHoldCopies = false;
    let gfx = false;
    if (/^word\/.+\.xml$/.test(part) && plan.spans.length > 0) {
      const xml = new TextDecoder('utf-8').decode(data);
      mayHoldCopies = values.some((v) => xml.includes(v) || xml.includes(escapeXml(v)));
      gfx = xml.includes('gfxdata');
    }
    if (!partEdits && !mayHoldCopies) continue;
    const doc = pkg.doc(part);
    let changed = false;
    if (partEdits) changed = isPropertyPart(part) ? applyPropertyEdits(doc, partEdits) : applyWordEdits(doc, partEdits);
    if (mayHoldCopies) changed = sweepCopies(doc, values) || changed;
    if (changed && gfx) dropGfxdata(doc);
    if (changed) pkg.touch(part);
  }
  unlinkRedactedTargets(pkg, redactedValues(plan));
  cleanDocx(pkg);
  pkg.flush();
  const bytes = writeZip(entries);
  const written = readZip(bytes);
  const readBack = new Map<string, string>();
  for (const [name, data] of written) {
    if (/\.(xml|rels)$/i.test(name)) readBack.set(name, xmlPartText(data, name));
  }
  const leak = assertNoLeak(redactedValues(plan), readBack);
  const cleaned = assertCleaned(written);
  return { bytes, check: { checked: [...leak.checked, ...cleaned] } };
}
