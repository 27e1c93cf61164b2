import { expect } from 'vitest';
import { describeFindingPlace, formatHiddenSummary, hiddenRanges } from '../../shared/document/hidden-labels';
import { hiddenSummary, type DocumentFormat } from '../../shared/document/model';
import { describeWarning } from '../../shared/document/warning-labels';
import type { ErrorCode } from '../../shared/errors';
import type { Finding } from '../../shared/rules/finding';
import type { Suppression } from '../../shared/rules/allow-list';
import { expectSegmentsCover } from '../fixtures/expect';
import type { Imported, Scanned, Thrown } from './protocol';
import type { Outcome } from './sandbox';

/*
 * What every fuzzed call must do. An import returns a well-formed document
 * or refuses with an AppError whose message is Chinese; a scan returns valid
 * findings. Anything else (another exception, a crash, no answer) is a bug.
 */

const CODES: readonly ErrorCode[] = ['invalid_request', 'forbidden', 'not_found', 'unsupported_format', 'bad_input', 'too_large', 'refused', 'password_required', 'cancelled'];
const FORMATS: readonly DocumentFormat[] = ['txt', 'csv', 'docx', 'xlsx', 'html', 'pdf'];
const CJK = /[\u4e00-\u9fff]/;
/**
 * The PDF importer turns whatever pdf.js throws into an AppError and names
 * it in the English message. pdf.js's parser thread reports its own failures
 * as its exception classes; a plain JavaScript error there comes from code in
 * this thread (ours or pdf.js's API half) tripping over the file: a bug.
 */
const PDF_CRASH = /^PDF could not be parsed: (TypeError|RangeError|ReferenceError|SyntaxError|InternalError|Error):/;

function describeThrown(e: Thrown): string {
  return `${e.name}: ${e.message}${e.stack ? `\n${e.stack}` : ''}`;
}

/** An exception a user may see: an AppError with a known code, not `internal`, and a message in Chinese. */
export function expectAppError(e: Thrown): void {
  if (!e.appError) throw new Error(`not an AppError: ${describeThrown(e)}`);
  if (!CODES.includes(e.code as ErrorCode)) throw new Error(`AppError with code ${e.code}: ${e.messageEn}`);
  if (!CJK.test(e.messageZh ?? '')) throw new Error(`AppError without a Chinese message: ${JSON.stringify(e.messageZh)}`);
  if (!e.messageEn) throw new Error(`AppError without an English message: ${e.messageZh}`);
  if (PDF_CRASH.test(e.messageEn)) throw new Error(`a JavaScript error surfaced as a PDF refusal: ${e.messageEn}`);
}

/** The text model's invariants, and the shared functions the UI runs on it do not throw. */
export function expectWellFormed(doc: Imported): void {
  expect(FORMATS).toContain(doc.format);
  expect(typeof doc.text).toBe('string');
  expectSegmentsCover(doc);
  if (doc.format === 'pdf') expect(doc.glyphBoxes).toBe(doc.text.length * 4);
  for (const w of doc.warnings) {
    expect(typeof w).toBe('string');
    expect(describeWarning(w).zh.length).toBeGreaterThan(0);
  }
  for (const s of doc.segments) describeFindingPlace(doc, s.start);
  hiddenRanges(doc);
  formatHiddenSummary(hiddenSummary(doc));
}

/** Outcomes by kind and error code since the last `takeOutcomeCounts`, to see what a target reaches (FUZZ_STATS=1). */
const counts = new Map<string, number>();

export function takeOutcomeCounts(): Record<string, number> {
  const out = Object.fromEntries([...counts].sort((a, b) => b[1] - a[1]));
  counts.clear();
  return out;
}

export function expectImportOutcome(o: Outcome): void {
  const key = o.kind === 'threw' ? `${o.error.code ?? o.error.name}: ${(o.error.messageEn ?? o.error.message).slice(0, 60)}` : o.kind;
  counts.set(key, (counts.get(key) ?? 0) + 1);
  switch (o.kind) {
    case 'hang':
      throw new Error(`no answer within ${o.ms} ms: a hang (or a call far past its budget)`);
    case 'crash':
      throw new Error(`the worker died: ${describeThrown(o.error)}`);
    case 'threw':
      expectAppError(o.error);
      return;
    case 'done':
      expectWellFormed(o.value as Imported);
      return;
    default:
      throw new Error(`unknown outcome ${JSON.stringify(o satisfies never)}`);
  }
}

/** Integer spans inside the text, on whole characters (no half of a surrogate pair), matching the finding's text. */
function expectSpan(text: string, f: { start: number; end: number }, what: string): void {
  const ok = Number.isInteger(f.start) && Number.isInteger(f.end) && f.start >= 0 && f.start < f.end && f.end <= text.length;
  if (!ok) throw new Error(`${what}: span [${f.start}, ${f.end}) outside a text of ${text.length}`);
  const low = (i: number) => i > 0 && i < text.length && (text.charCodeAt(i) & 0xfc00) === 0xdc00 && (text.charCodeAt(i - 1) & 0xfc00) === 0xd800;
  if (low(f.start) || low(f.end)) throw new Error(`${what}: span [${f.start}, ${f.end}) splits a surrogate pair`);
}

/** Findings: valid spans with their text, scores in [0, 1], sorted by start; suppressions on valid spans. */
export function expectValidScan(text: string, findings: readonly Finding[], suppressed: readonly Suppression[] = []): void {
  let prev = 0;
  for (const f of findings) {
    expectSpan(text, f, f.id);
    if (f.text !== text.slice(f.start, f.end)) throw new Error(`${f.id}: text ${JSON.stringify(f.text)} is not the span's`);
    if (!(f.score >= 0 && f.score <= 1)) throw new Error(`${f.id}: score ${f.score}`);
    if (f.start < prev) throw new Error(`${f.id}: not sorted by start`);
    prev = f.start;
  }
  for (const s of suppressed) expectSpan(text, s, `suppressed ${s.findingId}`);
}

export function expectScanOutcome(text: string, o: Outcome): void {
  if (o.kind === 'done') {
    const { findings, suppressed } = o.value as Scanned;
    expectValidScan(text, findings, suppressed);
    return;
  }
  if (o.kind === 'hang') throw new Error(`the scan of ${text.length} characters did not finish within ${o.ms} ms`);
  throw new Error(`the scan threw: ${describeThrown(o.error)}`);
}
