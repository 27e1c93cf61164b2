import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { ExtractedDocument } from '../../shared/document/model';
import { AppError } from '../../shared/errors';
import { planRedactions, type ManualRedaction, type StyleChoice } from '../../shared/review/redaction';
import type { Finding } from '../../shared/rules/finding';
import { scanText } from '../../shared/rules/engine';
import { exportXlsx } from '../../electron/node/exporters/xlsx';
import { redactedValues } from '../../electron/node/exporters/plan';
import { importXlsx } from '../../electron/node/importers/xlsx';
import { HAVE_CORPORA, corpusFiles } from '../external/corpora';
import { HIDDEN_SHEET_PHONES, XLSX_IDS, XLSX_PHONES, buildXlsx, publicityXlsx, type XlsxSpec } from '../fixtures/xlsx';
import { expectRefused } from '../fixtures/expect';
import { useTempDirs } from '../fixtures/temp';

interface PlanOptions {
  style?: StyleChoice;
  manual?: ManualRedaction[];
  accept?: (f: Finding) => boolean;
}

/** Import, scan, accept (all findings unless told), plan: what the review service does before an export. */
function planFor(bytes: Uint8Array, options: PlanOptions = {}) {
  const doc = importXlsx(bytes);
  const findings = scanText(doc.text);
  const decisions = new Map(findings.filter(options.accept ?? (() => true)).map((f) => [f.id, { decision: 'accepted' }]));
  const spans = planRedactions(doc.text, findings, decisions, options.manual ?? [], options.style);
  return { doc, findings, plan: { doc, spans } };
}

/** Every entry of a zip, as text. */
function partsOf(bytes: Uint8Array): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, data] of Object.entries(unzipSync(bytes))) out[name] = strFromU8(data);
  return out;
}

/** A cell's text in a re-imported workbook. */
function cellText(doc: ExtractedDocument, sheet: string, cell: string): string | undefined {
  const seg = doc.segments.find((s) => s.location.kind === 'xlsx' && s.location.sheet === sheet && s.location.cell === cell && s.hidden !== 'cell_comment');
  return seg && doc.text.slice(seg.start, seg.end);
}

/** The cell element `ref` of a sheet's XML. */
function cellXml(sheetXml: string, ref: string): string {
  const m = new RegExp(`<c r="${ref}"[^>]*?(/>|>.*?</c>)`).exec(sheetXml);
  expect(m, ref).not.toBeNull();
  return m![0];
}

/** Every form a value may be found in by grep: as written, XML-escaped, and its digits alone. */
function forms(value: string): string[] {
  const out = [value, value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')];
  const digits = value.replace(/\D/g, '');
  if (digits.length >= 6) out.push(digits);
  return out;
}

/** Rewrites some parts of a package (as text). */
function patch(bytes: Uint8Array, edit: (parts: Record<string, string>) => void): Uint8Array {
  const parts = partsOf(bytes);
  edit(parts);
  const zippable: Record<string, Uint8Array> = {};
  for (const [name, text] of Object.entries(parts)) zippable[name] = strToU8(text);
  return zipSync(zippable, { level: 6 });
}

/** Inserts elements into a part before `marker` (the first match). */
function insert(p: Record<string, string>, part: string, marker: string | RegExp, ...elements: string[]): void {
  p[part] = p[part]!.replace(marker, (m) => elements.join('') + m);
}
/** The root element's closing tag, for appending to it. */
const ROOT_END = /<\/[^>]+>\s*$/;

const OFFICE_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const relationship = (id: string, type: string, target: string, external = false): string =>
  `<Relationship Id="${id}" Type="${type}" Target="${target}"${external ? ' TargetMode="External"' : ''}/>`;
const override = (part: string, type: string): string => `<Override PartName="${part}" ContentType="${type}"/>`;

/** The entries of `after` that differ from `before`'s or are not in it, and whether `after` keeps `before`'s order. */
function compareEntries(before: Uint8Array, after: Uint8Array): { changed: string[]; inOrder: boolean } {
  const a = unzipSync(before);
  const b = unzipSync(after);
  const changed = Object.keys(b).filter((n) => !a[n] || Buffer.compare(a[n], b[n]!) !== 0);
  const inOrder = Object.keys(b).join('\n') === Object.keys(a).filter((n) => n in b).join('\n');
  return { changed, inOrder };
}

const tempDir = useTempDirs();

function unzipTest(bytes: Uint8Array): string {
  const file = join(tempDir(), 'out.xlsx');
  writeFileSync(file, bytes);
  return execFileSync('unzip', ['-tq', file]).toString();
}

const block = (n: number): string => '■'.repeat(n);

describe('XLSX export: the 公示 workbook, every finding accepted', () => {
  const original = publicityXlsx();
  const { plan } = planFor(original);
  const out = exportXlsx(plan, original);
  const parts = partsOf(out.bytes);
  const again = importXlsx(out.bytes);
  const sheet1 = parts['xl/worksheets/sheet1.xml']!;

  it('leaves no redacted value in any part, checked by unzip and grep of each part (digits alone too)', () => {
    const secrets = [...redactedValues(plan), ...XLSX_IDS.filter((id) => id !== XLSX_IDS[1]), ...XLSX_PHONES, ...HIDDEN_SHEET_PHONES, '13800138000'];
    expect(redactedValues(plan)).toEqual(expect.arrayContaining([XLSX_IDS[0], XLSX_PHONES[0], HIDDEN_SHEET_PHONES[1]]));
    for (const [name, xml] of Object.entries(parts)) {
      for (const secret of secrets) for (const form of forms(secret)) expect(xml, `${name}: ${form}`).not.toContain(form);
    }
  });

  it('redacts the cells in place: the re-imported workbook reads ■ where the values were', () => {
    expect(cellText(again, '公示', 'A2')).toBe(block(2)); // 张三, a shared string
    expect(cellText(again, '公示', 'B2')).toBe(block(18)); // shared string
    expect(cellText(again, '公示', 'C2')).toBe(block(11)); // stored as a number
    expect(cellText(again, '公示', 'C3')).toBe(block(11)); // inline string
    expect(cellText(again, '公示', 'B4')).toBe(block(18)); // inline string
    expect(cellText(again, '公示', 'C4')).toBe(block(11));
    // What was not redacted is as it was.
    expect(cellText(again, '公示', 'A1')).toBe('姓名');
    expect(cellText(again, '公示', 'A3')).toBe('李四');
    expect(cellText(again, '公示', 'A4')).toBe('王五');
    expect(cellText(again, '公示', 'B3')).toBe('4.40524188001010E+17');
    expect(cellText(again, '公示', 'D5')).toBe('退回');
    expect(again.text.split('\n')[2]).toBe(`${block(2)}\t${block(18)}\t${block(11)}\t拟录用`);
  });

  it('writes redacted shared strings and numbers as inline strings, keeping the cell style', () => {
    expect(cellXml(sheet1, 'C2')).toBe(`<c r="C2" t="inlineStr"><is><t xml:space="preserve">${block(11)}</t></is></c>`);
    expect(cellXml(sheet1, 'B2')).toMatch(/t="inlineStr"/);
    expect(cellXml(sheet1, 'A3')).toMatch(/t="s"/);
    // The shared strings no cell uses any more are emptied in place; the others keep their index.
    const sst = parts['xl/sharedStrings.xml']!;
    expect(sst).not.toContain('张三');
    expect(sst).toContain('李四');
    expect(sst.match(/<si>/g)!.length).toBe(partsOf(original)['xl/sharedStrings.xml']!.match(/<si>/g)!.length);
  });

  it('removes the comments, their VML drawings, relationships and content types', () => {
    expect(Object.keys(parts).filter((n) => /comment|vmlDrawing/i.test(n))).toEqual([]);
    expect(sheet1).not.toContain('legacyDrawing');
    expect(parts['xl/worksheets/_rels/sheet1.xml.rels'] ?? '').not.toMatch(/comments|vmlDrawing/);
    expect(parts['[Content_Types].xml']).not.toContain('comments');
    expect(again.segments.some((s) => s.hidden === 'cell_comment')).toBe(false);
    expect(again.text).not.toContain('【批注');
    expect(again.text).not.toContain('审核员');
    expect(out.check.checked).toContain('删除批注 xl/comments1.xml');
    expect(out.check.checked).toContain('删除批注图形 xl/drawings/vmlDrawing1.vml');
  });

  it('drops the hidden sheets that held redacted data, everywhere the package names them, and says so', () => {
    const wb = parts['xl/workbook.xml']!;
    expect(wb).not.toContain('联系方式');
    expect(wb).not.toContain('备用');
    expect([...wb.matchAll(/<sheet name="([^"]+)"/g)].map((m) => m[1])).toEqual(['公示', '空表']);
    expect(wb).toContain('activeTab="0"');
    expect(parts['xl/worksheets/sheet2.xml']).toBeUndefined();
    expect(parts['xl/worksheets/sheet3.xml']).toBeUndefined();
    expect(parts['xl/_rels/workbook.xml.rels']).not.toMatch(/sheet[23]\.xml/);
    expect(parts['[Content_Types].xml']).not.toMatch(/sheet[23]\.xml/);
    expect(again.text).not.toContain('【工作表：联系方式】');
    expect(out.check.checked).toContain('删除隐藏工作表“联系方式”');
    expect(out.check.checked).toContain('删除隐藏工作表“备用”');
  });

  it('keeps the hidden row and column that held nothing redacted, and says why', () => {
    expect(cellText(again, '公示', 'A5')).toBe('赵六');
    expect(cellText(again, '公示', 'D2')).toBe('拟录用');
    expect(out.check.checked).toContain('保留工作表“公示”的隐藏行 5：其中没有被脱敏的内容');
    expect(out.check.checked).toContain('保留工作表“公示”的隐藏列 D：其中没有被脱敏的内容');
  });

  it('clears the document properties', () => {
    expect(parts['docProps/core.xml']).not.toContain('市政府办公室');
    expect(parts['docProps/core.xml']).toContain('coreProperties');
    expect(again.segments.some((s) => s.location.kind === 'property')).toBe(false);
    expect(out.check.checked).toContain('清除文档属性 docProps/core.xml');
  });

  it('reports the parts it read back, and the re-imported text', () => {
    expect(out.check.checked).toEqual(expect.arrayContaining(['xl/workbook.xml', 'xl/worksheets/sheet1.xml', 'xl/sharedStrings.xml', 'docProps/core.xml', '重新导入的表格文本']));
  });

  it('is a valid zip for the unzip tool, and copies the entries it did not edit with the same bytes, in their order', () => {
    expect(unzipTest(out.bytes)).toMatch(/No errors/);
    const { changed, inOrder } = compareEntries(original, out.bytes);
    expect(changed.sort()).toEqual([
      '[Content_Types].xml',
      'docProps/core.xml',
      'xl/_rels/workbook.xml.rels',
      'xl/sharedStrings.xml',
      'xl/workbook.xml',
      'xl/worksheets/_rels/sheet1.xml.rels',
      'xl/worksheets/sheet1.xml',
    ]);
    expect(inOrder).toBe(true);
  });

  it('copies binary entries (images, embedded files, stored or deflated) with the same bytes', () => {
    const image = Uint8Array.from({ length: 5000 }, (_, i) => (i * 7919) % 251);
    const ole = Uint8Array.from({ length: 3000 }, (_, i) => (i * i) % 256);
    // Stored in the input; deflated, it would pass the ratio readZip refuses as a bomb when the export is read back.
    const blank = new Uint8Array(2 * 1024 * 1024);
    const withMedia = zipSync({
      ...unzipSync(original),
      'xl/media/image1.png': [image, { level: 0 }],
      'xl/embeddings/oleObject1.bin': [ole, { level: 9 }],
      'xl/media/image2.bmp': [blank, { level: 0 }],
    });
    const written = unzipSync(exportXlsx(planFor(withMedia).plan, withMedia).bytes);
    expect(written['xl/media/image1.png']).toEqual(image);
    expect(written['xl/embeddings/oleObject1.bin']).toEqual(ole);
    expect(written['xl/media/image2.bmp']).toEqual(blank);
  });
});

describe('XLSX export: cells', () => {
  it('keeps a shared string for the cell that still uses it when another cell using it is redacted', () => {
    const original = buildXlsx({ sheets: [{ name: 'Sheet1', rows: [['等级', '复核'], ['甲', '甲']] }] });
    const doc = importXlsx(original);
    const at = doc.text.indexOf('甲');
    const { plan } = planFor(original, { accept: () => false, manual: [{ start: at, end: at + 1, reason: '手动', basis: '依申请' }] });
    const out = exportXlsx(plan, original);
    const again = importXlsx(out.bytes);
    expect(cellText(again, 'Sheet1', 'A2')).toBe('■');
    expect(cellText(again, 'Sheet1', 'B2')).toBe('甲');
    const parts = partsOf(out.bytes);
    expect(cellXml(parts['xl/worksheets/sheet1.xml']!, 'B2')).toMatch(/t="s"/);
    expect(parts['xl/sharedStrings.xml']).toContain('甲');
  });

  it('refuses when a redacted value is still held by a cell that was not redacted', () => {
    const original = buildXlsx({ sheets: [{ name: 'Sheet1', rows: [['经办人', '复核人'], ['欧阳明', '欧阳明']] }] });
    const doc = importXlsx(original);
    const at = doc.text.indexOf('欧阳明');
    const { plan } = planFor(original, { accept: () => false, manual: [{ start: at, end: at + 3, reason: '手动', basis: '依申请' }] });
    expectRefused(() => exportXlsx(plan, original), 'refused', /泄密检查未通过.*sharedStrings/);
  });

  it('writes the label style as the kind of content, however long', () => {
    const original = publicityXlsx();
    const { plan } = planFor(original, { style: { style: 'label' } });
    const again = importXlsx(exportXlsx(plan, original).bytes);
    expect(cellText(again, '公示', 'B2')).toBe('[个人信息]');
    expect(cellText(again, '公示', 'C2')).toBe('[个人信息]');
    expect(cellText(again, '公示', 'A2')).toBe('[个人信息]');
    expect(again.text.split('\n')[2]).toBe('[个人信息]\t[个人信息]\t[个人信息]\t拟录用');
  });

  it('redacts part of a cell and keeps the rest, line breaks included', () => {
    const original = buildXlsx({ sheets: [{ name: 'Sheet1', rows: [['说明'], [{ inline: `联系人手机 ${XLSX_PHONES[0]}\n工作日可联系 A_x005F_x0041_` }]] }] });
    const { plan } = planFor(original);
    const out = exportXlsx(plan, original);
    const sheet = partsOf(out.bytes)['xl/worksheets/sheet1.xml']!;
    expect(sheet).toContain(`联系人手机 ${block(11)}\n工作日可联系 A_x005F_x0041_`);
    expect(cellText(importXlsx(out.bytes), 'Sheet1', 'A2')).toBe(`联系人手机 ${block(11)} 工作日可联系 A_x0041_`);
  });

  it('drops the formula of a redacted cell (it could compute the secret again), with the shared formula it leads', () => {
    const sheet =
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
      '<row r="1"><c r="A1" t="inlineStr"><is><t>原始</t></is></c><c r="B1" t="inlineStr"><is><t>联系电话</t></is></c><c r="C1" t="inlineStr"><is><t>合计</t></is></c></row>' +
      `<row r="2"><c r="A2" t="inlineStr"><is><t>甲方</t></is></c><c r="B2" t="str"><f t="shared" ref="B2:B3" si="0">"1381234"&amp;"5678"</f><v>${XLSX_PHONES[0]}</v></c><c r="C2"><f>1+1</f><v>2</v></c></row>` +
      '<row r="3"><c r="A3" t="inlineStr"><is><t>乙方</t></is></c><c r="B3" t="str"><f t="shared" si="0"/><v>无</v></c></row>' +
      '</sheetData></worksheet>';
    const original = patch(buildXlsx({ sheets: [{ name: 'Sheet1', rows: [['x']] }] }), (p) => {
      p['xl/worksheets/sheet1.xml'] = sheet;
      p['xl/calcChain.xml'] = '<calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><c r="B2" i="1"/><c r="B3"/><c r="C2"/></calcChain>';
      insert(p, 'xl/_rels/workbook.xml.rels', ROOT_END, relationship('rId99', `${OFFICE_REL}/calcChain`, 'calcChain.xml'));
      insert(p, '[Content_Types].xml', ROOT_END, override('/xl/calcChain.xml', 'application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml'));
    });
    const { plan } = planFor(original);
    expect(redactedValues(plan)).toEqual([XLSX_PHONES[0]]);
    const out = exportXlsx(plan, original);
    const parts = partsOf(out.bytes);
    const xml = parts['xl/worksheets/sheet1.xml']!;
    expect(cellXml(xml, 'B2')).toBe(`<c r="B2" t="inlineStr"><is><t xml:space="preserve">${block(11)}</t></is></c>`);
    // The follower keeps the value it showed, as a constant; the unrelated formula stays.
    expect(cellXml(xml, 'B3')).toBe('<c r="B3" t="inlineStr"><is><t xml:space="preserve">无</t></is></c>');
    expect(cellXml(xml, 'C2')).toBe('<c r="C2"><f>1+1</f><v>2</v></c>');
    // calcChain.xml listed the formulas removed: Excel rebuilds it.
    expect(parts['xl/calcChain.xml']).toBeUndefined();
    expect(parts['xl/_rels/workbook.xml.rels']).not.toContain('calcChain');
    expect(parts['[Content_Types].xml']).not.toContain('calcChain');
    expect(out.check.checked).toContain('删除工作表“Sheet1”B2 单元格的公式，只保留脱敏后的值');
    expect(unzipTest(out.bytes)).toMatch(/No errors/);
  });
  it('drops the hyperlink of a redacted cell, which names the same thing', () => {
    const email = 'zhang.san@example.gov.cn';
    const original = patch(buildXlsx({ sheets: [{ name: 'Sheet1', rows: [['电子邮箱', '网站'], [email, '门户网站']] }] }), (p) => {
      insert(p, 'xl/worksheets/sheet1.xml', '<pageMargins', '<hyperlinks><hyperlink ref="A2" r:id="rId7" tooltip="发邮件"/><hyperlink ref="B2" r:id="rId8"/></hyperlinks>');
      p['xl/worksheets/_rels/sheet1.xml.rels'] =
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        relationship('rId7', `${OFFICE_REL}/hyperlink`, `mailto:${email}`, true) +
        relationship('rId8', `${OFFICE_REL}/hyperlink`, 'https://www.example.gov.cn/', true) +
        '</Relationships>';
    });
    const { plan } = planFor(original);
    expect(redactedValues(plan)).toContain(email);
    const out = exportXlsx(plan, original);
    const parts = partsOf(out.bytes);
    expect(parts['xl/worksheets/sheet1.xml']).toContain('<hyperlinks><hyperlink ref="B2" r:id="rId8"/></hyperlinks>');
    expect(parts['xl/worksheets/_rels/sheet1.xml.rels']).not.toContain('mailto');
    expect(parts['xl/worksheets/_rels/sheet1.xml.rels']).toContain('https://www.example.gov.cn/');
    expect(out.check.checked).toContain('删除工作表“Sheet1”A2 单元格的超链接');
  });

  it('does not read the digits of neighbouring number cells as one number', () => {
    const original = buildXlsx({ sheets: [{ name: 'Sheet1', rows: [['联系电话', '区号', '分机'], [XLSX_PHONES[0], null, null], ['', 138, 12345678]] }] });
    const { plan } = planFor(original);
    expect(redactedValues(plan)).toEqual([XLSX_PHONES[0]]);
    const again = importXlsx(exportXlsx(plan, original).bytes);
    expect(cellText(again, 'Sheet1', 'B3')).toBe('138');
    expect(cellText(again, 'Sheet1', 'C3')).toBe('12345678');
  });
});

describe('XLSX export: hidden rows, columns and sheets', () => {
  it('empties a hidden row and a hidden column that held redacted data, keeps one that did not, and says which', () => {
    const original = buildXlsx({
      sheets: [
        {
          name: '名单',
          rows: [
            ['姓名', '联系电话', '备注', '手机'],
            ['甲', XLSX_PHONES[0], '正常', null],
            ['乙', XLSX_PHONES[1], '内部备注', null],
            ['丙', '无', '一般', HIDDEN_SHEET_PHONES[0]],
            ['合计', '3', '不公开的说明', null],
          ],
          hiddenRows: [3, 5],
          hiddenColumns: ['D'],
        },
      ],
    });
    const { plan } = planFor(original);
    const out = exportXlsx(plan, original);
    const again = importXlsx(out.bytes);
    // The whole record of row 3 goes, not only the phone number; so does column D, header included.
    expect(again.text).not.toContain('内部备注');
    expect(cellText(again, '名单', 'A3')).toBeUndefined();
    expect(cellText(again, '名单', 'D1')).toBeUndefined();
    expect(cellText(again, '名单', 'D4')).toBeUndefined();
    expect(cellText(again, '名单', 'B2')).toBe(block(11));
    expect(cellText(again, '名单', 'C4')).toBe('一般');
    expect(cellText(again, '名单', 'C5')).toBe('不公开的说明');
    // The rows and columns themselves stay (hidden), only their cells go.
    const xml = partsOf(out.bytes)['xl/worksheets/sheet1.xml']!;
    expect(xml).toContain('<row r="3" hidden="1"/>');
    expect(xml).toContain('hidden="1" customWidth="1"');
    expect(out.check.checked).toContain('清空工作表“名单”的隐藏行 3');
    expect(out.check.checked).toContain('清空工作表“名单”的隐藏列 D');
    expect(out.check.checked).toContain('保留工作表“名单”的隐藏行 5：其中没有被脱敏的内容');
    expect(out.check.checked.some((c) => c.includes('隐藏列 D：'))).toBe(false);
  });

  it('drops a hidden sheet with its names, references and view, and keeps one without redactions, saying why', () => {
    const built = buildXlsx({
      sheets: [
        { name: '汇总', rows: [['项目', '人数'], ['报名', { formula: 'COUNTA(名单!A:A)', result: '3' }]] },
        { name: '名单', state: 'hidden', rows: [['姓名', '手机'], ['甲', HIDDEN_SHEET_PHONES[0]]] },
        { name: '其他', rows: [['备注'], ['无']] },
        { name: '参数', state: 'veryHidden', rows: [['版本'], ['1.0']] },
      ],
    });
    const original = patch(built, (p) => {
      p['xl/workbook.xml'] = p['xl/workbook.xml']!.replace('activeTab="0"', 'activeTab="2"').replace(
        '</sheets>',
        '</sheets><definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="1" hidden="1">名单!$A$1:$B$2</definedName>' +
          "<definedName name=\"电话表\">'名单'!$B$1:$B$2</definedName><definedName name=\"_xlnm.Print_Area\" localSheetId=\"2\">其他!$A$1:$A$2</definedName>" +
          '<definedName name="版本号">参数!$A$2</definedName></definedNames>',
      );
      insert(
        p,
        'xl/worksheets/sheet1.xml',
        '<pageMargins',
        '<dataValidations count="2"><dataValidation type="list" sqref="A2"><formula1>名单!$A$2:$A$9</formula1></dataValidation>',
        '<dataValidation type="whole" sqref="B2"><formula1>0</formula1><formula2>100</formula2></dataValidation></dataValidations>',
      );
    });
    const { plan } = planFor(original);
    const out = exportXlsx(plan, original);
    const parts = partsOf(out.bytes);
    const wb = parts['xl/workbook.xml']!;
    expect([...wb.matchAll(/<sheet name="([^"]+)"/g)].map((m) => m[1])).toEqual(['汇总', '其他', '参数']);
    expect(wb).not.toContain('名单');
    expect(wb).toContain('<definedName name="_xlnm.Print_Area" localSheetId="1">');
    expect(wb).toContain('<definedName name="版本号">');
    expect(wb).toContain('activeTab="1"');
    const sheet1 = parts['xl/worksheets/sheet1.xml']!;
    expect(cellXml(sheet1, 'B2')).toBe('<c r="B2" t="inlineStr"><is><t xml:space="preserve">3</t></is></c>');
    expect(sheet1).toContain('<dataValidations count="1"><dataValidation type="whole" sqref="B2">');
    expect(out.check.checked).toEqual(
      expect.arrayContaining([
        '删除隐藏工作表“名单”',
        '删除名称“_xlnm._FilterDatabase”：它引用已删除的工作表',
        '删除名称“电话表”：它引用已删除的工作表',
        '工作表“汇总”中 1 个引用已删除工作表的公式改为其值',
        '删除工作表“汇总”中 1 条引用已删除工作表的数据验证或条件格式',
        '保留隐藏工作表“参数”：其中没有被脱敏的内容',
      ]),
    );
    expect(unzipTest(out.bytes)).toMatch(/No errors/);
  });
});

describe('XLSX export: properties and comments', () => {
  const CUSTOM = 'http://schemas.openxmlformats.org/officeDocument/2006/custom-properties';
  const VT = 'http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes';
  const original = patch(buildXlsx({ lastModifiedBy: '李科长', sheets: [{ name: 'Sheet1', rows: [['联系电话'], [XLSX_PHONES[0]]] }] }), (p) => {
    p['docProps/app.xml'] =
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="' +
      VT +
      '"><Application>Microsoft Excel</Application><Manager>王经理</Manager><Company>某某局办公室</Company>' +
      '<HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>工作表</vt:lpstr></vt:variant><vt:variant><vt:i4>1</vt:i4></vt:variant></vt:vector></HeadingPairs>' +
      '<TitlesOfParts><vt:vector size="1" baseType="lpstr"><vt:lpstr>Sheet1</vt:lpstr></vt:vector></TitlesOfParts><AppVersion>16.0300</AppVersion></Properties>';
    p['docProps/custom.xml'] =
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="${CUSTOM}" xmlns:vt="${VT}">` +
      `<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="经办人电话"><vt:lpwstr>${XLSX_PHONES[1]}</vt:lpwstr></property></Properties>`;
    insert(
      p,
      '_rels/.rels',
      ROOT_END,
      relationship('rId3', `${OFFICE_REL}/extended-properties`, 'docProps/app.xml'),
      relationship('rId4', `${OFFICE_REL}/custom-properties`, 'docProps/custom.xml'),
    );
    insert(
      p,
      '[Content_Types].xml',
      ROOT_END,
      override('/docProps/app.xml', 'application/vnd.openxmlformats-officedocument.extended-properties+xml'),
      override('/docProps/custom.xml', 'application/vnd.openxmlformats-officedocument.custom-properties+xml'),
    );
  });

  it('drops the custom properties and clears the names in the core and app properties', () => {
    const { doc, plan } = planFor(original);
    expect(doc.text).toContain('某某局办公室');
    expect(redactedValues(plan)).toContain(XLSX_PHONES[1]);
    const out = exportXlsx(plan, original);
    const parts = partsOf(out.bytes);
    expect(parts['docProps/custom.xml']).toBeUndefined();
    expect(parts['_rels/.rels']).not.toContain('custom');
    expect(parts['[Content_Types].xml']).not.toContain('custom');
    const app = parts['docProps/app.xml']!;
    for (const gone of ['王经理', '某某局办公室', 'TitlesOfParts', 'HeadingPairs']) expect(app).not.toContain(gone);
    expect(app).toContain('<Application>Microsoft Excel</Application>');
    expect(parts['docProps/core.xml']).not.toMatch(/市政府办公室|李科长/);
    expect(importXlsx(out.bytes).segments.some((s) => s.location.kind === 'property')).toBe(false);
    expect(out.check.checked).toEqual(expect.arrayContaining(['删除自定义文档属性 docProps/custom.xml', '清除文档属性 docProps/app.xml', '清除文档属性 docProps/core.xml']));
  });

  it('clears the properties and comments even when nothing is redacted', () => {
    const publicity = publicityXlsx();
    const { plan } = planFor(publicity, { accept: () => false });
    expect(plan.spans).toEqual([]);
    const out = exportXlsx(plan, publicity);
    const parts = partsOf(out.bytes);
    expect(Object.keys(parts).filter((n) => /comment|vml/i.test(n))).toEqual([]);
    expect(parts['docProps/core.xml']).not.toContain('市政府办公室');
    // Nothing redacted: hidden sheets stay, with the reason.
    expect(parts['xl/workbook.xml']).toContain('联系方式');
    expect(out.check.checked).toContain('保留隐藏工作表“联系方式”：其中没有被脱敏的内容');
  });

  it('removes threaded comments and the list of their authors', () => {
    const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
    const TC = 'http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments';
    const withThreads = patch(
      buildXlsx({ sheets: [{ name: 'Sheet1', rows: [['备注'], ['见批注']], comments: [{ cell: 'A2', author: 'tc={1}', text: ['[Threaded comment] 请核对'] }] }] }),
      (p) => {
        p['xl/threadedComments/threadedComment1.xml'] =
          `<ThreadedComments xmlns="${TC}" xmlns:x="${MAIN}"><threadedComment ref="A2" personId="{P1}" id="{1}"><text>请核对 ${XLSX_PHONES[2]}</text></threadedComment></ThreadedComments>`;
        p['xl/persons/person.xml'] = `<personList xmlns="${TC}"><person displayName="审核员刘某" id="{P1}" userId="liu@example.gov.cn" providerId="None"/></personList>`;
        const MS_REL = 'http://schemas.microsoft.com/office/2017/10/relationships';
        insert(p, 'xl/worksheets/_rels/sheet1.xml.rels', ROOT_END, relationship('rId9', `${MS_REL}/threadedComment`, '../threadedComments/threadedComment1.xml'));
        insert(p, 'xl/_rels/workbook.xml.rels', ROOT_END, relationship('rId98', `${MS_REL}/person`, 'persons/person.xml'));
        insert(
          p,
          '[Content_Types].xml',
          ROOT_END,
          override('/xl/threadedComments/threadedComment1.xml', 'application/vnd.ms-excel.threadedcomments+xml'),
          override('/xl/persons/person.xml', 'application/vnd.ms-excel.person+xml'),
        );
      },
    );
    const { plan } = planFor(withThreads);
    const out = exportXlsx(plan, withThreads);
    const parts = partsOf(out.bytes);
    expect(Object.keys(parts).filter((n) => /comment|person|vml/i.test(n))).toEqual([]);
    for (const xml of Object.values(parts)) expect(xml).not.toMatch(/审核员刘某|liu@example|threadedComment|persons/);
    expect(out.check.checked).toEqual(
      expect.arrayContaining(['删除会话批注 xl/threadedComments/threadedComment1.xml', '删除批注人名单 xl/persons/person.xml']),
    );
  });
});

describe('XLSX export: other packages', () => {
  it('handles strict OOXML, stored (uncompressed) entries included', () => {
    const strict = buildXlsx({
      strict: true,
      sheets: [
        { name: '名单', rows: [['姓名', '联系电话'], ['张三', XLSX_PHONES[0]]], comments: [{ cell: 'B2', author: '审核员', text: [`核实 ${XLSX_PHONES[1]}`] }] },
        { name: '底稿', state: 'hidden', rows: [['手机'], [HIDDEN_SHEET_PHONES[0]]] },
      ],
    });
    const original = zipSync(unzipSync(strict), { level: 0 });
    const { plan } = planFor(original);
    const out = exportXlsx(plan, original);
    const parts = partsOf(out.bytes);
    expect(Object.keys(parts).filter((n) => /comment|vml|sheet2/i.test(n))).toEqual([]);
    expect(parts['xl/worksheets/sheet1.xml']).toContain('http://purl.oclc.org/ooxml/spreadsheetml/main');
    const again = importXlsx(out.bytes);
    expect(cellText(again, '名单', 'B2')).toBe(block(11));
    expect(again.text).not.toContain('底稿');
    expect(compareEntries(original, out.bytes).changed).not.toContain('xl/styles.xml');
    expect(unzipTest(out.bytes)).toMatch(/No errors/);
  });
});

describe('XLSX export: refusals', () => {
  it('refuses when a part it does not edit still holds a redacted value (the leak check reads every part)', () => {
    const original = patch(publicityXlsx(), (p) => {
      p['xl/extra.xml'] = `<?xml version="1.0"?><x><v>备份：${XLSX_PHONES[0].slice(0, 3)} ${XLSX_PHONES[0].slice(3)}</v></x>`;
    });
    const { plan } = planFor(original);
    expectRefused(() => exportXlsx(plan, original), 'refused', /泄密检查未通过.*xl\/extra\.xml/);
  });

  it('refuses a plan made on another workbook', () => {
    const a = buildXlsx({ sheets: [{ name: 'Sheet1', rows: [['联系电话'], [XLSX_PHONES[0]]] }] });
    const b = buildXlsx({ sheets: [{ name: 'Sheet1', rows: [['联系电话'], [XLSX_PHONES[1]]] }] });
    const { plan } = planFor(a);
    expectRefused(() => exportXlsx(plan, b), 'refused', /对不上/);
  });

  it('refuses hostile input with an AppError: not a zip, a DTD, a zip bomb', () => {
    const { plan } = planFor(publicityXlsx());
    expectRefused(() => exportXlsx(plan, new TextEncoder().encode('not a zip')), 'bad_input', /压缩包/);
    const dtd = patch(publicityXlsx(), (p) => {
      p['xl/worksheets/sheet1.xml'] = p['xl/worksheets/sheet1.xml']!.replace('<worksheet', '<!DOCTYPE x [<!ENTITY a "aaaa">]><worksheet');
    });
    expectRefused(() => exportXlsx(plan, dtd), 'bad_input', /DTD/);
    const bomb = zipSync({ ...unzipSync(publicityXlsx()), 'xl/media/big.bin': new Uint8Array(20 * 1024 * 1024) }, { level: 9 });
    expectRefused(() => exportXlsx(plan, bomb), 'bad_input', /压缩炸弹/);
  });

  it('refuses to export a document that was not imported from a workbook', () => {
    const { plan } = planFor(publicityXlsx());
    expectRefused(() => exportXlsx({ ...plan, doc: { ...plan.doc, format: 'docx' } }, publicityXlsx()), 'invalid_request', /xlsx/);
  });
});

describe.skipIf(!HAVE_CORPORA)('external: real XLSX files, every finding accepted', () => {
  const files = corpusFiles('office/xlsx', (n) => /\.(xlsx|xlsm)$/i.test(n));

  it('exports each with no redacted value left, or refuses it with an AppError', () => {
    const summary = { exported: 0, refusedOnImport: 0, refusedOnExport: [] as string[] };
    for (const file of files) {
      const name = basename(file);
      const original = readFileSync(file);
      let planned: ReturnType<typeof planFor>;
      try {
        planned = planFor(original);
      } catch (err) {
        expect(err, `${name}: import`).toBeInstanceOf(AppError);
        summary.refusedOnImport++;
        continue;
      }
      let out: ReturnType<typeof exportXlsx>;
      try {
        out = exportXlsx(planned.plan, original);
      } catch (err) {
        expect(err, `${name}: ${String(err)}`).toBeInstanceOf(AppError);
        summary.refusedOnExport.push(`${name}: ${(err as AppError).messageZh}`);
        continue;
      }
      summary.exported++;
      // Checked again here, independently of the exporter: grep every text part for every value removed.
      const values = redactedValues(planned.plan).filter((v) => v.trim().length >= 4);
      for (const [part, xml] of Object.entries(partsOf(out.bytes))) {
        if (!/\.(xml|rels|vml)$/i.test(part)) continue;
        for (const v of values) for (const form of forms(v).slice(0, 2)) expect(xml.includes(form), `${name} ${part}: ${v}`).toBe(false);
        expect(/comments\d*\.xml$|threadedComment|docProps\/custom\.xml/i.test(part), `${name}: ${part}`).toBe(false);
      }
      const again = importXlsx(out.bytes);
      expect(again.segments.some((s) => s.hidden === 'cell_comment'), name).toBe(false);
      expect(unzipTest(out.bytes), name).toMatch(/No errors/);
    }
    process.stdout.write(`external XLSX export: ${JSON.stringify(summary, null, 1)}\n`);
    expect(summary.exported).toBeGreaterThan(0);
  });
});
