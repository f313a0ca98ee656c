/** The Pareto frontier (pareto.ts) against its definition, by brute force over random point sets. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { paretoFront, staircase } from './pareto.ts';

const dominates = (xs: number[], ys: number[], a: number, b: number) =>
  xs[a] <= xs[b] && ys[a] <= ys[b] && (xs[a] < xs[b] || ys[a] < ys[b]);

describe('paretoFront', () => {
  it('keeps exactly the points no other point dominates, by increasing x (property)', () => {
    const coord = fc.integer({ min: 0, max: 12 });
    fc.assert(
      fc.property(fc.array(fc.tuple(coord, coord), { maxLength: 40 }), (pts) => {
        const xs = pts.map((p) => p[0]);
        const ys = pts.map((p) => p[1]);
        const all = pts.map((_, i) => i);
        const front = paretoFront(xs, ys, all);
        const expected = all.filter((b) => !all.some((a) => dominates(xs, ys, a, b)));
        expect([...front].sort((a, b) => a - b)).toEqual(expected);
        for (let k = 1; k < front.length; k++) {
          expect(xs[front[k]]).toBeGreaterThanOrEqual(xs[front[k - 1]]);
          expect(ys[front[k]]).toBeLessThanOrEqual(ys[front[k - 1]]);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('considers only the indices given', () => {
    expect(paretoFront([1, 2, 3], [3, 2, 1], [0, 2])).toEqual([0, 2]);
    expect(paretoFront([1, 2, 3], [1, 2, 3], [1, 2])).toEqual([1]);
  });
});

describe('staircase', () => {
  it('steps right then down between frontier points', () => {
    expect(
      staircase([
        { x: 1, y: 5 },
        { x: 3, y: 2 },
      ]),
    ).toEqual([
      { x: 1, y: 5 },
      { x: 3, y: 5 },
      { x: 3, y: 2 },
    ]);
  });
});
