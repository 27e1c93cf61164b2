import { parentPort } from 'node:worker_threads';
import { scanDocument, type ScanOptions } from '../../../shared/rules/engine';

/** Worker entry: one scan per message, progress after each detector; the parent terminates the worker afterwards. */
parentPort?.on('message', ({ text, options }: { text: string; options: ScanOptions }) => {
  try {
    const onProgress = (done: number, total: number) => parentPort!.postMessage({ progress: [done, total] });
    parentPort!.postMessage({ ok: true, result: scanDocument(text, { ...options, onProgress }) });
  } catch (err) {
    parentPort!.postMessage({ ok: false, message: err instanceof Error ? err.message : String(err) });
  }
});
