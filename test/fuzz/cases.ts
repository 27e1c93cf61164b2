import fc from 'fast-check';
import { extname } from 'node:path';
import { describeOps, MAGIC } from './mutate-bytes';
import { expectImportOutcome } from './oracle';
import { FUZZ_PDF_BUDGET_MS, type Sandbox } from './sandbox';
import type { Reproducer } from './fuzz';
import type { Seed } from './seeds';

/** One file to import: its name (the importer is chosen by it), bytes, and what was done to make it. */
export interface FileCase {
  name: string;
  bytes: Uint8Array;
  label: string;
  password?: string;
}

/** Files made from seeds by `ops` drawn from `arbitrary` and applied by `apply`. */
export function mutated<Op extends object>(
  seeds: readonly (Seed & { password?: string })[],
  arbitrary: fc.Arbitrary<Op[]>,
  apply: (bytes: Uint8Array, ops: Op[]) => Uint8Array,
): fc.Arbitrary<FileCase> {
  return fc.tuple(fc.constantFrom(...seeds), arbitrary).map(([seed, ops]) => ({
    name: seed.name,
    bytes: apply(seed.bytes, ops),
    label: `${seed.name} ${describeOps(ops)}`,
    ...(seed.password !== undefined ? { password: seed.password } : {}),
  }));
}

/** Random bytes behind a magic number, under one of the given names. */
export function randomWithMagic(magic: keyof typeof MAGIC, names: readonly string[], maxLength = 4096): fc.Arbitrary<FileCase> {
  return fc.tuple(fc.constantFrom(...names), fc.uint8Array({ maxLength })).map(([name, tail]) => {
    const bytes = new Uint8Array(MAGIC[magic]!.length + tail.length);
    bytes.set(MAGIC[magic]!);
    bytes.set(tail, MAGIC[magic]!.length);
    return { name, bytes, label: `${name}: ${magic} magic + ${tail.length} random bytes` };
  });
}

export async function checkImport(sandbox: Sandbox, c: FileCase): Promise<void> {
  expectImportOutcome(await sandbox.run({ op: 'import', name: c.name, bytes: c.bytes, password: c.password, pdfBudgetMs: FUZZ_PDF_BUDGET_MS }));
}

export function fileReproducer(c: FileCase): Reproducer {
  return { bytes: c.bytes, ext: extname(c.name).slice(1) || 'bin', label: `${c.label}${c.password !== undefined ? ` (password ${JSON.stringify(c.password)})` : ''}` };
}
