import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHANNELS } from '../../shared/ipc/channels';
import { dispatch } from '../../shared/ipc/dispatch';
import { createHandlers } from '../../electron/node/ipc-handlers';
import { SessionState } from '../../electron/node/sessions';
import { APP_ORIGIN, resolveAppAsset } from '../../electron/node/protocol/app-assets';
import { openWorkspace, type Workspace } from '../../electron/node/workspace';
import { workerScanner } from '../../electron/node/scan/scanner';
import { pathToFileURL } from 'node:url';

/**
 * The app without the Electron binary: the built renderer in Debian's
 * Chromium, served through the same resolver (and CSP header) as the app://
 * protocol handler, talking to the real handlers over the same contract and
 * dispatch as Electron's IPC. Any request to another origin is recorded and
 * aborted; tests assert there were none.
 */

export const HARNESS_ORIGIN = 'https://mishen.app.invalid';
/**
 * Results larger than this (JSON characters) are not returned through
 * Playwright's binding, which takes seconds for megabytes, but fetched once
 * from a one-time address on the app's origin: Electron's IPC clones them
 * in a fraction of that, and the benchmarks should not measure the harness.
 */
const LARGE_RESULT = 256 * 1024;
const RENDERER_DIR = join(import.meta.dirname, '..', '..', 'out', 'renderer');
const SCAN_WORKER = join(import.meta.dirname, '..', '..', 'out', 'main', 'scan-worker.js');
const BATCH_WORKER = join(import.meta.dirname, '..', '..', 'out', 'main', 'batch-worker.js');

export interface Harness {
  context: BrowserContext;
  page: Page;
  workspace: Workspace;
  foreignRequests: string[];
  consoleErrors: string[];
  close(): Promise<void>;
  /** Kills the browser with SIGKILL (a crash of the window); the workspace is left as it is, unclosed. */
  crash(): void;
}

export interface HarnessOptions {
  /** A browser profile kept on disk (local storage survives a crash and a restart); a fresh temporary one otherwise. */
  profileDir?: string;
  /**
   * Keep the resume points between page loads. Off by default: tests
   * navigate to the start page between steps, which the app would otherwise
   * answer by reopening the last review (as after a crash).
   */
  resume?: boolean;
  /** What the folder dialog answers (批量检查): a fixed path from the test, or null (cancelled). */
  chooseFolder?: () => string | null;
}

/** What the preload installs, written for the page: same channels, bytes sent and received as base64. */
function installBridge(channels: readonly string[]): void {
  const allowed = new Set(channels);
  const toWire = (value: unknown): unknown => {
    if (value instanceof Uint8Array) {
      let bin = '';
      for (let i = 0; i < value.length; i += 0x8000) bin += String.fromCharCode(...value.subarray(i, i + 0x8000));
      return { __bytes: btoa(bin) };
    }
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toWire(v)]));
    }
    return value;
  };
  // Responses carry bytes the same way (the PDF page view's original); Electron's IPC clones a Uint8Array as it is.
  const fromWire = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(fromWire);
    if (value && typeof value === 'object') {
      const obj = value as Record<string, unknown>;
      if (typeof obj.__bytes === 'string' && Object.keys(obj).length === 1) {
        const bin = atob(obj.__bytes);
        const out = new Uint8Array(bin.length);
        for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
        return out;
      }
      return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, fromWire(v)]));
    }
    return value;
  };
  const invoke = (window as unknown as { __mishenInvoke: (c: string, p: unknown) => Promise<unknown> }).__mishenInvoke;
  Object.defineProperty(window, 'mishen', {
    value: Object.freeze({
      invoke(channel: string, payload: unknown) {
        if (!allowed.has(channel)) return Promise.reject(new Error(`unknown channel ${channel}`));
        return invoke(channel, toWire(payload))
          .then((r) => {
            // A large result waits at a one-time address (see LARGE_RESULT): fetched, not passed through the binding.
            const large = (r as { __large?: string } | null)?.__large;
            return large ? fetch(`/__ipc/${large}`).then((res) => res.json()) : r;
          })
          .then(fromWire);
      },
    }),
  });
}

/** Bytes in a result, as the page's bridge decodes them. */
function toWire(value: unknown): unknown {
  if (value instanceof Uint8Array) return { __bytes: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  if (Array.isArray(value)) return value.map(toWire);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toWire(v)]));
  return value;
}

function fromWire(value: unknown): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    if (typeof obj.__bytes === 'string' && Object.keys(obj).length === 1) return new Uint8Array(Buffer.from(obj.__bytes, 'base64'));
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, fromWire(v)]));
  }
  return value;
}

export async function startHarness(dataDir: string, savePath: () => string | null, options: HarnessOptions = {}): Promise<Harness> {
  // Scans run in the built worker, as in the app: the window stays answerable (progress, cancel) while they run.
  const workspace = openWorkspace(dataDir, { scanner: workerScanner(pathToFileURL(SCAN_WORKER)), batchWorker: pathToFileURL(BATCH_WORKER) });
  let context: BrowserContext | undefined;
  const sessions = new SessionState(workspace);
  const handlers = createHandlers(
    workspace,
    {
      chooseSavePath: async () => savePath(),
      ...(options.chooseFolder ? { chooseFolder: async () => options.chooseFolder!() } : {}),
      // The app prints with Electron's printToPDF; here the same Chromium lays the page out.
      printToPdf: async (html) => {
        const page = await context!.newPage();
        try {
          await page.setContent(html, { waitUntil: 'load' });
          return await page.pdf({ preferCSSPageSize: true, printBackground: true });
        } finally {
          await page.close();
        }
      },
    },
    '0.1.0-harness',
    sessions,
  );
  const profileDir = options.profileDir ?? mkdtempSync(join(tmpdir(), 'mishen-profile-'));
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--lang=zh-CN'],
    viewport: { width: 1360, height: 880 },
    locale: 'zh-CN',
    deviceScaleFactor: 1,
  });
  const foreignRequests: string[] = [];
  const largeResults = new Map<string, string>();
  const consoleErrors: string[] = [];
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (!url.startsWith(`${HARNESS_ORIGIN}/`)) {
      foreignRequests.push(url);
      return route.abort('blockedbyclient');
    }
    const path = url.slice(HARNESS_ORIGIN.length);
    if (path.startsWith('/__ipc/')) {
      const json = largeResults.get(path.slice('/__ipc/'.length));
      largeResults.delete(path.slice('/__ipc/'.length));
      return json === undefined ? route.fulfill({ status: 404 }) : route.fulfill({ status: 200, contentType: 'application/json', body: json });
    }
    if (!options.resume && (path === '/' || path === '/index.html')) workspace.db.prepare('DELETE FROM resume_points').run();
    const res = resolveAppAsset(RENDERER_DIR, APP_ORIGIN + path);
    return route.fulfill({ status: res.status, headers: res.headers, ...(res.body ? { body: res.body } : {}) });
  });
  await context.exposeBinding('__mishenInvoke', async (source, channel: string, payload: unknown) => {
    // The sender-frame check of electron/main/ipc.ts: only the app's top-level page may call.
    if (source.frame !== source.page.mainFrame() || !source.frame.url().startsWith(`${HARNESS_ORIGIN}/`)) {
      return { ok: false, error: { code: 'forbidden', message: '调用来源不可信', messageEn: 'untrusted sender' } };
    }
    const result = await dispatch(handlers, channel, fromWire(payload), { permissions: sessions.permissions(), onInternalError: (c, e) => consoleErrors.push(`[${c}] ${String(e)}`) });
    const wire = toWire(result);
    const json = JSON.stringify(wire);
    if (json.length < LARGE_RESULT) return wire;
    const token = randomUUID();
    largeResults.set(token, json);
    return { __large: token };
  });
  await context.addInitScript(installBridge, [...CHANNELS]);
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(10_000);
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(msg.text());
  });
  page.on('pageerror', (err) => consoleErrors.push(err.message));
  // The app's own files must all be there (pdf.js fetches its CMaps and fonts and only warns when one is missing).
  page.on('response', (res) => {
    if (res.status() >= 400 && res.url().startsWith(`${HARNESS_ORIGIN}/`)) consoleErrors.push(`${res.status()} ${res.url()}`);
  });
  let crashed = false;
  return {
    context,
    page,
    workspace,
    foreignRequests,
    consoleErrors,
    async close() {
      if (!crashed) await context.close();
      workspace.close();
      if (!options.profileDir) rmSync(profileDir, { recursive: true, force: true });
    },
    crash() {
      crashed = true;
      for (const pid of execFileSync('pgrep', ['-f', '--', `--user-data-dir=${profileDir}`], { encoding: 'utf8' }).split(/\s+/).filter(Boolean)) {
        try {
          process.kill(Number(pid), 'SIGKILL');
        } catch {
          // already gone with its parent
        }
      }
    },
  };
}
