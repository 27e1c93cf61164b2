import { AppError } from '../../../shared/errors';
import type { RetentionDue, RetentionStatus } from '../../../shared/ipc/views';
import type { ReviewLog } from '../log/review-log';
import type { BlobKind, BlobStore } from '../storage/blob-store';
import type { Db } from '../storage/database';
import type { ReviewService } from './review-service';

/** The settings row (migration 8) holding how many days originals are kept; absent or `off`: for ever. */
export const RETENTION_KEY = 'retention.originalDays';
export const MAX_RETENTION_DAYS = 3650;
const DAY_MS = 86_400_000;

/** What a reader of a purged review is told: when and under which setting the original went, and that the record remains. */
export function originalPurged(at: string, days: number): AppError {
  const date = at.slice(0, 10);
  return new AppError(
    'not_found',
    `原件已于 ${date} 按保留期限（审查完成 ${days} 天后）删除，不能再打开、导出、重新扫描或据以导入修订稿；审查记录、保密审查单与审查日志仍保留`,
    `the original was deleted on ${date} under the retention setting (${days} days after the review finished); it can no longer be opened, exported, rescanned or revised; the review record and log remain`,
  );
}

/** What the 保密审查单 of a purged review showed when its text was still there (see `Retention.apply`). */
export function purgedRecord(db: Db, review: number): { places: string[] | null; documentNumber: string | null } {
  const row = db.prepare('SELECT places_json, document_number FROM purged_reviews WHERE review = ?').get(review) as
    | { places_json: string | null; document_number: string | null }
    | undefined;
  return { places: row?.places_json ? (JSON.parse(row.places_json) as string[]) : null, documentNumber: row?.document_number ?? null };
}

function assertDays(days: number): void {
  if (!(Number.isInteger(days) && days >= 1 && days <= MAX_RETENTION_DAYS)) {
    throw new AppError('invalid_request', `保留期限须为 1 至 ${MAX_RETENTION_DAYS} 之间的整数天数`, `the retention period must be a whole number of days from 1 to ${MAX_RETENTION_DAYS}`);
  }
}

export interface RetentionDeps {
  db: Db;
  blobs: BlobStore;
  log: ReviewLog;
  now: () => Date;
  reviews: ReviewService;
}

interface DueReview {
  id: number;
  document: string;
  extract_sha256: string | null;
  pdf_layout_sha256: string | null;
  last: string;
}

/** What a run did: the counts, and the hashes of the files deleted (as logged). */
export interface RetentionRun extends RetentionDue {
  purged: { sha256: string; kind: BlobKind }[];
}

interface Plan {
  run: RetentionRun;
  due: DueReview[];
}

/**
 * Deletes the stored originals of finished reviews after a number of days
 * (an administrator's setting, off by default), with the extract and PDF
 * layout read from them, which hold the same text.
 *
 * Finished means exported: a document is due when every review of it is
 * `exported` and the last change of any of them (`updated_at`: decisions,
 * submission, approval, export) is older than the setting. A review in
 * progress, submitted, approved but not exported, or an earlier draft left
 * in review after a revision, keeps the document's files. Files are
 * content-addressed and may be shared (the same file imported twice, the
 * same extract of two originals): one that a review not being purged names
 * stays. Every row of the review, its decisions and its log entries stay;
 * what its 保密审查单 showed (places, 发文字号) is kept beside it.
 */
export class Retention {
  constructor(private readonly deps: RetentionDeps) {}

  days(): number | null {
    const row = this.deps.db.prepare('SELECT value FROM settings WHERE key = ?').get(RETENTION_KEY) as { value: string } | undefined;
    const days = row ? Number(row.value) : NaN;
    return Number.isInteger(days) && days >= 1 ? days : null;
  }

  /** Changes the setting (null: keep for ever); logged with the old and new value. */
  setDays(days: number | null): void {
    if (days !== null) assertDays(days);
    const old = this.days();
    if (old === days) return;
    const { db, log } = this.deps;
    const now = this.deps.now().toISOString();
    db.transaction(() => {
      db.prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at').run(
        RETENTION_KEY,
        days === null ? 'off' : String(days),
        now,
      );
      log.append('data.retention_set', { key: RETENTION_KEY, old, new: days });
    })();
  }

  status(): RetentionStatus {
    const days = this.days();
    const purged = this.deps.db
      .prepare('SELECT count(*) AS reviews, count(DISTINCT r.document) AS documents, max(p.purged_at) AS lastAt FROM purged_reviews p JOIN reviews r ON r.id = p.review')
      .get() as RetentionStatus['purged'];
    return { days, due: days === null ? null : this.preview(days), purged };
  }

  /** What a run under `days` would delete now; nothing is changed. */
  preview(days: number): RetentionDue {
    assertDays(days);
    const { purged: _, ...counts } = this.plan(days).run;
    return counts;
  }

  /**
   * Deletes what is due under the setting (or `days`), at most `limit`
   * documents, oldest first. The records and the log entry are written in
   * one transaction, planned inside it; the files are deleted after the
   * commit, and any a crash left behind are deleted by the next run.
   */
  apply(options: { days?: number; limit?: number } = {}): RetentionRun {
    const days = options.days ?? this.days();
    if (days === null) throw new AppError('refused', '未设置原件保留期限（永久保留），没有可删除的原件', 'no retention period is set (originals are kept for ever); nothing to delete');
    assertDays(days);
    const { db, log } = this.deps;
    const done = db
      .transaction((): RetentionRun => {
        const { run, due } = this.plan(days, options.limit);
        if (due.length === 0) return run;
        // What the 保密审查单 shows, taken while the text is still there.
        const records = due.map((r) => this.recordOf(r.id));
        const at = this.deps.now().toISOString();
        const entry = log.append('data.retention_purge', {
          days,
          cutoff: run.cutoff,
          documents: run.documents,
          reviews: due.map((r) => r.id),
          count: run.purged.length,
          bytes: run.bytes,
          purged: run.purged,
        });
        const review = db.prepare('INSERT INTO purged_reviews (review, purged_at, days, log_seq, places_json, document_number) VALUES (?, ?, ?, ?, ?, ?)');
        due.forEach((r, i) => review.run(r.id, at, days, entry.seq, records[i]!.places, records[i]!.documentNumber));
        const blob = db.prepare(
          `INSERT INTO purged_blobs (sha256, kind, purged_at, log_seq, removed) VALUES (?, ?, ?, ?, 0)
           ON CONFLICT (sha256, kind) DO UPDATE SET purged_at = excluded.purged_at, log_seq = excluded.log_seq, removed = 0`,
        );
        for (const f of run.purged) blob.run(f.sha256, f.kind, at, entry.seq);
        for (const r of due) this.forgetValues(r.id);
        return run;
      })
      .immediate();
    try {
      this.removePending();
    } catch (err) {
      // Committed and logged: files still on disk are deleted by the next run.
      console.error('[retention] files left for the next run:', err);
    }
    return done;
  }

  /** At app start: what is due under the setting, a bounded number of documents at a time (the rest at the next start, or on request). */
  applyIfSet(limit = 100): RetentionRun | null {
    if (this.days() === null) {
      this.removePending();
      return null;
    }
    return this.apply({ limit });
  }

  /** Deletes the files of committed purges still on disk; one a review now needs again (the same file imported since) is kept. */
  private removePending(): void {
    // Under the write lock, so that an import in another process cannot name a file between the check and the deletion.
    this.deps.db.transaction(() => this.removePendingLocked()).immediate();
  }

  private removePendingLocked(): void {
    const { db, blobs } = this.deps;
    const pending = db.prepare('SELECT sha256, kind FROM purged_blobs WHERE removed = 0').all() as { sha256: string; kind: BlobKind }[];
    if (pending.length === 0) return;
    const needed = this.neededFiles(new Set());
    const done = db.prepare('UPDATE purged_blobs SET removed = 1 WHERE sha256 = ? AND kind = ?');
    const kept = db.prepare('DELETE FROM purged_blobs WHERE sha256 = ? AND kind = ?');
    for (const { sha256, kind } of pending) {
      if (needed.has(`${kind}:${sha256}`)) {
        kept.run(sha256, kind);
        continue;
      }
      blobs.remove(sha256, kind);
      done.run(sha256, kind);
    }
  }

  private plan(days: number, limit = Infinity): Plan {
    const cutoff = new Date(this.deps.now().getTime() - days * DAY_MS).toISOString();
    // Documents every review of which is exported, the newest change before the cutoff; reviews not purged yet.
    const rows = this.deps.db
      .prepare(
        `WITH due AS (
           SELECT document, max(updated_at) AS last FROM reviews GROUP BY document
           HAVING sum(status <> 'exported') = 0 AND max(updated_at) <= ?)
         SELECT r.id, r.document, r.extract_sha256, r.pdf_layout_sha256, due.last FROM reviews r JOIN due ON due.document = r.document
         WHERE NOT EXISTS (SELECT 1 FROM purged_reviews p WHERE p.review = r.id)
         ORDER BY due.last, r.document, r.id`,
      )
      .all(cutoff) as DueReview[];
    const documents = [...new Set(rows.map((r) => r.document))].slice(0, limit);
    const chosen = new Set(documents);
    const due = rows.filter((r) => chosen.has(r.document)).sort((a, b) => a.id - b.id);
    if (due.length === 0) return { run: { documents: 0, reviews: 0, files: 0, bytes: 0, cutoff, purged: [] }, due };
    const needed = this.neededFiles(new Set(due.map((r) => r.id)));
    const files = new Map<string, { sha256: string; kind: BlobKind }>();
    for (const r of due) {
      // Reviews older than migration 4 read a legacy extract kept under the original's hash.
      for (const [kind, sha256] of [['original', r.document], ['extract', r.extract_sha256 ?? r.document], ['pdf_layout', r.pdf_layout_sha256]] as const) {
        if (sha256 !== null && !needed.has(`${kind}:${sha256}`)) files.set(`${kind}:${sha256}`, { sha256, kind });
      }
    }
    let bytes = 0;
    const present = [...files.values()].filter((f) => {
      const size = this.deps.blobs.sizeOf(f.sha256, f.kind);
      bytes += size ?? 0;
      return size !== null;
    });
    return { run: { documents: documents.length, reviews: due.length, files: present.length, bytes, cutoff, purged: present }, due };
  }

  /** `kind:sha256` of every file a review neither purged nor in `going` reads. */
  private neededFiles(going: ReadonlySet<number>): Set<string> {
    const rows = this.deps.db
      .prepare('SELECT id, document, extract_sha256, pdf_layout_sha256 FROM reviews r WHERE NOT EXISTS (SELECT 1 FROM purged_reviews p WHERE p.review = r.id)')
      .all() as Omit<DueReview, 'last'>[];
    const needed = new Set<string>();
    for (const r of rows) {
      if (going.has(r.id)) continue;
      needed.add(`original:${r.document}`);
      needed.add(`extract:${r.extract_sha256 ?? r.document}`);
      if (r.pdf_layout_sha256) needed.add(`pdf_layout:${r.pdf_layout_sha256}`);
    }
    return needed;
  }

  /** The places and 发文字号 of a review's 保密审查单; null places when its text cannot be read any more. */
  /**
   * The matched values go with the original: findings keep type, place and
   * score but not their text, a revision's removed text is dropped, and
   * nobody is brought back to a review that can no longer be opened.
   */
  private forgetValues(id: number): void {
    const { db } = this.deps;
    const row = db.prepare('SELECT findings_json, revision_json FROM reviews WHERE id = ?').get(id) as { findings_json: string; revision_json: string | null };
    const findings = (JSON.parse(row.findings_json) as { text?: string }[]).map((f) => ({ ...f, text: '' }));
    const revision = row.revision_json === null ? null : (JSON.parse(row.revision_json) as { deleted?: { text: string }[] });
    if (revision?.deleted) revision.deleted = revision.deleted.map((d) => ({ ...d, text: '' }));
    db.prepare('UPDATE reviews SET findings_json = ?, revision_json = ? WHERE id = ?').run(JSON.stringify(findings), revision === null ? null : JSON.stringify(revision), id);
    db.prepare('DELETE FROM resume_points WHERE review = ?').run(id);
  }

  private recordOf(id: number): { places: string | null; documentNumber: string | null } {
    try {
      const record = this.deps.reviews.record(id);
      return { places: JSON.stringify(record.items.map((i) => i.place)), documentNumber: record.documentNumber };
    } catch {
      return { places: null, documentNumber: null };
    }
  }
}
