/**
 * Culling: which ops of a rank overlap a time window. Binary searches over the rank's sorted
 * starts and ends (layout.ts invariant), so cost grows with what is visible, not with M.
 */
import type { Layout } from './layout.ts';
import { partitionPoint } from './search.ts';

/** [i0, i1): the rects of `rank` that overlap [t0, t1] (touching counts). */
export function visibleRange(layout: Layout, rank: number, t0: number, t1: number): [number, number] {
  const { start, end } = layout.buf;
  const i0 = partitionPoint(layout.rankStart[rank], layout.rankStart[rank + 1], (i) => end[i] >= t0);
  return [i0, partitionPoint(i0, layout.rankStart[rank + 1], (i) => start[i] > t1)];
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
  const k0 = partitionPoint(0, b.length >> 1, (k) => b[2 * k + 1] >= t0);
  return [k0, partitionPoint(k0, b.length >> 1, (k) => b[2 * k] > t1)];
}
