/**
 * The Pareto frontier of a sweep (docs/explore.md §4): the configurations no other one beats on
 * both axes — peak memory and step time, both minimised. A point is dominated when another is at
 * most as large on both and smaller on one; identical points do not dominate each other, so both
 * stay. O(n log n): sort by x then y, keep each point below every y seen so far. Pure.
 */

/** Indices (into xs/ys) of the non-dominated points among `indices`, by increasing x. */
export function paretoFront(xs: ArrayLike<number>, ys: ArrayLike<number>, indices: readonly number[]): number[] {
  const order = indices.slice().sort((a, b) => xs[a] - xs[b] || ys[a] - ys[b]);
  const front: number[] = [];
  let bestY = Infinity;
  let lastX = NaN;
  for (const i of order) {
    if (ys[i] < bestY) {
      front.push(i);
      bestY = ys[i];
      lastX = xs[i];
    } else if (ys[i] === bestY && xs[i] === lastX) front.push(i);
  }
  return front;
}

/**
 * The frontier as a staircase through its points (x, y pairs): the boundary of the region the
 * frontier dominates, from the first point right and down to the last.
 */
export function staircase(points: readonly { x: number; y: number }[]): { x: number; y: number }[] {
  const out: { x: number; y: number }[] = [];
  points.forEach((p, k) => {
    if (k > 0) out.push({ x: p.x, y: points[k - 1].y });
    out.push(p);
  });
  return out;
}
