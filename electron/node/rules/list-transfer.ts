import { basename } from 'node:path';
import { AppError } from '../../../shared/errors';
import type { ListDetail, ListImportPreview } from '../../../shared/ipc/views';
import type { ReviewLog } from '../log/review-log';
import { sha256Hex } from '../storage/blob-store';
import type { PendingWrites } from '../storage/pending-writes';
import { writeFileAtomic } from '../storage/write-file';
import { listFileBytes, listFileName, type ListFileFormat } from './list-export';
import { readListFile } from './list-files';
import { planImport, type ImportMode } from './list-import';
import { readOnly, type ListStore } from './list-store';

/** What importing the file would do to the list's current version; nothing changes. */
export function previewImport(store: ListStore, id: number, fileName: string, bytes: Uint8Array, mode: ImportMode): ListImportPreview {
  const current = store.detail(id);
  refuseReadOnly(current);
  return planImport(current.terms, readListFile(fileName, bytes, current.list.kind), mode).preview;
}

/**
 * Imports the file as one new version (refused if the list moved on since
 * `expectedVersion`). Invalid and repeated lines are left out, as the preview
 * showed; the log records the file's hash and counts, not its name or terms.
 */
export function applyImport(
  store: ListStore,
  request: { id: number; fileName: string; bytes: Uint8Array; mode: ImportMode; expectedVersion: number },
  actor: string | null,
  note: string,
): ListDetail {
  const current = store.detail(request.id);
  refuseReadOnly(current);
  const file = readListFile(request.fileName, request.bytes, current.list.kind);
  if (request.mode === 'replace' && file.entries.length === 0) {
    throw new AppError('refused', '文件中没有可导入的词条；以替换方式导入会清空清单，已拒绝', 'the file has no terms; replacing would empty the list');
  }
  return store.update(request.id, (cur) => ({ ...cur, terms: planImport(cur.terms, file, request.mode).next }), actor, note, {
    expectedVersion: request.expectedVersion,
    source: 'import',
    extra: {
      mode: request.mode,
      file: { sha256: sha256Hex(request.bytes), format: file.format, encoding: file.encoding, read: file.entries.length, duplicates: file.duplicates.length, invalid: file.invalid.length },
    },
  });
}

/** A list version as a file, and the name to offer in the save dialog. */
export function exportList(store: ListStore, id: number, version: number | undefined, format: ListFileFormat): { detail: ListDetail; fileName: string; bytes: Buffer } {
  const detail = store.detail(id, version);
  const head = { kind: detail.list.kind, name: detail.list.name, version: detail.list.version };
  return { detail, fileName: listFileName(head, format), bytes: listFileBytes(format, head, detail.terms) };
}

/** Writes an exported list and logs it before the file gets its name (write-file.ts): a negative list leaving the system is worth an entry. */
export function writeExportedList(log: ReviewLog, exported: ReturnType<typeof exportList>, format: ListFileFormat, path: string, journal?: PendingWrites): void {
  const { list } = exported.detail;
  const record = () => log.append('rules.list_export', {
    list: list.id,
    kind: list.kind,
    name: list.name,
    version: list.version,
    format,
    terms: exported.detail.terms.length,
    sha256: sha256Hex(exported.bytes),
    fileName: basename(path),
  });
  writeFileAtomic(path, exported.bytes, { journal, beforeRename: record });
}

function refuseReadOnly(detail: ListDetail): void {
  const refusal = readOnly(detail.list);
  if (refusal) throw refusal;
}
