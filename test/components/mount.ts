import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * Component tests without jsdom: a test entry (.tsx) bundled for the browser
 * with esbuild, run in Debian's Chromium with the app's stylesheet. The page
 * has no server and no network: the bundle and the CSS are inlined.
 */

const ROOT = join(import.meta.dirname, '..', '..');

export interface Mounted {
  browser: Browser;
  page: Page;
  /** Uncaught errors and console errors (React warnings included) seen so far. */
  errors: string[];
  close(): Promise<void>;
}

export async function bundleForBrowser(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'esm',
    target: 'es2023',
    jsx: 'automatic',
    // Development React: its warnings (keys, effects) land in `errors`.
    define: { 'process.env.NODE_ENV': '"development"' },
    logLevel: 'warning',
  });
  return result.outputFiles[0]!.text;
}

export async function mountEntry(entry: string, viewport = { width: 460, height: 860 }): Promise<Mounted> {
  const [script, css] = await Promise.all([bundleForBrowser(entry), readFile(join(ROOT, 'renderer', 'src', 'styles.css'), 'utf8')]);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--lang=zh-CN'],
  });
  try {
    const page = await browser.newPage({ viewport, locale: 'zh-CN' });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.route('**/*', (route) => route.abort());
    await page.setContent('<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>组件测试</title></head><body><main id="root" class="component-host"></main></body></html>');
    await page.addStyleTag({ content: `${css}\n.component-host { height: 100vh; padding: 16px; display: grid; grid-template-rows: minmax(0, 1fr); }` });
    await page.addScriptTag({ content: script, type: 'module' });
    await page.waitForFunction(() => (window as unknown as { __ready?: boolean }).__ready === true);
    return { browser, page, errors, close: () => browser.close() };
  } catch (e) {
    await browser.close();
    throw e;
  }
}
