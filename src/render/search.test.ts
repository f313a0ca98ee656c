import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { partitionPoint } from './search.ts';

describe('partitionPoint', () => {
  it('the first index where the predicate holds, within [lo, hi); hi when none', () => {
    const a = [1, 3, 3, 5, 8];
    expect(partitionPoint(0, 5, (i) => a[i] >= 3)).toBe(1);
    expect(partitionPoint(0, 5, (i) => a[i] > 3)).toBe(3);
    expect(partitionPoint(0, 5, (i) => a[i] > 8)).toBe(5);
    expect(partitionPoint(2, 4, (i) => a[i] >= 0)).toBe(2);
    expect(partitionPoint(3, 3, () => true)).toBe(3);
  });
  it('equals a linear scan on any sorted array and threshold', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 50 }), { maxLength: 40 }), fc.integer({ min: -60, max: 60 }), (xs, t) => {
        const a = [...xs].sort((p, q) => p - q);
        const linear = a.findIndex((v) => v >= t);
        expect(partitionPoint(0, a.length, (i) => a[i] >= t)).toBe(linear < 0 ? a.length : linear);
      }),
    );
  });
});
