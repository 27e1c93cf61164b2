import { diffChars, diffLines } from 'diff';

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

/**
 * The character differences between two texts that mostly agree (an
 * original and its redacted copy). Lines first, then characters inside each
 * changed group of lines: a character diff of two whole documents costs
 * their length times the number of edits, which a long file with many
 * redactions cannot afford. `complete` is false when the diff timed out or
 * `limit` changes were listed.
 */
export function textChanges(a: string, b: string, limit = 5000): { changes: TextChange[]; complete: boolean } {
  const started = Date.now();
  const lines = diffLines(a, b, { timeout: TIMEOUT_MS });
  if (!lines) return { changes: [], complete: false };
  const changes: TextChange[] = [];
  let pos = 0;
  let removed = '';
  let added = '';
  let groupStart = 0;
  const flushGroup = (): boolean => {
    if (removed === '' && added === '') return true;
    const chars = diffChars(removed, added, { timeout: Math.max(100, TIMEOUT_MS - (Date.now() - started)) }) ?? [
      { value: removed, removed: true, added: false, count: 1 },
      { value: added, removed: false, added: true, count: 1 },
    ];
    let p = groupStart;
    let current: TextChange | null = null;
    for (const part of chars) {
      if (!part.added && !part.removed) {
        p += part.value.length;
        current = null;
        continue;
      }
      if (!current) {
        if (changes.length >= limit) return false;
        current = { at: p, removed: '', added: '', before: a.slice(Math.max(0, p - CONTEXT), p), after: '' };
        changes.push(current);
      }
      if (part.removed) {
        current.removed += part.value;
        p += part.value.length;
      } else current.added += part.value;
      current.after = a.slice(p, p + CONTEXT);
    }
    removed = '';
    added = '';
    return true;
  };
  for (const part of lines) {
    if (part.added) added += part.value;
    else if (part.removed) {
      removed += part.value;
      pos += part.value.length;
    } else {
      if (!flushGroup()) return { changes, complete: false };
      pos += part.value.length;
      groupStart = pos;
    }
  }
  return { changes, complete: flushGroup() };
}
