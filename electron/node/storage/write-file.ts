import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppError } from '../../../shared/errors';
import { partialPathOf, syncDir, writeDurably, type PendingWrite, type PendingWrites } from './pending-writes';
import { sha256Hex } from './blob-store';

export interface AtomicWriteOptions<T> {
  /** Records the temporary file, so that one a crash leaves behind is removed when the workspace next opens. */
  journal?: PendingWrites | undefined;
  /**
   * Runs once the temporary file is on the disk and read back intact, before
   * the rename: the transaction that logs the file. If it throws, the file is
   * not renamed; once it has returned, the file exists only if the record does.
   */
  beforeRename?: () => T;
}

/**
 * Writes `bytes` to `path` so that the final name never holds half a file,
 * nor (with `beforeRename`) a file its record does not know: a hidden
 * temporary file beside it (`.name.<id>.mishen-partial`), flushed to the
 * disk and read back against the bytes' SHA-256, then `beforeRename`, then a
 * rename and a flush of the folder.
 */
export function writeFileAtomic<T = void>(path: string, bytes: Uint8Array, options: AtomicWriteOptions<T> = {}): T {
  const { journal, beforeRename } = options;
  let pending: PendingWrite | null = null;
  let tmp = partialPathOf(path, randomBytes(12).toString('hex'));
  const forget = () => {
    rmSync(tmp, { force: true });
    if (pending) journal?.end(pending);
  };
  try {
    if (journal) ({ tmp } = pending = journal.begin(path));
    writeDurably(tmp, bytes);
    // Read back through the file system: what gets the final name is exactly what was checked in memory.
    if (sha256Hex(readFileSync(tmp)) !== sha256Hex(bytes)) throw new Error('the file read back differs from the bytes written');
  } catch (err) {
    forget();
    throw new AppError('internal', `无法写出文件：${path}`, `cannot write ${path}: ${(err as Error).message}`);
  }
  let result: T;
  try {
    result = beforeRename ? beforeRename() : (undefined as T);
  } catch (err) {
    forget();
    throw err;
  }
  try {
    renameSync(tmp, path);
  } catch (err) {
    forget();
    const why = (err as Error).message;
    throw beforeRename
      ? new AppError('internal', `已记入日志，但未能写出文件：${path}，请重新导出`, `recorded in the log, but ${path} could not be written (${why}); export again`)
      : new AppError('internal', `无法写出文件：${path}`, `cannot write ${path}: ${why}`);
  }
  syncDir(dirname(path));
  if (pending) journal?.end(pending);
  return result;
}

