import { applyRedactions } from '../../../shared/review/redaction';
import { decodeText } from '../text/encoding';
import { assertNoLeak } from './leak-check';
import { redactedValues, type RedactionPlan } from './plan';
import type { ExportOutput } from './txt';

/**
 * A redacted CSV: the canonical text (one record per line, cells joined by
 * tabs) masked, then written back as RFC 4180 CSV with commas, CRLF and a
 * UTF-8 BOM (what Excel and WPS open without asking for an encoding). Line
 * breaks that were inside cells stay as the spaces the importer put there.
 */
export function exportCsv(plan: RedactionPlan, _original: Uint8Array): ExportOutput {
  const masked = applyRedactions(plan.doc.text, plan.spans);
  const csv = masked
    .split('\n')
    .map((line) => line.split('\t').map(quoteField).join(','))
    .join('\r\n');
  const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${csv}\r\n`, 'utf8')]);
  const check = assertNoLeak(redactedValues(plan), new Map([['CSV', decodeText(bytes).text]]));
  return { bytes, check };
}

/** An RFC 4180 field: quoted when it holds a delimiter, quote or line break, or edge spaces. */
export function quoteField(cell: string): string {
  return /[",\r\n]/.test(cell) || cell !== cell.trim() ? `"${cell.replace(/"/g, '""')}"` : cell;
}
