import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { segmentAt } from '../../shared/document/model';
import { AppError, toErrorData } from '../../shared/errors';
import { importPdf, PdfPasswordError, type ExtractedPdf } from '../../electron/node/importers/pdf';
import { CORPORA, HAVE_CORPORA, corpusFiles } from './corpora';
import { expectPdfWellFormed } from '../fixtures/expect';
import { importDocumentAsync } from '../../electron/node/importers';
import { exportPdf } from '../../electron/node/exporters/pdf';
import { planRedactions } from '../../shared/review/redaction';
import { scanText } from '../../shared/rules/engine';

/** Passwords from the pdf.js test manifest, by file name (MANIFEST.tsv column 6). */
function manifestPasswords(): Map<string, string> {
  const out = new Map<string, string>();
  if (!HAVE_CORPORA) return out;
  const lines = readFileSync(join(CORPORA, 'pdf', 'MANIFEST.tsv'), 'utf8').split(/\r?\n/).slice(1);
  for (const line of lines) {
    const cols = line.split('\t');
    if (cols[1] && cols[5]) out.set(cols[1], cols[5]);
  }
  // Apache Tika's test suite opens this one with four spaces (office/SOURCE.txt).
  out.set('tika__testPassword4Spaces.pdf', '    ');
  return out;
}

const PASSWORDS = manifestPasswords();
const isPdf = (n: string) => n.toLowerCase().endsWith('.pdf');
const FILES = [
  ...corpusFiles('pdf/baseline', isPdf),
  ...corpusFiles('pdf/encrypted', isPdf),
  ...corpusFiles('pdf/malformed', isPdf),
  ...corpusFiles('office/pdf', isPdf),
];

/** Imports with the known password; an AppError is an acceptable outcome, anything else is not. */
async function tryImport(file: string, password?: string): Promise<ExtractedPdf | AppError> {
  try {
    return await importPdf(new Uint8Array(readFileSync(file)), { password });
  } catch (err) {
    expect(err, `${basename(file)}: ${String(err)}`).toBeInstanceOf(AppError);
    expect(toErrorData(err).code).not.toBe('internal');
    return err as AppError;
  }
}

const hiddenText = (doc: ExtractedPdf, place: string): string =>
  doc.segments
    .filter((s) => s.hidden === place)
    .map((s) => doc.text.slice(s.start, s.end))
    .join('\n');

describe.skipIf(!HAVE_CORPORA)('PDF corpus: every file imports or fails with an AppError within the budget', () => {
  for (const file of FILES) {
    const name = basename(file);
    it(`${basename(join(file, '..'))}/${name}`, { timeout: 60_000 }, async () => {
      const started = Date.now();
      const result = await tryImport(file, PASSWORDS.get(name));
      // The default budget is 30 s per page and for opening; nothing here comes close.
      expect(Date.now() - started).toBeLessThan(45_000);
      if (result instanceof AppError) {
        // A known password must open its file.
        if (PASSWORDS.has(name)) expect(result).not.toBeInstanceOf(PdfPasswordError);
        return;
      }
      expectPdfWellFormed(result);
      expect(result.pdf.pages.length).toBeGreaterThan(0);
    });
  }
});

describe.skipIf(!HAVE_CORPORA)('PDF corpus: what the importer finds', () => {
  const file = (sub: string, name: string) => join(CORPORA, sub, name);

  it('opens encrypted files with their password and asks for it without', async () => {
    let opened = 0;
    const withPassword = corpusFiles('pdf/encrypted', isPdf).filter((f) => PASSWORDS.has(basename(f)));
    for (const f of withPassword) {
      const password = PASSWORDS.get(basename(f));
      const doc = await importPdf(new Uint8Array(readFileSync(f)), { password });
      expectPdfWellFormed(doc);
      opened++;
      const without = await tryImport(f);
      if (without instanceof AppError) expect(without).toBeInstanceOf(PdfPasswordError);
    }
    expect(opened).toBe(withPassword.length);
    expect(opened).toBeGreaterThanOrEqual(7);
    const spaces = file('office/pdf', 'tika__testPassword4Spaces.pdf');
    const refused = await tryImport(spaces);
    expect(refused).toBeInstanceOf(PdfPasswordError);
    expect((refused as PdfPasswordError).reason).toBe('required');
    const wrong = await tryImport(spaces, 'nope');
    expect((wrong as PdfPasswordError).reason).toBe('incorrect');
  });

  it('reads the text of a normal paper', async () => {
    const doc = await importPdf(new Uint8Array(readFileSync(file('pdf/baseline', 'tracemonkey.pdf'))));
    expect(doc.pdf.pages).toHaveLength(14);
    expect(doc.text).toContain('Trace-based Just-in-Time Type Specialization for Dynamic');
    expect(doc.warnings.filter((w) => w.startsWith('needs_ocr'))).toEqual([]);
    expect(doc.pdf.pages.every((p) => p.estimatedGlyphs === 0)).toBe(true);
  });

  it('finds annotation contents, metadata and attachments', async () => {
    const annotated = await importPdf(new Uint8Array(readFileSync(file('office/pdf', 'tika__testAnnotations.pdf'))));
    expect(hiddenText(annotated, 'comment').length).toBeGreaterThan(0);
    const authors = await importPdf(new Uint8Array(readFileSync(file('office/pdf', 'tika__testPDF_twoAuthors.pdf'))));
    expect(hiddenText(authors, 'property').length).toBeGreaterThan(0);
    const attached = await importPdf(new Uint8Array(readFileSync(file('office/pdf', 'tika__testPDF_childAttachments.pdf'))));
    expect(attached.warnings.some((w) => w.startsWith('embedded_files:'))).toBe(true);
    // Printer's marks outside the crop box, with the source file's path: hidden text.
    expect(hiddenText(attached, 'hidden_text')).toContain('Fileid: … ations/P15/2013/C/XML/Cycle01/source');
    expect(attached.warnings).toContain('pdf_offpage_text:1-67');
    const form = await importPdf(new Uint8Array(readFileSync(file('office/pdf', 'tika__testPDF_acroform3.pdf'))));
    expect(hiddenText(form, 'form_field').length).toBeGreaterThan(0);
    const at = annotated.text.length - 1;
    expect(segmentAt(annotated as never, at)).toBeDefined();
  });
});

function hasMutool(): boolean {
  try {
    execFileSync('which', ['mutool'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(!HAVE_CORPORA || !hasMutool())('PDF corpus: glyph boxes against MuPDF', () => {
  const cases = [
    ['pdf/baseline', 'tracemonkey.pdf'],
    ['pdf/baseline', 'alphatrans.pdf'],
    ['office/pdf', 'tika__testPDFVarious.pdf'],
    ['office/pdf', 'tika__testPDF_angles.pdf'],
  ] as const;
  for (const [sub, name] of cases) {
    it(`${name}: MuPDF's glyph centres lie in the boxes of the same characters`, { timeout: 60_000 }, async () => {
      const path = join(CORPORA, sub, name);
      const doc = await importPdf(new Uint8Array(readFileSync(path)));
      const xml = execFileSync('mutool', ['draw', '-F', 'stext', '-o', '-', path], { maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] }).toString('utf8');
      let page = -1;
      let height = 0;
      let total = 0;
      let inside = 0;
      const byPage: Map<string, number[][]>[] = doc.pdf.pages.map(() => new Map());
      for (const s of doc.segments) {
        if (s.location.kind !== 'pdf') continue;
        for (let i = s.start; i < s.end; i++) {
          const key = doc.text[i]!.normalize('NFKC');
          const map = byPage[s.location.page - 1]!;
          const list = map.get(key) ?? map.set(key, []).get(key)!;
          list.push(Array.from(doc.pdf.glyphBoxes.subarray(i * 4, i * 4 + 4)));
        }
      }
      for (const m of xml.matchAll(/<page [^>]*height="([^"]+)"|<char quad="([^"]+)"[^>]* c="([^"]*)"/g)) {
        if (m[1] !== undefined) {
          page++;
          height = Number(m[1]);
          continue;
        }
        const c = m[3]!.replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16))).replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'");
        const candidates = c.trim() ? byPage[page]?.get(c.normalize('NFKC')) : undefined;
        const view = doc.pdf.pages[page]!;
        // Only characters the importer also has on that page (MuPDF draws form fields, maps glyphs pdf.js cannot), unrotated pages.
        if (!candidates || view.rotate !== 0) continue;
        const q = m[2]!.split(' ').map(Number);
        const x = (q[0]! + q[2]! + q[4]! + q[6]!) / 4 + view.view[0];
        const y = view.view[1] + height - (q[1]! + q[3]! + q[5]! + q[7]!) / 4;
        total++;
        if (candidates.some((b) => x >= b[0]! && x <= b[2]! && y >= b[1]! && y <= b[3]!)) inside++;
      }
      expect(total).toBeGreaterThan(20);
      expect(inside / total).toBeGreaterThan(0.995);
    });
  }
});

describe.skipIf(!HAVE_CORPORA)('external PDFs: redacted export', () => {
  // Every PDF that imports (without a password) exports too, with every finding accepted: pages rendered and painted,
  // a text layer without the redacted values, nothing else copied; or an AppError, never another exception.
  const files = [...corpusFiles('pdf/baseline', isPdf), ...corpusFiles('pdf/malformed', isPdf), ...corpusFiles('office/pdf', isPdf)];
  it.each(files.map((f) => [basename(f), f]))('%s', async (_name, file) => {
    const bytes = readFileSync(file);
    let doc: ExtractedPdf;
    try {
      doc = (await importDocumentAsync(basename(file), bytes)) as unknown as ExtractedPdf;
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      return;
    }
    const findings = scanText(doc.text);
    const spans = planRedactions(doc.text, findings, new Map(findings.map((f) => [f.id, { decision: 'accepted' }])));
    try {
      const out = await exportPdf({ doc: doc as never, spans }, bytes);
      const back = await importPdf(out.bytes);
      expect(back.pdf.pages.length).toBe(doc.pdf.pages.length);
      expect(back.segments.filter((s) => s.hidden && s.hidden !== 'hidden_text')).toEqual([]);
      const values = new Set(spans.map((s) => doc.text.slice(s.start, s.end)).filter((v) => v.replace(/\s/g, '').length >= 4));
      for (const v of values) expect(back.text.includes(v), v).toBe(false);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      // A refusal must say why in Chinese.
      expect(toErrorData(err).message).toMatch(/[\u4e00-\u9fff]/);
    }
  }, 120_000);
});
