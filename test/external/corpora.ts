import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** `../shared/corpora` beside the clone: present in CI, absent in a user's clone. */
export const CORPORA = join(import.meta.dirname, '..', '..', '..', 'shared', 'corpora');
export const HAVE_CORPORA = existsSync(CORPORA);

if (!HAVE_CORPORA) {
  process.stdout.write(`external corpus suite skipped: ${CORPORA} is absent (it exists beside the project in CI)\n`);
}

export function corpusFiles(sub: string, filter: (name: string) => boolean = () => true): string[] {
  const dir = join(CORPORA, sub);
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter(filter).map((n) => join(dir, n));
}
