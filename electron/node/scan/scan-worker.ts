import { parentPort } from 'node:worker_threads';
import { scanDocument, type ScanOptions } from '../../../shared/rules/engine';

/** Worker entry: one scan per message; the parent terminates the worker afterwards. */
parentPort?.on('message', ({ text, options }: { text: string; options: ScanOptions }) => {
  try {
    parentPort!.postMessage({ ok: true, result: scanDocument(text, options) });
  } catch (err) {
    parentPort!.postMessage({ ok: false, message: err instanceof Error ? err.message : String(err) });
  }
});
