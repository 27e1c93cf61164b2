import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFiles, importsOf } from './rules';

const ROOT = join(import.meta.dirname, '..', '..');

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) walk(full, out);
    else if (/\.(ts|tsx|js|mjs|cjs)$/.test(name) && !name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

function tree(): Map<string, string> {
  const files = new Map<string, string>();
  for (const dir of ['shared', 'electron', 'renderer/src', 'bin', 'scripts']) {
    let paths: string[] = [];
    try {
      paths = walk(join(ROOT, dir));
    } catch {
      continue;
    }
    for (const p of paths) files.set(relative(ROOT, p).replace(/\\/g, '/'), readFileSync(p, 'utf8'));
  }
  return files;
}

describe('architecture', () => {
  it('the source tree keeps the layer table and uses no network', () => {
    const files = tree();
    expect(files.size).toBeGreaterThan(30);
    expect(checkFiles(files)).toEqual([]);
  });

  it('the built preload requires nothing but electron', () => {
    const bundle = readFileSync(join(ROOT, 'out/preload/index.cjs'), 'utf8');
    const required = [...bundle.matchAll(/require\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]);
    expect(required).toEqual(['electron']);
  });

  it('parses every import form', () => {
    expect(importsOf(`import a from 'a'; import { b } from "b"; import 'c'; export * from './d'; import type { E } from 'e';
      const f = await import('f'); const g = require('g'); // import h from 'h'`)).toEqual(['a', 'b', 'c', './d', 'e', 'f', 'g']);
  });
});

describe('architecture checker catches planted violations', () => {
  const cases: [string, string, RegExp][] = [
    ['shared/x.ts', "import { readFileSync } from 'node:fs';", /shared may not use Node built-in node:fs/],
    ['shared/x.ts', "import { readFileSync } from 'fs';", /shared may not use Node built-in fs/],
    ['shared/x.ts', "import { a } from '../electron/node/workspace';", /shared may not import node/],
    ['shared/x.ts', 'export const now = () => Date.now();', /pure \(clock\)/],
    ['shared/x.ts', 'export const r = Math.random();', /pure \(randomness\)/],
    ['electron/node/x.ts', "import http from 'node:http';", /networking module node:http/],
    ['electron/node/x.ts', "import * as net from 'net';", /networking module net/],
    ['electron/cli/x.ts', "import { request } from 'https';", /networking module https/],
    ['renderer/src/x.tsx', "const r = await fetch('https://example.com');", /global fetch/],
    ['renderer/src/x.tsx', "import { x } from '../../electron/node/workspace';", /renderer may not import node/],
    ['renderer/src/x.tsx', 'window.mishen.invoke("a", {})', /only through renderer\/src\/api\.ts/],
    ['electron/main/x.ts', "import { net } from 'electron';", /Electron's net module/],
    ['electron/main/x.ts', "shell.openExternal('https://x')", /openExternal/],
    ['electron/main/x.ts', 'autoUpdater.checkForUpdates()', /autoUpdater/],
    ['electron/main/x.ts', 'new BrowserWindow({ webPreferences: { sandbox: false } })', /sandbox: false/],
    ['electron/main/x.ts', 'const p = { nodeIntegration: true }', /nodeIntegration: true/],
    ['electron/node/x.ts', "import { app } from 'electron';", /only electron\/main and the preload/],
    ['electron/preload/x.ts', "import { z } from 'zod';", /preload may import only electron and shared\/ipc/],
    ['electron/preload/x.ts', "import { scanText } from '../../shared/rules/engine';", /preload may import only shared\/ipc/],
    ['electron/cli/x.ts', "import { registerIpc } from '../main/ipc';", /cli may not import main/],
  ];
  it.each(cases)('%s: %s', (path, source, expected) => {
    const violations = checkFiles(new Map([[path, source]]));
    expect(violations.join('\n')).toMatch(expected);
  });

  it('accepts allowed imports', () => {
    const ok = new Map([
      ['electron/node/a.ts', "import { readFileSync } from 'node:fs'; import { x } from '../../shared/errors';"],
      ['electron/preload/index.ts', "import { contextBridge } from 'electron'; import { CHANNELS } from '../../shared/ipc/channels';"],
      ['renderer/src/a.tsx', "import { useState } from 'react'; import { call } from './api';"],
    ]);
    expect(checkFiles(ok)).toEqual([]);
  });
});
