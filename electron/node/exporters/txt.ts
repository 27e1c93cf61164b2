import { applyRedactions } from '../../../shared/review/redaction';
import { decodeText, encodeText, type TextEncoding } from '../text/encoding';
import { assertNoLeak, type LeakCheckReport } from './leak-check';
import { redactedValues, type RedactionPlan } from './plan';

export interface ExportOutput {
  bytes: Buffer;
  check: LeakCheckReport;
}

/** Redacted text in the source encoding (or UTF-8 when asked), read back and leak-checked before it is returned. */
export function exportTxt(plan: RedactionPlan, original: Uint8Array, options: { utf8?: boolean } = {}): ExportOutput {
  const source = decodeText(original);
  const encoding = (options.utf8 ? 'utf-8' : (plan.doc.encoding ?? 'utf-8')) as TextEncoding;
  const bytes = encodeText(applyRedactions(plan.doc.text, plan.spans), encoding, options.utf8 ? false : source.bom);
  const readBack = decodeText(bytes).text;
  const check = assertNoLeak(redactedValues(plan), new Map([['文本', readBack]]));
  return { bytes, check };
}
