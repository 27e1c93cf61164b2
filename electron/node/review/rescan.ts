import { AppError } from '../../../shared/errors';
import type { RescanResult } from '../../../shared/ipc/views';
import type { Finding } from '../../../shared/rules/finding';
import type { ReviewLog } from '../log/review-log';
import type { Db } from '../storage/database';
import { scanUnderCurrentRules, type RuleSources } from './current-rules';
import type { ReviewService } from './review-service';

export interface RescanDeps extends RuleSources {
  db: Db;
  log: ReviewLog;
  now: () => Date;
}

interface Row {
  status: string;
  document: string;
  findings_json: string;
  lists_json: string;
  rule_set: string;
}

const notOpen = () => new AppError('refused', '只有审查中的文档可以重新扫描，已提交的审查不能再改', 'only a review in progress can be scanned again');

/**
 * Scans a review's stored text again under the lists and rules of now (a
 * list or rule changed since the import). A finding's id is its type and
 * span, so a finding found again keeps its decision; decisions of findings
 * no longer found are dropped. Manual redactions are not touched.
 */
export async function rescanReview(deps: RescanDeps, reviews: Pick<ReviewService, 'stored' | 'open'>, id: number): Promise<RescanResult> {
  const text = reviews.stored(id).doc.text;
  if (readRow(deps.db, id).status !== 'in_review') throw notOpen();
  const { scan, listIds, ruleSetId, record } = await scanUnderCurrentRules(deps, text);
  const { db, log } = deps;
  const result = db.transaction(() => {
    // Read again: the review may have been submitted while the scan ran.
    const row = readRow(db, id);
    if (row.status !== 'in_review') throw notOpen();
    const before = JSON.parse(row.findings_json) as Finding[];
    const now = new Set(scan.findings.map((f) => f.id));
    const was = new Set(before.map((f) => f.id));
    const added = scan.findings.filter((f) => !was.has(f.id)).map((f) => f.id);
    const removed = before.filter((f) => !now.has(f.id));
    const decided = (db.prepare('SELECT finding_id FROM decisions WHERE review = ?').all(id) as { finding_id: string }[]).map((d) => d.finding_id);
    const dropped = decided.filter((fid) => !now.has(fid));
    const drop = db.prepare('DELETE FROM decisions WHERE review = ? AND finding_id = ?');
    for (const fid of dropped) drop.run(id, fid);
    db.prepare('UPDATE reviews SET findings_json = ?, engine_version = ?, lists_json = ?, suppressed_json = ?, rule_set = ?, updated_at = ? WHERE id = ?').run(
      JSON.stringify(scan.findings), scan.engineVersion, JSON.stringify(listIds), JSON.stringify(scan.suppressed), ruleSetId, deps.now().toISOString(), id,
    );
    const kept = scan.findings.length - added.length;
    // Counts, ids and versions: like every entry, never the values found.
    log.append('document.rescan', {
      review: id,
      document: row.document,
      ...record,
      previous: { ruleSet: row.rule_set, lists: JSON.parse(row.lists_json) as string[] },
      findings: scan.findings.length,
      suppressed: scan.suppressed.length,
      added: added.length,
      removed: removed.length,
      kept,
      decisionsDropped: dropped.length,
    });
    return { added, removed: removed.map((f) => ({ id: f.id, type: f.type, text: f.text })), kept };
  })();
  return { view: reviews.open(id), ...result };
}

function readRow(db: Db, id: number): Row {
  const row = db.prepare('SELECT status, document, findings_json, lists_json, rule_set FROM reviews WHERE id = ?').get(id) as Row | undefined;
  if (!row) throw new AppError('not_found', '找不到该审查记录', 'review not found');
  return row;
}
