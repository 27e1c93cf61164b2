import { Worker } from 'node:worker_threads';
import { AppError } from '../../../shared/errors';
import { scanDocument, type ScanOptions, type ScanResult } from '../../../shared/rules/engine';

/** What the caller of a scan can do while it runs. */
export interface ScanControl {
  /** Aborting stops the scan (the worker is terminated) with a `cancelled` error. */
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  /** A budget for this scan instead of the scanner's own (the rule tester's 2 s); the in-process scanner has none. */
  budgetMs?: number;
}

/** The scan ran past its time budget and its worker was terminated. */
export class ScanBudgetExceeded extends AppError {}

/** Runs the engine; the app and the CLI run it in a worker with a time budget. */
export type Scanner = (text: string, options: ScanOptions, control?: ScanControl) => Promise<ScanResult>;

const cancelled = () => new AppError('cancelled', '已取消规则扫描', 'scan cancelled');

/** In-process scanning: for tests and tools where blocking the thread is fine. */
export const inProcessScanner: Scanner = async (text, options, control = {}) => {
  if (control.signal?.aborted) throw cancelled();
  return scanDocument(text, { ...options, ...(control.onProgress ? { onProgress: control.onProgress } : {}) });
};

/** Default budget for one scan; a 1,000-page document needs well under a second. */
export const SCAN_BUDGET_MS = 60_000;

type WorkerMessage = { progress: [number, number] } | { ok: true; result: ScanResult } | { ok: false; message: string };

/**
 * Scans in a fresh worker thread, so the process that serves the window never
 * blocks, and terminates the worker when the budget runs out or the caller
 * cancels (a regex can not be interrupted any other way).
 */
export function workerScanner(workerFile: URL, defaultBudgetMs = SCAN_BUDGET_MS): Scanner {
  return (text, options, control = {}) =>
    new Promise<ScanResult>((resolve, reject) => {
      if (control.signal?.aborted) return reject(cancelled());
      const budgetMs = control.budgetMs ?? defaultBudgetMs;
      const { onProgress: _local, ...portable } = options; // functions do not cross to a worker
      const worker = new Worker(workerFile, { workerData: null, resourceLimits: { maxOldGenerationSizeMb: 2048 } });
      const budget = budgetMs >= 1000 ? `${Math.round(budgetMs / 1000)} 秒` : `${budgetMs} 毫秒`;
      const timer = setTimeout(() => {
        finish(() =>
          reject(
            new ScanBudgetExceeded(
              'refused',
              `规则扫描超过 ${budget} 仍未完成，已中止；请检查自定义规则或拆分文档`,
              `scan exceeded its ${budgetMs} ms budget and was stopped`,
            ),
          ),
        );
      }, budgetMs);
      const onAbort = () => finish(() => reject(cancelled()));
      control.signal?.addEventListener('abort', onAbort, { once: true });
      let settled = false;
      function finish(fn: () => void) {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        control.signal?.removeEventListener('abort', onAbort);
        void worker.terminate();
        fn();
      }
      worker.on('message', (msg: WorkerMessage) => {
        if ('progress' in msg) {
          control.onProgress?.(...msg.progress);
          options.onProgress?.(...msg.progress);
        } else finish(() => (msg.ok ? resolve(msg.result) : reject(new AppError('internal', '规则扫描失败', `scan failed: ${msg.message}`))));
      });
      worker.once('error', (err) => finish(() => reject(new AppError('internal', '规则扫描失败', `scan worker failed: ${err.message}`))));
      worker.postMessage({ text, options: portable });
    });
}
