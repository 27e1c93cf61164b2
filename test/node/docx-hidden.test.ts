import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import { hiddenSummary, locate, segmentAt, type ExtractedDocument, type HiddenPlace, type Segment, type SourceLocation } from '../../shared/document/model';
import { AppError } from '../../shared/errors';
import { planRedactions } from '../../shared/review/redaction';
import { normalizeWithMap } from '../../shared/rules/normalize';
import { scanText } from '../../shared/rules/engine';
import { exportDocx } from '../../electron/node/exporters/docx';
import { importDocument } from '../../electron/node/importers';
import { HAVE_CORPORA, corpusFiles } from '../external/corpora';
import { buildDocx, type DocxSpec } from '../fixtures/docx';
import { MOBILE, PERSON_ID, PERSON_ID_2 } from '../fixtures/samples';
import { expectRefused, expectSegmentsCover } from '../fixtures/expect';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const WP = 'http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing';
const VML = 'urn:schemas-microsoft-com:vml';
const STRICT_W = 'http://purl.oclc.org/ooxml/wordprocessingml/main';
const STRICT_WP = 'http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing';

function load(spec: DocxSpec): { bytes: Uint8Array; doc: ExtractedDocument } {
  const bytes = buildDocx(spec);
  return { bytes, doc: importDocument('t.docx', bytes) };
}

/** The segments that hold `value` (found once in the text). */
function segmentsOf(doc: ExtractedDocument, value: string): Segment[] {
  const at = doc.text.indexOf(value);
  expect(at, `"${value}" in the text`).toBeGreaterThanOrEqual(0);
  expect(doc.text.indexOf(value, at + 1), `"${value}" only once`).toBe(-1);
  return doc.segments.filter((s) => s.end > at && s.start < at + value.length && s.location.kind !== 'separator');
}

function placeOf(doc: ExtractedDocument, value: string): { hidden?: HiddenPlace; author?: string } {
  const segs = segmentsOf(doc, value);
  const places = [...new Set(segs.map((s) => `${s.hidden}|${s.author}`))];
  expect(places, value).toHaveLength(1);
  return { hidden: segs[0]!.hidden, author: segs[0]!.author };
}

/**
 * What a location points to, read independently of the importer and the
 * exporter: xmldom's getElementsByTagNameNS lists elements in document order.
 */
function sourceText(bytes: Uint8Array, loc: SourceLocation): string {
  const parts = unzipSync(bytes);
  if (loc.kind === 'property') {
    const doc = new DOMParser().parseFromString(strFromU8(parts[loc.part]!), 'application/xml');
    for (const el of Array.from(doc.getElementsByTagName('*')) as Element[]) {
      if (el.tagName === loc.name || el.getAttribute('name') === loc.name || el.localName === loc.name) return el.textContent ?? '';
    }
    throw new Error(`property ${loc.name} not found`);
  }
  if (loc.kind !== 'docx') throw new Error(`not a source location: ${loc.kind}`);
  const doc = new DOMParser().parseFromString(strFromU8(parts[loc.part]!), 'application/xml');
  const el = loc.element ?? 't';
  const strict = doc.documentElement?.namespaceURI === STRICT_W;
  const nth = (ns: string, name: string): Element => {
    const uri = strict && ns === W ? STRICT_W : strict && ns === WP ? STRICT_WP : ns;
    return doc.getElementsByTagNameNS(uri, name)[loc.textNode] as Element;
  };
  switch (el) {
    case 't':
    case 'delText':
    case 'instrText':
    case 'delInstrText':
      return nth(W, el).textContent ?? '';
    case 'docPr@descr':
      return nth(WP, 'docPr').getAttribute('descr') ?? '';
    case 'docPr@title':
      return nth(WP, 'docPr').getAttribute('title') ?? '';
    case 'fldSimple@instr':
      return nth(W, 'fldSimple').getAttributeNS(strict ? STRICT_W : W, 'instr') ?? '';
    case 'vml@alt':
      return nth(VML, '*').getAttribute('alt') ?? '';
    case 'vml@title':
      return nth(VML, '*').getAttributeNS('urn:schemas-microsoft-com:office:office', 'title') ?? '';
  }
}

/** `locate` maps the first character of `value` back to the source text that starts with it. */
function expectLocates(doc: ExtractedDocument, bytes: Uint8Array, value: string, expected: Partial<SourceLocation>): SourceLocation {
  const loc = locate(doc, doc.text.indexOf(value))!;
  expect(loc).toMatchObject(expected);
  expect('offset' in loc).toBe(true);
  const offset = (loc as { offset: number }).offset;
  expect(sourceText(bytes, loc).slice(offset, offset + value.length)).toBe(value);
  return loc;
}

function withPart(bytes: Uint8Array, part: string, edit: (xml: string) => string): Uint8Array {
  const parts = unzipSync(bytes);
  parts[part] = strToU8(edit(strFromU8(parts[part]!)));
  return zipSync(parts);
}

describe('DOCX import: every place a secret can hide', () => {
  it('marks tracked insertions and deletions with their authors, and maps deleted text to w:delText', () => {
    const { bytes, doc } = load({
      paragraphs: [
        [
          { text: '联系人' },
          { text: '新增内容甲', inserted: '王审核' },
          { text: '删去内容乙', deleted: '李起草' },
          { text: '。' },
        ],
      ],
    });
    expectSegmentsCover(doc);
    // Deleted text stays inline, where Word shows it with all markup.
    expect(doc.text).toContain('联系人新增内容甲删去内容乙。');
    expect(placeOf(doc, '新增内容甲')).toEqual({ hidden: 'tracked_insertion', author: '王审核' });
    expect(placeOf(doc, '删去内容乙')).toEqual({ hidden: 'tracked_deletion', author: '李起草' });
    expect(placeOf(doc, '联系人')).toEqual({ hidden: undefined, author: undefined });
    expectLocates(doc, bytes, '新增内容甲', { kind: 'docx', part: 'word/document.xml', paragraph: 0, run: 1, textNode: 1 });
    expectLocates(doc, bytes, '内容乙', { kind: 'docx', part: 'word/document.xml', element: 'delText', textNode: 0, offset: 2 });
  });

  it('treats moves like a deletion (from) and an insertion (to)', () => {
    const { bytes, doc } = load({ paragraphs: [[{ text: '原位置段落', movedFrom: '赵' }, { text: '新位置段落', movedTo: '钱' }]] });
    expect(placeOf(doc, '原位置段落')).toEqual({ hidden: 'tracked_deletion', author: '赵' });
    expect(placeOf(doc, '新位置段落')).toEqual({ hidden: 'tracked_insertion', author: '钱' });
    expectLocates(doc, bytes, '原位置段落', { kind: 'docx', textNode: 0 });
  });

  it('reads comments with their authors', () => {
    const { bytes, doc } = load({
      paragraphs: ['正文'],
      comments: [
        { author: '张科长', text: '此处电话需删除' },
        { author: '刘处长', text: '第二条批注' },
      ],
    });
    expect(placeOf(doc, '此处电话需删除')).toEqual({ hidden: 'comment', author: '张科长' });
    expect(placeOf(doc, '第二条批注')).toEqual({ hidden: 'comment', author: '刘处长' });
    expectLocates(doc, bytes, '第二条批注', { kind: 'docx', part: 'word/comments.xml', paragraph: 1, textNode: 1 });
    expect(hiddenSummary(doc).comment).toBe(2);
  });

  it('marks hidden text (w:vanish), directly or through a style, and only the run’s own formatting', () => {
    const base = buildDocx({
      paragraphs: [
        [{ text: '可见一' }, { text: '隐藏甲', hidden: true }, { text: '显式不隐藏', hidden: false }],
        [{ text: '样式隐藏乙', style: 'Secret' }, { text: '继承隐藏丙', style: 'Derived' }, { text: '样式可见丁', style: 'Plain' }],
        [{ text: '插入且隐藏', hidden: true, inserted: '孙' }],
        [{ text: '段落标记隐藏' }],
      ],
      styles: [
        { id: 'Secret', hidden: true },
        { id: 'Derived', hidden: false, basedOn: 'Secret' },
        { id: 'Plain', hidden: false },
      ],
    });
    // Derived sets vanish off explicitly; make a second style that only inherits.
    const bytes = withPart(
      withPart(base, 'word/styles.xml', (x) =>
        x.replace(
          '</w:styles>',
          '<w:style w:type="character" w:styleId="Inherits"><w:name w:val="Inherits"/><w:basedOn w:val="Secret"/></w:style></w:styles>',
        ),
      ),
      'word/document.xml',
      (x) =>
        x
          .replace('<w:rStyle w:val="Derived"/>', '<w:rStyle w:val="Inherits"/>')
          // vanish on the paragraph mark and in the old formatting of a format change hide nothing
          .replace('<w:p><w:r><w:t xml:space="preserve">段落标记隐藏', '<w:p><w:pPr><w:rPr><w:vanish/></w:rPr></w:pPr><w:r><w:rPr><w:rPrChange w:id="9" w:author="x"><w:rPr><w:vanish/></w:rPr></w:rPrChange></w:rPr><w:t xml:space="preserve">段落标记隐藏'),
    );
    const doc = importDocument('h.docx', bytes);
    expectSegmentsCover(doc);
    expect(placeOf(doc, '可见一').hidden).toBeUndefined();
    expect(placeOf(doc, '隐藏甲')).toEqual({ hidden: 'hidden_text', author: undefined });
    expect(placeOf(doc, '显式不隐藏').hidden).toBeUndefined();
    expect(placeOf(doc, '样式隐藏乙').hidden).toBe('hidden_text');
    expect(placeOf(doc, '继承隐藏丙').hidden).toBe('hidden_text');
    expect(placeOf(doc, '样式可见丁').hidden).toBeUndefined();
    // Hidden beats inserted (no reader sees it), and the insertion's author is kept.
    expect(placeOf(doc, '插入且隐藏')).toEqual({ hidden: 'hidden_text', author: '孙' });
    expect(placeOf(doc, '段落标记隐藏').hidden).toBeUndefined();
    expectLocates(doc, bytes, '隐藏甲', { kind: 'docx', paragraph: 0, run: 1, textNode: 1 });
  });

  it('reads a text box once, from mc:Choice, though the VML fallback repeats it', () => {
    const { bytes, doc } = load({ paragraphs: ['正文第一段'], textBoxes: [{ text: '文本框里的联系电话', splitFallbackAt: 4 }] });
    expectSegmentsCover(doc);
    expect(placeOf(doc, '文本框里的联系电话')).toEqual({ hidden: 'text_box', author: undefined });
    // Numbered among all w:t of the part, the fallback's two included (after it).
    expectLocates(doc, bytes, '文本框里的联系电话', { kind: 'docx', part: 'word/document.xml', textNode: 2 });
    expect(doc.text).toMatch(/文本框：\n文本框里的联系电话\n/);
    expect(hiddenSummary(doc).text_box).toBe(1);
  });

  it('also reads a fallback that says something else than the choice (nothing is left unread)', () => {
    const { bytes, doc } = load({ paragraphs: ['正文'], textBoxes: [{ text: '看得见的文字', fallback: '只在备用内容里的秘密' }] });
    expect(placeOf(doc, '看得见的文字').hidden).toBe('text_box');
    expect(placeOf(doc, '只在备用内容里的秘密').hidden).toBe('text_box');
    expectLocates(doc, bytes, '只在备用内容里的秘密', { kind: 'docx', textNode: 3 });
  });

  it('reads footnotes and endnotes, headers and footers', () => {
    const { bytes, doc } = load({
      paragraphs: ['正文'],
      footnotes: ['脚注内容甲'],
      endnotes: ['尾注内容乙'],
      header: '页眉内容丙',
      footer: [{ text: '页脚' }, { text: '插入的页脚', inserted: '周' }],
    });
    expectSegmentsCover(doc);
    expect(placeOf(doc, '脚注内容甲').hidden).toBe('footnote');
    expect(placeOf(doc, '尾注内容乙').hidden).toBe('endnote');
    expect(placeOf(doc, '页眉内容丙').hidden).toBe('header');
    expect(placeOf(doc, '插入的页脚')).toEqual({ hidden: 'tracked_insertion', author: '周' });
    expectLocates(doc, bytes, '脚注内容甲', { kind: 'docx', part: 'word/footnotes.xml', textNode: 0 });
    expectLocates(doc, bytes, '尾注内容乙', { kind: 'docx', part: 'word/endnotes.xml' });
    // Body, headers, footers, notes, then properties.
    const order = ['正文', '页眉内容丙', '插入的页脚', '尾注内容乙', '脚注内容甲', '测试文档'].map((v) => doc.text.indexOf(v));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('reads field codes (w:instrText, w:fldSimple, deleted w:delInstrText) apart from their results', () => {
    const { bytes, doc } = load({
      paragraphs: [
        [{ text: '邮箱', field: ' HYPERLINK "mailto:zhang@example.gov.cn" ' }, { text: '见此' }],
        [{ text: '第1页', simpleField: 'PAGE \\* MERGEFORMAT' }],
        [{ text: '旧结果', field: ' MERGEFIELD 旧字段 ', deleted: '吴' }],
      ],
    });
    expectSegmentsCover(doc);
    expect(doc.text).toContain(' HYPERLINK "mailto:zhang@example.gov.cn" 邮箱见此');
    expect(placeOf(doc, 'mailto:zhang@example.gov.cn').hidden).toBe('field_code');
    expect(placeOf(doc, '邮箱见此').hidden).toBeUndefined();
    expectLocates(doc, bytes, 'zhang@example.gov.cn', { kind: 'docx', element: 'instrText', textNode: 0, offset: 19 });
    // An attribute's text is kept apart from the words around it.
    expect(doc.text).toContain('PAGE \\* MERGEFORMAT 第1页');
    expect(placeOf(doc, 'PAGE \\* MERGEFORMAT').hidden).toBe('field_code');
    expectLocates(doc, bytes, 'PAGE', { kind: 'docx', element: 'fldSimple@instr', textNode: 0 });
    expect(placeOf(doc, 'MERGEFIELD 旧字段')).toEqual({ hidden: 'tracked_deletion', author: '吴' });
    expectLocates(doc, bytes, 'MERGEFIELD', { kind: 'docx', element: 'delInstrText', textNode: 0 });
    expect(placeOf(doc, '旧结果')).toEqual({ hidden: 'tracked_deletion', author: '吴' });
  });

  it('reads image alt text (wp:docPr descr and title) once, not its pic:cNvPr copy', () => {
    const { bytes, doc } = load({
      paragraphs: ['正文'],
      images: [{ descr: 'C:\\Users\\wangfang\\Desktop\\李明身份证.jpg', title: '身份证照片' }],
      textBoxes: [{ text: '框内文字', descr: '文本框说明' }],
    });
    expectSegmentsCover(doc);
    expect(placeOf(doc, 'C:\\Users\\wangfang\\Desktop\\李明身份证.jpg').hidden).toBe('alt_text');
    expect(placeOf(doc, '身份证照片').hidden).toBe('alt_text');
    expect(placeOf(doc, '文本框说明').hidden).toBe('alt_text');
    expectLocates(doc, bytes, 'C:\\Users', { kind: 'docx', element: 'docPr@descr' });
    expectLocates(doc, bytes, '身份证照片', { kind: 'docx', element: 'docPr@title' });
    expect(doc.text).toContain('附图： C:\\Users');
  });

  it('reads a VML shape’s alt text outside mc:AlternateContent', () => {
    const bytes = withPart(buildDocx({ paragraphs: ['正文'] }), 'word/document.xml', (x) =>
      x.replace(
        '<w:sectPr>',
        '<w:p><w:r><w:pict><v:shape id="s1" alt="旧版图片说明" style="width:10pt;height:10pt"><v:imagedata r:id="rIdX" o:title="李明身份证扫描件"/></v:shape></w:pict></w:r></w:p><w:sectPr>',
      ),
    );
    const doc = importDocument('v.docx', bytes);
    expect(placeOf(doc, '旧版图片说明').hidden).toBe('alt_text');
    expect(placeOf(doc, '李明身份证扫描件').hidden).toBe('alt_text');
    expectLocates(doc, bytes, '旧版图片说明', { kind: 'docx', element: 'vml@alt', textNode: 0 });
    expectLocates(doc, bytes, '李明身份证扫描件', { kind: 'docx', element: 'vml@title', textNode: 1 });
  });

  it('reads document properties: core, app and custom', () => {
    const { bytes: built } = load({
      paragraphs: ['正文'],
      creator: '王芳',
      core: [
        ['cp:lastModifiedBy', '李四'],
        ['dc:subject', '主题甲'],
        ['cp:keywords', '关键词乙'],
        ['dc:description', '备注丙'],
        ['cp:revision', '7'],
      ],
      app: { Company: '某市公安局', Manager: '赵经理', Pages: '1' },
      custom: { 承办人: '钱承办', 电话: MOBILE },
    });
    const bytes = withPart(built, 'docProps/app.xml', (x) =>
      x.replace('</Properties>', '<TitlesOfParts><vt:vector size="1" baseType="lpstr"><vt:lpstr>标题副本</vt:lpstr></vt:vector></TitlesOfParts></Properties>'),
    );
    const doc = importDocument('p.docx', bytes);
    expectSegmentsCover(doc);
    for (const v of ['王芳', '李四', '主题甲', '关键词乙', '备注丙', '某市公安局', '赵经理', '标题副本', '钱承办', MOBILE]) {
      expect(placeOf(doc, v), v).toEqual({ hidden: 'property', author: undefined });
    }
    expect(doc.text).not.toMatch(/\n7(\n|$)/); // the revision number is not read
    expect(locate(doc, doc.text.indexOf('王芳') + 1)).toEqual({ kind: 'property', part: 'docProps/core.xml', name: 'dc:creator', offset: 1 });
    expect(locate(doc, doc.text.indexOf('李四'))).toMatchObject({ kind: 'property', name: 'cp:lastModifiedBy' });
    expectLocates(doc, bytes, '某市公安局', { kind: 'property', part: 'docProps/app.xml', name: 'Company' });
    expectLocates(doc, bytes, '钱承办', { kind: 'property', part: 'docProps/custom.xml', name: '承办人' });
    expect(locate(doc, doc.text.indexOf('标题副本'))).toMatchObject({ kind: 'property', part: 'docProps/app.xml', name: 'TitlesOfParts' });
  });

  it('numbers repeated properties (name, name[2]) as the exporter finds them', () => {
    const bytes = withPart(buildDocx({ paragraphs: ['正文'], creator: '第一作者' }), 'docProps/core.xml', (x) =>
      x.replace('</cp:coreProperties>', '<dc:creator>第二作者</dc:creator></cp:coreProperties>'),
    );
    const doc = importDocument('p.docx', bytes);
    expect(locate(doc, doc.text.indexOf('第二作者'))).toMatchObject({ kind: 'property', name: 'dc:creator[2]' });
  });

  it('keeps the exact numbering of w:t that the exporter relies on, table rows as lines', () => {
    const { bytes, doc } = load({
      paragraphs: [[{ text: '甲' }, { text: '乙\t丙' }]],
      table: [
        ['姓名', '电话'],
        ['赵强', '13700001111'],
      ],
    });
    expect(doc.text.startsWith('甲乙\t丙\n姓名\t电话\n赵强\t13700001111\n')).toBe(true);
    expectLocates(doc, bytes, '13700001111', { kind: 'docx', paragraph: 4, run: 0, textNode: 6 });
  });
});

describe('DOCX import: hostile and broken input', () => {
  it('refuses a DTD in any scanned part, not only the body', () => {
    const bytes = withPart(buildDocx({ paragraphs: ['正文'], header: '页眉' }), 'word/header1.xml', (x) =>
      x.replace('<w:hdr', '<!DOCTYPE w:hdr [<!ENTITY a "b">]><w:hdr'),
    );
    expectRefused(() => importDocument('d.docx', bytes), 'bad_input', /DTD/);
  });

  it('refuses malformed XML and unbound prefixes with the part named', () => {
    const broken = withPart(buildDocx({ paragraphs: ['正文'], comments: [{ author: 'a', text: 'b' }] }), 'word/comments.xml', (x) => x.replace('</w:comments>', ''));
    expectRefused(() => importDocument('m.docx', broken), 'bad_input', /word\/comments\.xml 的 XML 已损坏/);
    const unbound = zipSync({ 'word/document.xml': strToU8('<w:document><w:body><w:p/></w:body></w:document>') });
    expectRefused(() => importDocument('u.docx', unbound), 'bad_input', /XML 已损坏/);
    const props = withPart(buildDocx({ paragraphs: ['正文'] }), 'docProps/core.xml', (x) => x.replace('</dc:title>', '</dc:titl>'));
    expectRefused(() => importDocument('p.docx', props), 'bad_input', /docProps\/core\.xml/);
  });

  it('refuses a package without its main part', () => {
    const parts = unzipSync(buildDocx({ paragraphs: ['正文'] }));
    delete parts['word/document.xml'];
    expectRefused(() => importDocument('n.docx', zipSync(parts)), 'unsupported_format', /word\/document\.xml/);
  });

  it('imports the strict OOXML namespace', () => {
    const bytes = withPart(buildDocx({ paragraphs: ['严格格式正文'], comments: [{ author: '甲', text: '严格格式批注' }] }), 'word/document.xml', (x) =>
      x.replace(W, 'http://purl.oclc.org/ooxml/wordprocessingml/main'),
    );
    const doc = importDocument('s.docx', bytes);
    expect(doc.text).toContain('严格格式正文');
    expect(placeOf(doc, '严格格式批注').hidden).toBe('comment');
  });
});

// ---------------------------------------------------------------------------

const SECRETS = {
  comment: '13911110001',
  deletion: PERSON_ID,
  insertion: '13911110002',
  hidden: '13911110003',
  textBox: '13911110004',
  textBoxAlt: '青龙计划',
  alt: '白虎计划',
  title: '朱雀计划',
  field: 'zhang.wei@example.gov.cn',
  footnote: '13911110005',
  header: PERSON_ID_2,
  creator: '玄武计划',
  company: '麒麟计划',
  custom: '13911110006',
} as const;

const lists = [{ name: 'l', version: '1', category: 'negative_list' as const, basis: 'b', terms: ['青龙计划', '白虎计划', '朱雀计划', '玄武计划', '麒麟计划'] }];

function hiddenEverywhere(): Uint8Array {
  return buildDocx({
    paragraphs: [
      [{ text: '关于某项目的公示', bold: true }],
      [{ text: '联系电话：' }, { text: SECRETS.insertion, inserted: SECRETS.insertion }, { text: '。' }],
      [{ text: '身份证号：' }, { text: SECRETS.deletion, deleted: '李起草' }, { text: '（已删）' }],
      [{ text: '备用手机：' }, { text: SECRETS.hidden, hidden: true }],
      [{ text: '联系邮箱', field: ` HYPERLINK "mailto:${SECRETS.field}" ` }],
    ],
    comments: [{ author: '张科长', initials: '张', text: `此处电话${SECRETS.comment}需删除` }],
    textBoxes: [{ text: `值班电话${SECRETS.textBox}`, splitFallbackAt: 6, descr: SECRETS.textBoxAlt }],
    images: [{ descr: SECRETS.alt, title: SECRETS.title, name: `${SECRETS.alt}.jpg` }],
    footnotes: [`经办人电话${SECRETS.footnote}`],
    header: `身份证号${SECRETS.header}`,
    creator: SECRETS.creator,
    app: { Company: SECRETS.company },
    custom: { 联系电话: `电话${SECRETS.custom}` },
  });
}

function planAll(bytes: Uint8Array, reject: (text: string) => boolean = () => false) {
  const doc = importDocument('h.docx', bytes);
  const findings = scanText(doc.text, { lists });
  const decisions = new Map(findings.map((f) => [f.id, { decision: reject(f.text) ? 'rejected' : 'accepted' }]));
  return { doc, findings, plan: { doc, spans: planRedactions(doc.text, findings, decisions) } };
}

describe('DOCX export: redaction reaches every place the importer reads', () => {
  const original = hiddenEverywhere();
  const { doc, findings, plan } = planAll(original);
  const out = exportDocx(plan, original);
  const parts = unzipSync(out.bytes);

  it('finds each secret where it hides', () => {
    const expected: [keyof typeof SECRETS, HiddenPlace][] = [
      ['comment', 'comment'],
      ['deletion', 'tracked_deletion'],
      ['insertion', 'tracked_insertion'],
      ['hidden', 'hidden_text'],
      ['textBox', 'text_box'],
      ['textBoxAlt', 'alt_text'],
      ['alt', 'alt_text'],
      ['title', 'alt_text'],
      ['field', 'field_code'],
      ['footnote', 'footnote'],
      ['header', 'header'],
      ['creator', 'property'],
      ['company', 'property'],
      ['custom', 'property'],
    ];
    for (const [key, place] of expected) {
      const value = SECRETS[key];
      expect(findings.some((f) => f.text === value), `${key} found by the scan`).toBe(true);
      expect(placeOf(doc, value).hidden, key).toBe(place);
    }
  });

  it('leaves no secret in any part of the package (unzip and grep, raw and normalised)', () => {
    // Comments, custom properties and the comment parts are removed, not masked; every other part is kept.
    const removed = ['word/comments.xml', 'docProps/custom.xml'];
    expect(Object.keys(parts).sort()).toEqual(Object.keys(unzipSync(original)).filter((n) => !removed.includes(n)).sort());
    for (const [name, data] of Object.entries(parts)) {
      const xml = strFromU8(data);
      const norm = normalizeWithMap(xml).text;
      for (const [key, secret] of Object.entries(SECRETS)) {
        expect(xml.includes(secret), `${key} in ${name}`).toBe(false);
        expect(norm.includes(normalizeWithMap(secret).text), `${key} (normalised) in ${name}`).toBe(false);
      }
    }
    expect(out.check.checked).toEqual(expect.arrayContaining(['word/document.xml', 'word/footnotes.xml', 'docProps/core.xml', 'docProps/app.xml', '无批注', '无修订', '无隐藏文字', '无文档属性']));
  });

  it('edits in place what stays and removes what readers never see, formatting and markup kept', () => {
    const again = importDocument('o.docx', out.bytes);
    // Comments, deletions, hidden text, alt text and properties are gone; insertions are accepted as plain text.
    expect(hiddenSummary(again)).toEqual(Object.fromEntries(Object.entries(hiddenSummary(doc)).filter(([place]) => ['header', 'footer', 'footnote', 'text_box', 'field_code'].includes(place))));
    for (const key of ['insertion', 'textBox', 'footnote', 'header'] as const) {
      const at = doc.text.indexOf(SECRETS[key]);
      expect(again.text, key).toContain('■'.repeat(SECRETS[key].length));
      expect(again.text.includes(SECRETS[key]), key).toBe(false);
      expect(at).toBeGreaterThanOrEqual(0);
    }
    const body = strFromU8(parts['word/document.xml']!);
    expect(body).not.toContain('<w:delText');
    expect(body).not.toContain('<w:ins ');
    expect(body).not.toContain('<w:vanish/>');
    expect(body).not.toContain('w:author=');
    expect(body).not.toMatch(/descr="/);
    expect(body).toContain('<w:b/>');
    expect(body).not.toContain('gfxdata'); // the VML cache holds the alt text in a base64 zip
    expect(strFromU8(parts['docProps/core.xml']!)).not.toContain('<dc:creator>');
  });

  it('leaves nothing for mammoth (an independent reader) to find', async () => {
    const { value } = await mammoth.extractRawText({ buffer: Buffer.from(out.bytes) });
    expect(value).toContain('关于某项目的公示');
    for (const secret of Object.values(SECRETS)) expect(value).not.toContain(secret);
    const before = await mammoth.extractRawText({ buffer: Buffer.from(original) });
    expect(before.value).toContain(SECRETS.textBox); // mammoth does read the text box
  });

  it('masks the fallback copy of a text box even when its runs are split differently', () => {
    const fallback = body().slice(body().indexOf('<mc:Fallback>'));
    expect(fallback).toContain('■■■■■</w:t>');
    expect(fallback).not.toContain('13911110004');
    expect(fallback).not.toContain('alt="'); // alt text is removed from the VML copy as well
    function body(): string {
      return strFromU8(parts['word/document.xml']!);
    }
  });

  it('touches nothing the reviewer rejected, in the text that is published', () => {
    const partial = planAll(original, (t) => t === SECRETS.insertion);
    const o = exportDocx(partial.plan, original);
    const body = strFromU8(unzipSync(o.bytes)['word/document.xml']!);
    expect(body).toContain(SECRETS.insertion);
    expect(body).not.toContain(SECRETS.hidden);
    // A rejected comment is still removed: comments are never published.
    expect(unzipSync(o.bytes)['word/comments.xml']).toBeUndefined();
  });

  it('still refuses when a redacted value hides where nothing maps it', () => {
    // A content control's tag is neither imported nor cleaned: only the leak check sees it.
    const bytes = withPart(original, 'word/document.xml', (x) =>
      x.replace('<w:body>', `<w:body><w:sdt><w:sdtPr><w:tag w:val="${SECRETS.alt}"/></w:sdtPr><w:sdtContent><w:p/></w:sdtContent></w:sdt>`),
    );
    const p = planAll(bytes);
    expect(() => exportDocx(p.plan, bytes)).toThrow(/泄密检查未通过/);
  });
});

// ---------------------------------------------------------------------------

/** Hidden places each corpus file is known to hold, and a text that must be read once. */
const CORPUS_EXPECTATIONS: Record<string, { places: HiddenPlace[]; once?: string; authors?: string[] }> = {
  'text-box.docx': { places: ['text_box'], once: 'Datum plane' },
  'comments.docx': { places: ['comment'] },
  'footnotes.docx': { places: ['footnote'] },
  'endnotes.docx': { places: ['endnote'] },
  'strict-format.docx': { places: ['property'] },
  'poi__delins.docx': { places: ['tracked_insertion', 'tracked_deletion', 'field_code'] },
  'poi__issue_51265_3.docx': { places: ['alt_text'] },
  'poi__bug59058.docx': { places: ['hidden_text', 'alt_text', 'field_code'] },
  'poi__checkboxes.docx': { places: ['field_code'] },
  'poi__comment.docx': { places: ['comment'] },
  'tika__testWORD_features.docx': { places: ['tracked_insertion', 'tracked_deletion', 'hidden_text', 'comment'], authors: ['Kyle Reese'] },
  'tika__testWORD_2006ml.docx': {
    places: ['text_box', 'tracked_insertion', 'tracked_deletion', 'comment', 'footnote', 'endnote', 'header', 'footer', 'field_code', 'property'],
    once: 'This is a text box',
  },
  'tika__testWORD_tableInRunInsideParagraph.docx': { places: ['text_box'] },
  'poi__stress010.docx': { places: ['text_box', 'comment', 'footnote', 'header', 'footer'] },
};

describe.skipIf(!HAVE_CORPORA)('external: hidden places in real DOCX files', () => {
  const files = [...corpusFiles('office/docx', (n) => /\.(docx|docm|dotx)$/.test(n)), ...corpusFiles('mammoth', (n) => n.endsWith('.docx'))];

  it('finds the hidden places each file is known to hold', () => {
    const byName = new Map(files.map((f) => [basename(f), f]));
    for (const [name, want] of Object.entries(CORPUS_EXPECTATIONS)) {
      const file = byName.get(name);
      if (!file) continue; // a corpus without this file
      const doc = importDocument(name, readFileSync(file));
      expectSegmentsCover(doc);
      for (const place of want.places) {
        expect(
          doc.segments.some((s) => s.hidden === place && s.location.kind !== 'separator'),
          `${name}: ${place}`,
        ).toBe(true);
      }
      if (want.once) segmentsOf(doc, want.once);
      for (const author of want.authors ?? []) expect(doc.segments.some((s) => s.author === author), `${name}: ${author}`).toBe(true);
    }
  });

  it('keeps every file’s segments sorted and covering, with every source location readable again', () => {
    let imported = 0;
    for (const file of files) {
      let doc: ExtractedDocument;
      const bytes = readFileSync(file);
      try {
        doc = importDocument(basename(file), bytes);
      } catch (err) {
        expect(err, basename(file)).toBeInstanceOf(AppError);
        continue;
      }
      imported++;
      expectSegmentsCover(doc);
      // Spot-check the mapping: the first segment of each hidden kind points at its source text.
      const seen = new Set<string>();
      for (const s of doc.segments) {
        if (s.location.kind === 'separator' || seen.has(`${s.hidden}|${s.location.kind === 'docx' ? s.location.element : ''}`)) continue;
        seen.add(`${s.hidden}|${s.location.kind === 'docx' ? s.location.element : ''}`);
        const value = doc.text.slice(s.start, s.end);
        const src = sourceText(bytes, s.location).replace(/[\u2028\u0085]/g, '\n');
        expect(src.slice(0, value.length), `${basename(file)} ${JSON.stringify(s.location)}`).toBe(value.replace(/[\u2028\u0085]/g, '\n'));
      }
    }
    expect(imported).toBeGreaterThan(50);
  });

  it('redacts a text box of a real file in both its copies', () => {
    const file = files.find((f) => basename(f) === 'text-box.docx');
    if (!file) return;
    const bytes = readFileSync(file);
    const doc = importDocument('text-box.docx', bytes);
    const at = doc.text.indexOf('Datum plane');
    const out = exportDocx({ doc, spans: [{ start: at, end: at + 'Datum plane'.length, replacement: '■'.repeat('Datum plane'.length) }] }, bytes);
    for (const [name, data] of Object.entries(unzipSync(out.bytes))) expect(strFromU8(data).includes('Datum plane'), name).toBe(false);
  });
});
