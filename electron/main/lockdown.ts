import type { Session, WebContents } from 'electron';
import { APP_ORIGIN, APP_SCHEME } from '../node/protocol/app-assets';

export interface LockdownOptions {
  /** The loopback dev server's origin (electron-vite dev only); never set in packaged builds. */
  devServerOrigin?: string;
}

/** Schemes a page may load besides the app's own; everything else is cancelled. */
const INERT_SCHEMES = new Set(['data:', 'blob:', 'devtools:']);

/**
 * The one decision behind the request filter: the app's own origin, inert
 * in-memory schemes, and in development the loopback dev server. Nothing
 * else, so no request can leave the machine.
 */
export function isAllowedRequestUrl(url: string, options: LockdownOptions = {}): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === `${APP_SCHEME}:`) return `${parsed.protocol}//${parsed.host}` === APP_ORIGIN;
  if (INERT_SCHEMES.has(parsed.protocol)) return true;
  if (options.devServerOrigin && isLoopbackOrigin(options.devServerOrigin)) {
    return parsed.origin === new URL(options.devServerOrigin).origin || isSameLoopbackWs(parsed, options.devServerOrigin);
  }
  return false;
}

function isLoopbackOrigin(origin: string): boolean {
  try {
    const host = new URL(origin).hostname;
    return host === 'localhost' || host === '127.0.0.1' || host === '[::1]';
  } catch {
    return false;
  }
}

/** Vite's hot reload socket on the dev server's own host and port. */
function isSameLoopbackWs(url: URL, devOrigin: string): boolean {
  const dev = new URL(devOrigin);
  return (url.protocol === 'ws:' || url.protocol === 'wss:') && url.host === dev.host;
}

/** Navigation stays on the page the window loaded: only the app origin (or the dev server). */
export function isAllowedNavigation(url: string, options: LockdownOptions = {}): boolean {
  return isAllowedRequestUrl(url, options) && !url.startsWith('data:') && !url.startsWith('blob:');
}

/** Locks a session: request filter, every permission denied, no spellchecker or its downloads. */
export function lockDownSession(session: Session, options: LockdownOptions = {}): void {
  session.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isAllowedRequestUrl(details.url, options) });
  });
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.setSpellCheckerEnabled(false);
  session.setSpellCheckerDictionaryDownloadURL('data:,');
  session.on('will-download', (event) => event.preventDefault());
}

/** No navigation away, no new windows, no webviews, for every web contents. */
export function lockDownContents(contents: WebContents, options: LockdownOptions = {}): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url, options)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAllowedNavigation(url, options)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}
