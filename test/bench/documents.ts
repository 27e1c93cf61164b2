import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDocx } from '../fixtures/docx';
import { buildPdf, type PdfPageSpec } from '../fixtures/pdf';

/**
 * Long documents for the import and export benchmarks: Chinese government
 * text from ../shared/seeds (or a built-in paragraph), each page marked
 * "第 n 页 共 N 页", a planted sentence on the last page.
 */
export const SEEDS = process.env.MISHEN_SEEDS ?? join(process.cwd(), '..', 'shared', 'seeds');
const PDF_LINES = 40;
const LINE_CHARS = 36;
const DOCX_PARAS = 30;
export const SAMPLE = '经办人：王芳，联系电话：010-65127788。';
const FALLBACK =
  '为深入贯彻落实党中央、国务院关于全面推进政务公开工作的决策部署，进一步提高政府工作透明度，保障人民群众知情权、参与权、表达权和监督权，现就做好本年度政务公开工作通知如下。' +
  '各地区、各部门要坚持以公开为常态、不公开为例外，推进决策、执行、管理、服务、结果公开，加强政策解读和回应关切，依法做好政府信息依申请公开工作。';

/** Seed text cut into sentences; BMP only and no control characters, as the PDF writer needs UCS-2 codes. */
export function sentences(): string[] {
  const files = existsSync(SEEDS) ? readdirSync(SEEDS).filter((f) => f.endsWith('.txt')).sort() : [];
  const text = files.length ? files.map((f) => readFileSync(join(SEEDS, f), 'utf8')).join('\n') : FALLBACK;
  return text
    .replace(/[^\n\u0020-\u007e\u00a0-\ud7ff\uf900-\uffef]/g, '')
    .split(/(?<=[。！？；\n])/)
    .map((s) => s.trim())
    .filter((s) => s.length >= 4);
}

export const marker = (page: number, pages: number) => `第 ${page} 页 共 ${pages} 页`;

/** `count` pages of 40 lines, STSong-Light, the sample on line 21 of the last page; `perPage` lines of each page name a contact with a mobile number. */
export function makePdf(source: string[], count: number, perPage = 0): Uint8Array {
  const stream = source.join('');
  let at = 0;
  const pages: PdfPageSpec[] = [];
  for (let p = 1; p <= count; p++) {
    const lines: string[] = [];
    for (let i = 0; i < PDF_LINES; i++) {
      if (at + LINE_CHARS > stream.length) at = 0;
      if (i % 4 === 1 && (i - 1) / 4 < perPage) lines.push(`联系人：王芳，联系电话：138${String(p * 100 + i).padStart(8, '0')}。`);
      else lines.push(p === count && i === 20 ? SAMPLE : stream.slice(at, (at += LINE_CHARS)));
    }
    const texts = lines.map((text, i) => ({ x: 72, y: 770 - i * 17.5, size: 12, text }));
    pages.push({ texts: [...texts, { x: 240, y: 40, size: 10.5, text: marker(p, count) }] });
  }
  return buildPdf({ pages, info: { Title: '政务公开工作实施方案', Producer: 'mishen bench' } });
}

/** `count` pages' worth of paragraphs (30 a page, the marker last) and a 60-row contact table. */
export function makeDocx(source: string[], count: number): Uint8Array {
  const paragraphs: string[] = [];
  for (let p = 1; p <= count; p++) {
    for (let i = 0; i < DOCX_PARAS - 1; i++) {
      paragraphs.push(p === count && i === 15 ? SAMPLE : source[((p - 1) * DOCX_PARAS + i) % source.length]!);
    }
    paragraphs.push(marker(p, count)); // no page breaks before layout: the marker stands for the page footer
  }
  const table = [['序号', '姓名', '单位', '联系电话'], ...Array.from({ length: 60 }, (_, i) => [`${i + 1}`, `工作人员${i + 1}`, '市政府办公室', `0571-8${String(i).padStart(7, '0')}`])];
  return buildDocx({ paragraphs, table });
}
