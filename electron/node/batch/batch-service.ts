import { readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { AppError } from '../../../shared/errors';
import type { BatchFileRow, BatchProgress, BatchRunInfo, BatchSummary } from '../../../shared/batch/report';
import { MAX_IMPORT_BYTES } from '../../../shared/ipc/contract';
import type { BatchStore, RowQuery } from './batch-store';
import type { BatchRules } from './rules';
import { writeBatchReports } from './report-files';
import { defaultJobs, executeRun, openRun } from './run-batch';
import { isWithin } from '../storage/paths';

/**
 * Folder checks in the app: one at a time, run in the background of the
 * main process (the files in worker threads), followed by polling
 * (`batch.progress`) like imports; the report is read a page at a time.
 */
export class BatchService {
  private active: { run: number; controller: AbortController; progress: BatchProgress } | null = null;

  constructor(
    private readonly deps: {
      store: BatchStore;
      rules: () => BatchRules;
      now: () => Date;
      /** The built batch worker; files are checked on the main thread without it (tests from source). */
      workerFile?: URL | undefined;
      onError?: (err: unknown) => void;
    },
  ) {}

  /** Checks `dir` (a real path), continuing an unfinished check of it under the same rules. */
  start(dir: string, jobs = defaultJobs()): { run: number; continued: boolean } {
    if (this.active) throw new AppError('refused', `批量检查 #${this.active.run} 尚未结束，请等待或停止后再开始`, `check #${this.active.run} is still running`);
    const { store } = this.deps;
    const rules = this.deps.rules();
    const { run, continued } = openRun(store, dir, rules, false);
    const controller = new AbortController();
    const active = { run, controller, progress: this.stored(run) };
    this.active = active;
    void executeRun(store, run, { rules, jobs, workerFile: this.deps.workerFile, signal: controller.signal, onProgress: (p) => (active.progress = p) })
      .catch((err: unknown) => this.deps.onError?.(err))
      .finally(() => {
        if (this.active === active) this.active = null;
      });
    return { run, continued };
  }

  /** A run's progress: live while it runs, from the database afterwards. */
  progress(run: number): BatchProgress {
    return this.active?.run === run ? this.active.progress : this.stored(run);
  }

  cancel(run: number): boolean {
    if (this.active?.run !== run) return false;
    this.active.controller.abort();
    return true;
  }

  runs(limit = 20): BatchRunInfo[] {
    return this.deps.store.recentRuns(limit);
  }

  /** Folders checked before: `batch.start` may name one of these again without a dialog. */
  knownFolder(dir: string): boolean {
    return this.deps.store.latestRun(dir) !== undefined;
  }

  report(run: number, q: RowQuery, page: { offset: number; limit: number }, withSummary: boolean): { summary: BatchSummary | null; total: number; rows: BatchFileRow[] } {
    const { store } = this.deps;
    store.runRow(run); // not_found for an unknown run
    return { summary: withSummary ? store.summary(run) : null, total: store.count(run, q), rows: [...store.rows(run, q, page)] };
  }

  /**
   * The bytes of a file of the run's report, to import: only a path the run
   * listed, and only while it still resolves inside the run's folder.
   */
  readFile(run: number, path: string): { name: string; bytes: Uint8Array } {
    const { store } = this.deps;
    const { dir } = store.info(run);
    if (!store.file(run, path)) throw new AppError('not_found', `检查 #${run} 中没有此文件`, `no such file in check #${run}`);
    let real: string;
    try {
      real = realpathSync(resolve(dir, path));
    } catch {
      throw new AppError('not_found', `文件已不存在：${path}`, `file no longer exists: ${path}`);
    }
    const root = realpathSync(dir);
    if (real === root || !isWithin(root, real)) {
      throw new AppError('refused', '该文件已不在检查目录之内', 'the file is no longer inside the checked folder');
    }
    const st = statSync(real);
    if (!st.isFile()) throw new AppError('not_found', `不是文件：${path}`, `not a file: ${path}`);
    if (st.size > MAX_IMPORT_BYTES) throw new AppError('too_large', '文件超过 200 MB，不能导入', 'file exceeds 200 MB');
    return { name: basename(real), bytes: readFileSync(real) };
  }

  saveReport(run: number, out: { html?: string; csv?: string }): void {
    writeBatchReports(this.deps.store, run, out, this.deps.now());
  }

  /** Stops the running check (the app is closing); its state is kept. */
  close(): void {
    this.active?.controller.abort();
  }

  private stored(run: number): BatchProgress {
    const { store } = this.deps;
    const info = store.info(run);
    const total = store.count(run);
    const pending = store.count(run, { status: 'pending' });
    return {
      run,
      dir: info.dir,
      phase: info.status === 'done' ? 'done' : info.status === 'running' ? 'checking' : 'stopped', // running: in another process (the CLI)
      listed: total,
      total,
      finished: total - pending,
      errors: store.count(run, { status: 'error' }),
      checkedNow: 0,
      pagesNow: 0,
      elapsedMs: 0,
      filesPerSec: 0,
      pagesPerSec: 0,
      etaMs: null,
      current: [],
      jobs: 0, // not checking in this process
    };
  }
}
