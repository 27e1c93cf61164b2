import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHandlers } from '../../electron/node/ipc-handlers';
import { openWorkspace, type Workspace } from '../../electron/node/workspace';
import { dispatch } from '../../shared/ipc/dispatch';
import { noticePdf } from '../fixtures/pdf';
import { useTempDirs } from '../fixtures/temp';
import { logBodies } from '../fixtures/log';

const tempDir = useTempDirs();
const DAY = 86_400_000;
const T0 = Date.parse('2026-01-01T08:00:00Z');

/** A data folder whose clock the test moves. */
function setup() {
  const dir = tempDir();
  let clock = T0;
  const ws = openWorkspace(join(dir, 'data'), { now: () => new Date(clock), lists: () => [], allowLists: () => [] });
  const at = (day: number) => (clock = T0 + day * DAY);
  return { dir, ws, at };
}

function blobPath(ws: Workspace, sha: string, suffix = ''): string {
  return join(ws.dataDir, 'blobs', sha.slice(0, 2), `${sha}${suffix}`);
}

const entries = logBodies;

/** Imports a file and takes its review as far as `until`: every finding redacted, submitted, exported. */
async function review(ws: Workspace, dir: string, name: string, bytes: Uint8Array, until: 'in_review' | 'submitted' | 'exported') {
  const view = await ws.reviews.importFile(name, bytes);
  const id = view.document.id;
  if (until === 'in_review') return view;
  if (view.findings.length > 0) ws.reviews.decide(id, view.findings.map((f) => f.id), 'accepted');
  ws.reviews.submit(id, 'partial', '删除个人信息后公开');
  if (until === 'exported') await ws.reviews.exportTo(id, join(dir, `${id}-${name}`));
  return ws.reviews.open(id);
}

const notice = (n: string) => Buffer.from(`关于${n}的通知\n联系人：王芳，电话 13812345678，身份证号 11010519491231002X。\n`);

describe('retention of stored originals', () => {
  it('deletes the originals, extracts and PDF layouts of exported reviews older than the setting, and nothing else', async () => {
    const { dir, ws, at } = setup();
    const old = await review(ws, dir, '旧通知.txt', notice('旧事项'), 'exported');
    const pdf = await review(ws, dir, '旧通知.pdf', noticePdf(), 'exported');
    const inReview = await review(ws, dir, '未审完.txt', notice('未审完事项'), 'in_review');
    const submitted = await review(ws, dir, '已提交.txt', notice('已提交事项'), 'submitted');
    // The same bytes as an old exported draft, imported again later and still in review: the original is needed.
    const sharedBytes = notice('共用事项');
    const sharedOld = await review(ws, dir, '共用.txt', sharedBytes, 'exported');
    at(50);
    const sharedNew = await review(ws, dir, '共用（再次导入）.txt', sharedBytes, 'in_review');
    const recent = await review(ws, dir, '新通知.txt', notice('新事项'), 'exported');
    const pdfStored = ws.reviews.stored(pdf.document.id);
    const recordBefore = ws.reviews.record(old.document.id);
    expect(pdfStored.pdfLayout).not.toBeNull();
    ws.resumePoints.set('', { review: old.document.id, finding: null });
    const storedValues = () => ws.db.prepare('SELECT findings_json FROM reviews WHERE id = ?').pluck().get(old.document.id) as string;
    expect(storedValues()).toContain('13812345678');

    at(60);
    ws.retention.setDays(30);
    const status = ws.retention.status();
    expect(status.days).toBe(30);
    // Two documents: the old text and the old PDF (original, extract, and the PDF's layout).
    expect(status.due).toMatchObject({ documents: 2, reviews: 2, files: 5, cutoff: new Date(T0 + 30 * DAY).toISOString() });
    expect(status.due!.bytes).toBeGreaterThan(noticePdf().byteLength);
    expect(status.purged).toEqual({ documents: 0, reviews: 0, lastAt: null });

    const run = ws.retention.apply();
    expect(run).toMatchObject({ documents: 2, reviews: 2, files: 5 });
    for (const [sha, suffix] of [
      [old.document.sha256, ''],
      [pdf.document.sha256, ''],
      [pdfStored.extract!, '.extract.json'],
      [pdfStored.pdfLayout!, '.pdf-layout'],
    ] as const) {
      expect(existsSync(blobPath(ws, sha, suffix)), `${sha}${suffix}`).toBe(false);
    }
    // Kept: unfinished, submitted, recent, and the original the new review of the same bytes reads.
    for (const keep of [inReview, submitted, recent, sharedOld, sharedNew]) expect(existsSync(blobPath(ws, keep.document.sha256))).toBe(true);
    expect(ws.reviews.open(sharedNew.document.id).text).toContain('共用事项');

    // One signed entry with the setting and the hashes; the log still verifies.
    const [purge] = entries(ws, 'data.retention_purge');
    expect(purge!.data).toMatchObject({ days: 30, documents: 2, reviews: [old.document.id, pdf.document.id], count: 5 });
    expect(purge!.data.purged).toContainEqual({ sha256: old.document.sha256, kind: 'original' });
    expect(purge!.data.purged).toContainEqual({ sha256: pdfStored.pdfLayout, kind: 'pdf_layout' });
    expect(JSON.stringify(purge)).not.toMatch(/13812345678|王芳/);
    expect(ws.log.verify().ok).toBe(true);
    // The matched values go with the original; the findings' types stay, and nobody is sent back to the review.
    expect(storedValues()).not.toMatch(/13812345678|11010519491231002X/);
    expect(JSON.parse(storedValues())).toContainEqual(expect.objectContaining({ type: 'mobile_phone', text: '' }));
    expect(ws.db.prepare('SELECT count(*) FROM resume_points WHERE review = ?').pluck().get(old.document.id)).toBe(0);

    // The record and the list still read from the database; everything that needs the original says why it cannot.
    const recordAfter = ws.reviews.record(old.document.id);
    expect(recordAfter.items).toEqual(recordBefore.items);
    expect(recordAfter.document.purgedAt).toBe(new Date(T0 + 60 * DAY).toISOString());
    expect(ws.reviews.list().find((d) => d.id === old.document.id)?.purgedAt).toBe(recordAfter.document.purgedAt);
    expect(ws.reviews.list().find((d) => d.id === inReview.document.id)?.purgedAt).toBeUndefined();
    const purged = { code: 'not_found', messageZh: expect.stringContaining('原件已于 2026-03-02 按保留期限（审查完成 30 天后）删除') };
    expect(() => ws.reviews.open(old.document.id)).toThrow(expect.objectContaining(purged));
    await expect(ws.layouts.layout(pdf.document.id)).rejects.toMatchObject(purged);
    await expect(ws.layouts.pageGlyphs(pdf.document.id, 1)).rejects.toMatchObject(purged);
    expect(() => ws.layouts.source(pdf.document.id)).toThrow(expect.objectContaining(purged));
    await expect(ws.reviews.exportTo(old.document.id, join(dir, 'again.txt'))).rejects.toMatchObject(purged);
    await expect(ws.reviews.importRevision(old.document.id, '旧通知（修订）.txt', notice('旧事项修订'))).rejects.toMatchObject(purged);
    expect(ws.retention.status().purged).toEqual({ documents: 2, reviews: 2, lastAt: recordAfter.document.purgedAt });

    // A second run finds nothing and logs nothing.
    expect(ws.retention.apply()).toMatchObject({ documents: 0, files: 0, purged: [] });
    expect(entries(ws, 'data.retention_purge')).toHaveLength(1);
    ws.close();
  });

  it('keeps an extract two originals share while a review of either still needs it', async () => {
    const { dir, ws, at } = setup();
    // With and without a byte-order mark: two originals, one extracted text model.
    const text = notice('共用文本');
    const withBom = await review(ws, dir, '带BOM.txt', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), text]), 'exported');
    at(40);
    const plain = await review(ws, dir, '不带BOM.txt', text, 'in_review');
    const extract = ws.reviews.stored(withBom.document.id).extract!;
    expect(ws.reviews.stored(plain.document.id).extract).toBe(extract);
    at(45);
    expect(ws.retention.apply({ days: 30 })).toMatchObject({ documents: 1, files: 1, purged: [{ sha256: withBom.document.sha256, kind: 'original' }] });
    expect(existsSync(blobPath(ws, extract, '.extract.json'))).toBe(true);
    expect(ws.reviews.open(plain.document.id).text).toContain('共用文本');
    // Once the other review is exported and old too, the extract goes with it.
    ws.reviews.decide(plain.document.id, plain.findings.map((f) => f.id), 'accepted');
    ws.reviews.submit(plain.document.id, 'partial', '删除个人信息后公开');
    await ws.reviews.exportTo(plain.document.id, join(dir, 'plain.txt'));
    at(80);
    expect(ws.retention.apply({ days: 30 }).purged).toEqual([
      { sha256: plain.document.sha256, kind: 'original' },
      { sha256: extract, kind: 'extract' },
    ]);
    expect(existsSync(blobPath(ws, extract, '.extract.json'))).toBe(false);
    ws.close();
  });

  it('deletes at app start, and finishes the deletions a crash cut short without touching a file imported again since', async () => {
    const { dir, ws, at } = setup();
    const a = await review(ws, dir, '甲.txt', notice('甲'), 'exported');
    const b = await review(ws, dir, '乙.txt', notice('乙'), 'exported');
    ws.retention.setDays(10);
    at(20);
    // The app applies the setting when it starts (the handlers are made once per start).
    createHandlers(ws, { chooseSavePath: async () => null }, 'test');
    expect(existsSync(blobPath(ws, a.document.sha256))).toBe(false);
    expect(existsSync(blobPath(ws, b.document.sha256))).toBe(false);
    expect(entries(ws, 'data.retention_purge')).toHaveLength(1);

    // As after a crash between the commit and the deletions: the records are there, the files too.
    const keepA = join(dir, 'a.bin');
    writeFileSync(keepA, notice('甲'));
    copyFileSync(keepA, blobPath(ws, a.document.sha256));
    writeFileSync(blobPath(ws, b.document.sha256), notice('乙'));
    ws.db.prepare('UPDATE purged_blobs SET removed = 0').run();
    // … and 甲 imported again before the next start: its original is needed once more.
    const again = await review(ws, dir, '甲（再次）.txt', notice('甲'), 'in_review');
    ws.retention.applyIfSet();
    expect(existsSync(blobPath(ws, b.document.sha256))).toBe(false);
    expect(existsSync(blobPath(ws, a.document.sha256))).toBe(true);
    expect(ws.reviews.open(again.document.id).text).toContain('甲');
    // The earlier review of the same bytes stays purged: its record says so whatever is on disk.
    expect(() => ws.reviews.open(a.document.id)).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(ws.db.prepare('SELECT count(*) AS n FROM purged_blobs WHERE removed = 0').get()).toEqual({ n: 0 });
    expect(ws.log.verify().ok).toBe(true);
    ws.close();
  });

  it('writes an original again when another process deletes it between the import storing it and the import committing', async () => {
    const { dir, ws, at } = setup();
    const bytes = notice('再次导入');
    const first = await review(ws, dir, '通知.txt', bytes, 'exported');
    at(60);
    // A second process (a CLI beside the app) imports the same bytes again: the original is on disk, so its store step
    // writes nothing; the app's purge deletes the file before that import's transaction (simulated right after the store).
    const other = openWorkspace(ws.dataDir, { now: () => new Date(T0 + 60 * DAY), lists: () => [], allowLists: () => [] });
    try {
      const blobs = (other.reviews as unknown as { deps: { blobs: { putExtract: (d: unknown) => string } } }).deps.blobs;
      const putExtract = blobs.putExtract.bind(blobs);
      let purged = false;
      blobs.putExtract = (d) => {
        const sha = putExtract(d);
        if (!purged) {
          purged = true;
          ws.retention.setDays(30);
          expect(ws.retention.apply()).toMatchObject({ documents: 1 });
          expect(existsSync(blobPath(ws, first.document.sha256))).toBe(false);
        }
        return sha;
      };
      const again = await other.reviews.importFile('通知（再次导入）.txt', bytes);
      expect(purged).toBe(true); // the race window was really entered
      expect(again.document.sha256).toBe(first.document.sha256);
      expect(other.reviews.open(again.document.id).text).toContain('再次导入');
      expect(existsSync(blobPath(ws, first.document.sha256))).toBe(true);
    } finally {
      other.close();
      ws.close();
    }
  });

  it('validates and logs every change of the setting', async () => {
    const { ws } = setup();
    expect(ws.retention.days()).toBeNull();
    for (const bad of [0, 3651, 1.5, -3, Number.NaN]) {
      expect(() => ws.retention.setDays(bad)).toThrow(expect.objectContaining({ code: 'invalid_request', messageZh: '保留期限须为 1 至 3650 之间的整数天数' }));
    }
    ws.retention.setDays(3650);
    ws.retention.setDays(30);
    ws.retention.setDays(30); // no change, no entry
    ws.retention.setDays(null);
    expect(entries(ws, 'data.retention_set').map((e) => e.data)).toEqual([
      { key: 'retention.originalDays', old: null, new: 3650 },
      { key: 'retention.originalDays', old: 3650, new: 30 },
      { key: 'retention.originalDays', old: 30, new: null },
    ]);
    expect(ws.retention.status()).toMatchObject({ days: null, due: null });
    expect(() => ws.retention.apply()).toThrow(expect.objectContaining({ code: 'refused' }));

    // Over IPC: the contract refuses what the service would, before the handler runs.
    const handlers = createHandlers(ws, { chooseSavePath: async () => null }, 'test');
    const call = (channel: string, payload: unknown) => dispatch(handlers, channel, payload, { permissions: new Set(['data.manage']) });
    for (const days of [0, 3651, 1.5, '30']) expect(await call('data.retention.set', { days })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(await call('data.retention.set', { days: 30 })).toMatchObject({ ok: true, value: { days: 30, due: { documents: 0 } } });
    expect(await dispatch(handlers, 'data.retention.get', {}, { permissions: new Set(['document.read']) })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    ws.close();
  });
});
