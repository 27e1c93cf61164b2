import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import type { ExtractedDocument, HiddenPlace } from '../../shared/document/model';
import { AppError } from '../../shared/errors';
import { planRedactions } from '../../shared/review/redaction';
import { normalizeWithMap } from '../../shared/rules/normalize';
import { scanText } from '../../shared/rules/engine';
import { assertCleaned, CLEAN_LABELS } from '../../electron/node/exporters/docx-clean';
import { exportDocx } from '../../electron/node/exporters/docx';
import { importDocument } from '../../electron/node/importers';
import { HAVE_CORPORA, corpusFiles } from '../external/corpora';
import { buildDocx } from '../fixtures/docx';
import { expectRefused } from '../fixtures/expect';
import { EMAIL, MOBILE, PERSON_ID } from '../fixtures/samples';
import { useTempDirs } from '../fixtures/temp';

const DATE = '2024-03-01T09:00:00Z';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const CT = 'application/vnd.openxmlformats-officedocument';
const PNG = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='), (c) => c.charCodeAt(0));

/** Text that no reader of the page sees: it must leave the package whatever the reviewer decided. */
const GONE = {
  deletedText: '删去的旧内容',
  deletedId: PERSON_ID,
  hiddenDirect: '13911110003',
  hiddenStyle: '样式隐藏的内容',
  hiddenParagraphStyle: '段落样式隐藏',
  specVanish: '特殊隐藏文字',
  movedFrom: '移走的旧段落',
  deletedRow: '删除的行甲',
  comment: '批注意见需删除',
  commentPhone: '13911110001',
  customXmlPart: '自定义数据里的秘密',
  customXmlAttribute: '属性里的值',
  embedded: 'OLE对象里的秘密',
  glossary: '构建基块旧文字',
  vba: '宏里的旧文字',
  thumbnail: '缩略图',
  altDescr: '白虎计划说明',
  altTitle: '朱雀计划',
  pictureFile: '李明身份证',
  textBoxAlt: '文本框说明青龙',
  docVar: '文档变量里的值',
} as const;

/** Who wrote what: authors of comments and revisions. */
const AUTHORS = ['张科长', '李起草', '王审核', '赵移动', '周插入', '格式修订人'] as const;

/** Document property values. */
const PROPERTIES = ['测试文档', '王芳起草', '李四修改', '主题甲', '关键词乙', '备注丙', '某市公安局', '赵经理', 'intranet.example', '钱承办', '13911110006'] as const;

/** Visible text that stays, as normal text. */
const KEPT = {
  title: '关于某项目的公示',
  inserted: '新增的条款内容',
  movedTo: '移到这里的段落',
  visibleStyle: '显式可见的内容',
  merged: '被合并段落的前半合并后的后半',
  keptRow: '保留的行',
  wrapped: '包装内的正文',
  bound: '绑定控件的内容',
  textBox: '文本框里的内容',
  footnote: '脚注内容甲',
  header: '页眉内容丙',
  footerInserted: '插入的页脚',
  commentAnchor: '批注处',
} as const;

const lists = [{ name: 'l', version: '1', category: 'negative_list' as const, basis: 'b', terms: ['白虎计划', '朱雀计划'] }];

function edit(parts: Record<string, Uint8Array>, part: string, fn: (xml: string) => string): void {
  const before = strFromU8(parts[part]!);
  const after = fn(before);
  expect(after, `edit of ${part}`).not.toBe(before);
  parts[part] = strToU8(after);
}

/** Appends elements to the root of a part (before its last closing tag). */
function append(parts: Record<string, Uint8Array>, part: string, ...elements: string[]): void {
  edit(parts, part, (x) => x.replace(/<\/[^>]+>\s*$/, (close) => elements.join('') + close));
}

const relationship = (id: string, type: string, target: string, external = false): string =>
  `<Relationship Id="${id}" Type="${type}" Target="${target}"${external ? ' TargetMode="External"' : ''}/>`;
const override = (part: string, type: string): string => `<Override PartName="${part}" ContentType="${type}"/>`;

/**
 * A DOCX holding every kind of content a reader does not see, built by
 * `buildDocx` and completed by hand: custom XML, an OLE object with its
 * preview, building blocks, macros, a thumbnail, deleted paragraph marks and
 * rows, format changes, data bindings, document variables.
 */
function everythingHidden(): Uint8Array {
  const built = buildDocx({
    paragraphs: [
      [{ text: KEPT.title, bold: true }],
      [{ text: '联系电话：' }, { text: MOBILE, bold: true }, { text: '。' }],
      [{ text: '新增条款：' }, { text: KEPT.inserted, inserted: '王审核' }, { text: GONE.deletedText, deleted: '李起草' }, { text: '。' }],
      [{ text: '身份证号：' }, { text: GONE.deletedId, deleted: '李起草' }, { text: '（已删）' }],
      [{ text: '备用手机：' }, { text: GONE.hiddenDirect, hidden: true }, { text: GONE.hiddenStyle, style: 'Secret' }, { text: KEPT.visibleStyle, hidden: false }],
      [{ text: GONE.movedFrom, movedFrom: '赵移动' }, { text: KEPT.movedTo, movedTo: '赵移动' }],
      [{ text: '联系邮箱', field: ' HYPERLINK "mailto:zhang.wei@example.gov.cn" ' }],
      '被合并段落的前半',
      '合并后的后半',
    ],
    table: [
      ['事项', '备注'],
      [GONE.deletedRow, '删除的行乙'],
      [KEPT.keptRow, '可见'],
    ],
    comments: [{ author: '张科长', initials: '张', text: `${GONE.comment}，电话${GONE.commentPhone}` }],
    textBoxes: [{ text: KEPT.textBox, descr: GONE.textBoxAlt }],
    images: [{ descr: GONE.altDescr, title: GONE.altTitle, name: `${GONE.pictureFile}.jpg` }],
    footnotes: [KEPT.footnote],
    header: KEPT.header,
    footer: [{ text: '页脚' }, { text: KEPT.footerInserted, inserted: '周插入' }],
    styles: [{ id: 'Secret', hidden: true }],
    creator: '王芳起草',
    core: [
      ['cp:lastModifiedBy', '李四修改'],
      ['dc:subject', '主题甲'],
      ['cp:keywords', '关键词乙'],
      ['dc:description', '备注丙'],
      ['cp:revision', '7'],
    ],
    app: { Company: '某市公安局', Manager: '赵经理', HyperlinkBase: 'http://intranet.example/docs/' },
    custom: { 承办人: '钱承办', 电话: '13911110006' },
  });
  const parts = unzipSync(built);
  const mark = (id: number, author: string): string => `w:id="${id}" w:author="${author}" w:date="${DATE}"`;
  edit(parts, 'word/document.xml', (x) =>
    x
      // A format change on the title.
      .replace(`<w:rPr><w:b/></w:rPr><w:t xml:space="preserve">${KEPT.title}`, `<w:rPr><w:b/><w:rPrChange ${mark(80, '格式修订人')}><w:rPr/></w:rPrChange></w:rPr><w:t xml:space="preserve">${KEPT.title}`)
      // A deleted paragraph mark: the paragraph joins the next.
      .replace('<w:p><w:r><w:t xml:space="preserve">被合并段落的前半', `<w:p><w:pPr><w:rPr><w:del ${mark(81, '李起草')}/></w:rPr></w:pPr><w:r><w:t xml:space="preserve">被合并段落的前半`)
      // A deleted table row.
      .replace(/<w:tr>(<w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"\/><\/w:tcPr><w:p><w:r><w:t xml:space="preserve">删除的行甲)/, `<w:tr><w:trPr><w:del ${mark(82, '李起草')}/></w:trPr>$1`)
      .replace(
        '<w:sectPr>',
        // A custom XML wrapper around a paragraph, a content control bound to custom XML.
        `<w:customXml w:uri="urn:example" w:element="contact"><w:customXmlPr><w:attr w:name="secret" w:val="${GONE.customXmlAttribute}"/></w:customXmlPr>` +
          `<w:p><w:r><w:t>${KEPT.wrapped}</w:t></w:r></w:p></w:customXml>` +
          `<w:sdt><w:sdtPr><w:dataBinding w:xpath="/root/v" w:storeItemID="{11111111-2222-3333-4444-555555555555}"/></w:sdtPr>` +
          `<w:sdtContent><w:p><w:r><w:t>${KEPT.bound}</w:t></w:r></w:p></w:sdtContent></w:sdt>` +
          // Hidden by a paragraph style; always hidden (specVanish).
          `<w:p><w:pPr><w:pStyle w:val="HiddenPara"/></w:pPr><w:r><w:t>${GONE.hiddenParagraphStyle}</w:t></w:r></w:p>` +
          `<w:p><w:r><w:t xml:space="preserve">可见段落</w:t></w:r><w:r><w:rPr><w:specVanish/></w:rPr><w:t>${GONE.specVanish}</w:t></w:r></w:p>` +
          // An OLE object: the embedded file and its preview picture.
          `<w:p><w:r><w:t xml:space="preserve">嵌入对象：</w:t></w:r><w:r><w:object w:dxaOrig="1440" w:dyaOrig="1440">` +
          `<v:shape id="_x0000_i1025" type="#_x0000_t75" style="width:72pt;height:72pt" o:ole=""><v:imagedata r:id="rIdPreview" o:title="${GONE.embedded}"/></v:shape>` +
          `<o:OLEObject Type="Embed" ProgID="Word.Document.12" ShapeID="_x0000_i1025" DrawAspect="Icon" ObjectID="_1700000000" r:id="rIdOle"/></w:object></w:r></w:p>` +
          '<w:sectPr>',
      ),
  );
  edit(parts, 'word/styles.xml', (x) =>
    x.replace('</w:styles>', '<w:style w:type="paragraph" w:styleId="HiddenPara"><w:name w:val="HiddenPara"/><w:rPr><w:vanish/></w:rPr></w:style></w:styles>'),
  );
  const MS_REL = 'http://schemas.microsoft.com/office';
  append(
    parts,
    'word/_rels/document.xml.rels',
    relationship('rIdCx', `${REL}/customXml`, '../customXml/item1.xml'),
    relationship('rIdOle', `${REL}/oleObject`, 'embeddings/oleObject1.bin'),
    relationship('rIdPreview', `${REL}/image`, 'media/image2.png'),
    relationship('rIdCe', `${MS_REL}/2011/relationships/commentsExtended`, 'commentsExtended.xml'),
    relationship('rIdPeople', `${MS_REL}/2011/relationships/people`, 'people.xml'),
    relationship('rIdGl', `${REL}/glossaryDocument`, 'glossary/document.xml'),
    relationship('rIdSet', `${REL}/settings`, 'settings.xml'),
    relationship('rIdVba', `${MS_REL}/2006/relationships/vbaProject`, 'vbaProject.bin'),
  );
  append(parts, '_rels/.rels', relationship('rIdThumb', 'http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail', 'docProps/thumbnail.jpeg'));
  append(
    parts,
    '[Content_Types].xml',
    `<Default Extension="bin" ContentType="${CT}.oleObject"/><Default Extension="jpeg" ContentType="image/jpeg"/>`,
    override('/customXml/itemProps1.xml', `${CT}.customXmlProperties+xml`),
    override('/word/commentsExtended.xml', `${CT}.wordprocessingml.commentsExtended+xml`),
    override('/word/people.xml', `${CT}.wordprocessingml.people+xml`),
    override('/word/glossary/document.xml', `${CT}.wordprocessingml.document.glossary+xml`),
    override('/word/settings.xml', `${CT}.wordprocessingml.settings+xml`),
    override('/word/vbaProject.bin', 'application/vnd.ms-office.vbaProject'),
    override('/word/vbaData.xml', 'application/vnd.ms-word.vbaData+xml'),
  );
  const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
  const W15 = 'xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"';
  parts['customXml/item1.xml'] = strToU8(`<root><v>${GONE.customXmlPart}</v></root>`);
  parts['customXml/itemProps1.xml'] = strToU8(
    '<ds:datastoreItem ds:itemID="{11111111-2222-3333-4444-555555555555}" xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"/>',
  );
  parts['customXml/_rels/item1.xml.rels'] = strToU8(
    `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/customXmlProps" Target="itemProps1.xml"/></Relationships>`,
  );
  parts['word/embeddings/oleObject1.bin'] = strToU8(`OLE ${GONE.embedded}`);
  parts['word/media/image2.png'] = PNG;
  parts['word/commentsExtended.xml'] = strToU8(`<w15:commentsEx ${W15}><w15:commentEx w15:paraId="00000001" w15:done="0"/></w15:commentsEx>`);
  parts['word/people.xml'] = strToU8(`<w15:people ${W15}><w15:person w15:author="张科长"><w15:presenceInfo w15:providerId="None" w15:userId="张科长"/></w15:person></w15:people>`);
  parts['word/glossary/document.xml'] = strToU8(`<w:glossaryDocument ${W}><w:docParts><w:docPart><w:docPartBody><w:p><w:r><w:t>${GONE.glossary}</w:t></w:r></w:p></w:docPartBody></w:docPart></w:docParts></w:glossaryDocument>`);
  parts['word/settings.xml'] = strToU8(
    `<w:settings ${W}><w:trackRevisions/><w:docVars><w:docVar w:name="承办" w:val="${GONE.docVar}"/></w:docVars><w:defaultTabStop w:val="420"/></w:settings>`,
  );
  parts['word/vbaProject.bin'] = strToU8(`VBA ${GONE.vba}`);
  parts['word/_rels/vbaProject.bin.rels'] = strToU8(
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.microsoft.com/office/2006/relationships/wordVbaData" Target="vbaData.xml"/></Relationships>',
  );
  parts['word/vbaData.xml'] = strToU8(`<wne:vbaSuppData xmlns:wne="http://schemas.microsoft.com/office/word/2006/wordml"><wne:mcds><wne:mcd wne:macroName="${GONE.vba}"/></wne:mcds></wne:vbaSuppData>`);
  parts['docProps/thumbnail.jpeg'] = strToU8(GONE.thumbnail);
  return zipSync(parts);
}

function planAll(name: string, bytes: Uint8Array) {
  const doc = importDocument(name, bytes);
  const findings = scanText(doc.text, { lists });
  const decisions = new Map(findings.map((f) => [f.id, { decision: 'accepted' }]));
  return { doc, findings, plan: { doc, spans: planRedactions(doc.text, findings, decisions) } };
}

/** Everything a page shows of the body, as the importer reads it: no field codes, alt text or other parts. */
function visibleBody(doc: ExtractedDocument): string {
  const invisible = new Set<HiddenPlace | undefined>(['field_code', 'alt_text', 'tracked_deletion', 'hidden_text', 'comment']);
  let out = '';
  for (const s of doc.segments) {
    if (s.location.kind === 'docx' && s.location.part !== 'word/document.xml') break;
    if (s.location.kind === 'property') break;
    if (!invisible.has(s.hidden)) out += doc.text.slice(s.start, s.end);
  }
  return out;
}

const squeeze = (s: string): string => s.replace(/\s+/g, '');

/** Entry names as listed by Debian's unzip, and each entry's bytes as it extracts them. */
function unzipList(file: string): string[] {
  return execFileSync('unzip', ['-Z1', file]).toString('utf8').split('\n').filter(Boolean);
}
const unzipPart = (file: string, name: string): string => execFileSync('unzip', ['-p', file, name.replace(/[[\]*?]/g, '\\$&')], { maxBuffer: 256 * 1024 * 1024 }).toString('utf8');

const tempDir = useTempDirs();

describe('DOCX export: cleaning what no reader of the page sees', () => {
  const original = everythingHidden();
  const { doc, findings, plan } = planAll('clean.docx', original);
  const out = exportDocx(plan, original);

  function written(): { file: string; names: string[]; text: Map<string, string> } {
    const file = join(tempDir(), 'out.docx');
    writeFileSync(file, out.bytes);
    const names = unzipList(file);
    return { file, names, text: new Map(names.filter((n) => !n.endsWith('/')).map((n) => [n, unzipPart(file, n)])) };
  }

  it('reads the fixture as intended: every kind is there before the export', () => {
    const parts = Object.keys(unzipSync(original));
    for (const p of ['word/comments.xml', 'customXml/item1.xml', 'word/embeddings/oleObject1.bin', 'docProps/custom.xml', 'word/glossary/document.xml', 'docProps/thumbnail.jpeg']) {
      expect(parts).toContain(p);
    }
    const hiddenAt = (v: string) => doc.segments.find((s) => s.start <= doc.text.indexOf(v) && doc.text.indexOf(v) < s.end)?.hidden;
    expect(hiddenAt(GONE.deletedText)).toBe('tracked_deletion');
    expect(hiddenAt(GONE.hiddenDirect)).toBe('hidden_text');
    expect(hiddenAt(GONE.hiddenStyle)).toBe('hidden_text');
    expect(hiddenAt(GONE.hiddenParagraphStyle)).toBe('hidden_text');
    expect(hiddenAt(GONE.comment)).toBe('comment');
    expect(hiddenAt(KEPT.inserted)).toBe('tracked_insertion');
    expect(findings.some((f) => f.text === MOBILE)).toBe(true);
    expect(findings.some((f) => f.text === PERSON_ID)).toBe(true);
  });

  it('removes the comment, custom XML, embedding, building-block, macro and thumbnail parts (unzip -l)', () => {
    const { names } = written();
    for (const name of names) {
      expect(name, name).not.toMatch(/^word\/(comments|commentsExtended|commentsIds|commentsExtensible|people)\.xml$/i);
      expect(name, name).not.toMatch(/^(customXml|word\/embeddings|word\/glossary)\//i);
      expect(name, name).not.toMatch(/^(docProps\/custom\.xml|docProps\/thumbnail|word\/vba)/i);
    }
    // The OLE preview goes; the picture in the body stays.
    expect(names).not.toContain('word/media/image2.png');
    expect(names).toContain('word/media/image1.png');
    expect(names).toContain('docProps/core.xml');
    expect(execFileSync('unzip', ['-tq', written().file]).toString()).toMatch(/No errors/);
  });

  it('leaves no relationship or content type pointing at a removed part', () => {
    const { names, text } = written();
    const present = new Set(names);
    for (const [name, xml] of text) {
      if (!name.endsWith('.rels')) continue;
      const source = name.replace(/_rels\/([^/]*)\.rels$/, '$1');
      const dir = source.slice(0, source.lastIndexOf('/') + 1);
      for (const m of xml.matchAll(/<Relationship [^>]*>/g)) {
        const rel = m[0];
        if (/TargetMode="External"/.test(rel)) continue;
        const target = /Target="([^"]*)"/.exec(rel)![1]!;
        const path = target.startsWith('/') ? target.slice(1) : new URL(target, `http://x/${dir}`).pathname.slice(1);
        expect(present.has(path), `${name} → ${target}`).toBe(true);
      }
      expect(xml).not.toMatch(/customXml|oleObject|glossaryDocument|vbaProject|commentsExtended|people|comments"|thumbnail|custom-properties/);
    }
    const types = text.get('[Content_Types].xml')!;
    for (const m of types.matchAll(/PartName="\/([^"]*)"/g)) expect(present.has(m[1]!), m[1]).toBe(true);
  });

  it('leaves no redacted value, deleted or hidden text, author, property or alt text in any part (grep of every part)', () => {
    const { text } = written();
    const needles = [...Object.values(GONE), ...AUTHORS, ...PROPERTIES, MOBILE];
    for (const [name, xml] of text) {
      const norm = normalizeWithMap(xml).text;
      for (const needle of needles) {
        expect(xml.includes(needle), `${needle} in ${name}`).toBe(false);
        expect(norm.includes(normalizeWithMap(needle).text), `${needle} (normalised) in ${name}`).toBe(false);
      }
    }
    const body = text.get('word/document.xml')!;
    for (const tag of ['w:del', 'w:ins', 'w:moveFrom', 'w:moveTo', 'w:delText', 'w:rPrChange', 'w:commentRangeStart', 'w:commentReference', 'w:customXml', 'w:dataBinding', 'w:object', 'w:specVanish', 'o:OLEObject']) {
      expect(body, tag).not.toMatch(new RegExp(`<${tag}[\\s/>]`));
    }
    expect(body).not.toMatch(/\s(descr|title|alt|o:title|o:gfxdata)="/);
    // Only the run whose w:vanish is explicitly off keeps one.
    expect([...body.matchAll(/<w:vanish[^>]*>/g)].map((m) => m[0])).toEqual(['<w:vanish w:val="0"/>']);
    expect(text.get('word/settings.xml')).not.toMatch(/trackRevisions|docVar/);
    expect(text.get('word/settings.xml')).toContain('<w:defaultTabStop w:val="420"/>');
  });

  it('keeps inserted and moved-to text as ordinary text, and the visible text around removed content', () => {
    const { text } = written();
    const all = [...text.values()].join('\n');
    for (const [key, value] of Object.entries(KEPT)) if (key !== 'merged') expect(all.includes(value), key).toBe(true);
    const again = importDocument('o.docx', out.bytes);
    for (const value of Object.values(KEPT)) {
      const at = again.text.indexOf(value);
      expect(at, value).toBeGreaterThanOrEqual(0);
      const hidden = new Set(again.segments.filter((s) => s.end > at && s.start < at + value.length && s.location.kind !== 'separator').map((s) => s.hidden));
      for (const h of hidden) expect(['tracked_insertion', 'tracked_deletion', 'hidden_text', 'comment', 'alt_text', 'property'], value).not.toContain(h);
    }
    expect(again.segments.some((s) => s.hidden === 'property' || s.hidden === 'comment' || s.hidden === 'tracked_deletion' || s.hidden === 'hidden_text' || s.hidden === 'alt_text')).toBe(false);
    // The deleted paragraph mark joined two paragraphs; the deleted row is gone, the rest of the table kept.
    expect(again.text).toContain(`${KEPT.merged}\n`);
    expect(again.text).toContain(`事项\t备注\n${KEPT.keptRow}\t可见\n`);
    expect(again.text).toContain('联系电话：■■■■■■■■■■■。');
    expect(again.text).toContain('身份证号：（已删）');
  });

  it('keeps the formatting of body runs, the masked one included', async () => {
    const body = written().text.get('word/document.xml')!;
    expect(body).toContain(`<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">${KEPT.title}</w:t></w:r>`);
    expect(body).toContain(`<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">${'■'.repeat(11)}</w:t></w:r>`);
    // A run whose w:vanish is explicitly off is visible, and keeps that formatting.
    expect(body).toContain(`<w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t xml:space="preserve">${KEPT.visibleStyle}</w:t></w:r>`);
    const html = (await mammoth.convertToHtml({ buffer: Buffer.from(out.bytes) })).value;
    expect(html).toContain(`<strong>${KEPT.title}</strong>`);
    expect(html).toContain('<table>');
  });

  it('is read by mammoth (an independent reader) as the re-import’s visible body text', async () => {
    const { value } = await mammoth.extractRawText({ buffer: Buffer.from(out.bytes) });
    const again = importDocument('o.docx', out.bytes);
    expect(squeeze(value)).toBe(squeeze(visibleBody(again)));
    for (const needle of Object.values(GONE)) expect(value).not.toContain(needle);
    expect(value).toContain(KEPT.inserted);
  });

  it('reports the cleaning checks', () => {
    expect(out.check.checked).toEqual(expect.arrayContaining(['word/document.xml', 'docProps/core.xml', '无批注', '无修订', '无隐藏文字', '无文档属性', '无自定义 XML', '无嵌入对象', '无替代文字']));
    expect(out.check.checked).not.toContain('word/comments.xml');
  });

  it('cleans even when the reviewer accepted nothing', () => {
    const doc0 = importDocument('n.docx', original);
    const o = exportDocx({ doc: doc0, spans: [] }, original);
    const parts = unzipSync(o.bytes);
    expect(Object.keys(parts)).not.toContain('word/comments.xml');
    const body = strFromU8(parts['word/document.xml']!);
    expect(body).not.toContain(GONE.deletedText);
    expect(body).not.toContain(GONE.hiddenDirect);
    expect(body).toContain(MOBILE); // not accepted: visible text stays
  });

  it('keeps a document with nothing to clean as it was, part for part', () => {
    const plain = buildDocx({ paragraphs: [[{ text: '普通正文', bold: true }], '第二段'], table: [['甲', '乙']] });
    const parts = unzipSync(plain);
    delete parts['docProps/core.xml'];
    parts['_rels/.rels'] = strToU8(strFromU8(parts['_rels/.rels']!).replace(/<Relationship Id="rId2"[^>]*\/>/, ''));
    const bytes = zipSync(parts);
    const o = exportDocx({ doc: importDocument('p.docx', bytes), spans: [] }, bytes);
    const back = unzipSync(o.bytes);
    expect(Object.keys(back).sort()).toEqual(Object.keys(parts).sort());
    for (const [name, data] of Object.entries(parts)) expect(strFromU8(back[name]!), name).toBe(strFromU8(data));
  });
});

describe('DOCX export: links to a redacted address', () => {
  it('unlinks a hyperlink whose address holds a redacted value, keeping its masked text and formatting', () => {
    const parts = unzipSync(buildDocx({ paragraphs: ['邮箱见下', '其他链接'] }));
    edit(parts, 'word/document.xml', (x) =>
      x
        .replace('<w:r><w:t xml:space="preserve">邮箱见下</w:t></w:r>', `<w:hyperlink r:id="rIdMail"><w:r><w:rPr><w:u w:val="single"/></w:rPr><w:t>${EMAIL}</w:t></w:r></w:hyperlink>`)
        .replace('<w:r><w:t xml:space="preserve">其他链接</w:t></w:r>', '<w:hyperlink r:id="rIdWeb"><w:r><w:t>门户网站</w:t></w:r></w:hyperlink>'),
    );
    append(
      parts,
      'word/_rels/document.xml.rels',
      relationship('rIdMail', `${REL}/hyperlink`, `mailto:${EMAIL}`, true),
      relationship('rIdWeb', `${REL}/hyperlink`, 'https://www.example.gov.cn/', true),
    );
    const original = zipSync(parts);
    const { plan } = planAll('link.docx', original);
    const out = unzipSync(exportDocx(plan, original).bytes);
    for (const [name, data] of Object.entries(out)) expect(strFromU8(data), name).not.toContain(EMAIL);
    const body = strFromU8(out['word/document.xml']!);
    expect(body).toContain(`<w:hyperlink><w:r><w:rPr><w:u w:val="single"/></w:rPr><w:t>${'■'.repeat(EMAIL.length)}</w:t></w:r></w:hyperlink>`);
    expect(body).toContain('<w:hyperlink r:id="rIdWeb">');
    expect(strFromU8(out['word/_rels/document.xml.rels']!)).toContain('https://www.example.gov.cn/');
  });
});

describe('DOCX cleaning check (on the written bytes)', () => {
  const entries = (bytes: Uint8Array): Map<string, Uint8Array> => new Map(Object.entries(unzipSync(bytes)));

  it('refuses each kind left in a package, naming the part', () => {
    const base = buildDocx({ paragraphs: ['正文'] });
    const cases: [string, Uint8Array, RegExp][] = [
      ['comments', buildDocx({ paragraphs: ['正文'], comments: [{ author: '甲', text: '乙' }] }), /comments\.xml.*批注/],
      ['deletion', buildDocx({ paragraphs: [[{ text: '删', deleted: '甲' }]] }), /document\.xml.*修订/],
      ['insertion', buildDocx({ paragraphs: [[{ text: '增', inserted: '甲' }]] }), /document\.xml.*修订/],
      ['hidden', buildDocx({ paragraphs: [[{ text: '藏', hidden: true }]] }), /document\.xml.*隐藏文字/],
      ['hidden by style', buildDocx({ paragraphs: [[{ text: '藏', style: 'S' }]], styles: [{ id: 'S', hidden: true }] }), /document\.xml.*隐藏文字/],
      ['properties', buildDocx({ paragraphs: ['正文'] }), /core\.xml.*文档属性/],
      ['custom properties', buildDocx({ paragraphs: ['正文'], custom: { a: 'b' } }), /custom\.xml.*文档属性/],
      ['alt text', buildDocx({ paragraphs: ['正文'], images: [{ descr: '说明' }] }), /document\.xml.*替代文字/],
    ];
    const withPart = (name: string, data: string): Uint8Array => zipSync({ ...unzipSync(base), [name]: strToU8(data) });
    cases.push(['custom XML part', withPart('customXml/item1.xml', '<r/>'), /customXml\/item1\.xml.*自定义 XML/]);
    cases.push(['embedding', withPart('word/embeddings/oleObject1.bin', 'x'), /embeddings.*嵌入对象/]);
    for (const [name, bytes, message] of cases) {
      const e = entries(bytes);
      // The properties case is about core.xml alone; the others have theirs emptied.
      if (name !== 'properties') e.set('docProps/core.xml', strToU8('<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"/>'));
      expectRefused(() => assertCleaned(e), 'refused', message);
    }
  });

  it('passes what the exporter wrote, and lists what it checked', () => {
    const bytes = buildDocx({ paragraphs: [[{ text: '正文', hidden: false }]], comments: [{ author: '甲', text: '乙' }] });
    const o = exportDocx({ doc: importDocument('a.docx', bytes), spans: [] }, bytes);
    expect(assertCleaned(entries(o.bytes))).toEqual(CLEAN_LABELS);
  });
});

// ---------------------------------------------------------------------------

describe.skipIf(!HAVE_CORPORA)('external: cleaning real DOCX files', () => {
  const files = [...corpusFiles('office/docx', (n) => /\.(docx|docm|dotx)$/.test(n)), ...corpusFiles('mammoth', (n) => n.endsWith('.docx'))];

  it('exports every importable file, all accepted, cleaned and leak-checked, or refuses it with an AppError', async () => {
    let exported = 0;
    const refused: string[] = [];
    for (const file of files) {
      const name = basename(file);
      const bytes = readFileSync(file);
      let planned: ReturnType<typeof planAll>;
      try {
        planned = planAll(name, bytes);
      } catch (err) {
        expect(err, name).toBeInstanceOf(AppError);
        continue;
      }
      let out: ReturnType<typeof exportDocx>;
      try {
        out = exportDocx(planned.plan, bytes);
      } catch (err) {
        expect(err, name).toBeInstanceOf(AppError);
        refused.push(`${name}: ${(err as AppError).messageEn}`);
        continue;
      }
      exported++;
      const parts = unzipSync(out.bytes);
      for (const part of Object.keys(parts)) expect(part, name).not.toMatch(/^(word\/comments\w*\.xml|word\/people\.xml|customXml\/|word\/embeddings\/|word\/glossary\/|docProps\/custom\.xml)/i);
      expect(out.check.checked, name).toEqual(expect.arrayContaining([...CLEAN_LABELS]));
      // The export reads again, and an independent reader that read the original reads it too.
      importDocument(name, out.bytes);
      if (bytes.length > 2_000_000) continue; // mammoth takes seconds on the 12 MB body
      const before = await mammoth.extractRawText({ buffer: bytes }).then(
        () => true,
        () => false,
      );
      if (before) await mammoth.extractRawText({ buffer: Buffer.from(out.bytes) });
    }
    if (refused.length > 0) process.stdout.write(`refused exports:\n${refused.join('\n')}\n`);
    expect(exported).toBeGreaterThan(50);
  }, 300_000);
});
