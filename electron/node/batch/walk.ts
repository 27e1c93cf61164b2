import { lstat, opendir, realpath, stat } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import type { BatchNeed } from '../../../shared/batch/result';
import { MAX_IMPORT_BYTES } from '../../../shared/ipc/contract';
import { isWithin } from '../storage/paths';

/**
 * The files of a folder, one at a time (a directory handle streams its
 * entries, and only the folders still to visit are held), so a folder of any
 * size costs the same memory. Links are never followed: one that leaves the
 * folder is reported, one inside it is left out (its target is listed where
 * it lies). Hidden and system files and files that are not documents are
 * counted, not listed.
 */

export interface WalkReason {
  zh: string;
  en: string;
  needs: BatchNeed[];
}

export type WalkEntry =
  | { kind: 'file'; path: string; size: number; mtimeMs: number }
  | { kind: 'skip'; path: string; size: number; mtimeMs: number; reason: WalkReason }
  | { kind: 'ignored' };

/** What the importers read (electron/node/importers/index.ts). */
export const SUPPORTED = new Set(['.docx', '.docm', '.xlsx', '.xlsm', '.pdf', '.html', '.htm', '.xhtml', '.shtml', '.txt', '.text', '.csv', '.tsv', '.md', '.log']);
/** Documents the app does not read: listed, so that the report says they were not checked. */
const CONVERT = new Set(['.doc', '.dot', '.dotx', '.wps', '.wpt', '.xls', '.xlt', '.xltx', '.et', '.ett', '.ppt', '.pptx', '.pps', '.ppsx', '.dps', '.odt', '.ods', '.odp', '.rtf', '.ofd', '.xps', '.zip', '.rar', '.7z']);
const IMAGES = new Set(['.jpg', '.jpeg', '.png', '.tif', '.tiff', '.bmp', '.gif', '.webp']);
const SYSTEM = new Set(['thumbs.db', 'desktop.ini', '$recycle.bin', 'system volume information', '__macosx']);

const isHidden = (name: string) => name.startsWith('.') || name.startsWith('~$') || SYSTEM.has(name.toLowerCase());
const toPosix = (p: string) => p.split(sep).join('/');

function reasonFor(ext: string): WalkReason | null {
  if (IMAGES.has(ext)) return { zh: '图片文件，须文字识别或人工审查', en: 'an image: needs OCR or a person', needs: ['ocr'] };
  if (CONVERT.has(ext)) return { zh: `不支持 ${ext} 格式，请另存为 .docx、.xlsx 或 .pdf（压缩包请解压）后检查`, en: `${ext} is not read; save as .docx/.xlsx/.pdf (unpack archives) first`, needs: ['convert'] };
  return null;
}

const TOO_LARGE: WalkReason = { zh: '文件超过 200 MB 上限，未检查', en: 'over the 200 MB limit; not checked', needs: [] };
const LINK_OUT: WalkReason = { zh: '链接指向检查目录之外，未检查', en: 'a link to outside the folder; not checked', needs: [] };
const DIR_UNREADABLE: WalkReason = { zh: '无法读取此目录，其中文件未检查', en: 'folder could not be read; its files were not checked', needs: [] };


/** `root` must be a real path (no links in it). */
export async function* walkFolder(root: string, signal?: AbortSignal): AsyncGenerator<WalkEntry> {
  const stack = [root];
  while (stack.length > 0) {
    if (signal?.aborted) return;
    const dir = stack.pop()!;
    let handle;
    try {
      handle = await opendir(dir, { bufferSize: 64 });
    } catch {
      yield { kind: 'skip', path: `${toPosix(relative(root, dir))}/`, size: 0, mtimeMs: 0, reason: DIR_UNREADABLE };
      continue;
    }
    for await (const entry of handle) {
      if (signal?.aborted) return;
      const abs = join(dir, entry.name);
      const path = toPosix(relative(root, abs));
      if (isHidden(entry.name)) {
        yield { kind: 'ignored' };
      } else if (entry.isSymbolicLink()) {
        const target = await realpath(abs).catch(() => null);
        if (target !== null && isWithin(root, target)) yield { kind: 'ignored' };
        else {
          const st = await lstat(abs).catch(() => null);
          yield { kind: 'skip', path, size: 0, mtimeMs: st?.mtimeMs ?? 0, reason: LINK_OUT };
        }
      } else if (entry.isDirectory()) {
        stack.push(abs);
      } else if (entry.isFile()) {
        const ext = extname(entry.name).toLowerCase();
        const reason = SUPPORTED.has(ext) ? null : reasonFor(ext);
        if (!SUPPORTED.has(ext) && reason === null) {
          yield { kind: 'ignored' };
          continue;
        }
        const st = await stat(abs).catch(() => null);
        if (st === null) continue; // gone since the directory was read
        if (reason) yield { kind: 'skip', path, size: st.size, mtimeMs: st.mtimeMs, reason };
        else if (st.size > MAX_IMPORT_BYTES) yield { kind: 'skip', path, size: st.size, mtimeMs: st.mtimeMs, reason: TOO_LARGE };
        else yield { kind: 'file', path, size: st.size, mtimeMs: st.mtimeMs };
      } else {
        yield { kind: 'ignored' }; // sockets, pipes, devices
      }
    }
  }
}
