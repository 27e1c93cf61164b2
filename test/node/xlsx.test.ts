import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { hiddenSummary, locate, segmentAt, type ExtractedDocument, type Segment } from '../../shared/document/model';
import { AppError } from '../../shared/errors';
import { TableHeaders } from '../../shared/rules/text-lines';
import { scanText } from '../../shared/rules/engine';
import { importXlsx, isXlsxPackage } from '../../electron/node/importers/xlsx';
import { HIDDEN_SHEET_PHONES, XLSX_IDS, XLSX_PHONES, buildXlsx, publicityXlsx, type SheetSpec } from '../fixtures/xlsx';
import { expectRefused, expectSegmentsCover } from '../fixtures/expect';

/** Sorted, non-overlapping, non-empty, covering the text from 0 to its end. */
const textOf = (doc: ExtractedDocument, s: Segment) => doc.text.slice(s.start, s.end);

function cellSegment(doc: ExtractedDocument, sheet: string, cell: string, hidden?: string): Segment {
  const seg = doc.segments.find(
    (s) => s.location.kind === 'xlsx' && s.location.sheet === sheet && s.location.cell === cell && (s.hidden === 'cell_comment') === (hidden === 'cell_comment'),
  );
  expect(seg, `${sheet}!${cell}`).toBeDefined();
  return seg!;
}

const sheet = (rows: SheetSpec['rows'], extra: Partial<SheetSpec> = {}): SheetSpec => ({ name: 'Sheet1', rows, ...extra });

describe('XLSX import: a 公示 workbook', () => {
  const doc = importXlsx(publicityXlsx());
  const lines = doc.text.split('\n');

  it('reads every sheet in workbook order, hidden ones included, with a title line each and a blank line between', () => {
    expect(doc.format).toBe('xlsx');
    expect(lines[0]).toBe('【工作表：公示】');
    expect(doc.text).toContain('\n\n【工作表：联系方式】\n');
    expect(doc.text).toContain('\n\n【工作表：备用】\n');
    // The last sheet is empty; the document properties follow it.
    expect(doc.text.endsWith('\n\n【工作表：空表】\n\n市政府办公室')).toBe(true);
    const order = ['公示', '联系方式', '备用', '空表'].map((n) => doc.text.indexOf(`【工作表：${n}】`));
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expectSegmentsCover(doc);
  });

  it('puts the header row directly under the sheet title, one line per row, empty cells kept', () => {
    expect(lines[1]).toBe('姓名\t身份证号\t联系电话\t备注');
    expect(lines[2]).toBe(`张三\t${XLSX_IDS[0]}\t${XLSX_PHONES[0]}\t拟录用`);
    expect(lines[3]).toBe(`李四\t4.40524188001010E+17\t${XLSX_PHONES[1]}`);
    expect(lines[4]).toBe(`王五\t${XLSX_IDS[2]}\t${XLSX_PHONES[2]}\tTRUE`);
    expect(lines[5]).toBe('赵六\t（已删除）\t\t退回');
  });

  it('gives the engine the header of each column (tables arrive as tab-separated rows)', () => {
    const headers = new TableHeaders(doc.text);
    expect(headers.headerAt(doc.text.indexOf(XLSX_IDS[0]) + 3)).toBe('身份证号');
    expect(headers.headerAt(doc.text.indexOf(XLSX_PHONES[2]))).toBe('联系电话');
    expect(headers.headerAt(doc.text.indexOf(HIDDEN_SHEET_PHONES[0]))).toBe('手机');
  });

  it('reads shared strings (rich runs concatenated, phonetic runs left out), inline strings, numbers, booleans and cached formula results', () => {
    expect(textOf(doc, cellSegment(doc, '公示', 'A4'))).toBe('王五');
    expect(doc.text).not.toContain('ワンウー');
    expect(textOf(doc, cellSegment(doc, '公示', 'C3'))).toBe(XLSX_PHONES[1]); // inline
    expect(textOf(doc, cellSegment(doc, '公示', 'B4'))).toBe(XLSX_IDS[2]); // inline ID number
    expect(textOf(doc, cellSegment(doc, '公示', 'C2'))).toBe(XLSX_PHONES[0]); // stored as a number
    expect(textOf(doc, cellSegment(doc, '公示', 'D4'))).toBe('TRUE');
    expect(textOf(doc, cellSegment(doc, '公示', 'D5'))).toBe('退回');
    expect(doc.text).not.toContain('CONCAT');
  });

  it('keeps numbers exactly as stored and warns about scientific form', () => {
    expect(textOf(doc, cellSegment(doc, '公示', 'B3'))).toBe('4.40524188001010E+17');
    expect(doc.warnings).toContain('xlsx_scientific_number:公示!B3');
    expect(textOf(doc, cellSegment(doc, '备用', 'B1'))).toBe('2.5');
  });

  it('marks hidden and very hidden sheets, hidden rows and hidden columns', () => {
    const hiddenSheet = doc.segments.filter((s) => s.location.kind === 'xlsx' && s.location.sheet === '联系方式');
    expect(hiddenSheet.length).toBe(4);
    for (const s of hiddenSheet) expect(s.hidden).toBe('hidden_sheet');
    expect(segmentAt(doc, doc.text.indexOf('【工作表：联系方式】'))!.hidden).toBe('hidden_sheet');
    expect(cellSegment(doc, '联系方式', 'B2').hidden).toBe('hidden_sheet');
    expect(textOf(doc, cellSegment(doc, '联系方式', 'B2'))).toBe(HIDDEN_SHEET_PHONES[0]);
    expect(cellSegment(doc, '备用', 'C1').hidden).toBe('hidden_sheet');
    // Row 5 is hidden; column D is hidden.
    for (const cell of ['A5', 'B5', 'D5']) expect(cellSegment(doc, '公示', cell).hidden).toBe('hidden_row');
    for (const cell of ['D1', 'D2', 'D4']) expect(cellSegment(doc, '公示', cell).hidden).toBe('hidden_column');
    for (const cell of ['A1', 'B2', 'C4']) expect(cellSegment(doc, '公示', cell).hidden).toBeUndefined();
  });

  it('reads cell comments with their authors, after the rows of their sheet', () => {
    const c1 = cellSegment(doc, '公示', 'B3', 'cell_comment');
    expect(c1.author).toBe('审核员张某');
    expect(textOf(doc, c1)).toBe('审核员张某: 身份证号码需核实'); // the line break inside the comment became a space
    const c2 = cellSegment(doc, '公示', 'A2', 'cell_comment');
    expect(c2.author).toBe('科员李某');
    expect(textOf(doc, c2)).toBe('联系电话 13800138000');
    expect(lines).toContain('【批注 B3】审核员张某: 身份证号码需核实');
    expect(doc.text.indexOf('【批注 B3】')).toBeGreaterThan(doc.text.indexOf('赵六'));
    expect(doc.text.indexOf('【批注 B3】')).toBeLessThan(doc.text.indexOf('【工作表：联系方式】'));
    expect(segmentAt(doc, doc.text.indexOf('【批注 B3】'))!.hidden).toBe('cell_comment');
  });

  it('maps offsets back to the sheet, the cell and the offset inside the cell', () => {
    const at = doc.text.indexOf(XLSX_IDS[0]) + 6;
    expect(locate(doc, at)).toEqual({ kind: 'xlsx', sheet: '公示', cell: 'B2', offset: 6 });
    expect(locate(doc, doc.text.indexOf(HIDDEN_SHEET_PHONES[1]) + 2)).toEqual({ kind: 'xlsx', sheet: '备用', cell: 'C1', offset: 2 });
    expect(locate(doc, doc.text.indexOf('身份证号码需核实'))).toEqual({ kind: 'xlsx', sheet: '公示', cell: 'B3', offset: 7 });
    expect(locate(doc, doc.text.indexOf('\t'))).toEqual({ kind: 'separator' });
    // Every cell segment's text is the cell's value and nothing else.
    for (const s of doc.segments) {
      if (s.location.kind !== 'xlsx') expect(['separator', 'property']).toContain(s.location.kind);
      else expect(textOf(doc, s)).not.toMatch(/[\t\n]/);
    }
  });

  it('reads the document properties after the sheets, as hidden property text', () => {
    const withAuthor = importXlsx(buildXlsx({ sheets: [{ name: 'S', rows: [['a']] }], creator: '王建国', lastModifiedBy: '科员李某' }));
    const at = withAuthor.text.indexOf('科员李某');
    expect(at).toBeGreaterThan(withAuthor.text.indexOf('【工作表：S】'));
    expect(segmentAt(withAuthor, at)).toMatchObject({ hidden: 'property', location: { kind: 'property', part: 'docProps/core.xml', name: 'cp:lastModifiedBy' } });
    expect(segmentAt(withAuthor, withAuthor.text.indexOf('王建国'))).toMatchObject({ hidden: 'property', location: { name: 'dc:creator' } });
    expect(hiddenSummary(withAuthor)).toMatchObject({ property: 2 });
  });

  it('lets the engine find the ID numbers and the phone numbers of the hidden sheet', () => {
    const found = scanText(doc.text).map((f) => f.text);
    expect(found).toContain(XLSX_IDS[0]);
    expect(found).toContain(HIDDEN_SHEET_PHONES[0]);
  });
});

describe('XLSX import: layout and values', () => {
  it('keeps a title row above the header out of the table, and single-cell rows inside it', () => {
    const doc = importXlsx(
      buildXlsx({
        sheets: [
          sheet([
            ['2024年度拟录用人员公示名单'],
            ['姓名', '身份证号'],
            ['张三', XLSX_IDS[0]],
            ['李四'],
            ['王五', XLSX_IDS[1]],
          ]),
        ],
      }),
    );
    expect(doc.text.split('\n').slice(1, 6)).toEqual(['2024年度拟录用人员公示名单', '姓名\t身份证号', `张三\t${XLSX_IDS[0]}`, '李四\t', `王五\t${XLSX_IDS[1]}`]);
    const headers = new TableHeaders(doc.text);
    expect(headers.headerAt(doc.text.indexOf(XLSX_IDS[1]))).toBe('身份证号');
    expectSegmentsCover(doc);
  });

  it('lines sparse cells up under their columns', () => {
    const doc = importXlsx(buildXlsx({ sheets: [sheet([['A', 'B', 'C', 'D'], [null, null, null, 'x'], [null, 'y']])] }));
    expect(doc.text.split('\n').slice(1, 4)).toEqual(['A\tB\tC\tD', '\t\t\tx', '\ty']);
    expect(locate(doc, doc.text.indexOf('x'))).toEqual({ kind: 'xlsx', sheet: 'Sheet1', cell: 'D2', offset: 0 });
  });

  it('turns line breaks and tabs inside a cell into spaces and decodes _xHHHH_ escapes', () => {
    const doc = importXlsx(buildXlsx({ sheets: [sheet([['第一行\n第二行', { inline: 'a\tb' }, { inline: '回车_x000D_换行' }]])] }));
    expect(doc.text.split('\n')[1]).toBe('第一行 第二行\ta b\t回车 换行');
  });

  it('reads cells and rows without references, and skips empty rows', () => {
    const xml =
      '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
      '<row><c t="inlineStr"><is><t>甲</t></is></c><c t="inlineStr"><is><t>乙</t></is></c></row>' +
      '<row r="3"/><row><c><v>42</v></c><c r="C4"><v>7</v></c></row></sheetData></worksheet>';
    const doc = importXlsx(buildXlsx({ sheets: [sheet([])], parts: { 'xl/worksheets/sheet1.xml': xml } }));
    expect(doc.text).toBe('【工作表：Sheet1】\n甲\t乙\n42\t\t7\n\n市政府办公室');
    expect(locate(doc, doc.text.indexOf('42'))).toMatchObject({ cell: 'A4' });
    expect(locate(doc, doc.text.indexOf('7'))).toMatchObject({ cell: 'C4' });
  });

  it('reads strict OOXML workbooks', () => {
    const doc = importXlsx(buildXlsx({ strict: true, sheets: [sheet([['姓名', '电话'], ['张三', XLSX_PHONES[0]]], { state: 'hidden' })] }));
    expect(doc.text).toContain(`张三\t${XLSX_PHONES[0]}`);
    expect(cellSegment(doc, 'Sheet1', 'B2').hidden).toBe('hidden_sheet');
  });

  it('warns about long numbers stored beyond double precision, and about a bad shared-string index', () => {
    const xml =
      '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
      '<row r="1"><c r="A1"><v>110105194912310000</v></c><c r="B1"><v>1.5E-3</v></c><c r="C1" t="s"><v>99</v></c></row></sheetData></worksheet>';
    const doc = importXlsx(buildXlsx({ sheets: [sheet([])], parts: { 'xl/worksheets/sheet1.xml': xml } }));
    expect(doc.text).toContain('110105194912310000\t1.5E-3');
    expect(doc.warnings).toEqual(['xlsx_number_precision:Sheet1!A1', 'xlsx_bad_shared_string:Sheet1(1)']);
  });

  it('treats zero-width columns and zero-height rows as hidden', () => {
    const xml =
      '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cols><col min="2" max="3" width="0"/></cols><sheetData>' +
      '<row r="1"><c r="A1"><v>1</v></c><c r="C1"><v>3</v></c></row><row r="2" ht="0" customHeight="1"><c r="A2"><v>4</v></c></row></sheetData></worksheet>';
    const doc = importXlsx(buildXlsx({ sheets: [sheet([])], parts: { 'xl/worksheets/sheet1.xml': xml } }));
    expect(cellSegment(doc, 'Sheet1', 'C1').hidden).toBe('hidden_column');
    expect(cellSegment(doc, 'Sheet1', 'A2').hidden).toBe('hidden_row');
    expect(cellSegment(doc, 'Sheet1', 'A1').hidden).toBeUndefined();
  });

  it('recognises a workbook package by its entries', () => {
    expect(isXlsxPackage(['[Content_Types].xml', 'xl/workbook.xml'])).toBe(true);
    expect(isXlsxPackage(['word/document.xml'])).toBe(false);
  });
});

describe('XLSX import: refusals', () => {
  it('refuses encrypted and legacy files (OLE compound files) with a message that says what to do', () => {
    const cfb = new Uint8Array(1024);
    cfb.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expectRefused(() => importXlsx(cfb), 'unsupported_format', /加密.*另存为 \.xlsx/);
  });

  it('refuses a file that is not a zip, a zip without a workbook, and a truncated package', () => {
    expectRefused(() => importXlsx(strToU8('姓名,身份证号')), 'unsupported_format', /不是有效的 \.xlsx/);
    expectRefused(() => importXlsx(zipSync({ 'word/document.xml': strToU8('<w:document/>') })), 'unsupported_format', /没有 Excel 工作簿/);
    expectRefused(() => importXlsx(zipSync({ 'xl/workbook.bin': new Uint8Array(8) })), 'unsupported_format', /\.xlsb.*另存为 \.xlsx/);
    const good = publicityXlsx();
    expectRefused(() => importXlsx(good.subarray(0, good.length - 200)), 'bad_input', /损坏/);
  });

  it('refuses malformed sheet XML rather than importing half a sheet', () => {
    const bytes = buildXlsx({ sheets: [sheet([])], parts: { 'xl/worksheets/sheet1.xml': '<worksheet><sheetData><row><c><v>1</v></row>' } });
    expectRefused(() => importXlsx(bytes), 'bad_input', /工作表“Sheet1”.*XML 已损坏/);
    const sst = buildXlsx({ sheets: [sheet([['a']])], parts: { 'xl/sharedStrings.xml': '<sst><si><t>a</si></sst>' } });
    expectRefused(() => importXlsx(sst), 'bad_input', /共享字符串表.*损坏/);
  });

  it('refuses a DOCTYPE (no entity expansion, nothing external)', () => {
    const xml =
      '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>' +
      '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&b;</t></is></c></row></sheetData></worksheet>';
    expectRefused(() => importXlsx(buildXlsx({ sheets: [sheet([])], parts: { 'xl/worksheets/sheet1.xml': xml } })), 'bad_input', /DTD/);
  });

  it('caps the number of cells with a clear message', () => {
    const rows = Array.from({ length: 60 }, (_, r) => Array.from({ length: 10 }, (_, c) => r * 10 + c));
    const bytes = buildXlsx({ sheets: [sheet(rows)] });
    expect(importXlsx(bytes, { maxCells: 600 }).text).toContain('599');
    expectRefused(() => importXlsx(bytes, { maxCells: 599 }), 'too_large', /单元格超过 599 个.*拆分/);
  });

  it('notes a sheet whose part is missing instead of failing the whole workbook', () => {
    const doc = importXlsx(buildXlsx({ sheets: [sheet([['a']]), { name: '缺失', rows: [['b']] }], omit: ['xl/worksheets/sheet2.xml'] }));
    expect(doc.warnings).toContain('xlsx_sheet_missing:缺失');
    expect(doc.text).toContain('【工作表：缺失】');
  });
});
