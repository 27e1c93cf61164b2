import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { AppError } from '../../../shared/errors';
import { BASIS } from '../../../shared/rules/basis';
import { parseTermLines, type TermList } from '../../../shared/rules/term-list';
import type { AllowList } from '../../../shared/rules/allow-list';
import { sha256Hex } from '../storage/blob-store';

export const MAX_LIST_FILE_BYTES = 32 * 1024 * 1024;

/**
 * Reads a negative list: UTF-8 (BOM allowed), one term per line. The list is
 * named after its file; its version is the first 12 hex digits of the file's
 * SHA-256, so a scan records exactly which list it used.
 */
function readUtf8List(path: string): { content: string; version: string } {
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
  return { content, version: sha256Hex(bytes).slice(0, 12) };
}

export function readTermListFile(path: string): TermList {
  const { content, version } = readUtf8List(path);
  return {
    name: basename(path, extname(path)),
    version,
    category: 'negative_list',
    basis: BASIS.securityStability,
    terms: parseTermLines(content).terms,
  };
}

/** Longest allow pattern; patterns are anchored and matched against one finding's text only. */
const MAX_PATTERN_LENGTH = 200;

/**
 * Why an allow pattern (the text after `re:`) is refused, or null: empty,
 * too long, invalid, or with nested quantifiers, which can backtrack without end.
 */
export function allowPatternProblem(source: string): string | null {
  if (source.length === 0) return '正则表达式为空';
  if (source.length > MAX_PATTERN_LENGTH) return `正则表达式超过 ${MAX_PATTERN_LENGTH} 个字符`;
  if (/\([^)]*[+*}][^)]*\)\s*[+*{]/.test(source)) return '正则表达式含嵌套重复，可能导致卡死';
  try {
    new RegExp(source, 'u');
  } catch {
    return '正则表达式无效';
  }
  return null;
}

/**
 * An allow-list: like a negative list, one term per line; a line starting
 * with `re:` is a regular expression matched against a finding's whole text.
 */
export function readAllowListFile(path: string): AllowList {
  const { content, version } = readUtf8List(path);
  const { terms: lines } = parseTermLines(content);
  const patterns: string[] = [];
  const terms: string[] = [];
  for (const line of lines) {
    if (!line.startsWith('re:')) {
      terms.push(line);
      continue;
    }
    const source = line.slice(3).trim();
    const problem = allowPatternProblem(source);
    if (problem) throw new AppError('bad_input', `白名单中的正则表达式无效或可能导致卡死（${problem}）：${source}（${path}）`, `invalid or unsafe allow pattern: ${source} (${path})`);
    patterns.push(source);
  }
  return { name: basename(path, extname(path)), version, terms, patterns };
}

/** Every `.txt` list in a folder, in name order. */
export function readListsFolder<T>(dir: string, read: (path: string) => T): T[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => n.toLowerCase().endsWith('.txt'))
    .sort()
    .map((n) => read(join(dir, n)));
}
