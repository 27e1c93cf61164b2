#!/usr/bin/env node
// The app's native modules for one target (platform, arch): electron-builder's `beforeBuild` hook,
// and a command that prints the same plan (`node scripts/native-modules.mjs linux arm64`; exit 1
// when a binary is missing).
//
// Every native module the app uses today is a Node-API addon: better-sqlite3 13 (its binaries in
// prebuilds/<platform>-<arch>.node) and @napi-rs/canvas (one package per platform). A Node-API
// binary loads in Node and in every Electron alike, so "built for Electron" means: the target's
// binary is present and is Node-API. This hook checks exactly that and refuses the build when a
// binary is missing (a cross-arch build without the other arch's optional packages would otherwise
// produce an installer that fails at the first PDF export). A verified module is marked as built
// for the target the way @electron/rebuild marks its own builds, because @electron/rebuild does not
// know better-sqlite3's prebuild layout and would run node-gyp (Electron's headers downloaded, a C++
// toolchain, no cross-platform builds) only to compile nothing. Anything else with a binding.gyp is
// left to @electron/rebuild, which electron-builder runs next (`npmRebuild: true`).
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The per-platform package names napi-rs publishes (glibc on Linux, MSVC on Windows). */
const NAPI_RS_SUFFIX = { linux: (arch) => `linux-${arch}-gnu`, win32: (arch) => `win32-${arch}-msvc`, darwin: (arch) => `darwin-${arch}` };

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** Where Node would find `name` from `fromDir` (node_modules upwards, not above appDir). */
function packageDir(appDir, fromDir, name) {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === appDir || dirname(dir) === dir) return null;
  }
}

/**
 * The packages electron-builder ships: `dependencies` and `optionalDependencies` of the app and,
 * recursively, of each package (peer dependencies are not followed, as electron-builder does not).
 * Optional packages not installed here (other platforms' binaries) are skipped.
 */
export function productionPackages(appDir) {
  const found = new Map();
  const visit = (fromDir, pkg) => {
    const optional = pkg.optionalDependencies ?? {};
    for (const name of Object.keys({ ...pkg.dependencies, ...optional })) {
      const dir = packageDir(appDir, fromDir, name);
      if (!dir) {
        if (name in optional) continue;
        throw new Error(`${name} is a dependency but not installed (run npm ci)`);
      }
      if (found.has(dir)) continue;
      const meta = readJson(join(dir, 'package.json'));
      found.set(dir, { name, dir, meta });
      visit(dir, meta);
    }
  };
  visit(appDir, readJson(join(appDir, 'package.json')));
  return [...found.values()];
}

/** A Node-API addon registers through `napi_register_module_v1` and never through Node's ABI-bound entry. */
export function isNodeApiBinary(file) {
  const bytes = readFileSync(file);
  return bytes.includes('napi_register_module_v1') && !bytes.includes('node_register_module_v');
}

/**
 * npm installs another platform's optional package only with --force, which lifts the platform
 * check for the whole tree; `npm pack` fetches just that package (checked against the registry's
 * integrity) and tar puts it where Node looks.
 */
function unpackCommand(name, version) {
  const tgz = `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`;
  return `npm pack ${name}@${version} && mkdir -p node_modules/${name} && tar -xzf ${tgz} -C node_modules/${name} --strip-components=1`;
}

function findNodeFile(dir) {
  return readdirSync(dir).find((f) => f.endsWith('.node'));
}

/**
 * What packaging for (platform, arch) needs from each native module:
 * `ready` Node-API binaries present for the target (`mark` when @electron/rebuild must be told),
 * `missing` binaries that must be installed first, `rebuild` modules left to @electron/rebuild.
 */
export function nativeModulePlan(appDir, platform, arch) {
  const plan = { platform, arch, ready: [], missing: [], rebuild: [] };
  for (const { name, dir, meta } of productionPackages(appDir)) {
    if (meta.napi && meta.optionalDependencies) {
      const suffix = NAPI_RS_SUFFIX[platform]?.(arch);
      const wanted = suffix && `${name}-${suffix}`;
      if (!wanted || !(wanted in meta.optionalDependencies)) {
        plan.missing.push({ name, reason: `no binary is published for ${platform}-${arch}` });
        continue;
      }
      const binaryDir = packageDir(appDir, dir, wanted);
      const file = binaryDir && findNodeFile(binaryDir);
      if (!file) {
        const version = meta.optionalDependencies[wanted];
        plan.missing.push({ name, package: wanted, reason: `${wanted}@${version} is not installed`, install: unpackCommand(wanted, version) });
      } else if (!isNodeApiBinary(join(binaryDir, file))) plan.rebuild.push({ name, reason: `${wanted} is not a Node-API binary` });
      else plan.ready.push({ name, binary: join(binaryDir, file) });
    } else if (existsSync(join(dir, 'binding.gyp'))) {
      const binary = join(dir, 'prebuilds', `${platform}-${arch}.node`);
      if (existsSync(binary) && isNodeApiBinary(binary)) plan.ready.push({ name, binary, dir, mark: true });
      else plan.rebuild.push({ name, dir, reason: 'no Node-API prebuild for the target' });
    }
  }
  return plan;
}

/** @electron/rebuild skips a module whose build/Release/.forge-meta names the target (its own "already built" record). */
function markBuilt(dir, platform, arch, abi) {
  mkdirSync(join(dir, 'build', 'Release'), { recursive: true });
  writeFileSync(join(dir, 'build', 'Release', '.forge-meta'), `${platform}--${arch}--${abi}`);
}

function describeMissing(plan) {
  const lines = plan.missing.map((m) => `  ${m.name}: ${m.reason}${m.install ? `\n    ${m.install}` : ''}`);
  return [
    `缺少 ${plan.platform}-${plan.arch} 的原生模块，无法打包 | native modules missing for ${plan.platform}-${plan.arch}:`,
    ...lines,
    '在目标架构的机器上构建，或按上面的命令装入该架构的包（见 docs/INSTALL-OFFLINE.md） | build on a machine of the target architecture, or install the packages above (docs/INSTALL-OFFLINE.md)',
  ].join('\n');
}

/** electron-builder calls this before it rebuilds native dependencies, once per platform and arch. */
export async function beforeBuild({ appDir, electronVersion, platform, arch }) {
  const platformName = typeof platform === 'string' ? platform : platform.nodeName;
  const plan = nativeModulePlan(resolve(appDir), platformName, arch);
  if (plan.missing.length > 0) throw new Error(describeMissing(plan));
  // The ABI numbering of the very @electron/rebuild electron-builder runs.
  const rebuild = createRequire(createRequire(import.meta.url).resolve('app-builder-lib')).resolve('@electron/rebuild');
  const { getAbi } = createRequire(rebuild)('node-abi');
  const abi = getAbi(electronVersion, 'electron');
  for (const m of plan.ready) if (m.mark) markBuilt(m.dir, platformName, arch, abi);
  for (const m of plan.rebuild) console.log(`  • ${m.name}: ${m.reason}; @electron/rebuild builds it for Electron ${electronVersion}`);
  return true;
}

export default beforeBuild;

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [platform = process.platform, arch = process.arch] = process.argv.slice(2);
  const plan = nativeModulePlan(process.cwd(), platform, arch);
  console.log(JSON.stringify(plan, null, 2));
  if (plan.missing.length > 0) {
    console.error(describeMissing(plan));
    process.exitCode = 1;
  }
}
