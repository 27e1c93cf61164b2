import { XMLSerializer, type Document } from '@xmldom/xmldom';
import { zipSync, type Zippable } from 'fflate';
import { maskChar } from '../../../shared/review/decisions';
import { textElements, walkElements } from '../importers/wordml';
import { parseXml } from '../importers/xml';
import { readZip } from '../importers/zip';
import { assertNoLeak } from './leak-check';
import { redactedValues, type RedactionPlan } from './plan';
import type { ExportOutput } from './txt';

/** Per part, per text element: the offsets inside that element to mask. */
type Edits = Map<string, Map<number, Set<number>>>;

function collectEdits(plan: RedactionPlan): Edits {
  const edits: Edits = new Map();
  for (const seg of plan.doc.segments) {
    const loc = seg.location;
    if (loc.kind !== 'docx') continue;
    for (const span of plan.spans) {
      const from = Math.max(span.start, seg.start);
      const to = Math.min(span.end, seg.end);
      if (from >= to) continue;
      const part = edits.get(loc.part) ?? new Map<number, Set<number>>();
      const offsets = part.get(loc.textNode) ?? new Set<number>();
      for (let i = from; i < to; i++) offsets.add(loc.offset + i - seg.start);
      part.set(loc.textNode, offsets);
      edits.set(loc.part, part);
    }
  }
  return edits;
}

function maskString(value: string, offsets: Set<number>): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    // A surrogate pair is one character: mask it once, on its high half.
    if (c >= 0xdc00 && c <= 0xdfff && offsets.has(i - 1)) continue;
    out += offsets.has(i) ? maskChar(value[i]!) : value[i]!;
  }
  return out;
}

function applyEdits(doc: Document, nodes: Map<number, Set<number>>): void {
  textElements(doc).forEach((el, index) => {
    const offsets = nodes.get(index);
    if (!offsets) return;
    const value = el.textContent ?? '';
    while (el.firstChild) el.removeChild(el.firstChild);
    el.appendChild(doc.createTextNode(maskString(value, offsets)));
  });
}

/** Every text node of an XML part, for the leak check. */
function allText(bytes: Uint8Array, part: string): string {
  const doc = parseXml(bytes, part);
  const pieces: string[] = [];
  walkElements(doc, (el) => {
    for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === 3 || n.nodeType === 4) pieces.push(n.nodeValue ?? '');
    for (let i = 0; i < el.attributes.length; i++) pieces.push(el.attributes[i]!.value);
  });
  return pieces.join('\n');
}

/**
 * Masks the accepted spans in the runs where they live, so formatting
 * survives; every other entry is copied unchanged. The written package is
 * then read back, every XML part (text and attributes) searched for the
 * redacted values, and the export refused if any remains.
 */
export function exportDocx(plan: RedactionPlan, original: Uint8Array): ExportOutput {
  const entries = readZip(original);
  const serializer = new XMLSerializer();
  for (const [part, nodes] of collectEdits(plan)) {
    const doc = parseXml(entries.get(part)!, part);
    applyEdits(doc, nodes);
    entries.set(part, new TextEncoder().encode(serializer.serializeToString(doc)));
  }
  const zippable: Zippable = {};
  for (const [name, data] of entries) zippable[name] = [data, { level: 6, mtime: new Date('1980-01-01T00:00:00Z') }];
  const bytes = Buffer.from(zipSync(zippable));
  const readBack = new Map<string, string>();
  for (const [name, data] of readZip(bytes)) {
    if (/\.(xml|rels)$/i.test(name)) readBack.set(name, allText(data, name));
  }
  return { bytes, check: assertNoLeak(redactedValues(plan), readBack) };
}
