import { Worker } from 'node:worker_threads';
import { AppError } from '../../../shared/errors';
import { failedResult, type BatchFileResult } from '../../../shared/batch/result';
import type { ScanOptions } from '../../../shared/rules/engine';
import { checkFile } from './check-file';

/**
 * Workers of a folder check. Each lane owns one worker thread and checks
 * one file at a time; a file that runs past its budget or kills its worker
 * (out of memory, a crash) gets an `error` result and the lane starts a
 * fresh worker for the next. A worker is also replaced after
 * `RECYCLE_AFTER` files, so that whatever a parser keeps does not pile up.
 */

/** Longest any one file may take: the PDF importer's own ceiling (10 min) plus a scan. */
export const FILE_BUDGET_MS = 11 * 60_000;
const RECYCLE_AFTER = 500;
/** Heap of a worker; a PDF's parser thread has its own (PDF_LIMITS.maxHeapMb). */
const WORKER_HEAP_MB = 2048;

export interface Lane {
  check(abs: string): Promise<BatchFileResult>;
  close(): Promise<void>;
}

export interface LaneOptions {
  scan: ScanOptions;
  /** The built worker (out/main/batch-worker.js); without it files are checked on this thread (tests from source). */
  workerFile?: URL | undefined;
  budgetMs?: number;
  signal?: AbortSignal;
}

const cancelled = () => new AppError('cancelled', '已停止检查', 'check stopped');

const errorResult = (zh: string, en: string, ms: number) => failedResult({ code: 'refused', zh, en }, ms);

export function createLane(options: LaneOptions): Lane {
  if (!options.workerFile) {
    return {
      check: async (abs) => {
        if (options.signal?.aborted) throw cancelled();
        return checkFile(abs, options.scan);
      },
      close: async () => {},
    };
  }
  const workerFile = options.workerFile;
  const budgetMs = options.budgetMs ?? FILE_BUDGET_MS;
  let worker: Worker | null = null;
  let used = 0;
  let seq = 0;
  const stop = () => {
    const w = worker;
    worker = null;
    return w ? w.terminate().then(() => undefined) : Promise.resolve();
  };
  return {
    check(abs) {
      if (options.signal?.aborted) return Promise.reject(cancelled());
      if (worker && used >= RECYCLE_AFTER) void stop();
      if (!worker) {
        worker = new Worker(workerFile, { workerData: { scan: options.scan }, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB }, stdout: true, stderr: true });
        worker.stdout.resume(); // pdf.js reports recoverable problems on the console; not the user's output
        worker.stderr.resume();
        const created = worker;
        // An idle worker that dies is replaced on the next file; its error must not go unheard (it would throw here).
        created.on('error', () => {}).once('exit', () => {
          if (worker === created) worker = null;
        });
        used = 0;
      }
      used++;
      const w = worker;
      const id = ++seq;
      const started = performance.now();
      return new Promise<BatchFileResult>((resolve, reject) => {
        const done = (fn: () => void, kill: boolean) => {
          clearTimeout(timer);
          options.signal?.removeEventListener('abort', onAbort);
          w.off('message', onMessage).off('error', onError).off('exit', onExit);
          if (kill) void stop();
          fn();
        };
        const onMessage = (msg: { id: number; result: BatchFileResult }) => {
          if (msg.id === id) done(() => resolve(msg.result), false);
        };
        const onError = (err: Error & { code?: string }) => {
          const oom = err.code === 'ERR_WORKER_OUT_OF_MEMORY';
          const ms = Math.round(performance.now() - started);
          done(() => resolve(oom ? errorResult('读取此文件所需内存超过上限，已中止', 'ran out of memory', ms) : errorResult('读取此文件时检查进程出错，已中止', `worker failed: ${err.message}`.slice(0, 500), ms)), true);
        };
        const onExit = () => done(() => resolve(errorResult('读取此文件时检查进程退出，已中止', 'worker exited', Math.round(performance.now() - started))), true);
        const onAbort = () => done(() => reject(cancelled()), true);
        const timer = setTimeout(() => {
          const s = Math.round(budgetMs / 1000);
          done(() => resolve(errorResult(`读取此文件超过 ${s} 秒仍未完成，已中止；文件可能已损坏或含有异常结构`, `exceeded its ${s} s budget`, budgetMs)), true);
        }, budgetMs);
        w.on('message', onMessage).on('error', onError).on('exit', onExit);
        options.signal?.addEventListener('abort', onAbort, { once: true });
        w.postMessage({ id, abs });
      });
    },
    close: stop,
  };
}
