import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { AppError } from '../../../shared/errors';
import { BASIS } from '../../../shared/rules/basis';
import { parseTermLines, type TermList } from '../../../shared/rules/term-list';
import { sha256Hex } from '../storage/blob-store';

export const MAX_LIST_FILE_BYTES = 32 * 1024 * 1024;

/**
 * Reads a negative list: UTF-8 (BOM allowed), one term per line. The list is
 * named after its file; its version is the first 12 hex digits of the file's
 * SHA-256, so a scan records exactly which list it used.
 */
export function readTermListFile(path: string): TermList {
  let bytes: Buffer;
  try {
    if (statSync(path).size > MAX_LIST_FILE_BYTES) {
      throw new AppError('too_large', `词表文件超过 32 MB：${path}`, `term list exceeds 32 MB: ${path}`);
    }
    bytes = readFileSync(path);
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('not_found', `无法读取词表文件：${path}`, `cannot read term list: ${path}`);
  }
  let content: string;
  try {
    content = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new AppError('bad_input', `词表文件不是 UTF-8 编码：${path}`, `term list is not UTF-8: ${path}`);
  }
  return {
    name: basename(path, extname(path)),
    version: sha256Hex(bytes).slice(0, 12),
    category: 'negative_list',
    basis: BASIS.securityStability,
    terms: parseTermLines(content).terms,
  };
}

/** Every `.txt` list in the data folder's `lists/`, in name order. */
export function readListsFolder(dir: string): TermList[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => n.toLowerCase().endsWith('.txt'))
    .sort()
    .map((n) => readTermListFile(join(dir, n)));
}
