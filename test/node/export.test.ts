import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync, zipSync } from 'fflate';
import iconv from 'iconv-lite';
import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { planRedactions } from '../../shared/review/redaction';
import { scanText } from '../../shared/rules/engine';
import { exportDocx } from '../../electron/node/exporters/docx';
import { exportTxt } from '../../electron/node/exporters/txt';
import { importDocument } from '../../electron/node/importers';
import { buildDocx } from '../fixtures/docx';
import { EMAIL, LIST_TERM, MOBILE, MOBILE_SPACED, NOTICE_TEXT, PERSON_ID, PERSON_ID_2, noticeDocx } from '../fixtures/samples';
import { useTempDirs } from '../fixtures/temp';

const lists = [{ name: 'l', version: '1', category: 'negative_list' as const, basis: 'b', terms: [LIST_TERM] }];

function planAll(name: string, bytes: Uint8Array) {
  const doc = importDocument(name, bytes);
  const findings = scanText(doc.text, { lists });
  const decisions = new Map(findings.map((f) => [f.id, { decision: 'accepted' }]));
  return { doc, findings, plan: { doc, spans: planRedactions(doc.text, findings, decisions) } };
}

const tempDir = useTempDirs();

describe('TXT export', () => {
  it('writes ■ of the same length in the source encoding', () => {
    const original = iconv.encode(NOTICE_TEXT, 'gbk');
    const { plan } = planAll('n.txt', original);
    const out = exportTxt(plan, original);
    const text = iconv.decode(out.bytes, 'gb18030');
    expect(text.length).toBe(NOTICE_TEXT.length);
    expect(text).toContain(`公民身份号码：${'■'.repeat(18)}，`);
    for (const secret of [PERSON_ID, MOBILE, EMAIL, LIST_TERM]) expect(text).not.toContain(secret);
    expect(text).not.toContain('0011');
    expect(text).toContain('关于2024年度政府信息公开工作年度报告的公示');
    expect(out.check.checked).toEqual(['文本']);
  });
});

describe('DOCX export', () => {
  const original = noticeDocx();
  const { plan } = planAll('n.docx', original);
  const out = exportDocx(plan, original);

  it('removes every accepted value from every part, checked by unzip and grep of each part', () => {
    const parts = unzipSync(out.bytes);
    for (const [name, data] of Object.entries(parts)) {
      const xml = strFromU8(data);
      for (const secret of [PERSON_ID, PERSON_ID_2, MOBILE, EMAIL, LIST_TERM, PERSON_ID.slice(8)]) expect(xml, name).not.toContain(secret);
    }
    expect(Object.keys(parts).sort()).toEqual(Object.keys(unzipSync(original)).sort());
  });

  it('keeps formatting and the rest of the text, as read by mammoth (an independent reader)', async () => {
    const { value } = await mammoth.extractRawText({ buffer: out.bytes });
    expect(value).toContain('关于2024年度政府信息公开工作年度报告的公示');
    expect(value).toContain(`公民身份号码：${'■'.repeat(18)}，联系电话：${'■'.repeat(11)}`);
    expect(value).toContain(`手机 ${'■'.repeat(MOBILE_SPACED.length)}`);
    const html = (await mammoth.convertToHtml({ buffer: out.bytes })).value;
    expect(html).toContain('<strong>关于2024年度政府信息公开工作年度报告的公示</strong>');
    expect(html).toContain('<table>');
  });

  it('redacts the header, footer and table too', () => {
    const parts = unzipSync(out.bytes);
    expect(strFromU8(parts['word/footer1.xml']!)).toContain(`值班手机：${'■'.repeat(11)}`);
    const body = strFromU8(parts['word/document.xml']!);
    expect(body).not.toContain('赵强'); // the 姓名 column of the table
    expect(body).toContain('<w:t xml:space="preserve">姓名</w:t>');
  });

  it('is re-read by the independent unzip tool', () => {
    const dir = tempDir();
    const file = join(dir, 'out.docx');
    writeFileSync(file, out.bytes);
    mkdirSync(join(dir, 'x'));
    execFileSync('unzip', ['-q', file, '-d', join(dir, 'x')]);
    const body = readFileSync(join(dir, 'x', 'word', 'document.xml'), 'utf8');
    expect(body).not.toContain(PERSON_ID);
    expect(execFileSync('unzip', ['-tq', file]).toString()).toMatch(/No errors/);
  });
});

describe('leak check', () => {
  it('refuses a DOCX whose unread properties still carry a redacted value', () => {
    // app.xml's Application is neither imported nor cleared, so nothing maps it to a redaction: only the leak check can catch it.
    const original = buildDocx({ paragraphs: [`联系人电话：${MOBILE}`], app: { Application: `经办人${MOBILE}` } });
    const { plan } = planAll('p.docx', original);
    expect(() => exportDocx(plan, original)).toThrow(AppError);
    try {
      exportDocx(plan, original);
    } catch (err) {
      expect((err as AppError).code).toBe('refused');
      expect((err as AppError).messageZh).toContain('docProps/app.xml');
    }
  });

  it('catches a value left in another form (spaced, full-width digits)', () => {
    const doc = importDocument('a.txt', Buffer.from(`电话 ${MOBILE}，再次：１３８ 1234 5678`));
    const f = scanText(doc.text).filter((x) => x.text === MOBILE);
    const plan = { doc, spans: planRedactions(doc.text, f, new Map([[f[0]!.id, { decision: 'accepted' }]])) };
    expect(() => exportTxt(plan, Buffer.from(doc.text))).toThrow(/泄密检查未通过/);
  });

  it('still refuses when an unmapped part of the package holds the value', () => {
    const parts = unzipSync(buildDocx({ paragraphs: [`身份证号 ${PERSON_ID}`] }));
    parts['word/unmapped.xml'] = new TextEncoder().encode(`<r><v>${PERSON_ID}</v></r>`);
    const original = zipSync(parts);
    const { plan } = planAll('c.docx', original);
    expect(() => exportDocx(plan, original)).toThrow(/word\/unmapped\.xml/);
  });
});
