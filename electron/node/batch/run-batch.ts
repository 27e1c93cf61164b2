import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { AppError, toErrorData } from '../../../shared/errors';
import type { BatchProgress } from '../../../shared/batch/report';
import { failedResult, type BatchFileResult } from '../../../shared/batch/result';
import { BatchStore, heldElsewhere } from './batch-store';
import { createLane } from './pool';
import type { BatchRules } from './rules';
import { walkFolder } from './walk';

/**
 * One folder check from listing to the last file. The folder is listed
 * first (rows in the database, a few hundred at a time), then the pending
 * rows are handed to the lanes from a small queue refilled from the
 * database; results are written in small transactions as they come. Memory
 * holds the queue, the files in flight and the unwritten results, whatever
 * the folder's size. Stopping (the signal) terminates the workers and keeps
 * every finished file; the files in flight stay pending.
 */

export const MAX_JOBS = 8;
export const defaultJobs = () => Math.max(1, Math.min(MAX_JOBS, availableParallelism()));
/** A file whose check was cut off this many times (the process died each time) is given up as an error. */
const MAX_ATTEMPTS = 3;
const LIST_CHUNK = 500;
const QUEUE = 32;
const FLUSH_EVERY = 32;
const FLUSH_MS = 250;

export interface ExecuteOptions {
  rules: BatchRules;
  jobs: number;
  workerFile?: URL | undefined;
  budgetMs?: number;
  signal: AbortSignal;
  onProgress?: (p: BatchProgress) => void;
}

/**
 * The run to execute for `dir`: the latest one for the folder when it is
 * unfinished under the same rules (an interrupted check continues by
 * itself), or with `resume` whatever its state (files that changed since
 * are checked again); a new one otherwise.
 */
export function openRun(store: BatchStore, dir: string, rules: BatchRules, resume: boolean): { run: number; continued: boolean } {
  const last = store.latestRun(dir);
  if (last && last.status === 'running' && heldElsewhere(last.pid)) {
    throw new AppError('refused', `该目录正由另一个密审进程检查（检查编号 ${last.id}）`, `another Mishen process is checking this folder (run #${last.id})`);
  }
  if (resume) {
    if (!last) throw new AppError('not_found', `该目录没有可继续的检查：${dir}`, `no earlier check of this folder: ${dir}`);
    if (last.rules_key !== rules.key) {
      throw new AppError(
        'refused',
        `自检查 #${last.id} 以来清单或规则已变化，不能继续；请不加 --resume 重新检查`,
        `lists or rules changed since check #${last.id}; start a new check (without --resume)`,
      );
    }
  }
  if (last && last.rules_key === rules.key && (resume || last.status !== 'done')) {
    store.setStatus(last.id, 'running');
    return { run: last.id, continued: true };
  }
  return { run: store.createRun(dir, rules.key, rules.info), continued: false };
}

/** Lists the folder into the run (rows in chunks); false when stopped before the end. */
async function listFolder(store: BatchStore, run: number, dir: string, signal: AbortSignal, onListed: (n: number) => void): Promise<boolean> {
  const walk = store.beginWalk(run);
  let chunk: Parameters<BatchStore['listed']>[2][number][] = [];
  let ignored = 0;
  let listed = 0;
  for await (const e of walkFolder(dir, signal)) {
    if (e.kind === 'ignored') {
      ignored++;
      continue;
    }
    chunk.push(e);
    listed++;
    if (chunk.length >= LIST_CHUNK) {
      store.listed(run, walk, chunk);
      chunk = [];
      onListed(listed);
    }
  }
  store.listed(run, walk, chunk);
  if (signal.aborted) return false; // rows not seen yet stay: the next walk decides
  store.endWalk(run, walk, ignored);
  onListed(listed);
  return true;
}

export async function executeRun(store: BatchStore, run: number, opts: ExecuteOptions): Promise<BatchProgress> {
  const { dir } = store.info(run);
  const { signal } = opts;
  const inFlight = new Set<string>();
  const p: BatchProgress = { run, dir, phase: 'listing', listed: 0, total: 0, finished: 0, errors: 0, checkedNow: 0, pagesNow: 0, elapsedMs: 0, filesPerSec: 0, pagesPerSec: 0, etaMs: null, current: [], jobs: Math.max(1, Math.min(MAX_JOBS, opts.jobs)) };
  const t0 = performance.now();
  let checkStart = t0;
  const snapshot = (): BatchProgress => {
    const now = performance.now();
    const secs = Math.max(0.001, (now - checkStart) / 1000);
    const filesPerSec = p.checkedNow / secs;
    return {
      ...p,
      elapsedMs: Math.round(now - t0),
      filesPerSec,
      pagesPerSec: p.pagesNow / secs,
      etaMs: p.checkedNow > 0 ? Math.round(((p.total - p.finished) / filesPerSec) * 1000) : null,
      current: [...inFlight],
    };
  };
  const emit = () => opts.onProgress?.(snapshot());

  let unwritten: { path: string; result: BatchFileResult }[] = [];
  let lastFlush = performance.now();
  const flush = () => {
    if (unwritten.length > 0 && store.db.open) store.record(run, unwritten);
    unwritten = [];
    lastFlush = performance.now();
  };
  // Stopping writes what is finished at once (the app may close the database right after).
  const onAbort = () => {
    flush();
    if (store.db.open) store.setStatus(run, 'interrupted');
  };
  signal.addEventListener('abort', onAbort, { once: true });
  const stopped = (): BatchProgress => {
    p.phase = 'stopped';
    const last = snapshot();
    opts.onProgress?.(last);
    return last;
  };
  try {
    if (!(await listFolder(store, run, dir, signal, (n) => ((p.listed = n), emit())))) return stopped();
    p.total = store.count(run);
    p.finished = p.total - store.count(run, { status: 'pending' });
    p.errors = store.count(run, { status: 'error' });
    p.phase = 'checking';
    checkStart = performance.now();
    emit();
    const queue: { path: string; attempts: number }[] = [];
    let after = '';
    const next = () => {
      if (queue.length === 0 && !signal.aborted) {
        const page = store.takePending(run, after, QUEUE);
        if (page.length > 0) after = page[page.length - 1]!.path;
        queue.push(...page);
      }
      return signal.aborted ? undefined : queue.shift();
    };
    const done = (path: string, result: BatchFileResult) => {
      unwritten.push({ path, result });
      p.finished++;
      p.checkedNow++;
      p.pagesNow += result.pages ?? 0;
      if (result.status === 'error') p.errors++;
      if (unwritten.length >= FLUSH_EVERY || performance.now() - lastFlush >= FLUSH_MS) flush();
      emit();
    };
    const lanes = Array.from({ length: p.jobs }, () =>
      createLane({ scan: opts.rules.scan, workerFile: opts.workerFile, signal, ...(opts.budgetMs ? { budgetMs: opts.budgetMs } : {}) }),
    );
    try {
      await Promise.all(
        lanes.map(async (lane) => {
          for (let job = next(); job; job = next()) {
            if (job.attempts >= MAX_ATTEMPTS) {
              done(job.path, interrupted(job.attempts));
              continue;
            }
            inFlight.add(job.path);
            emit();
            try {
              done(job.path, await lane.check(join(dir, job.path)));
            } catch (err) {
              if (!signal.aborted) throw err;
            } finally {
              inFlight.delete(job.path);
            }
          }
        }),
      );
    } finally {
      flush();
      await Promise.all(lanes.map((l) => l.close()));
    }
    if (signal.aborted) return stopped();
    store.setStatus(run, 'done');
    p.phase = 'done';
    const last = snapshot();
    opts.onProgress?.(last);
    return last;
  } catch (err) {
    if (signal.aborted && !store.db.open) return stopped(); // the app closed while stopping
    if (store.db.open) store.setStatus(run, 'interrupted');
    const data = toErrorData(err);
    p.phase = 'failed';
    p.error = { message: data.message, messageEn: data.messageEn };
    emit();
    throw err;
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

function interrupted(attempts: number): BatchFileResult {
  const zh = `检查此文件时程序已中断 ${attempts} 次，已放弃；请单独导入审查`;
  return failedResult({ code: 'refused', zh, en: `the check was cut off ${attempts} times while reading this file; given up` }, 0);
}
