import type { DocumentFormat } from '../document/model';
import type { ErrorData } from '../errors';
import type { Decision, DisclosureAttribute } from '../review/decisions';
import type { Finding } from '../rules/finding';
import type { Suppression } from '../rules/allow-list';
import type { RedactionListEntry } from '../review/redaction-list';

export type ReviewStatus = 'in_review' | 'submitted' | 'approved' | 'exported';

/** One review of one document (一事一审). */
export interface DocumentSummary {
  /** The review's id. */
  id: number;
  /** SHA-256 (hex) of the imported bytes: a review always names the exact bytes reviewed. */
  sha256: string;
  name: string;
  format: DocumentFormat;
  size: number;
  status: ReviewStatus;
  importedAt: string;
  findingCount: number;
  undecidedCount: number;
  attribute: DisclosureAttribute | null;
}

export interface FindingView extends Finding {
  /** Human-readable source location, e.g. `第3行第5列`. */
  location: string;
  decision: Decision | null;
  reason: string | null;
}

/** A span the reviewer redacts by hand. */
export interface ManualRedactionView {
  id: number;
  start: number;
  end: number;
  text: string;
  reason: string;
  basis: string;
  location: string;
}

export interface ReviewView {
  document: DocumentSummary;
  text: string;
  encoding: string | null;
  warnings: string[];
  /** Hidden content the document carries, e.g. `3 处修订删除内容、2 条批注`; empty when none. */
  hiddenSummary: string;
  findings: FindingView[];
  manual: ManualRedactionView[];
  opinion: string | null;
  /** Lists the scan used, as `name@version`. */
  lists: string[];
  /** Rule set the scan used, as `id@version#hash`. */
  ruleSet: string;
  /** Reason recorded to export despite a secret or attribute marking, if any. */
  markingOverride: string | null;
  /** Findings the office's allow-lists suppressed. */
  suppressed: Suppression[];
}

export type ExportResult =
  | { cancelled: true }
  | { cancelled: false; path: string; sha256: string; redactedSpans: number; checks: string[]; redactions: RedactionListEntry[] };

/** The redacted copy as the clerk sees it before release. */
export interface ExportPreview {
  format: DocumentFormat;
  /** The text as reviewed. */
  original: string;
  /** The text read back from the copy's bytes. */
  redacted: string;
  changes: { at: number; removed: string; added: string; before: string; after: string }[];
  /** False when the diff was cut short (too many changes, or too slow); the side-by-side view is whole. */
  complete: boolean;
  redactions: RedactionListEntry[];
  checks: string[];
  sha256: string;
  size: number;
}

export interface LogEntryView {
  seq: number;
  ts: string;
  action: string;
  actor: string;
  summary: string;
  hash: string;
  /** The review the entry concerns, if any. */
  review: number | null;
}

/** 保密审查单: one review as the record shows it, for the auditor to read and print. Types and places, never the removed values. */
export interface ReviewRecord {
  document: DocumentSummary;
  /** 发文字号, when the text carries one. */
  documentNumber: string | null;
  attribute: string | null;
  opinion: string | null;
  submittedBy: string | null;
  approvedBy: string | null;
  approvedAt: string | null;
  approvalOpinion: string | null;
  items: { n: number; category: string; type: string; place: string; decision: string; reason: string | null; basis: string }[];
  exports: { fileName: string; sha256: string; at: string }[];
  entries: LogEntryView[];
}

export interface LogReport {
  ok: boolean;
  checked: number;
  failure: { seq: number | null; index: number; message: string; messageEn: string } | null;
  entries: LogEntryView[];
  keyFingerprint: string;
  /** People who appear in the log, for filtering. */
  actors: string[];
  /** The monthly summary, newest month first. */
  months: { month: string; imported: number; submitted: number; approved: number; returned: number; exported: number; accepted: number; rejected: number }[];
}

export interface AppInfo {
  version: string;
  engineVersion: string;
  mode: 'single_operator' | 'accounts';
  dataDir: string;
  /** The review log as verified when the workspace opened: a broken chain is shown to everyone, at once. */
  startupCheck: { ok: boolean; checked: number; brokenAt: number | null; message: string | null; messageEn: string | null };
}

/** Steps of an import, in order: reading the file, extracting its text, the rule scan, storing. */
export type ImportStage = 'read' | 'parse' | 'scan' | 'store';

export interface ImportProgress {
  stage: ImportStage;
  /** Units done and in all within the stage (pages, detectors); 0 of 0 when the stage cannot tell. */
  done: number;
  total: number;
  cancelled: boolean;
}

/** An account as the administrator sees it. */
export interface AccountSummary {
  name: string;
  displayName: string;
  roles: string[];
  keyFingerprint: string;
  disabled: boolean;
}

/** Who is signed in, and what they may do. */
export interface SessionView {
  mode: 'single_operator' | 'accounts';
  user: { name: string; roles: string[]; keyFingerprint: string } | null;
  permissions: string[];
}

export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: ErrorData };
