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
