import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { scanDocument } from '../../shared/rules/engine';
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

  it('stops a scan that exceeds its budget, with a clear message', async () => {
    const scan = workerScanner(pathToFileURL(WORKER), 1);
    await expect(scan('x'.repeat(5_000_000), { lists })).rejects.toThrow(/规则扫描超过 1 毫秒 仍未完成/);
  });
});
