import { statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ListDetail, ListKind, TermEntry } from '../../../shared/ipc/views';
import { BASIS } from '../../../shared/rules/basis';
import type { AllowList } from '../../../shared/rules/allow-list';
import type { TermList } from '../../../shared/rules/term-list';
import { readAllowListFile, readListsFolder, readTermListFile } from '../review/term-lists';
import { sha256Hex } from '../storage/blob-store';

/**
 * File lists (`lists/*.txt`, `allow/*.txt` in the data folder) sit beside the
 * database's lists, read-only: the file is the list. Their ids live in a range
 * of their own, `2^48 + 40 bits of SHA-256(kind/file name)`: stable while the
 * file keeps its name, never equal to a database id (SQLite counts from 1),
 * and every `rules.list` call can answer for them. Their only version is 1
 * (the file as it is now); scans record them as `name@<sha12 of the file>`.
 */
export const FILE_LIST_ID_BASE = 2 ** 48;

export function isFileListId(id: number): boolean {
  return id >= FILE_LIST_ID_BASE;
}

export interface FileList {
  id: number;
  kind: ListKind;
  /** Path relative to the data folder, with `/`. */
  file: string;
  modified: string;
  list: TermList | AllowList;
}

const FOLDERS: [ListKind, string][] = [
  ['negative', 'lists'],
  ['allow', 'allow'],
];

export function fileListId(kind: ListKind, file: string): number {
  return FILE_LIST_ID_BASE + Number.parseInt(sha256Hex(`${kind}/${file}`).slice(0, 10), 16);
}

/** Every file list of the data folder, negative lists first, each folder in name order. */
export function readFileLists(dataDir: string): FileList[] {
  return FOLDERS.flatMap(([kind, folder]) =>
    readListsFolder(join(dataDir, folder), (path) => {
      const file = relative(dataDir, path).split('\\').join('/');
      const list = kind === 'negative' ? readTermListFile(path) : readAllowListFile(path);
      return { id: fileListId(kind, file), kind, file, modified: statSync(path).mtime.toISOString(), list };
    }),
  );
}

/** A file list as the list screen shows it: enabled, every term on, no notes. */
export function fileListDetail(f: FileList): ListDetail {
  const terms: TermEntry[] = [...f.list.terms, ...('patterns' in f.list ? (f.list.patterns ?? []).map((p) => `re:${p}`) : [])].map((term) => ({ term, note: '', disabled: false }));
  const category = 'category' in f.list ? f.list.category : 'negative_list';
  const basis = 'basis' in f.list ? f.list.basis : BASIS.securityStability;
  return {
    list: {
      id: f.id,
      kind: f.kind,
      name: f.list.name,
      category,
      basis,
      owner: '',
      enabled: true,
      version: 1,
      terms: terms.length,
      enabledTerms: terms.length,
      builtin: false,
      file: f.file,
      updatedAt: f.modified,
      updatedBy: '',
    },
    terms,
    versions: [{ version: 1, author: '', note: `数据目录中的文件（${f.list.version}）`, at: f.modified, terms: terms.length }],
  };
}
