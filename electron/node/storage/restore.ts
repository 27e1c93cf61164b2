import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { lstatSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { AppError } from '../../../shared/errors';
import { openWorkspace } from '../workspace';
import { altered, readManifest, type BackupManifest } from './backup-manifest';
import { copyHashed } from './backup-files';
import { isWithin } from './paths';
import type { BackupProgress } from './backup';
import { MIGRATIONS } from './migrations';
import { DIR_MODE } from './permissions';
import { inspectTarget, moveAside, removeEmptyTree } from './restore-target';

export interface RestoreOptions {
  /** Restore over a data folder that has content; the old folder is kept as `<dir>.before-restore-<date>`. */
  replace?: boolean;
  now?: () => Date;
  onProgress?: (p: BackupProgress) => void;
}

export interface RestoreResult {
  dataDir: string;
  files: number;
  bytes: number;
  backupCreatedAt: string;
  /** The backup's log: entries and the hash of its last entry, which the restored log continues. */
  backupLogEntries: number;
  backupHeadHash: string;
  /** Entries of the restored log, `data.restore` included. */
  logEntries: number;
  /** Where the data folder that was replaced now lies, or null. */
  movedAside: string | null;
}

/**
 * Restores a backup into `dataDir`, which no process may have open. Every
 * file is copied into a new folder beside the target and checked against
 * the manifest on the way (size, SHA-256); the copy is opened, its database
 * must pass `integrity_check` and its log must verify and contain the
 * backup's log unchanged; a `data.restore` entry is appended; only then is
 * the old folder renamed aside (never deleted) and the new one renamed into
 * place. Any failure before that leaves the target as it was.
 */
export async function restoreBackup(backupDir: string, dataDir: string, options: RestoreOptions = {}): Promise<RestoreResult> {
  const now = options.now ?? (() => new Date());
  const from = resolve(backupDir);
  const target = resolve(dataDir);
  if (isWithin(from, target) || isWithin(target, from)) {
    throw new AppError('invalid_request', '备份目录与数据目录不能相同，也不能一个在另一个之内', 'the backup and the data folder must be apart, neither inside the other');
  }
  const { manifest } = readManifest(from);
  if (manifest.schemaVersion > MIGRATIONS.length) {
    throw new AppError('refused', `备份由更新版本的密审写出（架构版本 ${manifest.schemaVersion}），请升级本软件后再恢复`, `the backup was written by a newer Mishen (schema ${manifest.schemaVersion}); upgrade to restore it`);
  }
  assertReplaceable(target, options.replace === true);

  mkdirSync(dirname(target), { recursive: true, mode: DIR_MODE });
  const staging = join(dirname(target), `.${basename(target)}.restoring-${randomBytes(6).toString('hex')}`);
  mkdirSync(staging, { mode: DIR_MODE });
  let keepStaging = false;
  try {
    const totals = await copyVerified(from, staging, manifest, options.onProgress);
    checkIntegrity(join(staging, 'mishen.db'));
    const logEntries = checkLogAndRecord(staging, manifest, totals.files, now);
    const before = assertReplaceable(target, options.replace === true);
    let movedAside: string | null = null;
    if (before.exists) {
      if (before.hasFiles) movedAside = await withRetries(() => moveAside(target, now()));
      else removeEmptyTree(target);
    }
    try {
      await withRetries(() => renameSync(staging, target));
    } catch (err) {
      if (movedAside) {
        try {
          await withRetries(() => renameSync(movedAside!, target));
        } catch {
          // Neither folder is in place: keep both, and say where they are, rather than let the app start on an empty folder.
          keepStaging = true;
          throw new AppError(
            'internal',
            `恢复未完成：已核验的备份副本在 ${staging}，原数据目录已改名为 ${movedAside}；请关闭占用这些目录的程序后，将其中之一改名为 ${target}`,
            `restore incomplete: the checked copy is ${staging} and the old data folder was renamed to ${movedAside}; close whatever holds them and rename one of them to ${target}`,
          );
        }
      }
      throw err;
    }
    return {
      dataDir: target,
      ...totals,
      backupCreatedAt: manifest.createdAt,
      backupLogEntries: manifest.log.entries,
      backupHeadHash: manifest.log.headHash,
      logEntries,
      movedAside,
    };
  } catch (err) {
    if (!keepStaging) rmSync(staging, { recursive: true, force: true });
    if (err instanceof AppError) throw err;
    const why = (err as Error).message;
    throw new AppError('internal', `恢复失败，数据目录未改动：${why}`, `restore failed; the data folder was not changed: ${why}`);
  }
}

/**
 * Renames on Windows fail for a moment while an antivirus scanner or the
 * search indexer holds a file in the folder (EPERM, EBUSY, EACCES): tried
 * again for about three seconds before giving up.
 */
async function withRetries<T>(rename: () => T): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return rename();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (attempt >= 8 || !(code === 'EPERM' || code === 'EBUSY' || code === 'EACCES')) throw err;
      await new Promise((r) => setTimeout(r, 50 * 2 ** Math.min(attempt, 5)));
    }
  }
}

function assertReplaceable(target: string, replace: boolean) {
  const state = inspectTarget(target);
  if (state.hasFiles && !replace) {
    const held = state.logEntries ? `，已有审查日志 ${state.logEntries} 条记录` : '';
    throw new AppError(
      'refused',
      `数据目录不为空${held}：${target}。确要以备份替换时请加 --replace（原目录改名保留，不删除）`,
      `the data folder is not empty${state.logEntries ? ` (a review log of ${state.logEntries} entries)` : ''}: ${target}; add --replace to restore over it (the old folder is renamed, not deleted)`,
    );
  }
  return state;
}

/** Copies every file the manifest lists, checking each against it; the backup's own folder is never written. */
async function copyVerified(from: string, to: string, manifest: BackupManifest, onProgress?: (p: BackupProgress) => void) {
  const progress: BackupProgress = { files: 0, bytes: 0, totalFiles: manifest.files.length, totalBytes: manifest.files.reduce((n, f) => n + f.size, 0) };
  for (const f of manifest.files) {
    const parts = f.path.split('/');
    const src = join(from, ...parts);
    const st = lstatSync(src, { throwIfNoEntry: false });
    if (!st) throw altered(`缺少文件 ${f.path}`, `${f.path} is missing`);
    if (!st.isFile()) throw altered(`${f.path} 不是普通文件`, `${f.path} is not a regular file`);
    if (st.size !== f.size) throw altered(`${f.path} 的大小与清单不符`, `${f.path} has another size than the manifest says`);
    const copied = await copyHashed(src, join(to, ...parts), (n) => (progress.bytes += n));
    if (copied.sha256 !== f.sha256 || copied.size !== f.size) throw altered(`${f.path} 的 SHA-256 与清单不符`, `${f.path} does not match its SHA-256 in the manifest`);
    progress.files++;
    onProgress?.({ ...progress });
  }
  return { files: progress.files, bytes: progress.bytes };
}

function checkIntegrity(dbPath: string): void {
  let problems: string[];
  try {
    const db = new Database(dbPath, { fileMustExist: true });
    try {
      problems = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).filter((r) => r !== 'ok');
    } finally {
      db.close();
    }
  } catch (err) {
    problems = [(err as Error).message];
  }
  if (problems.length > 0) {
    throw altered(`mishen.db 未通过 SQLite 完整性检查（${problems[0]}）`, `mishen.db fails SQLite's integrity check (${problems[0]})`);
  }
}

/** Opens the restored folder as the app would, checks its log against the manifest, and records the restore. */
function checkLogAndRecord(dir: string, manifest: BackupManifest, files: number, now: () => Date): number {
  const ws = openWorkspace(dir, { now });
  try {
    const check = ws.log.verify();
    if (!check.ok) throw altered(`审查日志未通过验证（第 ${check.failure?.seq ?? '?'} 条记录）`, `the review log does not verify (entry ${check.failure?.seq ?? '?'})`);
    const at = ws.db.prepare('SELECT hash FROM log_entries WHERE seq = ?').get(manifest.log.entries) as { hash: string } | undefined;
    if (at?.hash !== manifest.log.headHash) {
      throw altered(`审查日志第 ${manifest.log.entries} 条记录与清单记载的哈希不符`, `log entry ${manifest.log.entries} does not have the hash the manifest records`);
    }
    ws.log.append('data.restore', { backupCreatedAt: manifest.createdAt, backupHeadHash: manifest.log.headHash, backupEntries: manifest.log.entries, files });
    return ws.log.count();
  } finally {
    ws.close();
  }
}
