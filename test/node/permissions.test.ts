import { chmodSync, lstatSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupDataDir } from '../../electron/node/storage/backup';
import { restoreBackup } from '../../electron/node/storage/restore';
import { openWorkspace } from '../../electron/node/workspace';
import { noticeDocx } from '../fixtures/samples';
import { useTempDirs } from '../fixtures/temp';

const tempDir = useTempDirs();

/** Every file and folder under `root` (links not followed) whose mode lets group or others in. */
function tooOpen(root: string): string[] {
  const out: string[] = [];
  const visit = (path: string) => {
    const st = lstatSync(path);
    if ((st.mode & 0o077) !== 0) out.push(`${path} ${(st.mode & 0o777).toString(8)}`);
    if (st.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
  };
  visit(root);
  return out;
}

function count(root: string): number {
  return readdirSync(root, { recursive: true }).length;
}

// POSIX modes; on Windows the per-user profile's ACL keeps others out.
describe.skipIf(process.platform === 'win32')('data folder permissions', () => {
  let umask = 0;
  beforeEach(() => {
    umask = process.umask(0o022); // what most systems give a process: new files 0644, folders 0755
  });
  afterEach(() => {
    process.umask(umask);
  });

  it('keeps every file and folder of a data folder in use to its owner, database -wal and -shm included', async () => {
    const dir = join(tempDir(), 'data');
    const ws = openWorkspace(dir, { lists: () => [] });
    try {
      const view = await ws.reviews.importFile('公示.docx', noticeDocx());
      ws.reviews.decide(view.document.id, view.findings.map((f) => f.id), 'accepted');
      expect(readdirSync(dir)).toEqual(expect.arrayContaining(['mishen.db', 'mishen.db-wal', 'mishen.db-shm', 'blobs', 'keys']));
      expect(count(join(dir, 'blobs'))).toBeGreaterThanOrEqual(3); // shard folder, original, extract
      expect(tooOpen(dir)).toEqual([]);
    } finally {
      ws.close();
    }
  });

  it('narrows what an older version or the umask left open when the folder is opened', () => {
    const dir = join(tempDir(), 'data');
    openWorkspace(dir, { lists: () => [] }).close();
    writeFileSync(join(dir, 'lists', '清单.txt'), '红星工程\n', { mode: 0o644 });
    for (const [path, mode] of [
      [dir, 0o755],
      [join(dir, 'mishen.db'), 0o644],
      [join(dir, 'keys'), 0o755],
      [join(dir, 'keys', 'installation.pem'), 0o644],
      [join(dir, 'blobs'), 0o777],
    ] as const) chmodSync(path, mode);
    // A script the user keeps in a folder given as --data-dir is theirs: its modes stay.
    writeFileSync(join(dir, 'build.sh'), '#!/bin/sh\n', { mode: 0o755 });
    chmodSync(join(dir, 'build.sh'), 0o755);
    expect(tooOpen(dir).length).toBeGreaterThanOrEqual(7);
    const ws = openWorkspace(dir, { lists: () => [] });
    ws.close();
    expect(tooOpen(dir)).toEqual([`${join(dir, 'build.sh')} 755`]);
  });

  it('writes backups and restored folders for their owner only', async () => {
    const root = tempDir();
    const ws = openWorkspace(join(root, 'data'), { lists: () => [] });
    await ws.reviews.importFile('公示.docx', noticeDocx());
    await backupDataDir(ws, join(root, 'backup'), { appVersion: 'test' });
    ws.close();
    expect(count(join(root, 'backup'))).toBeGreaterThanOrEqual(6);
    expect(tooOpen(join(root, 'backup'))).toEqual([]);
    await restoreBackup(join(root, 'backup'), join(root, 'restored'));
    expect(tooOpen(join(root, 'restored'))).toEqual([]);
  });
});
