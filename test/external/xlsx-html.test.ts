import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { segmentAt, type ExtractedDocument, type HiddenPlace } from '../../shared/document/model';
import { AppError } from '../../shared/errors';
import { decodeHtml, importHtml } from '../../electron/node/importers/html';
import { importXlsx } from '../../electron/node/importers/xlsx';
import { HAVE_CORPORA, corpusFiles } from './corpora';

/** A hang guard, not a speed target. */
const BUDGET_MS = 30_000;

/** First problem with the segment invariant, or null. */
function coverProblem(doc: ExtractedDocument): string | null {
  let pos = 0;
  for (const [i, s] of doc.segments.entries()) {
    if (s.start !== pos || s.end <= s.start) return `segment ${i} [${s.start}, ${s.end}) after ${pos}`;
    pos = s.end;
  }
  return pos === doc.text.length ? null : `segments end at ${pos} of ${doc.text.length}`;
}

// ---------------------------------------------------------------------------
// An independent reading of the spreadsheet XML with regular expressions: the
// oracle for where hidden sheets, rows, columns and comments are.

function unescapeXml(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) => {
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (e[0] !== '#') return named[e.toLowerCase()]!;
    return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  });
}

function attrOf(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s(?:[\\w]+:)?${name}\\s*=\\s*"([^"]*)"`).exec(tag) ?? new RegExp(`\\s(?:[\\w]+:)?${name}\\s*=\\s*'([^']*)'`).exec(tag);
  return m ? unescapeXml(m[1]!) : undefined;
}

const on = (v: string | undefined) => v === '1' || v === 'true';

function colIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

function resolve(from: string, target: string): string {
  const parts = target.startsWith('/') ? [] : from.split('/').slice(0, -1);
  for (const p of target.replace(/^\/+/, '').split('/')) {
    if (p === '..') parts.pop();
    else if (p && p !== '.') parts.push(p);
  }
  return parts.join('/');
}

interface Expected {
  /** Sheet name → hidden state, for worksheets only. */
  sheets: Map<string, boolean>;
  /** `sheet!A1` cells that must carry this place when they produce text. */
  cells: Map<string, HiddenPlace>;
  comments: { sheet: string; ref: string; author: string }[];
}

function oracle(bytes: Uint8Array): Expected {
  const files = unzipSync(bytes, { filter: (f) => /\.(xml|rels)$/i.test(f.name) });
  const text = (name: string) => {
    const key = Object.keys(files).find((k) => k.toLowerCase() === name.toLowerCase());
    return key ? new TextDecoder().decode(files[key]) : '';
  };
  const rels = (part: string) => {
    const slash = part.lastIndexOf('/');
    const xml = text(`${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`);
    const out = new Map<string, { type: string; target: string }>();
    for (const m of xml.matchAll(/<Relationship\b[^>]*>/g)) {
      if (attrOf(m[0], 'TargetMode') === 'External') continue;
      out.set(attrOf(m[0], 'Id')!, { type: attrOf(m[0], 'Type') ?? '', target: resolve(part, attrOf(m[0], 'Target') ?? '') });
    }
    return out;
  };
  const expected: Expected = { sheets: new Map(), cells: new Map(), comments: [] };
  const wbRels = rels('xl/workbook.xml');
  for (const m of text('xl/workbook.xml').matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const name = attrOf(m[0], 'name')!;
    const state = attrOf(m[0], 'state');
    const rel = wbRels.get(attrOf(m[0], 'id') ?? '');
    if (!rel || !/\/worksheet$/.test(rel.type)) continue;
    const sheetHidden = state === 'hidden' || state === 'veryHidden';
    expected.sheets.set(name, sheetHidden);
    const xml = text(rel.target);
    const hiddenCols = new Set<number>();
    for (const c of xml.matchAll(/<(?:\w+:)?col\b[^>]*>/g)) {
      if (!on(attrOf(c[0], 'hidden')) && Number(attrOf(c[0], 'width') ?? 1) !== 0) continue;
      for (let k = Number(attrOf(c[0], 'min')); k <= Math.min(Number(attrOf(c[0], 'max')), 16384); k++) hiddenCols.add(k);
    }
    for (const row of xml.matchAll(/<(?:\w+:)?row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?row>)/g)) {
      const rowHidden = on(attrOf(row[1]!, 'hidden')) || attrOf(row[1]!, 'ht') === '0';
      for (const cell of (row[2] ?? '').matchAll(/<(?:\w+:)?c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?c>)/g)) {
        const ref = attrOf(cell[1]!, 'r');
        if (!ref || !/<(?:\w+:)?(v|t)\b[^>]*>[^<]*\S/.test(cell[2] ?? '')) continue;
        const col = colIndex(/^[A-Za-z]+/.exec(ref)![0]);
        const place: HiddenPlace | undefined = sheetHidden ? 'hidden_sheet' : rowHidden ? 'hidden_row' : hiddenCols.has(col) ? 'hidden_column' : undefined;
        if (place) expected.cells.set(`${name}!${ref.toUpperCase()}`, place);
      }
    }
    for (const rel2 of rels(rel.target).values()) {
      if (!/\/comments$/.test(rel2.type)) continue;
      const cx = text(rel2.target);
      const authors = [...cx.matchAll(/<(?:\w+:)?author>([\s\S]*?)<\/(?:\w+:)?author>/g)].map((a) => unescapeXml(a[1]!));
      for (const c of cx.matchAll(/<(?:\w+:)?comment\b([^>]*)>([\s\S]*?)<\/(?:\w+:)?comment>/g)) {
        const body = [...c[2]!.replace(/<(?:\w+:)?rPh\b[\s\S]*?<\/(?:\w+:)?rPh>/g, '').matchAll(/<(?:\w+:)?t\b[^>]*>([^<]*)</g)].map((t) => t[1]).join('');
        if (body.trim() === '') continue;
        expected.comments.push({ sheet: name, ref: attrOf(c[1]!, 'ref')!.toUpperCase(), author: authors[Number(attrOf(c[1]!, 'authorId'))] ?? '' });
      }
    }
  }
  return expected;
}

// ---------------------------------------------------------------------------

describe.skipIf(!HAVE_CORPORA)('external: XLSX files (Apache POI, Apache Tika)', () => {
  const files = corpusFiles('office/xlsx', (n) => /\.xls[xm]$/i.test(n));
  const results = new Map<string, ExtractedDocument | AppError>();

  it('imports each file or refuses it with a clear AppError, within the time budget', () => {
    expect(files.length).toBeGreaterThan(50);
    for (const file of files) {
      const started = performance.now();
      try {
        const doc = importXlsx(readFileSync(file));
        expect(coverProblem(doc), basename(file)).toBeNull();
        expect(doc.text.startsWith('【工作表：') || doc.text === '', basename(file)).toBe(true);
        results.set(file, doc);
      } catch (err) {
        expect(err, basename(file)).toBeInstanceOf(AppError);
        expect((err as AppError).messageZh.length, basename(file)).toBeGreaterThan(8);
        results.set(file, err as AppError);
      }
      expect(performance.now() - started, basename(file)).toBeLessThan(BUDGET_MS);
    }
    const imported = [...results.values()].filter((r) => !(r instanceof AppError)).length;
    expect(imported).toBeGreaterThan(45);
  });

  it('refuses the encrypted files (OLE containers) with the remove-the-password message', () => {
    for (const name of ['poi__60320-protected.xlsx', 'poi__extenxls_pwd123.xlsx', 'tika__protect.xlsx', 'tika__testEXCEL_protected_passtika_2.xlsx']) {
      const file = files.find((f) => basename(f) === name);
      if (!file) continue;
      const r = results.get(file) ?? (() => { try { return importXlsx(readFileSync(file)); } catch (e) { return e as AppError; } })();
      expect(r, name).toBeInstanceOf(AppError);
      expect((r as AppError).messageZh, name).toMatch(/加密/);
    }
  });

  it('marks hidden sheets, rows and columns where the files have them', () => {
    let sheets = 0;
    let cells = 0;
    const placesSeen = new Set<string>();
    for (const file of files) {
      const doc = results.get(file) ?? (() => { try { return importXlsx(readFileSync(file)); } catch (e) { return e as AppError; } })();
      if (doc instanceof AppError) continue;
      const expected = oracle(readFileSync(file));
      for (const [name, hidden] of expected.sheets) {
        const at = doc.text.indexOf(`【工作表：${name.replace(/[\u0000-\u001f]/g, ' ')}】`);
        expect(at, `${basename(file)}: sheet ${name}`).toBeGreaterThanOrEqual(0);
        expect(segmentAt(doc, at)!.hidden, `${basename(file)}: sheet ${name}`).toBe(hidden ? 'hidden_sheet' : undefined);
        if (hidden) sheets++;
      }
      const bySheetCell = new Map<string, HiddenPlace | undefined>();
      for (const s of doc.segments) {
        if (s.location.kind === 'xlsx' && s.hidden !== 'cell_comment') bySheetCell.set(`${s.location.sheet}!${s.location.cell}`, s.hidden);
      }
      let matched = 0;
      for (const [cell, place] of expected.cells) {
        if (!bySheetCell.has(cell)) continue; // e.g. a shared string that is empty
        expect(bySheetCell.get(cell), `${basename(file)}: ${cell}`).toBe(place);
        placesSeen.add(place);
        matched++;
      }
      if (expected.cells.size > 0) expect(matched, `${basename(file)}: hidden cells found`).toBeGreaterThan(0);
      cells += matched;
    }
    expect(sheets).toBeGreaterThan(3);
    expect(cells).toBeGreaterThan(100);
    expect([...placesSeen].sort()).toEqual(['hidden_column', 'hidden_row', 'hidden_sheet']);
  });

  it('reads the cell comments with their authors', () => {
    let comments = 0;
    for (const file of files) {
      const doc = results.get(file);
      if (!doc || doc instanceof AppError) continue;
      for (const c of oracle(readFileSync(file)).comments) {
        const seg = doc.segments.find(
          (s) => s.hidden === 'cell_comment' && s.location.kind === 'xlsx' && s.location.sheet === c.sheet && s.location.cell === c.ref,
        );
        expect(seg, `${basename(file)}: comment ${c.sheet}!${c.ref}`).toBeDefined();
        expect(seg!.author ?? '', `${basename(file)}: comment ${c.sheet}!${c.ref}`).toBe(c.author);
        comments++;
      }
    }
    expect(comments).toBeGreaterThan(20);
  });

  it('reads the known fixtures as expected', () => {
    const doc = (name: string) => {
      const file = files.find((f) => basename(f) === name);
      if (!file) return undefined;
      const r = results.get(file) ?? importXlsx(readFileSync(file));
      return r instanceof AppError ? undefined : r;
    };
    const two = doc('poi__TwoSheetsOneHidden.xlsx');
    if (two) {
      expect(two.text).toContain('【工作表：Sheet1】');
      expect(two.segments.some((s) => s.hidden === 'hidden_sheet' && s.location.kind === 'xlsx')).toBe(true);
    }
    const comment = doc('tika__testComment.xlsx');
    if (comment) expect(comment.segments.find((s) => s.hidden === 'cell_comment' && s.location.kind === 'xlsx')?.author).toBe('Author');
    const phonetic = doc('tika__testEXCEL_phonetic.xlsx');
    if (phonetic) {
      // Phonetic guides (rPh: 豊田 → トヨタ) are not cell text.
      expect(phonetic.text).toContain('\n1\t豊田\t豊田車会社\t');
    }
  });
});

/** Web pages and feeds the chardet project crawled, by the folder that names their encoding. */
const HTML_FOLDERS: Record<string, string> = {
  GB2312: 'gb18030',
  Big5: 'big5',
  'utf-8': 'utf-8',
  'UTF-16LE': 'utf-16le',
  'UTF-16BE': 'utf-16be',
};

describe.skipIf(!HAVE_CORPORA)('external: HTML pages and feeds in Chinese encodings', () => {
  const files = Object.keys(HTML_FOLDERS).flatMap((folder) =>
    corpusFiles(`encodings/${folder}`, (n) => ['.html', '.htm', '.xml'].includes(extname(n).toLowerCase())).map((file) => ({ folder, file })),
  );

  it('decodes every page without replacement characters, in the encoding of its folder', () => {
    expect(files.length).toBeGreaterThan(40);
    for (const { folder, file } of files) {
      const started = performance.now();
      const doc = importHtml(readFileSync(file));
      const name = `${folder}/${basename(file)}`;
      expect(doc.encoding, name).toBe(HTML_FOLDERS[folder]);
      expect(doc.text.includes('\uFFFD'), name).toBe(false);
      expect(doc.text.trim().length, name).toBeGreaterThan(20);
      expect(coverProblem(doc), name).toBeNull();
      expect(performance.now() - started, name).toBeLessThan(BUDGET_MS);
    }
  });

  it('maps every segment back to its line and column in the decoded page', () => {
    for (const { folder, file } of files) {
      const bytes = readFileSync(file);
      const source = decodeHtml(bytes).text.split(/\r\n|\r|\n/);
      const doc = importHtml(bytes);
      let problem: string | null = null;
      for (const s of doc.segments) {
        if (s.location.kind !== 'html') continue;
        const text = doc.text.slice(s.start, s.end);
        const at = source[s.location.line - 1]?.slice(s.location.column - 1, s.location.column - 1 + text.length);
        if (at !== text && !(at?.startsWith('&') && text.length <= 2)) {
          problem = `${folder}/${basename(file)}: ${JSON.stringify(text)} at ${s.location.line}:${s.location.column} reads ${JSON.stringify(at)}`;
          break;
        }
      }
      expect(problem).toBeNull();
    }
  });

  it('keeps markup out of the text of the real pages', () => {
    for (const { folder, file } of files.filter((f) => extname(f.file) === '.html' || f.file.endsWith('.html.xml'))) {
      const doc = importHtml(readFileSync(file));
      expect(doc.text, `${folder}/${basename(file)}`).not.toMatch(/<\/?(p|div|td|tr|table|span|font|br|a)\b[^>]*>/i);
    }
  });
});
