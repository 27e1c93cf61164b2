import { diffChars, diffLines } from 'diff';
import type { Stretch } from '../../../shared/review/revision';

/** One place where the redacted copy's text differs from the original's, with a little context. */
export interface TextChange {
  /** Offset in the original text. */
  at: number;
  removed: string;
  added: string;
  before: string;
  after: string;
}

const CONTEXT = 24;
/** Diffing gives up after this long (a text rewritten throughout, not redacted); the side-by-side view still works. */
const TIMEOUT_MS = 4000;

export interface AlignOptions {
  /** Stop after this many differing stretches (`complete` is then false). */
  limit?: number;
  /**
   * Inside a changed group of lines, equal runs shorter than this between
   * two differences count as changed: a rewritten sentence shares stray
   * characters (的, 和) with the old one, which are not text left unchanged.
   */
  minEqual?: number;
}

/**
 * The two texts cut into stretches that are equal or differ, in order and
 * covering both from the start (up to where the diff stopped when
 * `complete` is false). Lines first, then characters inside each changed
 * group of lines: a character diff of two whole documents costs their
 * length times the number of edits, which a long file cannot afford.
 */
export function alignTexts(a: string, b: string, { limit = Infinity, minEqual = 0 }: AlignOptions = {}): { stretches: Stretch[]; complete: boolean } {
  const started = Date.now();
  const lines = diffLines(a, b, { timeout: TIMEOUT_MS });
  if (!lines) return { stretches: [], complete: false };
  const out: Stretch[] = [];
  let changed = 0;
  let pa = 0;
  let pb = 0;
  const push = (la: number, lb: number, same: boolean): boolean => {
    const last = out.at(-1);
    if (last && last.same === same) {
      last.aEnd += la;
      last.bEnd += lb;
      return true;
    }
    if (!same && ++changed > limit) return false;
    out.push({ a: pa, aEnd: pa + la, b: pb, bEnd: pb + lb, same });
    return true;
  };
  const advance = (la: number, lb: number, same: boolean): boolean => {
    const ok = push(la, lb, same);
    pa += la;
    pb += lb;
    return ok;
  };
  let removed = '';
  let added = '';
  const flushGroup = (): boolean => {
    if (removed === '' && added === '') return true;
    const chars = diffChars(removed, added, { timeout: Math.max(100, TIMEOUT_MS - (Date.now() - started)) }) ?? [
      { value: removed, removed: true, added: false, count: 1 },
      { value: added, removed: false, added: true, count: 1 },
    ];
    for (let i = 0; i < chars.length; i++) {
      const part = chars[i]!;
      const n = part.value.length;
      const inner = i > 0 && i < chars.length - 1;
      if (!part.added && !part.removed) {
        if (!advance(n, n, !(inner && n < minEqual))) return false;
      } else if (!advance(part.removed ? n : 0, part.added ? n : 0, false)) return false;
    }
    removed = '';
    added = '';
    return true;
  };
  for (const part of lines) {
    if (part.added) added += part.value;
    else if (part.removed) removed += part.value;
    else {
      if (!flushGroup()) return { stretches: out, complete: false };
      advance(part.value.length, part.value.length, true);
    }
  }
  return { stretches: out, complete: flushGroup() };
}

/**
 * The character differences between two texts that mostly agree (an
 * original and its redacted copy), each with a little context from the
 * original. `complete` is false when the diff timed out or `limit` changes
 * were listed.
 */
export function textChanges(a: string, b: string, limit = 5000): { changes: TextChange[]; complete: boolean } {
  const { stretches, complete } = alignTexts(a, b, { limit });
  const changes = stretches
    .filter((s) => !s.same)
    .map((s) => ({ at: s.a, removed: a.slice(s.a, s.aEnd), added: b.slice(s.b, s.bEnd), before: a.slice(Math.max(0, s.a - CONTEXT), s.a), after: a.slice(s.aEnd, s.aEnd + CONTEXT) }));
  return { changes, complete };
}
