import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mammoth from 'mammoth';
import { importDocx } from '../../electron/node/importers/docx';
import { importPdf } from '../../electron/node/importers/pdf';
import { SAMPLE, SEEDS, makeDocx, makePdf, marker, sentences } from './documents';
import { quietWaiter } from './quiet';

/**
 * `npm run bench`, after matchers and scan: import speed against the usual
 * readers, on a generated 300-page PDF (40 lines of Chinese government text
 * a page, STSong-Light, from the test fixtures' PDF writer) and a generated
 * 200-page DOCX (30 paragraphs a page and a table, from the DOCX fixture
 * builder). The text comes from ../shared/seeds (real government texts), or
 * a built-in paragraph when that folder is absent.
 *
 * Two times per reader: the first page (ours: the first `onProgress` call of
 * `importPdf`; peers: the same tool asked for page 1 only, a fresh process
 * each run) and the full text. PDF peers are pdftotext (Poppler) and
 * `mutool draw -F txt` (MuPDF); DOCX peers are mammoth's extractRawText and,
 * as a floor, `unzip -p` of word/document.xml (inflating, no parsing).
 * A peer whose binary is missing is skipped with a note. Every reader must
 * find every page (each page carries "第 n 页 共 N 页") and a planted
 * sentence on the last page. Times are the best of a few runs, each started
 * on a quiet CPU (the machine is shared).
 */
const PDF_PAGES = 300;
const DOCX_PAGES = 200;

const quiet = quietWaiter(60_000);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

interface Read {
  text: string;
  /** Time of the first page, from the start of the run (ours only: peers get a run of their own). */
  firstMs?: number;
}

/** Best full-text and first-page times of `runs` runs. */
async function best(runs: number, fn: (t0: number) => Read | Promise<Read>): Promise<{ fullMs: number; firstMs?: number; text: string }> {
  let fullMs = Infinity;
  let firstMs: number | undefined;
  let text = '';
  for (let r = 0; r < runs; r++) {
    gc();
    quiet.wait();
    const t0 = performance.now();
    const read = await fn(t0);
    fullMs = Math.min(fullMs, performance.now() - t0);
    if (read.firstMs !== undefined) firstMs = Math.min(firstMs ?? Infinity, read.firstMs);
    text = read.text;
  }
  return { fullMs, firstMs, text };
}

function tool(cmd: string, args: string[]): Read {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.error?.message ?? r.stderr.trim()}`);
  return { text: r.stdout };
}

/** "pdftotext 22.12.0", or undefined when the binary is missing. */
function version(cmd: string, flag: string): string | undefined {
  const r = spawnSync(cmd, [flag], { encoding: 'utf8' });
  if (r.error) return undefined;
  return `${cmd} ${/\d+\.\d+(\.\d+)?/.exec(`${r.stdout}${r.stderr}`)?.[0] ?? ''}`.trim();
}

/** Pages found (distinct page markers) and whether the sample is there, whitespace ignored (readers break lines differently). */
function check(text: string): { pages: number; sample: boolean } {
  const flat = text.replace(/\s+/g, '');
  return { pages: new Set(Array.from(flat.matchAll(/第(\d+)页共\d+页/g), (m) => m[1])).size, sample: flat.includes(SAMPLE) };
}

interface Row {
  file: string;
  reader: string;
  firstMs?: number;
  fullMs: number;
  text: string;
  /** Text of the first-page run, which must hold page 1 only. */
  firstText?: string;
  expected: number;
}

async function main(): Promise<void> {
  const source = sentences();
  const dir = mkdtempSync(join(tmpdir(), 'mishen-bench-'));
  const rows: Row[] = [];
  const notes: string[] = [];
  try {
    const pdf = makePdf(source, PDF_PAGES);
    const docx = makeDocx(source, DOCX_PAGES);
    const pdfPath = join(dir, 'bench.pdf');
    const docxPath = join(dir, 'bench.docx');
    writeFileSync(pdfPath, pdf);
    writeFileSync(docxPath, docx);
    const pdfLabel = `pdf, ${PDF_PAGES} p`;
    const docxLabel = `docx, ${DOCX_PAGES} p`;
    process.stdout.write(
      `import: a ${PDF_PAGES}-page PDF (${(pdf.length / 1e6).toFixed(1)} MB) and a ${DOCX_PAGES}-page DOCX (${(docx.length / 1e3).toFixed(0)} kB, ` +
        `${DOCX_PAGES * 30} paragraphs and a table) from ${source.length.toLocaleString('en')} sentences of ${existsSync(SEEDS) ? SEEDS : 'a built-in paragraph'}; ` +
        `node ${process.version}; best of 3 runs (ours on PDF, mammoth) or 5, each started on a quiet CPU\n\n`,
    );

    // PDF: ours gives both times in one run; peers run once for page 1 and once for the whole file.
    const ours = await best(3, async (t0) => {
      let firstMs: number | undefined;
      const doc = await importPdf(pdf, { onProgress: () => (firstMs ??= performance.now() - t0) });
      if (doc.pdf.pages.length !== PDF_PAGES) notes.push(`ours reports ${doc.pdf.pages.length} PDF pages`);
      return { text: doc.text, firstMs };
    });
    rows.push({ file: pdfLabel, reader: 'ours (importPdf, pdf.js)', ...ours, expected: PDF_PAGES });
    const pdfPeers: [string, string, string[], string[]][] = [
      ['pdftotext', '-v', ['-enc', 'UTF-8', pdfPath, '-'], ['-enc', 'UTF-8', '-f', '1', '-l', '1', pdfPath, '-']],
      ['mutool', '-v', ['draw', '-q', '-F', 'txt', '-o', '-', pdfPath], ['draw', '-q', '-F', 'txt', '-o', '-', pdfPath, '1']],
    ];
    for (const [cmd, flag, full, first] of pdfPeers) {
      const name = version(cmd, flag);
      if (!name) {
        notes.push(`${cmd} not found: skipped (install ${cmd === 'mutool' ? 'mupdf-tools' : 'poppler-utils'})`);
        continue;
      }
      const page1 = await best(5, () => tool(cmd, first));
      const all = await best(5, () => tool(cmd, full));
      rows.push({ ...all, file: pdfLabel, reader: `${name}${cmd === 'mutool' ? ' draw -F txt' : ''}`, firstMs: page1.fullMs, firstText: page1.text, expected: PDF_PAGES });
    }

    // DOCX: importDocx is synchronous and returns the whole text at once.
    rows.push({ file: docxLabel, reader: 'ours (importDocx)', ...(await best(5, () => ({ text: importDocx(docx).text }))), expected: DOCX_PAGES });
    const buffer = Buffer.from(docx);
    const mammothRun = await best(3, async () => ({ text: (await mammoth.extractRawText({ buffer })).value }));
    rows.push({ file: docxLabel, reader: 'mammoth extractRawText', ...mammothRun, expected: DOCX_PAGES });
    const unzip = version('unzip', '-v');
    if (unzip) {
      rows.push({ file: docxLabel, reader: `${unzip} -p (XML only: floor)`, ...(await best(5, () => tool('unzip', ['-p', docxPath, 'word/document.xml']))), expected: DOCX_PAGES });
    } else {
      notes.push('unzip not found: the DOCX floor is skipped');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const header = ['file', 'reader', 'first page ms', 'full text ms', 'ours/peer first', 'ours/peer full', 'pages', 'sample'];
  const table: string[][] = [header];
  const ms = (v: number | undefined) => (v === undefined ? 'n/a' : v.toFixed(0));
  const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? '' : (a / b).toFixed(2));
  for (const row of rows) {
    const ours = rows.find((r) => r.file === row.file && r.reader.startsWith('ours'))!;
    const { pages, sample } = check(row.text);
    if (pages !== row.expected || !sample) notes.push(`CHECK FAILED: ${row.reader} on ${row.file} found ${pages} of ${row.expected} pages, sample ${sample ? 'found' : 'missing'}`);
    if (row.firstText !== undefined && check(row.firstText).pages !== 1) notes.push(`CHECK FAILED: ${row.reader}'s first-page run did not return page 1 alone`);
    table.push([
      row.file,
      row.reader,
      ms(row.firstMs),
      ms(row.fullMs),
      row === ours ? '' : ratio(ours.firstMs, row.firstMs),
      row === ours ? '' : ratio(ours.fullMs, row.fullMs),
      `${pages}/${row.expected}`,
      sample ? 'found' : 'MISSING',
    ]);
  }
  const widths = header.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
  for (const [n, r] of table.entries()) {
    process.stdout.write(`${r.map((v, i) => (i < 2 || i === 7 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ').trimEnd()}\n`);
    if (n === 0) process.stdout.write(`${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
  }
  process.stdout.write(
    '\nours/peer is our time divided by the peer\'s: below 1.00 we are faster. Our first page includes loading pdf.js, starting its\n' +
      'parser thread and opening the document; a peer\'s includes starting its process. Ours does more than the peers: glyph\n' +
      'boxes for every character (PDF), hidden text and a source location for every segment (both).\n' +
      'DOCX first page: n/a. A DOCX has no pages until it is laid out, and importDocx is synchronous, returning the whole text at once.\n' +
      'unzip -p only inflates word/document.xml (its checks read the XML): no reader can be faster.\n',
  );
  for (const n of notes) process.stdout.write(`${n}\n`);
  process.stdout.write(`runs that started while the machine was busy with other work: ${quiet.busy}\n`);
}

await main();
