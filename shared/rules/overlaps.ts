/**
 * Keeps the strongest of overlapping spans (higher score, then longer, then
 * earlier), in O(n log n): the result stays sorted by start and
 * non-overlapping, so one binary search finds a conflict.
 */
export function resolveOverlaps<T extends { start: number; end: number; score: number }>(list: T[]): T[] {
  list.sort((a, b) => b.score - a.score || b.end - b.start - (a.end - a.start) || a.start - b.start);
  const taken: T[] = [];
  for (const f of list) {
    let lo = 0;
    let hi = taken.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (taken[mid]!.end <= f.start) lo = mid + 1;
      else hi = mid;
    }
    const next = taken[lo];
    if (next === undefined || next.start >= f.end) taken.splice(lo, 0, f);
  }
  return taken;
}
