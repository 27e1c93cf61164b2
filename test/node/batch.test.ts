import { appendFileSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BatchStore } from '../../electron/node/batch/batch-store';
import { writeBatchReports } from '../../electron/node/batch/report-files';
import { batchRules } from '../../electron/node/batch/rules';
import { executeRun, openRun } from '../../electron/node/batch/run-batch';
import { openWorkspace, type Workspace } from '../../electron/node/workspace';
import { CSV_COLUMNS } from '../../shared/batch/report-csv';
import { maskExcerpt } from '../../shared/batch/mask';
import type { TermList } from '../../shared/rules/term-list';
import { ARCHIVE_ID, ARCHIVE_MOBILE, writeArchive } from '../fixtures/archive';
import { useTempDirs } from '../fixtures/temp';
import { importPdf } from '../../electron/node/importers/pdf';
import { AppError } from '../../shared/errors';
import { noticePdf } from '../fixtures/pdf';

const tempDir = useTempDirs();
const HOSTILE = '<img src=x onerror=alert(1)>.txt';

/** Files checked on this thread (no build needed): the engine's behaviour, not the workers'. */
async function check(ws: Workspace, dir: string, resume = false, lists?: TermList[]) {
  const store = new BatchStore(ws.db, () => new Date());
  const rules = batchRules(ws, lists ? { lists, allowLists: [] } : {});
  const { run, continued } = openRun(store, dir, rules, resume);
  const final = await executeRun(store, run, { rules, jobs: 2, signal: new AbortController().signal });
  return { store, run, continued, final };
}

const scannedAt = (ws: Workspace, run: number) =>
  new Map((ws.db.prepare('SELECT path, scanned_at FROM batch_files WHERE run = ?').all(run) as { path: string; scanned_at: string }[]).map((r) => [r.path, r.scanned_at]));

describe('folder check (engine, in-process)', () => {
  it('lists, reads and counts a mixed folder; broken, scanned, unsupported and outside files are reported, never values', async () => {
    const root = tempDir();
    const dir = join(root, 'archive');
    const files = writeArchive(dir, 40);
    writeFileSync(join(dir, HOSTILE), `电话 ${ARCHIVE_MOBILE}`);
    writeFileSync(join(dir, '=HYPERLINK("x").txt'), '无');
    writeFileSync(join(dir, '旧版.doc'), 'x');
    writeFileSync(join(dir, '扫描件.jpg'), 'x');
    writeFileSync(join(dir, '.隐藏.txt'), ARCHIVE_ID);
    writeFileSync(join(dir, '~$锁定.docx'), 'x');
    writeFileSync(join(dir, 'Thumbs.db'), 'x');
    writeFileSync(join(dir, 'setup.exe'), 'x');
    mkdirSync(join(dir, '.git'));
    writeFileSync(join(dir, '.git', 'config.txt'), ARCHIVE_ID);
    writeFileSync(join(root, 'outside.txt'), ARCHIVE_ID);
    symlinkSync(join(root, 'outside.txt'), join(dir, '外部链接.txt'));
    symlinkSync(join(dir, HOSTILE), join(dir, '内部链接.txt'));

    const ws = openWorkspace(join(root, 'data'));
    const { store, run, final } = await check(ws, dir);
    expect(final.phase).toBe('done');
    const s = store.summary(run);
    const broken = files.filter((f) => f.kind === 'broken').length;
    expect(s.byStatus).toEqual({ pending: 0, done: 40 - broken + 2, error: broken, skipped: 3 });
    expect(s.ignored).toBe(6); // .隐藏.txt, ~$锁定.docx, Thumbs.db, setup.exe, .git, 内部链接.txt
    expect(s.byNeed.ocr).toBe(files.filter((f) => f.kind === 'scan').length + 1);
    expect(s.byNeed.convert).toBe(1);
    expect(s.pages).toBe(files.reduce((a, f) => a + (f.pages ?? 0), 0));

    const rows = new Map([...store.rows(run)].map((r) => [r.path, r]));
    for (const f of files) {
      const r = rows.get(f.path)!;
      if (f.kind === 'broken') expect(r).toMatchObject({ status: 'error', findings: 0 });
      else if (f.kind === 'scan') expect(r).toMatchObject({ status: 'done', format: 'pdf', pages: 2, needs: ['ocr'] });
      else expect(r.status).toBe('done');
      if (f.contact) expect(r.byCategory.personal, f.path).toBeGreaterThan(0);
      if (r.status === 'error') expect(r.error).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(rows.get('外部链接.txt')).toMatchObject({ status: 'skipped', error: '链接指向检查目录之外，未检查' });
    expect(rows.get(HOSTILE)!.byType.mobile_phone).toBe(1);
    expect(rows.get(HOSTILE)!.notes).toEqual([{ type: 'mobile_phone', place: '第1行第4列', excerpt: maskExcerpt(ARCHIVE_MOBILE) }]);
    // Nothing stored names a matched value.
    const stored = JSON.stringify(ws.db.prepare('SELECT * FROM batch_files').all());
    expect(stored).not.toContain(ARCHIVE_ID);
    expect(stored).not.toContain(ARCHIVE_MOBILE);

    // The reports: offline HTML with every name escaped; CSV with BOM, fixed columns, formulas defused.
    const out = { html: join(root, 'r.html'), csv: join(root, 'r.csv') };
    writeBatchReports(store, run, out, new Date());
    const html = readFileSync(out.html, 'utf8');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;.txt');
    expect(html).not.toMatch(/<img|<script|<link|<iframe|<object|https?:\/\/|url\(|@import/i);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`);
    expect(html).not.toContain(ARCHIVE_ID);
    const csv = readFileSync(out.csv, 'utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).split('\r\n').filter(Boolean);
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
    expect(lines).toHaveLength(1 + s.files);
    expect(csv).toContain(`"'=HYPERLINK(""x"").txt"`);
    const hostileLine = lines.find((l) => l.startsWith('<img'))!.split(',');
    expect(hostileLine[CSV_COLUMNS.indexOf('类型：手机号')]).toBe('1');
    expect(hostileLine[CSV_COLUMNS.indexOf('状态')]).toBe('已检查');
    ws.close();
  });

  it('checks changed and new files again, drops files gone, keeps the rest; continues interrupted checks under the same rules only', async () => {
    const root = tempDir();
    const dir = join(root, 'archive');
    const files = writeArchive(dir, 20).filter((f) => f.kind === 'txt' && !f.contact);
    const ws = openWorkspace(join(root, 'data'));
    const first = await check(ws, dir);
    const before = scannedAt(ws, first.run);
    expect(before.size).toBe(20);

    const [changed, removed] = [files[0]!.path, files[1]!.path];
    appendFileSync(join(dir, changed), `\n经办人身份证号：${ARCHIVE_ID}`);
    rmSync(join(dir, removed));
    writeFileSync(join(dir, '新增.txt'), `手机 ${ARCHIVE_MOBILE}`);
    const resumed = await check(ws, dir, true);
    expect(resumed).toMatchObject({ run: first.run, continued: true });
    expect(resumed.final.checkedNow).toBe(2);
    const after = scannedAt(ws, first.run);
    expect(after.has(removed)).toBe(false);
    expect(after.get(changed)).not.toBe(before.get(changed));
    for (const [path, at] of before) if (path !== changed && path !== removed) expect(after.get(path), path).toBe(at);
    expect([...first.store.rows(first.run)].find((r) => r.path === changed)!.byType.id_card).toBe(1);
    expect((await check(ws, dir, true)).final.checkedNow).toBe(0);

    // A finished check is not continued by itself: a new one starts; an interrupted one is.
    const again = openRun(first.store, dir, batchRules(ws), false);
    expect(again.continued).toBe(false);
    expect(again.run).not.toBe(first.run);
    first.store.setStatus(again.run, 'interrupted');
    expect(openRun(first.store, dir, batchRules(ws), false)).toEqual({ run: again.run, continued: true });

    // Rules changed since: --resume refuses, a plain run starts afresh.
    const list: TermList[] = [{ name: '清单', version: '1', category: 'negative_list', basis: '第十四条', terms: ['政务公开'] }];
    await expect(check(ws, dir, true, list)).rejects.toThrow(/清单或规则已变化/);
    const fresh = await check(ws, dir, false, list);
    expect(fresh.continued).toBe(false);
    expect(fresh.store.summary(fresh.run).byType.negative_list).toBeGreaterThan(0);
    ws.close();
  });

  it('reads PDFs in a row with a kept parser thread exactly as with fresh ones, and replaces it after a failure', async () => {
    const good = noticePdf();
    const fresh = await importPdf(good);
    for (let i = 0; i < 3; i++) expect((await importPdf(good, { keepParser: true })).text).toBe(fresh.text);
    const broken = good.slice(0, 200);
    await expect(importPdf(broken, { keepParser: true })).rejects.toBeInstanceOf(AppError);
    await expect(importPdf(good, { keepParser: true, budgetMs: 1 })).rejects.toBeInstanceOf(AppError);
    expect((await importPdf(good, { keepParser: true })).text).toBe(fresh.text);
  });
});
