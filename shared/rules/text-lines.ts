/** A line of the canonical text with its offsets (line break excluded). */
export interface Line {
  start: number;
  end: number;
  text: string;
  /** 0-based index among non-blank lines. */
  index: number;
}

/** Non-blank lines, trimmed of surrounding whitespace, with their offsets into `text`. */
export function nonBlankLines(text: string, limit = Infinity): Line[] {
  const out: Line[] = [];
  let pos = 0;
  while (pos <= text.length && out.length < limit) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    let s = pos;
    let e = end;
    while (s < e && /\s/.test(text[s]!)) s++;
    while (e > s && /\s/.test(text[e - 1]!)) e--;
    if (e > s) out.push({ start: s, end: e, text: text.slice(s, e), index: out.length });
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
  private headerOfLine: Map<number, number> | null = null;

  constructor(private readonly text: string) {}

  private index(): Map<number, number> {
    const map = new Map<number, number>();
    const text = this.text;
    let header = -1;
    let pos = 0;
    while (pos < text.length) {
      let end = text.indexOf('\n', pos);
      if (end < 0) end = text.length;
      const tabbed = text.lastIndexOf('\t', end - 1) >= pos;
      if (!tabbed) header = -1;
      else if (header < 0) header = pos;
      else map.set(pos, header);
      pos = end + 1;
    }
    return map;
  }

  /** The header cell above `offset`, or '' when it is not in a table body row. */
  headerAt(offset: number): string {
    this.headerOfLine ??= this.index();
    const text = this.text;
    const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
    const header = this.headerOfLine.get(lineStart);
    if (header === undefined) return '';
    let column = 0;
    for (let i = text.indexOf('\t', lineStart); i >= 0 && i < offset; i = text.indexOf('\t', i + 1)) column++;
    let lineEnd = text.indexOf('\n', header);
    if (lineEnd < 0) lineEnd = text.length;
    return text.slice(header, lineEnd).split('\t')[column] ?? '';
  }
}
