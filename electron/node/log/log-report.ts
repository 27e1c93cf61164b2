import type { LogEntryBody, StoredLogEntry } from '../../../shared/log/entry';
import { LOG_FAILURE_MESSAGES } from '../../../shared/log/verify';
import type { LogEntryView, LogReport } from '../../../shared/ipc/views';
import { DISCLOSURE_LABELS, type DisclosureAttribute } from '../../../shared/review/decisions';
import type { ReviewLog } from './review-log';

const ACTION_LABELS: Record<string, string> = {
  'log.genesis': '创建审查日志',
  'document.import': '导入文档',
  'document.scan': '规则扫描',
  'document.rescan': '重新扫描',
  'document.revision': '导入修订稿',
  'review.decide': '审查决定',
  'review.attribute': '设置公开属性',
  'review.submit': '提交审查',
  'review.override': '覆盖标识限制',
  'review.manual_add': '人工脱敏',
  'review.manual_remove': '撤销人工脱敏',
  'log.export': '导出审查日志',
  'settings.change': '更改设置',
  'review.approve': '审批通过',
  'review.return': '退回修改',
  'account.create': '创建账户',
  'account.disable': '停用账户',
  'account.enable': '启用账户',
  'account.password': '修改口令',
  'account.sign_in': '登录',
  'account.sign_in_failed': '登录失败',
  'account.locked': '账户锁定',
  'rules.ruleset_change': '修改规则集',
  'rules.list_create': '新建清单',
  'rules.list_change': '修改清单',
  'rules.list_export': '导出清单',
  'rules.trust_key': '信任规则包公钥',
  'rules.untrust_key': '撤销信任规则包公钥',
  'rules.pack_export': '导出规则包',
  'rules.pack_import': '导入规则包',
  'document.export': '导出脱敏稿',
  'data.backup': '备份数据目录',
  'data.backup_failed': '备份未完成',
  'data.restore': '从备份恢复数据目录',
  'data.retention_set': '设置原件保留期限',
  'data.retention_purge': '按保留期限删除原件',
};

function summarize(body: LogEntryBody): string {
  const d = body.data;
  switch (body.action) {
    case 'document.scan':
      return `发现 ${String(d.findings)} 项`;
    case 'document.rescan':
      return `新增 ${String(d.added)} 项，移除 ${String(d.removed)} 项，保留 ${String(d.kept)} 项`;
    case 'document.revision':
      return `修订第 ${String(d.of)} 号审查：${String(d.changes)} 处改动，沿用 ${String(d.carried)} 项决定，待审 ${Number(d.new) + Number(d.changed)} 项`;
    case 'rules.ruleset_change': {
      const n = (k: string) => (Array.isArray(d[k]) ? d[k].length : 0);
      return `规则集第 ${String(d.version)} 版（新增 ${n('added')}，删除 ${n('removed')}，修改 ${n('changed')} 条规则）`;
    }
    case 'review.decide': {
      const n = Array.isArray(d.findings) ? d.findings.length : 0;
      return `${DECISION_LABELS[String(d.decision)] ?? String(d.decision)} ${n} 项`;
    }
    case 'review.submit':
      return DISCLOSURE_LABELS[d.attribute as DisclosureAttribute] ?? '';
    case 'review.manual_add':
    case 'review.manual_remove': {
      // One span per entry until several could be added at once (a search): then `spans`.
      const spans = Array.isArray(d.spans) ? (d.spans as { start: number; end: number }[]) : [{ start: Number(d.start), end: Number(d.end) }];
      const place = spans.length === 1 ? `第 ${spans[0]!.start + 1}–${spans[0]!.end} 字` : `${spans.length} 处`;
      return `${place}（${String(d.length)} 字）`;
    }
    case 'document.export':
      return `${String(d.fileName)}（${String(d.redactedSpans)} 处脱敏）`;
    case 'rules.list_create':
    case 'rules.list_change':
      return `“${String(d.name)}”第 ${String(d.version)} 版（新增 ${String(d.added)}，删除 ${String(d.removed)}，修改 ${String(d.changed)}${d.deleted === true ? '，已删除清单' : ''}）`;
    case 'rules.list_export':
      return `“${String(d.name)}”第 ${String(d.version)} 版（${String(d.format).toUpperCase()}，${String(d.terms)} 条）`;
    case 'rules.trust_key':
    case 'rules.untrust_key':
      return `“${String(d.label)}”（公钥指纹 ${String(d.fingerprint).slice(0, 16)}…）`;
    case 'rules.pack_export':
    case 'rules.pack_import': {
      const lists = Array.isArray(d.lists) ? d.lists.length : 0;
      return `${lists} 个清单${d.ruleSet ? '及规则集' : ''}，签名公钥指纹 ${String(d.signer).slice(0, 16)}…`;
    }
    case 'data.retention_set': {
      const days = (v: unknown) => (typeof v === 'number' ? `${v} 天` : '永久保留');
      return `${days(d.old)} → ${days(d.new)}`;
    }
    case 'data.retention_purge':
      return `${String(d.documents)} 份文档（${Array.isArray(d.reviews) ? d.reviews.length : 0} 次审查）的原件及其提取文本，${String(d.count)} 个文件；保留期限 ${String(d.days)} 天`;
    case 'data.backup':
      return `备份到“${String(d.folder)}”（数据库及 ${String(d.files)} 个文件）`;
    case 'data.backup_failed':
      return `备份到“${String(d.folder)}”未完成，已删除写出的部分：${String(d.reason)}`;
    case 'data.restore':
      return `备份创建于 ${String(d.backupCreatedAt)}，含日志 ${String(d.backupEntries)} 条`;
    default:
      return typeof d.review === 'number' ? `审查 #${d.review}` : '';
  }
}

const DECISION_LABELS: Record<string, string> = { accepted: '确认脱敏', rejected: '驳回', undecided: '撤回决定' };

const INSTALLATION = '本机（单人模式）';

/** One entry as the auditor's panel shows it. */
export function entryView(e: StoredLogEntry): LogEntryView {
  const body = JSON.parse(e.body) as LogEntryBody;
  return {
    seq: e.seq,
    ts: body.ts,
    action: ACTION_LABELS[body.action] ?? body.action,
    actor: body.actor.kind === 'installation' ? INSTALLATION : body.actor.name,
    summary: summarize(body),
    hash: e.hash,
    review: typeof body.data.review === 'number' ? body.data.review : null,
  };
}

/** Verification result plus the newest entries (of one review, or one person, when asked), for the auditor's panel. */
export function logReport(log: ReviewLog, filter: { review?: number; actor?: string } = {}, limit = 500): LogReport {
  const result = log.verify();
  const all = log.entries().map(entryView);
  const actors = [...new Set(all.map((v) => v.actor))];
  const views = all
    .filter((v) => (filter.review === undefined || v.review === filter.review) && (filter.actor === undefined || v.actor === filter.actor))
    .slice(-limit)
    .reverse();
  const failure = result.failure;
  return {
    ok: result.ok,
    checked: result.checked,
    failure: failure
      ? {
          seq: failure.seq,
          index: failure.index,
          message: LOG_FAILURE_MESSAGES[failure.reason].zh,
          messageEn: LOG_FAILURE_MESSAGES[failure.reason].en,
        }
      : null,
    entries: views,
    keyFingerprint: log.keyFingerprint,
    actors,
    months: monthlySummary(log),
  };
}

/** One month of the record: how many documents went through each step, and the decisions taken. */
export interface MonthRow {
  month: string;
  imported: number;
  submitted: number;
  approved: number;
  returned: number;
  exported: number;
  accepted: number;
  rejected: number;
}

/** The monthly summary table of the auditor's view, newest month first. */
export function monthlySummary(log: ReviewLog): MonthRow[] {
  const rows = new Map<string, MonthRow>();
  for (const e of log.entries()) {
    const body = JSON.parse(e.body) as LogEntryBody;
    const month = body.ts.slice(0, 7);
    const row = rows.get(month) ?? { month, imported: 0, submitted: 0, approved: 0, returned: 0, exported: 0, accepted: 0, rejected: 0 };
    const n = Array.isArray(body.data.findings) ? body.data.findings.length : 0;
    if (body.action === 'document.import') row.imported++;
    else if (body.action === 'review.submit') row.submitted++;
    else if (body.action === 'review.approve') row.approved++;
    else if (body.action === 'review.return') row.returned++;
    else if (body.action === 'document.export') row.exported++;
    else if (body.action === 'review.decide') {
      // A decision taken back (undecided) counts in neither column.
      if (body.data.decision === 'accepted') row.accepted += n;
      else if (body.data.decision === 'rejected') row.rejected += n;
    }
    rows.set(month, row);
  }
  return [...rows.values()].sort((a, b) => b.month.localeCompare(a.month));
}
