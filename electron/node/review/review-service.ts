import { basename } from 'node:path';
import { hiddenSummary, type ExtractedDocument } from '../../../shared/document/model';
import { describeFindingPlace, formatHiddenSummary } from '../../../shared/document/hidden-labels';
import { AppError } from '../../../shared/errors';
import type { DocumentSummary, ExportPreview, FindingView, ImportStage, RescanResult, ReviewRecord, ReviewStatus, ReviewView } from '../../../shared/ipc/views';
import { CATEGORY_LABELS, TYPE_LABELS } from '../../../shared/rules/labels';
import { textChanges } from './text-diff';
import { scanUnderCurrentRules, type RuleSources } from './current-rules';
import { rescanReview } from './rescan';
import { importRevision, revisionLink, revisionView } from './revision';
import { originalPurged, purgedRecord } from './retention';
import {
  undecidedFindings,
  type Decision,
  type DisclosureAttribute,
} from '../../../shared/review/decisions';
import { DEFAULT_STYLE, planRedactions, type ManualRedaction, type Redaction, type StyleChoice } from '../../../shared/review/redaction';
import { redactionList, type RedactionListEntry } from '../../../shared/review/redaction-list';
import type { Suppression } from '../../../shared/rules/allow-list';
import { canonicalJson } from '../../../shared/log/entry';
import type { Finding } from '../../../shared/rules/finding';
import { exportCsv } from '../exporters/csv';
import { exportDocx } from '../exporters/docx';
import { exportHtml } from '../exporters/html';
import { exportXlsx } from '../exporters/xlsx';
import { checkPdfCopy, exportPdf } from '../exporters/pdf';
import { docxPrintHtml } from '../exporters/docx-print';
import { withoutMetadata } from '../exporters/pdf-write';
import { importPdf, type ExtractedPdf } from '../importers/pdf';
import { exportTxt, type ExportOutput } from '../exporters/txt';
import { redactedValues, type RedactionPlan } from '../exporters/plan';
import { importDocument, importDocumentAsync, type ImportOptions } from '../importers';
import type { ReviewLog } from '../log/review-log';
import { sha256Hex, type BlobStore } from '../storage/blob-store';
import type { Db } from '../storage/database';
import type { PendingWrites } from '../storage/pending-writes';
import { writeFileAtomic } from '../storage/write-file';

interface ReviewRow {
  id: number;
  document: string;
  status: ReviewStatus;
  attribute: DisclosureAttribute | null;
  opinion: string | null;
  marking_override: string | null;
  findings_json: string;
  /** Counted in SQL for the document list only (`list`). */
  finding_count?: number;
  decided_count?: number;
  lists_json: string;
  suppressed_json: string;
  rule_set: string;
  extract_sha256: string | null;
  pdf_layout_sha256: string | null;
  submitted_by: string | null;
  approved_by: string | null;
  approved_at: string | null;
  revision_of: number | null;
  /** Set when the original was deleted under the retention setting (retention.ts). */
  purged_at: string | null;
  purged_days: number | null;
  name: string;
  format: ExtractedDocument['format'];
  size: number;
  imported_at: string;
}

/** What the document view is built from (see `ReviewService.stored`). */
export interface StoredReview {
  id: number;
  /** SHA-256 of the original. */
  document: string;
  /** SHA-256 of the stored extract; null for reviews older than migration 4. */
  extract: string | null;
  /** SHA-256 of the stored PDF layout; null for other formats and PDFs imported before migration 9. */
  pdfLayout: string | null;
  format: ExtractedDocument['format'];
  doc: ExtractedDocument;
}

export interface ExportedFile {
  path: string;
  sha256: string;
  redactedSpans: number;
  checks: string[];
  /** Each removed span: where, what kind, why (the statement of reasons). */
  redactions: RedactionListEntry[];
}

export interface ReviewServiceDeps extends RuleSources {
  db: Db;
  blobs: BlobStore;
  log: ReviewLog;
  now: () => Date;
  /** Whether exports need an approval by another person (accounts exist); single-operator mode does not. */
  requireApproval?: () => boolean;
  /** Journal of exports being written, whose leftovers a crash leaves are removed at the next open. */
  pendingWrites?: PendingWrites;
}

export interface ImportFileOptions extends ImportOptions {
  /** Told when the import enters a stage, and of progress within it (pages, detectors). */
  onStage?: (stage: ImportStage, done: number, total: number) => void;
  /**
   * Runs after the scan, before anything is stored (a cancel is still heard
   * after it); what it returns runs inside the import's transaction with the
   * new review's id. A revision compares the drafts here (revision.ts).
   */
  beforeStore?: (doc: ExtractedDocument, findings: readonly Finding[]) => (reviewId: number) => void;
}

export interface ExportOptions {
  style?: StyleChoice;
  /** Opening password of an encrypted PDF original. */
  password?: string;
  /** Publish a DOCX as PDF, laid out by this printer (the app's layout engine). */
  asPdf?: (html: string) => Promise<Uint8Array>;
  /** Write a text or HTML file in UTF-8 whatever its source encoding. */
  utf8?: boolean;
  /** Stops a long export (a PDF between pages). */
  signal?: AbortSignal;
  /** Pages drawn (PDF), then pages read back for the check. */
  onProgress?: (stage: 'export' | 'verify', done: number, total: number) => void;
}

interface Prepared {
  key: string;
  /** Format of the bytes written (a DOCX may be published as PDF). */
  format: ExtractedDocument['format'];
  doc: ExtractedDocument;
  redactions: Redaction[];
  out: ExportOutput;
  list: RedactionListEntry[];
}

const REVIEW_COLUMNS = `r.id, r.document, r.status, r.attribute, r.opinion, r.marking_override, r.findings_json, r.lists_json, r.suppressed_json, r.rule_set, r.extract_sha256, r.pdf_layout_sha256, r.submitted_by, r.approved_by, r.approved_at, r.revision_of,
  p.purged_at, p.days AS purged_days, d.name, d.format, d.size, d.imported_at`;
const REVIEW_FROM = `FROM reviews r JOIN documents d ON d.sha256 = r.document LEFT JOIN purged_reviews p ON p.review = r.id`;
const SELECT_REVIEW = `SELECT ${REVIEW_COLUMNS} ${REVIEW_FROM}`;

/**
 * The review use cases shared by the desktop app and the CLI: import and
 * scan, decide, submit, export. Every state change is logged in the same
 * transaction as the change itself.
 */
export class ReviewService {
  /** Opening passwords of encrypted PDFs imported in this session, by document hash: kept in memory only, never stored. */
  private readonly passwords = new Map<string, string>();

  /** The opening password given when this PDF was imported in this session, if any (the page view needs it). */
  passwordOf(documentSha: string): string | undefined {
    return this.passwords.get(documentSha);
  }
  /** The copy last prepared (previewed), kept until it is written or the plan changes. */
  private prepared: Prepared | null = null;
  /** The last text model read, by extract hash (or document hash for reviews older than migration 4). */
  private cache: { key: string; doc: ExtractedDocument } | null = null;

  constructor(private readonly deps: ReviewServiceDeps) {}

  /** Extracts and scans first, so that a file that fails leaves nothing behind; then stores and logs. */
  async importFile(name: string, bytes: Uint8Array, options: ImportFileOptions = {}): Promise<ReviewView> {
    const { signal, onStage = () => {} } = options;
    const stopIfCancelled = () => {
      if (signal?.aborted) throw new AppError('cancelled', '已取消导入', 'import cancelled');
    };
    stopIfCancelled();
    onStage('parse', 0, 0);
    const doc = await importDocumentAsync(name, bytes, { ...options, onProgress: (done, total) => onStage('parse', done, total) });
    stopIfCancelled();
    onStage('scan', 0, 0);
    const current = await scanUnderCurrentRules(this.deps, doc.text, { ...(signal ? { signal } : {}), onProgress: (done, total) => onStage('scan', done, total) });
    const { scan, listIds, ruleSetId } = current;
    const alsoStore = options.beforeStore?.(doc, scan.findings);
    // The last moment a cancel is heard: from here on the import is kept whole.
    stopIfCancelled();
    onStage('store', 0, 0);
    const { blobs } = this.deps;
    const store = () => ({
      sha: blobs.put(bytes),
      extractSha: blobs.putExtract(doc),
      // The page and glyph boxes the extract leaves out, for the page view.
      layoutSha: doc.format === 'pdf' ? blobs.putPdfLayout((doc as unknown as ExtractedPdf).pdf) : null,
    });
    const { sha, extractSha, layoutSha } = store();
    if (options.password !== undefined) this.passwords.set(sha, options.password);
    this.cache = { key: extractSha, doc };
    const findings = scan.findings;
    const now = this.deps.now().toISOString();
    const { db, log } = this.deps;
    const id = db.transaction(() => {
      // Under the write lock: a retention purge in another process may have deleted a file this import found already
      // stored (the same bytes exported long ago); it is written again before the review names it.
      const kept = blobs.sizeOf(sha, 'original') !== null && blobs.sizeOf(extractSha, 'extract') !== null && (layoutSha === null || blobs.sizeOf(layoutSha, 'pdf_layout') !== null);
      if (!kept) store();
      db.prepare('INSERT OR IGNORE INTO documents (sha256, name, format, size, imported_at) VALUES (?, ?, ?, ?, ?)').run(
        sha, basename(name), doc.format, bytes.byteLength, now,
      );
      const reviewId = Number(
        db.prepare(
          `INSERT INTO reviews (document, status, findings_json, engine_version, lists_json, suppressed_json, rule_set, extract_sha256, pdf_layout_sha256, created_at, updated_at)
           VALUES (?, 'in_review', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(sha, JSON.stringify(findings), scan.engineVersion, JSON.stringify(listIds), JSON.stringify(scan.suppressed), ruleSetId, extractSha, layoutSha, now, now).lastInsertRowid,
      );
      log.append('document.import', {
        review: reviewId,
        document: sha,
        extract: extractSha,
        ...(layoutSha ? { layout: layoutSha } : {}),
        format: doc.format,
        size: bytes.byteLength,
        encoding: doc.encoding ?? null,
      });
      log.append('document.scan', {
        review: reviewId,
        document: sha,
        ...current.record,
        findings: findings.length,
        suppressed: scan.suppressed.length,
        byType: countBy(findings),
      });
      alsoStore?.(reviewId);
      return reviewId;
    }).immediate();
    return this.open(id);
  }

  list(): DocumentSummary[] {
    // Counted in SQL: parsing every review's findings made the list grow slow with the folder.
    const counts = 'json_array_length(r.findings_json) AS finding_count, (SELECT count(*) FROM decisions x WHERE x.review = r.id) AS decided_count';
    const rows = this.deps.db.prepare(`SELECT ${REVIEW_COLUMNS}, ${counts} ${REVIEW_FROM} ORDER BY r.updated_at DESC, r.id DESC LIMIT 500`).all() as ReviewRow[];
    return rows.map((row) => this.summary(row));
  }

  open(id: number): ReviewView {
    const row = this.row(id);
    const doc = this.extracted(row);
    const decisions = this.decisionRows(id);
    const findings: FindingView[] = this.findings(row).map((f) => {
      const d = decisions.get(f.id);
      return { ...f, location: describeFindingPlace(doc, f.start), decision: d?.decision ?? null, reason: d?.reason ?? null };
    });
    return {
      document: this.summary(row),
      text: doc.text,
      encoding: doc.encoding ?? null,
      warnings: doc.warnings,
      hiddenSummary: formatHiddenSummary(hiddenSummary(doc)),
      findings,
      manual: this.manualRows(id).map((m) => ({ ...m, text: doc.text.slice(m.start, m.end), location: describeFindingPlace(doc, m.start) })),
      opinion: row.opinion,
      lists: JSON.parse(row.lists_json) as string[],
      ruleSet: row.rule_set,
      markingOverride: row.marking_override,
      suppressed: JSON.parse(row.suppressed_json) as Suppression[],
      ...(row.revision_of !== null ? { revision: revisionView(this.deps.db, id, doc) } : {}),
      ...this.revisedBy(id),
    };
  }

  /** The reviews of revised drafts imported from review `id`, so that whoever opens the earlier one learns of the newer. */
  private revisedBy(id: number): { revisedBy?: { id: number; name: string; importedAt: string }[] } {
    const rows = this.deps.db
      .prepare('SELECT r.id, d.name, r.created_at AS importedAt FROM reviews r JOIN documents d ON d.sha256 = r.document WHERE r.revision_of = ? ORDER BY r.id')
      .all(id) as { id: number; name: string; importedAt: string }[];
    return rows.length > 0 ? { revisedBy: rows } : {};
  }

  /** Records a decision on findings, or takes it back (`undecided`: the findings are open again); logged either way. */
  decide(id: number, findingIds: readonly string[], decision: Decision | 'undecided', reason?: string): ReviewView {
    const row = this.row(id);
    if (row.status !== 'in_review') {
      throw new AppError('refused', '该审查已提交，不能再修改决定', 'review already submitted; decisions are closed');
    }
    const byId = new Map(this.findings(row).map((f) => [f.id, f]));
    const unknown = findingIds.filter((fid) => !byId.has(fid));
    if (unknown.length > 0) {
      throw new AppError('invalid_request', `未知的发现项：${unknown.slice(0, 3).join('、')}`, `unknown findings: ${unknown.slice(0, 3).join(', ')}`);
    }
    const now = this.deps.now().toISOString();
    const { db, log } = this.deps;
    db.transaction(() => {
      if (decision === 'undecided') {
        const remove = db.prepare('DELETE FROM decisions WHERE review = ? AND finding_id = ?');
        for (const fid of findingIds) remove.run(id, fid);
      } else {
        // A carried decision the reviewer changes becomes theirs; confirmed as it was, it keeps its origin.
        const upsert = db.prepare(
          `INSERT INTO decisions (review, finding_id, decision, reason, decided_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (review, finding_id) DO UPDATE SET decision = excluded.decision, reason = excluded.reason, decided_at = excluded.decided_at,
             carried_from = CASE WHEN decision = excluded.decision AND reason IS excluded.reason THEN carried_from END`,
        );
        for (const fid of findingIds) upsert.run(id, fid, decision, reason ?? null, now);
      }
      db.prepare('UPDATE reviews SET updated_at = ? WHERE id = ?').run(now, id);
      // Locations and types only: the log never holds the secret values themselves.
      log.append('review.decide', {
        review: id,
        document: row.document,
        decision,
        reason: reason ?? null,
        findings: findingIds.map((fid) => {
          const f = byId.get(fid)!;
          return { id: fid, type: f.type, rule: f.rule, start: f.start, end: f.end, basis: f.basis };
        }),
      });
    })();
    return this.open(id);
  }

  submit(id: number, attribute: DisclosureAttribute, opinion: string): ReviewView {
    const row = this.row(id);
    if (row.status !== 'in_review') throw new AppError('refused', '该审查已提交', 'review already submitted');
    this.assertAllDecided(row);
    const now = this.deps.now().toISOString();
    const { db, log } = this.deps;
    db.transaction(() => {
      db.prepare("UPDATE reviews SET status = 'submitted', attribute = ?, opinion = ?, submitted_by = ?, approved_by = NULL, approved_at = NULL, updated_at = ? WHERE id = ?").run(attribute, opinion, log.actorName, now, id);
      log.append('review.submit', { review: id, document: row.document, attribute, opinionSha256: sha256Hex(opinion) });
    })();
    return this.open(id);
  }

  /**
   * The approver signs off a submitted review (审批). The approver must be
   * another person than the reviewer who submitted it (四眼原则).
   */
  approve(id: number, opinion: string): ReviewView {
    const row = this.row(id);
    if (row.status !== 'submitted' || row.approved_at !== null) throw new AppError('refused', '只有已提交、尚未审批的审查可以审批', 'only a submitted review not yet approved can be approved');
    const approver = this.deps.log.actorName;
    if (approver !== null && approver === row.submitted_by && !this.allowsSelfApproval()) {
      throw new AppError('refused', '审批人不能是提交审查的同一人', 'the approver must be another person than the reviewer who submitted');
    }
    const now = this.deps.now().toISOString();
    const { db, log } = this.deps;
    db.transaction(() => {
      db.prepare('UPDATE reviews SET approved_by = ?, approved_at = ?, approval_opinion = ?, updated_at = ? WHERE id = ?').run(approver, now, opinion, now, id);
      log.append('review.approve', { review: id, document: row.document, submittedBy: row.submitted_by, opinionSha256: sha256Hex(opinion) });
    })();
    return this.open(id);
  }

  /** Whether an administrator has let one person both submit and approve (四眼原则 waived; off by default). */
  allowsSelfApproval(): boolean {
    const row = this.deps.db.prepare("SELECT value FROM settings WHERE key = 'allowSelfApproval'").get() as { value: string } | undefined;
    return row?.value === 'true';
  }

  /** Changes that setting; only administrators reach this (account.manage), and the change is logged. */
  setSelfApproval(allowed: boolean): void {
    const now = this.deps.now().toISOString();
    const { db, log } = this.deps;
    db.transaction(() => {
      db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('allowSelfApproval', ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at").run(String(allowed), now);
      log.append('settings.change', { key: 'allowSelfApproval', value: allowed });
    })();
  }

  /** The approver sends a submitted review back to the reviewer, with a reason; decisions open again. */
  returnForRevision(id: number, reason: string): ReviewView {
    const row = this.row(id);
    if (row.status !== 'submitted' || row.approved_at !== null) throw new AppError('refused', '只有已提交、尚未审批的审查可以退回', 'only a submitted review not yet approved can be returned');
    const why = reason.trim();
    if (why.length < 2) throw new AppError('invalid_request', '请写明退回理由', 'give a reason for returning the review');
    const now = this.deps.now().toISOString();
    const { db, log } = this.deps;
    db.transaction(() => {
      db.prepare("UPDATE reviews SET status = 'in_review', approved_by = NULL, approved_at = NULL, updated_at = ? WHERE id = ?").run(now, id);
      log.append('review.return', { review: id, document: row.document, reason: why });
    })();
    return this.open(id);
  }

  /** Throws unless the review may be exported now: every finding decided, not withheld, approved when approval is required. */
  assertExportable(id: number): void {
    const row = this.row(id);
    if (this.deps.requireApproval?.() && row.approved_at === null && row.status !== 'exported') {
      throw new AppError('refused', '该审查尚未经审批人批准，不能导出', 'the review has not been approved; it cannot be exported');
    }
    if (row.attribute === 'withheld') {
      throw new AppError('refused', '公开属性为“不予公开”，不能导出发布稿', 'disclosure attribute is "withheld"; nothing may be exported for publication');
    }
    this.assertAllDecided(row);
    const blocking = this.blockingMarkings(row);
    if (blocking.length > 0 && row.marking_override === null) {
      throw new AppError(
        'refused',
        `文档含有密级或“此件不公开”等标识（${blocking.length} 处：${blocking.slice(0, 2).map((f) => f.text).join('、')}），不能导出发布稿；确需导出的，须先记录覆盖理由`,
        `the document carries ${blocking.length} secret or attribute marking(s); export needs a recorded override with a reason`,
      );
    }
  }

  /** Markings (密级, 此件不公开 …) the reviewer has not rejected as false hits. */
  private blockingMarkings(row: ReviewRow): Finding[] {
    const decisions = this.decisionRows(row.id);
    return this.findings(row).filter((f) => f.blocksExport && decisions.get(f.id)?.decision !== 'rejected');
  }

  /** Records, with a reason, that a document with a blocking marking may still be exported. */
  overrideMarking(id: number, reason: string): ReviewView {
    const row = this.row(id);
    const text = reason.trim();
    if (text.length < 4) throw new AppError('invalid_request', '覆盖理由过短，请写明依据', 'the override reason is too short');
    const blocking = this.blockingMarkings(row);
    const now = this.deps.now().toISOString();
    const { db, log } = this.deps;
    db.transaction(() => {
      db.prepare('UPDATE reviews SET marking_override = ?, updated_at = ? WHERE id = ?').run(text, now, id);
      log.append('review.override', {
        review: id,
        document: row.document,
        reason: text,
        markings: blocking.map((f) => ({ id: f.id, type: f.type, start: f.start, end: f.end })),
      });
    })();
    return this.open(id);
  }

  /**
   * Redacts spans the engine did not find (one selection, or every hit of a
   * search); overlapping and adjacent spans are merged. Stored in one
   * transaction and logged as one entry, with places, never the text.
   */
  addManual(id: number, spans: readonly { start: number; end: number }[], reason: string, basis: string): ReviewView {
    const row = this.openForChanges(id);
    const doc = this.extracted(row);
    if (spans.length === 0) throw new AppError('invalid_request', '未选择任何内容', 'no span given');
    for (const { start, end } of spans) {
      if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end > start && end <= doc.text.length)) {
        throw new AppError('invalid_request', '所选范围不在文稿内', 'the span is not inside the document');
      }
      if (doc.text.slice(start, end).trim() === '') throw new AppError('invalid_request', '所选内容为空白', 'the span is blank');
    }
    const why = reason.trim();
    if (why.length < 2) throw new AppError('invalid_request', '请写明人工脱敏的理由', 'give a reason for the manual redaction');
    const merged = mergeSpans(spans);
    const now = this.deps.now().toISOString();
    const { db, log } = this.deps;
    db.transaction(() => {
      const insert = db.prepare('INSERT INTO manual_redactions (review, start, end, reason, basis, created_at) VALUES (?, ?, ?, ?, ?, ?)');
      const manual = merged.map(({ start, end }) => Number(insert.run(id, start, end, why, basis, now).lastInsertRowid));
      db.prepare('UPDATE reviews SET updated_at = ? WHERE id = ?').run(now, id);
      const length = merged.reduce((n, s) => n + s.end - s.start, 0);
      log.append('review.manual_add', { review: id, document: row.document, manual, spans: merged, length, reason: why, basis });
    })();
    return this.open(id);
  }

  removeManual(id: number, manualId: number): ReviewView {
    const row = this.openForChanges(id);
    const found = this.manualRows(id).find((m) => m.id === manualId);
    if (!found) throw new AppError('not_found', '找不到该人工脱敏记录', 'manual redaction not found');
    const now = this.deps.now().toISOString();
    const { db, log } = this.deps;
    db.transaction(() => {
      db.prepare('DELETE FROM manual_redactions WHERE id = ? AND review = ?').run(manualId, id);
      db.prepare('UPDATE reviews SET updated_at = ? WHERE id = ?').run(now, id);
      log.append('review.manual_remove', { review: id, document: row.document, manual: manualId, start: found.start, end: found.end, length: found.end - found.start });
    })();
    return this.open(id);
  }

  /** The redaction plan of a review: accepted findings and manual spans with their replacements, reasons and bases. */
  plan(id: number, style: StyleChoice = DEFAULT_STYLE): { doc: ExtractedDocument; redactions: Redaction[] } {
    const row = this.row(id);
    const doc = this.extracted(row);
    return { doc, redactions: planRedactions(doc.text, this.findings(row), this.decisionRows(id), this.manualRows(id), style) };
  }

  /** Imports a new draft of review `of`'s document as a revision of it, carrying decisions over (revision.ts). */
  importRevision(of: number, name: string, bytes: Uint8Array, options: ImportFileOptions = {}): Promise<ReviewView> {
    return importRevision(this.deps, this, of, name, bytes, options);
  }

  /** Scans an open review's stored text again under the current lists and rules (rescan.ts). */
  rescan(id: number): Promise<RescanResult> {
    return rescanReview(this.deps, this, id);
  }

  /** The stored extract of a review and the stored files it was read from, for the document view (`layout.ts`). */
  stored(id: number): StoredReview {
    const row = this.row(id);
    return { id, document: row.document, extract: row.extract_sha256, pdfLayout: row.pdf_layout_sha256, format: row.format, doc: this.extracted(row) };
  }

  manualRows(id: number): (ManualRedaction & { id: number })[] {
    return this.deps.db.prepare('SELECT id, start, end, reason, basis FROM manual_redactions WHERE review = ? ORDER BY start, id').all(id) as (ManualRedaction & { id: number })[];
  }

  private openForChanges(id: number): ReviewRow {
    const row = this.row(id);
    if (row.status !== 'in_review') throw new AppError('refused', '该审查已提交，不能再修改', 'review already submitted; it can no longer change');
    return row;
  }

  /**
   * Where a published file comes from: the export of a review of `original`
   * whose bytes hash to `copy`, or null; and the latest review of
   * `original` (the one whose decisions a copy must honour), or null.
   */
  provenance(original: string, copy: string): { recorded: { review: number; exportedAt: string; fileName: string } | null; review: number | null } {
    const { db } = this.deps;
    const recorded = db
      .prepare('SELECT e.review AS review, e.exported_at AS exportedAt, e.file_name AS fileName FROM exports e JOIN reviews r ON r.id = e.review WHERE r.document = ? AND e.sha256 = ? ORDER BY e.id DESC LIMIT 1')
      .get(original, copy) as { review: number; exportedAt: string; fileName: string } | undefined;
    const latest = db.prepare('SELECT id FROM reviews WHERE document = ? ORDER BY id DESC LIMIT 1').get(original) as { id: number } | undefined;
    return { recorded: recorded ?? null, review: recorded?.review ?? latest?.id ?? null };
  }

  /** 保密审查单: the review as recorded, item by item (types, places, decisions, reasons, bases), with its exports. */
  record(id: number): Omit<ReviewRecord, 'entries'> {
    const row = this.row(id);
    // Once the original is gone, the places and 发文字号 come from what the record showed before (retention.ts).
    const kept = row.purged_at !== null ? purgedRecord(this.deps.db, id) : null;
    const doc = kept ? null : this.extracted(row);
    const placeOf = (n: number, start: number) => (doc ? describeFindingPlace(doc, start) || '正文' : (kept?.places?.[n - 1] ?? '—'));
    const decisions = this.decisionRows(id);
    const items = this.findings(row).map((f, i) => {
      const d = decisions.get(f.id);
      return {
        n: i + 1,
        category: CATEGORY_LABELS[f.category],
        type: TYPE_LABELS[f.type],
        place: placeOf(i + 1, f.start),
        decision: d?.decision === 'accepted' ? '脱敏' : d?.decision === 'rejected' ? '不脱敏' : '未决定',
        reason: d?.reason ?? null,
        basis: f.basis,
        ...(d?.carriedFrom != null ? { carriedFrom: d.carriedFrom } : {}),
      };
    });
    const manual = this.manualRows(id).map((m, i) => ({
      n: items.length + i + 1,
      category: '人工标注',
      type: '人工脱敏',
      place: placeOf(items.length + i + 1, m.start),
      decision: '脱敏',
      reason: m.reason,
      basis: m.basis,
    }));
    const exports = this.deps.db.prepare('SELECT file_name AS fileName, sha256, exported_at AS at FROM exports WHERE review = ? ORDER BY id').all(id) as ReviewRecord['exports'];
    const extra = this.deps.db.prepare('SELECT approval_opinion AS approvalOpinion FROM reviews WHERE id = ?').get(id) as { approvalOpinion: string | null };
    return {
      document: this.summary(row),
      documentNumber: doc ? documentNumber(doc.text) : (kept?.documentNumber ?? null),
      attribute: row.attribute,
      opinion: row.opinion,
      submittedBy: row.submitted_by,
      approvedBy: row.approved_by,
      approvedAt: row.approved_at,
      approvalOpinion: extra.approvalOpinion,
      items: [...items, ...manual],
      ...(row.revision_of !== null ? { revisionOf: revisionLink(this.deps.db, id, row.revision_of) } : {}),
      exports,
    };
  }

  /** The values a copy of review `id` must not contain: every accepted span's original text. */
  redactedValuesOf(id: number): string[] {
    const { doc, redactions } = this.plan(id);
    return redactedValues({ doc, spans: redactions });
  }

  /**
   * The redacted copy built in memory and leak-checked, for the clerk to see
   * before release: the original text beside the text read back from the
   * copy's bytes, their character differences and the statement of
   * reasons. The bytes are kept, so that confirming writes exactly what
   * was shown.
   */
  async preview(id: number, options: ExportOptions = {}): Promise<ExportPreview> {
    const prepared = await this.prepare(id, options);
    const { doc, out, list } = prepared;
    const copy = await importDocumentAsync(`copy.${prepared.format}`, out.bytes, {
      ...(options.signal ? { signal: options.signal } : {}),
      onProgress: (done, total) => options.onProgress?.('verify', done, total),
    });
    const { changes, complete } = textChanges(doc.text, copy.text);
    return {
      format: prepared.format,
      original: doc.text,
      redacted: copy.text,
      changes,
      complete,
      redactions: list,
      checks: out.check.checked,
      sha256: sha256Hex(out.bytes),
      size: out.bytes.byteLength,
    };
  }

  /**
   * The redacted copy, leak-checked in memory before it is written to
   * `outPath`, with the list of what was removed and why (the 区分处理
   * statement of reasons, 条例第三十七条). The file is written under a
   * temporary name and read back, the export is logged, and only then does
   * the file get its name: a crash leaves no final-named file the log does
   * not know (at worst a logged export without its file, exported again).
   */
  async exportTo(id: number, outPath: string, options: ExportOptions = {}): Promise<ExportedFile> {
    const row = this.row(id);
    const { redactions, out, list, format } = await this.prepare(id, options);
    const outSha = sha256Hex(out.bytes);
    const now = this.deps.now().toISOString();
    const { db, log } = this.deps;
    const record = db.transaction(() => {
      db.prepare('INSERT INTO exports (review, sha256, file_name, exported_at) VALUES (?, ?, ?, ?)').run(id, outSha, basename(outPath), now);
      db.prepare("UPDATE reviews SET status = 'exported', updated_at = ? WHERE id = ?").run(now, id);
      log.append('document.export', {
        review: id,
        document: row.document,
        output: outSha,
        fileName: basename(outPath),
        format,
        redactedSpans: redactions.length,
        styles: [...new Set(redactions.map((r) => r.style))],
        checked: out.check.checked,
      });
    });
    writeFileAtomic(outPath, out.bytes, { journal: this.deps.pendingWrites, beforeRename: () => record() });
    this.prepared = null;
    return { path: outPath, sha256: outSha, redactedSpans: redactions.length, checks: out.check.checked, redactions: list };
  }

  /** The leak-checked copy of a review under a style; reused while the plan (decisions, style) is unchanged. */
  private async prepare(id: number, options: ExportOptions): Promise<Prepared> {
    this.assertExportable(id);
    const row = this.row(id);
    const { doc, redactions } = this.plan(id, options.style);
    const asPdf = options.asPdf !== undefined;
    if (asPdf && doc.format !== 'docx') throw new AppError('invalid_request', '只有 DOCX 可以导出为 PDF', 'only a DOCX can be published as PDF');
    const key = sha256Hex(canonicalJson({ id, extract: row.extract_sha256 ?? row.document, redactions, asPdf, utf8: options.utf8 === true }));
    if (this.prepared?.key === key) return this.prepared;
    const original = this.deps.blobs.get(row.document);
    let out = await exportFor(doc.format, {
      password: options.password ?? this.passwords.get(row.document),
      utf8: options.utf8 === true,
      ...(options.signal ? { signal: options.signal } : {}),
      onProgress: (done, total) => options.onProgress?.('export', done, total),
    })({ doc, spans: redactions }, original);
    if (options.asPdf) {
      // The cleaned, redacted DOCX laid out as PDF, and read back like any published PDF.
      const pdf = Buffer.from(await withoutMetadata(await options.asPdf(await docxPrintHtml(out.bytes))));
      const checked = checkPdfCopy(await importPdf(pdf), redactedValues({ doc, spans: redactions }));
      out = { bytes: pdf, check: { checked: [...out.check.checked, ...checked] } };
    }
    this.prepared = { key, format: asPdf ? 'pdf' : doc.format, doc, redactions, out, list: redactionList(doc, redactions) };
    return this.prepared;
  }

  private assertAllDecided(row: ReviewRow): void {
    const decisions = new Map([...this.decisionRows(row.id)].map(([fid, d]) => [fid, d.decision]));
    const open = undecidedFindings(this.findings(row), decisions).length;
    if (open > 0) {
      throw new AppError('refused', `还有 ${open} 项发现未作决定，不能继续`, `${open} findings are still undecided`);
    }
  }

  private row(id: number): ReviewRow {
    const row = this.deps.db.prepare(`${SELECT_REVIEW} WHERE r.id = ?`).get(id) as ReviewRow | undefined;
    if (!row) throw new AppError('not_found', '找不到该审查记录', 'review not found');
    return row;
  }

  private findings(row: ReviewRow): Finding[] {
    return JSON.parse(row.findings_json) as Finding[];
  }

  /** The decisions of a review by finding id; `carriedFrom` names the earlier review a carried one was taken in. */
  decisionRows(id: number): Map<string, { decision: Decision; reason: string | null; carriedFrom: number | null }> {
    const rows = this.deps.db
      .prepare('SELECT finding_id, decision, reason, carried_from FROM decisions WHERE review = ?')
      .all(id) as { finding_id: string; decision: Decision; reason: string | null; carried_from: number | null }[];
    return new Map(rows.map((r) => [r.finding_id, { decision: r.decision, reason: r.reason, carriedFrom: r.carried_from }]));
  }

  /** The findings of a review as stored (the last scan). */
  findingsOf(id: number): Finding[] {
    return this.findings(this.row(id));
  }

  /** The stored extract, or a fresh extraction from the original for documents stored before extracts were kept. */
  private extracted(row: ReviewRow): ExtractedDocument {
    if (row.purged_at !== null) throw originalPurged(row.purged_at, row.purged_days ?? 0);
    const key = row.extract_sha256 ?? row.document;
    if (this.cache?.key !== key) {
      const { blobs } = this.deps;
      let doc: ExtractedDocument;
      if (row.extract_sha256) doc = blobs.getExtract(row.extract_sha256);
      else {
        const legacy = blobs.getLegacyExtract(row.document);
        if (!legacy && row.format === 'pdf') {
          throw new AppError('not_found', '找不到该 PDF 的提取结果，请重新导入原文件', 'the extract of this PDF is missing; import the file again');
        }
        doc = legacy ?? importDocument(row.name, blobs.get(row.document));
      }
      this.cache = { key, doc };
    }
    return this.cache.doc;
  }

  private summary(row: ReviewRow): DocumentSummary {
    const findingCount = row.finding_count ?? this.findings(row).length;
    const decided = row.decided_count ?? (this.deps.db.prepare('SELECT count(*) FROM decisions WHERE review = ?').pluck().get(row.id) as number);
    return {
      id: row.id,
      sha256: row.document,
      name: row.name,
      format: row.format,
      size: row.size,
      status: row.status === 'submitted' && row.approved_at !== null ? 'approved' : row.status,
      importedAt: row.imported_at,
      findingCount,
      undecidedCount: findingCount - decided,
      attribute: row.attribute,
      ...(row.revision_of !== null ? { revisionOf: row.revision_of } : {}),
      ...(row.purged_at !== null ? { purgedAt: row.purged_at } : {}),
    };
  }
}

/** The exporter of each format; formats without one are refused before anything is written. */
type Exporter = (plan: RedactionPlan, original: Uint8Array) => ExportOutput | Promise<ExportOutput>;

function exportFor(
  format: ExtractedDocument['format'],
  { password, utf8, signal, onProgress }: { password: string | undefined; utf8: boolean; signal?: AbortSignal; onProgress(done: number, total: number): void },
): Exporter {
  switch (format) {
    case 'docx':
      return exportDocx;
    case 'xlsx':
      return exportXlsx;
    case 'pdf':
      return (plan, original) => exportPdf(plan, original, { ...(password !== undefined ? { password } : {}), ...(signal ? { signal } : {}), onProgress });
    case 'html':
      return (plan, original) => exportHtml(plan, original, { utf8 });
    case 'csv':
      return exportCsv;
    case 'txt':
      return (plan, original) => exportTxt(plan, original, { utf8 });
  }
}

/** The 发文字号 of an official document (市政办〔2024〕27号), if its text has one near the top. */
function documentNumber(text: string): string | null {
  return /[\u4e00-\u9fff]{0,12}[〔［\[]\d{4}[〕］\]]\s*第?\d{1,5}\s*号/.exec(text.slice(0, 2000))?.[0] ?? null;
}

/** Sorted, with overlapping and touching spans joined. */
function mergeSpans(spans: readonly { start: number; end: number }[]): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (const { start, end } of [...spans].sort((a, b) => a.start - b.start || a.end - b.end)) {
    const last = out.at(-1);
    if (last && start <= last.end) last.end = Math.max(last.end, end);
    else out.push({ start, end });
  }
  return out;
}

function countBy(findings: readonly Finding[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of findings) out[f.type] = (out[f.type] ?? 0) + 1;
  return out;
}
