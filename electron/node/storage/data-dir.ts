import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

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

/** Creates the folder and its parts readable by this user only. */
export function ensureDataDir(dir: string): string {
  const root = resolve(dir);
  for (const sub of ['', 'blobs', 'keys', 'lists', 'allow']) mkdirSync(join(root, sub), { recursive: true, mode: 0o700 });
  return root;
}
