import iconv from 'iconv-lite';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { hiddenSummary, locate, type ExtractedDocument } from '../../shared/document/model';
import { publicityXlsx } from '../fixtures/xlsx';
import { AppError } from '../../shared/errors';
import { importDocument, importDocumentAsync } from '../../electron/node/importers';
import { buildDocx } from '../fixtures/docx';
import { NOTICE_TEXT, PERSON_ID, noticeDocx } from '../fixtures/samples';
import { expectSegmentsCover, expectRefused } from '../fixtures/expect';

describe('TXT import', () => {
  it('maps every line to its line number, whatever the line endings', () => {
    const doc = importDocument('a.txt', iconv.encode('第一行\r\n第二行\r第三行\n第四行', 'gbk'));
    expect(doc.text).toBe('第一行\r\n第二行\r第三行\n第四行');
    expect(doc.encoding).toBe('gb18030');
    expectSegmentsCover(doc);
    expect(locate(doc, doc.text.indexOf('第三行') + 1)).toEqual({ kind: 'txt', line: 3, column: 2 });
    expect(locate(doc, doc.text.indexOf('第四行'))).toEqual({ kind: 'txt', line: 4, column: 1 });
  });

  it('handles a file without a final newline and a single line', () => {
    const doc = importDocument('b.txt', strToU8('只有一行'));
    expect(doc.segments).toEqual([{ start: 0, end: 4, location: { kind: 'txt', line: 1, column: 1 } }]);
  });
});

describe('DOCX import', () => {
  const doc = importDocument('notice.docx', noticeDocx());

  it('reads body, table cells, header and footer in order', () => {
    expect(doc.format).toBe('docx');
    const lines = doc.text.split('\n').filter(Boolean);
    expect(lines[0]).toBe('关于2024年度政府信息公开工作年度报告的公示');
    expect(doc.text).toContain(`公民身份号码：${PERSON_ID}，`);
    expect(lines).toContain('姓名\t身份证号\t联系电话');
    expect(lines).toContain(`赵强\t${'440524188001010014'}\t13700001111`);
    expect(doc.text.indexOf('市人民政府办公室')).toBeGreaterThan(doc.text.indexOf('赵强'));
    expect(doc.text).toContain('值班手机：13600001234');
    expectSegmentsCover(doc);
  });

  it('maps text back to part, paragraph, run and text element', () => {
    const at = doc.text.indexOf(PERSON_ID) + 10; // in the second run of paragraph 3
    expect(locate(doc, at)).toEqual({ kind: 'docx', part: 'word/document.xml', paragraph: 2, run: 1, textNode: 3, offset: 2 });
    const header = locate(doc, doc.text.indexOf('市人民政府办公室'));
    expect(header).toMatchObject({ kind: 'docx', part: 'word/header1.xml', paragraph: 0 });
  });

  it('turns tabs into separators and reads comments', () => {
    const d = importDocument('t.docx', buildDocx({ paragraphs: ['姓名\t李明'], comment: { author: '张科长', text: '此处电话13812345678需删除' } }));
    expect(d.text).toContain('姓名\t李明');
    expect(d.text).toContain('此处电话13812345678需删除');
    expect(locate(d, d.text.indexOf('\t'))).toEqual({ kind: 'separator' });
  });
});

describe('format dispatch', () => {
  it('routes XLSX and HTML by signature and extension, and counts a hidden sheet once', () => {
    const book = importDocument('公示.xlsx', publicityXlsx());
    expect(book.format).toBe('xlsx');
    expect(importDocument('noext', publicityXlsx()).format).toBe('xlsx');
    const summary = hiddenSummary(book);
    expect(summary.hidden_sheet ?? 0).toBeLessThanOrEqual(2);
    const page = importDocument('page.htm', strToU8('<!doctype html><title>通知</title><p>联系电话 13812345678</p>'));
    expect(page.format).toBe('html');
    expect(page.text).toContain('联系电话 13812345678');
    expect(importDocument('page', strToU8('<html><body><p>hi</p></body></html>')).format).toBe('html');
  });
});

describe('hostile and unsupported input', () => {
  it('refuses legacy binary Office files with advice', () => {
    expectRefused(() => importDocument('old.doc', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0])), 'unsupported_format', /另存为 \.docx/);
  });

  it('refuses a zip that is not a Word document', () => {
    expectRefused(() => importDocument('x.docx', zipSync({ 'a.txt': strToU8('hi') })), 'unsupported_format', /word\/document\.xml/);
  });

  it('refuses a truncated DOCX', () => {
    const bytes = noticeDocx();
    expectRefused(() => importDocument('t.docx', bytes.subarray(0, bytes.length - 200)), 'bad_input', /损坏/);
  });

  it('refuses a DTD (billion laughs) inside a part', () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>`;
    expectRefused(() => importDocument('b.docx', zipSync({ 'word/document.xml': strToU8(bomb) })), 'bad_input', /DTD/);
  });

  it('refuses malformed XML', () => {
    expectRefused(() => importDocument('m.docx', zipSync({ 'word/document.xml': strToU8('<w:document><w:body>') })), 'bad_input', /XML/);
  });

  it('refuses a highly compressed entry (zip bomb)', () => {
    const huge = new Uint8Array(20 * 1024 * 1024);
    const zip = zipSync({ 'word/document.xml': huge }, { level: 9 });
    expectRefused(() => importDocument('z.docx', zip), 'bad_input', /压缩炸弹/);
  });

  it('refuses a truncated PDF, empty files and unknown formats, in Chinese', async () => {
    const err = await importDocumentAsync('a.pdf', strToU8('%PDF-1.7')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).messageZh.length).toBeGreaterThan(4);
    expectRefused(() => importDocument('a.txt', new Uint8Array()), 'bad_input', /文件为空/);
    expectRefused(() => importDocument('a.bin', strToU8(NOTICE_TEXT)), 'unsupported_format', /无法识别/);
  });
});
