import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SINGLE_OPERATOR_PERMISSIONS, createHandlers } from '../../electron/node/ipc-handlers';
import { openWorkspace } from '../../electron/node/workspace';
import { workerScanner } from '../../electron/node/scan/scanner';
import { dispatch } from '../../shared/ipc/dispatch';
import type { ImportProgress } from '../../shared/ipc/views';
import { BUILTIN_DETECTORS } from '../../shared/rules/engine';
import { longPdf } from '../fixtures/pdf';
import { noticeDocx } from '../fixtures/samples';
import { useTempDirs } from '../fixtures/temp';

const tempDir = useTempDirs();

/** The scan worker as the app runs it (npm test builds it first): scanning off the thread is what lets the window poll. */
const WORKER = pathToFileURL(join(import.meta.dirname, '..', '..', 'out', 'main', 'scan-worker.js'));

function setup() {
  const dir = tempDir();
  const lists = () => [{ name: '清单', version: 'v1', category: 'negative_list' as const, basis: '第十四条', terms: ['天网工程'] }];
  const ws = openWorkspace(dir, { lists, scanner: workerScanner(WORKER) });
  const handlers = createHandlers(ws, { chooseSavePath: async () => null }, '0.0.0-test');
  const ctx = { permissions: SINGLE_OPERATOR_PERMISSIONS };
  const call = (channel: string, payload: unknown) => dispatch(handlers, channel, payload, ctx);
  return { dir, ws, call };
}

describe('import jobs', () => {
  it('reports each stage of an import, pages and detectors counted, and forgets the job when done', async () => {
    const { ws, call } = setup();
    const jobId = crypto.randomUUID();
    const seen: ImportProgress[] = [];
    // Poll as the window does, from the same event loop, while the import runs.
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const r = await call('jobs.progress', { jobId });
        if (r.ok && (r.value as { progress: ImportProgress | null }).progress) seen.push((r.value as { progress: ImportProgress }).progress);
        await new Promise((res) => setTimeout(res, 1));
      }
    })();
    const result = await call('documents.import', { name: '长文.pdf', bytes: longPdf(40), jobId });
    polling = false;
    await poller;
    expect(result.ok).toBe(true);
    const stages = [...new Set(seen.map((p) => p.stage))];
    expect(stages[0]).toBe('parse');
    expect(stages).toContain('scan');
    const pages = seen.filter((p) => p.stage === 'parse' && p.total > 0);
    expect(pages.length).toBeGreaterThan(0);
    expect(pages.every((p) => p.total === 40 && p.done <= 40)).toBe(true);
    const rules = seen.filter((p) => p.stage === 'scan' && p.total > 0);
    expect(rules.every((p) => p.total === BUILTIN_DETECTORS.length + 1)).toBe(true);
    expect(await call('jobs.progress', { jobId })).toEqual({ ok: true, value: { progress: null } });
    ws.close();
  });

  it('cancels a running import: the caller gets `cancelled` and nothing is kept', async () => {
    const { dir, ws, call } = setup();
    const jobId = crypto.randomUUID();
    const running = call('documents.import', { name: '长文.pdf', bytes: longPdf(60), jobId });
    // Wait until the import is reading pages, then cancel.
    for (;;) {
      const r = await call('jobs.progress', { jobId });
      const p = r.ok ? (r.value as { progress: ImportProgress | null }).progress : null;
      if (p && p.stage === 'parse' && p.done > 0) break;
      await new Promise((res) => setTimeout(res, 5));
    }
    expect(await call('jobs.cancel', { jobId })).toEqual({ ok: true, value: { cancelled: true } });
    const result = await running;
    expect(result).toMatchObject({ ok: false, error: { code: 'cancelled', message: expect.stringContaining('取消') } });
    expect(ws.reviews.list()).toEqual([]);
    expect(ws.log.count()).toBe(1); // genesis only
    expect(readdirSync(join(dir, 'blobs'))).toEqual([]);
    // The next import works as usual.
    expect((await call('documents.import', { name: 'n.docx', bytes: noticeDocx(), jobId: crypto.randomUUID() })).ok).toBe(true);
    ws.close();
  });

  it('validates job ids and answers for unknown jobs', async () => {
    const { ws, call } = setup();
    expect(await call('jobs.cancel', { jobId: 'not-a-uuid' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(await call('documents.import', { name: 'n.docx', bytes: noticeDocx(), jobId: '../../etc' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(await call('jobs.cancel', { jobId: crypto.randomUUID() })).toEqual({ ok: true, value: { cancelled: false } });
    expect(await call('jobs.progress', { jobId: crypto.randomUUID() })).toEqual({ ok: true, value: { progress: null } });
    ws.close();
  });
});
