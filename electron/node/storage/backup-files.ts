import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { dirname, join } from 'node:path';
import { DIR_MODE, FILE_MODE } from './permissions';

/** Folders of the data folder a backup carries besides the database. */
export const BACKED_UP_FOLDERS = ['keys', 'lists', 'allow', 'blobs'] as const;

/** A blob store write in progress (`<name>.<12 hex>.tmp`, renamed when complete). */
const IN_FLIGHT = /\.[0-9a-f]{12}\.tmp$/;

export interface ListedFile {
  /** Relative to the data folder, `/`-separated. */
  path: string;
  size: number;
}

/**
 * Regular files under the backed-up folders, in a stable order. Links and
 * anything else that is not a plain file are skipped, never followed.
 */
export function listDataFiles(root: string): ListedFile[] {
  const out: ListedFile[] = [];
  const walk = (rel: string) => {
    let entries;
    try {
      entries = readdirSync(join(root, rel), { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const path = `${rel}/${e.name}`;
      if (e.isDirectory()) walk(path);
      else if (e.isFile() && !IN_FLIGHT.test(e.name)) {
        const st = lstatSync(join(root, path), { throwIfNoEntry: false });
        if (st?.isFile()) out.push({ path, size: st.size });
      }
    }
  };
  for (const folder of BACKED_UP_FOLDERS) walk(folder);
  return out;
}

/**
 * Copies `from` to a new file `to` (0600, never over an existing one; missing
 * folders made 0700) and returns the SHA-256 and size of the bytes written.
 * `onBytes` is told as they pass.
 */
export async function copyHashed(from: string, to: string, onBytes?: (n: number) => void): Promise<{ sha256: string; size: number }> {
  mkdirSync(dirname(to), { recursive: true, mode: DIR_MODE });
  const hash = createHash('sha256');
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      size += chunk.length;
      onBytes?.(chunk.length);
      done(null, chunk);
    },
  });
  await pipeline(createReadStream(from), tap, createWriteStream(to, { flags: 'wx', mode: FILE_MODE }));
  return { sha256: hash.digest('hex'), size };
}

/** SHA-256 and size of a file, read as a stream. */
export async function hashFile(path: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { sha256: hash.digest('hex'), size };
}


/** `20260315-143005` in local time, for folder names a person reads. */
export function dateStamp(at: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}${p(at.getMonth() + 1)}${p(at.getDate())}-${p(at.getHours())}${p(at.getMinutes())}${p(at.getSeconds())}`;
}

/** `base`, or `base-2`, `base-3` … whichever does not exist yet. */
export function freePath(base: string): string {
  let path = base;
  for (let i = 2; existsSync(path); i++) path = `${base}-${i}`;
  return path;
}
