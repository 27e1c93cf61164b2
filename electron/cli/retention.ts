import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../shared/errors';
import type { RetentionDue, RetentionStatus } from '../../shared/ipc/views';
import type { RetentionRun } from '../node/review/retention';
import { openWorkspace } from '../node/workspace';
import { UsageError } from './errors';
import { actAs } from './users';

export interface RetentionCliOptions {
  /** `--days N`: the new setting (saved unless `dryRun`). */
  days?: string;
  /** `--off`: keep originals for ever. */
  off: boolean;
  apply: boolean;
  /** Show what `--days N` (or the setting) would delete now; change nothing. */
  dryRun: boolean;
  json: boolean;
  user?: string;
}

const MB = 1024 * 1024;
const size = (bytes: number) => (bytes < MB ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / MB).toFixed(1)} MB`);

function parseDays(text: string): number {
  if (!/^\d{1,4}$/.test(text) || Number(text) < 1 || Number(text) > 3650) throw new UsageError(`--days 须为整数天数（1–3650）：${text}`, `--days takes a whole number of days (1–3650): ${text}`);
  return Number(text);
}

const setting = (days: number | null) =>
  days === null ? '原件保留期限：永久保留（未设置）| originals are kept for ever' : `原件保留期限：审查导出 ${days} 天后删除原件 | originals are deleted ${days} days after the review was exported`;

function dueLine(due: RetentionDue, verb: 'due' | 'done'): string {
  const what = `${due.documents} 份文档（${due.reviews} 次审查）的原件及提取文本，${due.files} 个文件，${size(due.bytes)}`;
  const en = `${due.files} files (${size(due.bytes)}) of ${due.documents} documents`;
  return verb === 'due'
    ? `到期可删除：${what}（最后活动早于 ${due.cutoff.slice(0, 10)}）| due: ${en}, last activity before ${due.cutoff.slice(0, 10)}`
    : `已删除：${what}；审查记录与日志保留 | deleted: ${en}; the records and the log remain`;
}

/**
 * `mishen retention [--days N | --off] [--apply] [--dry-run] [--json]`: shows
 * the setting and what is due; changes it (logged); deletes what is due.
 * Changes need `data.manage` (`--user` once accounts exist); a look does not.
 */
export function retentionCli(dataDir: string, options: RetentionCliOptions): string {
  if (options.days !== undefined && options.off) throw new UsageError('--days 与 --off 只能选一个', 'give --days or --off, not both');
  const days = options.days !== undefined ? parseDays(options.days) : options.off ? null : undefined;
  if (!existsSync(join(dataDir, 'mishen.db'))) throw new AppError('not_found', `数据目录中没有记录：${dataDir}`, `no records in data folder: ${dataDir}`);
  const ws = openWorkspace(dataDir);
  try {
    const { retention } = ws;
    if (options.dryRun) {
      const under = days === undefined ? retention.days() : days;
      const due = under === null ? null : retention.preview(under);
      if (options.json) return JSON.stringify({ days: under, due, dryRun: true });
      return [setting(under), due ? dueLine(due, 'due') : '（不删除任何原件 | nothing is deleted）', '（预览，未作任何更改 | dry run: nothing changed）'].join('\n');
    }
    let run: RetentionRun | null = null;
    if (days !== undefined || options.apply) {
      actAs(ws, options.user, 'data.manage');
      if (days !== undefined) retention.setDays(days);
      if (options.apply) run = retention.apply();
    }
    const status: RetentionStatus = retention.status();
    if (options.json) return JSON.stringify({ ...status, ...(run ? { run } : {}) });
    const lines = [setting(status.days)];
    if (run) lines.push(dueLine(run, 'done'), ...run.purged.map((f) => `  ${f.kind}\t${f.sha256}`));
    if (status.due) lines.push(dueLine(status.due, 'due'));
    lines.push(`累计已删除 ${status.purged.documents} 份文档的原件${status.purged.lastAt ? `，最近一次 ${status.purged.lastAt.slice(0, 10)}` : ''} | originals deleted so far: ${status.purged.documents} documents`);
    return lines.join('\n');
  } finally {
    ws.close();
  }
}
