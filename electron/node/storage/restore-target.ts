import Database from 'better-sqlite3';
import { existsSync, lstatSync, readdirSync, renameSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../../shared/errors';
import { dateStamp, freePath } from './backup-files';

export interface TargetState {
  exists: boolean;
  /** Any file at all in it (a folder of empty folders is as good as none). */
  hasFiles: boolean;
  /** Entries of the review log in its database; null without a readable one. */
  logEntries: number | null;
}

/**
 * What the data folder to restore into holds, and a refusal when a process
 * (the app, a CLI command) has its database open: in WAL mode every open
 * connection holds a shared lock, so an exclusive lock is granted only to a
 * lone connection, and a busy answer means the folder is in use.
 */
export function inspectTarget(dir: string): TargetState {
  const st = lstatSync(dir, { throwIfNoEntry: false });
  if (!st) return { exists: false, hasFiles: false, logEntries: null };
  if (!st.isDirectory()) throw new AppError('refused', `数据目录位置已有同名文件或链接：${dir}`, `the data folder's place holds a file or link: ${dir}`);
  const dbPath = join(dir, 'mishen.db');
  return { exists: true, hasFiles: containsFiles(dir), logEntries: existsSync(dbPath) ? probeDatabase(dbPath) : null };
}

function probeDatabase(dbPath: string): number | null {
  let db: Database.Database;
  try {
    db = new Database(dbPath, { fileMustExist: true, timeout: 0 });
  } catch {
    return null;
  }
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    const hasLog = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'log_entries'").get() !== undefined;
    const n = hasLog ? (db.prepare('SELECT count(*) AS n FROM log_entries').get() as { n: number }).n : 0;
    db.exec('COMMIT');
    return n;
  } catch (err) {
    if ((err as { code?: string }).code?.startsWith('SQLITE_BUSY') || (err as { code?: string }).code?.startsWith('SQLITE_LOCKED')) {
      throw new AppError('refused', '数据目录正被使用（密审应用或其他命令已打开它），请先关闭后再恢复', 'the data folder is in use (the app or another command has it open); close it first');
    }
    return null; // not a database we can read: the folder still has files, so --replace decides
  } finally {
    db.close();
  }
}

function containsFiles(dir: string): boolean {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (!e.isDirectory() || containsFiles(join(dir, e.name))) return true;
  }
  return false;
}

/** Removes a tree of empty folders; fails rather than remove a file that appeared meanwhile. */
export function removeEmptyTree(dir: string): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) if (e.isDirectory()) removeEmptyTree(join(dir, e.name));
  rmdirSync(dir);
}

/** Renames the old data folder to `<dir>.before-restore-<date>` (a free name), never deleting it. */
export function moveAside(dir: string, at: Date): string {
  const aside = freePath(`${dir}.before-restore-${dateStamp(at)}`);
  renameSync(dir, aside);
  return aside;
}
