/** The first index below `length` where `holds` is true, for a test false then true along a sorted list (binary search); `length` when none. */
export function partitionPoint(length: number, holds: (i: number) => boolean): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (holds(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** How many of the ascending `sorted` are below `x` (the index where `x` would go, before equal values). */
export function countBelow(sorted: ArrayLike<number>, x: number): number {
  return partitionPoint(sorted.length, (i) => sorted[i]! >= x);
}
