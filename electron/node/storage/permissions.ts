import { chmodSync, lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Modes of everything in the data folder and in backups: this user only. */
export const DIR_MODE = 0o700;
export const FILE_MODE = 0o600;

/**
 * POSIX modes mean nothing on Windows (chmod only toggles read-only there):
 * the per-user profile's ACL (%APPDATA%) is what keeps others out.
 */
export const POSIX_MODES = process.platform !== 'win32';

/** Takes group and other bits off one file or directory (links are left alone: their target may be anywhere). */
export function restrictEntry(path: string): void {
  if (!POSIX_MODES) return;
  const st = lstatSync(path, { throwIfNoEntry: false });
  if (!st || st.isSymbolicLink()) return;
  const wanted = st.isDirectory() ? DIR_MODE : FILE_MODE;
  if ((st.mode & 0o777) !== wanted) chmodSync(path, wanted);
}

/** What Mishen keeps at the top of a data folder; anything else there is the user's and keeps its modes. */
const OWNED = new Set(['mishen.db', 'mishen.db-wal', 'mishen.db-shm', 'blobs', 'keys', 'lists', 'allow', 'pending-writes']);

/**
 * Brings what Mishen keeps in the data folder to owner-only modes: the
 * folder, its own entries at the top level (database, -wal, -shm, folders)
 * and the entries one level down in its folders (keys, lists, blob shard
 * folders). Other files a user keeps in a folder given as `--data-dir` are
 * left alone. Files inside blob shards are not visited: the blob store has
 * always written them 0600, and a folder may hold a million. Costs a few
 * hundred lstat calls on every open.
 */
export function restrictDataDir(root: string): void {
  if (!POSIX_MODES) return;
  restrictEntry(root);
  for (const top of readdirSync(root, { withFileTypes: true })) {
    if (!OWNED.has(top.name)) continue;
    const path = join(root, top.name);
    restrictEntry(path);
    if (!top.isDirectory()) continue;
    for (const child of readdirSync(path, { withFileTypes: true })) restrictEntry(join(path, child.name));
  }
}
