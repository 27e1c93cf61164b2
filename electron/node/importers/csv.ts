import type { ExtractedDocument, Segment } from '../../../shared/document/model';
import { AppError } from '../../../shared/errors';
import { decodeText } from '../text/encoding';
import { importTxt } from './txt';

/**
 * CSV and TSV as tables, so that the rule engine knows the header of every
 * column (a 姓名 or 身份证号 column), as it does for XLSX and DOCX tables.
 *
 * Decoding is the text importer's (`decodeText`: BOMs, UTF-16/32, GB18030,
 * Big5). Parsing follows RFC 4180 and is lenient where Excel is: quoted
 * fields may hold delimiters, doubled quotes and line breaks; records end in
 * CRLF, LF or a lone CR; a final line break adds no record; a quote inside
 * an unquoted field is an ordinary character; text after a closing quote is
 * kept (`"abc"def` reads `abcdef`); rows may have any number of fields. A
 * quote that is never closed is reported (`csv_unterminated_quote`) and read
 * as an ordinary character, so the rest of the file still splits into cells.
 * An Excel `sep=;` first line chooses the delimiter and is not a row.
 *
 * Delimiter: the caller's, else `sep=`, else tab for `.tsv`, else whichever
 * of `,` `\t` `;` splits the first records most consistently into two or
 * more fields.
 *
 * Canonical text, as the XLSX importer writes a sheet (no title line):
 *
 *   序号⇥姓名⇥身份证号⇥联系电话      ← the first record, the header
 *   1⇥张三⇥110105…⇥138…            ← one line per record, empty fields kept as empty
 *
 * Records whose fields are all empty are left out (their row numbers still
 * count). A record of a single field (a title above the table) has no tab,
 * so the engine's table block starts at the header under it; once a table
 * has started, single-field records keep one trailing tab so they do not end
 * it. Tabs, line breaks and other control characters inside a field become
 * spaces of the same length, so offsets inside the cell stay exact; the
 * cells where that happened are listed in a `csv_cell_normalised` warning
 * (a `Segment` has no field for such a note, and the model is shared).
 *
 * Locations. A field's text is one segment `{kind: 'xlsx', sheet, cell,
 * offset: 0}`; tabs and line breaks are separators. `SourceLocation` has no
 * CSV kind; of the existing ones the spreadsheet cell fits best:
 *  - it names the row (the record number, 1-based, as Excel and WPS number
 *    the rows when they open the file, line breaks inside quoted fields
 *    notwithstanding) and the column (A, B, …), which is what a reviewer
 *    looks for in a table: `工作表“公示名单”C3单元格`;
 *  - its offset is an offset inside the cell's value, exact even where the
 *    source differs from the value (doubled quotes, dropped quotes, flattened
 *    line breaks), so one segment per cell maps every character;
 *  - `txt` would give the line and character column in the file, which
 *    drifts from the row after a multi-line field and whose “第N列” a
 *    reviewer would read as the N-th table column, and it would need a
 *    segment per piece of every quoted field.
 * The sheet is the file name without its extension, as Excel and WPS name
 * the one sheet of a CSV file they open ({@link CsvOptions.fileName}), or
 * `CSV` without a name.
 *
 * `format` is 'txt': `DocumentFormat` has no 'csv', and a CSV file is text
 * (its encoding is recorded like a text file's). Note that the text exporter
 * writes the canonical text back, i.e. tab-separated rows.
 */

/** Excel's column count; a wider record is not a table a reviewer can read. */
export const MAX_CSV_COLUMNS = 16_384;
/** UTF-16 code units in one field (Excel keeps 32,767 per cell). */
export const MAX_CSV_FIELD_LENGTH = 1_048_576;
/**
 * Non-empty cells (one segment each), as for XLSX workbooks. A larger file is
 * read as plain text instead (`csv_read_as_text` warning), as it was before
 * CSV files became tables: a segment per line, no column headers.
 */
export const MAX_CSV_CELLS = 2_000_000;

class TooManyCells extends Error {}

export type CsvDelimiter = ',' | '\t' | ';';

export interface CsvOptions {
  /** Field delimiter; detected when absent. */
  delimiter?: CsvDelimiter;
  /** Name of the file: the sheet name of locations, and `.tsv` means tab-delimited. */
  fileName?: string;
  /** Caps: {@link MAX_CSV_COLUMNS}, {@link MAX_CSV_FIELD_LENGTH} and {@link MAX_CSV_CELLS} unless set. */
  maxColumns?: number;
  maxFieldLength?: number;
  maxCells?: number;
}

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;
const CANDIDATES: readonly CsvDelimiter[] = [',', '\t', ';'];
/** Records read to choose the delimiter. */
const SAMPLE_RECORDS = 20;
/** UTF-16 code units read to choose the delimiter (cut back to the last line break). */
const SAMPLE_CHARS = 65_536;
/** Cell references listed in one warning before it just counts. */
const LISTED = 10;

// ---------------------------------------------------------------------------
// Parsing

interface ParseLimits {
  maxFieldLength: number;
  /** Stop after this many records. */
  maxRecords: number;
}

interface ParseSink {
  /** One field's value, quotes removed; `unterminated` when its opening quote was never closed. */
  field(value: string, unterminated: boolean): void;
  endRecord(): void;
}

function fieldTooLong(max: number): AppError {
  return new AppError(
    'too_large',
    `CSV 文件中有单个字段超过 ${max.toLocaleString('en-US')} 个字符，不像表格，已拒绝导入；如为普通文本，请改为 .txt 后再导入`,
    `a CSV field exceeds ${max} characters; if the file is plain text, rename it to .txt`,
  );
}

/**
 * The value of the quoted field whose opening quote is just before `from`,
 * and the index of its closing quote; null when it is never closed. Scans
 * ahead with indexOf only, so an unterminated quote costs one pass.
 */
function readQuoted(s: string, from: number, max: number): { value: string; close: number } | null {
  const parts: string[] = [];
  let length = 0;
  let j = from;
  for (;;) {
    const k = s.indexOf('"', j);
    if (k < 0) return null;
    const doubled = s.charCodeAt(k + 1) === QUOTE;
    const piece = doubled ? s.slice(j, k + 1) : s.slice(j, k);
    length += piece.length;
    // Past the cap nothing more is kept, but the scan goes on: an unterminated quote is a warning, not a refusal.
    if (length <= max) parts.push(piece);
    if (!doubled) {
      if (length > max) throw fieldTooLong(max);
      return { value: parts.join(''), close: k };
    }
    j = k + 2;
  }
}

/** Characters from `from` up to the next delimiter, line break or the end. */
function readUnquoted(s: string, from: number, delim: number, max: number): number {
  const n = s.length;
  let j = from;
  while (j < n) {
    const c = s.charCodeAt(j);
    if (c === delim || c === LF || c === CR) break;
    j++;
  }
  if (j - from > max) throw fieldTooLong(max);
  return j;
}

/** Reads records from `pos` to the end (or `limits.maxRecords`), field by field. */
function parse(s: string, pos: number, delim: number, limits: ParseLimits, sink: ParseSink): void {
  const n = s.length;
  if (pos >= n) return;
  let records = 0;
  for (;;) {
    let value: string;
    let end: number;
    let unterminated = false;
    const quoted = s.charCodeAt(pos) === QUOTE ? readQuoted(s, pos + 1, limits.maxFieldLength) : undefined;
    if (quoted) {
      // Anything between the closing quote and the delimiter is kept as written.
      end = readUnquoted(s, quoted.close + 1, delim, limits.maxFieldLength);
      value = end > quoted.close + 1 ? quoted.value + s.slice(quoted.close + 1, end) : quoted.value;
      if (value.length > limits.maxFieldLength) throw fieldTooLong(limits.maxFieldLength);
    } else {
      // Unquoted, or an opening quote never closed: then the quote is an ordinary character.
      unterminated = quoted === null;
      end = readUnquoted(s, pos, delim, limits.maxFieldLength);
      value = s.slice(pos, end);
    }
    sink.field(value, unterminated);
    if (end >= n) {
      sink.endRecord();
      return;
    }
    const c = s.charCodeAt(end);
    if (c === delim) {
      pos = end + 1; // at the end of the text, the next field is the empty last one
      continue;
    }
    sink.endRecord();
    pos = c === CR && s.charCodeAt(end + 1) === LF ? end + 2 : end + 1;
    if (pos >= n || ++records >= limits.maxRecords) return;
  }
}

// ---------------------------------------------------------------------------
// Delimiter

/**
 * The candidate that splits the first records most consistently into two or
 * more fields: the largest share of non-empty records with the most common
 * field count; then the larger count; then `,` before tab before `;`.
 */
function detectDelimiter(s: string, pos: number): CsvDelimiter {
  // A bounded prefix, so that a hostile first line (millions of commas, one endless field) costs little here.
  let sample = s.slice(pos, pos + SAMPLE_CHARS);
  if (sample.length === SAMPLE_CHARS) {
    const lastBreak = Math.max(sample.lastIndexOf('\n'), sample.lastIndexOf('\r'));
    if (lastBreak > 0) sample = sample.slice(0, lastBreak + 1);
  }
  let best: { delimiter: CsvDelimiter; share: number; count: number } | null = null;
  for (const delimiter of CANDIDATES) {
    const counts: number[] = [];
    let fields = 0;
    let empty = true;
    parse(sample, 0, delimiter.charCodeAt(0), { maxFieldLength: Infinity, maxRecords: SAMPLE_RECORDS }, {
      field: (value) => {
        fields++;
        if (value.length > 0) empty = false;
      },
      endRecord: () => {
        if (!empty) counts.push(fields);
        fields = 0;
        empty = true;
      },
    });
    const freq = new Map<number, number>();
    for (const c of counts) if (c > 1) freq.set(c, (freq.get(c) ?? 0) + 1);
    let count = 0;
    let times = 0;
    for (const [c, t] of freq) if (t > times || (t === times && c > count)) [count, times] = [c, t];
    if (times === 0) continue;
    const share = times / counts.length;
    if (!best || share > best.share || (share === best.share && count > best.count)) best = { delimiter, share, count };
  }
  return best?.delimiter ?? ',';
}

// ---------------------------------------------------------------------------
// Canonical text

function columnLetters(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** Control characters and line/paragraph separators would split the row or shift its columns. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u2028\u2029]/g;

class TextBuilder {
  readonly pieces: string[] = [];
  readonly segments: Segment[] = [];
  length = 0;

  separator(s: string): void {
    const last = this.segments[this.segments.length - 1];
    if (last && last.location.kind === 'separator' && last.end === this.length) last.end += s.length;
    else this.segments.push({ start: this.length, end: this.length + s.length, location: { kind: 'separator' } });
    this.pieces.push(s);
    this.length += s.length;
  }

  cell(s: string, sheet: string, cell: string): void {
    this.segments.push({ start: this.length, end: this.length + s.length, location: { kind: 'xlsx', sheet, cell, offset: 0 } });
    this.pieces.push(s);
    this.length += s.length;
  }
}

/** Cell references for one warning: the first few, then a count. */
class CellList {
  readonly cells: string[] = [];
  count = 0;
  add(ref: string): void {
    this.count++;
    if (this.cells.length < LISTED) this.cells.push(ref);
  }
  warning(key: string, sheet: string): string | null {
    if (this.count === 0) return null;
    return `${key}:${sheet}!${this.cells.join(',')}${this.count > this.cells.length ? `…(${this.count})` : ''}`;
  }
}

/** The file name without folder and extension, as Excel names the sheet of a CSV file. */
function sheetName(fileName: string | undefined): string {
  const base = (fileName ?? '').replace(/^.*[\\/]/, '');
  const dot = base.lastIndexOf('.');
  const stem = (dot > 0 ? base.slice(0, dot) : base).replace(CONTROL, ' ').trim();
  return stem || 'CSV';
}

interface TableLimits {
  maxColumns: number;
  maxFieldLength: number;
  maxCells: number;
}

/** Canonical text and segments of the records from `pos`, with their warnings. */
function readTable(s: string, pos: number, delimiter: CsvDelimiter, sheet: string, limits: TableLimits): Pick<ExtractedDocument, 'text' | 'segments' | 'warnings'> {
  const { maxColumns, maxCells } = limits;
  const out = new TextBuilder();
  const normalised = new CellList();
  const unterminated = new CellList();
  let row = 1;
  let fields: string[] = [];
  let cells = 0;
  /** Set once a record of two or more fields has been written: from then on every row keeps at least one tab. */
  let tableStarted = false;

  parse(s, pos, delimiter.charCodeAt(0), { maxFieldLength: limits.maxFieldLength, maxRecords: Infinity }, {
    field: (value, open) => {
      if (fields.length >= maxColumns) {
        throw new AppError(
          'too_large',
          `CSV 文件第 ${row} 行超过 ${maxColumns.toLocaleString('en-US')} 列，已拒绝导入；请检查分隔符或将文件拆分后再导入`,
          `row ${row} of the CSV file has more than ${maxColumns} columns; check the delimiter or split the file`,
        );
      }
      if (open) unterminated.add(`${columnLetters(fields.length)}${row}`);
      fields.push(value);
    },
    endRecord: () => {
      const record = fields;
      fields = [];
      const r = row++;
      if (record.every((f) => f.length === 0)) return;
      for (let c = 0; c < record.length; c++) {
        if (c > 0) out.separator('\t');
        const value = record[c]!;
        if (value.length === 0) continue;
        if (++cells > maxCells) throw new TooManyCells();
        const ref = `${columnLetters(c)}${r}`;
        CONTROL.lastIndex = 0;
        if (CONTROL.test(value)) {
          normalised.add(ref);
          out.cell(value.replace(CONTROL, ' '), sheet, ref);
        } else out.cell(value, sheet, ref);
      }
      // A record of one field has no tab and would end the table block: under a table, keep one.
      if (record.length === 1 && tableStarted) out.separator('\t');
      if (record.length > 1) tableStarted = true;
      out.separator('\n');
    },
  });

  const warnings: string[] = [];
  for (const w of [unterminated.warning('csv_unterminated_quote', sheet), normalised.warning('csv_cell_normalised', sheet)]) if (w) warnings.push(w);
  return { text: out.pieces.join(''), segments: out.segments, warnings };
}

/** Where the records start (after a BOM and a `sep=` line) and the delimiter. */
function tableStart(s: string, options: Pick<CsvOptions, 'delimiter' | 'fileName'>): { pos: number; delimiter: CsvDelimiter } {
  let pos = s.charCodeAt(0) === 0xfeff ? 1 : 0;
  let delimiter = options.delimiter;
  // Excel's `sep=;` line: a directive, not a row.
  const sep = /^sep=([,\t;])(?:\r\n|\r|\n|$)/i.exec(s.slice(pos, pos + 8));
  if (sep) {
    pos += sep[0].length;
    delimiter ??= sep[1] as CsvDelimiter;
  }
  if (!delimiter && options.fileName && /\.tsv$/i.test(options.fileName)) delimiter = '\t';
  return { pos, delimiter: delimiter ?? detectDelimiter(s, pos) };
}

/**
 * The records of decoded CSV text as the importer splits them (same
 * delimiter choice and quoting rules), fields exactly as written (nothing
 * normalised, empty records kept so that index + 1 is the row number), for
 * callers that want rows rather than a document, such as list import.
 * A field longer than `maxFieldLength` is refused as in {@link importCsv}.
 */
export function csvRecords(s: string, options: Pick<CsvOptions, 'delimiter' | 'fileName' | 'maxFieldLength'> = {}): string[][] {
  const { pos, delimiter } = tableStart(s, options);
  const records: string[][] = [];
  let fields: string[] = [];
  parse(s, pos, delimiter.charCodeAt(0), { maxFieldLength: options.maxFieldLength ?? MAX_CSV_FIELD_LENGTH, maxRecords: Infinity }, {
    field: (value) => void fields.push(value),
    endRecord: () => {
      records.push(fields);
      fields = [];
    },
  });
  return records;
}

export function importCsv(bytes: Uint8Array, options: CsvOptions = {}): ExtractedDocument {
  const limits: TableLimits = {
    maxColumns: options.maxColumns ?? MAX_CSV_COLUMNS,
    maxFieldLength: options.maxFieldLength ?? MAX_CSV_FIELD_LENGTH,
    maxCells: options.maxCells ?? MAX_CSV_CELLS,
  };
  const decoded = decodeText(bytes);
  const s = decoded.text;
  const { pos, delimiter } = tableStart(s, options);

  let table: Pick<ExtractedDocument, 'text' | 'segments' | 'warnings'>;
  try {
    table = readTable(s, pos, delimiter, sheetName(options.fileName), limits);
  } catch (err) {
    if (!(err instanceof TooManyCells)) throw err;
    // Too big a table to hold a segment per cell: plain text (a segment per line), as CSV files
    // were read before. Every character is still scanned; only the column headers are not known.
    const plain = importTxt(bytes);
    return { ...plain, warnings: [...plain.warnings, `csv_read_as_text:${limits.maxCells}`] };
  }
  return {
    // A table, exported back as CSV (exporters/csv.ts) rather than as the tab-joined canonical text.
    format: 'csv',
    text: table.text,
    segments: table.segments,
    encoding: decoded.encoding,
    warnings: decoded.uncertain ? ['encoding_uncertain', ...table.warnings] : table.warnings,
  };
}
