import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { takeOutcomeCounts } from './oracle';

/*
 * Fuzzing knobs and the one runner every fuzz target goes through.
 *
 *   FUZZ_SEED=<int>   base seed (default fixed: CI runs are reproducible)
 *   FUZZ_RUNS=<x>     multiplies every target's run count (default 1; `npm run fuzz` uses 50)
 *
 * A failing target writes its input to test-results/fuzz/ and fails with the
 * seed, fast-check's replay path and the reproducer's file name.
 */

const DEFAULT_SEED = 20250310;

function envNumber(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got ${JSON.stringify(raw)}`);
  return n;
}

export const FUZZ_SEED = Math.trunc(envNumber('FUZZ_SEED') ?? DEFAULT_SEED);
export const FUZZ_RUNS = envNumber('FUZZ_RUNS') ?? 1;
export const REPRO_DIR = join(import.meta.dirname, '..', '..', 'test-results', 'fuzz');

/** Runs for a target whose CI count is `base`. */
export function runs(base: number): number {
  return Math.max(1, Math.round(base * FUZZ_RUNS));
}

/** A vitest timeout that grows with FUZZ_RUNS (CI: `baseMs`). */
export function timeout(baseMs: number): number {
  return Math.round(baseMs * Math.max(1, FUZZ_RUNS)) + 60_000;
}

/** Each target draws its own stream from the base seed, so adding a target does not change the others. */
export function targetSeed(target: string): number {
  return createHash('sha256').update(`${FUZZ_SEED}:${target}`).digest().readInt32LE(0);
}

export interface Reproducer {
  bytes: Uint8Array | string;
  /** File extension the input had (`docx`, `pdf`, `txt` …). */
  ext: string;
  /** One line saying what the input was (seed file and mutations). */
  label: string;
}

export interface FuzzOptions<T> {
  runs: number;
  /** The input as a file for the failure report. */
  reproducer(input: T): Reproducer;
  /** Shrink failures (cheap targets only: shrinking re-runs the property many times). */
  shrink?: boolean;
}

function errorText(err: unknown): string {
  if (err instanceof Error) return err.stack ?? `${err.name}: ${err.message}`;
  return String(err);
}

/**
 * Checks `property` on `runs` inputs from `arbitrary`, seeded per target.
 * On failure the input is saved and the test fails with how to replay it.
 */
export async function fuzz<T>(target: string, arbitrary: fc.Arbitrary<T>, property: (input: T) => void | Promise<void>, options: FuzzOptions<T>): Promise<void> {
  const seed = targetSeed(target);
  takeOutcomeCounts();
  const details = await fc.check(
    fc.asyncProperty(arbitrary, async (input) => {
      await property(input);
    }),
    { seed, numRuns: options.runs, endOnFailure: options.shrink !== true },
  );
  if (process.env.FUZZ_STATS) process.stdout.write(`${target}: ${details.numRuns} runs ${JSON.stringify(takeOutcomeCounts(), null, 1)}\n`);
  if (!details.failed) return;
  const input = details.counterexample![0];
  const repro = options.reproducer(input);
  const bytes = typeof repro.bytes === 'string' ? Buffer.from(repro.bytes, 'utf8') : repro.bytes;
  const file = join(REPRO_DIR, `${target}-${createHash('sha256').update(bytes).digest('hex').slice(0, 12)}.${repro.ext}`);
  mkdirSync(REPRO_DIR, { recursive: true });
  writeFileSync(file, bytes);
  throw new Error(
    [
      `fuzz target "${target}" failed after ${details.numRuns} run(s)`,
      `  seed: FUZZ_SEED=${FUZZ_SEED} (fast-check seed ${seed}, path "${details.counterexamplePath}")`,
      `  replay: FUZZ_SEED=${FUZZ_SEED} FUZZ_RUNS=${FUZZ_RUNS} node_modules/.bin/vitest run test/fuzz -t "${target}"`,
      `  reproducer: ${file} (${bytes.length} bytes)`,
      `  input: ${repro.label}`,
      `  failure: ${errorText(details.errorInstance)}`,
    ].join('\n'),
  );
}
