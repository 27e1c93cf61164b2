import { lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../shared/errors';

export const BACKUP_FORMAT = 'mishen-backup';
export const BACKUP_FORMAT_VERSION = 1;
export const MANIFEST_NAME = 'manifest.json';
/** Enough for millions of files (about 150 bytes each); a larger file is not a manifest of ours. */
const MAX_MANIFEST_BYTES = 1024 * 1024 * 1024;

const SHA256 = /^[0-9a-f]{64}$/;
/** One path segment: no separators, no `.`/`..`, no drive colon, no control characters. */
const SEGMENT = /^(?!\.{1,2}$)[^/\\:\u0000-\u001f\u007f]{1,255}$/;
/** Where a backed-up file may go in a data folder; anything else (`../x`, `C:\`, `mishen.db-wal`) is refused. */
const PLACES = [/^mishen\.db$/, /^keys\/[^/]+$/, /^lists\/[^/]+$/, /^allow\/[^/]+$/, /^blobs\/[0-9a-f]{2}\/[^/]+$/];

export function isRestorablePath(path: string): boolean {
  return path.split('/').every((s) => SEGMENT.test(s)) && PLACES.some((p) => p.test(path));
}

const fileSchema = z
  .object({
    /** Relative to the data folder, `/`-separated. */
    path: z.string().max(1000).refine(isRestorablePath, '路径无效'),
    size: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
    sha256: z.string().regex(SHA256),
  })
  .strict();

const manifestSchema = z
  .object({
    format: z.literal(BACKUP_FORMAT),
    formatVersion: z.literal(BACKUP_FORMAT_VERSION),
    appVersion: z.string().max(100),
    createdAt: z.iso.datetime(),
    /** The database's `user_version` (migrations applied). */
    schemaVersion: z.number().int().nonnegative().max(1_000_000),
    /** The review log in the backed-up database: its entry count and the hash of its last entry. */
    log: z.object({ entries: z.number().int().positive().max(Number.MAX_SAFE_INTEGER), headHash: z.string().regex(SHA256) }).strict(),
    files: z.array(fileSchema).min(2),
  })
  .strict();

export type BackupManifest = z.infer<typeof manifestSchema>;
export type BackupFile = BackupManifest['files'][number];

export function manifestJson(manifest: BackupManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/**
 * Reads and checks a backup's manifest: our format and version, every path
 * one a data folder has, no path twice, the database and installation key
 * present. The files themselves are checked against it while they are copied.
 */
export function readManifest(backupDir: string): { manifest: BackupManifest; bytes: Buffer } {
  const path = join(backupDir, MANIFEST_NAME);
  const st = lstatSync(path, { throwIfNoEntry: false });
  if (!st?.isFile()) {
    throw new AppError('not_found', `不是完整的密审备份（缺少 ${MANIFEST_NAME}）：${backupDir}`, `not a complete Mishen backup (no ${MANIFEST_NAME}): ${backupDir}`);
  }
  if (st.size > MAX_MANIFEST_BYTES) throw new AppError('too_large', `${MANIFEST_NAME} 过大，不是密审备份的清单`, `${MANIFEST_NAME} is too large to be a Mishen manifest`);
  const bytes = readFileSync(path);
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw altered(`${MANIFEST_NAME} 不是有效的 JSON`, `${MANIFEST_NAME} is not valid JSON`);
  }
  if (typeof json === 'object' && json !== null && (json as { format?: unknown }).format === BACKUP_FORMAT) {
    const v = (json as { formatVersion?: unknown }).formatVersion;
    if (typeof v === 'number' && v > BACKUP_FORMAT_VERSION) {
      throw new AppError('refused', `备份格式版本 ${v} 由更新版本的密审写出，请升级本软件后再恢复`, `backup format ${v} was written by a newer Mishen; upgrade to restore it`);
    }
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.join('.');
    throw altered(`${MANIFEST_NAME} 内容无效（${where}）`, `${MANIFEST_NAME} is invalid at ${where}: ${issue.message}`);
  }
  const manifest = parsed.data;
  const seen = new Set<string>();
  for (const f of manifest.files) {
    if (seen.has(f.path)) throw altered(`${MANIFEST_NAME} 重复列出 ${f.path}`, `${MANIFEST_NAME} lists ${f.path} twice`);
    seen.add(f.path);
  }
  for (const needed of ['mishen.db', 'keys/installation.pem']) {
    if (!seen.has(needed)) throw altered(`${MANIFEST_NAME} 未列出 ${needed}`, `${MANIFEST_NAME} does not list ${needed}`);
  }
  return { manifest, bytes };
}

/** A backup that does not match its manifest: damaged on the medium or changed by someone. */
export function altered(zh: string, en: string): AppError {
  return new AppError('refused', `备份已损坏或被改动，拒绝恢复：${zh}`, `the backup is damaged or altered; not restored: ${en}`);
}
