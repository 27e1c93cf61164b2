import { build } from 'esbuild';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { PDF_LIMITS } from '../../electron/node/importers/pdf';
import type { Job, Reply, Thrown } from './protocol';
import { REPRO_DIR } from './fuzz';

/**
 * Runs importer and engine calls in a worker thread, so that a call that
 * never returns is detected (and the thread replaced) instead of hanging the
 * test: a synchronous loop cannot be measured from the thread it runs in.
 *
 * The ceiling is a hang detector, not a speed test: inputs run from a few
 * kilobytes to a few megabytes, which a linear importer or scan reads in at
 * most about a second, so 10 s is only reached by a loop or a quadratic
 * walk (those the fuzzers found took tens of seconds to minutes). A PDF gets the
 * importer's own budget (`pdfBudgetMs` to open and per page, plus
 * `budgetPerPageMs` for each page it reports) and a margin.
 */

export const CEILING_MS = 10_000;
/** The PDF budget fuzzing imports with (the app's is 30 s: a stuck case would cost that much each time). */
export const FUZZ_PDF_BUDGET_MS = 4_000;
const PDF_MARGIN_MS = 6_000;
/** Heap of the worker: inputs are at most a few megabytes, so running out of a gigabyte is a bug. */
const WORKER_HEAP_MB = 1024;

export type Outcome =
  | { kind: 'done'; value: unknown; ms: number }
  | { kind: 'threw'; error: Thrown; ms: number }
  | { kind: 'hang'; ms: number }
  | { kind: 'crash'; error: Thrown; ms: number };

let bundle: Promise<string> | undefined;

/** Bundles left by test processes that have ended (vitest stops its workers without an exit event). */
function removeStaleBundles(dir: string): void {
  for (const name of readdirSync(dir)) {
    const pid = Number(/^import-worker-(\d+)\.mjs$/.exec(name)?.[1]);
    if (!pid || pid === process.pid) continue;
    try {
      process.kill(pid, 0); // only asks whether the process exists
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ESRCH') rmSync(join(dir, name), { force: true });
    }
  }
}

/** Bundles import-worker.ts (npm packages stay external and resolve from the project's node_modules). */
function workerFile(): Promise<string> {
  bundle ??= (async () => {
    const dir = join(REPRO_DIR, '.build');
    mkdirSync(dir, { recursive: true });
    // One file per test process: vitest runs fuzz files in parallel.
    const outfile = join(dir, `import-worker-${process.pid}.mjs`);
    await build({
      entryPoints: [join(import.meta.dirname, 'import-worker.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      logLevel: 'warning',
      outfile,
    });
    removeStaleBundles(dir);
    return outfile;
  })();
  return bundle;
}

export class Sandbox {
  private worker: Worker | null = null;
  private nextId = 1;
  /** Set when a job escapes its call (a late rejection): the next outcome reports it. */
  private stray: Thrown | null = null;

  private async start(): Promise<Worker> {
    if (this.worker) return this.worker;
    const worker = new Worker(await workerFile(), { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB }, stdout: true, stderr: true });
    // pdf.js and the importers may write warnings; they are not results.
    worker.stdout.resume();
    worker.stderr.resume();
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private async stop(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }

  /** Runs one job; `ceilingMs` applies to everything but PDFs, which get their budget. */
  async run(job: Job, ceilingMs = CEILING_MS): Promise<Outcome> {
    const worker = await this.start();
    const id = this.nextId++;
    const started = Date.now();
    const pdfCeiling = (pages: number) =>
      Math.min(PDF_LIMITS.maxBudgetMs, (job.op === 'import' ? job.pdfBudgetMs : 0) + pages * PDF_LIMITS.budgetPerPageMs) + PDF_MARGIN_MS;
    const isPdfJob = job.op === 'import' && job.bytes[0] === 0x25 && job.bytes[1] === 0x50 && job.bytes[2] === 0x44 && job.bytes[3] === 0x46;
    const outcome = await new Promise<Outcome>((resolve) => {
      const ms = () => Date.now() - started;
      let timer: ReturnType<typeof setTimeout>;
      const arm = (limit: number) => {
        clearTimeout(timer);
        timer = setTimeout(() => finish({ kind: 'hang', ms: ms() }), Math.max(0, started + limit - Date.now()));
      };
      const finish = (o: Outcome) => {
        clearTimeout(timer);
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
        resolve(o);
      };
      const onMessage = (reply: Reply) => {
        if (reply.type === 'fatal') {
          if (reply.id === id) finish({ kind: 'crash', error: reply.error, ms: ms() });
          else this.stray = reply.error;
          return;
        }
        if (reply.id !== id) return;
        if (reply.type === 'pages') arm(pdfCeiling(reply.pages));
        else if (reply.type === 'done') finish({ kind: 'done', value: reply.value, ms: ms() });
        else finish({ kind: 'threw', error: reply.error, ms: ms() });
      };
      const onError = (err: Error & { code?: string }) =>
        finish({ kind: 'crash', error: { appError: false, name: err.code ?? err.name, message: err.message, stack: err.stack }, ms: ms() });
      const onExit = (code: number) => finish({ kind: 'crash', error: { appError: false, name: 'exit', message: `worker exited with code ${code}` }, ms: ms() });
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      arm(isPdfJob ? pdfCeiling(1) : ceilingMs);
      worker.postMessage({ ...job, id });
    });
    if (outcome.kind === 'hang' || outcome.kind === 'crash') await this.stop();
    if (this.stray && outcome.kind !== 'crash') {
      const error = this.stray;
      this.stray = null;
      return { kind: 'crash', error: { ...error, message: `(escaped an earlier call) ${error.message}` }, ms: outcome.ms };
    }
    return outcome;
  }

  close(): Promise<void> {
    return this.stop();
  }
}
