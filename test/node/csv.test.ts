import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { describeLocation, locate, type ExtractedDocument, type SourceLocation } from '../../shared/document/model';
import { TableHeaders } from '../../shared/rules/text-lines';
import { scanText } from '../../shared/rules/engine';
import { gb11643CheckChar } from '../../shared/rules/validators/gb11643';
import { MAX_CSV_COLUMNS, importCsv } from '../../electron/node/importers/csv';
import { importDocument } from '../../electron/node/importers';
import { expectRefused, expectSegmentsCover } from '../fixtures/expect';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openWorkspace } from '../../electron/node/workspace';
import { exportCsv } from '../../electron/node/exporters/csv';
import { useTempDirs } from '../fixtures/temp';

const utf8 = (s: string) => new TextEncoder().encode(s);
/** A GB 11643 number: the first 17 digits plus their check character. */
const residentId = (first17: string) => first17 + gb11643CheckChar(first17);
const cellAt = (doc: ExtractedDocument, offset: number) => locate(doc, offset) as Extract<SourceLocation, { kind: 'xlsx' }> | undefined;
const cellText = (doc: ExtractedDocument, cell: string) => {
  const seg = doc.segments.find((s) => s.location.kind === 'xlsx' && s.location.cell === cell);
  return seg ? doc.text.slice(seg.start, seg.end) : undefined;
};

// Fake people: common names, current region codes, valid birth dates and check digits.
const IDS = [residentId('11010519850312003'), residentId('44030519920718152'), residentId('32010219780905246')];
const NAMES = ['张伟', '李娜', '王秀英'];
const PHONES = ['13912345678', '13698765432', '15811112222'];
const PUBLICITY = ['序号,姓名,身份证号,联系电话', ...NAMES.map((n, i) => `${i + 1},${n},${IDS[i]},${PHONES[i]}`)].join('\r\n') + '\r\n';

describe('CSV import: a 公示 table', () => {
  const doc = importCsv(utf8(PUBLICITY), { fileName: '/tmp/2024年拟录用人员公示.csv' });

  it('writes one tab-separated line per record, the header first', () => {
    expect(doc.format).toBe('csv');
    expect(doc.encoding).toBe('utf-8');
    expect(doc.warnings).toEqual([]);
    expect(doc.text.split('\n')).toEqual([
      '序号\t姓名\t身份证号\t联系电话',
      `1\t张伟\t${IDS[0]}\t${PHONES[0]}`,
      `2\t李娜\t${IDS[1]}\t${PHONES[1]}`,
      `3\t王秀英\t${IDS[2]}\t${PHONES[2]}`,
      '',
    ]);
    expectSegmentsCover(doc);
    const headers = new TableHeaders(doc.text);
    expect(headers.headerAt(doc.text.indexOf('李娜'))).toBe('姓名');
    expect(headers.headerAt(doc.text.indexOf(IDS[2]!) + 5)).toBe('身份证号');
  });

  it('lets the engine find the names of the 姓名 column and the numbers of the 身份证号 column, each at its cell', () => {
    const findings = scanText(doc.text);
    const names = findings.filter((f) => f.type === 'person_name');
    const ids = findings.filter((f) => f.type === 'id_card');
    expect(names.map((f) => f.text)).toEqual(NAMES);
    expect(ids.map((f) => f.text)).toEqual(IDS);
    for (const [i, f] of names.entries()) {
      expect(locate(doc, f.start)).toEqual({ kind: 'xlsx', sheet: '2024年拟录用人员公示', cell: `B${i + 2}`, offset: 0 });
      expect(describeLocation(locate(doc, f.start))).toBe(`工作表“2024年拟录用人员公示”B${i + 2}单元格`);
    }
    for (const [i, f] of ids.entries()) {
      expect(cellAt(doc, f.start)).toMatchObject({ cell: `C${i + 2}`, offset: 0 });
      expect(cellAt(doc, f.end - 1)).toMatchObject({ cell: `C${i + 2}`, offset: 17 });
    }
    expect(locate(doc, doc.text.indexOf('\t'))).toEqual({ kind: 'separator' });
  });

  it('is what importDocument routes .csv and .tsv to; .txt stays plain text', () => {
    const routed = importDocument('公示.csv', utf8(PUBLICITY));
    expect(routed.text).toBe(doc.text);
    expect(locate(routed, routed.text.indexOf('张伟'))).toMatchObject({ kind: 'xlsx', sheet: '公示', cell: 'B2' });
    const tsv = importDocument('公示.tsv', utf8('姓名\t备注\n张伟\t甲,乙\n'));
    expect(tsv.text).toBe('姓名\t备注\n张伟\t甲,乙\n');
    expect(locate(tsv, tsv.text.indexOf('甲'))).toMatchObject({ kind: 'xlsx', cell: 'B2', offset: 0 });
    const txt = importDocument('公示.txt', utf8(PUBLICITY));
    expect(txt.text).toBe(PUBLICITY);
    expect(locate(txt, txt.text.indexOf('张伟'))).toMatchObject({ kind: 'txt', line: 2 });
  });
});

describe('CSV import: RFC 4180', () => {
  it('reads quoted fields with delimiters, doubled quotes and line breaks, and maps offsets inside them', () => {
    const csv = '姓名,地址,备注\r\n"张伟","北京市朝阳区,建国路1号","他说""同意""\r\n第二行"\r\n李娜,,"a\tb"\r\n';
    const doc = importCsv(utf8(csv));
    expect(doc.text.split('\n')).toEqual(['姓名\t地址\t备注', '张伟\t北京市朝阳区,建国路1号\t他说"同意"  第二行', '李娜\t\ta b', '']);
    expect(cellText(doc, 'B2')).toBe('北京市朝阳区,建国路1号');
    expect(cellText(doc, 'C2')).toBe('他说"同意"  第二行');
    // The row after a multi-line field is still row 3, as Excel numbers it.
    expect(cellText(doc, 'A3')).toBe('李娜');
    expect(cellText(doc, 'B3')).toBeUndefined();
    expect(locate(doc, doc.text.indexOf('第二行'))).toEqual({ kind: 'xlsx', sheet: 'CSV', cell: 'C2', offset: 8 });
    expect(doc.warnings).toEqual(['csv_cell_normalised:CSV!C2,C3']);
    expectSegmentsCover(doc);
  });

  it('takes LF, CR and a missing final line break alike, keeps empty and trailing fields, skips empty rows', () => {
    const doc = importCsv(utf8('\uFEFFa,b,c\n1,,\r\r\n,,\n"",x,"y"'));
    expect(doc.text).toBe('a\tb\tc\n1\t\t\n\tx\ty\n');
    expect(cellText(doc, 'B5')).toBe('x');
    expect(cellText(doc, 'C5')).toBe('y');
    expectSegmentsCover(doc);
  });

  it('accepts ragged rows and keeps single-field rows inside the table', () => {
    const doc = importCsv(utf8(`人员名单\n姓名,身份证号,联系电话,备注\n张伟,${IDS[0]}\n李娜\n王秀英,${IDS[2]},${PHONES[2]},拟录用,多余\n`));
    expect(doc.text.split('\n')).toEqual(['人员名单', '姓名\t身份证号\t联系电话\t备注', `张伟\t${IDS[0]}`, '李娜\t', `王秀英\t${IDS[2]}\t${PHONES[2]}\t拟录用\t多余`, '']);
    const headers = new TableHeaders(doc.text);
    expect(headers.headerAt(doc.text.indexOf(IDS[2]!))).toBe('身份证号');
    expect(cellText(doc, 'E5')).toBe('多余');
  });

  it('keeps quotes inside unquoted fields and text after a closing quote', () => {
    const doc = importCsv(utf8('a,b\n5"3,"x"y\n'));
    expect(doc.text).toBe('a\tb\n5"3\txy\n');
    expect(doc.warnings).toEqual([]);
  });
});

describe('CSV import: delimiters', () => {
  it('detects semicolons, and commas inside semicolon fields stay in the field', () => {
    const doc = importCsv(utf8(`姓名;身份证号;备注\n张伟;${IDS[0]};已核实,无误\n李娜;${IDS[1]};"含;分号"\n`));
    expect(doc.text.split('\n')).toEqual(['姓名\t身份证号\t备注', `张伟\t${IDS[0]}\t已核实,无误`, `李娜\t${IDS[1]}\t含;分号`, '']);
    expect(scanText(doc.text).filter((f) => f.type === 'id_card').map((f) => cellAt(doc, f.start)?.cell)).toEqual(['B2', 'B3']);
  });

  it('detects tabs, honours a sep= line and an explicit delimiter', () => {
    expect(importCsv(utf8('姓名\t备注\n张伟\t甲,乙;丙\n李娜\t丁\n')).text).toBe('姓名\t备注\n张伟\t甲,乙;丙\n李娜\t丁\n');
    const sep = importCsv(utf8('sep=;\r\na;b,c\r\n1;2,3\r\n'));
    expect(sep.text).toBe('a\tb,c\n1\t2,3\n');
    expect(locate(sep, sep.text.indexOf('1'))).toMatchObject({ cell: 'A2' });
    expect(importCsv(utf8('a;b,c\n'), { delimiter: ',' }).text).toBe('a;b\tc\n');
  });

  it('prefers the delimiter that splits every row the same way', () => {
    // Commas in the remarks vary from row to row; semicolons do not.
    const doc = importCsv(utf8('a;b;c\n1;x,y;2\n3;z;4\n5;p,q,r;6\n'));
    expect(doc.text.split('\n')[1]).toBe('1\tx,y\t2');
  });
});

describe('CSV import: encodings', () => {
  it('reads GBK', () => {
    const doc = importCsv(iconv.encode(PUBLICITY, 'gbk'));
    expect(doc.encoding).toBe('gb18030');
    expect(doc.text.split('\n')[2]).toBe(`2\t李娜\t${IDS[1]}\t${PHONES[1]}`);
    expect(scanText(doc.text).filter((f) => f.type === 'id_card')).toHaveLength(3);
  });

  it('reads UTF-16LE with a BOM (Excel’s “Unicode text”, tab-delimited)', () => {
    const bytes = iconv.encode(PUBLICITY.replace(/,/g, '\t'), 'utf-16le', { addBOM: true });
    expect([bytes[0], bytes[1]]).toEqual([0xff, 0xfe]);
    const doc = importCsv(bytes);
    expect(doc.encoding).toBe('utf-16le');
    expect(doc.text.startsWith('序号\t姓名')).toBe(true);
    expect(cellText(doc, 'B4')).toBe('王秀英');
  });
});

describe('CSV import: hostile input', () => {
  it('reports an unterminated quote and reads the rest as cells', () => {
    const doc = importCsv(utf8(`姓名,备注\n张伟,"未闭合\n李娜,${PHONES[1]}\n`));
    expect(doc.warnings).toEqual(['csv_unterminated_quote:CSV!B2']);
    expect(doc.text).toBe(`姓名\t备注\n张伟\t"未闭合\n李娜\t${PHONES[1]}\n`);
    expect(locate(doc, doc.text.indexOf(PHONES[1]!))).toMatchObject({ cell: 'B3' });
  });

  it('refuses too many columns', () => {
    expect(MAX_CSV_COLUMNS).toBe(16_384);
    const wide = utf8(`${'x,'.repeat(MAX_CSV_COLUMNS)}x\n`);
    expectRefused(() => importCsv(wide), 'too_large', /超过 16,384 列/);
    expect(importCsv(utf8(`${'x,'.repeat(MAX_CSV_COLUMNS - 1)}x\n`)).text.split('\t')).toHaveLength(MAX_CSV_COLUMNS);
  });

  it('refuses an over-long field, quoted or not, but not an unterminated quote', () => {
    expectRefused(() => importCsv(utf8(`a,${'长'.repeat(101)}\n`), { maxFieldLength: 100 }), 'too_large', /字段超过 100 个字符/);
    expectRefused(() => importCsv(utf8(`a,"${'长'.repeat(60)}""${'长'.repeat(60)}"\n`), { maxFieldLength: 100 }), 'too_large', /字段超过/);
    const open = importCsv(utf8(`a,"${'长'.repeat(60)}\n${'长'.repeat(60)}\n`), { maxFieldLength: 100 });
    expect(open.warnings).toEqual(['csv_unterminated_quote:CSV!B1']);
  });

  it('reads a table of too many cells as plain text, every character still there', () => {
    const csv = 'a,b\nc,d\ne,f\n';
    const doc = importCsv(utf8(csv), { maxCells: 5 });
    expect(doc.text).toBe(csv);
    expect(doc.warnings).toEqual(['csv_read_as_text:5']);
    expect(locate(doc, doc.text.indexOf('e'))).toEqual({ kind: 'txt', line: 3, column: 1 });
    expect(importCsv(utf8(csv), { maxCells: 6 }).warnings).toEqual([]);
  });

  it('reads empty input and a lone line break as nothing', () => {
    expect(importCsv(new Uint8Array(0))).toMatchObject({ text: '', segments: [] });
    expect(importCsv(utf8('\r\n'))).toMatchObject({ text: '', segments: [] });
  });
});

describe('CSV export', () => {
  const tempDir = useTempDirs();

  it('writes the redacted table back as CSV (commas, quotes, BOM), leak-checked', async () => {
    const dir = tempDir();
    const ws = openWorkspace(join(dir, 'data'), { lists: () => [] });
    const source = `${PUBLICITY}4,"赵,六","备注含""引号""",${PHONES[0]}\r\n`;
    const view = await ws.reviews.importFile('公示.csv', utf8(source));
    expect(view.document.format).toBe('csv');
    ws.reviews.decide(view.document.id, view.findings.map((f) => f.id), 'accepted');
    const out = join(dir, '公示（脱敏）.csv');
    await ws.reviews.exportTo(view.document.id, out);
    const bytes = readFileSync(out);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]).toBe('序号,姓名,身份证号,联系电话');
    expect(lines[1]).toMatch(/^1,■■,■{18},■{11}$/);
    expect(lines[4]).toBe(`4,"赵,六","备注含""引号""",${'■'.repeat(11)}`);
    for (const v of [...IDS, ...NAMES, ...PHONES]) expect(bytes.toString('utf8')).not.toContain(v);
    ws.close();
  });

  it('refuses a copy that would still show a redacted value elsewhere in the table', async () => {
    const doc = importCsv(utf8(`${PUBLICITY}5,备注,${IDS[0]},\r\n`));
    const at = doc.text.indexOf(IDS[0]!);
    const only = [{ start: at, end: at + IDS[0]!.length, replacement: '■'.repeat(18) }];
    expect(() => exportCsv({ doc, spans: only }, utf8(PUBLICITY))).toThrow(/泄密检查未通过/);
  });
});
