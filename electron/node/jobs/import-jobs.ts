import { AppError } from '../../../shared/errors';
import type { ImportProgress, ImportStage } from '../../../shared/ipc/views';

/**
 * Long imports the window can watch and cancel. The renderer names a job
 * (a random id) when it starts an import, polls `jobs.progress` while it
 * waits, and may call `jobs.cancel`; polling keeps the bridge to one
 * invoke function instead of adding push events from main.
 */
export interface ImportJob {
  readonly signal: AbortSignal;
  report(stage: ImportStage, done: number, total: number): void;
}

/** At most this many jobs are remembered; a window runs one import at a time. */
const MAX_JOBS = 32;

export class ImportJobs {
  private readonly jobs = new Map<string, { controller: AbortController; progress: ImportProgress }>();

  start(id: string): ImportJob {
    if (this.jobs.has(id)) throw new AppError('invalid_request', '导入任务编号重复', 'duplicate import job id');
    if (this.jobs.size >= MAX_JOBS) this.jobs.delete(this.jobs.keys().next().value!);
    const controller = new AbortController();
    const entry = { controller, progress: { stage: 'read' as ImportStage, done: 0, total: 0, cancelled: false } };
    this.jobs.set(id, entry);
    return {
      signal: controller.signal,
      report: (stage, done, total) => {
        entry.progress = { stage, done, total, cancelled: controller.signal.aborted };
      },
    };
  }

  /** The job's progress, or null for an unknown or finished job. */
  progress(id: string): ImportProgress | null {
    return this.jobs.get(id)?.progress ?? null;
  }

  /** Asks the job to stop; false when there is no such running job. */
  cancel(id: string): boolean {
    const entry = this.jobs.get(id);
    if (!entry) return false;
    entry.controller.abort();
    entry.progress = { ...entry.progress, cancelled: true };
    return true;
  }

  finish(id: string): void {
    this.jobs.delete(id);
  }

  /** Runs `work` as job `id` (watched and cancellable), or plainly without an id; the job is forgotten when it ends. */
  async run<T>(id: string | undefined, work: (control: { signal?: AbortSignal; onStage?: ImportJob['report'] }) => Promise<T>): Promise<T> {
    if (id === undefined) return work({});
    const job = this.start(id);
    try {
      return await work({ signal: job.signal, onStage: job.report });
    } finally {
      this.finish(id);
    }
  }
}
