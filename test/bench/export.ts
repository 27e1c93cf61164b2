import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportDocx } from '../../electron/node/exporters/docx';
import { PDF_EXPORT_DPI, exportPdf } from '../../electron/node/exporters/pdf';
import { importDocx } from '../../electron/node/importers/docx';
import { importDocumentAsync } from '../../electron/node/importers';
import type { ExtractedDocument } from '../../shared/document/model';
import { planRedactions } from '../../shared/review/redaction';
import { scanText } from '../../shared/rules/engine';
import { makeDocx, makePdf, sentences } from './documents';
import { quietWaiter } from './quiet';

/**
 * `npm run bench` (last): redacted export speed. A generated 100-page PDF
 * (40 lines of Chinese government text a page) exported with every finding
 * accepted: pages per second and the size of the result, side by side with
 * rasterising the same pages at the same resolution with `pdftoppm -jpeg`
 * (Poppler), which is the floor of any export that paints into pixels (ours
 * also writes the text layer, re-reads the copy and leak-checks it). Then a
 * generated 200-page DOCX exported with every finding accepted (edits in
 * place, cleaning, leak check of every part). Times are the best of a few
 * runs started on a quiet CPU.
 */
const PDF_PAGES = 100;
const DOCX_PAGES = 200;
const quiet = quietWaiter(60_000);

function acceptAll(doc: Pick<ExtractedDocument, 'text'>) {
  const findings = scanText(doc.text);
  return { findings, spans: planRedactions(doc.text, findings, new Map(findings.map((f) => [f.id, { decision: 'accepted' }]))) };
}

async function bestOf<T>(runs: number, fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  let ms = Infinity;
  let value!: T;
  for (let r = 0; r < runs; r++) {
    quiet.wait();
    const t0 = performance.now();
    value = await fn();
    ms = Math.min(ms, performance.now() - t0);
  }
  return { ms, value };
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

async function main(): Promise<void> {
  const source = sentences();
  const dir = mkdtempSync(join(tmpdir(), 'mishen-bench-export-'));
  try {
    const pdf = makePdf(source, PDF_PAGES);
    const pdfDoc = await importDocumentAsync('bench.pdf', pdf);
    const pdfPlan = acceptAll(pdfDoc);
    const ours = await bestOf(2, () => exportPdf({ doc: pdfDoc as never, spans: pdfPlan.spans }, pdf));
    const rows: string[][] = [['export', 'ms', 'pages/s', 'output', 'ours/peer time', 'ours/peer size']];
    rows.push([`ours, PDF ${PDF_PAGES} p at ${PDF_EXPORT_DPI} dpi (render, paint, grey Flate or colour JPEG, text layer, leak check)`, ours.ms.toFixed(0), (PDF_PAGES / (ours.ms / 1000)).toFixed(1), mb(ours.value.bytes.length), '', '']);
    const input = join(dir, 'in.pdf');
    writeFileSync(input, pdf);
    if (spawnSync('pdftoppm', ['-v']).error) rows.push(['pdftoppm (not installed: skipped)', '', '', '', '', '']);
    else {
      const peer = await bestOf(2, () => {
        for (const f of readdirSync(dir).filter((n) => n.startsWith('p-'))) rmSync(join(dir, f));
        spawnSync('pdftoppm', ['-r', String(PDF_EXPORT_DPI), '-jpeg', '-jpegopt', 'quality=85', input, join(dir, 'p')]);
      });
      const images = readdirSync(dir).filter((n) => n.startsWith('p-'));
      const size = images.reduce((n, f) => n + statSync(join(dir, f)).size, 0);
      rows.push([`pdftoppm -r ${PDF_EXPORT_DPI} -jpeg (rasterise only)`, peer.ms.toFixed(0), (images.length / (peer.ms / 1000)).toFixed(1), `${mb(size)} (JPEGs)`, (ours.ms / peer.ms).toFixed(2), (ours.value.bytes.length / size).toFixed(2)]);
    }

    const docx = makeDocx(source, DOCX_PAGES);
    const docxDoc = importDocx(docx);
    const docxPlan = acceptAll(docxDoc);
    const docxOut = await bestOf(3, () => exportDocx({ doc: docxDoc, spans: docxPlan.spans }, docx));
    rows.push([`ours, DOCX ${DOCX_PAGES} p (${docxPlan.spans.length} spans; edit, clean, leak check)`, docxOut.ms.toFixed(0), (DOCX_PAGES / (docxOut.ms / 1000)).toFixed(1), mb(docxOut.value.bytes.length), '', '']);

    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
    process.stdout.write(`export: ${PDF_PAGES}-page PDF with ${pdfPlan.spans.length} redactions, ${DOCX_PAGES}-page DOCX; node ${process.version}\n\n`);
    for (const [n, r] of rows.entries()) {
      process.stdout.write(`${r.map((v, i) => (i === 0 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ')}\n`);
      if (n === 0) process.stdout.write(`${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
    }
    process.stdout.write(`\nours/peer above 1.00: we take longer (or write more) than rasterising alone. Runs started while the machine was busy: ${quiet.busy}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
