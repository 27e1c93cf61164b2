import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../fixtures/temp';

/**
 * scripts/native-modules.mjs, electron-builder's beforeBuild hook: the app's native binaries for
 * the target must be present and Node-API before packaging, and @electron/rebuild (the copy
 * electron-builder runs) must then skip them while still rebuilding an addon bound to Node's ABI.
 */

const ROOT = join(import.meta.dirname, '..', '..');
const SCRIPT = join(ROOT, 'scripts', 'native-modules.mjs');

interface Plan {
  ready: { name: string; binary: string; mark?: boolean }[];
  missing: { name: string; package?: string; reason: string; install?: string }[];
  rebuild: { name: string; reason: string }[];
}
const native = (await import(pathToFileURL(SCRIPT).href)) as {
  nativeModulePlan(appDir: string, platform: string, arch: string): Plan;
  isNodeApiBinary(file: string): boolean;
  beforeBuild(context: { appDir: string; electronVersion: string; platform: { nodeName: string }; arch: string }): Promise<boolean>;
};

/** @electron/rebuild as electron-builder resolves it. */
const rebuildMain = createRequire(createRequire(import.meta.url).resolve('app-builder-lib')).resolve('@electron/rebuild');
const { ModuleRebuilder } = (await import(pathToFileURL(join(dirname(rebuildMain), 'module-rebuilder.js')).href)) as {
  ModuleRebuilder: new (rebuilder: object, modulePath: string) => { alreadyBuiltByRebuild(): Promise<boolean> };
};
const { getAbi } = createRequire(rebuildMain)('node-abi') as { getAbi(version: string, runtime: string): string };

const real = (p: string) => join(ROOT, 'node_modules', p);
const UNPACK_ARM64_CANVAS =
  'npm pack @napi-rs/canvas-linux-arm64-gnu@1.0.11 && mkdir -p node_modules/@napi-rs/canvas-linux-arm64-gnu && tar -xzf napi-rs-canvas-linux-arm64-gnu-1.0.11.tgz -C node_modules/@napi-rs/canvas-linux-arm64-gnu --strip-components=1';

function writeJson(file: string, value: unknown): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(value));
}

/**
 * An app folder with better-sqlite3 (its real Linux prebuilds), @napi-rs/canvas without any
 * per-platform package, and an addon that registers through Node's ABI-bound entry point.
 */
function fixtureApp(dir: string, deps: string[]): string {
  writeJson(join(dir, 'package.json'), { name: 'fixture', version: '1.0.0', dependencies: Object.fromEntries(deps.map((d) => [d, '*'])) });
  const sqlite = join(dir, 'node_modules', 'better-sqlite3');
  writeJson(join(sqlite, 'package.json'), { name: 'better-sqlite3', version: '13.2.0' });
  copyFileSync(real('better-sqlite3/binding.gyp'), join(sqlite, 'binding.gyp'));
  mkdirSync(join(sqlite, 'prebuilds'));
  for (const arch of ['x64', 'arm64']) copyFileSync(real(`better-sqlite3/prebuilds/linux-${arch}.node`), join(sqlite, 'prebuilds', `linux-${arch}.node`));
  const canvas = JSON.parse(readFileSync(real('@napi-rs/canvas/package.json'), 'utf8')) as Record<string, unknown>;
  writeJson(join(dir, 'node_modules', '@napi-rs', 'canvas', 'package.json'), { name: canvas.name, version: canvas.version, napi: canvas.napi, optionalDependencies: canvas.optionalDependencies });
  const abi = join(dir, 'node_modules', 'abi-addon');
  writeJson(join(abi, 'package.json'), { name: 'abi-addon', version: '1.0.0' });
  writeFileSync(join(abi, 'binding.gyp'), '{}');
  mkdirSync(join(abi, 'prebuilds'));
  writeFileSync(join(abi, 'prebuilds', 'linux-x64.node'), Buffer.from('\x7fELF…node_register_module_v150…', 'latin1'));
  return dir;
}

function rebuilderFor(platform: string, arch: string) {
  return { buildType: 'Release', platform, arch, ABI: getAbi('45.4.1', 'electron'), electronVersion: '45.4.1' };
}

describe('native modules for a target', () => {
  const temp = useTempDirs();

  it('finds this checkout’s native modules all Node-API and ready for this machine', () => {
    const plan = native.nativeModulePlan(ROOT, process.platform, process.arch);
    expect(plan.missing).toEqual([]);
    expect(plan.rebuild).toEqual([]);
    expect(plan.ready.map((m) => m.name).sort()).toEqual(['@napi-rs/canvas', 'better-sqlite3']);
    for (const m of plan.ready) expect(native.isNodeApiBinary(m.binary), m.binary).toBe(true);
  });

  it('refuses a target whose binary is not installed, naming the package and the command', async () => {
    const app = fixtureApp(temp(), ['better-sqlite3', '@napi-rs/canvas']);
    const plan = native.nativeModulePlan(app, 'linux', 'arm64');
    expect(plan.ready.map((m) => m.name)).toEqual(['better-sqlite3']);
    expect(plan.missing).toEqual([
      expect.objectContaining({ name: '@napi-rs/canvas', package: '@napi-rs/canvas-linux-arm64-gnu', install: UNPACK_ARM64_CANVAS }),
    ]);
    await expect(native.beforeBuild({ appDir: app, electronVersion: '45.4.1', platform: { nodeName: 'linux' }, arch: 'arm64' })).rejects.toThrow(/canvas-linux-arm64-gnu/);
    expect(native.nativeModulePlan(app, 'linux', 'ia32').missing).toEqual([expect.objectContaining({ reason: 'no binary is published for linux-ia32' })]);

    const cli = spawnSync(process.execPath, [SCRIPT, 'linux', 'arm64'], { cwd: app, encoding: 'utf8' });
    expect(cli.status).toBe(1);
    expect(cli.stderr).toContain(UNPACK_ARM64_CANVAS);
    expect((JSON.parse(cli.stdout) as Plan).missing).toHaveLength(1);
  });

  it('marks Node-API prebuilds so @electron/rebuild skips them, and leaves an ABI-bound addon to it', async () => {
    const app = fixtureApp(temp(), ['better-sqlite3', 'abi-addon']);
    const sqlite = join(app, 'node_modules', 'better-sqlite3');
    const abiAddon = join(app, 'node_modules', 'abi-addon');
    const plan = native.nativeModulePlan(app, 'linux', 'x64');
    expect(plan.ready).toEqual([expect.objectContaining({ name: 'better-sqlite3', mark: true })]);
    expect(plan.rebuild).toEqual([expect.objectContaining({ name: 'abi-addon' })]);

    expect(await new ModuleRebuilder(rebuilderFor('linux', 'x64'), sqlite).alreadyBuiltByRebuild()).toBe(false);
    await expect(native.beforeBuild({ appDir: app, electronVersion: '45.4.1', platform: { nodeName: 'linux' }, arch: 'x64' })).resolves.toBe(true);
    expect(await new ModuleRebuilder(rebuilderFor('linux', 'x64'), sqlite).alreadyBuiltByRebuild()).toBe(true);
    // The mark names the target: another arch is not taken as built.
    expect(await new ModuleRebuilder(rebuilderFor('linux', 'arm64'), sqlite).alreadyBuiltByRebuild()).toBe(false);
    expect(await new ModuleRebuilder(rebuilderFor('linux', 'x64'), abiAddon).alreadyBuiltByRebuild()).toBe(false);
    expect(existsSync(join(abiAddon, 'build'))).toBe(false);
  });
});
