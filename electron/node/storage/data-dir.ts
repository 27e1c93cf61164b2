import { closeSync, mkdirSync, openSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { DIR_MODE, FILE_MODE, restrictDataDir } from './permissions';

/**
 * The folder shared by the desktop app and the CLI unless `--data-dir` says
 * otherwise: the platform's per-user application data folder.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.MISHEN_DATA_DIR) return resolve(env.MISHEN_DATA_DIR);
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Mishen');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Mishen');
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'mishen');
}

/** The folders every data folder has. */
export const DATA_SUBDIRS = ['blobs', 'keys', 'lists', 'allow'] as const;

/**
 * Creates the folder and its parts readable by this user only, and narrows
 * what an older version or the umask left wider. The database file is
 * created here, 0600, before SQLite opens it: SQLite creates a new database
 * with the process umask (often 0644) but gives its -wal and -shm files the
 * database file's mode.
 */
export function ensureDataDir(dir: string): string {
  const root = resolve(dir);
  for (const sub of ['', ...DATA_SUBDIRS]) mkdirSync(join(root, sub), { recursive: true, mode: DIR_MODE });
  closeSync(openSync(join(root, 'mishen.db'), 'a', FILE_MODE));
  restrictDataDir(root);
  return root;
}
