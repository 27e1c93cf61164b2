import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Session, WebContents } from 'electron';
import { describe, expect, it } from 'vitest';
import { lockDownContents, lockDownSession } from '../../electron/main/lockdown';
import { DISABLED_SCHEMES, handleAppProtocol, registerAppSchemePrivileges } from '../../electron/main/protocol';
import { PRODUCTION_CSP } from '../../electron/node/protocol/app-assets';
import { useTempDirs } from '../fixtures/temp';

const tempDir = useTempDirs();

/** A small fake of Electron's Session that records what main installs. */
function fakeSession() {
  const calls: Record<string, unknown> = {};
  const session = {
    webRequest: { onBeforeRequest: (fn: unknown) => (calls.onBeforeRequest = fn) },
    setPermissionRequestHandler: (fn: unknown) => (calls.permissionRequest = fn),
    setPermissionCheckHandler: (fn: unknown) => (calls.permissionCheck = fn),
    setDevicePermissionHandler: (fn: unknown) => (calls.devicePermission = fn),
    setSpellCheckerEnabled: (on: boolean) => (calls.spellchecker = on),
    setSpellCheckerDictionaryDownloadURL: (url: string) => (calls.dictionaryUrl = url),
    on: (event: string, fn: unknown) => (calls[`on:${event}`] = fn),
  };
  return { session: session as unknown as Session, calls };
}

describe('session lockdown wiring', () => {
  it('cancels foreign requests, denies permissions and downloads, turns the spellchecker off', () => {
    const { session, calls } = fakeSession();
    lockDownSession(session);
    const decide = (url: string) => {
      let cancel: boolean | undefined;
      (calls.onBeforeRequest as (d: { url: string }, cb: (r: { cancel: boolean }) => void) => void)({ url }, (r) => (cancel = r.cancel));
      return cancel;
    };
    expect(decide('app://mishen/index.html')).toBe(false);
    expect(decide('https://dictionaries.example/zh.bdic')).toBe(true);
    let granted: boolean | undefined;
    (calls.permissionRequest as (w: unknown, p: string, cb: (g: boolean) => void) => void)(null, 'media', (g) => (granted = g));
    expect(granted).toBe(false);
    expect((calls.permissionCheck as () => boolean)()).toBe(false);
    expect(calls.spellchecker).toBe(false);
    expect(calls.dictionaryUrl).toBe('data:,');
    let prevented = false;
    (calls['on:will-download'] as (e: { preventDefault(): void }) => void)({ preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
  });

  it('denies navigation away, new windows and webviews', () => {
    const handlers: Record<string, (e: { preventDefault(): void }, url?: string) => void> = {};
    let openHandler: (() => { action: string }) | undefined;
    const contents = {
      on: (event: string, fn: (e: { preventDefault(): void }, url?: string) => void) => (handlers[event] = fn),
      setWindowOpenHandler: (fn: () => { action: string }) => (openHandler = fn),
    } as unknown as WebContents;
    lockDownContents(contents);
    const prevented = (event: string, url?: string) => {
      let p = false;
      handlers[event]!({ preventDefault: () => (p = true) }, url);
      return p;
    };
    expect(prevented('will-navigate', 'https://example.com/')).toBe(true);
    expect(prevented('will-navigate', 'app://mishen/index.html')).toBe(false);
    expect(prevented('will-redirect', 'http://127.0.0.1/')).toBe(true);
    expect(prevented('will-attach-webview')).toBe(true);
    expect(openHandler!()).toEqual({ action: 'deny' });
  });
});

describe('app protocol wiring', () => {
  it('registers app:// as a secure standard scheme', () => {
    let schemes: unknown;
    registerAppSchemePrivileges({ registerSchemesAsPrivileged: (s) => (schemes = s) });
    expect(schemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }]);
  });

  it('serves the renderer with the CSP and, when packaged, answers web schemes with 403', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'r'));
    writeFileSync(join(dir, 'r', 'index.html'), '<p>hi</p>');
    const handled = new Map<string, (req: Request) => Response>();
    const fake = { handle: (scheme: string, fn: (req: Request) => Response) => void handled.set(scheme, fn) };
    handleAppProtocol(fake as never, join(dir, 'r'), true);
    expect([...handled.keys()].sort()).toEqual(['app', ...DISABLED_SCHEMES].sort());
    const res = handled.get('app')!(new Request('app://mishen/index.html'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(PRODUCTION_CSP);
    expect(await res.text()).toBe('<p>hi</p>');
    expect(handled.get('https')!(new Request('https://example.com/')).status).toBe(403);

    const dev = new Map<string, unknown>();
    handleAppProtocol({ handle: (s: string, fn: unknown) => void dev.set(s, fn) } as never, join(dir, 'r'), false);
    expect([...dev.keys()]).toEqual(['app']);
  });
});
