import { countBelow } from '../sorted';

/** A line of the canonical text with its offsets (line break excluded). */
export interface Line {
  start: number;
  end: number;
  text: string;
  /** 0-based index among non-blank lines. */
  index: number;
}

/** Whether a UTF-16 unit is whitespace as `/\s/` sees it (without the regex call per character). */
export function isWhitespace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 || c === 0x3000 || c === 0xfeff || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f
  );
}

/**
 * Non-blank lines, trimmed of surrounding whitespace, with their offsets into
 * `text`: the first `limit` of them, and of those only the ones at most
 * `maxLength` long (longer lines still count for `index`, but are neither
 * copied nor returned; detectors of short lines skip prose this way).
 */
export function nonBlankLines(text: string, limit = Infinity, maxLength = Infinity): Line[] {
  const out: Line[] = [];
  let pos = 0;
  let index = 0;
  while (pos <= text.length && index < limit) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    let s = pos;
    let e = end;
    while (s < e && isWhitespace(text.charCodeAt(s))) s++;
    while (e > s && isWhitespace(text.charCodeAt(e - 1))) e--;
    if (e > s) {
      if (e - s <= maxLength) out.push({ start: s, end: e, text: text.slice(s, e), index });
      index++;
    }
    pos = end + 1;
  }
  return out;
}

/**
 * Column headers of tab-separated tables (the canonical text of DOCX and
 * spreadsheet tables): for an offset inside a row, the header cell of its
 * column, so that a value under 身份证号 or 联系电话 gets the context its
 * header gives, however far the header is. Built once per text, lazily.
 */
export class TableHeaders {
  /**
   * Start offset of every line, ascending; for each line the start of its table's header line, or -1;
   * and the offset of every tab, ascending, so that a cell's column is counted without walking its row.
   */
  private lines: { starts: Int32Array; header: Int32Array; tabs: Int32Array } | null = null;
  private readonly cells = new Map<number, string[]>();

  constructor(private readonly text: string) {}

  private index(): { starts: Int32Array; header: Int32Array; tabs: Int32Array } {
    const text = this.text;
    const starts: number[] = [];
    const header: number[] = [];
    let current = -1;
    let pos = 0;
    // The next tab at or after `pos`, advanced monotonically so the whole pass stays linear.
    let tab = text.indexOf('\t');
    while (pos <= text.length) {
      let end = text.indexOf('\n', pos);
      if (end < 0) end = text.length;
      if (tab >= 0 && tab < pos) tab = text.indexOf('\t', pos);
      const tabbed = tab >= 0 && tab < end;
      starts.push(pos);
      if (!tabbed) current = -1;
      header.push(tabbed && current >= 0 ? current : -1);
      if (tabbed && current < 0) current = pos;
      pos = end + 1;
    }
    const tabs: number[] = [];
    for (let t = text.indexOf('\t'); t >= 0; t = text.indexOf('\t', t + 1)) tabs.push(t);
    return { starts: Int32Array.from(starts), header: Int32Array.from(header), tabs: Int32Array.from(tabs) };
  }

  /**
   * The header cell above `offset`, or '' when it is not in a table body row. O(log lines + log tabs):
   * counting the row's tabs one by one made a row of thousands of cells quadratic in its length.
   */
  headerAt(offset: number): string {
    this.lines ??= this.index();
    const { starts, header, tabs } = this.lines;
    const lo = Math.max(0, countBelow(starts, offset + 1) - 1); // the last line starting at or before `offset`
    const head = header[lo]!;
    if (head < 0) return '';
    const column = countBelow(tabs, offset) - countBelow(tabs, starts[lo]!);
    let cells = this.cells.get(head);
    if (!cells) {
      let end = this.text.indexOf('\n', head);
      if (end < 0) end = this.text.length;
      cells = this.text.slice(head, end).split('\t');
      this.cells.set(head, cells);
    }
    return cells[column] ?? '';
  }
}
