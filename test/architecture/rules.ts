import { builtinModules } from 'node:module';
import { dirname, join, normalize, relative } from 'node:path';

/**
 * The layer table of docs/ARCHITECTURE.md as code. Files are given as
 * path -> source so that the same checker runs on the real tree and on
 * planted violations.
 */
export type Layer = 'shared' | 'node' | 'main' | 'preload' | 'cli' | 'renderer' | 'bin';

export function layerOf(path: string): Layer | null {
  if (path.startsWith('shared/')) return 'shared';
  if (path.startsWith('electron/node/')) return 'node';
  if (path.startsWith('electron/main/')) return 'main';
  if (path.startsWith('electron/preload/')) return 'preload';
  if (path.startsWith('electron/cli/')) return 'cli';
  if (path.startsWith('renderer/')) return 'renderer';
  if (path.startsWith('bin/')) return 'bin';
  return null;
}

/** Which layers each layer may import (relative imports). */
const MAY_IMPORT: Record<Layer, readonly Layer[]> = {
  shared: ['shared'],
  node: ['shared', 'node'],
  main: ['shared', 'node', 'main'],
  preload: ['shared', 'preload'],
  cli: ['shared', 'node', 'cli'],
  renderer: ['shared', 'renderer'],
  bin: ['bin'],
};

const NETWORK_MODULES = new Set(['http', 'https', 'http2', 'net', 'tls', 'dns', 'dgram']);
const BUILTINS = new Set(builtinModules.map((m) => m.replace(/^node:/, '')));

/** Code that opens connections, or Electron features that phone home. */
const NETWORK_CODE: [RegExp, string][] = [
  [/\bfetch\s*\(/, 'global fetch'],
  [/\bXMLHttpRequest\b/, 'XMLHttpRequest'],
  [/\bnew\s+WebSocket\b/, 'WebSocket'],
  [/\bEventSource\b/, 'EventSource'],
  [/\bsendBeacon\b/, 'navigator.sendBeacon'],
  [/\bopenExternal\b/, 'shell.openExternal'],
  [/\bautoUpdater\b/, 'autoUpdater'],
  [/\bcrashReporter\b/, 'crashReporter'],
  [/import\s*\{[^}]*\bnet\b[^}]*\}\s*from\s*['"]electron['"]/, "Electron's net module"],
  [/\belectron\.net\b/, "Electron's net module"],
];

const UNSAFE_PREFERENCES: [RegExp, string][] = [
  [/nodeIntegration(InWorker|InSubFrames)?\s*:\s*true/, 'nodeIntegration: true'],
  [/sandbox\s*:\s*false/, 'sandbox: false'],
  [/contextIsolation\s*:\s*false/, 'contextIsolation: false'],
  [/webSecurity\s*:\s*false/, 'webSecurity: false'],
  [/allowRunningInsecureContent\s*:\s*true/, 'allowRunningInsecureContent: true'],
  [/webviewTag\s*:\s*true/, 'webviewTag: true'],
];

/** shared/ is pure: no clock, randomness, process or DOM. */
const IMPURE_SHARED: [RegExp, string][] = [
  [/\bDate\.now\s*\(|\bnew\s+Date\s*\(\s*\)/, 'clock'],
  [/\bMath\.random\s*\(/, 'randomness'],
  [/\bprocess\./, 'process'],
  [/\b(window|document|localStorage)\./, 'DOM'],
];

export function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

function stripStrings(code: string): string {
  return code.replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g, "''");
}

export function importsOf(source: string): string[] {
  const out: string[] = [];
  const re = /(?:import|export)\s+(?:type\s+)?(?:[^'"`;]*?\sfrom\s+)?['"]([^'"]+)['"]|(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const m of stripComments(source).matchAll(re)) out.push((m[1] ?? m[2])!);
  return out;
}

export function checkFiles(files: ReadonlyMap<string, string>): string[] {
  const violations: string[] = [];
  for (const [path, source] of files) {
    const layer = layerOf(path);
    const code = stripComments(source);
    for (const [re, what] of NETWORK_CODE) if (re.test(code)) violations.push(`${path}: network use (${what})`);
    for (const [re, what] of UNSAFE_PREFERENCES) if (re.test(code)) violations.push(`${path}: unsafe webPreferences (${what})`);
    if (layer === 'shared') for (const [re, what] of IMPURE_SHARED) if (re.test(stripStrings(code))) violations.push(`${path}: shared/ must be pure (${what})`);
    if (layer === 'renderer' && path !== 'renderer/src/api.ts' && /\bwindow\.mishen\b/.test(code)) {
      violations.push(`${path}: the renderer reaches the app only through renderer/src/api.ts`);
    }
    if (layer === 'preload' && source.split('\n').length > 60) violations.push(`${path}: preload must stay under 60 lines`);
    for (const spec of importsOf(source)) {
      const bare = spec.replace(/^node:/, '');
      const top = bare.split('/')[0]!;
      if (NETWORK_MODULES.has(top) && (spec.startsWith('node:') || BUILTINS.has(top))) {
        violations.push(`${path}: imports networking module ${spec}`);
        continue;
      }
      if (!layer) continue;
      if (spec.startsWith('.')) {
        const target = normalize(join(dirname(path), spec)).replace(/\\/g, '/');
        const targetLayer = layerOf(target.endsWith('/') ? target : `${target}`) ?? layerOf(`${relative('.', target)}/`);
        if (targetLayer && !MAY_IMPORT[layer].includes(targetLayer)) violations.push(`${path}: ${layer} may not import ${targetLayer} (${spec})`);
        if (layer === 'preload' && targetLayer === 'shared' && !target.startsWith('shared/ipc/')) {
          violations.push(`${path}: preload may import only shared/ipc (${spec})`);
        }
        continue;
      }
      const isBuiltin = spec.startsWith('node:') || BUILTINS.has(top);
      if (spec === 'electron' || spec.startsWith('electron/')) {
        if (layer !== 'main' && layer !== 'preload') violations.push(`${path}: only electron/main and the preload may import electron`);
      } else if (isBuiltin && (layer === 'shared' || layer === 'renderer' || layer === 'preload')) {
        violations.push(`${path}: ${layer} may not use Node built-in ${spec}`);
      } else if (layer === 'preload') {
        violations.push(`${path}: preload may import only electron and shared/ipc (${spec})`);
      }
    }
  }
  return violations;
}
