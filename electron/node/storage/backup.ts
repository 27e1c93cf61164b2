import Database from 'better-sqlite3';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, realpathSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { AppError } from '../../../shared/errors';
import type { ReviewLog } from '../log/review-log';
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, MANIFEST_NAME, isRestorablePath, manifestJson, type BackupFile, type BackupManifest } from './backup-manifest';
import { copyHashed, hashFile, listDataFiles, type ListedFile } from './backup-files';
import { isWithin } from './paths';
import { sha256Hex } from './blob-store';
import type { Db } from './database';
import { DIR_MODE, FILE_MODE, restrictEntry } from './permissions';
import { writeDurably } from './pending-writes';

export interface BackupProgress {
  files: number;
  bytes: number;
  totalFiles: number;
  totalBytes: number;
}

export interface BackupResult {
  path: string;
  files: number;
  bytes: number;
  logEntries: number;
  headHash: string;
  /** SHA-256 of `manifest.json`, to be noted beside the medium. */
  sha256: string;
}

export interface BackupOptions {
  appVersion: string;
  now?: () => Date;
  onProgress?: (p: BackupProgress) => void;
}

/** What a backup reads: the open workspace's folder, database connection and log. */
export interface BackupSource {
  dataDir: string;
  db: Db;
  log: ReviewLog;
}

/**
 * Backs up an open data folder into `out` (a new or empty folder) while the
 * app may go on working: a `data.backup` entry first (so the backup holds
 * its own record), SQLite's online backup of the database (a consistent
 * snapshot through the same connection), the key, lists and blobs (never
 * rewritten once stored, so a plain copy is consistent), and `manifest.json`
 * last, through a temporary file, so that a folder without one is visibly
 * incomplete. A failed backup removes what it wrote: it holds the private key.
 */
export async function backupDataDir(source: BackupSource, out: string, options: BackupOptions): Promise<BackupResult> {
  const now = options.now ?? (() => new Date());
  const target = prepareTarget(source.dataDir, out);
  let logged = false;
  try {
    const before = restorableFiles(source.dataDir);
    source.log.append('data.backup', { folder: basename(target.path), files: before.length, bytes: before.reduce((n, f) => n + f.size, 0) });
    logged = true;

    const dbPath = join(target.path, 'mishen.db');
    closeSync(openSync(dbPath, 'wx', FILE_MODE)); // SQLite would create it with the umask's mode
    await source.db.backup(dbPath);
    const snapshot = readSnapshot(dbPath);
    const db = await hashFile(dbPath);
    // Listed again after the snapshot: an import committed while it ran is in the snapshot, and its files
    // (stored before its review row) are on disk by now.
    const listed = restorableFiles(source.dataDir);
    const storedBytes = listed.reduce((n, f) => n + f.size, 0);

    const progress: BackupProgress = { files: 1, bytes: db.size, totalFiles: listed.length + 1, totalBytes: storedBytes + db.size };
    options.onProgress?.({ ...progress });
    const files: BackupFile[] = [{ path: 'mishen.db', ...db }];
    for (const f of listed) {
      const from = join(source.dataDir, f.path);
      const to = join(target.path, f.path);
      try {
        files.push({ path: f.path, ...(await copyHashed(from, to, (n) => (progress.bytes += n))) });
      } catch (err) {
        // A stored original removed since the listing (retention): the snapshot may name it, the folder no longer has it.
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || existsSync(from)) throw err;
        rmSync(to, { force: true });
        progress.totalBytes -= f.size;
      }
      progress.files++;
      options.onProgress?.({ ...progress });
    }

    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      appVersion: options.appVersion,
      createdAt: now().toISOString(),
      schemaVersion: snapshot.schemaVersion,
      log: { entries: snapshot.logEntries, headHash: snapshot.headHash },
      files,
    };
    const json = manifestJson(manifest);
    writeManifest(join(target.path, MANIFEST_NAME), json);
    return {
      path: target.path,
      files: files.length,
      bytes: files.reduce((n, f) => n + f.size, 0),
      logEntries: snapshot.logEntries,
      headHash: snapshot.headHash,
      sha256: sha256Hex(json),
    };
  } catch (err) {
    removeWritten(target);
    if (logged) {
      // The entry written first says a backup began; this one says it did not finish (no path, no file names).
      try {
        source.log.append('data.backup_failed', { folder: basename(target.path), reason: err instanceof AppError ? err.messageZh.slice(0, 200) : (err as NodeJS.ErrnoException).code ?? 'error' });
      } catch {
        // the log's own failure is not the one to report
      }
    }
    if (err instanceof AppError) throw err;
    // A full or read-only medium, a folder removed meanwhile: said in words the page and the CLI can show.
    const why = (err as Error).message;
    throw new AppError('internal', `备份失败，已删除不完整的备份：${why}`, `backup failed; the incomplete backup was removed: ${why}`);
  }
}

/** The files to copy; one that restore would refuse (a sub-folder or odd name put in lists/ by hand) stops the backup before anything is copied. */
function restorableFiles(dataDir: string): ListedFile[] {
  const listed = listDataFiles(dataDir);
  const odd = listed.find((f) => !isRestorablePath(f.path));
  if (odd) {
    throw new AppError(
      'refused',
      `数据目录中的文件“${odd.path}”不能备份（清单目录中只能直接放文件，文件名不能含冒号或控制字符），请移走或改名后重试`,
      `"${odd.path}" in the data folder cannot be backed up (list folders hold files directly, names without colons or control characters); move or rename it and try again`,
    );
  }
  return listed;
}

interface Target {
  path: string;
  /** Made by this backup (removed whole on failure) rather than an empty folder the user gave. */
  created: boolean;
}

function prepareTarget(dataDir: string, out: string): Target {
  const path = resolve(out);
  const st = statSync(path, { throwIfNoEntry: false });
  let created = false;
  if (st) {
    if (!st.isDirectory()) throw new AppError('refused', `备份位置已存在且不是目录：${path}`, `the backup target exists and is not a folder: ${path}`);
    if (readdirSync(path).length > 0) throw new AppError('refused', `备份目录不为空，请指定新的或空的目录：${path}`, `the backup folder is not empty; name a new or empty one: ${path}`);
  } else {
    mkdirSync(path, { recursive: true, mode: DIR_MODE });
    created = true;
  }
  if (isWithin(realpathSync(dataDir), realpathSync(path))) {
    if (created) rmSync(path, { recursive: true, force: true });
    throw new AppError('refused', '不能把备份放在数据目录之内', 'a backup cannot go inside the data folder');
  }
  restrictEntry(path);
  return { path, created };
}

/** The backed-up database's schema and log (opening and closing it also folds and removes its -wal). */
function readSnapshot(dbPath: string): { schemaVersion: number; logEntries: number; headHash: string } {
  const db = new Database(dbPath);
  try {
    const schemaVersion = db.pragma('user_version', { simple: true }) as number;
    const last = db.prepare('SELECT seq, hash FROM log_entries ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
    if (!last) throw new AppError('internal', '备份的数据库中没有审查日志', 'the backed-up database has no review log');
    return { schemaVersion, logEntries: last.seq, headHash: last.hash };
  } finally {
    db.close();
  }
}

/** Writes `text` through a temporary file, flushed to disk before the rename. */
function writeManifest(path: string, text: string): void {
  const tmp = `${path}.tmp`;
  writeDurably(tmp, text, FILE_MODE);
  renameSync(tmp, path);
}

function removeWritten(target: Target): void {
  try {
    if (target.created) rmSync(target.path, { recursive: true, force: true });
    else for (const name of readdirSync(target.path)) rmSync(join(target.path, name), { recursive: true, force: true });
  } catch {
    // the original error matters more
  }
}
