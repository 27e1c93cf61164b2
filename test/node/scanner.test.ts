import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BUILTIN_DETECTORS, scanDocument } from '../../shared/rules/engine';
import { workerScanner } from '../../electron/node/scan/scanner';
import { NOTICE_TEXT } from '../fixtures/samples';

/** The worker as the app and CLI run it: the built bundle (npm test builds first). */
const WORKER = join(import.meta.dirname, '..', '..', 'out', 'main', 'scan-worker.js');

describe.skipIf(!existsSync(WORKER))('scan worker', () => {
  const lists = [{ name: 'l', version: '1', category: 'negative_list' as const, basis: 'b', terms: ['天网工程'] }];

  it('returns exactly what the in-process engine returns', async () => {
    const scan = workerScanner(pathToFileURL(WORKER));
    const text = `${NOTICE_TEXT}\n涉及天网工程`;
    expect(await scan(text, { lists })).toEqual(scanDocument(text, { lists }));
  });

  it('reports progress after each detector and the lists, up to the total', async () => {
    const scan = workerScanner(pathToFileURL(WORKER));
    const seen: [number, number][] = [];
    await scan(NOTICE_TEXT, { lists }, { onProgress: (done, total) => seen.push([done, total]) });
    const total = BUILTIN_DETECTORS.length + 1;
    expect(seen.map(([d]) => d)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(new Set(seen.map(([, t]) => t))).toEqual(new Set([total]));
  });

  it('stops when the caller cancels, with the cancelled code', async () => {
    const scan = workerScanner(pathToFileURL(WORKER));
    const controller = new AbortController();
    const text = Array.from({ length: 600 }, () => NOTICE_TEXT).join('\n');
    const run = scan(text, { lists }, { signal: controller.signal, onProgress: () => controller.abort() });
    await expect(run).rejects.toMatchObject({ code: 'cancelled' });
    await expect(scan('x', { lists }, { signal: controller.signal })).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('stops a scan that exceeds its budget, with a clear message', async () => {
    const scan = workerScanner(pathToFileURL(WORKER), 1);
    await expect(scan('x'.repeat(5_000_000), { lists })).rejects.toThrow(/规则扫描超过 1 毫秒 仍未完成/);
  });
});
