import type { Handlers } from '../../../shared/ipc/contract';
import type { CallContext } from '../../../shared/ipc/dispatch';
import type { ShellPorts } from '../ipc-handlers';
import type { SessionState } from '../sessions';
import type { Workspace } from '../workspace';
import { buildPack, defaultPackName, signingKey, writePack } from './pack-export';
import { importPack, previewPack } from './pack-import';
import type { PackDeps } from './pack-stores';
import { TrustedKeys } from './trusted-keys';

type PackChannels = 'rules.exportPack' | 'rules.previewPack' | 'rules.importPack' | 'rules.trustedKeys' | 'rules.trustKey' | 'rules.untrustKey' | 'rules.signingKey';

/** The workspace as rule packs see it. */
export function packDeps(ws: Workspace, now: () => Date = () => new Date()): PackDeps {
  return {
    db: ws.db,
    log: ws.log,
    lists: ws.termLists,
    rules: ws.ruleSets,
    trusted: new TrustedKeys(ws.db, ws.log, now),
    now,
    hasAccounts: () => ws.accounts.hasAccounts(),
  };
}

/**
 * Rule packs over IPC. The session is not read here: the review log signs as
 * the signed-in user (SessionState sets it), and packs are signed the same way.
 */
export function packHandlers(ws: Workspace, ports: ShellPorts, _sessions: SessionState): Pick<Handlers<CallContext>, PackChannels> {
  const deps = packDeps(ws);
  return {
    'rules.exportPack': async (request) => {
      const built = buildPack(deps, request); // before asking where to save: a refusal needs no dialog
      const path = await ports.chooseSavePath(defaultPackName(deps.now()));
      if (path === null) return { cancelled: true };
      return { cancelled: false, ...writePack(deps, built, path, ws.pendingWrites) };
    },
    'rules.previewPack': async ({ bytes }) => previewPack(deps, bytes),
    'rules.importPack': async ({ bytes }) => importPack(deps, bytes),
    'rules.trustedKeys': async () => deps.trusted.list(),
    'rules.trustKey': async ({ publicKeyPem, label }) => {
      deps.trusted.add(publicKeyPem, label);
      return deps.trusted.list();
    },
    'rules.untrustKey': async ({ fingerprint }) => {
      deps.trusted.remove(fingerprint);
      return deps.trusted.list();
    },
    'rules.signingKey': async () => signingKey(deps),
  };
}
