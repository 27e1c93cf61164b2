import { extname } from 'node:path';
import { AppError } from '../../../shared/errors';
import type { ListImportPreview, ListKind, TermEntry } from '../../../shared/ipc/views';
import { parseTermLine } from '../../../shared/rules/term-list';
import { csvRecords } from '../importers/csv';
import { importXlsx, parseRef } from '../importers/xlsx';
import { decodeText } from '../text/encoding';
import { cleanNote, excerpt, termProblem } from './list-terms';

/** A term read from a list file, with where it stands. */
export interface ListFileEntry extends TermEntry {
  /** 1-based line (TXT) or row (CSV, XLSX). */
  line: number;
  /** The file says whether the term is on or off (a 状态 column, or a `# [停用]` line), not just that it exists. */
  statusGiven: boolean;
}

/** A list file read for import: distinct valid terms in file order, and what was left out. */
export interface ListFile {
  format: 'txt' | 'csv' | 'xlsx';
  encoding: string;
  entries: ListFileEntry[];
  duplicates: ListImportPreview['duplicates'];
  invalid: ListImportPreview['invalid'];
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];

/** Header names (lower case, no spaces) of the columns a table may have; 类别 columns are read as nothing (a term has no category of its own). */
const TERM_HEADERS = new Set(['词条', '术语', '关键词', '关键字', '敏感词', '词语', '词汇', '词', 'term', 'terms', 'keyword', 'keywords', 'word', 'words']);
const NOTE_HEADERS = new Set(['备注', '说明', '注释', '注', 'note', 'notes', 'remark', 'remarks', 'comment', 'comments', 'description']);
const STATUS_HEADERS = new Set(['状态', '启用', 'status', 'enabled']);
/** Rows searched for a header row. */
const HEADER_SEARCH = 5;
const OFF = new Set(['停用', '禁用', '否', 'false', '0', 'off', 'no', 'n', 'disabled']);

/**
 * Reads a list file in any encoding the text importer knows: TXT (the line
 * format of `parseTermLine`), CSV/TSV and XLSX (a header row naming the
 * 词条/备注/状态 columns, or without one: first column the term, last the
 * note). Bad lines are reported, not fatal; a file that is not text at all is.
 */
export function readListFile(fileName: string, bytes: Uint8Array, kind: ListKind): ListFile {
  const ext = extname(fileName).toLowerCase();
  const starts = (magic: number[]) => magic.every((b, i) => bytes[i] === b);
  if (starts(ZIP_MAGIC) || starts(CFB_MAGIC) || ext === '.xlsx' || ext === '.xlsm' || ext === '.xls') {
    return { format: 'xlsx', encoding: 'utf-8', ...readRows(xlsxRows(bytes), kind) };
  }
  const decoded = decodeText(bytes);
  // A text file has no NUL: such bytes are a binary file whatever the guess.
  if (decoded.uncertain || decoded.text.includes('\u0000')) {
    throw new AppError(
      'bad_input',
      '无法识别文件的编码，或不是文本文件；请用记事本或 WPS 另存为 UTF-8 编码的 .txt 或 .csv 后再导入',
      'cannot tell the encoding, or not a text file; save it as UTF-8 .txt or .csv and import again',
    );
  }
  const text = decoded.text.replace(/^\uFEFF/, '');
  if (ext === '.csv' || ext === '.tsv') {
    const rows = csvRecords(text, { fileName, maxFieldLength: Infinity }).map((cells, i) => ({ line: i + 1, cells }));
    return { format: 'csv', encoding: decoded.encoding, ...readRows(rows, kind) };
  }
  return { format: 'txt', encoding: decoded.encoding, ...readLines(text, kind) };
}

type Found = Pick<ListFile, 'entries' | 'duplicates' | 'invalid'>;

/** Collects entries, first occurrence winning, with duplicates and refusals by line. */
class Collector {
  readonly found: Found = { entries: [], duplicates: [], invalid: [] };
  private readonly seen = new Set<string>();
  constructor(private readonly kind: ListKind) {}

  add(line: number, rawTerm: string, note: string, disabled: boolean, statusGiven: boolean): void {
    const term = rawTerm.trim();
    const problem = termProblem(this.kind, term);
    if (problem) this.invalid(line, rawTerm, problem);
    else if (this.seen.has(term)) this.found.duplicates.push({ line, term });
    else {
      this.seen.add(term);
      this.found.entries.push({ term, note: cleanNote(note), disabled, line, statusGiven });
    }
  }

  invalid(line: number, text: string, reason: string): void {
    this.found.invalid.push({ line, text: excerpt(text.trim()), reason });
  }
}

function readLines(text: string, kind: ListKind): Found {
  const out = new Collector(kind);
  // split is linear, and parseTermLine refuses an overlong line before scanning it twice.
  text.split(/\r\n|\r|\n/).forEach((raw, i) => {
    const parsed = parseTermLine(raw);
    if (parsed === 'too_long') out.invalid(i + 1, raw, '行过长，不是词条');
    else if (parsed) out.add(i + 1, parsed.term, parsed.note, parsed.disabled, parsed.disabled);
  });
  return out.found;
}

interface Row {
  line: number;
  cells: string[];
}

const headerKey = (cell: string) => cell.trim().toLowerCase().replace(/\s+/g, '');
const findColumn = (cells: string[], names: Set<string>) => cells.findIndex((c) => c.length <= 40 && names.has(headerKey(c)));

function readRows(rows: Row[], kind: ListKind): Found {
  const out = new Collector(kind);
  // The header may sit under a title row or two (本单位负面清单 in A1): the first few rows are searched for it.
  const at = rows.slice(0, HEADER_SEARCH).findIndex((r) => findColumn(r.cells, TERM_HEADERS) >= 0);
  const head = at >= 0 ? rows[at]!.cells : null;
  const header = head ? { term: findColumn(head, TERM_HEADERS), note: findColumn(head, NOTE_HEADERS), status: findColumn(head, STATUS_HEADERS) } : null;
  for (const { line, cells } of rows.slice(at + 1)) {
    if (cells.every((c) => c.trim() === '')) continue;
    const term = unguard(cells[header ? header.term : 0] ?? '');
    const note = header ? (header.note >= 0 ? (cells[header.note] ?? '') : '') : cells.length > 1 ? cells[cells.length - 1]! : '';
    const status = header && header.status >= 0 ? (cells[header.status] ?? '').trim().toLowerCase() : '';
    out.add(line, term, note, OFF.has(status), status !== '');
  }
  return out.found;
}

/** The `'` that list export puts before a term Excel would read as a formula. */
function unguard(cell: string): string {
  return /^'[=+\-@]/.test(cell) ? cell.slice(1) : cell;
}

/** Rows of the first sheet that has cells, from the XLSX importer's cells (comments and properties left out). */
function xlsxRows(bytes: Uint8Array): Row[] {
  const doc = importXlsx(bytes);
  const rows = new Map<number, string[]>();
  let sheet: string | undefined;
  for (const seg of doc.segments) {
    const loc = seg.location;
    if (loc.kind !== 'xlsx' || seg.hidden === 'cell_comment') continue;
    sheet ??= loc.sheet;
    if (loc.sheet !== sheet) break;
    const ref = parseRef(loc.cell);
    if (!ref) continue;
    const cells = rows.get(ref.row) ?? [];
    while (cells.length < ref.col) cells.push('');
    cells[ref.col] = doc.text.slice(seg.start, seg.end);
    rows.set(ref.row, cells);
  }
  return [...rows].sort((a, b) => a[0] - b[0]).map(([row, cells]) => ({ line: row, cells }));
}
