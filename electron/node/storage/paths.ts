import { isAbsolute, relative, sep } from 'node:path';

/** Whether `inner` is `outer` or lies inside it (both resolved; links are the caller's business). */
export function isWithin(outer: string, inner: string): boolean {
  const rel = relative(outer, inner);
  return rel === '' || (!isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`));
}
