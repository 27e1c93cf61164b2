import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/**
 * electron-builder.yml for isolated workstations: nothing that reaches a network, the fuses the
 * issue asks for, the targets offices install, icons that exist. What the configuration actually
 * packs is checked in package-contents.test.ts.
 */

const ROOT = join(import.meta.dirname, '..', '..');
const RAW = readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8');
type Config = Record<string, unknown> & {
  files: string[];
  win: { icon: string; target: { target: string; arch: string[] }[] };
  nsis: Record<string, unknown>;
  linux: { icon: string; target: { target: string; arch: string[] }[]; maintainer?: string };
  deb: { depends: string[] };
  directories: { buildResources: string };
};
const config = parse(RAW) as Config;
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };

/** Every (path, value) pair of a parsed YAML document. */
function* entries(value: unknown, path: string[] = []): Generator<[string[], unknown]> {
  yield [path, value];
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) yield* entries(v, [...path, k]);
  }
}

/** Files named in the configuration resolve like electron-builder's: the build resources folder first, then the project. */
function resource(name: string): string {
  const candidates = [join(ROOT, config.directories.buildResources, name), join(ROOT, name)];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`${name} not found in ${candidates.join(' or ')}`);
  return found;
}

function pngSize(file: string): [number, number] {
  const b = readFileSync(file);
  expect(b.subarray(1, 4).toString('latin1')).toBe('PNG');
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own schema validation (as a build would, offline)', async () => {
    const load = createRequire(createRequire(import.meta.url).resolve('electron-builder'));
    const { getConfig, validateConfiguration } = load('app-builder-lib/out/util/config/config') as {
      getConfig(projectDir: string, configPath: string | null, fromOptions: null): Promise<Record<string, unknown>>;
      validateConfiguration(config: Record<string, unknown>, logger: { isEnabled: boolean; add(): void }): Promise<void>;
    };
    const loaded = await getConfig(ROOT, null, null);
    await expect(validateConfiguration(loaded, { isEnabled: false, add() {} })).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...loaded, autoUpdate: true }, { isEnabled: false, add() {} })).rejects.toThrow(/unknown property 'autoUpdate'/);
  });

  it('publishes nowhere: no publish target at any level, no URL, no web installer', () => {
    expect(config).toHaveProperty('publish', null);
    const publishing = [...entries(config)].filter(([path, v]) => path.at(-1) === 'publish' && path.length > 1 && v !== null);
    expect(publishing).toEqual([]);
    expect(RAW).not.toMatch(/\b(?:https?|ftps?|wss?):\/\//i);
    const targets = [...config.win.target, ...config.linux.target].map((t) => t.target);
    expect(targets.filter((t) => /web|squirrel|appx|msi/i.test(t))).toEqual([]);
    for (const key of ['nsisWeb', 'squirrelWindows', 'electronUpdaterCompatibility', 'generateUpdatesFilesForAllChannels']) expect(config).not.toHaveProperty(key);
    // No blockmap beside the installer: it is not built for differential updates.
    expect(config.nsis.differentialPackage).toBe(false);
  });

  it('ships no updater library', () => {
    const updater = /(^|\/)(electron-updater|update-electron-app|electron-simple-updater|electron-differential-updater|@electron\/update)/;
    expect(Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).filter((n) => updater.test(n))).toEqual([]);
  });

  it('sets the fuses: no run-as-node, NODE_OPTIONS or inspector; asar integrity, asar only; cookies encrypted; no file:// privileges', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('packs an asar, unpacks only native binaries, and checks native modules for the target before packaging', () => {
    expect(config.asar).toEqual({ smartUnpack: false });
    expect(config.asarUnpack).toEqual(['**/*.node']);
    expect(config.npmRebuild).not.toBe(false);
    expect(config.beforeBuild).toBe('./scripts/native-modules.mjs');
    expect(existsSync(join(ROOT, 'scripts/native-modules.mjs'))).toBe(true);
  });

  it('keeps the file list at the top level (a platform’s `files` replaces it, shipping the whole project)', () => {
    for (const platform of ['win', 'linux', 'mac']) expect(config[platform] ?? {}).not.toHaveProperty('files');
    expect(config.files.filter((p) => !p.startsWith('!'))).toEqual(['out/main/**', 'out/preload/**', 'out/renderer/**', 'package.json']);
  });

  it('builds a per-machine NSIS installer for Windows x64 and deb and AppImage for Linux x64 and arm64', () => {
    expect(config.win.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: true, runAfterFinish: false });
    expect(config.linux.target).toEqual([
      { target: 'deb', arch: ['x64', 'arm64'] },
      { target: 'AppImage', arch: ['x64', 'arm64'] },
    ]);
    expect(config.executableName).toBe('mishen');
    expect(config.artifactName).toMatch(/\$\{version\}.*\$\{arch\}/);
    // dpkg refuses a package without a maintainer; the libraries Electron links must be declared.
    expect(config.linux.maintainer).toMatch(/^.+ <[^@\s]+@[^>\s]+>$/);
    for (const lib of ['libgtk-3-0', 'libnss3', 'libgbm1', 'libasound2']) expect(config.deb.depends.join(',')).toContain(lib);
  });

  it('names icons that exist: a Windows .ico with a 256 px image, a Linux set up to 512 px', () => {
    const ico = readFileSync(resource(config.win.icon));
    expect(ico.readUInt16LE(2)).toBe(1); // an icon, not a cursor
    const sizes = Array.from({ length: ico.readUInt16LE(4) }, (_, i) => ico[6 + 16 * i] || 256);
    expect(sizes).toEqual(expect.arrayContaining([16, 32, 48, 256]));
    const dir = resource(config.linux.icon);
    const set = readdirSync(dir).filter((n) => /^\d+x\d+\.png$/.test(n));
    for (const n of set) expect(pngSize(join(dir, n)), n).toEqual(n.replace('.png', '').split('x').map(Number));
    expect(set).toEqual(expect.arrayContaining(['256x256.png', '512x512.png']));
  });

  it('copies the resources it names', () => {
    for (const { from } of config.extraResources as { from: string }[]) expect(readdirSync(join(ROOT, from)).length, from).toBeGreaterThan(0);
  });
});
