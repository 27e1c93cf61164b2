import type { ResumePoint } from '../../../shared/ipc/views';
import type { Db } from '../storage/database';

/**
 * Where each person was: the review open in the window and the finding
 * selected. Kept in the database (committed on every move) rather than in
 * the window's storage, which a crash can lose; not logged, as it decides nothing.
 */
export class ResumePoints {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  /** The point saved for `user` (`''` in single-operator mode), if its review still exists. */
  get(user: string): ResumePoint | null {
    const row = this.db.prepare('SELECT review, finding FROM resume_points WHERE user = ?').get(user) as { review: number; finding: string | null } | undefined;
    return row ? { review: row.review, finding: row.finding } : null;
  }

  /** Saves (or, with null, forgets) the point; a review that does not exist is forgotten, not an error. */
  set(user: string, point: ResumePoint | null): void {
    if (point === null || !this.db.prepare('SELECT 1 FROM reviews WHERE id = ?').get(point.review)) {
      this.db.prepare('DELETE FROM resume_points WHERE user = ?').run(user);
      return;
    }
    this.db
      .prepare(
        `INSERT INTO resume_points (user, review, finding, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (user) DO UPDATE SET review = excluded.review, finding = excluded.finding, updated_at = excluded.updated_at`,
      )
      .run(user, point.review, point.finding, this.now().toISOString());
  }
}
