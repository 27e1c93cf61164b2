import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { inProcessScanner, workerScanner, type Scanner } from '../node/scan/scanner';

/**
 * The built worker (out/main/scan-worker.js) next to the CLI bundle, whether
 * this code ended up in the entry file or in a shared chunk; in-process when
 * running from source (tests).
 */
export function cliScanner(): Scanner {
  const candidates = [join(import.meta.dirname, 'scan-worker.js'), join(import.meta.dirname, '..', 'scan-worker.js')];
  const found = candidates.find((p) => existsSync(p));
  return found ? workerScanner(pathToFileURL(found)) : inProcessScanner;
}
