import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { segmentAt } from '../../shared/document/model';
import { AppError, toErrorData } from '../../shared/errors';
import { importPdf, locatePdf, pageRanges, PdfPasswordError, type ExtractedPdf } from '../../electron/node/importers/pdf';
import { itemFrame, separatorBetween, splitAdvances, type ItemGeometry } from '../../electron/node/importers/pdf-glyphs';
import { buildPdf, flateBombPdf, noticePdf, PDF_ID, PDF_PHONE } from '../fixtures/pdf';
import { useTempDirs } from '../fixtures/temp';
import { mutoolGlyphs } from '../fixtures/mutool';
import { expectPdfWellFormed } from '../fixtures/expect';
import { PERSON_ID, PERSON_ID_2, noticeDocx } from '../fixtures/samples';
import { importDocumentAsync } from '../../electron/node/importers';
import { scanText } from '../../shared/rules/engine';

function hasTool(name: string): boolean {
  try {
    execFileSync('which', [name], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const HAVE_MUTOOL = hasTool('mutool');
const HAVE_QPDF = hasTool('qpdf');

async function expectAppError(p: Promise<unknown>, code: string, zh: RegExp): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe(code);
    expect((err as AppError).messageZh).toMatch(zh);
    return err as AppError;
  }
  throw new Error('expected a refusal');
}

/**
 * Every occurrence of `value` MuPDF draws on a page must have a matching
 * occurrence in the page text whose glyph boxes contain each of MuPDF's glyph
 * centres. Returns the number of occurrences checked.
 */
function expectBoxesCover(doc: ExtractedPdf, file: string, value: string): number {
  const glyphs = mutoolGlyphs(file);
  const boxes = doc.pdf.glyphBoxes;
  let checked = 0;
  glyphs.forEach((page, index) => {
    const chars = page.map((g) => g.c).join('');
    // Page text offsets of `value` on this page.
    const mine: number[] = [];
    for (let at = doc.text.indexOf(value); at >= 0; at = doc.text.indexOf(value, at + 1)) {
      const loc = locatePdf(doc, at);
      if (loc?.kind === 'pdf' && loc.page === index + 1) mine.push(at);
    }
    for (let at = chars.indexOf(value); at >= 0; at = chars.indexOf(value, at + 1)) {
      const theirs = [...value].map((_, i) => page[at + i]!);
      const inside = (offset: number, i: number): boolean => {
        const k = (offset + i) * 4;
        const g = theirs[i]!;
        return g.x >= boxes[k]! && g.x <= boxes[k + 2]! && g.y >= boxes[k + 1]! && g.y <= boxes[k + 3]!;
      };
      const match = mine.find((offset) => [...value].every((_, i) => inside(offset, i)));
      expect(match, `${value} on page ${index + 1} at MuPDF glyph ${at}`).toBeDefined();
      checked++;
    }
  });
  return checked;
}

describe('PDF import', async () => {
  const doc = await importPdf(noticePdf());

  it('reads page text in order, lines by baseline, tab-separated table cells, a blank line between pages', () => {
    expect(doc.format).toBe('pdf');
    const body = doc.text.slice(0, doc.text.indexOf('第三页') + 20);
    expect(body.split('\n')).toEqual([
      '关于公示名单的通知',
      `Phone ${PDF_PHONE}`,
      `ID ${PDF_ID}`,
      `联系电话：${PDF_PHONE}，请核对。`,
      `身份证号：${PDF_ID}`,
      '姓名\t联系电话',
      '赵强\t13700001111',
      `Tel ${PDF_PHONE}`,
      '',
      `第三页：值班手机 ${PDF_PHONE}`,
    ]);
    expectPdfWellFormed(doc);
  });

  it('maps every character to its page, text item and offset', () => {
    const at = doc.text.indexOf(`Phone ${PDF_PHONE}`);
    const loc = locatePdf(doc, at + 6 + 3);
    expect(loc).toMatchObject({ kind: 'pdf', page: 1, offset: 9 });
    expect(segmentAt(doc as never, at)?.location).toMatchObject({ kind: 'pdf', page: 1, offset: 0 });
    expect(locatePdf(doc, doc.text.indexOf('第三页') + 1)).toMatchObject({ kind: 'pdf', page: 3, item: 0, offset: 1 });
    expect(locatePdf(doc, doc.text.indexOf('\t'))).toEqual({ kind: 'separator' });
    expect(doc.pdf.pages.map((p) => [p.width, p.height, p.rotate])).toEqual([
      [595, 842, 0],
      [595, 842, 0],
      [595, 842, 0],
    ]);
  });

  it('gives page text glyph boxes and separators and hidden text none', () => {
    const g = doc.pdf.glyphBoxes;
    for (const s of doc.segments) {
      for (let i = s.start; i < s.end; i++) {
        const box = [g[i * 4]!, g[i * 4 + 1]!, g[i * 4 + 2]!, g[i * 4 + 3]!];
        if (s.location.kind === 'pdf') {
          expect(box.every(Number.isFinite)).toBe(true);
          expect(box[2]! - box[0]!).toBeGreaterThan(0);
          expect(box[3]! - box[1]!).toBeGreaterThan(0);
        } else expect(box.every(Number.isNaN)).toBe(true);
      }
    }
    // The first character of the title starts at its text position: x 72, baseline 760, 16 pt.
    const t = doc.text.indexOf('关于');
    expect(g[t * 4]).toBeCloseTo(72, 1);
    expect(g[t * 4 + 2]).toBeCloseTo(88, 1);
    expect(g[t * 4 + 1]!).toBeLessThan(760);
    expect(g[t * 4 + 3]!).toBeGreaterThan(770);
    expect(doc.pdf.pages[0]!.estimatedGlyphs).toBe(0);
  });

  it('flags the page without a text layer and lists embedded files', () => {
    expect(doc.warnings).toContain('needs_ocr:2');
    expect(doc.warnings).toContain('embedded_files:王芳身份证.txt');
  });

  it('imports comments, link targets, form values, attachment names and metadata as hidden text', () => {
    const seg = (value: string) => {
      const at = doc.text.indexOf(value);
      expect(at, value).toBeGreaterThanOrEqual(0);
      return segmentAt(doc as never, at) as ExtractedPdf['segments'][number];
    };
    expect(seg('请删除张三的手机号13900001234')).toMatchObject({
      hidden: 'comment',
      author: '审核人',
      location: { kind: 'pdf_annotation', page: 1, field: 'contents' },
    });
    expect(seg('审核人')).toMatchObject({ hidden: 'property', location: { kind: 'pdf_annotation', page: 1, field: 'author' } });
    expect(seg('https://example.gov.cn/list?tel=13500001234')).toMatchObject({ hidden: 'link', location: { kind: 'pdf_annotation', field: 'url' } });
    expect(seg('13600005678')).toMatchObject({ hidden: 'form_field', location: { kind: 'pdf_annotation', field: 'value' } });
    expect(seg('王芳身份证.txt')).toMatchObject({ hidden: 'attachment' });
    expect(seg('张伟')).toMatchObject({ hidden: 'property', location: { kind: 'property', part: 'Info', name: 'Author', offset: 0 } });
    expect(seg('李娜')).toMatchObject({ hidden: 'property', location: { kind: 'property', part: 'XMP', name: 'dc:creator' } });
    // Hidden text comes after every page's text.
    expect(doc.text.indexOf('请删除')).toBeGreaterThan(doc.text.indexOf('第三页'));
    // The title is in the Info dictionary once, not again from XMP.
    expect(doc.text.split('关于公示名单的通知').length).toBe(3);
  });

  it('reads embedded documents too, and says which it could not read', async () => {
    const bytes = buildPdf({
      pages: [{ texts: [{ x: 72, y: 760, size: 12, text: '见附件。' }] }],
      attachments: [
        { name: '名单.txt', content: `申请人：王芳，身份证号 ${PERSON_ID}` },
        { name: '公示.docx', content: noticeDocx() },
        { name: '另一份.pdf', content: noticePdf() },
        { name: '旧表.xls', content: new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]) },
      ],
    });
    const doc = (await importDocumentAsync('附件.pdf', bytes)) as ExtractedPdf;
    const at = doc.text.indexOf(PERSON_ID);
    expect(segmentAt(doc as never, at)).toMatchObject({ hidden: 'attachment', location: { kind: 'property', part: 'EmbeddedFiles', name: '名单.txt#content' } });
    // The DOCX inside: its body text, hidden places and all.
    expect(doc.text).toContain(PERSON_ID_2);
    expect(doc.warnings).toContain('embedded_file_not_read:另一份.pdf');
    expect(doc.warnings).toContain('embedded_file_not_read:旧表.xls');
    const ids = scanText(doc.text).filter((f) => f.type === 'id_card').map((f) => f.text);
    expect(ids).toEqual(expect.arrayContaining([PERSON_ID, PERSON_ID_2]));
    // Without a reader (the bare PDF importer), attachments are listed only.
    const bare = await importPdf(bytes);
    expect(bare.text).not.toContain(PERSON_ID);
  });

  it('leaves the caller’s bytes intact', async () => {
    const bytes = noticePdf();
    const copy = bytes.slice();
    await importPdf(bytes, { exactGlyphs: false });
    expect(bytes).toEqual(copy);
  });

  it('reports progress per page', async () => {
    const seen: string[] = [];
    await importPdf(noticePdf(), { onProgress: (p, n) => seen.push(`${p}/${n}`) });
    expect(seen).toEqual(['1/3', '2/3', '3/3']);
  });

  it('imports a free-text annotation as a comment', async () => {
    const d = await importPdf(buildPdf({ pages: [{ texts: [{ x: 72, y: 700, size: 12, text: 'Body' }], annotations: [{ type: 'freetext', rect: [100, 100, 300, 130], contents: '联系人王五 13911112222', author: '李四' }] }] }));
    const at = d.text.indexOf('联系人王五 13911112222');
    expect(at).toBeGreaterThan(0);
    expect(segmentAt(d as never, at)).toMatchObject({ hidden: 'comment', author: '李四' });
  });

  it('imports text drawn outside the page as hidden text with its boxes', async () => {
    const d = await importPdf(
      buildPdf({
        pages: [
          {
            texts: [
              { x: 72, y: 700, size: 12, text: 'This page has a body of more than twenty characters.' },
              { x: 72, y: 900, size: 10, text: `Drafted by Zhang, tel ${PDF_PHONE}` },
            ],
          },
        ],
      }),
    );
    const at = d.text.indexOf(`Drafted by Zhang, tel ${PDF_PHONE}`);
    expect(at).toBeGreaterThan(d.text.indexOf('twenty'));
    expect(segmentAt(d as never, at)).toMatchObject({ hidden: 'hidden_text', location: { kind: 'pdf', page: 1, item: -1 } });
    expect(locatePdf(d, at + 3)).toMatchObject({ offset: 3 });
    // The glyph boxes sit where the text was drawn, above the page.
    expect(d.pdf.glyphBoxes[at * 4]).toBeCloseTo(72, 1);
    expect(d.pdf.glyphBoxes[at * 4 + 1]!).toBeGreaterThan(842);
    expect(d.warnings).toEqual(['pdf_offpage_text:1']);
    // A page whose only text is off the page still needs OCR, and the hidden text is still found.
    const scan = await importPdf(buildPdf({ pages: [{ scan: true, texts: [{ x: 72, y: -40, size: 10, text: `tel ${PDF_PHONE}` }] }] }));
    expect(scan.text).toBe(`tel ${PDF_PHONE}`);
    expect(scan.segments[0]).toMatchObject({ hidden: 'hidden_text' });
    expect(scan.warnings).toEqual(['needs_ocr:1', 'pdf_offpage_text:1']);
  });

  it('warns about pages with only a token text layer', async () => {
    const d = await importPdf(buildPdf({ pages: [{ scan: true, texts: [{ x: 290, y: 30, size: 10, text: '- 1 -' }] }] }));
    expect(d.warnings).toEqual(['pdf_little_text:1']);
  });

  it('imports a scanned document with no text at all, but never as clean', async () => {
    const d = await importPdf(buildPdf({ pages: [{ scan: true }, { scan: true }, { scan: true }] }));
    expect(d.text).toBe('');
    expect(d.segments).toEqual([]);
    expect(d.warnings).toEqual(['needs_ocr:1-3']);
  });
});

describe.skipIf(!HAVE_MUTOOL)('PDF glyph boxes against MuPDF', () => {
  const tempDir = useTempDirs();

  for (const exactGlyphs of [true, false]) {
    it(`cover every character of each identifier (${exactGlyphs ? 'exact, from the operator list' : 'estimated from item widths'})`, async () => {
      const file = join(tempDir(), 'notice.pdf');
      writeFileSync(file, noticePdf());
      const doc = await importPdf(readFileSync(file), { exactGlyphs });
      // Latin, mixed with Chinese, with character spacing, rotated, in a table, on page 3.
      expect(expectBoxesCover(doc, file, PDF_PHONE)).toBe(4);
      expect(expectBoxesCover(doc, file, PDF_ID)).toBe(2);
      expect(expectBoxesCover(doc, file, '13700001111')).toBe(1);
      expect(expectBoxesCover(doc, file, '赵强')).toBe(1);
    });
  }

  for (const exactGlyphs of [true, false]) {
    it(`cover vertical writing (${exactGlyphs ? 'exact' : 'estimated'})`, async () => {
      const file = join(tempDir(), 'vertical.pdf');
      writeFileSync(
        file,
        buildPdf({
          pages: [
            {
              texts: [
                { x: 500, y: 760, size: 14, text: '竖排联系人张三', font: 'song-v' },
                { x: 470, y: 760, size: 14, text: '电话一三八零零一三八零零零', font: 'song-v' },
              ],
            },
          ],
        }),
      );
      const doc = await importPdf(readFileSync(file), { exactGlyphs });
      expect(doc.text).toBe('竖排联系人张三\n电话一三八零零一三八零零零');
      expect(expectBoxesCover(doc, file, '张三')).toBe(1);
      expect(expectBoxesCover(doc, file, '一三八零零一三八零零零')).toBe(1);
    });
  }

  it('cover Latin text in a proportional font character by character', async () => {
    const file = join(tempDir(), 'latin.pdf');
    const line = 'Contact Mr. Illingworth at will.illingworth@example.org or +86 10 6512 3456.';
    writeFileSync(file, buildPdf({ pages: [{ texts: [{ x: 40, y: 700, size: 11, text: line }, { x: 40, y: 680, size: 9, text: line, charSpacing: 0.4 }] }] }));
    const doc = await importPdf(readFileSync(file));
    expect(expectBoxesCover(doc, file, 'will.illingworth@example.org')).toBe(2);
    expect(expectBoxesCover(doc, file, 'Illingworth')).toBe(2);
  });
});

describe.skipIf(!HAVE_QPDF)('encrypted PDF', () => {
  const tempDir = useTempDirs();
  const encrypted = (): Uint8Array => {
    const dir = tempDir();
    writeFileSync(join(dir, 'plain.pdf'), noticePdf());
    execFileSync('qpdf', ['--encrypt', '用户密码', 'owner-secret', '256', '--', join(dir, 'plain.pdf'), join(dir, 'locked.pdf')]);
    return new Uint8Array(readFileSync(join(dir, 'locked.pdf')));
  };

  it('asks for the password, in Chinese', async () => {
    const err = await expectAppError(importPdf(encrypted()), 'password_required', /已加密.*密码/);
    expect(err).toBeInstanceOf(PdfPasswordError);
    expect((err as PdfPasswordError).reason).toBe('required');
    expect(toErrorData(err)).toEqual({ code: 'password_required', message: err.messageZh, messageEn: err.messageEn });
  });

  it('says when the password is wrong', async () => {
    const err = await expectAppError(importPdf(encrypted(), { password: 'wrong' }), 'password_required', /密码不正确/);
    expect((err as PdfPasswordError).reason).toBe('incorrect');
  });

  it('opens with the user or the owner password', async () => {
    for (const password of ['用户密码', 'owner-secret']) {
      const doc = await importPdf(encrypted(), { password });
      expect(doc.text).toContain(`联系电话：${PDF_PHONE}`);
      expect(doc.text).toContain('张伟');
    }
  });
});

describe('hostile and broken PDFs', () => {
  it('refuses what is not a PDF with a plain AppError', async () => {
    await expectAppError(importPdf(new TextEncoder().encode('%PDF-1.7\nthis is not a pdf at all')), 'bad_input', /PDF/);
    await expectAppError(importPdf(new Uint8Array(0)), 'bad_input', /PDF/);
  });

  it('imports a truncated file partially or refuses it, never crashes', async () => {
    const bytes = noticePdf();
    for (const cut of [0.3, 0.6, 0.9]) {
      try {
        const doc = await importPdf(bytes.slice(0, Math.floor(bytes.length * cut)));
        expectPdfWellFormed(doc);
      } catch (err) {
        expect(err).toBeInstanceOf(AppError);
        expect(toErrorData(err).code).not.toBe('internal');
      }
    }
  });

  it('stops at the time budget', async () => {
    await expectAppError(importPdf(noticePdf(), { budgetMs: 1 }), 'refused', /超过 1 毫秒/);
  });

  it('stops a page that takes longer than the budget', async () => {
    // Thirty light pages, then 300,000 text objects on one page: about four seconds of parsing.
    const texts = Array.from({ length: 300_000 }, (_, i) => ({ x: 10 + (i % 50) * 10, y: 10 + (Math.floor(i / 50) % 80) * 10, size: 8, text: 'ab' }));
    const light = Array.from({ length: 30 }, () => ({ texts: [{ x: 72, y: 700, size: 12, text: 'light' }] }));
    const bytes = buildPdf({ pages: [...light, { texts }] });
    const started = Date.now();
    await expectAppError(importPdf(bytes, { budgetMs: 1500 }), 'refused', /第 31 页解析超过 1\.5 秒/);
    expect(Date.now() - started).toBeLessThan(4500);
  });

  it('stops a decompression bomb at the memory limit', async () => {
    // 1 MB of file, 1 GB of content stream.
    const started = Date.now();
    await expectAppError(importPdf(flateBombPdf(1024), { maxMemoryMb: 300 }), 'too_large', /内存超过 300 MB/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('refuses more pages than the limit', async () => {
    await expectAppError(importPdf(noticePdf(), { maxPages: 2 }), 'too_large', /共 3 页，超过 2 页/);
  });

  it('stops when the caller aborts', async () => {
    const before = new AbortController();
    before.abort();
    await expectAppError(importPdf(noticePdf(), { signal: before.signal }), 'cancelled', /取消/);
    const during = new AbortController();
    const running = importPdf(noticePdf(), { signal: during.signal });
    setTimeout(() => during.abort(), 20);
    await expectAppError(running, 'cancelled', /取消/);
  });
});

describe('PDF geometry', () => {
  const item = (over: Partial<ItemGeometry>): ItemGeometry => ({
    str: 'x',
    transform: [12, 0, 0, 12, 100, 700],
    width: 6,
    height: 12,
    vertical: false,
    ascent: 0.9,
    descent: -0.2,
    ...over,
  });

  it('splits an item: full-width characters one em, the rest from Latin metrics, leftovers evenly', () => {
    // 12 pt: two CJK characters (12 each) and three digits (6 each), one unit of tracking per character.
    const adv = [...splitAdvances('电话123', 12, 12 * 2 + 6 * 3 + 5)];
    // Estimated 12, 12, 6.36 x 3; the 3.92 left over is spread evenly.
    [12.784, 12.784, 7.144, 7.144, 7.144].forEach((a, i) => expect(adv[i]).toBeCloseTo(a, 6));
    // A surrogate pair takes one advance on its first unit.
    const pair = splitAdvances('𠀀a', 10, 15);
    expect(pair[1]).toBe(0);
    expect(pair[0]! + pair[2]!).toBeCloseTo(15, 6);
  });

  it('chooses separators by baseline and gap', () => {
    const a = itemFrame(item({ str: 'abc', width: 18 }));
    const at = (x: number, y: number, size = 12) => itemFrame(item({ transform: [size, 0, 0, size, x, y] }));
    expect(separatorBetween(a, at(118, 700))).toBe('');
    expect(separatorBetween(a, at(121, 700))).toBe(' ');
    expect(separatorBetween(a, at(150, 700))).toBe('\t');
    expect(separatorBetween(a, at(100, 686))).toBe('\n');
    expect(separatorBetween(a, at(118.5, 704, 7))).toBe(''); // superscript
    expect(separatorBetween(a, at(40, 700))).toBe('\n'); // back to the left
    expect(separatorBetween(a, itemFrame(item({ transform: [0, 12, -12, 0, 118, 700] })))).toBe('\n'); // rotated
  });

  it('writes page lists as ranges', () => {
    expect(pageRanges([1, 2, 3, 5, 7, 8])).toBe('1-3,5,7-8');
    expect(pageRanges([4])).toBe('4');
  });
});
