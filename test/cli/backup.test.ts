import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openWorkspace } from '../../electron/node/workspace';
import { mishen } from '../fixtures/cli';
import { NOTICE_TEXT } from '../fixtures/samples';
import { useTempDirs } from '../fixtures/temp';

const tempDir = useTempDirs();

/** A data folder with one imported, decided review (written in-process: the CLI's redact would do as well). */
async function dataFolder(dir: string): Promise<void> {
  const ws = openWorkspace(dir, { lists: () => [] });
  const view = await ws.reviews.importFile('通知.txt', Buffer.from(NOTICE_TEXT, 'utf8'));
  ws.reviews.decide(view.document.id, view.findings.map((f) => f.id), 'accepted');
  ws.close();
}

function names(dir: string): string[] {
  const ws = openWorkspace(dir, { lists: () => [] });
  try {
    return ws.reviews.list().map((d) => d.name);
  } finally {
    ws.close();
  }
}

describe('mishen backup and restore', () => {
  it('backs up, refuses a used target, restores into a new folder and, with --replace, over an old one kept aside', async () => {
    const root = tempDir();
    const data = join(root, 'data');
    await dataFolder(data);
    const backup = join(root, '备份');

    const made = mishen(['backup', '--out', backup, '--data-dir', data]);
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toMatch(/已备份数据目录到 .*备份：\d+ 个文件/);
    expect(made.stdout).toContain('请按原件的保密要求保管');
    const sha = /manifest\.json SHA-256 ([0-9a-f]{64})/.exec(made.stdout)![1]!;
    expect(sha).toHaveLength(64);
    expect(readdirSync(backup)).toEqual(expect.arrayContaining(['manifest.json', 'mishen.db', 'keys', 'blobs']));
    expect(mishen(['backup', '--out', backup, '--data-dir', data]).stderr).toMatch(/备份目录不为空/);
    expect(mishen(['backup', '--data-dir', data]).code).toBe(2);
    expect(mishen(['backup', '--out', join(root, 'x'), '--data-dir', join(root, 'nothing')]).stderr).toMatch(/没有数据库/);

    const fresh = join(root, 'fresh');
    const restored = mishen(['restore', backup, '--data-dir', fresh]);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(/均与清单相符；数据库完整性检查通过/);
    expect(mishen(['log', 'verify', '--data-dir', fresh]).code).toBe(0);
    expect(names(fresh)).toEqual(['通知.txt']);

    // The folder backed up has a log: refused without --replace, kept aside with it.
    const over = mishen(['restore', backup, '--data-dir', data]);
    expect(over.code).toBe(3);
    expect(over.stderr).toMatch(/已有审查日志 \d+ 条记录.*--replace/);
    const replaced = mishen(['restore', backup, '--data-dir', data, '--replace']);
    expect(replaced.code, replaced.stderr).toBe(0);
    const aside = readdirSync(root).filter((n) => n.startsWith('data.before-restore-'));
    expect(aside).toHaveLength(1);
    expect(replaced.stdout).toContain(`原数据目录已改名保留：${join(root, aside[0]!)}`);
    expect(names(join(root, aside[0]!))).toEqual(['通知.txt']);
    expect(mishen(['log', 'verify', '--data-dir', data]).code).toBe(0);
  });

  it('needs an administrator once accounts exist', async () => {
    const root = tempDir();
    const data = join(root, 'data');
    await dataFolder(data);
    expect(mishen(['user', 'add', 'admin', '--role', 'administrator', '--data-dir', data], { MISHEN_NEW_PASSWORD: '管理员口令-2026-admin' }).code).toBe(0);
    expect(mishen(['backup', '--out', join(root, 'b1'), '--data-dir', data]).stderr).toMatch(/须以 --user 指定用户/);
    const made = mishen(['backup', '--out', join(root, 'b2'), '--user', 'admin', '--data-dir', data], { MISHEN_PASSWORD: '管理员口令-2026-admin' });
    expect(made.code, made.stderr).toBe(0);
    const ws = openWorkspace(data, { lists: () => [] });
    const last = JSON.parse(ws.log.entries().at(-1)!.body);
    ws.close();
    expect(last).toMatchObject({ action: 'data.backup', actor: { kind: 'user', name: 'admin' }, data: { folder: 'b2' } });
  });

  it('refuses a damaged backup, naming the file (exit 3)', async () => {
    const root = tempDir();
    const data = join(root, 'data');
    await dataFolder(data);
    const backup = join(root, 'backup');
    const made = mishen(['backup', '--out', backup, '--data-dir', data]);
    expect(made.code, made.stderr).toBe(0);
    const key = join(backup, 'keys', 'installation.pem');
    writeFileSync(key, readFileSync(key, 'utf8').replace('-----END', '-----end'));
    const r = mishen(['restore', backup, '--data-dir', join(root, 'new')]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/备份已损坏或被改动，拒绝恢复：keys\/installation\.pem 的 SHA-256 与清单不符 \| Error: the backup is damaged or altered/);
    expect(readdirSync(root).sort()).toEqual(['backup', 'data']);
  });
});
