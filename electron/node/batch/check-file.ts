import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { describeWarning } from '../../../shared/document/warning-labels';
import { describeLocation, locate, segmentAt, type ExtractedDocument } from '../../../shared/document/model';
import { HIDDEN_LABELS } from '../../../shared/document/hidden-labels';
import { AppError } from '../../../shared/errors';
import { MAX_IMPORT_BYTES } from '../../../shared/ipc/contract';
import { maskExcerpt } from '../../../shared/batch/mask';
import { MAX_NOTES_PER_FILE, failedResult, needsOfWarnings, type BatchFileResult, type BatchFindingNote } from '../../../shared/batch/result';
import { scanDocument, type ScanOptions } from '../../../shared/rules/engine';
import type { Finding } from '../../../shared/rules/finding';
import { importDocumentAsync } from '../importers';
import type { ExtractedPdf } from '../importers/pdf';

/** Warnings kept per file (a damaged workbook can warn about every sheet). */
const MAX_WARNINGS = 20;

/** An OLE2 compound file holding an `EncryptionInfo` stream: an encrypted .docx/.xlsx (UTF-16 stream name in the directory). */
const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ENCRYPTION_INFO = Buffer.from('EncryptionInfo', 'utf16le');

function encryptedOffice(bytes: Buffer): boolean {
  return bytes.subarray(0, 8).equals(OLE2) && bytes.includes(ENCRYPTION_INFO);
}

/** Where a finding is, without the author of a comment or revision (a name the report would print unmasked). */
function placeOf(doc: ExtractedDocument, f: Finding): string {
  const where = describeLocation(locate(doc, f.start));
  const hidden = segmentAt(doc, f.start)?.hidden;
  if (!hidden) return where;
  return where ? `${HIDDEN_LABELS[hidden]} · ${where}` : HIDDEN_LABELS[hidden];
}

function failed(err: unknown, started: number, now: () => number): BatchFileResult {
  const e =
    err instanceof AppError
      ? { code: err.code, zh: err.messageZh, en: err.messageEn }
      : { code: 'internal', zh: '文件无法读取（内部错误）', en: `unreadable: ${err instanceof Error ? err.message : String(err)}`.slice(0, 500) };
  return failedResult(e, Math.round(now() - started), e.code === 'password_required' ? ['password'] : []);
}

/**
 * Reads one file of a folder check and scans it: counts by category and
 * type, masked notes, what was not read. Broken files give an `error`
 * result, never a throw.
 */
export async function checkFile(abs: string, scan: ScanOptions, now: () => number = () => performance.now()): Promise<BatchFileResult> {
  const started = now();
  try {
    const bytes = await readFile(abs);
    if (bytes.length > MAX_IMPORT_BYTES) throw new AppError('too_large', '文件超过 200 MB 上限', 'file exceeds 200 MB');
    if (encryptedOffice(bytes)) throw new AppError('password_required', 'Office 文件已加密，请解除密码后再检查', 'encrypted Office file: remove the password first');
    const doc = await importDocumentAsync(basename(abs), bytes, { keepParser: true });
    const { findings, suppressed } = scanDocument(doc.text, scan);
    const byCategory: BatchFileResult['byCategory'] = {};
    const byType: BatchFileResult['byType'] = {};
    const notes: BatchFindingNote[] = [];
    for (const f of findings) {
      byCategory[f.category] = (byCategory[f.category] ?? 0) + 1;
      byType[f.type] = (byType[f.type] ?? 0) + 1;
      if (notes.length < MAX_NOTES_PER_FILE) notes.push({ type: f.type, place: placeOf(doc, f), excerpt: maskExcerpt(f.text) });
    }
    const attention = (w: string) => (describeWarning(w).attention ? 0 : 1);
    return {
      status: 'done',
      format: doc.format,
      pages: doc.format === 'pdf' ? (doc as unknown as ExtractedPdf).pdf.pages.length : null,
      findings: findings.length,
      byCategory,
      byType,
      suppressed: suppressed.length,
      needs: needsOfWarnings(doc.warnings),
      warnings: [...doc.warnings].sort((a, b) => attention(a) - attention(b)).slice(0, MAX_WARNINGS).map((w) => w.slice(0, 300)),
      notes,
      error: null,
      ms: Math.round(now() - started),
    };
  } catch (err) {
    return failed(err, started, now);
  }
}
