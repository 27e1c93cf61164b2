import { app, dialog, ipcMain, protocol, session, type Session, type WebContents } from 'electron';
import { join } from 'node:path';
import { createHandlers } from '../node/ipc-handlers';
import { SessionState } from '../node/sessions';
import { APP_ORIGIN } from '../node/protocol/app-assets';
import { defaultDataDir } from '../node/storage/data-dir';
import { openWorkspace } from '../node/workspace';
import { workerScanner } from '../node/scan/scanner';
import { pathToFileURL } from 'node:url';
import { registerIpc } from './ipc';
import { lockDownContents, lockDownSession, type LockdownOptions } from './lockdown';
import { handleAppProtocol, registerAppSchemePrivileges } from './protocol';
import { createWindow } from './window';
import { printHtmlToPdf } from './print';
import { safeStorageWrap } from './safe-storage';
import { cliArguments, runBuiltCli } from './cli-mode';

/** Composition root of the desktop app: lock everything down, open the workspace, wire IPC, show one window. */

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  if (i >= 0) return process.argv[i + 1];
  return process.argv.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
}

const cliArgs = cliArguments(process.argv);
if (cliArgs) {
  // A command line run: no window, no single-instance lock (restore itself refuses a folder the app has open).
  app.exit(await runBuiltCli(import.meta.dirname, cliArgs).catch((err: unknown) => (console.error(err), 1)));
}

app.enableSandbox();
app.commandLine.appendSwitch('disable-background-networking');
app.commandLine.appendSwitch('disable-component-update');
registerAppSchemePrivileges(protocol);

const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const lockdown: LockdownOptions = devServerUrl ? { devServerOrigin: new URL(devServerUrl).origin } : {};

if (cliArgs) {
  // exiting above
} else if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('web-contents-created', (_event, contents: WebContents) => lockDownContents(contents, lockdown));
  app.on('session-created', (created: Session) => lockDownSession(created, lockdown));
  void app.whenReady().then(() => {
    const ses = session.defaultSession;
    lockDownSession(ses, lockdown);
    handleAppProtocol(ses.protocol, join(import.meta.dirname, '../renderer'), app.isPackaged);

    const wrap = safeStorageWrap();
    const workspace = openWorkspace(argValue('--data-dir') ?? defaultDataDir(), {
      scanner: workerScanner(pathToFileURL(join(import.meta.dirname, 'scan-worker.js'))),
      batchWorker: pathToFileURL(join(import.meta.dirname, 'batch-worker.js')),
      ...(wrap ? { accountWrap: wrap } : {}),
    });
    app.on('will-quit', () => workspace.close());

    const win = createWindow(join(import.meta.dirname, '../preload/index.cjs'), '密审 · 公开前保密审查');
    const sessions = new SessionState(workspace);
    const handlers = createHandlers(
      workspace,
      {
        async chooseSavePath(defaultName) {
          const result = await dialog.showSaveDialog(win, { title: '保存脱敏稿', defaultPath: defaultName });
          return result.canceled || !result.filePath ? null : result.filePath;
        },
        async chooseFolder(title = '选择要批量检查的目录') {
          const result = await dialog.showOpenDialog(win, { title, properties: ['openDirectory', 'createDirectory', 'dontAddToRecent'] });
          return result.canceled || result.filePaths.length === 0 ? null : result.filePaths[0]!;
        },
        printToPdf: printHtmlToPdf,
      },
      app.getVersion(),
      sessions,
    );
    registerIpc(
      ipcMain,
      handlers,
      () => ({ permissions: sessions.permissions(), onInternalError: (ch, err) => console.error(`[ipc ${ch}]`, err) }),
      lockdown.devServerOrigin,
    );

    win.once('ready-to-show', () => win.show());
    void win.loadURL(devServerUrl ?? `${APP_ORIGIN}/index.html`);
    app.on('second-instance', () => {
      if (win.isMinimized()) win.restore();
      win.focus();
    });
  });
  app.on('window-all-closed', () => app.quit());
}
