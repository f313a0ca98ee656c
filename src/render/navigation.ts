/**
 * Keyboard cursor moves between ops: left/right along a rank, up/down to the op of the next rank
 * that overlaps the cursor's midpoint in time (or the nearest one). Indices into layout.rects.
 */
import { hitOp } from './hitTest.ts';
import { rectAt, type Layout } from './layout.ts';

export type Direction = 'left' | 'right' | 'up' | 'down';

export function moveCursor(layout: Layout, i: number, dir: Direction): number {
  if (layout.count === 0) return -1;
  if (i < 0 || i >= layout.count) return 0;
  const o = rectAt(layout, i);
  const a = layout.rankStart[o.rank];
  const b = layout.rankStart[o.rank + 1];
  if (dir === 'left') return i > a ? i - 1 : i;
  if (dir === 'right') return i + 1 < b ? i + 1 : i;
  const mid = (o.start + o.end) / 2;
  for (let r = o.rank + (dir === 'down' ? 1 : -1); r >= 0 && r < layout.ranks; r += dir === 'down' ? 1 : -1) {
    if (layout.rankStart[r] === layout.rankStart[r + 1]) continue;
    const j = hitOp(layout, r, mid, Infinity);
    if (j >= 0) return j;
  }
  return i;
}
