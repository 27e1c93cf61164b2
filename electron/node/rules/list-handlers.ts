import type { Handlers } from '../../../shared/ipc/contract';
import type { CallContext } from '../../../shared/ipc/dispatch';
import type { ShellPorts } from '../ipc-handlers';
import type { Workspace } from '../workspace';
import { applyImport, exportList, previewImport, writeExportedList } from './list-transfer';

type ListChannels = 'rules.lists' | 'rules.deletedLists' | 'rules.list' | 'rules.createList' | 'rules.changeList' | 'rules.previewImport' | 'rules.applyImport' | 'rules.exportList' | 'rules.diffList';

/** The office's lists over IPC; versions are authored by the signed-in user (or the installation). */
export function listHandlers(ws: Workspace, ports: ShellPorts): Pick<Handlers<CallContext>, ListChannels> {
  const store = ws.termLists;
  const actor = () => ws.log.actorName;
  return {
    'rules.lists': async () => store.summaries(),
    'rules.deletedLists': async () => store.deletedSummaries(),
    'rules.list': async ({ id, version }) => store.detail(id, version),
    'rules.createList': async ({ kind, meta, note }) => store.create(kind, meta, actor(), note),
    'rules.changeList': async ({ id, note, ...change }) => store.change(id, change, actor(), note),
    'rules.previewImport': async ({ id, fileName, bytes, mode }) => previewImport(store, id, fileName, bytes, mode),
    'rules.applyImport': async ({ note, ...request }) => applyImport(store, request, actor(), note),
    'rules.exportList': async ({ id, version, format }) => {
      const exported = exportList(store, id, version, format); // before the dialog: a missing list needs none
      const path = await ports.chooseSavePath(exported.fileName);
      if (path === null) return { cancelled: true };
      writeExportedList(ws.log, exported, format, path, ws.pendingWrites);
      return { cancelled: false, path, terms: exported.detail.terms.length };
    },
    'rules.diffList': async ({ id, from, to }) => store.diff(id, from, to),
  };
}
