import { extractFile, listPackage, statFile } from '@electron/asar';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Arch, build, Platform } from 'electron-builder';
import { init, parse } from 'es-module-lexer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Packs the app for Linux (this machine's arch) with electron-builder itself, from electron-builder.yml, and reads
 * what it put in app.asar: every module the built code imports must be there, every file the main
 * process loads by path, every native binary unpacked, and nothing else of the project. Electron
 * cannot be downloaded here, so an empty stand-in takes its place (the app files are all that is
 * checked); the fuses, which need Electron's binary, and the native-module hook, which
 * native-modules.test.ts runs on its own, are left out of this pack.
 */

const ROOT = join(import.meta.dirname, '..', '..');
const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string; dependencies: Record<string, string>; devDependencies: Record<string, string> };

/** Files in node_modules the code loads by path rather than by import (see electron/node/importers/pdf.ts, rules/regex-safety.ts). */
const LOADED_BY_PATH: [string, string][] = [
  ['pdfjs-dist/legacy/build/pdf.worker.mjs', 'pdf.worker.mjs'],
  ['pdfjs-dist/package.json', 'pdfjs-dist/package.json'],
  ['pdfjs-dist/cmaps/UniGB-UCS2-H.bcmap', '"cmaps"'],
  ['pdfjs-dist/standard_fonts/FoxitSerif.pfb', 'standard_fonts'],
  ['recheck/lib/browser.js', 'recheck/lib/browser.js'],
];

interface ProductionPackage {
  name: string;
  dir: string;
}
const script = (await import(pathToFileURL(join(ROOT, 'scripts/native-modules.mjs')).href)) as {
  productionPackages(appDir: string): ProductionPackage[];
};

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** Bare specifiers a built file imports: ESM by es-module-lexer, CommonJS (the preload) by its require calls. */
function bareImports(code: string, cjs: boolean): string[] {
  const specifiers = cjs ? [...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]!) : parse(code)[0].flatMap((i) => (i.specifier ? [i.specifier] : []));
  return specifiers.filter((s) => !s.startsWith('.') && !s.startsWith('/') && !BUILTINS.has(s) && s !== 'electron');
}

/** Where Node's ESM resolver (import conditions, as the app loads them) finds each specifier from `dir`. */
function resolveImports(specifiers: string[], dir: string): Record<string, string> {
  const code = 'const o = {}; for (const s of JSON.parse(process.argv[1])) o[s] = import.meta.resolve(s); console.log(JSON.stringify(o));';
  const res = spawnSync(process.execPath, ['--input-type=module', '-e', code, JSON.stringify(specifiers)], { cwd: dir, encoding: 'utf8' });
  if (res.status !== 0) throw new Error(res.stderr);
  return JSON.parse(res.stdout) as Record<string, string>;
}

/** An Electron stand-in: just the files electron-builder moves around. */
function fakeElectron(dir: string): string {
  mkdirSync(join(dir, 'locales'), { recursive: true });
  mkdirSync(join(dir, 'resources'));
  writeFileSync(join(dir, 'electron'), '#!/bin/sh\n');
  chmodSync(join(dir, 'electron'), 0o755);
  for (const locale of ['en-US', 'zh-CN', 'de', 'ja']) writeFileSync(join(dir, 'locales', `${locale}.pak`), '');
  for (const name of ['chrome-sandbox', 'LICENSE', 'LICENSES.chromium.html']) writeFileSync(join(dir, name), '');
  return dir;
}

const ARCH = process.arch === 'arm64' ? 'arm64' : 'x64';

// The pack and the binaries it expects are Linux's: the build machine for deb and AppImage.
describe.runIf(process.platform === 'linux')(`what electron-builder packs (Linux ${ARCH})`, () => {
  let dir = '';
  let appOut = '';
  let asar = '';
  let inAsar = new Set<string>();
  const read = (p: string) => extractFile(asar, p).toString('utf8');

  beforeAll(async () => {
    for (const f of [pkg.main, 'out/preload/index.cjs', 'out/renderer/index.html']) {
      if (!existsSync(join(ROOT, f))) {
        const res = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
        if (res.status !== 0) throw new Error(`npm run build failed:\n${res.stderr}`);
        break;
      }
    }
    await init();
    // One pack for the whole file (useTempDirs empties its folders after each test).
    dir = mkdtempSync(join(tmpdir(), 'mishen-pack-'));
    await build({
      projectDir: ROOT,
      targets: Platform.LINUX.createTarget('dir', Arch[ARCH]),
      config: { electronDist: fakeElectron(join(dir, 'electron')), electronFuses: null, npmRebuild: false, directories: { output: join(dir, 'dist') } },
    });
    appOut = join(dir, 'dist', ARCH === 'x64' ? 'linux-unpacked' : `linux-${ARCH}-unpacked`);
    asar = join(appOut, 'resources', 'app.asar');
    inAsar = new Set(listPackage(asar, { isPack: false }).map((p) => p.replace(/\\/g, '/').replace(/^\//, '')));
  }, 240_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('holds the built app and production modules only: no sources, tests, reports or build output of other tools', () => {
    const top = new Set([...inAsar].map((p) => p.split('/')[0]));
    expect([...top].sort()).toEqual(['node_modules', 'out', 'package.json']);
    const outDirs = new Set([...inAsar].filter((p) => p.startsWith('out/')).map((p) => p.split('/')[1]));
    expect([...outDirs].sort()).toEqual(['main', 'preload', 'renderer']);
    const shipped = new Set([...inAsar].filter((p) => /^node_modules\/(@[^/]+\/)?[^/]+\/package\.json$/.test(p)).map((p) => packageName(p.slice('node_modules/'.length, -'/package.json'.length))));
    const production = new Set(script.productionPackages(ROOT).map((p) => p.name));
    const devOnly = Object.keys(pkg.devDependencies).filter((n) => !production.has(n));
    expect(devOnly.filter((n) => shipped.has(n))).toEqual([]);
  });

  it('keeps the packaged package.json an ES module entry without scripts or devDependencies', () => {
    const packaged = JSON.parse(read('package.json')) as Record<string, unknown>;
    // Electron names its own profile folder after productName (docs/INSTALL-OFFLINE.md names it).
    expect(packaged).toMatchObject({ main: pkg.main, type: 'module', productName: '密审 Mishen' });
    expect(packaged).not.toHaveProperty('scripts');
    expect(packaged).not.toHaveProperty('devDependencies');
    expect(inAsar.has(pkg.main)).toBe(true);
  });

  it('packs every production package, and every module the built code imports is one of them', () => {
    const production = script.productionPackages(ROOT);
    for (const p of production) {
      if (/^recheck-/.test(p.name)) continue; // recheck's optional native back-ends, excluded on purpose
      const copies = [...inAsar].filter((e) => e === `node_modules/${p.name}/package.json` || e.endsWith(`/node_modules/${p.name}/package.json`));
      expect(copies.length, `${p.name} is not in app.asar`).toBeGreaterThan(0);
    }
    const names = new Set(production.map((p) => p.name));
    const bundles = [...inAsar].filter((p) => /^out\/(main|preload)\/.*\.(js|cjs)$/.test(p));
    expect(bundles).toEqual(expect.arrayContaining(['out/main/index.js', 'out/preload/index.cjs']));
    const imported = new Map<string, string>();
    for (const file of bundles) for (const s of bareImports(read(file), file.endsWith('.cjs'))) imported.set(s, file);
    expect(imported.size).toBeGreaterThan(5);
    const resolved = resolveImports([...imported.keys()], join(ROOT, 'out', 'main'));
    for (const [specifier, file] of imported) {
      const name = packageName(specifier);
      expect(names.has(name), `${file} imports ${specifier}, not a production dependency`).toBe(true);
      expect(pkg.devDependencies, `${file} imports the devDependency ${name}`).not.toHaveProperty(name);
      // The file Node loads for it, at the same place inside the archive.
      const target = relative(ROOT, fileURLToPath(resolved[specifier]!)).replace(/\\/g, '/');
      expect(inAsar.has(target), `${specifier} → ${target} is not in app.asar`).toBe(true);
    }
  });

  it('packs every file the main process and the workers load by path', () => {
    const main = read(pkg.main);
    const siblings = [...main.matchAll(/join\(import\.meta\.dirname,\s*"([^"]+)"\)/g)].map((m) => m[1]!);
    expect(siblings).toEqual(expect.arrayContaining(['scan-worker.js', 'batch-worker.js', '../preload/index.cjs', '../renderer']));
    for (const s of siblings) {
      const p = join('out/main', s).replace(/\\/g, '/');
      expect(inAsar.has(p), p).toBe(true);
    }
    expect(inAsar.has('out/renderer/index.html')).toBe(true);
    const code = [...inAsar].filter((p) => /^out\/main\/.*\.js$/.test(p)).map(read).join('\n');
    for (const [file, mention] of LOADED_BY_PATH) {
      expect(code, `the code no longer mentions ${mention}: update LOADED_BY_PATH`).toContain(mention);
      expect(inAsar.has(`node_modules/${file}`), file).toBe(true);
    }
  });

  it('unpacks every native binary, the target’s only, and nothing else', () => {
    const native = [...inAsar].filter((p) => p.endsWith('.node'));
    expect(native.sort()).toEqual(
      expect.arrayContaining([`node_modules/@napi-rs/canvas-linux-${ARCH}-gnu/skia.linux-${ARCH}-gnu.node`, `node_modules/better-sqlite3/prebuilds/linux-${ARCH}.node`]),
    );
    const otherArch = ARCH === 'x64' ? 'arm64' : 'x64';
    expect(native.filter((p) => /win32|darwin/.test(p) || p.includes(otherArch))).toEqual([]);
    for (const p of native) {
      expect(statFile(asar, p), p).toMatchObject({ unpacked: true });
      expect(existsSync(join(`${asar}.unpacked`, p)), p).toBe(true);
    }
    const unpacked = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? unpacked(join(dir, e.name)) : [join(dir, e.name)]));
    expect(unpacked(`${asar}.unpacked`).filter((f) => !f.endsWith('.node'))).toEqual([]);
  });

  it('keeps Chinese and English Chromium strings and the list template beside the archive', () => {
    expect(readdirSync(join(appOut, 'locales')).sort()).toEqual(['en-US.pak', 'zh-CN.pak']);
    expect(readdirSync(join(appOut, 'resources', 'lists'))).toEqual(readdirSync(join(ROOT, 'resources', 'lists')));
    expect(existsSync(join(appOut, 'mishen'))).toBe(true);
  });
});
