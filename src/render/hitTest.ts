/**
 * Pointer → op: the same path for the SVG and canvas views (docs/style.md C.3). The viewport inverts
 * x into time and y into (rank, lane); this finds the op whose [start, end) holds the time, or the
 * nearest one within a tolerance so sub-pixel ops stay reachable when zoomed out.
 */
import { rectAt, type Layout } from './layout.ts';
import type { LaneName } from './rows.ts';
import { partitionPoint } from './search.ts';

/** Index into layout.rects of the op of `rank` at time t (± tol), or -1. */
export function hitOp(layout: Layout, rank: number, t: number, tol = 0): number {
  if (rank < 0 || rank >= layout.ranks) return -1;
  const { start, end } = layout.buf;
  const a = layout.rankStart[rank];
  const b = layout.rankStart[rank + 1];
  if (a === b) return -1;
  // last op with start ≤ t
  const i = partitionPoint(a, b, (k) => start[k] > t) - 1;
  if (i >= a && t < end[i]) return i;
  // between ops (or outside): the nearer neighbour if within tolerance
  let best = -1;
  let dist = tol;
  if (i >= a && t - end[i] <= dist) {
    best = i;
    dist = t - end[i];
  }
  if (i + 1 < b && start[i + 1] - t <= dist) best = i + 1;
  return best;
}

/** Index of the piece of op i on `lane` at time t, or -1 (detailed mode). */
export function hitPiece(layout: Layout, i: number, lane: LaneName, t: number): number {
  const d = layout.detail;
  if (!d || i < 0) return -1;
  const o = rectAt(layout, i);
  if (lane === 'pp') {
    // the PP lane holds the op's sends at [end, end + pp]
    return d.sends[i] && t >= o.end && t <= o.end + d.pp ? 0 : -1;
  }
  const pieces = d.opChunks[i].streams[lane];
  const rel = t - o.start;
  for (let k = 0; k < pieces.length; k++) if (rel >= pieces[k].start && rel < pieces[k].end) return k;
  return -1;
}

/** The op whose PP sends ([end, end + pp]) cover t on `rank`, or -1: sends lie after their op. */
export function hitSend(layout: Layout, rank: number, t: number): number {
  const d = layout.detail;
  if (!d || d.pp <= 0) return -1;
  const { end } = layout.buf;
  const a = layout.rankStart[rank];
  // from the last op with end ≤ t back
  for (let i = partitionPoint(a, layout.rankStart[rank + 1], (k) => end[k] > t) - 1; i >= a && t - end[i] <= d.pp; i--)
    if (d.sends[i]) return i;
  return -1;
}
