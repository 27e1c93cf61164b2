import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** What a temporary file's name ends with: a clerk browsing the folder sees at once it is no export. */
export const PARTIAL_SUFFIX = '.mishen-partial';

const ID = /^[0-9a-f]{24}$/;
const ENTRY = /^([0-9a-f]{24})\.json$/;
const ENTRY_TMP = /^[0-9a-f]{24}\.json\.tmp$/;
/** File names are limited to 255 bytes on common file systems; the final name is cut to leave room for the rest. */
const MAX_NAME_BYTES = 180;

/** One file being written: its temporary path beside the final one, and who writes it. */
export interface PendingWrite {
  id: string;
  tmp: string;
  final: string;
  pid: number;
  startedAt: string;
}

/**
 * `.名单（脱敏）.pdf.<id>.mishen-partial` beside `名单（脱敏）.pdf`: hidden on
 * Unix, and named so that nobody takes it for the export itself.
 */
export function partialPathOf(final: string, id: string): string {
  return join(dirname(final), `.${cutToBytes(basename(final), MAX_NAME_BYTES)}.${id}${PARTIAL_SUFFIX}`);
}

/**
 * The journal of temporary files being written (`<data dir>/pending-writes/<id>.json`):
 * each is recorded, durably, before it is created and forgotten after its
 * rename, so that a file a killed process left behind in a folder the user
 * chose is found and removed when the workspace next opens.
 */
export class PendingWrites {
  constructor(private readonly dir: string) {}

  /** Records a write to `final`; the caller then creates the returned `tmp`. */
  begin(final: string): PendingWrite {
    const id = randomBytes(12).toString('hex');
    const write: PendingWrite = { id, tmp: partialPathOf(final, id), final, pid: process.pid, startedAt: new Date().toISOString() };
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const entry = join(this.dir, `${id}.json`);
    writeDurably(`${entry}.tmp`, JSON.stringify(write), 0o600);
    renameSync(`${entry}.tmp`, entry);
    syncDir(this.dir);
    return write;
  }

  /** The write is over (renamed or its temporary file removed). */
  end(write: PendingWrite): void {
    rmSync(join(this.dir, `${write.id}.json`), { force: true });
  }

  /**
   * Removes the temporary files of writes that never ended, and their
   * entries. A file is removed only when the entry is well formed and its
   * name is exactly the one this module gives (a tampered entry cannot make
   * it delete anything else); writes of a live process (the CLI beside the
   * app) are left alone. Returns the files removed.
   */
  recover(): string[] {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return []; // nothing was ever written
    }
    const removed: string[] = [];
    for (const name of names) {
      const path = join(this.dir, name);
      if (ENTRY_TMP.test(name)) {
        rmSync(path, { force: true }); // an entry cut off while being recorded: its temporary file was never created
        continue;
      }
      const id = ENTRY.exec(name)?.[1];
      if (id === undefined) continue;
      const write = readEntry(path, id);
      if (write === null) {
        rmSync(path, { force: true });
        continue;
      }
      if (isAlive(write.pid)) continue;
      try {
        unlinkSync(write.tmp);
        removed.push(write.tmp);
      } catch (err) {
        // Kept for the next start when the folder is out of reach now (an unplugged drive, no permission).
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') continue;
      }
      rmSync(path, { force: true });
    }
    return removed;
  }
}

/** The entry, if it is one this module wrote: id matching its file name, temporary path derived from the final one. */
function readEntry(path: string, id: string): PendingWrite | null {
  try {
    const raw = JSON.parse(readFileSync(path, 'utf8')) as Partial<PendingWrite>;
    if (raw.id !== id || !ID.test(id) || typeof raw.final !== 'string' || typeof raw.tmp !== 'string' || !Number.isSafeInteger(raw.pid)) return null;
    if (raw.tmp !== partialPathOf(raw.final, id)) return null;
    return raw as PendingWrite;
  } catch {
    return null;
  }
}

/** Another process with this id is running (and may be writing right now). */
function isAlive(pid: number): boolean {
  if (pid === process.pid || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Creates `path` (never over an existing file) with `bytes`, flushed to the disk before returning. */
export function writeDurably(path: string, bytes: Uint8Array | string, mode = 0o666): void {
  const data = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  const fd = openSync(path, 'wx', mode);
  try {
    for (let at = 0; at < data.byteLength; ) at += writeSync(fd, data, at, data.byteLength - at);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Flushes a directory so that a rename in it survives a power cut. Windows
 * cannot open a directory for this (its renames are journalled by NTFS);
 * elsewhere a file system that refuses it gives nothing to act on either.
 */
export function syncDir(dir: string): void {
  if (process.platform === 'win32') return;
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // best effort: see above
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function cutToBytes(name: string, max: number): string {
  if (Buffer.byteLength(name, 'utf8') <= max) return name;
  let out = '';
  for (const ch of name) {
    if (Buffer.byteLength(out + ch, 'utf8') > max) break;
    out += ch;
  }
  return out;
}
