import { describeWarning } from '../document/warning-labels';
import { CATEGORIES, FINDING_TYPES, TYPE_CATEGORY } from '../rules/finding';
import { CATEGORY_LABELS, TYPE_LABELS } from '../rules/labels';
import type { BatchFileRow, BatchRowFilter, BatchSummary } from './report';
import { BATCH_FILE_STATUSES, BATCH_NEEDS, NEED_LABELS, STATUS_LABELS } from './result';

/**
 * The folder report as one self-contained HTML page, written piece by piece
 * while the rows are read from the database. Opened from disk anywhere:
 * no script, no external resource (a CSP meta tag forbids any), every
 * string from a file escaped. Sorting needs script, so the files needing a
 * person come first in a section of their own and all files follow by path.
 */

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const STYLE = `
body{font:14px/1.6 "Microsoft YaHei","PingFang SC","Noto Sans CJK SC",sans-serif;color:#1f2328;margin:24px auto;max-width:1200px;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
table{border-collapse:collapse;width:100%;margin:6px 0}th,td{border:1px solid #d0d7de;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f3f4f6;font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums}
table.meta{width:auto}table.meta th{width:7em}.note{color:#57606a;font-size:13px}
.s-error{color:#b42318;font-weight:600}.s-skipped{color:#8a5a00}.need{display:inline-block;border:1px solid #c8a400;border-radius:3px;padding:0 4px;margin:0 2px 2px 0;font-size:12px;background:#fff8c5}
.path{word-break:break-all}details summary{cursor:pointer}ul{margin:4px 0;padding-left:18px}code{font-family:Consolas,monospace}
@media print{details{display:block}body{margin:0;max-width:none}}
`;

const num = (n: number | null | undefined) => (n === null || n === undefined ? '' : String(n));
const cell = (s: string, cls = '') => `<td${cls ? ` class="${cls}"` : ''}>${s}</td>`;

/** How the page shows a time (the caller's clock and zone: shared/ has neither). */
export interface ReportClock {
  generatedAt: string;
  time: (iso: string) => string;
}

function metaTable(s: BatchSummary, clock: ReportClock): string {
  const r = s.run;
  const state = r.status === 'done' ? '已完成' : r.status === 'running' ? '进行中' : '已中断（可继续）';
  const rows: [string, string][] = [
    ['检查目录', `<span class="path">${escapeHtml(r.dir)}</span>`],
    ['检查编号', `#${r.id}`],
    ['开始时间', escapeHtml(clock.time(r.createdAt))],
    ['状态', `${state}${r.finishedAt ? `，${escapeHtml(clock.time(r.finishedAt))} 完成` : ''}`],
    ['规则', escapeHtml([`引擎 ${r.rules.engine}`, `规则集 ${r.rules.ruleSet}`, `清单 ${r.rules.lists.join('、') || '无'}`, `白名单 ${r.rules.allowLists.join('、') || '无'}`].join('；'))],
    ['报告生成', escapeHtml(clock.time(clock.generatedAt))],
  ];
  return `<table class="meta">${rows.map(([k, v]) => `<tr><th>${k}</th><td>${v}</td></tr>`).join('')}</table>`;
}

function summaryTables(s: BatchSummary): string {
  const statuses = BATCH_FILE_STATUSES.filter((k) => s.byStatus[k] > 0);
  const out = [
    '<h2>概况</h2>',
    `<p>共 ${s.files} 个文件${s.pages ? `（PDF 共 ${s.pages} 页）` : ''}：${statuses.map((k) => `${STATUS_LABELS[k].zh} ${s.byStatus[k]}`).join('，') || '无'}。`,
    `${s.ignored ? `另有 ${s.ignored} 个隐藏、系统或非文档文件未列入。` : ''}发现项 ${s.findings} 项，分布在 ${s.filesWithFindings} 个文件中。</p>`,
    '<table><tr><th>须人工处理</th><th>文件数</th></tr>',
    ...BATCH_NEEDS.map((k) => `<tr>${cell(NEED_LABELS[k].zh)}${cell(String(s.byNeed[k]), 'n')}</tr>`),
    `<tr>${cell('无法读取')}${cell(String(s.byStatus.error), 'n')}</tr></table>`,
    '<table><tr><th>类别</th><th>类型</th><th>发现项</th></tr>',
  ];
  for (const c of CATEGORIES) {
    const types = FINDING_TYPES.filter((t) => (s.byType[t] ?? 0) > 0 && TYPE_CATEGORY[t] === c);
    out.push(`<tr><th>${CATEGORY_LABELS[c]}</th><th></th><th class="n">${s.byCategory[c] ?? 0}</th></tr>`);
    for (const t of types) out.push(`<tr>${cell('')}${cell(TYPE_LABELS[t])}${cell(String(s.byType[t]), 'n')}</tr>`);
  }
  out.push('</table>');
  return out.join('\n');
}

function fileRow(r: BatchFileRow): string {
  const status = `<span class="s-${r.status}">${STATUS_LABELS[r.status].zh}</span>`;
  const needs = r.needs.map((n) => `<span class="need">${NEED_LABELS[n].zh}</span>`).join('');
  const notes = r.notes.length
    ? `<details><summary>${r.findings} 项</summary><ul>${r.notes
        .map((n) => `<li>${escapeHtml(TYPE_LABELS[n.type] ?? n.type)} · ${escapeHtml(n.place || '—')} · <code>${escapeHtml(n.excerpt)}</code></li>`)
        .join('')}${r.findings > r.notes.length ? `<li>……另 ${r.findings - r.notes.length} 项</li>` : ''}</ul></details>`
    : r.status === 'done'
      ? '0'
      : '';
  const remarks = [
    ...(r.error ? [escapeHtml(r.error)] : []),
    ...r.warnings.map(describeWarning).filter((w) => w.attention).map((w) => escapeHtml(w.zh)),
  ].join('<br>');
  return `<tr>${cell(escapeHtml(r.path), 'path')}${cell(escapeHtml(r.format ?? ''))}${cell(num(r.pages), 'n')}${cell(status)}${cell(notes, 'n')}${CATEGORIES.map((c) => cell(num(r.byCategory[c] ?? (r.status === 'done' ? 0 : null)), 'n')).join('')}${cell(needs)}${cell(remarks)}</tr>`;
}

const TABLE_HEAD = `<table><tr><th>文件</th><th>格式</th><th>页数</th><th>状态</th><th>发现项</th>${CATEGORIES.map((c) => `<th>${CATEGORY_LABELS[c]}</th>`).join('')}<th>须人工处理</th><th>说明</th></tr>`;

/** The report, in pieces; `rows` is asked once per section and should stream from the database. */
export function* batchReportHtml(summary: BatchSummary, rows: (filter: BatchRowFilter) => Iterable<BatchFileRow>, clock: ReportClock): Generator<string> {
  yield `<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8">`;
  yield `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`;
  yield `<meta name="viewport" content="width=device-width,initial-scale=1"><title>密审批量检查报告 #${summary.run.id}</title><style>${STYLE}</style></head><body>\n`;
  yield `<h1>密审 · 批量检查报告</h1>${metaTable(summary, clock)}\n`;
  yield `<p class="note">本报告供本单位自查使用：只列发现项的类型、位置和部分遮盖的摘录，不含原文。“已检查”且无发现项不等于可以公开；标为须人工处理的文件未被完整读取，须逐一人工审查。发现项须在密审中导入该文件逐项审查。</p>\n`;
  yield summaryTables(summary);
  yield `\n<h2>须人工处理的文件</h2>\n<p class="note">无法读取、未检查，或有未读取部分（扫描页、加密、附件等）的文件。</p>\n${TABLE_HEAD}\n`;
  let attention = 0;
  for (const r of rows('attention')) {
    attention++;
    yield fileRow(r) + '\n';
  }
  yield `</table>${attention === 0 ? '<p>无。</p>' : ''}\n<h2>全部文件</h2>\n${TABLE_HEAD}\n`;
  for (const r of rows('all')) yield fileRow(r) + '\n';
  yield '</table>\n</body></html>\n';
}
