import { extname, join } from 'node:path';
import { AppError } from '../../shared/errors';
import type { CallContext } from '../../shared/ipc/dispatch';
import type { Handlers } from '../../shared/ipc/contract';
import type { AccountSummary } from '../../shared/ipc/views';
import type { AccountView } from './accounts/accounts';
import { SessionState } from './sessions';
import { ENGINE_VERSION } from '../../shared/rules/engine';
import { LOG_FAILURE_MESSAGES } from '../../shared/log/verify';
import { ImportJobs } from './jobs/import-jobs';
import type { ExportOptions } from './review/review-service';
import type { StyleChoice } from '../../shared/review/redaction';
import { logReport } from './log/log-report';
import { listHandlers } from './rules/list-handlers';
import { packHandlers } from './rules/pack-handlers';
import { ruleHandlers } from './rules/rule-handlers';
import { batchHandlers } from './batch/batch-handlers';
import { backupDataDir } from './storage/backup';
import { dateStamp, freePath } from './storage/backup-files';
import type { Workspace } from './workspace';

/** What only the shell can do: ask the user where to save. Electron's dialog in the app, a fixed path in tests. */
export interface ShellPorts {
  /** Resolves to the chosen absolute path, or null when the user cancels. */
  chooseSavePath(defaultName: string): Promise<string | null>;
  /** Lays out a self-contained HTML page as an A4 PDF (Electron's printToPDF; Chromium's in the harness). */
  printToPdf?(html: string): Promise<Uint8Array>;
  /** Asks the user for a folder (to check, 批量检查, or to hold a backup); resolves to its absolute path, or null when cancelled. */
  chooseFolder?(title?: string): Promise<string | null>;
}

export { SINGLE_OPERATOR_PERMISSIONS } from './sessions';

function redactedName(name: string, asPdf: boolean): string {
  const ext = extname(name);
  return `${name.slice(0, name.length - ext.length)}（脱敏）${asPdf ? '.pdf' : ext}`;
}

function exportOptions(
  request: { style?: StyleChoice | undefined; password?: string | undefined; asPdf?: boolean | undefined; utf8?: boolean | undefined },
  ports: ShellPorts,
): ExportOptions {
  return {
    ...(request.style ? { style: request.style } : {}),
    ...(request.password !== undefined ? { password: request.password } : {}),
    ...(request.asPdf ? { asPdf: ports.printToPdf ?? noPrinter } : {}),
    ...(request.utf8 ? { utf8: true } : {}),
  };
}

async function noPrinter(): Promise<Uint8Array> {
  throw new AppError('refused', '当前环境不能将文稿排版为 PDF', 'no layout engine here to print a PDF');
}

/** Every IPC channel's handler over one workspace; the same object serves Electron and the test harness. */
export function createHandlers(ws: Workspace, ports: ShellPorts, version: string, sessions = new SessionState(ws)): Handlers<CallContext> {
  const jobs = new ImportJobs();
  // Originals due under the retention setting go when the app starts (a bounded number; the rest next time or on request).
  try {
    ws.retention.applyIfSet();
  } catch (err) {
    console.error('[retention]', err);
  }
  const summary = (a: AccountView): AccountSummary => ({ name: a.name, displayName: a.displayName, roles: a.roles, keyFingerprint: a.keyFingerprint, disabled: a.disabled });
  return {
    'session.current': async () => sessions.view(),
    'session.signIn': async ({ name, password }) => sessions.signIn(name, password),
    'session.signOut': async () => sessions.signOut(),
    'accounts.list': async () => ws.accounts.list().map(summary),
    'accounts.setDisabled': async ({ name, disabled }) => {
      const actor = sessions.current;
      if (!actor) throw new AppError('forbidden', '请先以系统管理员身份登录', 'sign in as an administrator first');
      return summary(disabled ? ws.accounts.disable(actor, name) : ws.accounts.enable(actor, name));
    },
    'settings.get': async () => ({ allowSelfApproval: ws.reviews.allowsSelfApproval() }),
    'settings.setSelfApproval': async ({ allowed }) => {
      ws.reviews.setSelfApproval(allowed);
      return { allowSelfApproval: ws.reviews.allowsSelfApproval() };
    },
    'session.changePassword': async ({ oldPassword, newPassword }) => {
      const user = sessions.current;
      if (!user) throw new AppError('forbidden', '请先登录', 'sign in first');
      ws.accounts.changePassword(user.name, oldPassword, newPassword);
      return sessions.view();
    },
    'accounts.create': async ({ name, displayName, roles, password }) => summary(ws.accounts.create(sessions.current, { name, displayName, roles, password })),
    'review.approve': async ({ id, opinion }) => ws.reviews.approve(id, opinion),
    'review.return': async ({ id, reason }) => ws.reviews.returnForRevision(id, reason),
    'app.info': async () => {
      const check = ws.startupCheck;
      const why = check.failure ? LOG_FAILURE_MESSAGES[check.failure.reason] : null;
      return {
        version,
        engineVersion: ENGINE_VERSION,
        mode: ws.accounts.hasAccounts() ? 'accounts' : 'single_operator',
        dataDir: ws.dataDir,
        startupCheck: { ok: check.ok, checked: check.checked, brokenAt: check.failure?.seq ?? null, message: why?.zh ?? null, messageEn: why?.en ?? null },
      };
    },
    'documents.list': async () => ws.reviews.list(),
    'documents.import': async ({ name, bytes, password, jobId }) =>
      jobs.run(jobId, (control) => ws.reviews.importFile(name, bytes, { ...control, ...(password !== undefined ? { password } : {}) })),
    'documents.importRevision': async ({ of, name, bytes, password, jobId }) =>
      jobs.run(jobId, (control) => ws.reviews.importRevision(of, name, bytes, { ...control, ...(password !== undefined ? { password } : {}) })),
    'jobs.progress': async ({ jobId }) => ({ progress: jobs.progress(jobId) }),
    'jobs.cancel': async ({ jobId }) => ({ cancelled: jobs.cancel(jobId) }),
    'documents.open': async ({ id }) => ws.reviews.open(id),
    'documents.layout': async ({ id }) => ws.layouts.layout(id),
    'documents.pageGlyphs': async ({ id, page }) => ws.layouts.pageGlyphs(id, page),
    'documents.source': async ({ id }) => ws.layouts.source(id),
    'review.resumePoint': async () => ({ point: ws.resumePoints.get(sessions.current?.name ?? '') }),
    'review.setResumePoint': async ({ point }) => {
      ws.resumePoints.set(sessions.current?.name ?? '', point);
      return { point: ws.resumePoints.get(sessions.current?.name ?? '') };
    },
    'review.decide': async ({ id, findingIds, decision, reason }) => ws.reviews.decide(id, findingIds, decision, reason),
    'review.addManual': async ({ id, spans, reason, basis }) => ws.reviews.addManual(id, spans, reason, basis),
    'review.removeManual': async ({ id, manualId }) => ws.reviews.removeManual(id, manualId),
    'review.submit': async ({ id, attribute, opinion }) => ws.reviews.submit(id, attribute, opinion),
    'review.override': async ({ id, reason }) => ws.reviews.overrideMarking(id, reason),
    // The clerk's preview builds the copy: a long PDF reports its pages and can be cancelled.
    'review.preview': async (request) => {
      if (request.jobId === undefined) return ws.reviews.preview(request.id, exportOptions(request, ports));
      const job = jobs.start(request.jobId);
      try {
        return await ws.reviews.preview(request.id, { ...exportOptions(request, ports), signal: job.signal, onProgress: job.report });
      } finally {
        jobs.finish(request.jobId);
      }
    },
    'review.export': async (request) => {
      const { id, asPdf } = request;
      ws.reviews.assertExportable(id); // before asking where to save
      const view = ws.reviews.open(id);
      const path = await ports.chooseSavePath(redactedName(view.document.name, asPdf === true));
      if (path === null) return { cancelled: true };
      return { cancelled: false, ...(await ws.reviews.exportTo(id, path, exportOptions(request, ports))) };
    },
    'log.verify': async (filter) => logReport(ws.log, filter),
    // The office's lists, rules and rule packs (electron/node/rules/).
    ...listHandlers(ws, ports),
    ...ruleHandlers(ws),
    ...packHandlers(ws, ports, sessions),
    ...batchHandlers(ws, ports),
    // The backup goes into a new folder inside the one chosen, named by the date.
    'data.backup': async () => {
      if (!ports.chooseFolder) throw new AppError('refused', '当前环境不能选择目录', 'no folder dialog here');
      const chosen = await ports.chooseFolder('选择存放备份的目录');
      if (chosen === null) throw new AppError('cancelled', '已取消备份', 'backup cancelled');
      return backupDataDir(ws, freePath(join(chosen, `mishen-backup-${dateStamp(new Date())}`)), { appVersion: version });
    },
    'data.retention.get': async () => ws.retention.status(),
    'data.retention.set': async ({ days }) => {
      ws.retention.setDays(days);
      return ws.retention.status();
    },
    'data.retention.apply': async () => {
      const { purged: _, ...run } = ws.retention.apply();
      return { run, status: ws.retention.status() };
    },
    'review.record': async ({ id }) => ({ ...ws.reviews.record(id), entries: logReport(ws.log, { review: id }).entries.reverse() }),
  };
}
