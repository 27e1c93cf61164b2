/**
 * Cells of tab-separated tables (the canonical text of DOCX and spreadsheet
 * tables), for detectors that only report values under a given column header
 * (出生年月, 社会保障号码 ...). The engine's context boost sees headers too
 * (`TableHeaders` in ../text-lines); this helper is for detectors whose
 * candidates exist only because of the header.
 */

export interface Cell {
  start: number;
  end: number;
  text: string;
}

/**
 * Cells of tab-separated table rows that sit under a header cell matching
 * `header`. A table is a run of lines containing tabs; the column is
 * remembered from the header row until a line without a tab ends the table.
 * Cell text is trimmed; offsets point into `text`.
 */
export function cellsUnderHeader(text: string, header: RegExp): Cell[] {
  const out: Cell[] = [];
  // Jump from tab to tab: lines without one are never read (most text has no table).
  let tab = text.indexOf('\t');
  while (tab >= 0) {
    let lineStart = text.lastIndexOf('\n', tab) + 1;
    let column = -1;
    // One table: consecutive lines that contain a tab.
    for (;;) {
      let lineEnd = text.indexOf('\n', lineStart);
      if (lineEnd < 0) lineEnd = text.length;
      if (tab < lineStart || tab >= lineEnd) break;
      const cells = splitCells(text, lineStart, lineEnd);
      const h = cells.findIndex((c) => header.test(c.text));
      if (h >= 0) column = h;
      else if (column >= 0 && cells[column] && cells[column]!.text !== '') out.push(cells[column]!);
      lineStart = lineEnd + 1;
      tab = lineStart <= text.length ? text.indexOf('\t', lineStart) : -1;
      if (tab < 0) break;
    }
  }
  return out;
}

function splitCells(text: string, lineStart: number, lineEnd: number): Cell[] {
  const cells: Cell[] = [];
  let s = 0;
  for (const raw of text.slice(lineStart, lineEnd).split('\t')) {
    const lead = raw.length - raw.trimStart().length;
    const t = raw.trim();
    cells.push({ start: lineStart + s + lead, end: lineStart + s + lead + t.length, text: t });
    s += raw.length + 1;
  }
  return cells;
}
