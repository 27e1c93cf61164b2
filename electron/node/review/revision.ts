import { describeFindingPlace } from '../../../shared/document/hidden-labels';
import type { ExtractedDocument } from '../../../shared/document/model';
import type { ReviewRecord, ReviewView, RevisionView } from '../../../shared/ipc/views';
import { coverRest, planRevision, type RevisionChange, type RevisionDeletion } from '../../../shared/review/revision';
import type { ReviewLog } from '../log/review-log';
import type { Db } from '../storage/database';
import type { ImportFileOptions, ReviewService } from './review-service';
import { alignTexts } from './text-diff';

/** More differing stretches than this and the rest counts as changed: that is a rewrite, not a revision. */
const MAX_CHANGES = 5000;
/** Equal runs shorter than this inside a changed line count as changed (see `alignTexts`). */
const MIN_EQUAL = 4;

/** What `reviews.revision_json` holds: the comparison as made at import, so that every open shows the same. */
interface StoredRevision {
  changes: RevisionChange[];
  deleted: RevisionDeletion[];
  fresh: string[];
  complete: boolean;
}

export interface RevisionDeps {
  db: Db;
  log: ReviewLog;
  now: () => Date;
}

type Reviews = Pick<ReviewService, 'stored' | 'findingsOf' | 'decisionRows' | 'manualRows' | 'importFile'>;

/**
 * Imports a new draft of the document of review `of` as a new review that
 * names it. The old review is left as it is (its record is history); the
 * new one takes over the decisions of findings in unchanged text that the
 * new scan finds again, and the manual redactions of unchanged text, all in
 * the import's own transaction, logged as `document.revision`.
 */
export async function importRevision(deps: RevisionDeps, reviews: Reviews, of: number, name: string, bytes: Uint8Array, options: ImportFileOptions = {}): Promise<ReviewView> {
  const earlier = reviews.stored(of); // an unknown review is refused before any work
  const oldText = earlier.doc.text;
  return reviews.importFile(name, bytes, {
    ...options,
    beforeStore: (doc, findings) => {
      options.onStage?.('compare', 0, 0);
      const aligned = alignTexts(oldText, doc.text, { limit: MAX_CHANGES, minEqual: MIN_EQUAL });
      const stretches = aligned.complete ? aligned.stretches : coverRest(aligned.stretches, oldText.length, doc.text.length);
      // Read now: nothing runs between here and the import's transaction.
      const plan = planRevision({ stretches, oldText, oldFindings: reviews.findingsOf(of), decisions: reviews.decisionRows(of), newFindings: findings, manual: reviews.manualRows(of) });
      const stored: StoredRevision = { changes: plan.changes, deleted: plan.deleted, fresh: plan.fresh, complete: aligned.complete };
      return (reviewId) => {
        const { db, log } = deps;
        const now = deps.now().toISOString();
        db.prepare('UPDATE reviews SET revision_of = ?, revision_json = ? WHERE id = ?').run(of, JSON.stringify(stored), reviewId);
        const decide = db.prepare('INSERT INTO decisions (review, finding_id, decision, reason, decided_at, carried_from) VALUES (?, ?, ?, ?, ?, ?)');
        for (const c of plan.carried) decide.run(reviewId, c.id, c.decision, c.reason, now, of);
        const manual = db.prepare('INSERT INTO manual_redactions (review, start, end, reason, basis, created_at) VALUES (?, ?, ?, ?, ?, ?)');
        const spans = plan.manual.map((m) => ({ id: Number(manual.run(reviewId, m.start, m.end, m.reason, m.basis, now).lastInsertRowid), start: m.start, end: m.end }));
        const { document } = db.prepare('SELECT document FROM reviews WHERE id = ?').get(reviewId) as { document: string };
        // Ids, places and counts: no text of either draft, no reason.
        log.append('document.revision', {
          review: reviewId,
          document,
          of,
          ofDocument: earlier.document,
          changes: plan.changes.length,
          deletions: plan.deleted.length,
          complete: aligned.complete,
          ...plan.counts,
          decisions: plan.carried.map((c) => ({ id: c.id, from: c.from, decision: c.decision })),
          manual: spans,
        });
      };
    },
  });
}

/** The revision part of a review's view, or undefined for a review that revises nothing. */
export function revisionView(db: Db, id: number, doc: ExtractedDocument): RevisionView | undefined {
  const row = db
    .prepare('SELECT r.revision_of AS of, r.revision_json AS json, d.name AS name FROM reviews r JOIN reviews o ON o.id = r.revision_of JOIN documents d ON d.sha256 = o.document WHERE r.id = ?')
    .get(id) as { of: number; json: string | null; name: string } | undefined;
  if (!row) return undefined;
  const stored: StoredRevision = row.json ? (JSON.parse(row.json) as StoredRevision) : { changes: [], deleted: [], fresh: [], complete: true };
  return {
    of: row.of,
    ofName: row.name,
    changes: stored.changes.map((c) => ({ ...c, where: placeOf(doc, c.start, c.end - 1) })),
    deleted: stored.deleted.map((d) => ({ ...d, where: placeOf(doc, d.at, d.at - 1) })),
    carried: carriedIds(db, id),
    fresh: stored.fresh,
    complete: stored.complete,
  };
}

/** Where an offset lies (`第2页`, `正文第3段`); a paragraph break names nothing, so the other end is tried. */
function placeOf(doc: ExtractedDocument, at: number, otherwise: number): string {
  return describeFindingPlace(doc, at) || (otherwise >= 0 ? describeFindingPlace(doc, otherwise) : '');
}

/** The earlier review a revision's record names, with how many of its decisions still stand here. */
export function revisionLink(db: Db, id: number, of: number): NonNullable<ReviewRecord['revisionOf']> {
  const row = db.prepare('SELECT d.name AS name, d.sha256 AS sha256 FROM reviews o JOIN documents d ON d.sha256 = o.document WHERE o.id = ?').get(of) as { name: string; sha256: string };
  return { id: of, ...row, carried: carriedIds(db, id).length };
}

/** Decisions carried over and not taken again since (a decision the reviewer changes is theirs). */
function carriedIds(db: Db, id: number): string[] {
  return (db.prepare('SELECT finding_id FROM decisions WHERE review = ? AND carried_from IS NOT NULL ORDER BY finding_id').all(id) as { finding_id: string }[]).map((r) => r.finding_id);
}
