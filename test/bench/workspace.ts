import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { chromium, type Page } from 'playwright-core';
import { HARNESS_ORIGIN, startHarness } from '../e2e/harness';
import { makeDocx, makePdf, sentences } from './documents';
import { quietWaiter } from './quiet';

/**
 * `npm run bench`: the reviewer's PDF view in the harness (the built
 * renderer in Chromium, the real handlers behind it). For a generated
 * 300-page PDF with three findings a page, and a 1,000-page one with ten
 * (10,000 findings): time from opening the review to the first page drawn
 * and to its first highlight, and frame times while scrolling through the
 * whole document. Side by side with pdf.js's own viewer (pdfjs-dist's
 * PDFViewer, the component Firefox's viewer is built from) on the same
 * file: first page drawn, and frame times over the same scroll. Ours also
 * fetches the original over IPC (base64 through Playwright's binding here,
 * a structured clone in Electron), the glyph boxes of each page, and draws
 * the highlights. Best of three opens; frames are rAF intervals. Then the
 * time a key takes (J, next finding: selection, panel, document and the
 * next frame) in a 5,000-line text with 15,000 findings and a 200-page DOCX.
 */
const SIZES = [
  { pages: 300, perPage: 3 },
  { pages: 1000, perPage: 10 },
];
/** Pixels scrolled per frame: a fast flick through the document. */
const STEP = 300;
const quiet = quietWaiter(60_000);
const require = createRequire(import.meta.url);

interface Frames {
  frames: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Frames longer than 50 ms (a visible stall). */
  stalls: number;
}

/** Scrolls an element to its end, STEP px a frame, and measures each frame (runs in the page). */
async function scrollFrames(page: Page, selector: string): Promise<Frames> {
  const gaps = await page.evaluate(
    async ({ selector, step }) => {
      const el = document.querySelector(selector) as HTMLElement;
      el.scrollTop = 0;
      await new Promise((r) => setTimeout(r, 300));
      const gaps: number[] = [];
      let last = performance.now();
      return await new Promise<number[]>((done) => {
        const tick = (now: number) => {
          gaps.push(now - last);
          last = now;
          if (el.scrollTop + el.clientHeight >= el.scrollHeight - 1 || gaps.length > 20_000) return done(gaps.slice(1));
          el.scrollTop += step;
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      });
    },
    { selector, step: STEP },
  );
  const sorted = [...gaps].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
  return { frames: gaps.length, p50: q(0.5), p95: q(0.95), p99: q(0.99), max: sorted.at(-1)!, stalls: gaps.filter((g) => g > 50).length };
}

/** In the page: resolves with ms from `t0` to when `ready()` first holds, checked every frame. */
const WAIT_FOR = `(ready, t0) => new Promise((done) => { const check = () => (ready() ? done(performance.now() - t0) : requestAnimationFrame(check)); check(); })`;

async function ours(pdf: Uint8Array, name: string): Promise<{ firstPage: number; firstHighlight: number; scroll: Frames }> {
  const dir = mkdtempSync(join(tmpdir(), 'mishen-bench-view-'));
  const h = await startHarness(join(dir, 'data'), () => null);
  try {
    await h.workspace.reviews.importFile(name, pdf);
    let firstPage = Infinity;
    let firstHighlight = Infinity;
    for (let run = 0; run < 3; run++) {
      await h.page.goto(`${HARNESS_ORIGIN}/index.html`);
      await h.page.getByRole('button', { name }).first().waitFor();
      quiet.wait();
      const [drawn, marked] = await h.page.evaluate(
        async ({ name, waitFor }) => {
          const wait = new Function(`return ${waitFor}`)() as (ready: () => boolean, t0: number) => Promise<number>;
          const open = [...document.querySelectorAll('button')].find((b) => b.textContent === name)!;
          const t0 = performance.now();
          open.click();
          const painted = () => {
            const c = document.querySelector('.pdf-page[data-page="1"] canvas') as HTMLCanvasElement | null;
            if (!c || c.width === 0) return false;
            const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
            for (let i = 0; i < d.length; i += 64) if (d[i]! < 128) return true;
            return false;
          };
          return Promise.all([wait(painted, t0), wait(() => document.querySelector('.pdf-page .pdf-mark[data-finding]') !== null, t0)]);
        },
        { name, waitFor: WAIT_FOR },
      );
      firstPage = Math.min(firstPage, drawn);
      firstHighlight = Math.min(firstHighlight, marked);
    }
    quiet.wait();
    const scroll = await scrollFrames(h.page, '[data-testid="pdf-pages"]');
    if (h.consoleErrors.length) throw new Error(h.consoleErrors.join('\n'));
    return { firstPage, firstHighlight, scroll };
  } finally {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** pdf.js's viewer in a page of its own: the library, then the viewer component, both bundled here. */
function viewerBundle(): string {
  const lib = buildSync({ stdin: { contents: "import * as l from 'pdfjs-dist'; globalThis.pdfjsLib = l;", resolveDir: process.cwd() }, bundle: true, format: 'iife', write: false, logLevel: 'silent' });
  const viewer = buildSync({
    stdin: { contents: "import * as v from 'pdfjs-dist/web/pdf_viewer.mjs'; globalThis.pdfjsViewer = v;", resolveDir: process.cwd() },
    bundle: true,
    format: 'iife',
    write: false,
    logLevel: 'silent',
  });
  return lib.outputFiles[0]!.text + '\n' + viewer.outputFiles[0]!.text;
}

async function peer(pdf: Uint8Array): Promise<{ firstPage: number; scroll: Frames }> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1360, height: 880 }, deviceScaleFactor: 1 });
    const origin = 'https://peer.invalid';
    const dist = join(require.resolve('pdfjs-dist/package.json'), '..');
    const script = viewerBundle();
    await page.route('**/*', (route) => {
      const path = new URL(route.request().url()).pathname;
      if (path === '/') return route.fulfill({ contentType: 'text/html', body: `<!doctype html><link rel="stylesheet" href="/pdf_viewer.css"><div id="c" style="position:absolute;inset:0;overflow:auto"><div class="pdfViewer"></div></div><script src="/viewer.js"></script>` });
      if (path === '/viewer.js') return route.fulfill({ contentType: 'text/javascript', body: script });
      if (path === '/pdf_viewer.css') return route.fulfill({ contentType: 'text/css', body: readFileSync(join(dist, 'web', 'pdf_viewer.css')) });
      if (path === '/worker.mjs') return route.fulfill({ contentType: 'text/javascript', body: readFileSync(join(dist, 'build', 'pdf.worker.min.mjs')) });
      if (path === '/doc.pdf') return route.fulfill({ contentType: 'application/pdf', body: Buffer.from(pdf) });
      if (path.startsWith('/cmaps/') || path.startsWith('/standard_fonts/')) return route.fulfill({ body: readFileSync(join(dist, path)) });
      return route.fulfill({ status: 404 });
    });
    let firstPage = Infinity;
    for (let run = 0; run < 3; run++) {
      await page.goto(`${origin}/`);
      quiet.wait();
      const ms = await page.evaluate(async () => {
        const g = globalThis as unknown as { pdfjsLib: typeof import('pdfjs-dist'); pdfjsViewer: typeof import('pdfjs-dist/web/pdf_viewer.mjs') };
        g.pdfjsLib.GlobalWorkerOptions.workerSrc = '/worker.mjs';
        const t0 = performance.now();
        const bytes = new Uint8Array(await (await fetch('/doc.pdf')).arrayBuffer());
        const eventBus = new g.pdfjsViewer.EventBus();
        const viewer = new g.pdfjsViewer.PDFViewer({ container: document.getElementById('c') as HTMLDivElement, eventBus });
        const drawn = new Promise<number>((done) => eventBus.on('pagerendered', (e: { pageNumber: number }) => e.pageNumber === 1 && done(performance.now() - t0)));
        const doc = await g.pdfjsLib.getDocument({ data: bytes, cMapUrl: '/cmaps/', cMapPacked: true, standardFontDataUrl: '/standard_fonts/', useWasm: false }).promise;
        viewer.setDocument(doc);
        return drawn;
      });
      firstPage = Math.min(firstPage, ms);
    }
    quiet.wait();
    return { firstPage, scroll: await scrollFrames(page, '#c') };
  } finally {
    await browser.close();
  }
}

/** Median time from a J key press to the next frame after it, over 15 presses, per document. */
async function keyLatency(): Promise<string[][]> {
  const dir = mkdtempSync(join(tmpdir(), 'mishen-bench-keys-'));
  const h = await startHarness(join(dir, 'data'), () => null);
  const lines = Array.from({ length: 5000 }, (_, i) => `${i + 1}. 联系人：王芳，联系电话：138${String(i).padStart(8, '0')}，地址：北京市东城区建国门内大街${i + 1}号。`);
  const rows: string[][] = [];
  try {
    for (const [name, bytes] of [['名单5000行.txt', new TextEncoder().encode(lines.join('\n'))], ['方案200页.docx', makeDocx(sentences(), 200)]] as const) {
      const view = await h.workspace.reviews.importFile(name, bytes);
      await h.page.goto(`${HARNESS_ORIGIN}/index.html`);
      await h.page.getByRole('button', { name }).first().click();
      await h.page.locator('li.finding').first().waitFor({ timeout: 60_000 });
      await h.page.waitForTimeout(1_000);
      quiet.wait();
      const times = await h.page.evaluate(async () => {
        const out: number[] = [];
        for (let i = 0; i < 15; i++) {
          const t0 = performance.now();
          window.dispatchEvent(new KeyboardEvent('keydown', { key: 'j', bubbles: true }));
          await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
          out.push(performance.now() - t0);
        }
        return out.sort((a, b) => a - b);
      });
      rows.push([name, `${view.findings.length} findings`, `${times[7]!.toFixed(0)} ms median, ${times.at(-1)!.toFixed(0)} ms max`]);
    }
  } finally {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

const f = (ms: number) => ms.toFixed(0);
const fr = (s: Frames) => `${f(s.p50)} / ${f(s.p95)} / ${f(s.p99)} / ${f(s.max)} ms, ${s.stalls} of ${s.frames} over 50 ms`;

async function main(): Promise<void> {
  const source = sentences();
  const rows: string[][] = [['document', 'view', 'first page drawn', 'first highlight', 'scroll frames p50 / p95 / p99 / max', 'ours/peer first page', 'ours/peer p95 frame']];
  for (const { pages, perPage } of SIZES) {
    const pdf = makePdf(source, pages, perPage);
    const a = await ours(pdf, `bench-${pages}.pdf`);
    const b = await peer(pdf);
    const label = `${pages} pages, ${pages * perPage} findings`;
    rows.push([label, 'ours (review view)', f(a.firstPage), f(a.firstHighlight), fr(a.scroll), (a.firstPage / b.firstPage).toFixed(2), (a.scroll.p95 / b.scroll.p95).toFixed(2)]);
    rows.push([label, 'pdf.js PDFViewer', f(b.firstPage), '—', fr(b.scroll), '', '']);
  }
  console.log('\nPDF review view in Chromium (ms; opens best of 3)');
  for (const r of rows) console.log(r.join(' | '));
  console.log('\nKey to next frame (J: next finding)');
  for (const r of await keyLatency()) console.log(r.join(' | '));
  if (quiet.busy) console.log(`(${quiet.busy} runs started on a busy machine)`);
}

await main();
