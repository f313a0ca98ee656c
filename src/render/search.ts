/**
 * The one binary search of the views: every culling, hit test and lane lookup is a partition
 * point over a sorted run (an op list sorted by start/end, bubbles, rows, a step series). Pure.
 */

/**
 * First index in [lo, hi) at which `pred` holds, or hi when it never does. `pred` must be
 * monotone over the range (false … false true … true), as it is for "sorted value ≥ t".
 */
export function partitionPoint(lo: number, hi: number, pred: (i: number) => boolean): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (pred(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
