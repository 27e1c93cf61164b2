import { strToU8, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { importDocument } from '../../electron/node/importers';
import type { Imported, Scanned } from './protocol';
import { expectImportOutcome, expectScanOutcome } from './oracle';
import { Sandbox } from './sandbox';

/**
 * Inputs the fuzzers found that hung or crashed an importer or the engine, replayed
 * deterministically (generated here, a few kilobytes zipped). Each runs in
 * the sandbox, whose 10 s ceiling is the hang detector: before the fixes
 * the first took minutes and then ran out of memory, the others minutes.
 */

const sandbox = new Sandbox();
afterAll(() => sandbox.close());

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const MC = 'http://schemas.openxmlformats.org/markup-compatibility/2006';
const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** A DOCX of one body, stored uncompressed (as a crafted file would be, past the compression-ratio check). */
function docx(body: string): Uint8Array {
  return zipSync({ 'word/document.xml': [strToU8(`<w:document xmlns:w="${W}"><w:body>${body}</w:body></w:document>`), { level: 0 }] });
}

function xlsx(workbookSheets: string, parts: Record<string, string>): Uint8Array {
  const files: Record<string, [Uint8Array, { level: 0 }]> = {};
  const all = {
    '_rels/.rels': `<Relationships xmlns="${PKG}"><Relationship Id="r1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': `<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets>${workbookSheets}</sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    ...parts,
  };
  for (const [name, text] of Object.entries(all)) files[name] = [strToU8(text), { level: 0 }];
  return zipSync(files);
}

async function imported(name: string, bytes: Uint8Array): Promise<Imported> {
  const outcome = await sandbox.run({ op: 'import', name, bytes, pdfBudgetMs: 1000 });
  expectImportOutcome(outcome);
  expect(outcome.kind).toBe('done');
  return (outcome as { value: Imported }).value;
}

const textOf = (doc: Imported, place?: string) =>
  doc.segments
    .filter((s) => s.location.kind !== 'separator' && s.hidden === place)
    .map((s) => doc.text.slice(s.start, s.end))
    .join('');

describe('fuzz regressions: DOCX', () => {
  it('20,000 nested alternative-content fallbacks, each declaring its namespace, around 20,000 texts (was: quadratic time, then out of memory)', async () => {
    const depth = 20_000;
    const open = `<mc:AlternateContent xmlns:mc="${MC}"><mc:Choice Requires="wps"><w:r><w:t>x</w:t></w:r></mc:Choice><mc:Fallback>`;
    const body = `<w:p>${open.repeat(depth)}${'<w:r><w:t>a</w:t></w:r>'.repeat(depth)}${'</mc:Fallback></mc:AlternateContent>'.repeat(depth)}</w:p>`;
    const doc = await imported('nested.docx', docx(body));
    // Each fallback differs from its choice (x), so every one is kept: no text is lost to the shortcut.
    expect(doc.text).toBe(`${'x'.repeat(depth)}${'a'.repeat(depth)}\n`);
  });

  it('40,000 nested tracked insertions around 40,000 texts and a deletion (was: quadratic time)', async () => {
    const depth = 40_000;
    const ins = Array.from({ length: depth }, (_, i) => `<w:ins w:id="${i}" w:author="I${i}">`).join('');
    const body =
      `<w:p>${ins}${'<w:r><w:t>a</w:t></w:r>'.repeat(depth)}` +
      `<w:del w:id="x" w:author="删除人">${'<w:r><w:delText>b</w:delText></w:r>'.repeat(depth)}</w:del>${'</w:ins>'.repeat(depth)}</w:p>`;
    const doc = await imported('ins.docx', docx(body));
    expect(textOf(doc, 'tracked_insertion')).toBe('a'.repeat(depth));
    expect(textOf(doc, 'tracked_deletion')).toBe('b'.repeat(depth));
    // The outermost insertion names the author; a deletion inside outranks every insertion around it.
    expect(new Set(doc.segments.filter((s) => s.hidden === 'tracked_insertion').map((s) => s.author))).toEqual(new Set(['I0']));
    expect(new Set(doc.segments.filter((s) => s.hidden === 'tracked_deletion').map((s) => s.author))).toEqual(new Set(['删除人']));
  });

  it('keeps nested alternative content exactly: a fallback repeating its choice is dropped, one that differs is kept', () => {
    const ac = (choice: string, fallback: string) => `<mc:AlternateContent xmlns:mc="${MC}"><mc:Choice>${choice}</mc:Choice><mc:Fallback>${fallback}</mc:Fallback></mc:AlternateContent>`;
    const t = (s: string) => `<w:r><w:t>${s}</w:t></w:r>`;
    const doc = importDocument('ac.docx', docx(`<w:p>${ac(t('甲'), ac(t('乙'), t('乙')))}</w:p><w:p>${ac(t('丙'), `${t('丙')}`)}</w:p>`));
    expect(doc.text).toBe('甲乙\n丙\n');
  });

  it('a prefix re-declared on an element is bound again to its outer namespace after it closes', () => {
    const doc = importDocument('ns.docx', docx(`<w:p><w:r xmlns:w="urn:not-word"><w:t>不是正文</w:t></w:r><w:r><w:t>正文</w:t></w:r></w:p>`));
    expect(doc.text).toBe('正文\n');
  });
});

describe('fuzz regressions: XLSX', () => {
  const sheet = `<worksheet xmlns="${MAIN}"><cols>${'<col min="1" max="1" width="9"/>'.repeat(20_000)}</cols><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>张三</t></is></c></row></sheetData></worksheet>`;

  it('4,000 sheets naming one large part are refused (was: the part read 4,000 times, over a minute)', async () => {
    const sheets = Array.from({ length: 4000 }, (_, i) => `<sheet name="S${i}" sheetId="${i + 1}" r:id="rId1"/>`).join('');
    const outcome = await sandbox.run({ op: 'import', name: 'amplified.xlsx', bytes: xlsx(sheets, { 'xl/worksheets/sheet1.xml': sheet }), pdfBudgetMs: 1000 });
    expectImportOutcome(outcome);
    expect(outcome.kind).toBe('threw');
    expect((outcome as { error: { messageZh: string } }).error.messageZh).toMatch(/多个工作表指向同一部件/);
  });

  it('a comments part named by 5,000 relationships is read once', async () => {
    const rels = Array.from({ length: 5000 }, (_, i) => `<Relationship Id="c${i}" Type="${REL}/comments" Target="../comments1.xml"/>`).join('');
    const comments = `<comments xmlns="${MAIN}"><authors><author>审核员</author></authors><commentList>${'<comment ref="A1" authorId="0"><text><t>请核实身份证号</t></text></comment>'.repeat(400)}</commentList></comments>`;
    const doc = await imported(
      'comments.xlsx',
      xlsx('<sheet name="名单" sheetId="1" r:id="rId1"/>', {
        'xl/worksheets/sheet1.xml': sheet,
        'xl/worksheets/_rels/sheet1.xml.rels': `<Relationships xmlns="${PKG}">${rels}</Relationships>`,
        'xl/comments1.xml': comments,
      }),
    );
    expect(doc.segments.filter((s) => s.hidden === 'cell_comment' && s.location.kind !== 'separator')).toHaveLength(400);
    expect(textOf(doc)).toBe('张三');
  });
});

describe('fuzz regressions: engine', () => {
  it('a table 16,384 columns wide (the XLSX limit) with a finding in most cells (was: each finding walked its row to count its column, about a minute)', async () => {
    const cols = 16_384;
    const headers = ['姓名', '身份证号', '联系电话'];
    const values = ['张三', '11010519491231002X', '13812345678'];
    const row = (pick: string[]) => Array.from({ length: cols }, (_, c) => pick[c % 3]).join('\t');
    const text = [row(headers), ...Array<string>(20).fill(row(values))].join('\n');
    const outcome = await sandbox.run({ op: 'scan', text, options: {} });
    expectScanOutcome(text, outcome);
    // The header still reaches the last phone number of the last row, in its 16,383rd column.
    const last = (outcome as { value: Scanned }).value.findings.filter((f) => f.type === 'mobile_phone').at(-1)!;
    expect(text.slice(text.lastIndexOf('\n', last.start) + 1, last.start).split('\t')).toHaveLength(16_383);
    expect(last.explanation.contextWords).toContain('联系电话');
  });
});
