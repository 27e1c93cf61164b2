import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import { batchReportCsv } from '../../../shared/batch/report-csv';
import { batchReportHtml } from '../../../shared/batch/report-html';
import type { BatchStore } from './batch-store';

/** Writes a generator's pieces to `path` through a temporary file and a rename, 64 KB at a time. */
function writeStream(path: string, pieces: Iterable<string>): void {
  const tmp = `${path}.${randomBytes(6).toString('hex')}.part`;
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx');
    let buffered = '';
    for (const piece of pieces) {
      buffered += piece;
      if (buffered.length >= 65536) {
        writeSync(fd, buffered);
        buffered = '';
      }
    }
    writeSync(fd, buffered);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, path);
  } catch (err) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    throw new AppError('internal', `无法写出报告：${path}`, `cannot write the report ${path}: ${(err as Error).message}`);
  }
}

/** Local time of this machine, as the office reads it. */
const clock = (now: Date) => ({ generatedAt: now.toISOString(), time: (iso: string) => new Date(iso).toLocaleString('zh-CN', { hour12: false }) });

/** The HTML and/or CSV report of a run, rows read from the database as they are written. */
export function writeBatchReports(store: BatchStore, run: number, out: { html?: string | undefined; csv?: string | undefined }, now: Date): void {
  if (out.html) {
    const summary = store.summary(run);
    writeStream(out.html, batchReportHtml(summary, (filter) => store.rows(run, filter === 'attention' ? { need: 'any' } : {}), clock(now)));
  }
  if (out.csv) writeStream(out.csv, batchReportCsv(store.rows(run)));
}
