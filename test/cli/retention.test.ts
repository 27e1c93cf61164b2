import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openWorkspace } from '../../electron/node/workspace';
import { mishen } from '../fixtures/cli';
import { useTempDirs } from '../fixtures/temp';
import { logBodies } from '../fixtures/log';

const tempDir = useTempDirs();
const TEXT = '关于旧事项的通知\n联系人：王芳，电话 13812345678。\n';

/** A data folder with one review exported 60 days ago and one still in review (written in-process with an earlier clock). */
async function oldExport(dir: string) {
  const data = join(dir, 'data');
  const original = join(dir, '旧通知.txt');
  writeFileSync(original, TEXT);
  const ws = openWorkspace(data, { now: () => new Date(Date.now() - 60 * 86_400_000), lists: () => [], allowLists: () => [] });
  const view = await ws.reviews.importFile('旧通知.txt', Buffer.from(TEXT));
  ws.reviews.decide(view.document.id, view.findings.map((f) => f.id), 'accepted');
  ws.reviews.submit(view.document.id, 'partial', '删除电话后公开');
  const copy = join(dir, '旧通知（脱敏）.txt');
  await ws.reviews.exportTo(view.document.id, copy);
  const open = await ws.reviews.importFile('未审完.txt', Buffer.from('另一份通知，电话 13912345678。'));
  ws.close();
  const blob = (sha: string) => join(data, 'blobs', sha.slice(0, 2), sha);
  return { data, original, copy, sha: view.document.sha256, blob, openSha: open.document.sha256 };
}

describe('mishen retention', () => {
  it('shows, previews, sets and applies the retention period; the log records each change', async () => {
    const f = await oldExport(tempDir());
    const show = mishen(['retention', '--data-dir', f.data]);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toContain('原件保留期限：永久保留');

    const dry = mishen(['retention', '--days', '30', '--dry-run', '--json', '--data-dir', f.data]);
    expect(dry.code, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ days: 30, dryRun: true, due: { documents: 1, reviews: 1, files: 2 } });
    // A dry run changes nothing.
    expect(JSON.parse(mishen(['retention', '--json', '--data-dir', f.data]).stdout)).toMatchObject({ days: null, due: null });

    const set = mishen(['retention', '--days', '30', '--data-dir', f.data]);
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toContain('审查导出 30 天后删除原件');
    expect(set.stdout).toMatch(/到期可删除：1 份文档（1 次审查）的原件及提取文本，2 个文件/);
    expect(existsSync(f.blob(f.sha))).toBe(true);

    const apply = mishen(['retention', '--apply', '--data-dir', f.data]);
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stdout).toMatch(/已删除：1 份文档（1 次审查）的原件及提取文本，2 个文件/);
    expect(apply.stdout).toContain(`original\t${f.sha}`);
    expect(existsSync(f.blob(f.sha))).toBe(false);
    expect(existsSync(f.blob(f.openSha))).toBe(true);
    const again = JSON.parse(mishen(['retention', '--apply', '--json', '--data-dir', f.data]).stdout);
    expect(again).toMatchObject({ days: 30, run: { documents: 0, files: 0 }, purged: { documents: 1 } });

    // The auditor's tools: the log verifies; checking the published copy says why the check cannot be made.
    expect(mishen(['log', 'verify', '--data-dir', f.data]).code).toBe(0);
    const verify = mishen(['verify-export', f.copy, '--original', f.original, '--data-dir', f.data]);
    expect(verify.code).toBe(1);
    expect(verify.stderr).toMatch(/原件已于 \d{4}-\d{2}-\d{2} 按保留期限（审查完成 30 天后）删除/);

    const off = mishen(['retention', '--off', '--data-dir', f.data]);
    expect(off.stdout).toContain('永久保留');
    const ws = openWorkspace(f.data);
    const logged = logBodies(ws);
    ws.close();
    expect(logged.filter((e) => e.action === 'data.retention_set').map((e) => [e.data.old, e.data.new])).toEqual([
      [null, 30],
      [30, null],
    ]);
    expect(logged.filter((e) => e.action === 'data.retention_purge')).toHaveLength(1);
  });

  it('refuses bad periods, and changes without an administrator once accounts exist', async () => {
    const f = await oldExport(tempDir());
    for (const days of ['0', '3651', '1.5', '-3', 'abc']) {
      const r = mishen(['retention', `--days=${days}`, '--data-dir', f.data]);
      expect(r.code, days).toBe(2);
      expect(r.stderr).toContain('--days 须为整数天数（1–3650）');
    }
    expect(mishen(['retention', '--days', '30', '--off', '--data-dir', f.data]).code).toBe(2);
    expect(mishen(['user', 'add', 'admin', '--role', 'administrator', '--data-dir', f.data], { MISHEN_NEW_PASSWORD: '管理员口令-2026-admin' }).code).toBe(0);
    expect(mishen(['user', 'add', 'li', '--role', 'reviewer', '--user', 'admin', '--data-dir', f.data], { MISHEN_PASSWORD: '管理员口令-2026-admin', MISHEN_NEW_PASSWORD: '审查人口令-2026-li' }).code).toBe(0);
    expect(mishen(['retention', '--days', '30', '--data-dir', f.data]).code).toBe(2);
    expect(mishen(['retention', '--days', '30', '--user', 'li', '--data-dir', f.data], { MISHEN_PASSWORD: '审查人口令-2026-li' }).code).toBe(1);
    const ok = mishen(['retention', '--days', '30', '--apply', '--user', 'admin', '--data-dir', f.data], { MISHEN_PASSWORD: '管理员口令-2026-admin' });
    expect(ok.code, ok.stderr).toBe(0);
    expect(existsSync(f.blob(f.sha))).toBe(false);
    // Signed by the administrator.
    const ws = openWorkspace(f.data);
    const purge = logBodies(ws, 'data.retention_purge')[0];
    ws.close();
    expect(purge?.actor.name).toBe('admin');
  });
});
