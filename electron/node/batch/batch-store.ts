import { AppError } from '../../../shared/errors';
import type { BatchFileRow, BatchRunInfo, BatchSummary } from '../../../shared/batch/report';
import { BATCH_FILE_STATUSES, BATCH_NEEDS, needsColumn, needsFromColumn, type BatchFileResult, type BatchFileStatus, type BatchNeed } from '../../../shared/batch/result';
import type { Db } from '../storage/database';
import type { WalkEntry } from './walk';

/**
 * Folder checks in the database (migration 15): runs, and one row per file
 * written as each file finishes, so that an interrupted run loses at most
 * the files in flight. Every query walks rows in path order, never all in memory.
 */

interface RunRow {
  id: number;
  dir: string;
  rules_key: string;
  rules_json: string;
  status: BatchRunInfo['status'];
  pid: number | null;
  walk: number;
  ignored: number;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

interface FileRow {
  path: string;
  size: number;
  status: BatchFileStatus;
  format: string | null;
  pages: number | null;
  findings: number;
  needs: string;
  results_json: string | null;
  error: string | null;
  error_en: string | null;
  ms: number | null;
}

/** What a row filter selects: a status, a need (`any`: a file a person must look at), or both. */
export interface RowQuery {
  status?: BatchFileStatus | undefined;
  need?: BatchNeed | 'any' | undefined;
}

type Stored = Pick<BatchFileResult, 'byCategory' | 'byType' | 'warnings' | 'notes' | 'suppressed'>;

const ATTENTION = `(status IN ('error', 'skipped') OR needs <> '')`;

function where(q: RowQuery): { sql: string; params: unknown[] } {
  const parts = ['run = ?'];
  const params: unknown[] = [];
  if (q.status) {
    parts.push('status = ?');
    params.push(q.status);
  }
  if (q.need === 'any') parts.push(ATTENTION);
  else if (q.need) {
    parts.push(`instr(' ' || needs || ' ', ?) > 0`);
    params.push(` ${q.need} `);
  }
  return { sql: parts.join(' AND '), params };
}

function toRow(r: FileRow): BatchFileRow {
  const stored: Partial<Stored> = r.results_json ? (JSON.parse(r.results_json) as Stored) : {};
  return {
    path: r.path,
    size: r.size,
    status: r.status,
    format: r.format as BatchFileRow['format'],
    pages: r.pages,
    findings: r.findings,
    byCategory: stored.byCategory ?? {},
    byType: stored.byType ?? {},
    needs: needsFromColumn(r.needs),
    warnings: stored.warnings ?? [],
    notes: stored.notes ?? [],
    error: r.error,
    errorEn: r.error_en,
    ms: r.ms,
  };
}

/** A running process other than this one still holds a run (its pid answers). */
export function heldElsewhere(pid: number | null): boolean {
  if (pid === null || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const FILE_COLUMNS = 'path, size, status, format, pages, findings, needs, results_json, error, error_en, ms';

export class BatchStore {
  constructor(
    readonly db: Db,
    private readonly now: () => Date,
  ) {}

  private stamp(): string {
    return this.now().toISOString();
  }

  latestRun(dir: string): RunRow | undefined {
    return this.db.prepare('SELECT * FROM batch_runs WHERE dir = ? ORDER BY id DESC LIMIT 1').get(dir) as RunRow | undefined;
  }

  runRow(id: number): RunRow {
    const row = this.db.prepare('SELECT * FROM batch_runs WHERE id = ?').get(id) as RunRow | undefined;
    if (!row) throw new AppError('not_found', `没有编号为 ${id} 的批量检查`, `no folder check #${id}`);
    return row;
  }

  info(id: number): BatchRunInfo {
    const r = this.runRow(id);
    // A run left `running` by a process that is gone (killed, crashed) is interrupted.
    const status = r.status === 'running' && r.pid !== process.pid && !heldElsewhere(r.pid) ? 'interrupted' : r.status;
    return { id: r.id, dir: r.dir, status, createdAt: r.created_at, updatedAt: r.updated_at, finishedAt: r.finished_at, rules: JSON.parse(r.rules_json) as BatchRunInfo['rules'] };
  }

  recentRuns(limit: number): BatchRunInfo[] {
    const ids = this.db.prepare('SELECT id FROM batch_runs ORDER BY id DESC LIMIT ?').all(limit) as { id: number }[];
    return ids.map((r) => this.info(r.id));
  }

  createRun(dir: string, rulesKey: string, rules: BatchRunInfo['rules']): number {
    const at = this.stamp();
    const res = this.db
      .prepare(`INSERT INTO batch_runs (dir, rules_key, rules_json, status, pid, created_at, updated_at) VALUES (?, ?, ?, 'running', ?, ?, ?)`)
      .run(dir, rulesKey, JSON.stringify(rules), process.pid, at, at);
    return Number(res.lastInsertRowid);
  }

  setStatus(id: number, status: BatchRunInfo['status']): void {
    const at = this.stamp();
    this.db
      .prepare('UPDATE batch_runs SET status = ?, pid = ?, updated_at = ?, finished_at = ? WHERE id = ?')
      .run(status, status === 'running' ? process.pid : null, at, status === 'done' ? at : null, id);
  }

  /** Starts listing the folder again; rows not seen by the end of this walk are files that are gone. */
  beginWalk(id: number): number {
    this.db.prepare('UPDATE batch_runs SET walk = walk + 1 WHERE id = ?').run(id);
    return this.runRow(id).walk;
  }

  /**
   * Records listed files (one transaction for many): a new file is pending;
   * a known one keeps its result unless its size or time changed, then it is checked again.
   */
  listed(run: number, walk: number, entries: readonly Exclude<WalkEntry, { kind: 'ignored' }>[]): void {
    const get = this.db.prepare('SELECT size, mtime_ms, status FROM batch_files WHERE run = ? AND path = ?');
    const touch = this.db.prepare('UPDATE batch_files SET seen = ? WHERE run = ? AND path = ?');
    const put = this.db.prepare(
      `INSERT INTO batch_files (run, path, size, mtime_ms, status, needs, error, error_en, seen) VALUES (@run, @path, @size, @mtime, @status, @needs, @error, @errorEn, @seen)
       ON CONFLICT (run, path) DO UPDATE SET size = excluded.size, mtime_ms = excluded.mtime_ms, status = excluded.status, needs = excluded.needs,
         error = excluded.error, error_en = excluded.error_en, seen = excluded.seen, format = NULL, pages = NULL, findings = 0,
         results_json = NULL, ms = NULL, attempts = 0, scanned_at = NULL`,
    );
    this.db.transaction(() => {
      for (const e of entries) {
        const old = get.get(run, e.path) as { size: number; mtime_ms: number; status: BatchFileStatus } | undefined;
        const skip = e.kind === 'skip';
        if (old && old.size === e.size && old.mtime_ms === e.mtimeMs && (old.status === 'skipped') === skip) {
          touch.run(walk, run, e.path);
          continue;
        }
        put.run({
          run,
          path: e.path,
          size: e.size,
          mtime: e.mtimeMs,
          status: skip ? 'skipped' : 'pending',
          needs: skip ? needsColumn(e.reason.needs) : '',
          error: skip ? e.reason.zh : null,
          errorEn: skip ? e.reason.en : null,
          seen: walk,
        });
      }
    })();
  }

  /** Ends the walk: files no longer in the folder leave the run. */
  endWalk(run: number, walk: number, ignored: number): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM batch_files WHERE run = ? AND seen <> ?').run(run, walk);
      this.db.prepare('UPDATE batch_runs SET ignored = ?, updated_at = ? WHERE id = ?').run(ignored, this.stamp(), run);
    })();
  }

  /** The next pending files after `after` (path order), each counted as one more attempt. */
  takePending(run: number, after: string, limit: number): { path: string; attempts: number }[] {
    return this.db.transaction(() => {
      const rows = this.db
        .prepare(`SELECT path, attempts FROM batch_files WHERE run = ? AND status = 'pending' AND path > ? ORDER BY path LIMIT ?`)
        .all(run, after, limit) as { path: string; attempts: number }[];
      const bump = this.db.prepare('UPDATE batch_files SET attempts = attempts + 1 WHERE run = ? AND path = ?');
      for (const r of rows) bump.run(run, r.path);
      return rows;
    })();
  }

  /** Writes finished files, many in one transaction. */
  record(run: number, results: readonly { path: string; result: BatchFileResult }[]): void {
    const at = this.stamp();
    const put = this.db.prepare(
      `UPDATE batch_files SET status = @status, format = @format, pages = @pages, findings = @findings, needs = @needs, results_json = @results,
         error = @error, error_en = @errorEn, ms = @ms, scanned_at = @at WHERE run = @run AND path = @path`,
    );
    this.db.transaction(() => {
      for (const { path, result: r } of results) {
        const stored: Stored = { byCategory: r.byCategory, byType: r.byType, warnings: r.warnings, notes: r.notes, suppressed: r.suppressed };
        put.run({
          run,
          path,
          status: r.status,
          format: r.format,
          pages: r.pages,
          findings: r.findings,
          needs: needsColumn(r.needs),
          results: JSON.stringify(stored),
          error: r.error?.zh ?? null,
          errorEn: r.error?.en ?? null,
          ms: r.ms,
          at,
        });
      }
      this.db.prepare('UPDATE batch_runs SET updated_at = ? WHERE id = ?').run(at, run);
    })();
  }

  count(run: number, q: RowQuery = {}): number {
    const w = where(q);
    return (this.db.prepare(`SELECT COUNT(*) AS n FROM batch_files WHERE ${w.sql}`).get(run, ...w.params) as { n: number }).n;
  }

  /** Rows in path order, streamed from the database (the reports), or one page of them (the app). */
  rows(run: number, q: RowQuery = {}, page?: { offset: number; limit: number }): Iterable<BatchFileRow> {
    const w = where(q);
    const sql = `SELECT ${FILE_COLUMNS} FROM batch_files WHERE ${w.sql} ORDER BY path${page ? ' LIMIT ? OFFSET ?' : ''}`;
    const stmt = this.db.prepare(sql);
    const params = page ? [run, ...w.params, page.limit, page.offset] : [run, ...w.params];
    // Lazily: the statement runs when the caller iterates, and must be read to the end before the next query.
    return {
      *[Symbol.iterator]() {
        for (const r of stmt.iterate(...params) as IterableIterator<FileRow>) yield toRow(r);
      },
    };
  }

  file(run: number, path: string): { path: string; status: BatchFileStatus } | undefined {
    return this.db.prepare('SELECT path, status FROM batch_files WHERE run = ? AND path = ?').get(run, path) as { path: string; status: BatchFileStatus } | undefined;
  }

  summary(run: number): BatchSummary {
    const info = this.info(run);
    const byStatus = Object.fromEntries(BATCH_FILE_STATUSES.map((s) => [s, 0])) as BatchSummary['byStatus'];
    for (const r of this.db.prepare('SELECT status, COUNT(*) AS n FROM batch_files WHERE run = ? GROUP BY status').all(run) as { status: BatchFileStatus; n: number }[]) byStatus[r.status] = r.n;
    const byNeed = Object.fromEntries(BATCH_NEEDS.map((n) => [n, this.count(run, { need: n })])) as BatchSummary['byNeed'];
    const totals = this.db
      .prepare(`SELECT COALESCE(SUM(pages), 0) AS pages, COALESCE(SUM(findings), 0) AS findings, COALESCE(SUM(findings > 0), 0) AS withFindings FROM batch_files WHERE run = ? AND status = 'done'`)
      .get(run) as { pages: number; findings: number; withFindings: number };
    const sums = (key: string) =>
      Object.fromEntries(
        (this.db.prepare(`SELECT j.key AS k, SUM(j.value) AS n FROM batch_files f, json_each(f.results_json, '$.${key}') j WHERE f.run = ? AND f.status = 'done' GROUP BY j.key ORDER BY j.key`).all(run) as { k: string; n: number }[]).map((r) => [r.k, r.n]),
      );
    return {
      run: info,
      files: BATCH_FILE_STATUSES.reduce((a, s) => a + byStatus[s], 0),
      byStatus,
      byNeed,
      ignored: this.runRow(run).ignored,
      pages: totals.pages,
      findings: totals.findings,
      filesWithFindings: totals.withFindings,
      byCategory: sums('byCategory'),
      byType: sums('byType'),
    };
  }
}
