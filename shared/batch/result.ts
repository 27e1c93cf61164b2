import type { DocumentFormat } from '../document/model';
import { describeWarning } from '../document/warning-labels';
import type { Category, FindingType } from '../rules/finding';

/**
 * What a folder check (`mishen batch`, the app's 批量检查) keeps of one file.
 * Never a matched value: counts, types, where, and a masked excerpt
 * (`mask.ts`), because the report is a file of its own that travels.
 */

/** `pending` until read; `skipped` files were never read (too large, a link out of the folder, a format not supported). */
export const BATCH_FILE_STATUSES = ['pending', 'done', 'error', 'skipped'] as const;
export type BatchFileStatus = (typeof BATCH_FILE_STATUSES)[number];

/**
 * Why a clean result proves nothing for a file: `ocr` (pages or images
 * without a text layer), `password` (encrypted), `attachment` (an embedded
 * file not read), `partial` (part of it not read), `convert` (a format the
 * app does not read: save it as .docx/.xlsx first).
 */
export const BATCH_NEEDS = ['ocr', 'password', 'attachment', 'partial', 'convert'] as const;
export type BatchNeed = (typeof BATCH_NEEDS)[number];

/** One finding of the report: its type, where it is, and a masked excerpt. */
export interface BatchFindingNote {
  type: FindingType;
  place: string;
  excerpt: string;
}

/** Finding notes kept per file; the counts are always complete. */
export const MAX_NOTES_PER_FILE = 50;

/** What reading and scanning one file gave. */
export interface BatchFileResult {
  status: 'done' | 'error';
  format: DocumentFormat | null;
  /** PDF pages; null for other formats. */
  pages: number | null;
  findings: number;
  byCategory: Partial<Record<Category, number>>;
  byType: Partial<Record<FindingType, number>>;
  /** Findings the allow-lists suppressed. */
  suppressed: number;
  needs: BatchNeed[];
  /** The importer's warnings (`code:detail`), attention ones first. */
  warnings: string[];
  notes: BatchFindingNote[];
  /** Why the file could not be read (Chinese and English), for `error`. */
  error: { code: string; zh: string; en: string } | null;
  ms: number;
}

const OCR = new Set(['needs_ocr', 'pdf_little_text']);
const ATTACHMENT = new Set(['embedded_file_not_read', 'pdf_embedded_files_unreadable']);

/** The needs that the importer's warnings imply (only `attention` warnings say something was not read). */
export function needsOfWarnings(warnings: readonly string[]): BatchNeed[] {
  const needs = new Set<BatchNeed>();
  for (const w of warnings) {
    const { code, attention } = describeWarning(w);
    if (OCR.has(code)) needs.add('ocr');
    else if (ATTACHMENT.has(code)) needs.add('attachment');
    else if (attention) needs.add('partial');
  }
  return BATCH_NEEDS.filter((n) => needs.has(n));
}

export const NEED_LABELS: Record<BatchNeed, { zh: string; en: string }> = {
  ocr: { zh: '需文字识别', en: 'needs OCR' },
  password: { zh: '需密码', en: 'needs a password' },
  attachment: { zh: '附件未读', en: 'attachment not read' },
  partial: { zh: '部分未读', en: 'partly not read' },
  convert: { zh: '格式不支持', en: 'unsupported format' },
};

export const STATUS_LABELS: Record<BatchFileStatus, { zh: string; en: string }> = {
  pending: { zh: '待检查', en: 'pending' },
  done: { zh: '已检查', en: 'checked' },
  error: { zh: '无法读取', en: 'unreadable' },
  skipped: { zh: '未检查', en: 'skipped' },
};

/** Stored form of `needs`: space-separated, so SQL can filter with instr() (no name is part of another). */
export const needsColumn = (needs: readonly BatchNeed[]): string => needs.join(' ');
export const needsFromColumn = (column: string): BatchNeed[] => (column ? (column.split(' ') as BatchNeed[]) : []);

/** The result of a file that could not be read. */
export function failedResult(error: { code: string; zh: string; en: string }, ms: number, needs: BatchNeed[] = []): BatchFileResult {
  return { status: 'error', format: null, pages: null, findings: 0, byCategory: {}, byType: {}, suppressed: 0, needs, warnings: [], notes: [], error, ms };
}
