import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { locate, segmentAt, type ExtractedDocument, type Segment } from '../../shared/document/model';
import { AppError } from '../../shared/errors';
import { TableHeaders } from '../../shared/rules/text-lines';
import { MAX_HTML_BYTES, declaredCharset, importHtml, looksLikeHtml } from '../../electron/node/importers/html';
import { expectSegmentsCover } from '../fixtures/expect';

const ID = '11010519491231002X';
const ID_2 = '440524188001010014';
const SCRIPT_PHONE = '13511112222';

/** The source text at a 1-based line and column. */
function sourceAt(source: string, line: number, column: number, length: number): string {
  const lines = source.split(/\r\n|\r|\n/);
  return lines[line - 1]!.slice(column - 1, column - 1 + length);
}

/**
 * Every source segment points at its text: literal text is found verbatim at
 * its line and column, a decoded entity at an '&'.
 */
function expectLocationsMapBack(doc: ExtractedDocument, source: string) {
  for (const s of doc.segments) {
    const loc = s.location;
    if (loc.kind === 'separator') continue;
    expect(loc.kind).toBe('html');
    if (loc.kind !== 'html') continue;
    const text = doc.text.slice(s.start, s.end);
    const at = sourceAt(source, loc.line, loc.column, text.length);
    if (at !== text) {
      expect(at[0], JSON.stringify({ text, loc })).toBe('&');
      expect(text.length).toBeLessThanOrEqual(2);
    }
  }
}

const textOf = (doc: ExtractedDocument, s: Segment) => doc.text.slice(s.start, s.end);
const segmentOf = (doc: ExtractedDocument, needle: string) => segmentAt(doc, doc.text.indexOf(needle))!;

const PAGE = `<!DOCTYPE html>
<HTML lang="zh-CN">
<HEAD>
<META charset="utf-8">
<title>关于2024年度拟录用人员的公示</title>
<meta name="description" content="拟录用人员名单及联系电话">
<meta name="keywords" content="公示,录用">
<script type="text/javascript">
  var contact = "${SCRIPT_PHONE}"; if (a < b && c > d) { document.write("<p>不可见</p>"); }
</script>
<style>.hide { display: none } p::after { content: "样式文字" }</style>
</HEAD>
<BODY>
<H1 class=title>拟录用人员公示</H1>
<P>根据有关规定，现将拟录用人员公示如下：
<P>联系人：王芳&nbsp;&nbsp;电话：010&#x2D;12345678 &amp; 传真</p>
<TABLE border=1>
<TR><TH>姓名<TH>身份证号<TH>联系电话
<TR><TD><p class=MsoNormal><span>张三</span></p></TD><TD>${ID}</TD><TD>13812345678</TD></TR>
<tr><td>李四<td>${ID_2}<td></tr>
</TABLE>
<div style="color:red; DISPLAY : none">隐藏电话 13900112233</div>
<p hidden>隐藏段落</p>
<span style="visibility:hidden">看不见的字</span>
<p><img src="photo.jpg" alt="张三的照片" title="证件照">
<input type="text" value="预填内容" placeholder="请输入身份证号">
<a href="mailto:wangfang@example.gov.cn">联系我们</a></p>
<!-- 旧版名单：<p>赵六 身份证 ${ID_2}</p> -->
<noscript>请开启脚本 15000001111</noscript>
<template><p>模板里的 15100002222</p></template>
<ul><li>第一条<li>第二条</ul>
</BODY>
</HTML>
`;

describe('HTML import: a UTF-8 公示 page', () => {
  const doc = importHtml(new TextEncoder().encode(PAGE));
  const lines = doc.text.split('\n');

  it('extracts the text a reader sees, block elements as lines', () => {
    expect(doc.format).toBe('html');
    expect(doc.encoding).toBe('utf-8');
    expect(doc.warnings).toEqual([]);
    expect(lines[0]).toBe('关于2024年度拟录用人员的公示');
    expect(lines).toContain('拟录用人员公示');
    expect(lines).toContain('根据有关规定，现将拟录用人员公示如下：');
    expect(lines).toContain('第一条');
    expect(lines).toContain('第二条');
    expectSegmentsCover(doc);
  });

  it('never includes script, style, noscript or template contents', () => {
    expect(doc.text).not.toContain(SCRIPT_PHONE);
    expect(doc.text).not.toContain('不可见');
    expect(doc.text).not.toContain('display');
    expect(doc.text).not.toContain('样式文字');
    expect(doc.text).not.toContain('15000001111');
    expect(doc.text).not.toContain('15100002222');
  });

  it('decodes entities, and a decoded entity is a segment of its own', () => {
    expect(lines).toContain('联系人：王芳\u00a0\u00a0电话：010-12345678 & 传真');
    const dash = segmentAt(doc, doc.text.indexOf('010-') + 3)!;
    expect(textOf(doc, dash)).toBe('-');
    expect(dash.location).toMatchObject({ kind: 'html', line: 16 });
  });

  it('reads tables as tab-separated rows under their header row', () => {
    expect(lines).toContain('姓名\t身份证号\t联系电话');
    expect(lines).toContain(`张三\t${ID}\t13812345678`);
    expect(lines).toContain(`李四\t${ID_2}\t`);
    const headers = new TableHeaders(doc.text);
    expect(headers.headerAt(doc.text.indexOf(ID))).toBe('身份证号');
    expect(headers.headerAt(doc.text.indexOf(ID_2))).toBe('身份证号');
  });

  it('includes hidden elements, marked html_hidden', () => {
    expect(segmentOf(doc, '隐藏电话 13900112233').hidden).toBe('html_hidden');
    expect(segmentOf(doc, '隐藏段落').hidden).toBe('html_hidden');
    expect(segmentOf(doc, '看不见的字').hidden).toBe('html_hidden');
    expect(segmentOf(doc, ID).hidden).toBeUndefined();
  });

  it('includes commented-out content, marked html_hidden', () => {
    expect(doc.text).toContain(`赵六 身份证 ${ID_2}`);
    expect(segmentOf(doc, `赵六 身份证 ${ID_2}`).hidden).toBe('html_hidden');
    expect(doc.text).not.toContain('<p>');
  });

  it('includes attribute text readers and screen readers get, with its attribute and position', () => {
    const expectAttribute = (value: string, attribute: string) => {
      const seg = segmentOf(doc, value);
      expect(seg.hidden).toBe('html_attribute');
      const idx = PAGE.indexOf(`${attribute}="${value}`) + attribute.length + 2;
      const line = PAGE.slice(0, idx).split('\n').length;
      const column = idx - PAGE.lastIndexOf('\n', idx - 1);
      expect(seg.location).toEqual({ kind: 'html', line, column, attribute });
    };
    expectAttribute('拟录用人员名单及联系电话', 'content');
    expectAttribute('公示,录用', 'content');
    expectAttribute('张三的照片', 'alt');
    expectAttribute('证件照', 'title');
    expectAttribute('预填内容', 'value');
    expectAttribute('请输入身份证号', 'placeholder');
    expectAttribute('mailto:wangfang@example.gov.cn', 'href');
    expect(doc.text).not.toContain('photo.jpg');
    expect(doc.text).not.toContain('text/javascript');
  });

  it('maps every segment back to its line and column in the source', () => {
    expectLocationsMapBack(doc, PAGE);
    const at = doc.text.indexOf(ID) + 5;
    const idLine = PAGE.split('\n').findIndex((l) => l.includes(ID)) + 1;
    const idColumn = PAGE.split('\n')[idLine - 1]!.indexOf(ID) + 1;
    expect(locate(doc, at)).toEqual({ kind: 'html', line: idLine, column: idColumn + 5 });
  });
});

describe('HTML import: encodings', () => {
  const page = (charsetTag: string, body: string) =>
    `<html><head>${charsetTag}<title>公示</title></head><body><p>${body}</p><p>身份证号：${ID}</p></body></html>`;

  it('honours <meta http-equiv> gb2312 on a GBK page', () => {
    const src = page('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', '市人民政府办公室关于政府信息公开工作的通知');
    const doc = importHtml(iconv.encode(src, 'gbk'));
    expect(doc.encoding).toBe('gb18030');
    expect(doc.text).toContain('市人民政府办公室关于政府信息公开工作的通知');
    expect(doc.text).toContain(ID);
    expect(doc.warnings).toEqual([]);
    expectLocationsMapBack(doc, src);
  });

  it('honours <meta charset=gbk> even for a short page a detector could misread', () => {
    const src = '<meta charset=GBK><p>邮编</p>';
    const doc = importHtml(iconv.encode(src, 'gbk'));
    expect(doc.encoding).toBe('gb18030');
    expect(doc.text).toBe('邮编');
  });

  it('honours big5', () => {
    const src = page('<meta charset="big5">', '臺北市政府公告');
    const doc = importHtml(iconv.encode(src, 'big5'));
    expect(doc.encoding).toBe('big5');
    expect(doc.text).toContain('臺北市政府公告');
  });

  it('reads a UTF-8 page declared as gb2312 as UTF-8, with a warning', () => {
    const doc = importHtml(new TextEncoder().encode(page('<meta charset="gb2312">', '声明与实际编码不符')));
    expect(doc.encoding).toBe('utf-8');
    expect(doc.text).toContain('声明与实际编码不符');
    expect(doc.warnings).toContain('encoding_declaration_mismatch:gb2312');
  });

  it('reads GBK text under a Western declaration as GBK, but keeps a real Western page Western', () => {
    const gbk = importHtml(iconv.encode(page('<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">', '网站模板声明了西文编码但正文是中文'), 'gbk'));
    expect(gbk.encoding).toBe('gb18030');
    expect(gbk.text).toContain('网站模板声明了西文编码但正文是中文');
    expect(gbk.warnings).toContain('encoding_declaration_mismatch:iso-8859-1');
    const latin = importHtml(iconv.encode('<meta charset="windows-1252"><p>Café crème, naïve façade, résumé à la carte</p>', 'windows-1252'));
    expect(latin.encoding).toBe('windows-1252');
    expect(latin.text).toBe('Café crème, naïve façade, résumé à la carte');
  });

  it('detects the encoding when none is declared, and reads UTF-16 with a BOM whatever the meta says', () => {
    const gbk = importHtml(iconv.encode(page('', '没有声明编码的网页正文内容比较长一些以便检测'), 'gbk'));
    expect(gbk.encoding).toBe('gb18030');
    expect(gbk.text).toContain('没有声明编码的网页正文内容比较长一些以便检测');
    const utf16 = importHtml(iconv.encode(page('<meta charset="utf-16">', '统一码'), 'utf-16le', { addBOM: true }));
    expect(utf16.encoding).toBe('utf-16le');
    expect(utf16.text).toContain('统一码');
  });

  it('finds the declaration in meta tags and XML declarations, skipping comments', () => {
    const d = (s: string) => declaredCharset(new TextEncoder().encode(s));
    expect(d('<!-- <meta charset="big5"> --><meta charset="gbk">')).toBe('gbk');
    expect(d('<META HTTP-EQUIV="content-type" CONTENT="text/html;charset=GB18030">')).toBe('GB18030');
    expect(d('<?xml version="1.0" encoding="gb2312"?><rss/>')).toBe('gb2312');
    expect(d('<p>charset=gbk</p>')).toBeUndefined();
  });
});

describe('HTML import: messy pages', () => {
  it('copes with uppercase and unclosed tags, unquoted attributes and stray angle brackets', () => {
    const src = '<DIV ID=main><P>第一段<P>第二段 a < b<BR>第三行<UL><LI>甲<LI>乙</UL><TABLE><TR><TD>1<TD>2<TR><TD>3<TD>4</TABLE>尾';
    const doc = importHtml(new TextEncoder().encode(src));
    expect(doc.text).toBe('第一段\n第二段 a < b\n第三行\n甲\n乙\n1\t2\n3\t4\n尾');
    expectSegmentsCover(doc);
    expectLocationsMapBack(doc, src);
  });

  it('keeps hidden state to the hidden element only, also when its end tag is implied', () => {
    const src = '<ul><li hidden>隐<li>显</ul><p style="display:none">藏<p>现';
    const doc = importHtml(new TextEncoder().encode(src));
    expect(segmentOf(doc, '隐').hidden).toBe('html_hidden');
    expect(segmentOf(doc, '显').hidden).toBeUndefined();
    expect(segmentOf(doc, '藏').hidden).toBe('html_hidden');
    expect(segmentOf(doc, '现').hidden).toBeUndefined();
  });

  it('preserves whitespace in pre and collapses it elsewhere, with CRLF line numbers right', () => {
    const src = '<p>甲\r\n   乙</p>\r\n<pre>\r\n  缩进\r\n    两行</pre>\r\n<p>丙</p>';
    const doc = importHtml(new TextEncoder().encode(src));
    expect(doc.text).toBe('甲 乙\n  缩进\n    两行\n丙');
    expect(segmentOf(doc, '丙').location).toEqual({ kind: 'html', line: 6, column: 4 });
    expect(segmentOf(doc, '乙').location).toEqual({ kind: 'html', line: 2, column: 4 });
    expectLocationsMapBack(doc, src);
  });

  it('reads feeds and XHTML: CDATA sections as markup, DOCTYPE internal subsets skipped', () => {
    const src = '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY nbsp "&#160;">]><rss><item><title>标题</title><description><![CDATA[<p>正文 <b>加粗</b></p>]]></description></item></rss>';
    const doc = importHtml(new TextEncoder().encode(src));
    expect(doc.text).toBe('标题\n正文 加粗');
    expectLocationsMapBack(doc, src);
  });

  it('decodes numeric references the way browsers do', () => {
    const doc = importHtml(new TextEncoder().encode('<p>&#20013;&#x6587;&#150;&copy;2024&nbsp中 a&b &unknown;</p>'));
    expect(doc.text).toBe('中文\u2013©2024\u00a0中 a&b &unknown;');
  });

  it('looks like HTML only when it starts like HTML', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(looksLikeHtml(enc('<!DOCTYPE html><html>'))).toBe(true);
    expect(looksLikeHtml(enc('\uFEFF  <!-- saved from url=(0023) -->\n<HTML lang=zh>'))).toBe(true);
    expect(looksLikeHtml(iconv.encode('<html><body>统一码', 'utf-16le', { addBOM: true }))).toBe(true);
    expect(looksLikeHtml(enc('姓名,身份证号'))).toBe(false);
    expect(looksLikeHtml(enc('<?xml version="1.0"?><rss>'))).toBe(false);
  });
});

describe('HTML import: hostile input stays linear and bounded', () => {
  const time = (src: string) => {
    const started = performance.now();
    const doc = importHtml(new TextEncoder().encode(src));
    return { doc, ms: performance.now() - started };
  };

  it('survives deep nesting', () => {
    const { doc, ms } = time(`${'<div><span>'.repeat(100_000)}深处${'</span></div>'.repeat(100_000)}<p>之后</p>`);
    expect(doc.text).toBe('深处\n之后');
    expect(doc.warnings).toContain('html_nesting_limit');
    expect(ms).toBeLessThan(5_000);
  });

  it('survives many unterminated quotes, comments and tags', () => {
    for (const src of [
      '<a title="x>正文'.repeat(50_000),
      "<p class='x>".repeat(50_000),
      '<!--'.repeat(100_000),
      '<!doctype '.repeat(100_000),
      '<![CDATA['.repeat(100_000),
      `${'<!--[if IE]'.repeat(50_000)}-->`,
      '<script>'.repeat(100_000),
      '<a '.repeat(100_000),
      '&#'.repeat(100_000) + '&amp'.repeat(100_000),
      '<table>'.repeat(50_000) + '<td>'.repeat(50_000),
    ]) {
      const { doc, ms } = time(src);
      expectSegmentsCover(doc);
      expect(ms, src.slice(0, 20)).toBeLessThan(5_000);
    }
  });

  it('reads a huge attribute without trouble', () => {
    const { doc, ms } = time(`<img alt="${'很长的替代文字'.repeat(300_000)}"><p>正文</p>`);
    expect(doc.text.endsWith('\n正文')).toBe(true);
    expect(ms).toBeLessThan(5_000);
  });

  it('refuses pages over the size limit', () => {
    try {
      importHtml(new Uint8Array(MAX_HTML_BYTES + 1));
      throw new Error('expected a refusal');
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('too_large');
      expect((err as AppError).messageZh).toMatch(/64 MB/);
    }
  });
});
