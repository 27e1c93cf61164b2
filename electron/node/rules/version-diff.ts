import type { VersionDiff } from '../../../shared/ipc/views';

type Part = VersionDiff['parts'][number];

/** Lines of context kept at each side of a long run of unchanged lines. */
const CONTEXT = 3;

/** A line and the key its list is sorted by (a term, for a term line). */
export interface KeyedLine {
  key: string;
  line: string;
}

/**
 * Line diff of two sorted lists of distinct lines (a list's terms): their
 * longest common subsequence is exactly the lines both hold, found in one
 * merge. Myers' algorithm (`diffArrays`) gets the same answer but needs
 * seconds once thousands of terms change (half of a 40,000-term list removed
 * ran past 3 s), which an import easily does. Both sides are sorted by key
 * (UTF-16 code units), each key once.
 */
export function sortedLineDiff(before: readonly KeyedLine[], after: readonly KeyedLine[]): Part[] {
  const parts: Part[] = [];
  const push = (kind: Part['kind'], line: string) => {
    const last = parts[parts.length - 1];
    if (last && last.kind === kind) {
      last.lines.push(line);
      last.count++;
    } else parts.push({ kind, lines: [line], count: 1 });
  };
  let i = 0;
  let j = 0;
  while (i < before.length || j < after.length) {
    const a = before[i];
    const b = after[j];
    if (a !== undefined && b !== undefined && a.line === b.line) {
      push('same', a.line);
      i++;
      j++;
    } else if (b === undefined || (a !== undefined && a.key <= b.key)) {
      push('removed', a!.line);
      i++;
    } else {
      push('added', b.line);
      j++;
    }
  }
  return cutSame(parts);
}

/**
 * Unchanged runs longer than twice the context keep their first and last
 * lines only (none at the start and end of the whole diff), with a part of no
 * lines counting those left out between.
 */
export function cutSame(parts: Part[]): Part[] {
  const out: Part[] = [];
  parts.forEach((p, i) => {
    const head = i === 0 ? 0 : CONTEXT;
    const tail = i === parts.length - 1 ? 0 : CONTEXT;
    if (p.kind !== 'same' || p.count <= head + tail + 1) {
      out.push(p);
      return;
    }
    if (head > 0) out.push({ kind: 'same', lines: p.lines.slice(0, head), count: head });
    out.push({ kind: 'same', lines: [], count: p.count - head - tail });
    if (tail > 0) out.push({ kind: 'same', lines: p.lines.slice(p.count - tail), count: tail });
  });
  return out;
}
