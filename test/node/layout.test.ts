import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pdfPages } from '../../electron/node/review/layout';
import { openWorkspace } from '../../electron/node/workspace';
import type { DocumentLayout } from '../../shared/ipc/views';
import { mutoolGlyphs } from '../fixtures/mutool';
import { PDF_PHONE, buildPdf, noticePdf } from '../fixtures/pdf';
import { noticeDocx } from '../fixtures/samples';
import { useTempDirs } from '../fixtures/temp';
import { HIDDEN_SHEET_PHONES, XLSX_IDS, publicityXlsx } from '../fixtures/xlsx';

const tempDir = useTempDirs();

function workspace(dir = tempDir()) {
  return { dir, ws: openWorkspace(dir, { lists: () => [] }) };
}

function layoutOf<K extends DocumentLayout['kind']>(layout: DocumentLayout, kind: K): Extract<DocumentLayout, { kind: K }> {
  expect(layout.kind).toBe(kind);
  return layout as Extract<DocumentLayout, { kind: K }>;
}

const layoutSha = (ws: ReturnType<typeof workspace>['ws'], id: number) =>
  (ws.db.prepare('SELECT pdf_layout_sha256 AS sha FROM reviews WHERE id = ?').get(id) as { sha: string | null }).sha;

describe('document layouts', () => {
  it('lays plain text out as text, with its hidden lane', async () => {
    const { ws } = workspace();
    const view = await ws.reviews.importFile('a.txt', Buffer.from('电话 13812345678\n'));
    expect(await ws.layouts.layout(view.document.id)).toEqual({ kind: 'text', hidden: [] });
    ws.close();
  });

  it('converts a DOCX to HTML with its body text, and lists header and footer as hidden', async () => {
    const { ws } = workspace();
    const view = await ws.reviews.importFile('n.docx', noticeDocx());
    const layout = layoutOf(await ws.layouts.layout(view.document.id), 'docx');
    expect(layout.html).toContain('关于2024年度政府信息公开工作年度报告的公示');
    expect(layout.html).toContain('<table>');
    const header = layout.hidden.find((h) => h.place === 'header')!;
    expect(view.text.slice(header.start, header.end)).toBe('市人民政府办公室');
    expect(header.where).toBe('页眉第1段');
    expect(layout.hidden.map((h) => h.place).sort()).toEqual(['footer', 'header', 'property', 'property']);
    ws.close();
  });

  it('maps every cell of every sheet back to its text, sheets in workbook order', async () => {
    const { ws } = workspace();
    const view = await ws.reviews.importFile('p.xlsx', publicityXlsx());
    const layout = layoutOf(await ws.layouts.layout(view.document.id), 'sheets');
    expect(layout.sheets.map((s) => [s.name, s.hidden])).toEqual([['公示', false], ['联系方式', true], ['备用', true]]);
    const text = (sheet: number, ref: string) => {
      const c = layout.sheets[sheet]!.cells.find((x) => x.ref === ref)!;
      return view.text.slice(c.start, c.end);
    };
    expect(text(0, 'A1')).toBe('姓名');
    expect(text(0, 'B2')).toBe(XLSX_IDS[0]);
    expect(text(1, 'B2')).toBe(HIDDEN_SHEET_PHONES[0]);
    expect(text(2, 'C1')).toBe(HIDDEN_SHEET_PHONES[1]);
    // Each cell once; comments are in the hidden lane, with their authors.
    for (const sheet of layout.sheets) expect(new Set(sheet.cells.map((c) => c.ref)).size).toBe(sheet.cells.length);
    expect(layout.hidden.filter((h) => h.place === 'cell_comment').map((h) => h.author).sort()).toEqual(['审核员张某', '科员李某'].sort());
    expect(layout.hidden.find((h) => h.place === 'hidden_sheet')!.where).toBe('工作表“联系方式”A1单元格');
    ws.close();
  });
});

describe('PDF page view', () => {
  it('gives each page its size, view and text range, and glyph boxes that agree with MuPDF', async () => {
    const { dir, ws } = workspace();
    const view = await ws.reviews.importFile('通知.pdf', noticePdf());
    const id = view.document.id;
    const layout = layoutOf(await ws.layouts.layout(id), 'pdf');
    expect(layout.pages).toHaveLength(3);
    const [first, scan, third] = layout.pages;
    expect(first).toMatchObject({ width: 595, height: 842, rotate: 0, view: [0, 0, 595, 842] });
    expect(view.text.slice(first!.start, first!.end)).toMatch(/^关于公示名单的通知[\s\S]*13700001111/);
    expect(scan!.start).toBe(scan!.end);
    expect(view.text.slice(third!.start, third!.end)).toBe('第三页：值班手机 13800138000');
    expect(layout.hidden.map((h) => h.place)).toEqual(expect.arrayContaining(['comment', 'link', 'form_field', 'attachment', 'property']));

    const glyphs = await ws.layouts.pageGlyphs(id, 1);
    expect(glyphs).toMatchObject({ page: 1, start: first!.start });
    expect(glyphs.boxes).toHaveLength(4 * (first!.end - first!.start));
    writeFileSync(join(dir, 'n.pdf'), noticePdf());
    const mupdf = mutoolGlyphs(join(dir, 'n.pdf'))[0]!;
    const phones = view.findings.filter((f) => f.text === PDF_PHONE && f.location === '第1页');
    expect(phones.length).toBeGreaterThanOrEqual(2);
    for (const f of phones) {
      for (let i = f.start; i < f.end; i++) {
        const [x0, y0, x1, y1] = glyphs.boxes.slice(4 * (i - glyphs.start), 4 * (i - glyphs.start) + 4) as number[];
        expect(x0! >= 0 && x1! <= 595 && y0! >= 0 && y1! <= 842 && x0! < x1! && y0! < y1!).toBe(true);
        // The centre of our box lies on a glyph MuPDF draws with the same character.
        const cx = (x0! + x1!) / 2;
        const cy = (y0! + y1!) / 2;
        const near = Math.min(...mupdf.filter((g) => g.c === view.text[i]).map((g) => Math.hypot(g.x - cx, g.y - cy)));
        expect(near).toBeLessThan(3);
      }
    }
    // Rounded to 0.01; separators (line breaks) have no box.
    expect(glyphs.boxes.every((v) => v === null || Math.abs(v * 100 - Math.round(v * 100)) < 1e-6)).toBe(true);
    const lineBreak = view.text.indexOf('\n', first!.start);
    expect(glyphs.boxes[4 * (lineBreak - glyphs.start)]).toBeNull();
    expect(await ws.layouts.pageGlyphs(id, 2)).toEqual({ page: 2, start: scan!.start, boxes: [] });
    await expect(ws.layouts.pageGlyphs(id, 4)).rejects.toMatchObject({ code: 'invalid_request', messageZh: expect.stringContaining('页码超出范围') });
    ws.close();
  });

  it('measures a page turned by /Rotate after the turn', () => {
    const box = { width: 842, height: 595, view: [0, 0, 842, 595] as [number, number, number, number], estimatedGlyphs: 0 };
    const doc = { segments: [{ start: 0, end: 3, location: { kind: 'pdf' as const, page: 2, item: 0, offset: 0 } }] };
    expect(pdfPages(doc, [{ ...box, rotate: 90 }, { ...box, rotate: 180 }])).toEqual([
      { width: 595, height: 842, rotate: 90, view: [0, 0, 842, 595], start: 0, end: 0 },
      { width: 842, height: 595, rotate: 180, view: [0, 0, 842, 595], start: 0, end: 3 },
    ]);
  });

  it('serves the reviewed original of a PDF, and of nothing else', async () => {
    const { ws } = workspace();
    const pdf = await ws.reviews.importFile('通知.pdf', noticePdf());
    expect(Buffer.from(ws.layouts.source(pdf.document.id).bytes).equals(Buffer.from(noticePdf()))).toBe(true);
    const docx = await ws.reviews.importFile('n.docx', noticeDocx());
    expect(() => ws.layouts.source(docx.document.id)).toThrow(expect.objectContaining({ code: 'invalid_request', messageZh: expect.stringContaining('只有 PDF') }));
    await expect(ws.layouts.pageGlyphs(docx.document.id, 1)).rejects.toMatchObject({ code: 'invalid_request' });
    ws.close();
  });

  it('refuses a stored layout that was altered', async () => {
    const { dir, ws } = workspace();
    const id = (await ws.reviews.importFile('通知.pdf', noticePdf())).document.id;
    const sha = layoutSha(ws, id)!;
    // The signed import entry names the layout.
    expect(ws.log.entries().some((e) => JSON.parse(e.body).data.layout === sha)).toBe(true);
    ws.close();
    const path = join(dir, 'blobs', sha.slice(0, 2), `${sha}.pdf-layout`);
    const bytes = readFileSync(path);
    bytes[bytes.length - 2]! ^= 0x40; // a glyph box moved
    writeFileSync(path, bytes);
    const again = workspace(dir).ws;
    await expect(again.layouts.pageGlyphs(id, 1)).rejects.toMatchObject({ code: 'refused', messageZh: expect.stringContaining('已被改动') });
    await expect(again.layouts.layout(id)).rejects.toMatchObject({ code: 'refused' });
    again.close();
  });

  it('rebuilds the layout of a PDF imported before layouts were kept, and refuses an original that reads differently', async () => {
    const { dir, ws } = workspace();
    const id = (await ws.reviews.importFile('通知.pdf', noticePdf())).document.id;
    const sha = layoutSha(ws, id)!;
    const glyphs = await ws.layouts.pageGlyphs(id, 1);
    ws.db.prepare('UPDATE reviews SET pdf_layout_sha256 = NULL').run();
    ws.close();
    const again = workspace(dir).ws;
    const [layout, rebuilt] = await Promise.all([again.layouts.layout(id), again.layouts.pageGlyphs(id, 1)]);
    expect(layoutOf(layout, 'pdf').pages).toHaveLength(3);
    expect(rebuilt).toEqual(glyphs);
    expect(layoutSha(again, id)).toBe(sha);

    // The review now points at another original (say, a swapped file): its text is not the reviewed one.
    const different = (await again.reviews.importFile('另一份.pdf', buildPdf({ pages: [{ texts: [{ x: 72, y: 760, size: 12, text: '另一份文件' }] }] }))).document;
    again.db.prepare('UPDATE reviews SET document = ?, pdf_layout_sha256 = NULL WHERE id = ?').run(different.sha256, id);
    await expect(again.layouts.pageGlyphs(id, 1)).rejects.toMatchObject({ code: 'refused', messageZh: expect.stringContaining('不一致') });
    again.close();
  });
});
