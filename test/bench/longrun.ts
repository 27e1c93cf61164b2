import { randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createHandlers } from '../../electron/node/ipc-handlers';
import { workerScanner } from '../../electron/node/scan/scanner';
import { SessionState } from '../../electron/node/sessions';
import { openWorkspace } from '../../electron/node/workspace';
import { dispatch } from '../../shared/ipc/dispatch';
import type { ReviewView } from '../../shared/ipc/views';
import { gb11643CheckChar } from '../../shared/rules/validators/gb11643';
import { buildDocx } from '../fixtures/docx';
import { buildPdf } from '../fixtures/pdf';
import { buildXlsx } from '../fixtures/xlsx';
import { sentences } from './documents';

/**
 * `npm run bench:longrun` (and last in `npm run bench`): one data folder
 * taken through 1,000 documents (`LONGRUN_DOCS`) as the app does it. The
 * workspace is opened as electron/main opens it (single-operator mode, scans
 * in the built worker with its budget), and every step goes through the IPC
 * handlers and `dispatch`: import, open and layout (what the review screen
 * asks), one `review.decide` per finding (the A and R keys: the office
 * landline rejected with a reason, everything else accepted), submit,
 * the clerk's preview and export to an output folder, then the Home list.
 * Documents are DOCX, PDF of 1–5 pages, XLSX, TXT and HTML of government
 * text from ../shared/seeds, each with personal data planted; every block
 * of 100 holds the same mix, so blocks compare.
 *
 * Per block: documents per second (wall, and per CPU second of the whole
 * process, worker threads included: on a shared machine CPU time is the
 * steadier figure, and the load average is printed beside it), wall
 * p50/p95 and mean CPU per document by phase, resident memory and heap
 * after a forced GC, database and blob folder sizes. Then the last block
 * against the first, the heap's slope, and the log verified whole. No
 * timed assertions: it exits non-zero only when a step fails (an export
 * refused, say) or the log does not verify.
 */
const DOCS = Number(process.env.LONGRUN_DOCS ?? 1000);
const BLOCK = DOCS >= 200 ? 100 : Math.max(1, Math.floor(DOCS / 2));
const ROOT = join(import.meta.dirname, '..', '..');
const SCAN_WORKER = join(ROOT, 'out', 'main', 'scan-worker.js');
const gc = (globalThis as { gc?: () => void }).gc;

const NAMES = ['王芳', '李明', '张伟', '刘洋', '陈静', '杨帆', '赵磊', '黄丽', '周强', '吴敏', '徐静', '孙浩'];
const OFFICE_REASON = '单位办公电话，依法主动公开';
const KINDS = ['docx', 'pdf', 'txt', 'xlsx', 'docx', 'html', 'pdf', 'txt', 'xlsx', 'docx'] as const;
type Kind = (typeof KINDS)[number];
const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** A valid resident ID (GB 11643) born in the 1970s–80s, distinct per `i`. */
function residentId(i: number): string {
  const first17 = `110105${1970 + (i % 20)}${pad(1 + (i % 12), 2)}${pad(1 + (i % 28), 2)}${pad(i % 1000, 3)}`;
  return first17 + gb11643CheckChar(first17);
}

/** The personal data planted in document `i`: two contacts (name, mobile, ID) and the office's landline, all distinct per document. */
function planted(i: number): { people: { name: string; mobile: string; id: string }[]; office: string } {
  const person = (k: number) => ({ name: NAMES[(i + k * 5) % NAMES.length]!, mobile: `139${pad((i * 2 + k) * 7919 % 1e8, 8)}`, id: residentId(i * 2 + k) });
  return { people: [person(0), person(1)], office: `0571-8${pad(i, 7)}` };
}

/** Lines of document `i`: seed sentences from an offset of its own, the planted lines among them. */
function body(source: string[], i: number, count: number): string[] {
  const { people, office } = planted(i);
  const lines = Array.from({ length: count }, (_, k) => source[(i * 37 + k) % source.length]!);
  const [a, b] = people;
  lines.splice(2, 0, `联系人：${a!.name}，联系电话：${a!.mobile}，身份证号：${a!.id}。`);
  lines.splice(Math.floor(count / 2), 0, `经办人：${b!.name}，手机：${b!.mobile}，公民身份号码：${b!.id}。`);
  lines.push(`咨询电话（办公室）：${office}。`);
  return lines;
}

function makeDocument(source: string[], i: number): { name: string; kind: Kind; bytes: Uint8Array; pages?: number } {
  const kind = KINDS[i % KINDS.length]!;
  const name = `文件${pad(i + 1, 5)}.${kind}`;
  const enc = (s: string) => new TextEncoder().encode(s);
  switch (kind) {
    case 'txt':
      return { name, kind, bytes: enc(body(source, i, 24).join('\r\n')) };
    case 'html': {
      const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
      const paras = body(source, i, 24).map((l) => `<p>${esc(l)}</p>`).join('\n');
      return { name, kind, bytes: enc(`<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>政务公开</title></head><body>\n${paras}\n</body></html>\n`) };
    }
    case 'docx': {
      const { people } = planted(i);
      const table = [['序号', '姓名', '联系电话'], ...people.map((p, k) => [String(k + 1), p.name, p.mobile])];
      return { name, kind, bytes: buildDocx({ paragraphs: body(source, i, 40), table }) };
    }
    case 'xlsx': {
      const { people, office } = planted(i);
      const rows = [
        ['序号', '姓名', '身份证号', '联系电话', '事项'],
        ...people.map((p, k) => [k + 1, p.name, p.id, p.mobile, source[(i + k) % source.length]!.slice(0, 40)]),
        ...Array.from({ length: 20 }, (_, k) => [k + 3, '', '', '', source[(i * 11 + k) % source.length]!.slice(0, 40)]),
        ['', '办公室', '', office, '咨询电话'],
      ];
      return { name, kind, bytes: buildXlsx({ sheets: [{ name: '名单', rows }] }) };
    }
    case 'pdf': {
      const pages = 1 + (Math.floor(i / 10) % 5);
      const stream = body(source, i, 8 * pages).join('');
      const perLine = 36;
      const { people, office } = planted(i);
      return {
        name,
        kind,
        pages,
        bytes: buildPdf({
          pages: Array.from({ length: pages }, (_, p) => {
            const lines = Array.from({ length: 30 }, (_, k) => stream.slice(((p * 30 + k) * perLine) % stream.length, ((p * 30 + k) * perLine) % stream.length + perLine));
            // Planted on lines of their own too: a sentence cut across lines may not be found whole.
            lines[4] = `联系人：${people[p % 2]!.name}，联系电话：${people[p % 2]!.mobile}。`;
            lines[12] = `身份证号：${people[(p + 1) % 2]!.id}。`;
            if (p === pages - 1) lines[29] = `咨询电话（办公室）：${office}。`;
            return { texts: lines.map((text, k) => ({ x: 72, y: 770 - k * 22, size: 12, text })) };
          }),
          info: { Title: '政务公开工作通知', Producer: 'mishen bench' },
        }),
      };
    }
  }
}

const PHASES = ['import', 'decide', 'export', 'list'] as const;
type Phase = (typeof PHASES)[number];
/** Wall and CPU milliseconds of one document, by phase. */
type DocTimes = Record<'wall' | 'cpu', Record<Phase, number>>;

interface Block {
  done: number;
  wallMs: number;
  cpuMs: number;
  /** The machine's 1-minute load average at the block's end: other work on a shared machine stretches wall times. */
  load: number;
  times: DocTimes[];
  rssMb: number;
  heapMb: number;
  externalMb: number;
  dbMb: number;
  blobsMb: number;
  findings: number;
  rejected: number;
}

/** CPU time of the whole process (worker threads included), ms. */
const cpuNow = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

async function timed<T>(t: DocTimes, phase: Phase, fn: () => Promise<T>): Promise<T> {
  const wall = performance.now();
  const cpu = cpuNow();
  try {
    return await fn();
  } finally {
    t.wall[phase] += performance.now() - wall;
    t.cpu[phase] += cpuNow() - cpu;
  }
}

function folderBytes(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) if (e.isFile()) n += statSync(join(e.parentPath, e.name)).size;
  return n;
}
const fileBytes = (path: string) => (existsSync(path) ? statSync(path).size : 0);
const q = (values: number[], p: number) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0;
};
/** Least-squares slope of y over x. */
function slope(xs: number[], ys: number[]): number {
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  const num = xs.reduce((a, x, k) => a + (x - mx) * (ys[k]! - my), 0);
  const den = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

async function main(): Promise<number> {
  if (!existsSync(SCAN_WORKER)) {
    process.stdout.write('long-run benchmark skipped: run npm run build first (scans run in the built worker, as in the app)\n');
    return 0;
  }
  if (!gc) throw new Error('run with node --expose-gc: memory is measured after a forced GC');
  const source = sentences();
  const work = mkdtempSync(join(tmpdir(), 'mishen-bench-longrun-'));
  const dataDir = join(work, 'data');
  const outDir = join(work, 'published');
  // A copy of the built worker: a rebuild of out/ during the run (another terminal) must not pull it away between scans.
  const snapshot = join(ROOT, 'out', 'bench', `longrun-main-${process.pid}`);
  cpSync(join(ROOT, 'out', 'main'), snapshot, { recursive: true });
  const ws = openWorkspace(dataDir, { scanner: workerScanner(pathToFileURL(join(snapshot, 'scan-worker.js'))) });
  const sessions = new SessionState(ws);
  const handlers = createHandlers(ws, { chooseSavePath: async (name) => join(outDir, name) }, 'bench', sessions);
  const failures: string[] = [];
  let current = '';
  const call = async <T>(channel: string, payload: unknown): Promise<T | null> => {
    const r = await dispatch(handlers, channel, payload, { permissions: sessions.permissions(), onInternalError: (_, err) => failures.push(`${current} ${channel}: ${String(err)}`) });
    if (r.ok) return r.value as T;
    failures.push(`${current} ${channel}: ${r.error.code} ${r.error.message} (${r.error.messageEn})`);
    return null;
  };
  const blocks: Block[] = [];
  const mix: Record<string, number> = {};
  let pdfPages = 0;
  let exported = 0;
  try {
    process.stdout.write(`long run: ${DOCS} documents through import, scan, decide, submit, preview, export and the Home list in one data folder; node ${process.version}\n`);
    mkdirSync(outDir);
    let block: Block | null = null;
    let blockStart = 0;
    let cpuStart = 0;
    for (let i = 0; i < DOCS; i++) {
      if (!block) {
        block = { done: 0, wallMs: 0, cpuMs: 0, load: 0, times: [], rssMb: 0, heapMb: 0, externalMb: 0, dbMb: 0, blobsMb: 0, findings: 0, rejected: 0 };
        blockStart = performance.now();
        cpuStart = cpuNow();
      }
      const doc = makeDocument(source, i);
      current = doc.name;
      mix[doc.kind] = (mix[doc.kind] ?? 0) + 1;
      pdfPages += doc.pages ?? 0;
      const zero = () => ({ import: 0, decide: 0, export: 0, list: 0 });
      const t: DocTimes = { wall: zero(), cpu: zero() };
      // What the review screen asks when a file is dropped on Home: the import, then the review and its layout.
      const view = await timed(t, 'import', async () => {
        const v = await call<ReviewView>('documents.import', { name: doc.name, bytes: doc.bytes, jobId: randomUUID() });
        if (v) await call('documents.open', { id: v.document.id });
        if (v) await call('documents.layout', { id: v.document.id });
        return v;
      });
      if (view) {
        const id = view.document.id;
        if (view.findings.length === 0) failures.push(`${doc.name}: no findings`);
        await timed(t, 'decide', async () => {
          for (const f of view.findings) {
            const office = f.type === 'landline_phone';
            await call('review.decide', { id, findingIds: [f.id], decision: office ? 'rejected' : 'accepted', ...(office ? { reason: OFFICE_REASON } : {}) });
          }
          await call('review.submit', { id, attribute: 'partial', opinion: '已对个人信息作区分处理' });
        });
        block.findings += view.findings.length;
        block.rejected += view.findings.filter((f) => f.type === 'landline_phone').length;
        await timed(t, 'export', async () => {
          const preview = await call<{ sha256: string }>('review.preview', { id });
          const result = await call<{ cancelled: boolean; sha256?: string }>('review.export', { id });
          if (result && !result.cancelled) exported++;
          if (preview && result && result.sha256 !== preview.sha256) failures.push(`${doc.name}: exported bytes differ from the preview`);
        });
      }
      await timed(t, 'list', () => call('documents.list', {}));
      block.times.push(t);

      if (block.times.length === BLOCK || i === DOCS - 1) {
        block.wallMs = performance.now() - blockStart;
        block.cpuMs = cpuNow() - cpuStart;
        block.done = i + 1;
        block.load = loadavg()[0]!;
        gc();
        const m = process.memoryUsage();
        Object.assign(block, {
          rssMb: m.rss / 2 ** 20,
          heapMb: m.heapUsed / 2 ** 20,
          externalMb: (m.external + m.arrayBuffers) / 2 ** 20,
          dbMb: (fileBytes(join(dataDir, 'mishen.db')) + fileBytes(join(dataDir, 'mishen.db-wal'))) / 2 ** 20,
          blobsMb: folderBytes(join(dataDir, 'blobs')) / 2 ** 20,
        });
        blocks.push(block);
        report(block, blocks.length === 1);
        block = null;
      }
    }

    gc();
    const t0 = performance.now();
    const verified = ws.log.verify();
    const verifyMs = performance.now() - t0;
    const entries = ws.log.count();
    summary({ blocks, mix, pdfPages, exported, failures: failures.length, verified: verified.ok, entries, verifyMs, outMb: folderBytes(outDir) / 2 ** 20 });
    for (const f of failures.slice(0, 10)) process.stdout.write(`FAILED ${f}\n`);
    if (failures.length > 10) process.stdout.write(`… and ${failures.length - 10} more failures\n`);
    return verified.ok && failures.length === 0 && exported === DOCS ? 0 : 1;
  } finally {
    ws.close();
    rmSync(work, { recursive: true, force: true });
    rmSync(snapshot, { recursive: true, force: true });
  }
}

const COLUMNS = ['docs', 'docs/s', 'docs/CPU s', 'load', ...PHASES.map((p) => `${p} p50/p95 ms`), 'CPU ms/doc by phase', 'RSS MB', 'heap MB', 'ext MB', 'DB MB', 'blobs MB', 'findings (rejected)'];
const widths = COLUMNS.map((c) => Math.max(c.length, 7));
const row = (cells: string[]) => process.stdout.write(`${cells.map((c, k) => c.padStart(widths[k]!)).join('  ')}\n`);
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
const cpuOf = (b: Block, p: Phase) => mean(b.times.map((t) => t.cpu[p]));
const p95Of = (b: Block, p: Phase | 'all') => q(b.times.map((t) => (p === 'all' ? PHASES.reduce((a, k) => a + t.wall[k], 0) : t.wall[p])), 0.95);

function report(b: Block, first: boolean): void {
  if (first) {
    process.stdout.write(`\nwall p50/p95 per document; CPU: mean per document (worker threads included) of ${PHASES.join('/')}\n`);
    row(COLUMNS);
    row(widths.map((w) => '-'.repeat(w)));
  }
  const n = b.times.length;
  row([
    String(b.done),
    ((n / b.wallMs) * 1000).toFixed(2),
    ((n / b.cpuMs) * 1000).toFixed(2),
    b.load.toFixed(1),
    ...PHASES.map((p) => `${q(b.times.map((t) => t.wall[p]), 0.5).toFixed(0)}/${p95Of(b, p).toFixed(0)}`),
    PHASES.map((p) => cpuOf(b, p).toFixed(0)).join('/'),
    b.rssMb.toFixed(0),
    b.heapMb.toFixed(1),
    b.externalMb.toFixed(1),
    b.dbMb.toFixed(1),
    b.blobsMb.toFixed(1),
    `${b.findings} (${b.rejected})`,
  ]);
}

interface Outcome {
  blocks: Block[];
  mix: Record<string, number>;
  pdfPages: number;
  exported: number;
  failures: number;
  verified: boolean;
  entries: number;
  verifyMs: number;
  outMb: number;
}

function summary(s: Outcome): void {
  const first = s.blocks[0]!;
  const last = s.blocks.at(-1)!;
  const ratio = (f: (b: Block) => number) => (f(last) / Math.max(1e-3, f(first))).toFixed(2);
  // The first block carries the start-up (modules, pdf.js, canvas): the slope is fitted from the second on, given three points.
  const fitted = s.blocks.length >= 4 ? s.blocks.slice(1) : s.blocks;
  const perThousand = (y: (b: Block) => number) => (fitted.length >= 3 ? slope(fitted.map((b) => b.done), fitted.map(y)) * 1000 : NaN);
  const heapSlope = perThousand((b) => b.heapMb);
  const rssSlope = perThousand((b) => b.rssMb);
  const perK = (v: number) => (Number.isNaN(v) ? 'n/a: too few blocks' : `${v.toFixed(1)} MB per 1,000 documents`);
  const speed = (last.times.length / last.wallMs) / (first.times.length / first.wallMs);
  const cpuSpeed = (last.times.length / last.cpuMs) / (first.times.length / first.cpuMs);
  process.stdout.write(
    `\nmix: ${Object.entries(s.mix).map(([k, n]) => `${k} ${n}`).join(', ')} (${s.pdfPages} PDF pages); ${s.exported} exported (${s.outMb.toFixed(1)} MB)\n` +
      `speed, last block / first: ${speed.toFixed(2)} docs/s (load ${first.load.toFixed(1)} → ${last.load.toFixed(1)}), ${cpuSpeed.toFixed(2)} docs per CPU second (1.00 is stable)\n` +
      `p95 last / first: ${PHASES.map((p) => `${p} ${ratio((b) => p95Of(b, p))}`).join(', ')}, whole document ${ratio((b) => p95Of(b, 'all'))}\n` +
      `CPU per document last / first: ${PHASES.map((p) => `${p} ${ratio((b) => cpuOf(b, p))}`).join(', ')}\n` +
      `heap after GC: ${first.heapMb.toFixed(1)} MB at ${first.done}, ${last.heapMb.toFixed(1)} MB at ${last.done} (${(last.heapMb / first.heapMb).toFixed(2)}x; slope ${perK(heapSlope)}); ` +
      `RSS ${first.rssMb.toFixed(0)} → ${last.rssMb.toFixed(0)} MB (slope ${perK(rssSlope)})\n` +
      `log: ${s.entries.toLocaleString('en')} entries verified ${s.verified ? 'OK' : 'FAILED'} in ${(s.verifyMs / 1000).toFixed(2)} s\n`,
  );
  const ok = s.verified && s.failures === 0 && s.exported === last.done;
  // Judged on CPU time, which other work on the machine stretches less than wall time.
  const stable = cpuSpeed >= 0.8 ? 'stable speed' : 'SLOWING DOWN';
  // About 10 KB kept per document; with too few blocks for a slope, the heap at the end against the first block's.
  const bounded = (Number.isNaN(heapSlope) ? last.heapMb <= first.heapMb * 1.25 : heapSlope < 10) ? 'bounded memory' : 'MEMORY GROWING';
  process.stdout.write(`verdict: ${ok ? 'all exported, log verifies' : 'FAILED (see below)'}; ${stable} (CPU ${cpuSpeed.toFixed(2)}, wall ${speed.toFixed(2)}); ${bounded} (heap slope ${perK(heapSlope)})\n`);
}

process.exitCode = await main();
