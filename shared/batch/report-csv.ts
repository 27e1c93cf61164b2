import { describeWarning } from '../document/warning-labels';
import { CATEGORIES, FINDING_TYPES } from '../rules/finding';
import { CATEGORY_LABELS, TYPE_LABELS } from '../rules/labels';
import type { BatchFileRow } from './report';
import { NEED_LABELS, STATUS_LABELS } from './result';

/**
 * The folder report as CSV, one row per file: UTF-8 with BOM and CRLF (what
 * Excel and WPS need to read UTF-8), every category and type a column of
 * its own in a fixed order, so that two years' reports line up.
 */

/** Quotes what needs quoting, and defuses text a spreadsheet would run as a formula (a file named `=HYPERLINK(…)`). */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const CSV_COLUMNS = [
  '文件',
  '格式',
  '页数',
  '状态',
  '发现项',
  ...CATEGORIES.map((c) => `类别：${CATEGORY_LABELS[c]}`),
  ...FINDING_TYPES.map((t) => `类型：${TYPE_LABELS[t]}`),
  '须人工处理',
  '提示',
  '错误',
  '用时（毫秒）',
];

function csvRow(r: BatchFileRow): string {
  const read = r.status === 'done';
  const fields: (string | number | null)[] = [
    r.path,
    r.format,
    r.pages,
    STATUS_LABELS[r.status].zh,
    read ? r.findings : null,
    ...CATEGORIES.map((c) => (read ? (r.byCategory[c] ?? 0) : null)),
    ...FINDING_TYPES.map((t) => (read ? (r.byType[t] ?? 0) : null)),
    r.needs.map((n) => NEED_LABELS[n].zh).join('；'),
    r.warnings.map((w) => describeWarning(w).zh).join('；'),
    r.error,
    r.ms,
  ];
  return fields.map(csvField).join(',');
}

export function* batchReportCsv(rows: Iterable<BatchFileRow>): Generator<string> {
  yield `\uFEFF${CSV_COLUMNS.map(csvField).join(',')}\r\n`;
  for (const r of rows) yield `${csvRow(r)}\r\n`;
}
