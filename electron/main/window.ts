import { BrowserWindow, type WebPreferences } from 'electron';

/** The only webPreferences any window gets; pinned by a test. */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
  };
}

/** The one window factory. */
export function createWindow(preloadPath: string, title: string): BrowserWindow {
  return new BrowserWindow({
    width: 1360,
    height: 880,
    minWidth: 960,
    minHeight: 600,
    title,
    show: false,
    backgroundColor: '#f5f6f8',
    webPreferences: secureWebPreferences(preloadPath),
  });
}
