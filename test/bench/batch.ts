import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeArchive, type ArchiveFile } from '../fixtures/archive';
import { quietWaiter } from './quiet';

/**
 * `npm run bench`: the folder check (`mishen batch`, the built CLI with
 * its worker threads) on a generated folder of 1,000 mixed documents
 * (test/fixtures/archive.ts: TXT, DOCX, XLSX, CSV, PDF of 1–4 pages,
 * scanned PDFs, 5% broken files), with 1 and 2 workers: files/s and
 * pages/s over the whole command (start-up, listing, report included),
 * and the 2-worker speed-up. Memory: peak resident memory of the process
 * (worker threads and PDF parser threads live in it), sampled from /proc,
 * for 250 and 1,000 files: it should not grow with the folder. Peer:
 * pdftotext (Poppler), one process per file as a script would run it,
 * over the text PDFs, against our check of the same PDFs with 1 worker.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'bin', 'mishen.js');
const quiet = quietWaiter(120_000);

interface Run {
  ms: number;
  peakRssMb: number;
  files: number;
  pages: number;
  errors: number;
}

/** Resident memory of a process and its children (kB), from /proc. */
function treeRssKb(pid: number): number {
  let kb = 0;
  try {
    const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    kb += m ? Number(m[1]) : 0;
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      for (const c of children ? children.split(/\s+/) : []) kb += treeRssKb(Number(c));
    }
  } catch {
    // exited meanwhile
  }
  return kb;
}

async function batch(dir: string, jobs: number): Promise<Run> {
  const data = mkdtempSync(join(tmpdir(), 'mishen-bench-data-'));
  quiet.wait();
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, 'batch', dir, '--jobs', String(jobs), '--json', '--data-dir', data, '--out', join(data, 'report')], { stdio: ['ignore', 'pipe', 'ignore'] });
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, treeRssKb(child.pid!))), 20);
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const ms = performance.now() - started;
  clearInterval(timer);
  rmSync(data, { recursive: true, force: true });
  if (code !== 0) throw new Error(`mishen batch exited with ${code}`);
  const { summary } = JSON.parse(stdout) as { summary: { files: number; pages: number; byStatus: { error: number } } };
  return { ms, peakRssMb: peak / 1024, files: summary.files, pages: summary.pages, errors: summary.byStatus.error };
}

function pdftotextAll(files: string[]): number | null {
  if (spawnSync('pdftotext', ['-v']).error) return null;
  quiet.wait();
  const started = performance.now();
  for (const f of files) spawnSync('pdftotext', ['-q', '-enc', 'UTF-8', f, '-'], { maxBuffer: 1 << 26 });
  return performance.now() - started;
}

async function main() {
  if (!existsSync(join(ROOT, 'out', 'main', 'batch-worker.js'))) {
    process.stdout.write('batch benchmark skipped: run npm run build first (it runs the built CLI)\n');
    return;
  }
  const work = mkdtempSync(join(tmpdir(), 'mishen-bench-batch-'));
  try {
    const big = join(work, '1000');
    const small = join(work, '250');
    const pdfs = join(work, 'pdf');
    const files: ArchiveFile[] = writeArchive(big, 1000);
    writeArchive(small, 250);
    mkdirSync(pdfs);
    const textPdfs = files.filter((f) => f.kind === 'pdf');
    for (const [i, f] of textPdfs.entries()) copyFileSync(join(big, f.path), join(pdfs, `${i}.pdf`));
    const mix = Object.entries(files.reduce<Record<string, number>>((a, f) => ((a[f.kind] = (a[f.kind] ?? 0) + 1), a), {})).map(([k, n]) => `${k} ${n}`);
    process.stdout.write(`\nfolder check: ${files.length} files (${mix.join(', ')}), ${files.reduce((a, f) => a + (f.pages ?? 0), 0)} PDF pages\n`);

    const one = await batch(big, 1);
    const two = await batch(big, 2);
    const two250 = await batch(small, 2);
    const ourPdf = await batch(pdfs, 1);
    const peerMs = pdftotextAll(readdirSync(pdfs).map((n) => join(pdfs, n)));

    const rate = (r: Run) => `${((r.files / r.ms) * 1000).toFixed(1).padStart(6)} files/s  ${((r.pages / r.ms) * 1000).toFixed(1).padStart(6)} pages/s  ${(r.ms / 1000).toFixed(1).padStart(5)} s  peak RSS ${r.peakRssMb.toFixed(0).padStart(4)} MB  (${r.errors} unreadable)`;
    process.stdout.write(`  1 worker,  1,000 files: ${rate(one)}\n`);
    process.stdout.write(`  2 workers, 1,000 files: ${rate(two)}\n`);
    process.stdout.write(`  2 workers,   250 files: ${rate(two250)}\n`);
    process.stdout.write(`  speed-up 2 workers / 1 worker: ${(one.ms / two.ms).toFixed(2)}x\n`);
    process.stdout.write(`  peak RSS 1,000 files / 250 files (2 workers): ${(two.peakRssMb / two250.peakRssMb).toFixed(2)}\n`);
    process.stdout.write(`  text PDFs only (${ourPdf.files} files, ${ourPdf.pages} pages), 1 worker: ${((ourPdf.pages / ourPdf.ms) * 1000).toFixed(1)} pages/s\n`);
    if (peerMs === null) process.stdout.write('  pdftotext not installed: no peer figure\n');
    else {
      process.stdout.write(`  pdftotext, one process per file, same PDFs: ${((ourPdf.pages / peerMs) * 1000).toFixed(1)} pages/s (${(peerMs / 1000).toFixed(1)} s)\n`);
      process.stdout.write(`  ours / pdftotext time: ${(ourPdf.ms / peerMs).toFixed(2)} (ours also scans every page, keeps glyph boxes, and writes the state and the reports)\n`);
    }
    process.stdout.write(`runs that started while the machine was busy with other work: ${quiet.busy}\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
