import type { DocumentFormat, HiddenPlace } from '../document/model';
import type { ErrorData } from '../errors';
import type { Decision, DisclosureAttribute } from '../review/decisions';
import type { Finding } from '../rules/finding';
import type { Suppression } from '../rules/allow-list';
import type { RedactionListEntry } from '../review/redaction-list';
import type { BatchFileRow, BatchProgress, BatchRunInfo, BatchSummary } from '../batch/report';

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
  /** The review of the earlier draft this one revises, if it is a revision. */
  revisionOf?: number;
  /** When the original (and the text read from it) was deleted under the retention setting; the record and log remain. */
  purgedAt?: string;
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
  /** Present when this review is of a revised draft: what changed since the earlier review. */
  revision?: RevisionView;
  /** Reviews of revised drafts imported from this one (the newer drafts), oldest first. */
  revisedBy?: { id: number; name: string; importedAt: string }[];
}

/** A revised draft compared with the draft of an earlier review; ranges index the new text. */
export interface RevisionView {
  /** The earlier review. */
  of: number;
  ofName: string;
  /** Ranges of the new text inserted or changed, with where they are (`第2页`, `正文第3段`). */
  changes: { start: number; end: number; kind: 'inserted' | 'changed'; where: string }[];
  /** Old text removed (also the old text of a changed range), anchored at a new offset; the reader may read both drafts. */
  deleted: { at: number; text: string; where: string }[];
  /** Findings whose decision was carried over and still stands. */
  carried: string[];
  /** Findings put before the reviewer: new, or in changed text. */
  fresh: string[];
  /** False when the drafts differed too much to compare to the end; all from there counts as changed. */
  complete: boolean;
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
  /** For the decisions carried over, the review they were taken in (沿用第 N 号审查的决定). */
  items: { n: number; category: string; type: string; place: string; decision: string; reason: string | null; basis: string; carriedFrom?: number }[];
  /** The review of the earlier draft this one revises, and how many of its decisions were carried. */
  revisionOf?: { id: number; name: string; sha256: string; carried: number };
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

/** Steps of a job, in order: an import reads, extracts, scans (a revision compares with the earlier draft) and stores; an export draws the copy, then reads it back to check it. */
export type ImportStage = 'read' | 'parse' | 'scan' | 'compare' | 'store' | 'export' | 'verify';

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

/** A run of text the page does not show (a comment, a tracked deletion, a header …), for the hidden-content lane. */
export interface HiddenRange {
  start: number;
  end: number;
  place: HiddenPlace;
  /** Author of a comment or tracked change, when the format records one. */
  author: string | null;
  /** Where it lives, in words (`正文第3段`, `第2页批注`). */
  where: string;
}

/** A PDF page as the import measured it; `start`/`end` bound the page's visible text in the document text. */
export interface PdfPageLayout {
  /** Page size in points, after /Rotate. */
  width: number;
  height: number;
  rotate: number;
  /** x0, y0, x1, y1 of the page's view box in PDF user space. */
  view: [number, number, number, number];
  start: number;
  end: number;
}

/** A cell of a sheet and the range of the document text it holds. */
export interface SheetCell {
  /** A1-style reference. */
  ref: string;
  start: number;
  end: number;
}

/** How the document is laid out for the document view; every range indexes `ReviewView.text`. */
export type DocumentLayout =
  | { kind: 'text'; hidden: HiddenRange[] }
  /** DOCX converted to HTML (mammoth) for display: untrusted markup, the renderer keeps only a list of safe tags. */
  | { kind: 'docx'; html: string; hidden: HiddenRange[] }
  | { kind: 'sheets'; sheets: { name: string; hidden: boolean; cells: SheetCell[] }[]; hidden: HiddenRange[] }
  | { kind: 'pdf'; pages: PdfPageLayout[]; hidden: HiddenRange[] };

/** Glyph boxes of one PDF page: four numbers (x0, y0, x1, y1 in PDF user space) per UTF-16 unit of the text from `start`; null where nothing is drawn. */
export interface PdfPageGlyphs {
  page: number;
  start: number;
  boxes: (number | null)[];
}

/** The review a person had open and the finding selected, for reopening after a crash or restart. */
export interface ResumePoint {
  review: number;
  finding: string | null;
}

// ---------------------------------------------------------------------------
// Rules and lists the office owns (负面清单, 白名单, custom rules, rule packs).

/** What a list is for: terms to find (负面清单) or values to leave alone (白名单). */
export type ListKind = 'negative' | 'allow';

export interface ListMeta {
  name: string;
  /** Category of the findings a negative list makes (ignored for allow-lists). */
  category: 'classified' | 'personal' | 'trade_secret' | 'negative_list' | 'internal';
  /** Legal basis a reviewer cites for its findings. */
  basis: string;
  /** Who keeps the list (department or person). */
  owner: string;
  enabled: boolean;
}

/** One term of a list; a disabled term stays in the list (and its history) but is not matched. An allow-list term `re:…` is a pattern. */
export interface TermEntry {
  term: string;
  note: string;
  disabled: boolean;
}

export interface ListSummary extends ListMeta {
  id: number;
  kind: ListKind;
  /** 1, 2, …: every change makes a new version. */
  version: number;
  /** Terms in the current version, and how many of them are enabled. */
  terms: number;
  enabledTerms: number;
  /** Shipped with the product: read-only, never changed by an import. */
  builtin: boolean;
  /** Read from a `.txt` file in the data folder (`lists/`, `allow/`): read-only here. */
  file: string | null;
  updatedAt: string;
  updatedBy: string;
}

export interface ListVersionInfo {
  version: number;
  author: string;
  note: string;
  at: string;
  terms: number;
}

export interface ListDetail {
  list: ListSummary;
  terms: TermEntry[];
  versions: ListVersionInfo[];
}

/** What importing a file into a list would do, before anything changes. */
export interface ListImportPreview {
  /** Source encoding detected (WHATWG label). */
  encoding: string;
  /** Terms read from the file, after trimming, without blank lines and duplicates. */
  read: number;
  added: TermEntry[];
  /** Terms of the list the file does not have (removed in `replace` mode, kept in `merge` mode). */
  missing: string[];
  /** Terms whose note changed. */
  changed: TermEntry[];
  unchanged: number;
  /** Lines the file repeats (1-based line numbers). */
  duplicates: { line: number; term: string }[];
  /** Lines that cannot be terms: too long, control characters, an invalid pattern … */
  invalid: { line: number; text: string; reason: string }[];
}

/** Difference between two versions of a list or of the rule set, line by line (the `diff` package). */
export interface VersionDiff {
  from: number;
  to: number;
  /** Each part: lines added, removed, or the same (same parts may be cut to their count). */
  parts: { kind: 'added' | 'removed' | 'same'; lines: string[]; count: number }[];
  metaChanges: { field: string; from: string; to: string }[];
}

/** A regular-expression rule of the office's own. */
export interface CustomRule {
  /** Stable id (letters, digits, `_`, `-`); findings name it as `custom:<id>`. */
  id: string;
  name: string;
  pattern: string;
  /** `i` to ignore case. */
  flags: '' | 'i';
  type: string;
  category: ListMeta['category'];
  /** Score of a match before context (0 to 1). */
  score: number;
  contextWords: string[];
  /** Added to the score when a context word stands nearby. */
  contextBoost: number;
  basis: string;
  enabled: boolean;
}

export interface RuleSetDetail {
  /** The office's rule set version (0: nothing changed from the shipped defaults). */
  version: number;
  customRules: CustomRule[];
  /** Built-in detectors switched off by the office. */
  disabledDetectors: string[];
  /** The shipped rule set (`id@version`), which nothing here changes. */
  builtin: string;
  versions: ListVersionInfo[];
}

/** A rule tried on sample text or on a document's text. */
export interface RuleTestResult {
  matches: { start: number; end: number; text: string; score: number; contextWords: string[] }[];
  /** True when the rule ran out of time (the pattern is refused). */
  timedOut: boolean;
  /** Why the pattern is refused (invalid, may backtrack without end …), if it is. */
  refused: string | null;
}

/** A public key whose rule packs this workstation accepts. */
export interface TrustedKey {
  fingerprint: string;
  label: string;
  publicKeyPem: string;
  addedBy: string;
  addedAt: string;
}

/** What importing a rule pack would do; nothing changes until it is imported. */
export interface RulePackPreview {
  sha256: string;
  createdAt: string;
  createdBy: string;
  signer: string;
  /** The signer's key is one this workstation trusts. */
  trusted: boolean;
  /** `reason` says why a list is refused (a name taken by a shipped or file list, or a term the lists cannot hold). */
  lists: { kind: ListKind; name: string; terms: number; action: 'create' | 'update' | 'unchanged' | 'refused'; reason?: string }[];
  rules: { customRules: number; action: 'update' | 'unchanged' | 'none' };
}

/** What a re-scan under the current lists and rules changed. */
export interface RescanResult {
  view: ReviewView;
  /** Ids of findings the earlier scan did not have. */
  added: string[];
  /** Findings the earlier scan had and this one does not (their decisions are dropped). */
  removed: { id: string; type: string; text: string }[];
  /** Findings present in both, decisions kept. */
  kept: number;
}

export type { BatchFileRow, BatchProgress, BatchRunInfo, BatchSummary };

/** One page of a folder check's report; `summary` when asked for. */
export interface BatchReportPage {
  summary: BatchSummary | null;
  /** Rows matching the filter. */
  total: number;
  rows: BatchFileRow[];
}

/** What a retention run would delete, or deleted: originals of finished reviews older than the setting, with their extracts and PDF layouts. */
export interface RetentionDue {
  /** Documents whose originals go (all their reviews exported, the last activity before `cutoff`). */
  documents: number;
  reviews: number;
  /** Stored files (originals, extracts, PDF layouts) not needed by any other review. */
  files: number;
  bytes: number;
  /** Reviews whose last activity is before this moment are due. */
  cutoff: string;
}

/** 数据管理: the retention setting (null: keep originals for ever), what the next run would delete, and what was deleted so far. */
export interface RetentionStatus {
  days: number | null;
  due: RetentionDue | null;
  purged: { documents: number; reviews: number; lastAt: string | null };
}
