import Database from 'better-sqlite3';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { dispatch } from '../../shared/ipc/dispatch';
import { createHandlers } from '../../electron/node/ipc-handlers';
import { SessionState } from '../../electron/node/sessions';
import { backupDataDir } from '../../electron/node/storage/backup';
import type { BackupManifest } from '../../electron/node/storage/backup-manifest';
import { BlobStore, sha256Hex } from '../../electron/node/storage/blob-store';
import { restoreBackup } from '../../electron/node/storage/restore';
import { openWorkspace, type Workspace } from '../../electron/node/workspace';
import { NOTICE_TEXT, noticeDocx } from '../fixtures/samples';
import { useTempDirs } from '../fixtures/temp';
import { logBodies } from '../fixtures/log';

const tempDir = useTempDirs();
const NOTE = Buffer.from(`${NOTICE_TEXT}\n`, 'utf8');

/** A data folder in use: a DOCX reviewed and submitted, a TXT with one decision, a file list. */
async function usedWorkspace(dir: string): Promise<{ ws: Workspace; docx: number; txt: number }> {
  const ws = openWorkspace(dir, { lists: () => [] });
  writeFileSync(join(dir, 'lists', '项目代号.txt'), '红星工程\n');
  const docx = await ws.reviews.importFile('公示.docx', noticeDocx());
  ws.reviews.decide(docx.document.id, docx.findings.map((f) => f.id), 'accepted');
  ws.reviews.submit(docx.document.id, 'partial', '已脱敏');
  const txt = await ws.reviews.importFile('通知.txt', NOTE);
  ws.reviews.decide(txt.document.id, [txt.findings[0]!.id], 'rejected', '已公开的单位电话');
  return { ws, docx: docx.document.id, txt: txt.document.id };
}

function manifestOf(backup: string): BackupManifest {
  return JSON.parse(readFileSync(join(backup, 'manifest.json'), 'utf8')) as BackupManifest;
}

function flipByte(path: string, at: number): void {
  const bytes = readFileSync(path);
  bytes[at] = bytes[at]! ^ 0xff;
  writeFileSync(path, bytes);
}

describe('backup and restore of the data folder', () => {
  it('backs up the files of an import that commits while the database is being copied: every restored review opens', async () => {
    const root = tempDir();
    const { ws } = await usedWorkspace(join(root, 'data'));
    const backup = join(root, 'backup');
    const running = backupDataDir(ws, backup, { appVersion: 'test' });
    const imported = ws.reviews.importFile('同时导入.txt', Buffer.from('联系人：李明，电话 13912345678。\n'));
    await Promise.all([running, imported]);
    ws.close();
    await restoreBackup(backup, join(root, 'restored'));
    const restored = openWorkspace(join(root, 'restored'), { lists: () => [] });
    try {
      for (const d of restored.reviews.list()) expect(restored.reviews.open(d.id).text.length, d.name).toBeGreaterThan(0);
    } finally {
      restored.close();
    }
  });

  it('refuses, before copying anything, a data folder holding a file restore could not put back', async () => {
    const root = tempDir();
    const ws = openWorkspace(join(root, 'data'), { lists: () => [] });
    try {
      mkdirSync(join(root, 'data', 'lists', '旧'));
      writeFileSync(join(root, 'data', 'lists', '旧', 'a.txt'), '红星工程\n');
      await expect(backupDataDir(ws, join(root, 'backup'), { appVersion: 'test' })).rejects.toMatchObject({ code: 'refused', messageZh: expect.stringContaining('lists/旧/a.txt') });
      expect(existsSync(join(root, 'backup'))).toBe(false);
    } finally {
      ws.close();
    }
  });

  it('backs up a workspace while it is in use, and the restored folder opens with its reviews, decisions, originals and log', async () => {
    const root = tempDir();
    const { ws, docx, txt } = await usedWorkspace(join(root, 'data'));
    const backup = join(root, 'media', '备份1');
    const running = backupDataDir(ws, backup, { appVersion: '9.9.9' });
    // The app goes on working while the database is copied.
    ws.reviews.decide(txt, [ws.reviews.open(txt).findings[1]!.id], 'accepted');
    const result = await running;
    const liveLog = ws.log.entries();
    const before = ws.reviews.list();
    const docxView = ws.reviews.open(docx);
    ws.close();

    const manifest = manifestOf(backup);
    expect(manifest).toMatchObject({ format: 'mishen-backup', formatVersion: 1, appVersion: '9.9.9', log: { entries: result.logEntries, headHash: result.headHash } });
    expect(result.files).toBe(manifest.files.length);
    expect(sha256Hex(readFileSync(join(backup, 'manifest.json')))).toBe(result.sha256);
    expect(manifest.files.map((f) => f.path)).toEqual(expect.arrayContaining(['mishen.db', 'keys/installation.pem', 'lists/项目代号.txt', `blobs/${before[0]!.sha256.slice(0, 2)}/${before[0]!.sha256}`]));
    // The backup's log is the live log up to the backup, its own entry included.
    expect(liveLog.slice(0, result.logEntries).at(-1)!.hash).toBe(result.headHash);
    expect(liveLog.some((e) => JSON.parse(e.body).action === 'data.backup' && e.seq <= result.logEntries)).toBe(true);
    const backupEntry = JSON.parse(liveLog.find((e) => JSON.parse(e.body).action === 'data.backup')!.body);
    expect(backupEntry.data).toEqual({ folder: '备份1', files: manifest.files.length - 1, bytes: expect.any(Number) });

    const restored = join(root, 'restored');
    const r = await restoreBackup(backup, restored);
    expect(r).toMatchObject({ dataDir: restored, files: manifest.files.length, backupLogEntries: result.logEntries, logEntries: result.logEntries + 1, movedAside: null });
    expect(readdirSync(root).filter((n) => n.includes('restoring'))).toEqual([]);

    const back = openWorkspace(restored, { lists: () => [] });
    try {
      expect(back.db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(back.startupCheck.ok).toBe(true);
      const entries = back.log.entries();
      expect(entries.slice(0, result.logEntries).map((e) => e.hash)).toEqual(liveLog.slice(0, result.logEntries).map((e) => e.hash));
      const last = JSON.parse(entries.at(-1)!.body);
      expect(last).toMatchObject({ action: 'data.restore', data: { backupHeadHash: result.headHash, backupCreatedAt: manifest.createdAt, backupEntries: result.logEntries } });

      expect(back.reviews.list().map((d) => [d.name, d.status, d.sha256])).toEqual(before.map((d) => [d.name, d.status, d.sha256]));
      const reopened = back.reviews.open(docx);
      expect(reopened.text).toBe(docxView.text);
      expect(reopened.findings.map((f) => f.decision)).toEqual(docxView.findings.map((f) => f.decision));
      expect(back.reviews.open(txt).findings[0]).toMatchObject({ decision: 'rejected' });
      const blobs = new BlobStore(join(restored, 'blobs'));
      expect(Buffer.from(blobs.get(before.find((d) => d.name === '通知.txt')!.sha256)).equals(NOTE)).toBe(true);
      expect(back.termLists.active().lists.map((l) => l.name)).toContain('项目代号');
    } finally {
      back.close();
    }
  });

  it('refuses a damaged or altered backup, naming the file, and leaves the target untouched', async () => {
    const root = tempDir();
    const { ws } = await usedWorkspace(join(root, 'data'));
    const backup = join(root, 'backup');
    await backupDataDir(ws, backup, { appVersion: 'test' });
    ws.close();
    const blob = manifestOf(backup).files.find((f) => f.path.startsWith('blobs/') && !f.path.includes('.'))!.path;

    const cases: [string, (dir: string) => void, RegExp][] = [
      ['one byte of an original', (d) => flipByte(join(d, blob), 10), new RegExp(`${blob} 的 SHA-256 与清单不符`)],
      ['one byte of the database', (d) => flipByte(join(d, 'mishen.db'), 5000), /mishen\.db 的 SHA-256 与清单不符/],
      ['a deleted key', (d) => rmSync(join(d, 'keys', 'installation.pem')), /缺少文件 keys\/installation\.pem/],
      ['a truncated file', (d) => writeFileSync(join(d, blob), readFileSync(join(d, blob)).subarray(1)), new RegExp(`${blob} 的大小与清单不符`)],
      [
        'a hash edited in the manifest',
        (d) => {
          const m = manifestOf(d);
          m.files[2]!.sha256 = '0'.repeat(64);
          writeFileSync(join(d, 'manifest.json'), JSON.stringify(m));
        },
        /lists\/项目代号\.txt 的 SHA-256 与清单不符/,
      ],
      [
        'a path leaving the folder',
        (d) => {
          const m = manifestOf(d);
          m.files[2]!.path = '../outside.txt';
          writeFileSync(join(d, 'manifest.json'), JSON.stringify(m));
        },
        /manifest\.json 内容无效（files\.2\.path）/,
      ],
      [
        'a log head that is not the database’s',
        (d) => {
          const m = manifestOf(d);
          m.log.headHash = 'a'.repeat(64);
          writeFileSync(join(d, 'manifest.json'), JSON.stringify(m));
        },
        /审查日志第 \d+ 条记录与清单记载的哈希不符/,
      ],
      ['no manifest (an unfinished backup)', (d) => rmSync(join(d, 'manifest.json')), /不是完整的密审备份（缺少 manifest\.json）/],
    ];
    for (const [what, tamper, message] of cases) {
      const copy = join(root, `copy-${cases.findIndex((c) => c[0] === what)}`);
      cpSync(backup, copy, { recursive: true });
      tamper(copy);
      const target = join(root, 'target', 'data');
      const err = await restoreBackup(copy, target).catch((e: unknown) => e);
      expect(err, what).toBeInstanceOf(AppError);
      expect((err as AppError).messageZh, what).toMatch(message);
      expect(existsSync(target), what).toBe(false);
      expect(existsSync(dirname(target)) ? readdirSync(dirname(target)) : [], what).toEqual([]);
    }
  });

  it('refuses a backup folder that is not empty or lies inside the data folder, and removes a failed backup', async () => {
    const root = tempDir();
    const ws = openWorkspace(join(root, 'data'), { lists: () => [] });
    try {
      const full = join(root, 'full');
      mkdirSync(full);
      writeFileSync(join(full, '别的文件.txt'), 'x');
      await expect(backupDataDir(ws, full, { appVersion: 'test' })).rejects.toThrow(/备份目录不为空/);
      expect(readdirSync(full)).toEqual(['别的文件.txt']);
      await expect(backupDataDir(ws, join(root, 'data', 'blobs', 'b'), { appVersion: 'test' })).rejects.toThrow(/不能把备份放在数据目录之内/);
      expect(existsSync(join(root, 'data', 'blobs', 'b'))).toBe(false);
      const empty = join(root, 'empty');
      mkdirSync(empty);
      await expect(backupDataDir(ws, empty, { appVersion: 'test' })).resolves.toMatchObject({ path: empty });
      // A database that cannot be written into the backup: nothing of it stays behind (it would hold the key).
      const failed = join(root, 'failed');
      mkdirSync(failed);
      await expect(backupDataDir({ ...ws, db: new Database(':memory:') }, failed, { appVersion: 'test' })).rejects.toMatchObject({ code: 'internal', messageZh: expect.stringMatching(/^备份失败，已删除不完整的备份：.*log_entries/) });
      expect(readdirSync(failed)).toEqual([]);
      // The log says the backup it recorded did not finish.
      const actions = logBodies(ws);
      expect(actions.slice(-2).map((b) => [b.action, b.data.folder])).toEqual([
        ['data.backup', 'failed'],
        ['data.backup_failed', 'failed'],
      ]);
      expect(ws.log.verify().ok).toBe(true);
    } finally {
      ws.close();
    }
  });

  it('leaves out an original removed while the backup runs (retention), and the backup still restores', async () => {
    const root = tempDir();
    const { ws } = await usedWorkspace(join(root, 'data'));
    const gone = ws.reviews.list().find((d) => d.name === '通知.txt')!.sha256;
    const backup = join(root, 'backup');
    const result = await backupDataDir(ws, backup, {
      appVersion: 'test',
      onProgress: (p) => {
        if (p.files === 1) rmSync(join(ws.dataDir, 'blobs', gone.slice(0, 2), gone));
      },
    });
    ws.close();
    const paths = manifestOf(backup).files.map((f) => f.path);
    expect(paths).not.toContain(`blobs/${gone.slice(0, 2)}/${gone}`);
    expect(result.files).toBe(paths.length);
    await expect(restoreBackup(backup, join(root, 'restored'))).resolves.toMatchObject({ files: paths.length });
  });

  it('restores over a data folder with a log only with replace, keeping the old folder aside', async () => {
    const root = tempDir();
    const { ws } = await usedWorkspace(join(root, 'data'));
    const backup = join(root, 'backup');
    await backupDataDir(ws, backup, { appVersion: 'test' });
    ws.close();

    const target = join(root, 'other');
    const other = openWorkspace(target, { lists: () => [] });
    await other.reviews.importFile('另一份.txt', Buffer.from('另一份文件', 'utf8'));
    const otherEntries = other.log.count();
    // While a process has the folder open, even replace is refused.
    await expect(restoreBackup(backup, target, { replace: true })).rejects.toThrow(/数据目录正被使用/);
    other.close();

    await expect(restoreBackup(backup, target)).rejects.toThrow(new RegExp(`已有审查日志 ${otherEntries} 条记录.*--replace`));
    const now = () => new Date(2026, 2, 15, 14, 30, 5);
    const r = await restoreBackup(backup, target, { replace: true, now });
    expect(r.movedAside).toBe(`${target}.before-restore-20260315-143005`);
    const old = openWorkspace(r.movedAside!, { lists: () => [] });
    expect(old.reviews.list().map((d) => d.name)).toEqual(['另一份.txt']);
    expect(old.log.count()).toBe(otherEntries);
    old.close();
    const back = openWorkspace(target, { lists: () => [] });
    expect(back.reviews.list().map((d) => d.name).sort()).toEqual(['公示.docx', '通知.txt']);
    back.close();

    // A folder of empty folders is no data folder: restored into without replace.
    const skeleton = join(root, 'skeleton');
    mkdirSync(join(skeleton, 'blobs'), { recursive: true });
    await expect(restoreBackup(backup, skeleton)).resolves.toMatchObject({ movedAside: null });
  });

  it('backs up through data.backup into a dated folder inside the chosen one; cancelled and forbidden calls write nothing', async () => {
    const root = tempDir();
    const ws = openWorkspace(join(root, 'data'), { lists: () => [], accountParams: { N: 1 << 10 } });
    const media = join(root, 'media');
    mkdirSync(media);
    let chosen: string | null = media;
    const sessions = new SessionState(ws);
    const handlers = createHandlers(ws, { chooseSavePath: async () => null, chooseFolder: async () => chosen }, '1.2.3', sessions);
    const call = () => dispatch(handlers, 'data.backup', {}, { permissions: sessions.permissions() });
    try {
      const done = await call();
      expect(done).toMatchObject({ ok: true, value: { path: expect.stringMatching(/media[/\\]mishen-backup-\d{8}-\d{6}$/), logEntries: 2 } });
      const value = (done as { value: { path: string; sha256: string } }).value;
      expect(manifestOf(value.path).appVersion).toBe('1.2.3');
      expect(value.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(await dispatch(handlers, 'data.backup', { path: '/tmp' }, { permissions: sessions.permissions() })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });

      chosen = null;
      expect(await call()).toMatchObject({ ok: false, error: { code: 'cancelled' } });
      expect(readdirSync(media)).toHaveLength(1);

      ws.accounts.create(null, { name: 'admin', displayName: '管理员', roles: ['administrator'], password: 'admin-口令-2026' });
      sessions.signIn('admin', 'admin-口令-2026');
      ws.accounts.create(sessions.current, { name: 'zhang', displayName: '张', roles: ['reviewer'], password: 'zhang-口令-2026' });
      sessions.signIn('zhang', 'zhang-口令-2026');
      chosen = media;
      expect(await call()).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      sessions.signIn('admin', 'admin-口令-2026');
      expect(await call()).toMatchObject({ ok: true });
      expect(readdirSync(media)).toHaveLength(2);
    } finally {
      ws.close();
    }
  });
});
