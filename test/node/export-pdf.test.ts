import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ExtractedPdf } from '../../electron/node/importers/pdf';
import { importDocumentAsync } from '../../electron/node/importers';
import { exportPdf } from '../../electron/node/exporters/pdf';
import { planRedactions } from '../../shared/review/redaction';
import { scanText } from '../../shared/rules/engine';
import { PDF_ID, PDF_PHONE, noticePdf } from '../fixtures/pdf';
import { useTempDirs } from '../fixtures/temp';
import { mutoolGlyphs } from '../fixtures/mutool';

const tempDir = useTempDirs();

async function redacted(bytes: Uint8Array, keep: (text: string) => boolean = () => false, style?: Parameters<typeof planRedactions>[4]) {
  const doc = (await importDocumentAsync('通知.pdf', bytes)) as unknown as ExtractedPdf;
  const findings = scanText(doc.text);
  const decisions = new Map(findings.map((f) => [f.id, { decision: keep(f.text) ? 'rejected' : 'accepted' }]));
  const spans = planRedactions(doc.text, findings, decisions, [], style);
  const out = await exportPdf({ doc: doc as never, spans }, bytes);
  const dir = tempDir();
  const path = join(dir, 'out.pdf');
  writeFileSync(path, out.bytes);
  return { doc, findings, spans, out, path, dir };
}

describe('PDF export', () => {
  it('writes page images with the boxes painted in, and a text layer without the redacted values', async () => {
    const { out, path } = await redacted(noticePdf());
    const text = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
    expect(text).toContain('关于公示名单的通知');
    expect(text).toContain('联系电话');
    for (const v of [PDF_PHONE, PDF_ID, '13700001111', '13900001234', '13500001234', '13600005678']) expect(text).not.toContain(v);
    expect(text).toContain('■');
    expect(out.check.checked).toContain('文字层');
    execFileSync('qpdf', ['--check', path]);
    const info = execFileSync('pdfinfo', [path], { encoding: 'utf8' });
    expect(info).toMatch(/Pages:\s+3/);
    expect(info).not.toMatch(/Author|张伟|Title:\s+\S/);
    // Nothing but pages: no annotations, attachments, outlines, forms or scripts.
    const raw = readFileSync(path).toString('latin1');
    for (const key of ['/Annots', '/EmbeddedFiles', '/Outlines', '/AcroForm', '/JavaScript', '/Metadata', '/Info']) expect(raw, key).not.toContain(key);
  });

  it('paints over every glyph of a redacted value, as MuPDF places them in the original', async () => {
    const original = noticePdf();
    const { path, dir } = await redacted(original);
    const source = join(dir, 'in.pdf');
    writeFileSync(source, original);
    const dpi = 100;
    execFileSync('pdftoppm', ['-r', String(dpi), '-gray', '-f', '1', '-l', '1', path, join(dir, 'p')]);
    const image = readPgm(join(dir, 'p-1.pgm'));
    const glyphs = mutoolGlyphs(source)[0]!;
    const chars = glyphs.map((g) => g.c).join('');
    let checked = 0;
    for (const value of [PDF_PHONE, PDF_ID, '13700001111']) {
      for (let at = chars.indexOf(value); at >= 0; at = chars.indexOf(value, at + 1)) {
        for (const g of glyphs.slice(at, at + value.length)) {
          const x = Math.round((g.x * dpi) / 72);
          const y = Math.round(((842 - g.y) * dpi) / 72);
          expect(image.at(x, y), `${value} at ${g.x},${g.y}`).toBeLessThan(60);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(4 * 11 + 18);
    // The title is not painted over.
    const title = glyphs[chars.indexOf('关于')]!;
    let light = 0;
    for (let dx = -6; dx <= 6; dx++) for (let dy = -6; dy <= 6; dy++) if (image.at(Math.round((title.x * dpi) / 72) + dx, Math.round(((842 - title.y) * dpi) / 72) + dy) > 200) light++;
    expect(light).toBeGreaterThan(40);
  });

  it('keeps what the reviewer kept, and writes the chosen style into the text layer', async () => {
    const { path } = await redacted(noticePdf(), (t) => t === '13700001111', { style: 'mask', byCategory: { personal: 'label' } });
    const text = execFileSync('pdftotext', [path, '-'], { encoding: 'utf8' });
    expect(text).toContain('13700001111');
    expect(text).toContain('[个人信息]');
    expect(text).not.toContain(PDF_PHONE);
  });

  it('refuses to write a copy that still shows a redacted value, and an original that no longer yields the reviewed text', async () => {
    const bytes = noticePdf();
    const doc = (await importDocumentAsync('通知.pdf', bytes)) as unknown as ExtractedPdf;
    const first = doc.text.indexOf(PDF_PHONE);
    // Only the first of several occurrences is redacted: the others would be published.
    const leaky = [{ start: first, end: first + PDF_PHONE.length, replacement: '■'.repeat(PDF_PHONE.length) }];
    await expect(exportPdf({ doc: doc as never, spans: leaky }, bytes)).rejects.toMatchObject({ code: 'refused', messageZh: expect.stringContaining('泄密检查未通过') });
    const altered = { ...doc, text: doc.text.replace('关于', '关子') } as ExtractedPdf;
    await expect(exportPdf({ doc: altered as never, spans: [] }, bytes)).rejects.toMatchObject({ code: 'refused', messageZh: expect.stringContaining('不一致') });
  });

  it('exports an encrypted original given its password', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'plain.pdf'), noticePdf());
    execFileSync('qpdf', ['--encrypt', '用户密码', 'owner-secret', '256', '--', join(dir, 'plain.pdf'), join(dir, 'locked.pdf')]);
    const locked = readFileSync(join(dir, 'locked.pdf'));
    const doc = (await importDocumentAsync('locked.pdf', locked, { password: '用户密码' })) as unknown as ExtractedPdf;
    const findings = scanText(doc.text);
    const spans = planRedactions(doc.text, findings, new Map(findings.map((f) => [f.id, { decision: 'accepted' }])));
    await expect(exportPdf({ doc: doc as never, spans }, locked)).rejects.toMatchObject({ code: 'password_required' });
    const out = await exportPdf({ doc: doc as never, spans }, locked, { password: '用户密码' });
    writeFileSync(join(dir, 'out.pdf'), out.bytes);
    // The copy is not encrypted: it is for publication.
    expect(execFileSync('qpdf', ['--show-encryption', join(dir, 'out.pdf')], { encoding: 'utf8' })).toMatch(/not encrypted/);
  });
});

/** A binary PGM (P5) as written by pdftoppm -gray. */
function readPgm(path: string): { width: number; height: number; at(x: number, y: number): number } {
  const bytes = readFileSync(path);
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(bytes.subarray(0, 64).toString('latin1'))!;
  const width = Number(header[1]);
  const height = Number(header[2]);
  const offset = header[0].length;
  return { width, height, at: (x, y) => bytes[offset + Math.min(height - 1, Math.max(0, y)) * width + Math.min(width - 1, Math.max(0, x))]! };
}

