import { realpathSync, statSync } from 'node:fs';
import { AppError } from '../../../shared/errors';
import type { CallContext } from '../../../shared/ipc/dispatch';
import type { Handlers } from '../../../shared/ipc/contract';
import type { ShellPorts } from '../ipc-handlers';
import type { Workspace } from '../workspace';

type BatchChannels = 'batch.start' | 'batch.progress' | 'batch.cancel' | 'batch.runs' | 'batch.report' | 'batch.openFile' | 'batch.saveReport';

function realFolder(dir: string): string {
  try {
    if (statSync(dir).isDirectory()) return realpathSync(dir);
  } catch {
    // reported below
  }
  throw new AppError('not_found', `找不到目录：${dir}`, `no such folder: ${dir}`);
}

/**
 * The folder check's channels. The page never names a folder of its own
 * choosing: a new one comes from the shell's dialog, `dir` may only name a
 * folder checked before (to continue or check it again).
 */
export function batchHandlers(ws: Workspace, ports: ShellPorts): Pick<Handlers<CallContext>, BatchChannels> {
  return {
    'batch.start': async ({ dir, jobs }) => {
      let folder: string;
      if (dir !== undefined) {
        folder = realFolder(dir);
        if (!ws.batch.knownFolder(folder)) throw new AppError('refused', '只能继续此前检查过的目录；新目录请在对话框中选择', 'only a folder checked before can be named; choose a new one in the dialog');
      } else {
        if (!ports.chooseFolder) throw new AppError('refused', '当前环境不能选择目录', 'no folder dialog here');
        const chosen = await ports.chooseFolder();
        if (chosen === null) return { cancelled: true };
        folder = realFolder(chosen);
      }
      return { cancelled: false, ...ws.batch.start(folder, jobs) };
    },
    'batch.progress': async ({ run }) => ws.batch.progress(run),
    'batch.cancel': async ({ run }) => ({ cancelled: ws.batch.cancel(run) }),
    'batch.runs': async () => ws.batch.runs(),
    'batch.report': async ({ run, offset, limit, status, need, summary }) => ws.batch.report(run, { status, need }, { offset, limit }, summary === true),
    'batch.openFile': async ({ run, path, password }) => {
      const { name, bytes } = ws.batch.readFile(run, path);
      return ws.reviews.importFile(name, bytes, password !== undefined ? { password } : {});
    },
    'batch.saveReport': async ({ run, format }) => {
      const path = await ports.chooseSavePath(`批量检查报告-${run}.${format}`);
      if (path === null) return { cancelled: true };
      ws.batch.saveReport(run, format === 'html' ? { html: path } : { csv: path });
      return { cancelled: false, path };
    },
  };
}
