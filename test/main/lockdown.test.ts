import { describe, expect, it } from 'vitest';
import { isAllowedNavigation, isAllowedRequestUrl } from '../../electron/main/lockdown';
import { secureWebPreferences } from '../../electron/main/web-preferences';
import { PRODUCTION_CSP, resolveAppAsset } from '../../electron/node/protocol/app-assets';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useTempDirs } from '../fixtures/temp';

const tempDir = useTempDirs();

describe('request lockdown', () => {
  it.each([
    ['app://mishen/index.html', true],
    ['app://mishen/assets/index.js', true],
    ['data:image/png;base64,AAAA', true],
    ['blob:app://mishen/1234', true],
    ['app://evil/index.html', false],
    ['https://example.com/', false],
    ['http://127.0.0.1:5173/', false],
    ['ws://localhost:5173/', false],
    ['file:///etc/passwd', false],
    ['ftp://example.com/', false],
    ['chrome-extension://abc/x.js', false],
    ['not a url', false],
  ])('%s -> %s (packaged)', (url, allowed) => {
    expect(isAllowedRequestUrl(url)).toBe(allowed);
  });

  it('allows only the loopback dev server in development', () => {
    const dev = { devServerOrigin: 'http://localhost:5173' };
    expect(isAllowedRequestUrl('http://localhost:5173/src/main.tsx', dev)).toBe(true);
    expect(isAllowedRequestUrl('ws://localhost:5173/', dev)).toBe(true);
    expect(isAllowedRequestUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isAllowedRequestUrl('https://example.com/', dev)).toBe(false);
    expect(isAllowedRequestUrl('http://example.com:5173/', { devServerOrigin: 'http://example.com:5173' })).toBe(false);
  });

  it('never navigates to data: or blob: pages', () => {
    expect(isAllowedNavigation('app://mishen/index.html')).toBe(true);
    expect(isAllowedNavigation('data:text/html,<script>1</script>')).toBe(false);
    expect(isAllowedNavigation('https://example.com')).toBe(false);
  });
});

describe('window and page policy', () => {
  it('pins the hardened webPreferences', () => {
    expect(secureWebPreferences('/p.cjs')).toEqual({
      preload: '/p.cjs',
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
    });
  });

  it('pins the production CSP', () => {
    expect(PRODUCTION_CSP).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
  });
});

describe('app:// asset resolution', () => {
  function renderer() {
    const dir = tempDir();
    mkdirSync(join(dir, 'r', 'assets'), { recursive: true });
    writeFileSync(join(dir, 'r', 'index.html'), '<html></html>');
    writeFileSync(join(dir, 'r', 'assets', 'a.js'), 'x');
    writeFileSync(join(dir, 'secret.txt'), 'secret');
    return join(dir, 'r');
  }

  it('serves files of the renderer folder with the CSP header and a MIME type', () => {
    const root = renderer();
    const res = resolveAppAsset(root, 'app://mishen/');
    expect(res.status).toBe(200);
    expect(res.headers['Content-Security-Policy']).toBe(PRODUCTION_CSP);
    expect(res.headers['Content-Type']).toMatch(/text\/html/);
    expect(resolveAppAsset(root, 'app://mishen/assets/a.js').headers['Content-Type']).toMatch(/javascript/);
  });

  it('never leaves the folder and refuses other hosts', () => {
    const root = renderer();
    for (const path of ['%2e%2e/secret.txt', '..%2fsecret.txt', '..%5csecret.txt', 'assets/..%2f..%2fsecret.txt']) {
      const res = resolveAppAsset(root, `app://mishen/${path}`);
      expect([403, 404], path).toContain(res.status);
      expect(res.body).toBeNull();
    }
    expect(resolveAppAsset(root, 'app://mishen/%E0%A4%A').status).toBe(400);
    expect(resolveAppAsset(root, 'app://other/index.html').status).toBe(403);
    expect(resolveAppAsset(root, 'app://mishen/missing.js').status).toBe(404);
  });
});
