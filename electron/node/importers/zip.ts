import { unzipSync, type UnzipFileInfo } from 'fflate';
import { AppError } from '../../../shared/errors';

/** Limits against zip bombs: entry count, total and per-entry size, compression ratio. */
export const ZIP_LIMITS = {
  maxEntries: 5_000,
  maxTotalBytes: 512 * 1024 * 1024,
  maxEntryBytes: 128 * 1024 * 1024,
  maxRatio: 200,
} as const;

function bomb(): AppError {
  return new AppError('bad_input', '文件压缩结构异常（疑似压缩炸弹），已拒绝导入', 'archive looks like a zip bomb; refused');
}

/**
 * Reads the entries `want` selects, after checking the central directory
 * against the limits. Declared sizes bound the inflated output, so a header
 * that lies cannot make the output grow past them. Entry names are only
 * ever used as map keys, never as file paths.
 */
export function readZip(bytes: Uint8Array, want: (name: string) => boolean = () => true): Map<string, Uint8Array> {
  let entries = 0;
  let total = 0;
  const check = (f: UnzipFileInfo): boolean => {
    entries++;
    total += f.originalSize;
    if (entries > ZIP_LIMITS.maxEntries || total > ZIP_LIMITS.maxTotalBytes || f.originalSize > ZIP_LIMITS.maxEntryBytes) {
      throw bomb();
    }
    if (f.size > 0 && f.originalSize / f.size > ZIP_LIMITS.maxRatio && f.originalSize > 1024 * 1024) throw bomb();
    return want(f.name);
  };
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, { filter: check });
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('bad_input', '文件已损坏或不是有效的压缩包', 'file is corrupt or not a valid zip package');
  }
  return new Map(Object.entries(files));
}
