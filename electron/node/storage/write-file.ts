import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { AppError } from '../../../shared/errors';

/**
 * Writes `bytes` to `path` through a temporary file beside it and a rename,
 * so that a crash or a full disk never leaves half a file under the chosen name.
 */
export function writeFileAtomic(path: string, bytes: Uint8Array): void {
  const tmp = `${path}.${randomBytes(6).toString('hex')}.part`;
  try {
    writeFileSync(tmp, bytes, { flag: 'wx' });
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new AppError('internal', `无法写出文件：${path}`, `cannot write ${path}: ${(err as Error).message}`);
  }
}
