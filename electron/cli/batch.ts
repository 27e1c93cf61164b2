import { existsSync, realpathSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AppError } from '../../shared/errors';
import { BATCH_NEEDS, NEED_LABELS } from '../../shared/batch/result';
import type { BatchSummary } from '../../shared/batch/report';
import { BatchStore } from '../node/batch/batch-store';
import { writeBatchReports } from '../node/batch/report-files';
import { batchRules } from '../node/batch/rules';
import { MAX_JOBS, defaultJobs, executeRun, openRun } from '../node/batch/run-batch';
import { readAllowListFile, readTermListFile } from '../node/review/term-lists';
import { openWorkspace } from '../node/workspace';
import { EXIT, UsageError } from './errors';
import { formatDuration, printable, progressReporter } from './progress';

export interface BatchCliOptions {
  dir: string;
  out?: string | undefined;
  jobs?: string | undefined;
  lists: string[];
  allowLists: string[];
  resume: boolean;
  json: boolean;
  dataDir: string;
}

/** The built worker next to the CLI bundle (as `cliScanner`); files are checked in-process when running from source. */
function batchWorkerFile(): URL | undefined {
  const found = [join(import.meta.dirname, 'batch-worker.js'), join(import.meta.dirname, '..', 'batch-worker.js')].find((p) => existsSync(p));
  return found ? pathToFileURL(found) : undefined;
}

function parseJobs(value: string | undefined): number {
  if (value === undefined) return defaultJobs();
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_JOBS) throw new UsageError(`--jobs 须为 1 到 ${MAX_JOBS} 的整数`, `--jobs must be an integer from 1 to ${MAX_JOBS}`);
  return n;
}

function folder(dir: string): string {
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a folder');
    return realpathSync(dir);
  } catch {
    throw new AppError('not_found', `找不到目录：${dir}`, `no such folder: ${dir}`);
  }
}

/** `--out X.html` or `X.csv`: that report only; `--out X`: both; by default both, named after the run, in the current folder. */
export function reportPaths(out: string | undefined, run: number, date: Date): { html?: string; csv?: string } {
  const base = out ?? `mishen-batch-${run}-${date.toISOString().slice(0, 10).replace(/-/g, '')}`;
  if (/\.html?$/i.test(base)) return { html: resolve(base) };
  if (/\.csv$/i.test(base)) return { csv: resolve(base) };
  return { html: resolve(`${base}.html`), csv: resolve(`${base}.csv`) };
}

function summaryLines(s: BatchSummary, reports: string[]): string[] {
  const b = s.byStatus;
  const shown = BATCH_NEEDS.filter((n) => s.byNeed[n] > 0);
  const needs = (lang: 'zh' | 'en') => shown.map((n) => `${NEED_LABELS[n][lang]} ${s.byNeed[n]}`);
  return [
    `批量检查 #${s.run.id} 完成：${s.files} 个文件，已检查 ${b.done}，无法读取 ${b.error}，未检查 ${b.skipped}；PDF ${s.pages} 页 | check #${s.run.id} done: ${s.files} files, ${b.done} checked, ${b.error} unreadable, ${b.skipped} skipped`,
    `发现项 ${s.findings} 项，分布在 ${s.filesWithFindings} 个文件中 | ${s.findings} findings in ${s.filesWithFindings} files`,
    ...(shown.length ? [`须人工处理：${needs('zh').join('，')} | for a person: ${needs('en').join(', ')}`] : []),
    ...reports.map((r) => `报告 report: ${printable(r)}`),
  ];
}

/** `mishen batch DIR`: checks a folder, resumable; prints the summary and writes the reports. Exit 130 when interrupted. */
export async function batchCli(o: BatchCliOptions, out: (s: string) => void, progressStream: NodeJS.WriteStream): Promise<number> {
  const dir = folder(o.dir);
  const jobs = parseJobs(o.jobs);
  const given = o.lists.length + o.allowLists.length > 0 ? { lists: o.lists.map(readTermListFile), allowLists: o.allowLists.map(readAllowListFile) } : {};
  const ws = openWorkspace(o.dataDir);
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop).once('SIGTERM', stop);
  const progress = progressReporter(progressStream);
  try {
    const store = new BatchStore(ws.db, () => new Date());
    const rules = batchRules(ws, given);
    const { run, continued } = openRun(store, dir, rules, o.resume);
    progressStream.write(`批量检查 #${run}${continued ? '（继续上次的检查，已检查且未改动的文件不再重复）' : ''}：${printable(dir)}，${jobs} 个线程\n`);
    const final = await executeRun(store, run, { rules, jobs, workerFile: batchWorkerFile(), signal: controller.signal, onProgress: progress.update });
    progress.end();
    if (final.phase === 'stopped') {
      progressStream.write(
        `已中断：${final.finished}/${final.total} 个文件已检查，状态已保存；再次运行同一命令即继续 | interrupted: ${final.finished}/${final.total} files checked, state kept; run the same command to continue\n`,
      );
      return EXIT.interrupted;
    }
    const paths = reportPaths(o.out, run, new Date());
    writeBatchReports(store, run, paths, new Date());
    const summary = store.summary(run);
    const reports = [paths.html, paths.csv].filter((p): p is string => p !== undefined);
    if (o.json) out(JSON.stringify({ summary, reports, elapsedMs: final.elapsedMs, checkedNow: final.checkedNow }));
    else out([...summaryLines(summary, reports), `用时 ${formatDuration(final.elapsedMs)}，本次检查 ${final.checkedNow} 个文件 | took ${Math.round(final.elapsedMs / 1000)} s, ${final.checkedNow} files checked this time`].join('\n'));
    return EXIT.ok;
  } finally {
    progress.end();
    process.off('SIGINT', stop).off('SIGTERM', stop);
    ws.close();
  }
}
