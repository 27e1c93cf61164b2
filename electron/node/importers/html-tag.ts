/**
 * The HTML tag reader shared by the importer and the exporter: both must cut
 * a page into tags and attribute values identically, or the exporter could
 * leave a value unescaped that the importer read as text (and scanned).
 */

export function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d;
}

/** Forward-only search for one character below `to`, memoised so repeated misses never rescan. */
export class Finder {
  private from = Number.POSITIVE_INFINITY;
  private found = -1;
  constructor(private readonly src: string, private readonly ch: string, private readonly to = Number.POSITIVE_INFINITY) {}
  next(pos: number): number {
    if (pos >= this.from && (this.found === -1 || pos <= this.found)) return this.found;
    this.from = pos;
    const i = this.src.indexOf(this.ch, pos);
    this.found = i >= 0 && i < this.to ? i : -1;
    return this.found;
  }
}

export interface TagAttribute {
  nameStart: number;
  nameEnd: number;
  /** Value range; empty at `nameEnd` when the attribute has no value. */
  start: number;
  end: number;
  hasValue: boolean;
  /** `"`, `'` or '' (unquoted or no value). */
  quote: string;
  /** A quote that never closes: the value runs to the next `>` (a browser would swallow the rest of the page). */
  unterminated: boolean;
}

/** Reads a tag name and its attributes from `at` (just after `<` or `</`) below `n`, up to and including `>`. */
export function scanTag(
  src: string,
  at: number,
  n: number,
  find: Record<'gt' | 'dq' | 'sq', Finder>,
  onAttribute: ((a: TagAttribute) => void) | null,
): { name: string; selfClosing: boolean; end: number } {
  let j = at;
  while (j < n) {
    const c = src.charCodeAt(j);
    if (isSpace(c) || c === 0x2f || c === 0x3e) break;
    j++;
  }
  const name = src.slice(at, j).toLowerCase();
  let selfClosing = false;
  for (;;) {
    while (j < n && (isSpace(src.charCodeAt(j)) || src.charCodeAt(j) === 0x2f)) {
      selfClosing = src.charCodeAt(j) === 0x2f;
      j++;
    }
    if (j >= n) return { name, selfClosing, end: n };
    if (src.charCodeAt(j) === 0x3e) return { name, selfClosing, end: j + 1 };
    selfClosing = false;
    const nameStart = j;
    j++; // the first character of a name may be '='
    while (j < n) {
      const c = src.charCodeAt(j);
      if (isSpace(c) || c === 0x2f || c === 0x3e || c === 0x3d) break;
      j++;
    }
    const attr: TagAttribute = { nameStart, nameEnd: j, start: j, end: j, hasValue: false, quote: '', unterminated: false };
    let k = j;
    while (k < n && isSpace(src.charCodeAt(k))) k++;
    if (k < n && src.charCodeAt(k) === 0x3d) {
      attr.hasValue = true;
      k++;
      while (k < n && isSpace(src.charCodeAt(k))) k++;
      const q = src.charCodeAt(k);
      if (q === 0x22 || q === 0x27) {
        const close = (q === 0x22 ? find.dq : find.sq).next(k + 1);
        attr.quote = String.fromCharCode(q);
        attr.start = k + 1;
        if (close >= 0) {
          attr.end = close;
          j = close + 1;
        } else {
          const gt = find.gt.next(k + 1);
          attr.end = gt < 0 ? n : gt;
          attr.unterminated = true;
          j = attr.end;
        }
      } else {
        attr.start = k;
        j = k;
        while (j < n && !isSpace(src.charCodeAt(j)) && src.charCodeAt(j) !== 0x3e) j++;
        attr.end = j;
      }
    }
    onAttribute?.(attr);
  }
}
