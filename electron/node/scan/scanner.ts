import { Worker } from 'node:worker_threads';
import { AppError } from '../../../shared/errors';
import { scanDocument, type ScanOptions, type ScanResult } from '../../../shared/rules/engine';

/** Runs the engine; the app and the CLI run it in a worker with a time budget. */
export type Scanner = (text: string, options: ScanOptions) => Promise<ScanResult>;

/** In-process scanning: for tests and tools where blocking the thread is fine. */
export const inProcessScanner: Scanner = async (text, options) => scanDocument(text, options);

/** Default budget for one scan; a 1,000-page document needs well under a second. */
export const SCAN_BUDGET_MS = 60_000;

/**
 * Scans in a fresh worker thread, so the process that serves the window never
 * blocks, and terminates the worker when the budget runs out (a regex can
 * not be interrupted any other way).
 */
export function workerScanner(workerFile: URL, budgetMs = SCAN_BUDGET_MS): Scanner {
  return (text, options) =>
    new Promise<ScanResult>((resolve, reject) => {
      const worker = new Worker(workerFile, { workerData: null, resourceLimits: { maxOldGenerationSizeMb: 2048 } });
      const budget = budgetMs >= 1000 ? `${Math.round(budgetMs / 1000)} 秒` : `${budgetMs} 毫秒`;
      const timer = setTimeout(() => {
        void worker.terminate();
        reject(
          new AppError(
            'refused',
            `规则扫描超过 ${budget} 仍未完成，已中止；请检查自定义规则或拆分文档`,
            `scan exceeded its ${budgetMs} ms budget and was stopped`,
          ),
        );
      }, budgetMs);
      const finish = (fn: () => void) => {
        clearTimeout(timer);
        void worker.terminate();
        fn();
      };
      worker.once('message', (msg: { ok: true; result: ScanResult } | { ok: false; message: string }) =>
        finish(() => (msg.ok ? resolve(msg.result) : reject(new AppError('internal', '规则扫描失败', `scan failed: ${msg.message}`)))),
      );
      worker.once('error', (err) => finish(() => reject(new AppError('internal', '规则扫描失败', `scan worker failed: ${err.message}`))));
      worker.postMessage({ text, options });
    });
}
