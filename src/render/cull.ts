/**
 * Culling: which ops of a rank overlap a time window. Binary searches over the rank's sorted
 * starts and ends (layout.ts invariant), so cost grows with what is visible, not with M.
 */
import type { Layout } from './layout.ts';

/** [i0, i1): the rects of `rank` that overlap [t0, t1] (touching counts). */
export function visibleRange(layout: Layout, rank: number, t0: number, t1: number): [number, number] {
  const { start, end } = layout.buf;
  let lo = layout.rankStart[rank];
  let hi = layout.rankStart[rank + 1];
  const last = hi;
  // first op whose end ≥ t0
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (end[mid] < t0) lo = mid + 1;
    else hi = mid;
  }
  const i0 = lo;
  hi = last;
  // first op whose start > t1
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (start[mid] <= t1) lo = mid + 1;
    else hi = mid;
  }
  return [i0, lo];
}

/** Number of ops overlapping the window over all ranks. */
export function visibleCount(layout: Layout, t0: number, t1: number): number {
  let n = 0;
  for (let r = 0; r < layout.ranks; r++) {
    const [a, b] = visibleRange(layout, r, t0, t1);
    n += b - a;
  }
  return n;
}

/** [k0, k1): bubble intervals of `rank` (pairs in layout.bubbles) overlapping [t0, t1]. */
export function visibleBubbles(layout: Layout, rank: number, t0: number, t1: number): [number, number] {
  const b = layout.bubbles[rank];
  const n = b.length >> 1;
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (b[2 * mid + 1] < t0) lo = mid + 1;
    else hi = mid;
  }
  const k0 = lo;
  hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (b[2 * mid] <= t1) lo = mid + 1;
    else hi = mid;
  }
  return [k0, lo];
}
