import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { buildDocx } from '../fixtures/docx';
import { buildPdf, noticePdf } from '../fixtures/pdf';
import { NOTICE_TEXT, noticeDocx } from '../fixtures/samples';
import { buildXlsx, publicityXlsx } from '../fixtures/xlsx';

/**
 * Seed files for mutation: real files of every format built by the test
 * fixtures (every hidden place filled), and text in the encodings offices
 * use, with government prose from ../shared/seeds when it is there.
 */

export interface Seed {
  /** File name: the importer is chosen by it (and by the magic number). */
  name: string;
  bytes: Uint8Array;
}

const SEEDS_DIR = join(import.meta.dirname, '..', '..', '..', 'shared', 'seeds');

/** Paragraphs of real government prose (a few kilobytes each), or the notice fixture's. */
export function proseTexts(): string[] {
  if (!existsSync(SEEDS_DIR)) return [NOTICE_TEXT];
  const texts = readdirSync(SEEDS_DIR)
    .filter((n) => n.endsWith('.txt'))
    .sort()
    .map((n) => readFileSync(join(SEEDS_DIR, n), 'utf8').slice(0, 3000));
  return texts.length ? [NOTICE_TEXT, ...texts] : [NOTICE_TEXT];
}

const enc = (s: string, encoding: string, bom = false) => new Uint8Array(iconv.encode(s, encoding, { addBOM: bom }));

export function textSeeds(): Seed[] {
  const [notice, ...rest] = proseTexts();
  const prose = [notice!, ...rest.map((t) => t.slice(0, 1200))].join('\n');
  return [
    { name: '通知.txt', bytes: enc(prose, 'utf8') },
    { name: 'bom.txt', bytes: enc(prose, 'utf8', true) },
    { name: 'gbk.txt', bytes: enc(prose, 'gbk') },
    { name: 'gb18030.md', bytes: enc(`# 标题\n\n${prose}\r\n`, 'gb18030') },
    { name: 'big5.txt', bytes: enc(notice!, 'big5') },
    { name: 'utf16le.txt', bytes: enc(prose, 'utf16le', true) },
    { name: 'utf16be.txt', bytes: enc(notice!, 'utf16be', true) },
    { name: 'utf16-nobom.log', bytes: enc('Log line 1: 13812345678\r\nLog line 2: 11010519491231002X\r\n', 'utf16le') },
    { name: 'utf32.txt', bytes: enc(notice!, 'utf32le', true) },
  ];
}

const CSV = [
  '序号,姓名,身份证号,联系电话,备注',
  '1,张三,11010519491231002X,13812345678,"住址：北京市东城区正义路2号，""拟录用"""',
  '2,李四,440524188001010014,139 0011 2233,"多行',
  '备注"',
  '3,"王,五",,010-65123456,',
  ',,,,',
].join('\r\n');

export function csvSeeds(): Seed[] {
  return [
    { name: '公示名单.csv', bytes: enc(CSV, 'utf8', true) },
    { name: 'gbk名单.csv', bytes: enc(CSV, 'gbk') },
    { name: '名单.tsv', bytes: enc(CSV.replaceAll(',', '\t'), 'utf8') },
    { name: 'sep.csv', bytes: enc(`sep=;\n${CSV.replaceAll(',', ';')}`, 'utf8') },
  ];
}

function page(charset: string, body: string): string {
  return (
    `<!DOCTYPE html>\n<html><head><meta charset="${charset}"><title>公示 title</title>` +
    '<meta name="author" content="办公室王芳"><meta name="description" content="联系电话13812345678">' +
    '<style>.x{display:none}</style><script>var tel="13900001111";</script></head>\n<body>\n' +
    body +
    '\n<!-- 原稿：申请人李明 11010519491231002X -->\n<div hidden>隐藏联系人 13700001111</div>' +
    '<p style="display:none">身份证号 440524188001010014</p>' +
    '<table><tr><th>姓名</th><th>电话</th></tr><tr><td>赵强</td><td>13600001234</td></tr><tr><td>钱&nbsp;七<td>&#x31;3800138000</table>' +
    '<img alt="王芳的照片" src="a.png"><a href="mailto:wangfang@example.gov.cn" title="联系">邮件</a><input value="张三" placeholder="姓名">' +
    '<pre>\n  预格式 13812345678\n</pre><textarea>草稿 &lt;内部&gt;</textarea><![CDATA[<b>CDATA</b>]]><!--[if IE]><p>旧浏览器</p><![endif]-->' +
    '\n</body></html>'
  );
}

export function htmlSeeds(): Seed[] {
  const body = proseTexts()
    .slice(0, 3)
    .map((t) => `<p>${t.slice(0, 600).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/\n/g, '<br>')}</p>`)
    .join('\n');
  return [
    { name: '公示.html', bytes: enc(page('utf-8', body), 'utf8') },
    { name: 'gbk.htm', bytes: enc(page('gb2312', body), 'gbk') },
    { name: 'latin-declared.html', bytes: enc(page('iso-8859-1', body), 'gbk') },
    { name: 'page', bytes: enc(page('utf-8', '<ul><li>一<li>二</ul><h1>标题</h1>'), 'utf8') },
  ];
}

/** A DOCX with every place text can hide in filled. */
function fullDocx(): Uint8Array {
  return buildDocx({
    paragraphs: [
      '关于公示名单的通知',
      [{ text: '申请人' }, { text: '张三', inserted: '审核员' }, { text: '李四', deleted: '科员王某' }, { text: '隐藏电话13812345678', hidden: true }],
      [{ text: '移走的段落', movedFrom: '张科长' }, { text: '移来的段落', movedTo: '张科长' }],
      [{ text: '第1页', field: 'PAGE \\* MERGEFORMAT' }, { text: '引用', simpleField: 'REF _Ref123 \\h' }, { text: '样式隐藏', style: 'Secret' }],
      [{ text: '表格\t制表符' }],
    ],
    table: [
      ['姓名', '身份证号', '联系电话'],
      ['赵强', '440524188001010014', '13700001111'],
    ],
    header: '市人民政府办公室',
    footer: [{ text: '值班手机：13600001234' }],
    comments: [
      { author: '审核员张某', text: '身份证号需核实' },
      { author: '科员李某', text: '电话 13900112233' },
    ],
    textBoxes: [{ text: '文本框内容 13800138000', descr: '替代文字' }, { text: '第二个', fallback: '第二个', splitFallbackAt: 2 }],
    images: [{ descr: '王芳的证件照', title: '证件照', name: '王芳.png' }],
    footnotes: ['脚注：联系人王五'],
    endnotes: ['尾注：电话 13512345678'],
    styles: [
      { id: 'Secret', hidden: true },
      { id: 'Child', hidden: false, basedOn: 'Secret' },
    ],
    creator: '张伟',
    core: [
      ['cp:lastModifiedBy', '李娜'],
      ['dc:title', '公示名单'],
    ],
    app: { Company: '市政府办公室', Manager: '王主任' },
    custom: { 经办人: '赵六', 电话: '13811112222' },
  });
}

export function docxSeeds(): Seed[] {
  return [
    { name: 'notice.docx', bytes: noticeDocx() },
    { name: 'full.docx', bytes: fullDocx() },
  ];
}

export function xlsxSeeds(): Seed[] {
  return [
    { name: 'publicity.xlsx', bytes: publicityXlsx() },
    {
      name: 'strict.xlsx',
      bytes: buildXlsx({
        strict: true,
        sheets: [{ name: '名单', rows: [['姓名', '手机'], ['张三', '13812345678'], [{ inline: '李四' }, { number: '1.38123456780E+10' }]], hiddenColumns: ['B'] }],
      }),
    },
  ];
}

const HAVE_QPDF = (() => {
  try {
    execFileSync('qpdf', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** qpdf's rewrite of a PDF (`args` before the file names), or null without qpdf. */
function qpdf(bytes: Uint8Array, args: string[]): Uint8Array | null {
  if (!HAVE_QPDF) return null;
  const dir = mkdtempSync(join(tmpdir(), 'mishen-fuzz-'));
  try {
    writeFileSync(join(dir, 'in.pdf'), bytes);
    execFileSync('qpdf', [...args, join(dir, 'in.pdf'), join(dir, 'out.pdf')], { stdio: 'ignore' });
    return new Uint8Array(readFileSync(join(dir, 'out.pdf')));
  } catch {
    return null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface PdfSeed extends Seed {
  password?: string;
}

/** PDFs: the notice (annotations, form, attachment, metadata), one carrying a DOCX, and qpdf's compressed and encrypted forms. */
export function pdfSeeds(): PdfSeed[] {
  const notice = noticePdf();
  const carrier = buildPdf({
    info: { Title: '附件', Author: '王芳' },
    attachments: [
      { name: '名单.docx', content: noticeDocx() },
      { name: '名单.csv', content: CSV },
    ],
    pages: [{ texts: [{ x: 72, y: 760, size: 12, text: '附件：名单（见内嵌文件）' }, { x: 72, y: 740, size: 12, text: '联系电话 13812345678', charSpacing: 0.5 }] }],
  });
  const seeds: PdfSeed[] = [
    { name: 'notice.pdf', bytes: notice },
    { name: 'carrier.pdf', bytes: carrier },
  ];
  const compressed = qpdf(notice, ['--object-streams=generate', '--compress-streams=y']);
  if (compressed) seeds.push({ name: 'compressed.pdf', bytes: compressed });
  const aes = qpdf(notice, ['--encrypt', '用户密码', 'owner', '256', '--']);
  if (aes) seeds.push({ name: 'aes.pdf', bytes: aes, password: '用户密码' });
  const rc4 = qpdf(carrier, ['--encrypt', 'u', 'o', '128', '--use-aes=n', '--']);
  if (rc4) seeds.push({ name: 'rc4.pdf', bytes: rc4, password: 'u' });
  return seeds;
}

export { HAVE_QPDF };
