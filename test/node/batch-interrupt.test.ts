import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { writeArchive } from '../fixtures/archive';
import { mishen } from '../fixtures/cli';
import { useTempDirs } from '../fixtures/temp';
import { CORPORA, HAVE_CORPORA } from '../external/corpora';

/**
 * The folder check as it runs for real: the built CLI (`npm run build`)
 * with its worker threads, killed with SIGKILL in the middle, then
 * continued; and a folder of hostile files from the external corpora.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const BUILT = existsSync(join(ROOT, 'out', 'main', 'batch-worker.js'));
if (!BUILT) process.stdout.write('batch CLI tests skipped: out/main/batch-worker.js is absent (run npm run build)\n');
const tempDir = useTempDirs();

type Row = { path: string; status: string; scanned_at: string | null; error: string | null; needs: string };

function rows(dataDir: string): Row[] {
  const db = new Database(join(dataDir, 'mishen.db'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT path, status, scanned_at, error, needs FROM batch_files ORDER BY path').all() as Row[];
  } finally {
    db.close();
  }
}

function doneCount(dataDir: string): number {
  try {
    return rows(dataDir).filter((r) => r.status !== 'pending').length;
  } catch {
    return 0; // not created yet
  }
}

describe.skipIf(!BUILT)('folder check through the built CLI', () => {
  it('continues after SIGKILL with --resume: every file done exactly once, finished files not read again', { timeout: 240_000 }, async () => {
    const root = tempDir();
    const dir = join(root, 'archive');
    const data = join(root, 'data');
    const files = writeArchive(dir, 300);
    const child = spawn(process.execPath, [join(ROOT, 'bin/mishen.js'), 'batch', dir, '--data-dir', data, '--jobs', '2', '--out', join(root, 'r1')], { stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    // Kill it once a good part, but not all, is done.
    for (let i = 0; i < 1200 && doneCount(data) < 40; i++) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGKILL');
    await exited;
    const atKill = rows(data);
    const finished = new Map(atKill.filter((r) => r.status !== 'pending').map((r) => [r.path, r.scanned_at]));
    expect(finished.size).toBeGreaterThanOrEqual(40);
    expect(finished.size).toBeLessThan(files.length);

    const res = mishen(['batch', dir, '--data-dir', data, '--resume', '--json', '--out', join(root, 'r2')]);
    expect(res.code, res.stderr).toBe(0);
    const out = JSON.parse(res.stdout) as { checkedNow: number; summary: { files: number; byStatus: Record<string, number> } };
    expect(out.checkedNow).toBe(files.length - finished.size);
    expect(out.summary.files).toBe(files.length);
    expect(out.summary.byStatus.pending).toBe(0);
    const after = rows(data);
    expect(after.map((r) => r.path).sort()).toEqual(files.map((f) => f.path).sort());
    for (const [path, at] of finished) expect(after.find((r) => r.path === path)!.scanned_at, path).toBe(at);
    expect(after.filter((r) => r.status === 'error')).toHaveLength(files.filter((f) => f.kind === 'broken').length);
  });

  it('stops cleanly on Ctrl+C (SIGINT): exit 130, state kept, and the same command continues', { timeout: 240_000 }, async () => {
    const root = tempDir();
    const dir = join(root, 'archive');
    const data = join(root, 'data');
    writeArchive(dir, 200);
    const child = spawn(process.execPath, [join(ROOT, 'bin/mishen.js'), 'batch', dir, '--data-dir', data, '--jobs', '2', '--out', join(root, 'r')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    for (let i = 0; i < 1200 && doneCount(data) < 20; i++) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toContain('已中断');
    const db = new Database(join(data, 'mishen.db'), { readonly: true });
    expect(db.prepare('SELECT status, pid FROM batch_runs').get()).toEqual({ status: 'interrupted', pid: null });
    db.close();
    const kept = doneCount(data);
    expect(kept).toBeGreaterThanOrEqual(20);
    const res = JSON.parse(mishen(['batch', dir, '--data-dir', data, '--json', '--out', join(root, 'r')]).stdout);
    expect(res).toMatchObject({ checkedNow: 200 - kept, summary: { run: { id: 1, status: 'done' }, files: 200 } });
  });

  it.skipIf(!HAVE_CORPORA)('gives hostile and broken real files error rows, not a crash', { timeout: 240_000 }, () => {
    const root = tempDir();
    const dir = join(root, 'hostile');
    const pick = (sub: string, re: RegExp) => {
      mkdirSync(join(dir, sub), { recursive: true });
      for (const name of readdirSync(join(CORPORA, sub)).filter((n) => re.test(n))) cpSync(join(CORPORA, sub, name), join(dir, sub, name));
    };
    pick('pdf/malformed', /\.pdf$/);
    pick('pdf/encrypted', /\.pdf$/);
    pick('office/docx', /clusterfuzz|crash|zero-length|password/);
    pick('office/xlsx', /clusterfuzz|crash|pwd|protect/);
    pick('mammoth', /\.zip$|empty\.docx/);
    const data = join(root, 'data');
    const res = mishen(['batch', dir, '--data-dir', data, '--jobs', '2', '--json', '--out', join(root, 'r')]);
    expect(res.code, res.stderr).toBe(0);
    const all = rows(data);
    expect(all.length).toBeGreaterThan(50);
    expect(all.filter((r) => r.status === 'pending')).toEqual([]);
    // Every failure says why, in Chinese; none is an unexplained internal error.
    for (const r of all.filter((x) => x.status === 'error')) expect(r.error, r.path).toMatch(/[\u4e00-\u9fff]/);
    expect(all.filter((r) => r.error?.includes('内部错误'))).toEqual([]);
    // Encrypted files are flagged as needing a password (PDFs without a known-empty user password, the encrypted Office files).
    const password = all.filter((r) => r.needs.includes('password')).map((r) => r.path);
    expect(password).toContain('office/docx/poi__bug53475-password-is-pass.docx');
    expect(password.filter((p) => p.startsWith('pdf/encrypted/')).length).toBeGreaterThan(5);
  });
});
