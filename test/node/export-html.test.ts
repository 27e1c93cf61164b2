import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { SpanReplacement } from '../../shared/document/edits';
import type { ExtractedDocument } from '../../shared/document/model';
import { AppError } from '../../shared/errors';
import { applyRedactions, planRedactions, type ManualRedaction, type StyleChoice } from '../../shared/review/redaction';
import { scanText } from '../../shared/rules/engine';
import type { Finding } from '../../shared/rules/finding';
import { gb11643CheckChar } from '../../shared/rules/validators/gb11643';
import { exportHtml } from '../../electron/node/exporters/html';
import { importHtml } from '../../electron/node/importers/html';
import { HAVE_CORPORA, corpusFiles } from '../external/corpora';
import { expectRefused } from '../fixtures/expect';

/** A resident ID valid under GB 11643 (region, birth date, sequence, computed check character). */
const residentId = (first17: string) => first17 + gb11643CheckChar(first17);
const ID_1 = residentId('11010519850312123');
const ID_2 = residentId('44030419900101456');
const ID_3 = residentId('32010219781120789');
const PHONE_1 = '13812345678';
const PHONE_2 = '13987654321'; // written in the page as `&#49;3987654321`
const PHONE_3 = '13700001111';
const HIDDEN_PHONE = '13600002222';
const EMAIL = 'zhangsan@example.gov.cn';

const NOTICE = `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="author" content="王五">
<title>关于2024年度公开招聘拟聘用人员的公示</title>
<script>var contact = "${PHONE_1}"; // 经办 王五</script>
<style>.x::after { content: "${PHONE_3}" }</style>
</head>
<body>
<!-- #BeginEditable "正文" -->
<h1 title="联系人王五">关于2024年度公开招聘拟聘用人员的公示</h1>
<p>经考试、考察和体检，现将拟聘用人员名单公示如下：</p>
<table border="1">
<tr><th>姓名</th><th>身份证号</th><th>联系电话</th></tr>
<tr><td>张三</td><td>${ID_1}</td><td>${PHONE_1}</td></tr>
<tr><td>李四</td><td>${ID_2}</td><td>&#49;3987654321</td></tr>
<tr><td>王五</td><td>${ID_3}</td><td><a href="tel:${PHONE_3}">${PHONE_3}</a></td></tr>
</table>
<p><img src="photo.jpg" alt="张三身份证"></p>
<div style="display:none">备用电话：${HIDDEN_PHONE}</div>
<p>咨询邮箱：<a href="mailto:${EMAIL}">${EMAIL}</a></p>
<!-- 旧名单：王五 ${ID_3} -->
<p data-id="${ID_1}" data-tel="138-1234-5678">公示期：2024年5月1日至5月7日。</p>
<noscript>请致电 ${PHONE_1}</noscript>
<template><p>${ID_2}</p></template>
<!-- #EndEditable -->
</body>
</html>
`;

const SECRETS = [ID_1, ID_2, ID_3, PHONE_1, PHONE_2, PHONE_3, HIDDEN_PHONE, EMAIL, '张三', '李四', '王五'];

/**
 * Every finding accepted, and every other occurrence of a found value marked
 * by hand, as a reviewer does for what the scanner missed (names in `alt`
 * and in `<meta name=author>`).
 */
function planAll(doc: ExtractedDocument, choice?: StyleChoice) {
  const findings = scanText(doc.text);
  const decisions = new Map(findings.map((f) => [f.id, { decision: 'accepted' }]));
  const manual: ManualRedaction[] = [];
  const covered = (start: number, end: number) => [...findings, ...manual].some((r) => r.start < end && start < r.end);
  for (const f of findings) {
    for (let i = doc.text.indexOf(f.text); i >= 0; i = doc.text.indexOf(f.text, i + 1)) {
      if (!covered(i, i + f.text.length)) manual.push({ start: i, end: i + f.text.length, reason: '同一信息', basis: '人工标注' });
    }
  }
  return { findings, plan: { doc, spans: planRedactions(doc.text, findings, decisions, manual, choice) } };
}

/** A few named references and every numeric one, decoded here without the app's code. */
function decodeReferences(s: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
  return s
    .replace(/&#[xX]([0-9a-fA-F]+);?/g, (_, h: string) => String.fromCodePoint(Number.parseInt(h, 16)))
    .replace(/&#(\d+);?/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&(amp|lt|gt|quot|apos|nbsp);/g, (_, n: string) => named[n]!);
}

/** The page's source with comments taken out (removed comments must not count as lost structure). */
const withoutComments = (s: string) => s.replace(/<!--[\s\S]*?-->/g, '');
const startTags = (s: string) => withoutComments(s).match(/<[a-zA-Z][^\s>/]*/g)!.map((t) => t.toLowerCase());

/** A plan with hand-made spans over the given substrings of the imported text (nth occurrence). */
function spansOver(doc: ExtractedDocument, parts: [string, string][], nth = 0): SpanReplacement[] {
  return parts
    .map(([value, replacement]) => {
      let start = doc.text.indexOf(value);
      for (let k = 0; k < nth; k++) start = doc.text.indexOf(value, start + 1);
      expect(start, value).toBeGreaterThanOrEqual(0);
      return { start, end: start + value.length, replacement };
    })
    .sort((a, b) => a.start - b.start);
}

const utf8 = (s: string) => new TextEncoder().encode(s);
const readUtf8 = (b: Uint8Array) => new TextDecoder('utf-8', { fatal: true }).decode(b);

describe('HTML export: a 公示 page, every finding accepted', () => {
  const original = utf8(NOTICE);
  const doc = importHtml(original);
  const { findings, plan } = planAll(doc);
  const out = exportHtml(plan, original);
  const written = readUtf8(out.bytes);

  it('finds what the test relies on', () => {
    const found = new Set(findings.map((f: Finding) => f.text));
    for (const v of [ID_1, ID_2, ID_3, PHONE_1, PHONE_2, PHONE_3, HIDDEN_PHONE, EMAIL, '张三', '李四', '王五']) expect(found, v).toContain(v);
    expect(doc.text).toContain('张三身份证'); // alt text, read by the importer
  });

  it('leaves no redacted value anywhere in the bytes, nor its digits alone, references decoded', () => {
    const decoded = decodeReferences(written);
    for (const secret of SECRETS) {
      expect(written, secret).not.toContain(secret);
      expect(decoded, secret).not.toContain(secret);
      const digits = secret.replace(/\D/g, '');
      if (digits.length >= 6) expect(decoded.replace(/\D/g, ''), secret).not.toContain(digits);
    }
    expect(out.check.checked).toEqual(['网页文字', '网页源码', '网页源码（另行解码字符引用）']);
  });

  it('masks where the values stood: text, entity, attributes, hidden text, links', () => {
    // Two such rows: the second phone was `&#49;3987654321`, a reference and ten digits, eleven characters in all.
    const row = `<tr><td>■■</td><td>${'■'.repeat(18)}</td><td>${'■'.repeat(11)}</td></tr>`;
    expect(written.split(row)).toHaveLength(3);
    expect(written).not.toContain('&#49;');
    expect(written).toContain(`<a href="tel:${'■'.repeat(11)}">${'■'.repeat(11)}</a>`);
    expect(written).toContain('<img src="photo.jpg" alt="■■身份证">');
    expect(written).toContain('<h1 title="联系人■■">');
    expect(written).toContain(`<div style="display:none">备用电话：${'■'.repeat(11)}</div>`);
    expect(written).toContain(`<a href="mailto:${'■'.repeat(EMAIL.length)}">`);
    expect(written).toContain('<meta name="author" content="■■">');
  });

  it('sweeps what the importer does not read: scripts, styles, noscript, template, data attributes', () => {
    expect(written).toContain(`<script>var contact = "${'■'.repeat(11)}"; // 经办 ■■</script>`);
    expect(written).toContain(`<style>.x::after { content: "${'■'.repeat(11)}" }</style>`);
    expect(written).toContain(`<noscript>请致电 ${'■'.repeat(11)}</noscript>`);
    expect(written).toContain(`<template><p>${'■'.repeat(18)}</p></template>`);
    // Only the value's characters are masked: the hyphens of a formatted copy stay.
    expect(written).toContain(`<p data-id="${'■'.repeat(18)}" data-tel="■■■-■■■■-■■■■">`);
  });

  it('drops the comment that held a value and keeps the template markers', () => {
    expect(written).not.toContain('旧名单');
    expect(written).toContain('<!-- #BeginEditable "正文" -->');
    expect(written).toContain('<!-- #EndEditable -->');
  });

  it('keeps the structure and every character nobody redacted', () => {
    expect(startTags(written)).toEqual(startTags(NOTICE));
    expect(written.split('\n').length).toBe(NOTICE.split('\n').length);
    const again = importHtml(out.bytes);
    expect(again.warnings).toEqual([]);
    // The re-imported text is the planned text, less the removed comment's line.
    const planned = applyRedactions(doc.text, plan.spans).split('\n');
    const commentLine = planned.findIndex((l) => l.startsWith('旧名单'));
    expect(commentLine).toBeGreaterThan(0);
    planned.splice(commentLine, 1);
    expect(again.text).toBe(planned.join('\n'));
    expect(again.text).toContain('经考试、考察和体检，现将拟聘用人员名单公示如下：');
    expect(again.text).toContain('公示期：2024年5月1日至5月7日。');
  });

  it('writes [个人信息] in the label style, in text and attributes alike', () => {
    const labelled = exportHtml(planAll(doc, { style: 'label' }).plan, original);
    const page = readUtf8(labelled.bytes);
    expect(page).toContain('<tr><td>[个人信息]</td><td>[个人信息]</td><td>[个人信息]</td></tr>');
    expect(page).toContain('<h1 title="联系人[个人信息]">');
    expect(page).toContain('<a href="mailto:[个人信息]">[个人信息]</a>');
    // The entity-encoded phone: the label replaces the reference and the digits after it go.
    expect(page).toContain('<tr><td>[个人信息]</td><td>[个人信息]</td><td>[个人信息]</td></tr>\n<tr><td>[个人信息]</td>');
    expect(importHtml(labelled.bytes).text).toContain('[个人信息]\t[个人信息]\t[个人信息]');
  });

  it('keeps the unmasked ends in the mask style, the entity-encoded phone included', () => {
    const masked = readUtf8(exportHtml(planAll(doc, { style: 'mask' }).plan, original).bytes);
    expect(masked).toContain(`<td>${ID_1.slice(0, 6)}********${ID_1.slice(14)}</td>`);
    expect(masked).toContain('<td>139****4321</td>');
  });
});

describe('HTML export: character references mapped back to their source', () => {
  const exportOf = (page: string, parts: [string, string][]) => {
    const original = utf8(page);
    const doc = importHtml(original);
    const out = exportHtml({ doc, spans: spansOver(doc, parts) }, original);
    return { doc, page: readUtf8(out.bytes), again: importHtml(out.bytes).text };
  };

  it('replaces a name written entirely in hexadecimal references', () => {
    const { doc, page, again } = exportOf('<p>申请人：&#x5F20;&#x4E09;，男</p>', [['张三', '■■']]);
    expect(doc.text).toBe('申请人：张三，男');
    expect(page).toBe('<p>申请人：■■，男</p>');
    expect(again).toBe('申请人：■■，男');
  });

  it('takes only the reference when only its character is redacted (`&copy2024` is © then 2024)', () => {
    const { doc, page } = exportOf('<p>版权&copy2024 政府网站</p>', [['©', '■']]);
    expect(doc.text).toBe('版权©2024 政府网站');
    expect(page).toBe('<p>版权■2024 政府网站</p>');
  });

  it('maps `&amp;` inside a value, in text and in an attribute, and a named reference without semicolon', () => {
    const { doc, page } = exportOf('<p title="甲&amp;乙公司">合作方：甲&amp;乙公司&nbsp丙</p>', [
      ['甲&乙公司', '■■■■■'],
      ['甲&乙公司\u00a0丙', '■■■■■■■'],
    ]);
    expect(doc.text).toBe('甲&乙公司 合作方：甲&乙公司\u00a0丙');
    expect(page).toBe('<p title="■■■■■">合作方：■■■■■■■</p>');
  });

  it('maps a reference outside the BMP (two UTF-16 units) as one character', () => {
    const { doc, page, again } = exportOf('<p>&#x20094;明，&#x20094;亮</p>', [['\u{20094}明', '■■']]);
    expect(doc.text).toBe('\u{20094}明，\u{20094}亮');
    expect(page).toBe('<p>■■，&#x20094;亮</p>');
    expect(again).toBe('■■，\u{20094}亮');
  });

  it('finds columns on CRLF and CR lines and after CJK characters', () => {
    const { page } = exportOf(`<p>第一行\r\n第二行 电话：${PHONE_1}\r第三行 电话&#xFF1A;${PHONE_3}，完</p>`, [
      [PHONE_1, '■'.repeat(11)],
      [`：${PHONE_3}`, '■'.repeat(12)],
    ]);
    expect(page).toBe(`<p>第一行\r\n第二行 电话：${'■'.repeat(11)}\r第三行 电话${'■'.repeat(12)}，完</p>`);
  });

  it('escapes a replacement for where it goes: text, double, single and unquoted attributes', () => {
    const src = `<p title="A1" alt='B2'><img alt=C3 src=x.png>D4</p>`;
    const original = utf8(src);
    const doc = importHtml(original);
    const spans = ['A1', 'B2', 'C3', 'D4']
      .map((v) => ({ start: doc.text.indexOf(v), end: doc.text.indexOf(v) + 2, replacement: `<&>"' =${v[0]}` }))
      .sort((a, b) => a.start - b.start);
    const page = readUtf8(exportHtml({ doc, spans }, original).bytes);
    expect(page).toBe(
      `<p title="&lt;&amp;&gt;&quot;' =A" alt='&lt;&amp;&gt;"&#39; =B'>` +
        `<img alt=&lt;&amp;&gt;&quot;&#39;&#32;&#61;C src=x.png>&lt;&amp;&gt;"' =D</p>`,
    );
    // Read back, every replacement is exactly what the plan said, and the tags are intact.
    const again = importHtml(utf8(page));
    for (const v of ['A', 'B', 'C', 'D']) expect(again.text).toContain(`<&>"' =${v}`);
    expect(startTags(page)).toEqual(startTags(src));
  });
});

describe('HTML export: other places and contexts', () => {
  const exportAll = (src: string, values: string[], replacement?: string) => {
    const original = utf8(src);
    const doc = importHtml(original);
    const spans: SpanReplacement[] = [];
    for (const v of values) {
      for (let i = doc.text.indexOf(v); i >= 0; i = doc.text.indexOf(v, i + 1)) spans.push({ start: i, end: i + v.length, replacement: replacement ?? '■'.repeat([...v].length) });
    }
    const out = exportHtml({ doc, spans: spans.sort((a, b) => a.start - b.start) }, original);
    return readUtf8(out.bytes);
  };

  it('drops a conditional comment that held a value and keeps one that did not', () => {
    const page = exportAll(`<p>正文 ${PHONE_1}</p><!--[if IE]><p>旧浏览器 ${PHONE_1}</p><![endif]--><!--[if lt IE 9]><script src="x.js"></script><![endif]-->`, [PHONE_1]);
    expect(page).toBe(`<p>正文 ${'■'.repeat(11)}</p><!--[if lt IE 9]><script src="x.js"></script><![endif]-->`);
  });

  it('masks a feed: escaped HTML in a description and markup in CDATA', () => {
    const page = exportAll(
      `<?xml version="1.0" encoding="utf-8"?><rss><item><title>张三&amp;李四</title><description>&lt;p&gt;电话 ${PHONE_1}&lt;/p&gt;</description><content><![CDATA[<p>电话 <b>${PHONE_1}</b></p>]]></content></item></rss>`,
      [PHONE_1, '张三'],
    );
    expect(page).toContain('<title>■■&amp;李四</title>');
    expect(page).toContain(`<description>&lt;p&gt;电话 ${'■'.repeat(11)}&lt;/p&gt;</description>`);
    expect(page).toContain(`<![CDATA[<p>电话 <b>${'■'.repeat(11)}</b></p>]]>`);
  });

  it('writes literally inside xmp, where nothing is decoded', () => {
    const page = exportAll(`<xmp>代码 ${PHONE_1} &amp; 张三</xmp><p>张三</p>`, [PHONE_1, '张三'], '[个人信息]');
    expect(page).toBe('<xmp>代码 [个人信息] &amp; [个人信息]</xmp><p>[个人信息]</p>');
  });

  it('masks title, textarea, a hidden input and, swept, an option value the importer does not read', () => {
    const page = exportAll(
      `<title>公示&amp;张三</title><textarea>张三\n${PHONE_1}</textarea><input type=hidden value=${PHONE_1}><select><option value="${PHONE_1}">选项</option></select><p>张三 ${PHONE_1}</p>`,
      [PHONE_1, '张三'],
    );
    const m = '■'.repeat(11);
    expect(page).toBe(`<title>公示&amp;■■</title><textarea>■■\n${m}</textarea><input type=hidden value=${m}><select><option value="${m}">选项</option></select><p>■■ ${m}</p>`);
  });

  it('masks a character outside the BMP swept from an attribute as one character', () => {
    expect(exportAll('<p data-n="\u{20094}明">\u{20094}明</p>', ['\u{20094}明'])).toBe('<p data-n="■■">■■</p>');
  });
});

describe('HTML export: encodings', () => {
  const page = (charset: string, body: string) =>
    `<html><head>${charset}<title>公示</title></head><body><p>${body}</p><p>申请人李四，身份证号：${ID_2}，电话：${PHONE_1}。</p></body></html>`;

  it('writes a GBK page in GBK, its <meta charset="gbk"> still true', () => {
    const src = page('<meta charset="gbk">', '市人民政府办公室关于政府信息公开工作的通知');
    const original = iconv.encode(src, 'gbk');
    const doc = importHtml(original);
    expect(doc.encoding).toBe('gb18030');
    const out = exportHtml(planAll(doc).plan, original);
    expect(() => readUtf8(out.bytes)).toThrow(); // not UTF-8: GBK bytes
    const text = iconv.decode(out.bytes, 'gbk');
    expect(text).toContain('<meta charset="gbk">');
    expect(text).toContain(`身份证号：${'■'.repeat(18)}，电话：${'■'.repeat(11)}。`);
    expect(text).toContain('市人民政府办公室关于政府信息公开工作的通知');
    expect(text).not.toContain(ID_2);
    const again = importHtml(out.bytes);
    expect(again.encoding).toBe('gb18030');
    expect(again.text).toContain('市人民政府办公室关于政府信息公开工作的通知');
    // Every byte outside the redactions is the original's.
    expect(Buffer.compare(out.bytes, iconv.encode(text, 'gbk'))).toBe(0);
    expect(iconv.encode(src.replace(ID_2, '■'.repeat(18)).replace(PHONE_1, '■'.repeat(11)).replace('李四', '■■'), 'gbk').equals(out.bytes)).toBe(true);
  });

  it('writes a GBK page in UTF-8 when asked, its declarations saying so', () => {
    const src = page('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', '市人民政府办公室关于政府信息公开工作的通知');
    const original = iconv.encode(src, 'gbk');
    const out = exportHtml(planAll(importHtml(original)).plan, original, { utf8: true });
    const text = readUtf8(out.bytes);
    expect(text).toContain('content="text/html; charset=utf-8"');
    expect(text).toContain(`身份证号：${'■'.repeat(18)}`);
    expect(text).toContain('市人民政府办公室关于政府信息公开工作的通知');
    expect(importHtml(out.bytes).encoding).toBe('utf-8');
    expect(out.check.checked).toContain('已转为 UTF-8');
  });

  it('keeps the BOM of a UTF-8 page, and only one', () => {
    const original = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(page('<meta charset="utf-8">', '带字节顺序标记的网页'))]);
    const doc = importHtml(original);
    const out = exportHtml(planAll(doc).plan, original);
    expect([...out.bytes.subarray(0, 4)]).toEqual([0xef, 0xbb, 0xbf, 0x3c]);
    expect(readUtf8(out.bytes.subarray(3))).toContain(`身份证号：${'■'.repeat(18)}`);
  });

  it('writes a UTF-16LE page with its BOM in UTF-16LE', () => {
    const original = iconv.encode(page('<meta charset="utf-16">', '统一码网页'), 'utf-16le', { addBOM: true });
    const doc = importHtml(original);
    expect(doc.encoding).toBe('utf-16le');
    const out = exportHtml(planAll(doc).plan, original);
    expect([...out.bytes.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    const text = new TextDecoder('utf-16le').decode(out.bytes);
    expect(text).toContain(`身份证号：${'■'.repeat(18)}`);
    expect(text).toContain('统一码网页');
  });

  it('writes characters a Western page cannot hold as references', () => {
    const src = `<meta charset="windows-1252"><p title="Tel. ${PHONE_1}">Café crème — Tel. ${PHONE_1}</p>`;
    const original = iconv.encode(src, 'windows-1252');
    const doc = importHtml(original);
    expect(doc.encoding).toBe('windows-1252');
    const block = exportHtml({ doc, spans: spansOver(doc, [[PHONE_1, '■'.repeat(11)]]).concat(spansOver(doc, [[PHONE_1, '■'.repeat(11)]], 1)) }, original);
    const blockText = iconv.decode(block.bytes, 'windows-1252');
    expect(blockText).toBe(`<meta charset="windows-1252"><p title="Tel. ${'&#9632;'.repeat(11)}">Café crème — Tel. ${'&#9632;'.repeat(11)}</p>`);
    const labelled = exportHtml(planAll(doc, { style: 'label' }).plan, original);
    const labelText = iconv.decode(labelled.bytes, 'windows-1252');
    expect(labelText).toContain('Café crème — Tel. [&#20010;&#20154;&#20449;&#24687;]</p>');
    expect(importHtml(labelled.bytes).text).toContain('Café crème — Tel. [个人信息]');
  });
});

describe('HTML export: the leak check refuses', () => {
  it('a plan that leaves one occurrence of a redacted value in the page', () => {
    const src = `<p>联系电话：${PHONE_1}</p><p>如有疑问请拨打 ${PHONE_1}</p>`;
    const original = utf8(src);
    const doc = importHtml(original);
    const { plan } = planAll(doc);
    expect(plan.spans).toHaveLength(2);
    // Sanity: the full plan exports.
    expect(readUtf8(exportHtml(plan, original).bytes)).not.toContain(PHONE_1);
    const planted = { doc, spans: plan.spans.slice(0, 1) };
    expectRefused(() => exportHtml(planted, original), 'refused', /泄密检查未通过.*网页文字/);
  });

  it('a value left in a spaced form in visible text, which no sweep touches', () => {
    const src = `<p>电话：${PHONE_1}</p><p>再次：138 1234 5678</p>`;
    const original = utf8(src);
    const doc = importHtml(original);
    const spans = spansOver(doc, [[PHONE_1, '■'.repeat(11)]]);
    expectRefused(() => exportHtml({ doc, spans }, original), 'refused', /泄密检查未通过/);
  });

  it('a plan made from another page', () => {
    const doc = importHtml(utf8(`<p>电话：${PHONE_1}</p>`));
    const spans = spansOver(doc, [[PHONE_1, '■'.repeat(11)]]);
    expectRefused(() => exportHtml({ doc, spans }, utf8(`<p>另一个网页的内容，完全不同：${PHONE_1}</p>`)), 'refused', /对不上/);
  });
});

describe('HTML export: hostile pages stay linear', () => {
  it('a page of many references and unterminated markup exports in time', () => {
    const body = `${'&#x4E2D;&amp;&copy2024'.repeat(20_000)}<p>电话：${PHONE_1}</p>${'<a title="x>'.repeat(20_000)}`;
    const original = utf8(body);
    const doc = importHtml(original);
    const started = performance.now();
    const out = exportHtml({ doc, spans: spansOver(doc, [[PHONE_1, '■'.repeat(11)]]) }, original);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(readUtf8(out.bytes)).not.toContain(PHONE_1);
  });
});

/** External corpus: real web pages and feeds in Chinese encodings (chardet's test files). */
const corpusPages = () =>
  ['GB2312', 'Big5', 'utf-8', 'UTF-16BE', 'UTF-16LE'].flatMap((folder) =>
    corpusFiles(`encodings/${folder}`, (n) => /\.(html?|xml)$/i.test(n)),
  );

describe.skipIf(!HAVE_CORPORA)('external: HTML export of real pages in Chinese encodings', () => {
  it('exports every page with all findings accepted, or refuses with an AppError', () => {
    const pages = corpusPages();
    expect(pages.length).toBeGreaterThan(0);
    let exported = 0;
    for (const file of pages) {
      const original = readFileSync(file);
      const doc = importHtml(original);
      const { plan } = planAll(doc);
      let bytes: Buffer;
      try {
        bytes = exportHtml(plan, original).bytes;
      } catch (err) {
        expect(err, file).toBeInstanceOf(AppError);
        continue;
      }
      exported++;
      const again = importHtml(bytes);
      expect(again.encoding, file).toBe(doc.encoding);
      const source = decodeReferences(iconv.decode(bytes, doc.encoding!));
      for (const s of plan.spans) {
        const value = doc.text.slice(s.start, s.end);
        if (value.trim().length >= 2) expect(source.includes(value), `${file}: ${value}`).toBe(false);
      }
    }
    expect(exported).toBeGreaterThan(0);
  });
});
