import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, watch } from 'node:fs';
import { basename, join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PARTIAL_SUFFIX } from '../../electron/node/storage/pending-writes';
import { openWorkspace } from '../../electron/node/workspace';
import { useTempDirs } from '../fixtures/temp';
import { rng } from '../fixtures/prng';
import { sha256Hex } from '../../electron/node/storage/blob-store';

/**
 * Kills a real process (test/crash/child.ts) with SIGKILL at random points
 * of its work, again and again over one data folder, and after each kill
 * opens the folder as the app would and checks that nothing is lost, torn or
 * unrecorded. `CRASH_RUNS` (default 16) and `CRASH_SEED` vary the loop.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const RUNS = Math.max(4, Number(process.env.CRASH_RUNS ?? 16)); // at least one kill per target
const SEED = Number(process.env.CRASH_SEED ?? 20261122);

/**
 * Where each kill is aimed. `write` waits for the export's temporary file to
 * appear in the output folder (the window between it and the rename, where
 * the log entry is committed); `decide` is where log appends follow each
 * other fastest (each decision is one transaction with its entry).
 */
const TARGETS = ['import', 'decide', 'export', 'write'] as const;
type Target = (typeof TARGETS)[number];
/** The line (or, for `write`, the temporary file) after whose nth occurrence the kill is sent. */
const TRIGGER: Record<Exclude<Target, 'write'>, (line: string) => boolean> = {
  import: (line) => line === 'phase import',
  decide: (line) => line.startsWith('decided '), // the next decision is under way
  export: (line) => line === 'phase export',
};
/** How long after the trigger a kill may come, at most (ms): about the step's length for small documents. */
const MAX_DELAY: Record<Target, number> = { import: 40, decide: 6, export: 25, write: 1 };
const MAX_NTH: Record<Target, number> = { import: 3, decide: 8, export: 3, write: 3 };

const tempDir = useTempDirs();
let bundleDir = '';
let childFile = '';

beforeAll(async () => {
  // Packages stay external and are resolved from the bundle's folder (pdf.js finds its worker
  // beside itself, better-sqlite3 its binary), so the bundle lives inside the repository.
  mkdirSync(join(ROOT, 'node_modules', '.cache'), { recursive: true });
  bundleDir = mkdtempSync(join(ROOT, 'node_modules', '.cache', 'mishen-crash-'));
  childFile = join(bundleDir, 'child.mjs');
  await build({
    entryPoints: [join(import.meta.dirname, 'child.ts')],
    outfile: childFile,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    logLevel: 'warning',
  });
});

afterAll(() => {
  if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
});


interface Plan {
  target: Target;
  /** Kill at the nth occurrence of the target in this run. */
  nth: number;
  delayMs: number;
}

interface Run {
  lines: string[];
  /** The partial file had appeared when the kill was sent. */
  sawPartial: boolean;
}

/** Starts the child over the folders, kills it as planned, and returns what it reported before dying. */
function runAndKill(dataDir: string, outDir: string, plan: Plan): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [childFile, dataDir, outDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let pending = '';
    let stderr = '';
    let seen = 0;
    let sawPartial = false;
    let killing = false;
    const kill = (after: number) => {
      if (killing) return;
      killing = true;
      setTimeout(() => child.kill('SIGKILL'), after);
    };
    const partials = new Set<string>();
    const watcher = watch(outDir, (_event, name) => {
      if (plan.target !== 'write' || typeof name !== 'string' || !name.endsWith(PARTIAL_SUFFIX) || partials.has(name)) return;
      partials.add(name); // the first event of each temporary file: its creation
      if (++seen === plan.nth) {
        sawPartial = true;
        kill(plan.delayMs);
      }
    });
    const fallback = setTimeout(() => kill(0), 20_000);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const parts = (pending + chunk).split('\n');
      pending = parts.pop()!;
      for (const line of parts) {
        lines.push(line);
        if (plan.target !== 'write' && TRIGGER[plan.target](line) && ++seen === plan.nth) kill(plan.delayMs);
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(fallback);
      watcher.close();
      // `pending` is a line the kill cut short: not a report.
      if (signal !== 'SIGKILL') reject(new Error(`child ended by itself (code ${code}): ${stderr}`));
      else resolve({ lines, sawPartial });
    });
  });
}

/** The phase the child was in when it died: its last marker, unless the export it announced had finished. */
function phaseAtKill(run: Run): string {
  for (let i = run.lines.length - 1; i >= 0; i--) {
    const line = run.lines[i]!;
    if (line.startsWith('exported ')) return 'between';
    if (line.startsWith('phase ')) {
      const phase = line.slice('phase '.length);
      return phase === 'export' && run.sawPartial ? 'write' : phase;
    }
  }
  return 'start';
}


describe('crash safety', () => {
  it(`survives ${RUNS} kills during import, decisions, log appends and export`, { timeout: 240_000 }, async () => {
    const root = tempDir();
    const dataDir = join(root, 'data');
    const outDir = join(root, 'out');
    mkdirSync(outDir);
    const random = rng(SEED);
    const decided = new Map<string, string>();
    const exported = new Map<string, string>();
    const killedIn: Record<string, number> = {};
    let logCount = 0;
    let partialsLeft = 0;

    for (let run = 0; run < RUNS; run++) {
      const target = TARGETS[run % TARGETS.length]!;
      const plan: Plan = { target, nth: 1 + Math.floor(random() * MAX_NTH[target]), delayMs: Math.floor(random() * MAX_DELAY[target]) };
      const result = await runAndKill(dataDir, outDir, plan);
      const phase = phaseAtKill(result);
      killedIn[phase] = (killedIn[phase] ?? 0) + 1;
      for (const line of result.lines) {
        const [word, a, b, c] = line.split(' ');
        if (word === 'decided') decided.set(`${a} ${b}`, c!);
        if (word === 'exported') exported.set(a!, b!);
      }
      const context = `run ${run} (seed ${SEED}, ${JSON.stringify(plan)}, killed in ${phase})`;
      partialsLeft += readdirSync(outDir).filter((n) => n.endsWith(PARTIAL_SUFFIX)).length;

      // Opened again as the app opens it: the journal's leftovers are removed first.
      const ws = openWorkspace(dataDir);
      try {
        expect(ws.db.pragma('integrity_check', { simple: true }), context).toBe('ok');
        expect(ws.db.pragma('foreign_key_check'), context).toEqual([]);
        const verification = ws.log.verify();
        expect(verification.ok, `${context}: ${JSON.stringify(verification)}`).toBe(true);
        const entries = ws.log.entries();
        expect(entries.length, context).toBeGreaterThanOrEqual(logCount);
        logCount = entries.length;

        // No decision the child saw returned is lost or changed.
        const rows = ws.db.prepare('SELECT review, finding_id AS finding, decision FROM decisions').all() as { review: number; finding: string; decision: string }[];
        const stored = new Map(rows.map((r) => [`${r.review} ${r.finding}`, r.decision]));
        for (const [key, decision] of decided) expect(stored.get(key), `${context}: decision ${key}`).toBe(decision);

        // Every file under a final name is an export the log records, byte for byte; nothing else is there.
        const logged = new Set(
          entries
            .map((e) => JSON.parse(e.body) as { action: string; data: { fileName?: string; output?: string } })
            .filter((b) => b.action === 'document.export')
            .map((b) => `${b.data.fileName} ${b.data.output}`),
        );
        const files = readdirSync(outDir);
        expect(files.filter((n) => n.startsWith('.') || n.endsWith(PARTIAL_SUFFIX)), `${context}: partial files`).toEqual([]);
        for (const name of files) {
          const sha = sha256Hex(readFileSync(join(outDir, name)));
          expect(logged.has(`${name} ${sha}`), `${context}: ${name} is not a logged export`).toBe(true);
          expect(ws.db.prepare('SELECT 1 FROM exports WHERE file_name = ? AND sha256 = ?').get(name, sha), context).toBeTruthy();
        }
        // Every export the child saw returned is there, as reported.
        for (const [path, sha] of exported) {
          expect(existsSync(path), `${context}: ${path} missing`).toBe(true);
          expect(sha256Hex(readFileSync(path)), context).toBe(sha);
          expect(logged.has(`${basename(path)} ${sha}`), context).toBe(true);
        }
        const journal = join(dataDir, 'pending-writes');
        expect(existsSync(journal) ? readdirSync(journal) : [], `${context}: journal`).toEqual([]);
      } finally {
        ws.close();
      }
    }

    console.log(`crash loop: ${RUNS} kills by phase ${JSON.stringify(killedIn)}; ${decided.size} decisions, ${exported.size} exports, ${logCount} log entries, ${partialsLeft} partial files cleaned`);
    // The loop proves something only if kills really landed in each phase and the work went on between them.
    for (const phase of ['import', 'decide', 'export', 'write']) expect(killedIn[phase] ?? 0, `kills during ${phase}: ${JSON.stringify(killedIn)}`).toBeGreaterThan(0);
    expect(partialsLeft, 'a kill between the temporary file and its rename').toBeGreaterThan(0);
    expect(decided.size).toBeGreaterThan(20);
    expect(exported.size).toBeGreaterThan(2);
  });
});
