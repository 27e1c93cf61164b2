import type { Document, Element } from '@xmldom/xmldom';

/** WordprocessingML namespaces: transitional and strict OOXML. */
const W_NAMESPACES = new Set([
  'http://schemas.openxmlformats.org/wordprocessingml/2006/main',
  'http://purl.oclc.org/ooxml/wordprocessingml/main',
]);

export function isW(el: Element, localName: string): boolean {
  return el.localName === localName && W_NAMESPACES.has(el.namespaceURI ?? '');
}

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

/**
 * Every `w:t` of a part in document order. Import and export both number
 * text elements by this order, which is how a redaction finds its run.
 */
export function textElements(doc: Document): Element[] {
  const out: Element[] = [];
  walkElements(doc, (el) => {
    if (isW(el, 't')) out.push(el);
  });
  return out;
}

/** The parts scanned after the body, in this order; each matched by name. */
export function isScannedPart(name: string): boolean {
  return (
    name === 'word/document.xml' ||
    /^word\/(header|footer)\d*\.xml$/.test(name) ||
    name === 'word/footnotes.xml' ||
    name === 'word/endnotes.xml' ||
    name === 'word/comments.xml'
  );
}

export function partOrder(name: string): string {
  if (name === 'word/document.xml') return '0';
  if (name.startsWith('word/header')) return `1${name}`;
  if (name.startsWith('word/footer')) return `2${name}`;
  return `3${name}`;
}
