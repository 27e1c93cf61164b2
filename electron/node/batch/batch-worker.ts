import { parentPort, workerData } from 'node:worker_threads';
import type { ScanOptions } from '../../../shared/rules/engine';
import { checkFile } from './check-file';

/**
 * Worker entry of a folder check: the rules arrive once (workerData; the
 * lists' automaton is built on the first file and cached), then one file
 * per message, one result back. The pool terminates a worker that overruns
 * its budget; nothing here needs to be interruptible.
 */
const scan = (workerData as { scan: ScanOptions }).scan;

parentPort?.on('message', async ({ id, abs }: { id: number; abs: string }) => {
  parentPort!.postMessage({ id, result: await checkFile(abs, scan) });
});
